// SPDX-License-Identifier: GPL-2.0
/*
 * iptables' sockopts as a program makes them, without iptables: what the
 * caller sees must not depend on whether bpfilter.ko serves the call, so
 * every test runs twice, once with x_tables alone and once with bpfilter.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "kselftest_harness.h"
#include "regime.h"

/* Three chains of one standard entry each, and the trailing error entry. */
#define FILTER_INITIAL_SIZE (3 * sizeof(struct ipt_standard) + \
			     sizeof(struct ipt_error))

static int get_info(int fd, const char *table, struct ipt_getinfo *info)
{
	socklen_t len = sizeof(*info);

	memset(info, 0, sizeof(*info));
	strncpy(info->name, table, sizeof(info->name) - 1);
	return getsockopt(fd, SOL_IP, IPT_SO_GET_INFO, info, &len);
}

FIXTURE(fresh_netns) {
	int fd;
};

FIXTURE_VARIANT(fresh_netns) {
	bool bpfilter;
};

FIXTURE_VARIANT_ADD(fresh_netns, x_tables) {
	.bpfilter = false,
};

FIXTURE_VARIANT_ADD(fresh_netns, bpfilter) {
	.bpfilter = true,
};

FIXTURE_SETUP(fresh_netns)
{
	/* x_tables serves the call when bpfilter declines it. */
	ASSERT_EQ(0, system("modprobe iptable_filter"));
	ASSERT_EQ(0, bpfilter_set(variant->bpfilter));
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(fresh_netns)
{
	close(self->fd);
}

TEST_F(fresh_netns, filter_info_is_the_initial_table)
{
	struct ipt_getinfo info;

	ASSERT_EQ(0, get_info(self->fd, "filter", &info));
	EXPECT_EQ(FILTER_HOOKS, info.valid_hooks);
	EXPECT_EQ(4, info.num_entries);
	EXPECT_EQ(FILTER_INITIAL_SIZE, info.size);
	EXPECT_EQ(0, info.hook_entry[NF_INET_LOCAL_IN]);
	EXPECT_EQ(sizeof(struct ipt_standard),
		  info.hook_entry[NF_INET_FORWARD]);
	EXPECT_EQ(2 * sizeof(struct ipt_standard),
		  info.hook_entry[NF_INET_LOCAL_OUT]);
	EXPECT_EQ(info.hook_entry[NF_INET_LOCAL_OUT],
		  info.underflow[NF_INET_LOCAL_OUT]);
}

TEST_F(fresh_netns, info_with_wrong_length_is_einval)
{
	struct ipt_getinfo info = { .name = "filter" };
	socklen_t len = sizeof(info) - 1;

	EXPECT_EQ(-1, getsockopt(self->fd, SOL_IP, IPT_SO_GET_INFO, &info,
				 &len));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(fresh_netns, unknown_table_is_enoent)
{
	struct ipt_getinfo info;

	EXPECT_EQ(-1, get_info(self->fd, "nosuchtable", &info));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(fresh_netns, info_into_a_bad_address_is_efault)
{
	socklen_t len = sizeof(struct ipt_getinfo);

	EXPECT_EQ(-1, getsockopt(self->fd, SOL_IP, IPT_SO_GET_INFO,
				 (void *)16, &len));
	EXPECT_EQ(EFAULT, errno);
}

/* The INPUT policy's verdict in the filter table that @fd sees. */
static int input_policy(int fd)
{
	struct ipt_getinfo info;
	struct ipt_get_entries *g;
	struct ipt_standard *p;
	socklen_t len;
	int verdict;

	if (get_info(fd, "filter", &info))
		return 1;
	len = sizeof(*g) + info.size;
	g = calloc(1, len);
	strcpy(g->name, "filter");
	g->size = info.size;
	if (getsockopt(fd, SOL_IP, IPT_SO_GET_ENTRIES, g, &len)) {
		free(g);
		return 2;
	}
	p = (void *)((char *)g->entrytable +
		     info.underflow[NF_INET_LOCAL_IN]);
	verdict = p->target.verdict;
	free(g);
	return verdict;
}

/* Set the INPUT policy of the (initial) filter table that @fd sees. */
static int set_input_policy(int fd, int verdict)
{
	struct xt_counters counters[4];
	struct ipt_get_entries *g;
	struct ipt_replace *r;
	struct ipt_getinfo info;
	struct ipt_standard *p;
	socklen_t len;
	int ret;

	if (get_info(fd, "filter", &info) || info.num_entries != 4)
		return -1;
	len = sizeof(*g) + info.size;
	g = calloc(1, len);
	r = calloc(1, sizeof(*r) + info.size);
	strcpy(g->name, "filter");
	g->size = info.size;
	ret = getsockopt(fd, SOL_IP, IPT_SO_GET_ENTRIES, g, &len);
	if (!ret) {
		strcpy(r->name, "filter");
		r->valid_hooks = info.valid_hooks;
		r->num_entries = info.num_entries;
		r->size = info.size;
		memcpy(r->hook_entry, info.hook_entry, sizeof(r->hook_entry));
		memcpy(r->underflow, info.underflow, sizeof(r->underflow));
		r->num_counters = info.num_entries;
		r->counters = counters;
		memcpy(r->entries, g->entrytable, info.size);
		p = (void *)((char *)r->entries +
			     info.underflow[NF_INET_LOCAL_IN]);
		p->target.verdict = verdict;
		ret = setsockopt(fd, SOL_IP, IPT_SO_SET_REPLACE, r,
				 sizeof(*r) + info.size);
	}
	free(g);
	free(r);
	return ret;
}

TEST_F(fresh_netns, socket_namespace_not_current_one_selects_the_table)
{
	int other;

	/* self->fd stays in the fixture's namespace; we move on. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	other = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	ASSERT_LE(0, other);

	ASSERT_EQ(0, set_input_policy(self->fd, -NF_DROP - 1));
	EXPECT_EQ(-NF_DROP - 1, input_policy(self->fd));
	EXPECT_EQ(-NF_ACCEPT - 1, input_policy(other));

	ASSERT_EQ(0, set_input_policy(other, -NF_DROP - 1));
	ASSERT_EQ(0, set_input_policy(self->fd, -NF_ACCEPT - 1));
	EXPECT_EQ(-NF_ACCEPT - 1, input_policy(self->fd));
	EXPECT_EQ(-NF_DROP - 1, input_policy(other));
	close(other);
}

static volatile int alarms;

static void on_alarm(int sig)
{
	alarms++;
}

/* The pid of the bpfilter helper, or 0. */
static pid_t helper_pid(void)
{
	char buf[64];
	FILE *f = popen("pidof bpfilter_umh", "r");
	pid_t pid = 0;

	if (f && fgets(buf, sizeof(buf), f))
		pid = atoi(buf);
	if (f)
		pclose(f);
	return pid;
}

TEST_F(fresh_netns, signals_during_requests_do_not_fail_them)
{
	struct sigaction sa = { .sa_handler = on_alarm };
	struct itimerval every = {
		.it_interval = { .tv_usec = 2000 },
		.it_value = { .tv_usec = 2000 },
	};
	struct itimerval off = {};
	pid_t before = helper_pid();
	int i, failed = 0;

	ASSERT_EQ(0, sigaction(SIGALRM, &sa, NULL));
	ASSERT_EQ(0, setitimer(ITIMER_REAL, &every, NULL));
	for (i = 0; i < 100; i++)
		if (set_input_policy(self->fd, i % 2 ? -NF_DROP - 1 :
						  -NF_ACCEPT - 1))
			failed++;
	setitimer(ITIMER_REAL, &off, NULL);
	EXPECT_EQ(0, failed);
	EXPECT_LT(5, alarms);
	/* bpfilter's helper carried on: no restart. */
	EXPECT_EQ(before, helper_pid());
}

/* Run @fn in a child; return the child's errno for the call, or -1. */
/*
 * In a child: give privileges up with @drop (which returns non-zero when it
 * cannot, as 200), then return what @fn says of @fd as the exit status.
 */
static int child_errno(int (*drop)(void), int (*fn)(int fd), int fd)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(drop() ? 200 : fn(fd));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int info_errno(int fd)
{
	struct ipt_getinfo info;

	return get_info(fd, "filter", &info) ? errno : 0;
}

/*
 * Every iptables sockopt, each with a buffer that would be valid enough to
 * get past the length checks; returns 0 when all failed with EPERM, else
 * 100 + the index of the first that did not.
 */
static int all_eperm(int fd)
{
	static const int gets[] = {
		IPT_SO_GET_INFO, IPT_SO_GET_ENTRIES,
		IPT_SO_GET_REVISION_MATCH, IPT_SO_GET_REVISION_TARGET,
	};
	static const int sets[] = {
		IPT_SO_SET_REPLACE, IPT_SO_SET_ADD_COUNTERS,
	};
	char buf[4096] = "filter";
	socklen_t len;
	unsigned int i;

	for (i = 0; i < sizeof(gets) / sizeof(gets[0]); i++) {
		len = gets[i] == IPT_SO_GET_INFO ?
			sizeof(struct ipt_getinfo) :
			gets[i] == IPT_SO_GET_ENTRIES ?
			sizeof(struct ipt_get_entries) :
			sizeof(struct xt_get_revision);
		if (getsockopt(fd, SOL_IP, gets[i], buf, &len) != -1 ||
		    errno != EPERM)
			return 100 + i;
	}
	for (i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		if (setsockopt(fd, SOL_IP, sets[i], buf, sizeof(buf)) != -1 ||
		    errno != EPERM)
			return 110 + i;
	return 0;
}

static int become_nobody(void)
{
	return setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534);
}

/* Root of a new user namespace: no capability over the socket's netns. */
static int enter_user_namespace(void)
{
	return unshare(CLONE_NEWUSER);
}

TEST_F(fresh_netns, unprivileged_user_gets_eperm)
{
	EXPECT_EQ(EPERM, child_errno(become_nobody, info_errno, self->fd));
}

TEST_F(fresh_netns, root_of_a_user_namespace_gets_eperm)
{
	EXPECT_EQ(EPERM, child_errno(enter_user_namespace, info_errno, self->fd));
}

TEST_F(fresh_netns, unprivileged_user_gets_eperm_for_every_sockopt)
{
	EXPECT_EQ(0, child_errno(become_nobody, all_eperm, self->fd));
}

TEST_F(fresh_netns, user_namespace_root_gets_eperm_for_every_sockopt)
{
	EXPECT_EQ(0, child_errno(enter_user_namespace, all_eperm, self->fd));
}

TEST_HARNESS_MAIN
