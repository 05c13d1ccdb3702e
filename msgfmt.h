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
 * when a selftest asks for it.
 */
#define BPFILTER_CMD_HELLO	0
#define BPFILTER_FAULT_HANG	1	/* never answer */
#define BPFILTER_FAULT_EXIT	2	/* exit without answering */
#define BPFILTER_FAULT_REFUSE	3	/* answer with an error */

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

#endif /* _BPFILTER_MSGFMT_H */
