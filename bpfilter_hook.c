// SPDX-License-Identifier: GPL-2.0
/*
 * bpfilter.ko's packet path: the programs the helper compiles from a
 * namespace's filter table run at that namespace's netfilter hooks.
 *
 * The helper hands the programs over through the generic netlink family
 * "bpfilter" (see msgfmt.h), which only its thread group may use: the
 * file descriptors in the request are resolved in the helper's own
 * context. Per namespace, the first attach registers hooks on LOCAL_IN,
 * FORWARD and LOCAL_OUT at the filter table's priority; each attach
 * replaces the namespace's programs with one RCU pointer update, and the
 * old ones are released once no packet can be running them. Hooks and
 * programs go with the namespace, or with the module.
 *
 * Around each program run the hook fills the per-CPU scratch area with
 * what the program asked for, borrows skb->cb (where __sk_buff.cb[] and
 * data_end live) and gives it back, then performs what a BPF program
 * cannot: LOG lines and REJECT's replies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/bpfilter.h>
#include <linux/filter.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>
#include <net/genetlink.h>
#include <net/ip_fib.h>
#include <net/net_namespace.h>
#include <net/netfilter/ipv4/nf_reject.h>
#include <net/netfilter/nf_conntrack.h>
#include <net/netfilter/nf_log.h>
#include <net/netns/generic.h>
#include <net/sch_generic.h>

#include "bpfilter_hook.h"
#include "msgfmt.h"

#define BPFILTER_NHOOKS 3

static const unsigned int bpfilter_hooknums[BPFILTER_NHOOKS] = {
	NF_INET_LOCAL_IN, NF_INET_FORWARD, NF_INET_LOCAL_OUT,
};

/* One attach: the programs of a namespace and what they need. */
struct bpfilter_progs {
	struct bpf_prog *prog[BPFILTER_NHOOKS];
	struct bpf_map *scratch;
	struct bpf_map *counters;
	u32 needs;
	unsigned int nlogs;
	struct bpfilter_log_info logs[];
};

struct bpfilter_pernet {
	struct bpfilter_progs __rcu *progs;
	struct nf_hook_ops ops[BPFILTER_NHOOKS];
	bool hooked;
	bool ct;		/* holds conntrack in this namespace */
};

static unsigned int bpfilter_pernet_id;

/* Serialises attaches with each other and with namespace exits. */
static DEFINE_MUTEX(bpfilter_attach_lock);

/*
 * Modules the programs may need, reached through symbol_get() when a
 * table first needs them, so that bpfilter.ko loads without them.
 */
static struct {
	int (*ct_get)(struct net *net, u8 nfproto);
	void (*ct_put)(struct net *net, u8 nfproto);
	void (*send_reset)(struct net *net, struct sock *sk,
			   struct sk_buff *oldskb, int hook);
	void (*send_unreach)(struct sk_buff *skb_in, int code, int hook);
	bool logger;
} bpfilter_deps;

static int bpfilter_get_ct(void)
{
	if (bpfilter_deps.ct_get)
		return 0;
	request_module("nf_conntrack");
	bpfilter_deps.ct_get = symbol_get(nf_ct_netns_get);
	bpfilter_deps.ct_put = symbol_get(nf_ct_netns_put);
	if (bpfilter_deps.ct_get && bpfilter_deps.ct_put)
		return 0;
	if (bpfilter_deps.ct_get)
		symbol_put(nf_ct_netns_get);
	if (bpfilter_deps.ct_put)
		symbol_put(nf_ct_netns_put);
	bpfilter_deps.ct_get = NULL;
	bpfilter_deps.ct_put = NULL;
	pr_err_ratelimited("connection tracking is not available\n");
	return -ENOENT;
}

static int bpfilter_get_reject(void)
{
	if (bpfilter_deps.send_reset)
		return 0;
	request_module("nf_reject_ipv4");
	bpfilter_deps.send_reset = symbol_get(nf_send_reset);
	bpfilter_deps.send_unreach = symbol_get(nf_send_unreach);
	if (bpfilter_deps.send_reset && bpfilter_deps.send_unreach)
		return 0;
	if (bpfilter_deps.send_reset)
		symbol_put(nf_send_reset);
	if (bpfilter_deps.send_unreach)
		symbol_put(nf_send_unreach);
	bpfilter_deps.send_reset = NULL;
	bpfilter_deps.send_unreach = NULL;
	pr_err_ratelimited("REJECT: nf_reject_ipv4 is not available\n");
	return -ENOENT;
}

/* As xt_LOG's checkentry: a logger for IPv4, loading it if need be. */
static int bpfilter_get_logger(void)
{
	int err;

	if (bpfilter_deps.logger)
		return 0;
	err = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG);
	if (err) {
		request_module("%s", "nf_log_syslog");
		err = nf_logger_find_get(NFPROTO_IPV4, NF_LOG_TYPE_LOG);
	}
	if (err) {
		pr_err_ratelimited("LOG: no logger for IPv4: %d\n", err);
		return err;
	}
	bpfilter_deps.logger = true;
	return 0;
}

static void bpfilter_put_deps(void)
{
	if (bpfilter_deps.ct_get) {
		symbol_put(nf_ct_netns_get);
		symbol_put(nf_ct_netns_put);
	}
	if (bpfilter_deps.send_reset) {
		symbol_put(nf_send_reset);
		symbol_put(nf_send_unreach);
	}
	if (bpfilter_deps.logger)
		nf_logger_put(NFPROTO_IPV4, NF_LOG_TYPE_LOG);
	memset(&bpfilter_deps, 0, sizeof(bpfilter_deps));
}

static void bpfilter_progs_free(struct bpfilter_progs *ps)
{
	unsigned int i;

	if (!ps)
		return;
	for (i = 0; i < BPFILTER_NHOOKS; i++)
		if (ps->prog[i])
			bpf_prog_put(ps->prog[i]);
	if (ps->scratch)
		bpf_map_put(ps->scratch);
	if (ps->counters)
		bpf_map_put(ps->counters);
	kfree(ps);
}

/* The conntrack state as xt_conntrack computes it, and the entry's data. */
static void bpfilter_fill_ct(struct bpfilter_scratch *s,
			     const struct sk_buff *skb)
{
	const struct nf_conntrack_tuple *orig, *repl;
	enum ip_conntrack_info ctinfo;
	const struct nf_conn *ct = nf_ct_get(skb, &ctinfo);

	if (!ct) {
		s->ct_state = ctinfo == IP_CT_UNTRACKED ?
			      XT_CONNTRACK_STATE_UNTRACKED :
			      XT_CONNTRACK_STATE_INVALID;
		s->ct_dir = BPFILTER_CT_NONE;
		return;
	}
	orig = &ct->tuplehash[IP_CT_DIR_ORIGINAL].tuple;
	repl = &ct->tuplehash[IP_CT_DIR_REPLY].tuple;
	s->ct_state = XT_CONNTRACK_STATE_BIT(ctinfo);
	s->ct_dir = CTINFO2DIR(ctinfo);
	s->ct_status = READ_ONCE(ct->status);
	s->ct_expires = nf_ct_expires(ct) / HZ;
	s->ct_l4proto = nf_ct_protonum(ct);
	s->ct_addr[0] = orig->src.u3.ip;
	s->ct_addr[1] = orig->dst.u3.ip;
	s->ct_addr[2] = repl->src.u3.ip;
	s->ct_addr[3] = repl->dst.u3.ip;
	s->ct_port[0] = orig->src.u.all;
	s->ct_port[1] = orig->dst.u.all;
	s->ct_port[2] = repl->src.u.all;
	s->ct_port[3] = repl->dst.u.all;
}

/* 1 << the address type of saddr and daddr, as xt_addrtype sees them. */
static void bpfilter_fill_atype(u16 *atype, struct net *net,
				const struct net_device *dev,
				const struct sk_buff *skb)
{
	const struct iphdr *iph = ip_hdr(skb);

	atype[0] = 1U << inet_dev_addr_type(net, dev, iph->saddr);
	atype[1] = 1U << inet_dev_addr_type(net, dev, iph->daddr);
}

static void bpfilter_fill(struct bpfilter_scratch *s, u32 needs,
			  const struct sk_buff *skb,
			  const struct nf_hook_state *state)
{
	static const char none[IFNAMSIZ] __aligned(sizeof(long));

	s->nlog = 0;
	if (needs & BPFILTER_NEED_IFNAMES) {
		memcpy(s->in, state->in ? state->in->name : none, IFNAMSIZ);
		memcpy(s->out, state->out ? state->out->name : none, IFNAMSIZ);
	}
	if (needs & BPFILTER_NEED_CT)
		bpfilter_fill_ct(s, skb);
	if (needs & BPFILTER_NEED_ATYPE)
		bpfilter_fill_atype(s->atype[0], state->net, NULL, skb);
	if (needs & BPFILTER_NEED_ATYPE_IN)
		bpfilter_fill_atype(s->atype[1], state->net, state->in, skb);
	if (needs & BPFILTER_NEED_ATYPE_OUT)
		bpfilter_fill_atype(s->atype[2], state->net, state->out, skb);
}

/* The LOG rules the packet matched, as xt_LOG logs them. */
static void bpfilter_log(const struct bpfilter_progs *ps,
			 const struct bpfilter_scratch *s,
			 struct sk_buff *skb,
			 const struct nf_hook_state *state)
{
	unsigned int i, n = min_t(u32, s->nlog, BPFILTER_MAX_LOG);
	u32 mark = skb->mark;

	for (i = 0; i < n; i++) {
		const struct bpfilter_log_rec *rec = &s->log[i];
		const struct bpfilter_log_info *info;
		struct nf_loginfo li = { .type = NF_LOG_TYPE_LOG };

		if (rec->id >= ps->nlogs)
			continue;
		info = &ps->logs[rec->id];
		li.u.log.level = info->level;
		li.u.log.logflags = info->logflags;
		/* The line shows the mark as it was at that rule. */
		skb->mark = rec->mark;
		nf_log_packet(state->net, NFPROTO_IPV4, state->hook, skb,
			      state->in, state->out, &li, "%s", info->prefix);
	}
	skb->mark = mark;
	if (s->nlog > BPFILTER_MAX_LOG)
		pr_warn_ratelimited("a packet matched %u LOG rules; the lines after the first %u were not logged\n",
				    s->nlog, BPFILTER_MAX_LOG);
}

/* As ipt_REJECT: send the reply, then drop. */
static unsigned int bpfilter_reject(struct sk_buff *skb, unsigned int with,
				    const struct nf_hook_state *state)
{
	static const u8 codes[] = {
		[IPT_ICMP_NET_UNREACHABLE] = ICMP_NET_UNREACH,
		[IPT_ICMP_HOST_UNREACHABLE] = ICMP_HOST_UNREACH,
		[IPT_ICMP_PROT_UNREACHABLE] = ICMP_PROT_UNREACH,
		[IPT_ICMP_PORT_UNREACHABLE] = ICMP_PORT_UNREACH,
		[IPT_ICMP_NET_PROHIBITED] = ICMP_NET_ANO,
		[IPT_ICMP_HOST_PROHIBITED] = ICMP_HOST_ANO,
		[IPT_ICMP_ADMIN_PROHIBITED] = ICMP_PKT_FILTERED,
	};

	if (!bpfilter_deps.send_unreach)
		return NF_DROP;
	if (with == IPT_TCP_RESET)
		bpfilter_deps.send_reset(state->net, state->sk, skb,
					 state->hook);
	else if (with < ARRAY_SIZE(codes) && with != IPT_ICMP_ECHOREPLY)
		bpfilter_deps.send_unreach(skb, codes[with], state->hook);
	return NF_DROP;
}

static unsigned int bpfilter_hook(void *priv, struct sk_buff *skb,
				  const struct nf_hook_state *state)
{
	struct bpfilter_pernet *bp = priv;
	const struct bpfilter_progs *ps;
	struct bpfilter_scratch *s;
	struct bpf_prog *prog;
	u8 cb[sizeof(skb->cb)];
	void *data_end;
	unsigned int i;
	u32 key = 0, verdict;

	ps = rcu_dereference(bp->progs);
	if (!ps)
		return NF_ACCEPT;
	for (i = 0; bpfilter_hooknums[i] != state->hook; i++)
		;
	prog = ps->prog[i];

	/* As ipt_do_table: nothing else runs on this CPU meanwhile. */
	local_bh_disable();
	s = ps->scratch->ops->map_lookup_elem(ps->scratch, &key);
	bpfilter_fill(s, ps->needs, skb, state);
	memcpy(cb, skb->cb, sizeof(cb));
	bpf_compute_and_save_data_end(skb, &data_end);
	*(u32 *)qdisc_skb_cb(skb)->data = 0;
	bpf_prog_run(prog, skb);
	verdict = *(u32 *)qdisc_skb_cb(skb)->data;
	memcpy(skb->cb, cb, sizeof(cb));
	if (s->nlog)
		bpfilter_log(ps, s, skb, state);
	local_bh_enable();

	switch (verdict & BPFILTER_VERDICT_KIND) {
	case BPFILTER_VERDICT_NF:
		return verdict & BPFILTER_VERDICT_ARG;
	case BPFILTER_VERDICT_REJECT:
		return bpfilter_reject(skb, verdict & BPFILTER_VERDICT_ARG,
				       state);
	}
	pr_warn_ratelimited("program %s returned no verdict (%#x), dropped\n",
			    prog->aux->name, verdict);
	return NF_DROP;
}

static struct genl_family bpfilter_genl_family;

/* The namespace with @cookie, with a reference, or NULL. */
static struct net *bpfilter_net_get(u64 cookie)
{
	struct net *net, *found = NULL;

	rcu_read_lock();
	for_each_net_rcu(net) {
		if (net->net_cookie == cookie) {
			found = maybe_get_net(net);
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static struct bpf_map *bpfilter_map_get(struct nlattr *attr, u32 value_size)
{
	struct bpf_map *map;

	if (!attr)
		return ERR_PTR(-EINVAL);
	map = bpf_map_get(nla_get_u32(attr));
	if (IS_ERR(map))
		return map;
	if (map->map_type != BPF_MAP_TYPE_PERCPU_ARRAY ||
	    map->key_size != sizeof(u32) || map->value_size != value_size ||
	    map->max_entries < 1) {
		bpf_map_put(map);
		return ERR_PTR(-EINVAL);
	}
	return map;
}

/* Only the helper of this module talks to this family. */
static int bpfilter_genl_caller(void)
{
	struct pid *tgid = READ_ONCE(bpfilter_ops.info.tgid);

	return tgid && task_tgid(current) == tgid ? 0 : -EPERM;
}

static struct bpfilter_progs *bpfilter_progs_new(struct genl_info *info)
{
	static const int prog_attr[BPFILTER_NHOOKS] = {
		BPFILTER_A_PROG_IN, BPFILTER_A_PROG_FWD, BPFILTER_A_PROG_OUT,
	};
	struct nlattr **a = info->attrs;
	struct bpfilter_progs *ps;
	unsigned int i, nlogs = 0;
	int err = -EINVAL;

	if (a[BPFILTER_A_LOGS])
		nlogs = nla_len(a[BPFILTER_A_LOGS]) /
			sizeof(struct bpfilter_log_info);
	ps = kzalloc(struct_size(ps, logs, nlogs), GFP_KERNEL);
	if (!ps)
		return ERR_PTR(-ENOMEM);
	ps->nlogs = nlogs;
	if (nlogs)
		memcpy(ps->logs, nla_data(a[BPFILTER_A_LOGS]),
		       nlogs * sizeof(*ps->logs));
	for (i = 0; i < nlogs; i++)
		ps->logs[i].prefix[sizeof(ps->logs[i].prefix) - 1] = '\0';
	ps->needs = a[BPFILTER_A_NEEDS] ?
		    nla_get_u32(a[BPFILTER_A_NEEDS]) & BPFILTER_NEED_ALL : 0;

	for (i = 0; i < BPFILTER_NHOOKS; i++) {
		struct bpf_prog *prog;

		if (!a[prog_attr[i]])
			goto fail;
		prog = bpf_prog_get_type_dev(nla_get_u32(a[prog_attr[i]]),
					     BPF_PROG_TYPE_CGROUP_SKB, false);
		if (IS_ERR(prog)) {
			err = PTR_ERR(prog);
			goto fail;
		}
		ps->prog[i] = prog;
	}
	ps->scratch = bpfilter_map_get(a[BPFILTER_A_SCRATCH_FD],
				       sizeof(struct bpfilter_scratch));
	if (IS_ERR(ps->scratch)) {
		err = PTR_ERR(ps->scratch);
		ps->scratch = NULL;
		goto fail;
	}
	ps->counters = bpfilter_map_get(a[BPFILTER_A_COUNTERS_FD],
					sizeof(struct xt_counters));
	if (IS_ERR(ps->counters)) {
		err = PTR_ERR(ps->counters);
		ps->counters = NULL;
		goto fail;
	}
	err = 0;
	if (ps->needs & BPFILTER_NEED_REJECT)
		err = bpfilter_get_reject();
	if (!err && (ps->needs & BPFILTER_NEED_LOG))
		err = bpfilter_get_logger();
	if (!err && (ps->needs & BPFILTER_NEED_CT))
		err = bpfilter_get_ct();
	if (err)
		goto fail;
	return ps;
fail:
	bpfilter_progs_free(ps);
	return ERR_PTR(err);
}

static int bpfilter_genl_attach(struct sk_buff *skb, struct genl_info *info)
{
	struct bpfilter_progs *ps, *old;
	struct bpfilter_pernet *bp;
	bool drop_ct = false;
	struct net *net;
	int err;

	err = bpfilter_genl_caller();
	if (err)
		return err;
	if (!info->attrs[BPFILTER_A_NETNS])
		return -EINVAL;
	ps = bpfilter_progs_new(info);
	if (IS_ERR(ps))
		return PTR_ERR(ps);
	net = bpfilter_net_get(nla_get_u64(info->attrs[BPFILTER_A_NETNS]));
	if (!net) {
		bpfilter_progs_free(ps);
		return -ENOENT;
	}

	mutex_lock(&bpfilter_attach_lock);
	bp = net_generic(net, bpfilter_pernet_id);
	if ((ps->needs & BPFILTER_NEED_CT) && !bp->ct) {
		err = bpfilter_deps.ct_get(net, NFPROTO_IPV4);
		if (err)
			goto unlock;
		bp->ct = true;
	}
	if (!bp->hooked) {
		err = nf_register_net_hooks(net, bp->ops, BPFILTER_NHOOKS);
		if (err)
			goto unlock;
		bp->hooked = true;
	}
	old = rcu_replace_pointer(bp->progs, ps,
				  lockdep_is_held(&bpfilter_attach_lock));
	ps = NULL;
	drop_ct = bp->ct && !(rcu_access_pointer(bp->progs)->needs &
			      BPFILTER_NEED_CT);
	/*
	 * No packet runs the old programs after this: their counts are
	 * final. Expedited: iptables waits for this, as it waits for
	 * ip_tables' own wait for the old table's last users.
	 */
	synchronize_rcu_expedited();
	bpfilter_progs_free(old);
	if (drop_ct) {
		bpfilter_deps.ct_put(net, NFPROTO_IPV4);
		bp->ct = false;
	}
unlock:
	mutex_unlock(&bpfilter_attach_lock);
	bpfilter_progs_free(ps);
	put_net(net);
	return err;
}

static int bpfilter_genl_get(struct sk_buff *skb, struct genl_info *info)
{
	const struct bpfilter_progs *ps;
	struct bpfilter_pernet *bp;
	struct sk_buff *msg;
	struct net *net;
	void *hdr;
	u32 id = 0;
	int err;

	err = bpfilter_genl_caller();
	if (err)
		return err;
	if (!info->attrs[BPFILTER_A_NETNS])
		return -EINVAL;
	net = bpfilter_net_get(nla_get_u64(info->attrs[BPFILTER_A_NETNS]));
	if (!net)
		return -ENOENT;
	mutex_lock(&bpfilter_attach_lock);
	bp = net_generic(net, bpfilter_pernet_id);
	ps = rcu_dereference_protected(bp->progs,
				       lockdep_is_held(&bpfilter_attach_lock));
	if (ps)
		id = ps->counters->id;
	mutex_unlock(&bpfilter_attach_lock);
	put_net(net);

	msg = genlmsg_new(nla_total_size(sizeof(u32)), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &bpfilter_genl_family, 0,
				BPFILTER_CMD_GET);
	if (!hdr || nla_put_u32(msg, BPFILTER_A_COUNTERS_ID, id)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
}

static const struct nla_policy bpfilter_genl_policy[BPFILTER_A_MAX + 1] = {
	[BPFILTER_A_NETNS] = { .type = NLA_U64 },
	[BPFILTER_A_PROG_IN] = { .type = NLA_U32 },
	[BPFILTER_A_PROG_FWD] = { .type = NLA_U32 },
	[BPFILTER_A_PROG_OUT] = { .type = NLA_U32 },
	[BPFILTER_A_SCRATCH_FD] = { .type = NLA_U32 },
	[BPFILTER_A_COUNTERS_FD] = { .type = NLA_U32 },
	[BPFILTER_A_NEEDS] = { .type = NLA_U32 },
	[BPFILTER_A_LOGS] = { .type = NLA_BINARY },
	[BPFILTER_A_COUNTERS_ID] = { .type = NLA_U32 },
};

static const struct genl_small_ops bpfilter_genl_ops[] = {
	{
		.cmd = BPFILTER_CMD_ATTACH,
		.doit = bpfilter_genl_attach,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = BPFILTER_CMD_GET,
		.doit = bpfilter_genl_get,
		.flags = GENL_ADMIN_PERM,
	},
};

static struct genl_family bpfilter_genl_family __ro_after_init = {
	.name = BPFILTER_GENL_NAME,
	.version = BPFILTER_GENL_VERSION,
	.maxattr = BPFILTER_A_MAX,
	.policy = bpfilter_genl_policy,
	.module = THIS_MODULE,
	.small_ops = bpfilter_genl_ops,
	.n_small_ops = ARRAY_SIZE(bpfilter_genl_ops),
	.resv_start_op = __BPFILTER_CMD_MAX,
};

static int __net_init bpfilter_pernet_init(struct net *net)
{
	struct bpfilter_pernet *bp = net_generic(net, bpfilter_pernet_id);
	unsigned int i;

	for (i = 0; i < BPFILTER_NHOOKS; i++) {
		bp->ops[i].hook = bpfilter_hook;
		bp->ops[i].pf = NFPROTO_IPV4;
		bp->ops[i].hooknum = bpfilter_hooknums[i];
		bp->ops[i].priority = NF_IP_PRI_FILTER;
		bp->ops[i].priv = bp;
	}
	return 0;
}

static void __net_exit bpfilter_pernet_exit(struct net *net)
{
	struct bpfilter_pernet *bp = net_generic(net, bpfilter_pernet_id);
	struct bpfilter_progs *ps;

	mutex_lock(&bpfilter_attach_lock);
	if (bp->hooked)
		nf_unregister_net_hooks(net, bp->ops, BPFILTER_NHOOKS);
	bp->hooked = false;
	ps = rcu_replace_pointer(bp->progs, NULL,
				 lockdep_is_held(&bpfilter_attach_lock));
	if (bp->ct)
		bpfilter_deps.ct_put(net, NFPROTO_IPV4);
	bp->ct = false;
	mutex_unlock(&bpfilter_attach_lock);
	/* Unregistering the hooks waited for the packets in them. */
	bpfilter_progs_free(ps);
}

static struct pernet_operations bpfilter_pernet_ops = {
	.init = bpfilter_pernet_init,
	.exit = bpfilter_pernet_exit,
	.id = &bpfilter_pernet_id,
	.size = sizeof(struct bpfilter_pernet),
};

int bpfilter_hook_init(void)
{
	int err;

	err = register_pernet_subsys(&bpfilter_pernet_ops);
	if (err)
		return err;
	err = genl_register_family(&bpfilter_genl_family);
	if (err)
		unregister_pernet_subsys(&bpfilter_pernet_ops);
	return err;
}

void bpfilter_hook_exit(void)
{
	genl_unregister_family(&bpfilter_genl_family);
	unregister_pernet_subsys(&bpfilter_pernet_ops);
	bpfilter_put_deps();
}
