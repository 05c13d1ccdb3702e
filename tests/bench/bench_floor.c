// SPDX-License-Identifier: GPL-2.0
/*
 * The benchmark's floor (make bench, not part of bpfilter): the least a
 * BPF filter at a netfilter hook can cost. In each network namespace,
 * writing the file descriptor of a CGROUP_SKB program to
 * /proc/net/bench_floor registers a hook at NF_INET_LOCAL_IN, at the
 * filter table's priority, that runs that program on every packet and
 * nothing else: 1 from the program accepts the packet, anything else
 * drops it. The descriptor is resolved in the writer's context; writing
 * -1 removes the hook. Reading the file gives the program's id, or 0.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpf.h>
#include <linux/filter.h>
#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter_ipv4.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/seq_file_net.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>

#define FLOOR_PROC_NAME "bench_floor"

struct floor_net {
	struct bpf_prog __rcu *prog;
	struct nf_hook_ops ops;
	bool hooked;
};

static unsigned int floor_net_id;

/* Serialises attaches with each other and with namespace exits. */
static DEFINE_MUTEX(floor_lock);

static unsigned int floor_hook(void *priv, struct sk_buff *skb,
			       const struct nf_hook_state *state)
{
	struct floor_net *fn = priv;
	struct bpf_prog *prog;

	prog = rcu_dereference(fn->prog);
	if (!prog)
		return NF_ACCEPT;
	return bpf_prog_run_pin_on_cpu(prog, skb) == 1 ? NF_ACCEPT : NF_DROP;
}

/* Attach @prog (or detach with NULL) in @net; takes over the reference. */
static int floor_attach(struct net *net, struct bpf_prog *prog)
{
	struct floor_net *fn = net_generic(net, floor_net_id);
	struct bpf_prog *old;
	int err = 0;

	mutex_lock(&floor_lock);
	if (prog && !fn->hooked) {
		err = nf_register_net_hook(net, &fn->ops);
		if (err)
			goto unlock;
		fn->hooked = true;
	}
	if (!prog && fn->hooked) {
		nf_unregister_net_hook(net, &fn->ops);
		fn->hooked = false;
	}
	old = rcu_replace_pointer(fn->prog, prog, lockdep_is_held(&floor_lock));
	prog = NULL;
	synchronize_net();
	if (old)
		bpf_prog_put(old);
unlock:
	mutex_unlock(&floor_lock);
	if (prog)
		bpf_prog_put(prog);
	return err;
}

static int floor_write(struct file *file, char *buf, size_t size)
{
	struct net *net = seq_file_single_net(file->private_data);
	struct bpf_prog *prog = NULL;
	int fd, err;

	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	err = kstrtoint(strim(buf), 10, &fd);
	if (err)
		return err;
	if (fd >= 0) {
		prog = bpf_prog_get_type_dev(fd, BPF_PROG_TYPE_CGROUP_SKB,
					     false);
		if (IS_ERR(prog))
			return PTR_ERR(prog);
	}
	return floor_attach(net, prog);
}

static int floor_show(struct seq_file *seq, void *v)
{
	struct floor_net *fn = net_generic(seq_file_single_net(seq),
					   floor_net_id);
	struct bpf_prog *prog;
	u32 id = 0;

	rcu_read_lock();
	prog = rcu_dereference(fn->prog);
	if (prog)
		id = prog->aux->id;
	rcu_read_unlock();
	seq_printf(seq, "%u\n", id);
	return 0;
}

static int __net_init floor_net_init(struct net *net)
{
	struct floor_net *fn = net_generic(net, floor_net_id);

	fn->ops.hook = floor_hook;
	fn->ops.pf = NFPROTO_IPV4;
	fn->ops.hooknum = NF_INET_LOCAL_IN;
	fn->ops.priority = NF_IP_PRI_FILTER;
	fn->ops.priv = fn;
	if (!proc_create_net_single_write(FLOOR_PROC_NAME, 0600, net->proc_net,
					  floor_show, floor_write, NULL))
		return -ENOMEM;
	return 0;
}

static void __net_exit floor_net_exit(struct net *net)
{
	remove_proc_entry(FLOOR_PROC_NAME, net->proc_net);
	floor_attach(net, NULL);
}

static struct pernet_operations floor_net_ops = {
	.init = floor_net_init,
	.exit = floor_net_exit,
	.id = &floor_net_id,
	.size = sizeof(struct floor_net),
};

static int __init floor_init(void)
{
	return register_pernet_subsys(&floor_net_ops);
}

static void __exit floor_exit(void)
{
	unregister_pernet_subsys(&floor_net_ops);
}

module_init(floor_init);
module_exit(floor_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("bpfilter benchmark: one BPF program at LOCAL_IN, the floor");
