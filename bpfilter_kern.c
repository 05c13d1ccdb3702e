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
#include <linux/sched/signal.h>
#include <linux/workqueue.h>
#include <net/net_namespace.h>
#include <net/sock.h>

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

/*
 * Send one request and wait for its reply. A helper that does not answer
 * within @ms is killed, which ends the read. Any failure leaves no helper
 * behind: the next request starts a new one.
 */
static int bpfilter_transact(const struct mbox_request *req, unsigned int ms)
{
	struct umd_info *info = &bpfilter_ops.info;
	struct bpfilter_watchdog wd = { .tgid = info->tgid };
	struct mbox_reply reply;
	loff_t pos = 0;
	ssize_t n;

	if (!info->tgid)
		return -EIO;

	INIT_DELAYED_WORK_ONSTACK(&wd.work, bpfilter_watchdog_fire);
	schedule_delayed_work(&wd.work, msecs_to_jiffies(ms));
	n = kernel_write(info->pipe_to_umh, req, sizeof(*req), &pos);
	if (n == sizeof(*req)) {
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

	if (n == sizeof(reply))
		return (int)reply.status;

	if (wd.fired)
		pr_err_ratelimited("helper pid %d did not answer cmd %u within %u ms, killed\n",
				   pid_nr(info->tgid), req->cmd, ms);
	else if (n != -ERESTARTSYS && n != -EINTR)
		pr_err_ratelimited("helper pid %d: lost the pipe on cmd %u (%zd)\n",
				   pid_nr(info->tgid), req->cmd, n);
	bpfilter_stop_helper();
	return (n == -ERESTARTSYS || n == -EINTR) ? -EINTR : -EIO;
}

/* bpfilter_ops.start: fork the helper and check that it answers. */
static int bpfilter_start_helper(void)
{
	struct mbox_request req = {
		.cmd = BPFILTER_CMD_HELLO,
		.pid = current->pid,
		.len = READ_ONCE(fault_inject),
	};
	int err;

	err = fork_usermode_driver(&bpfilter_ops.info);
	if (err) {
		pr_err("cannot start helper: %d\n", err);
		return err;
	}
	pr_info("started helper pid %d\n", pid_nr(bpfilter_ops.info.tgid));

	err = bpfilter_transact(&req, BPFILTER_HELLO_TIMEOUT_MS);
	if (err) {
		pr_err("helper failed its health check: %d\n", err);
		bpfilter_stop_helper();
		return err < 0 ? err : -EPROTO;
	}
	return 0;
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
	};

	/* As ip_tables does, before anything else. */
	if (!ns_capable(net->user_ns, CAP_NET_ADMIN))
		return -EPERM;
	if (sockptr_is_kernel(optval)) {
		pr_err_ratelimited("sockopt %d from a kernel caller is not supported\n",
				   optname);
		return -EFAULT;
	}
	return bpfilter_transact(&req, timeout_ms);
}

static int __init bpfilter_init(void)
{
	int err;

	err = umd_load_blob(&bpfilter_ops.info, bpfilter_umh_start,
			    bpfilter_umh_end - bpfilter_umh_start);
	if (err) {
		pr_err("cannot load the helper: %d\n", err);
		return err;
	}

	mutex_lock(&bpfilter_ops.lock);
	err = bpfilter_start_helper();
	if (!err) {
		bpfilter_ops.sockopt = bpfilter_sockopt;
		bpfilter_ops.start = bpfilter_start_helper;
	}
	mutex_unlock(&bpfilter_ops.lock);

	if (err)
		umd_unload_blob(&bpfilter_ops.info);
	return err;
}

static void __exit bpfilter_exit(void)
{
	mutex_lock(&bpfilter_ops.lock);
	bpfilter_ops.sockopt = NULL;
	bpfilter_ops.start = NULL;
	bpfilter_stop_helper();
	mutex_unlock(&bpfilter_ops.lock);

	umd_unload_blob(&bpfilter_ops.info);
	pr_info("unloaded\n");
}

module_init(bpfilter_init);
module_exit(bpfilter_exit);
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The bpfilter developers");
MODULE_DESCRIPTION("iptables filter table compiled to BPF, served by a user-mode helper");
MODULE_VERSION(BPFILTER_VERSION);
