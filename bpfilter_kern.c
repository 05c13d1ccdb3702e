// SPDX-License-Identifier: GPL-2.0
/*
 * bpfilter.ko: takes the IPv4 iptables sockopts over from x_tables.
 *
 * The kernel's bpfilter hook (net/ipv4/bpfilter/sockopt.c) hands us every
 * IPT_SO_* get/setsockopt. We check the caller's permission, relay the call
 * to the user-mode helper embedded in this module as a struct mbox_request
 * and return its struct mbox_reply. A reply of -ENOPROTOOPT makes the kernel
 * fall back to x_tables.
 *
 * All calls into this file from the hook are serialised by
 * bpfilter_ops.lock, which also protects bpfilter_ops.info.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bpfilter.h>
#include <linux/capability.h>
#include <linux/compat.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/module.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/pipe_fs_i.h>
#include <linux/sched/signal.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/netns/generic.h>
#include <net/sock.h>

#include "bpfilter_hook.h"
#include "msgfmt.h"

#define BPFILTER_VERSION "0.1.0"

/* How long a started helper may take to answer its first request. */
#define BPFILTER_HELLO_TIMEOUT_MS 10000

static unsigned int timeout_ms = 60000;
module_param(timeout_ms, uint, 0644);
MODULE_PARM_DESC(timeout_ms,
		 "time the helper has to answer a request before it is killed (ms)");

/*
 * For the selftests: make the next helpers misbehave on their health check,
 * to prove that insmod and restarts fail cleanly. See BPFILTER_FAULT_*.
 */
static unsigned int fault_inject;
module_param(fault_inject, uint, 0644);
MODULE_PARM_DESC(fault_inject,
		 "test only: 1 helper hangs, 2 helper exits, 3 helper refuses at its health check");

/*
 * For the tests: have the helper compile every rule on its own, so that
 * the same tests check the set lookups against the straight-line code.
 */
static bool compile_sets = true;
module_param(compile_sets, bool, 0644);
MODULE_PARM_DESC(compile_sets,
		 "compile runs of similar rules to map lookups (default on; read when a helper starts)");

static bool accumulate;
module_param(accumulate, bool, 0644);
MODULE_PARM_DESC(accumulate,
		 "test only: compile every table as large ones are, each rule with one jump (read when a helper starts)");

extern char bpfilter_umh_start[];
extern char bpfilter_umh_end[];

struct bpfilter_watchdog {
	struct delayed_work work;
	struct pid *tgid;
	bool fired;
};

static void bpfilter_watchdog_fire(struct work_struct *work)
{
	struct bpfilter_watchdog *wd =
		container_of(to_delayed_work(work), struct bpfilter_watchdog,
			     work);

	wd->fired = true;
	kill_pid(wd->tgid, SIGKILL, 1);
}

/* Kill the helper, wait until it has exited and release its pipes. */
static void bpfilter_stop_helper(void)
{
	struct umd_info *info = &bpfilter_ops.info;
	struct pid *tgid = info->tgid;

	if (!tgid)
		return;
	kill_pid(tgid, SIGKILL, 1);
	wait_event(tgid->wait_pidfd, thread_group_exited(tgid));
	bpfilter_umh_cleanup(info);
}

/* The helper's reply has arrived, or the helper has gone. */
static bool bpfilter_reply_ready(struct pipe_inode_info *pipe)
{
	unsigned int head = READ_ONCE(pipe->head);
	unsigned int tail = READ_ONCE(pipe->tail);

	return !pipe_empty(head, tail) || !READ_ONCE(pipe->writers);
}

/*
 * Pipes wake their readers with wake_up_interruptible(), which would not
 * wake a task that sleeps through signals: wake ours whatever its state.
 */
static int bpfilter_wake(struct wait_queue_entry *wait, unsigned int mode,
			 int sync, void *key)
{
	return wake_up_process(wait->private);
}

static void bpfilter_wait_reply(struct pipe_inode_info *pipe)
{
	struct wait_queue_entry wait;

	init_waitqueue_func_entry(&wait, bpfilter_wake);
	wait.private = current;
	add_wait_queue(&pipe->rd_wait, &wait);
	for (;;) {
		set_current_state(TASK_IDLE);
		if (bpfilter_reply_ready(pipe))
			break;
		schedule();
	}
	__set_current_state(TASK_RUNNING);
	remove_wait_queue(&pipe->rd_wait, &wait);
}

/*
 * Send one request and wait for its reply. The wait ignores signals: a
 * caller interrupted half way would leave a reply in the pipe for the next
 * one, and a replace may already be in force, so it gets its answer as
 * ip_tables' callers do. What bounds the wait is the watchdog: a helper
 * that does not answer within @ms is killed, which ends the read. Any
 * failure leaves no helper behind: the next request starts a new one.
 */
static int bpfilter_transact(const struct mbox_request *req, unsigned int ms,
			     u32 *flags)
{
	struct umd_info *info = &bpfilter_ops.info;
	struct bpfilter_watchdog wd = { .tgid = info->tgid };
	struct pipe_inode_info *pipe;
	struct mbox_reply reply;
	loff_t pos = 0;
	ssize_t n;

	if (!info->tgid)
		return -EIO;
	pipe = info->pipe_from_umh->private_data;

	INIT_DELAYED_WORK_ONSTACK(&wd.work, bpfilter_watchdog_fire);
	schedule_delayed_work(&wd.work, msecs_to_jiffies(ms));
	n = kernel_write(info->pipe_to_umh, req, sizeof(*req), &pos);
	if (n == sizeof(*req)) {
		bpfilter_wait_reply(pipe);
		pos = 0;
		n = kernel_read(info->pipe_from_umh, &reply, sizeof(reply),
				&pos);
		if (n >= 0 && n != sizeof(reply))
			n = -EPROTO;
	} else if (n >= 0) {
		n = -EPROTO;
	}
	cancel_delayed_work_sync(&wd.work);
	destroy_delayed_work_on_stack(&wd.work);

	if (n == sizeof(reply)) {
		if (flags)
			*flags = reply.flags;
		return (int)reply.status;
	}

	if (wd.fired)
		pr_err_ratelimited("helper pid %d did not answer cmd %u within %u ms, killed\n",
				   pid_nr(info->tgid), req->cmd, ms);
	else
		pr_err_ratelimited("helper pid %d: lost the pipe on cmd %u (%zd)\n",
				   pid_nr(info->tgid), req->cmd, n);
	bpfilter_stop_helper();
	return -EIO;
}

/* bpfilter_ops.start: fork the helper and check that it answers. */
static int bpfilter_start_helper(void)
{
	struct mbox_request req = {
		.cmd = BPFILTER_CMD_HELLO,
		.pid = current->pid,
		.len = READ_ONCE(fault_inject),
		.addr = HZ,
		.flags = (READ_ONCE(compile_sets) ? 0 : BPFILTER_HELLO_NO_SETS) |
			 (READ_ONCE(accumulate) ? BPFILTER_HELLO_ACC : 0),
	};
	int err;

	err = fork_usermode_driver(&bpfilter_ops.info);
	if (err) {
		pr_err("cannot start helper: %d\n", err);
		return err;
	}
	pr_info("started helper pid %d\n", pid_nr(bpfilter_ops.info.tgid));

	err = bpfilter_transact(&req, BPFILTER_HELLO_TIMEOUT_MS, NULL);
	if (err) {
		pr_err("helper failed its health check: %d\n", err);
		bpfilter_stop_helper();
		return err < 0 ? err : -EPROTO;
	}
	return 0;
}

/*
 * /proc/net/ip_tables_names must list "filter" once a namespace's filter
 * table is in use, as under ip_tables (iptables-save without -t reads that
 * file). Listing comes from x_tables' own table list, so when the helper
 * reports the table live we have x_tables instantiate iptable_filter's
 * table in that namespace, as ip_tables' first request would: an empty
 * table whose ACCEPT policies never see a rule, since every filter request
 * comes to us. x_tables is reached through symbol_get(), so that insmod
 * works before it is loaded.
 */
struct bpfilter_xt {
	struct xt_table *(*find)(struct net *net, u8 af, const char *name);
	void (*unlock)(struct xt_table *table);
};

static struct bpfilter_xt bpfilter_xt;

struct bpfilter_net {
	bool listed;
};

static unsigned int bpfilter_net_id;

static void bpfilter_xt_put(void)
{
	if (bpfilter_xt.find)
		symbol_put(xt_request_find_table_lock);
	if (bpfilter_xt.unlock)
		symbol_put(xt_table_unlock);
	memset(&bpfilter_xt, 0, sizeof(bpfilter_xt));
}

static void bpfilter_xt_get(void)
{
	request_module("ip_tables");
	bpfilter_xt.find = symbol_get(xt_request_find_table_lock);
	bpfilter_xt.unlock = symbol_get(xt_table_unlock);
	if (!bpfilter_xt.find || !bpfilter_xt.unlock) {
		pr_warn("x_tables is not available: filter will not be listed in /proc/net/ip_tables_names\n");
		bpfilter_xt_put();
	}
}

static void bpfilter_list_filter(struct net *net)
{
	struct bpfilter_net *bn = net_generic(net, bpfilter_net_id);
	struct xt_table *t;

	if (bn->listed || !bpfilter_xt.find)
		return;
	t = bpfilter_xt.find(net, NFPROTO_IPV4, "filter");
	if (IS_ERR(t)) {
		pr_warn_ratelimited("cannot list filter in netns %llu: %ld\n",
				    net->net_cookie, PTR_ERR(t));
		return;
	}
	if (t->private->number > t->private->initial_entries)
		pr_warn_ratelimited("netns %llu: x_tables' own filter table has rules, which stay in force\n",
				    net->net_cookie);
	bpfilter_xt.unlock(t);
	module_put(t->me);
	bn->listed = true;
}

/* bpfilter_ops.sockopt: relay one IPT_SO_* call to the helper. */
static int bpfilter_sockopt(struct sock *sk, int optname, sockptr_t optval,
			    unsigned int optlen, bool is_set)
{
	struct net *net = sock_net(sk);
	struct mbox_request req = {
		.addr = (uintptr_t)optval.user,
		.len = optlen,
		.is_set = is_set,
		.cmd = optname,
		.pid = current->pid,
		.netns = net->net_cookie,
		.flags = in_compat_syscall() ? BPFILTER_REQ_COMPAT : 0,
	};
	u32 flags = 0;
	int err;

	/* As ip_tables does, before anything else. */
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (sockptr_is_kernel(optval)) {
		pr_err_ratelimited("sockopt %d from a kernel caller is not supported\n",
				   optname);
		return -EFAULT;
	}
	err = bpfilter_transact(&req, timeout_ms, &flags);
	if (err != -ENOPROTOOPT && (flags & BPFILTER_REPLY_FILTER_LIVE))
		bpfilter_list_filter(net);
	return err;
}

static bool bpfilter_unloading;

/*
 * A namespace is gone: the helper forgets its tables. The news is queued
 * and sent from a work item: net exit runs under pernet_ops_rwsem, and
 * taking bpfilter_ops.lock there would wait on a sockopt that may itself
 * wait for a module load, which needs that rwsem.
 */
struct bpfilter_gone {
	struct list_head list;
	u64 cookie;
};

static LIST_HEAD(bpfilter_gone_list);
static DEFINE_SPINLOCK(bpfilter_gone_lock);

static void bpfilter_tell_gone(struct work_struct *work)
{
	struct bpfilter_gone *g, *tmp;
	struct pid *tgid;
	LIST_HEAD(gone);

	spin_lock(&bpfilter_gone_lock);
	list_splice_init(&bpfilter_gone_list, &gone);
	spin_unlock(&bpfilter_gone_lock);

	/*
	 * A helper that died would restore these namespaces' saved tables:
	 * start one now, as the sockopt hook would, so that it forgets them.
	 */
	mutex_lock(&bpfilter_ops.lock);
	list_for_each_entry_safe(g, tmp, &gone, list) {
		struct mbox_request req = {
			.cmd = BPFILTER_CMD_NETNS_EXIT,
			.pid = current->pid,
			.netns = g->cookie,
		};

		tgid = bpfilter_ops.info.tgid;
		if (tgid && thread_group_exited(tgid)) {
			bpfilter_umh_cleanup(&bpfilter_ops.info);
			tgid = NULL;
		}
		if (!bpfilter_unloading && (tgid || !bpfilter_start_helper()))
			bpfilter_transact(&req, timeout_ms, NULL);
		list_del(&g->list);
		kfree(g);
	}
	mutex_unlock(&bpfilter_ops.lock);
}

static DECLARE_WORK(bpfilter_gone_work, bpfilter_tell_gone);

static void __net_exit bpfilter_net_exit(struct net *net)
{
	struct bpfilter_gone *g;

	if (READ_ONCE(bpfilter_unloading))
		return;
	g = kmalloc(sizeof(*g), GFP_KERNEL);
	if (!g) {
		pr_warn("netns %llu: out of memory, its tables stay in the helper\n",
			net->net_cookie);
		return;
	}
	g->cookie = net->net_cookie;
	spin_lock(&bpfilter_gone_lock);
	list_add_tail(&g->list, &bpfilter_gone_list);
	spin_unlock(&bpfilter_gone_lock);
	schedule_work(&bpfilter_gone_work);
}

static struct pernet_operations bpfilter_net_ops = {
	.exit = bpfilter_net_exit,
	.id = &bpfilter_net_id,
	.size = sizeof(struct bpfilter_net),
};

static int __init bpfilter_init(void)
{
	int err;

	err = umd_load_blob(&bpfilter_ops.info, bpfilter_umh_start,
			    bpfilter_umh_end - bpfilter_umh_start);
	if (err) {
		pr_err("cannot load the helper: %d\n", err);
		return err;
	}

	bpfilter_xt_get();
	err = register_pernet_subsys(&bpfilter_net_ops);
	if (err)
		goto err_xt;
	err = bpfilter_hook_init();
	if (err)
		goto err_pernet;

	mutex_lock(&bpfilter_ops.lock);
	err = bpfilter_start_helper();
	if (!err) {
		bpfilter_ops.sockopt = bpfilter_sockopt;
		bpfilter_ops.start = bpfilter_start_helper;
	}
	mutex_unlock(&bpfilter_ops.lock);
	if (err)
		goto err_hook;
	return 0;

err_hook:
	bpfilter_hook_exit();
err_pernet:
	bpfilter_unloading = true;
	unregister_pernet_subsys(&bpfilter_net_ops);
	flush_work(&bpfilter_gone_work);
err_xt:
	bpfilter_xt_put();
	umd_unload_blob(&bpfilter_ops.info);
	return err;
}

static void __exit bpfilter_exit(void)
{
	mutex_lock(&bpfilter_ops.lock);
	bpfilter_unloading = true;
	mutex_unlock(&bpfilter_ops.lock);
	unregister_pernet_subsys(&bpfilter_net_ops);
	bpfilter_xt_put();
	flush_work(&bpfilter_gone_work);

	mutex_lock(&bpfilter_ops.lock);
	bpfilter_ops.sockopt = NULL;
	bpfilter_ops.start = NULL;
	bpfilter_stop_helper();
	mutex_unlock(&bpfilter_ops.lock);

	bpfilter_hook_exit();
	umd_unload_blob(&bpfilter_ops.info);
	pr_info("unloaded\n");
}

module_init(bpfilter_init);
module_exit(bpfilter_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The bpfilter developers");
MODULE_DESCRIPTION("IPv4 iptables filter table compiled to BPF by a user-mode helper");
MODULE_VERSION(BPFILTER_VERSION);
