/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The messages between bpfilter.ko and its user-mode helper.
 *
 * The module writes one struct mbox_request to the helper's stdin for each
 * iptables sockopt it relays and reads one struct mbox_reply from the
 * helper's stdout. Both sides are built from this tree, so the layout is
 * private to it; it only has to be the same size on both sides (all fields
 * are fixed-width and naturally aligned).
 */
#ifndef _BPFILTER_MSGFMT_H
#define _BPFILTER_MSGFMT_H

#include <linux/types.h>

/*
 * cmd of the health check the module sends after starting a helper. Its
 * addr is the kernel's HZ; its len a BPFILTER_FAULT_* code, non-zero only
 * when a selftest asks for it; its flags BPFILTER_HELLO_*.
 */
#define BPFILTER_CMD_HELLO	0
#define BPFILTER_FAULT_HANG	1	/* never answer */
#define BPFILTER_FAULT_EXIT	2	/* exit without answering */
#define BPFILTER_FAULT_REFUSE	3	/* answer with an error */

/* Compile every rule on its own, without set lookups (for tests). */
#define BPFILTER_HELLO_NO_SETS	(1U << 0)
/* Accumulate every rule's tests, as large tables do (for tests). */
#define BPFILTER_HELLO_ACC	(1U << 1)

/* The namespace whose cookie is in netns is gone: forget its tables. */
#define BPFILTER_CMD_NETNS_EXIT	1

struct mbox_request {
	__u64 addr;	/* caller's optval, in the caller's address space */
	__u32 len;	/* optlen as the caller gave it */
	__u32 is_set;	/* 1 for setsockopt, 0 for getsockopt */
	__u32 cmd;	/* optname: IPT_SO_* or BPFILTER_CMD_HELLO */
	__u32 pid;	/* caller's thread id, in the initial pid namespace */
	__u64 netns;	/* cookie of the socket's network namespace */
	__u32 flags;	/* BPFILTER_REQ_* */
	__u32 pad;
};

/* The caller is a 32-bit process on a 64-bit kernel (compat layout). */
#define BPFILTER_REQ_COMPAT	(1U << 0)

struct mbox_reply {
	__u32 status;	/* 0 or a negative errno, returned to the caller */
	__u32 flags;	/* BPFILTER_REPLY_* */
};

/*
 * The filter table of the request's namespace is in use, as it would be
 * in x_tables after this request: it must be listed in ip_tables_names.
 */
#define BPFILTER_REPLY_FILTER_LIVE	(1U << 0)

/*
 * The packet path.
 *
 * The helper compiles the filter table of a namespace into one BPF program
 * per hook (LOCAL_IN, FORWARD, LOCAL_OUT) of type BPF_PROG_TYPE_CGROUP_SKB
 * and hands them to the module over the generic netlink family below. The
 * module runs them at the netfilter hooks of that namespace.
 *
 * Around each run the module and the program share a per-CPU scratch area,
 * the single value of a BPF_MAP_TYPE_PERCPU_ARRAY map: the module fills in
 * what a BPF program cannot see (interface names, conntrack state, address
 * types) as far as the program asks for it (BPFILTER_NEED_*), the program
 * leaves the LOG records there. The verdict comes back in __sk_buff.cb[0].
 */
#define BPFILTER_IFNAMSIZ	16
#define BPFILTER_MAX_LOG	32	/* LOG records kept per packet */

/* What the module fills in before a program runs. */
#define BPFILTER_NEED_IFNAMES	(1U << 0)	/* in, out */
#define BPFILTER_NEED_CT	(1U << 1)	/* ct_* */
#define BPFILTER_NEED_ATYPE	(1U << 2)	/* atype[0]: no interface */
#define BPFILTER_NEED_ATYPE_IN	(1U << 3)	/* atype[1]: input interface */
#define BPFILTER_NEED_ATYPE_OUT	(1U << 4)	/* atype[2]: output interface */
#define BPFILTER_NEED_LOG	(1U << 5)	/* the program may log */
#define BPFILTER_NEED_REJECT	(1U << 6)	/* the program may reject */
#define BPFILTER_NEED_ALL	((1U << 7) - 1)

/* ct_dir when the packet has no conntrack entry. */
#define BPFILTER_CT_NONE	0xffffffffU

struct bpfilter_log_rec {
	__u32 id;	/* index into the LOG descriptions of the attach */
	__u32 mark;	/* skb->mark when the LOG rule matched */
};

struct bpfilter_scratch {
	/* Module to program. */
	char in[BPFILTER_IFNAMSIZ];	/* as ip_tables compares them */
	char out[BPFILTER_IFNAMSIZ];
	__u32 ct_state;		/* XT_CONNTRACK_STATE_* bit of the packet */
	__u32 ct_dir;		/* IP_CT_DIR_*, or BPFILTER_CT_NONE */
	__u32 ct_status;	/* IPS_* */
	__u32 ct_expires;	/* seconds */
	__u32 ct_l4proto;
	__be32 ct_addr[4];	/* orig src, orig dst, repl src, repl dst */
	__be16 ct_port[4];	/* same order */
	__u16 atype[3][2];	/* 1 << RTN_* of [none, in, out][saddr, daddr] */
	/* Program to module. */
	__u32 nlog;		/* LOG rules matched; more than kept is lost */
	struct bpfilter_log_rec log[BPFILTER_MAX_LOG];
	/* The program's own: the packet's headers, parsed once per run. */
	__u8 ip[20];		/* the IPv4 header without options */
	__u8 l4[64];		/* the transport header and what follows */
	__u32 l4len;		/* bytes of l4 the packet has (at most 60) */
	__u32 len;		/* skb->len */
	__u32 thoff;		/* transport header offset */
	__u32 fragoff;		/* fragment offset, 8-byte units */
	__u32 mark;		/* skb->mark, written back at the end */
	__u32 pkt_type;		/* skb->pkt_type */
	__u32 saddr;		/* host order */
	__u32 daddr;
	__u32 sport;		/* host order, when l4len >= 4 */
	__u32 dport;
	__u8 tcpopts[32];	/* bitmap of the TCP option kinds present */
};

/*
 * The verdict a program leaves in cb[0]: a netfilter verdict (NF_DROP,
 * NF_ACCEPT, NF_QUEUE, ...), or REJECT with an IPT_* reply type.
 */
#define BPFILTER_VERDICT_NF	0x100
#define BPFILTER_VERDICT_REJECT	0x200
#define BPFILTER_VERDICT_KIND	0xf00
#define BPFILTER_VERDICT_ARG	0x0ff

/* A LOG rule, as the module needs it to log. */
struct bpfilter_log_info {
	__u8 level;
	__u8 logflags;
	char prefix[30];
};

/*
 * Generic netlink family BPFILTER_GENL_NAME, open to the helper's thread
 * group only.
 *
 * ATTACH: make PROG_{IN,FWD,OUT} the programs of namespace NETNS, with
 * their scratch map SCRATCH_FD, their counters map COUNTERS_FD, NEEDS and
 * the LOG descriptions LOGS (an array of struct bpfilter_log_info). The
 * old programs are released once no packet can be running them: when the
 * reply comes, the old counters are final.
 * GET: the id of the counters map of namespace NETNS (COUNTERS_ID), if
 * it has programs: how a new helper finds the counts of its predecessor.
 */
#define BPFILTER_GENL_NAME	"bpfilter"
#define BPFILTER_GENL_VERSION	1

enum {
	BPFILTER_CMD_UNSPEC,
	BPFILTER_CMD_ATTACH,
	BPFILTER_CMD_GET,
	__BPFILTER_CMD_MAX,
};

enum {
	BPFILTER_A_UNSPEC,
	BPFILTER_A_NETNS,	/* u64 */
	BPFILTER_A_PROG_IN,	/* u32 fd */
	BPFILTER_A_PROG_FWD,	/* u32 fd */
	BPFILTER_A_PROG_OUT,	/* u32 fd */
	BPFILTER_A_SCRATCH_FD,	/* u32 fd */
	BPFILTER_A_COUNTERS_FD,	/* u32 fd */
	BPFILTER_A_NEEDS,	/* u32 */
	BPFILTER_A_LOGS,	/* binary */
	BPFILTER_A_COUNTERS_ID,	/* u32 */
	__BPFILTER_A_MAX,
};

#define BPFILTER_A_MAX (__BPFILTER_A_MAX - 1)

#endif /* _BPFILTER_MSGFMT_H */
