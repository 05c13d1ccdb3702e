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
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "kselftest_harness.h"

/* Not in the uapi headers: the shapes of a policy and of the last entry. */
struct ipt_standard {
	struct ipt_entry entry;
	struct xt_standard_target target;
};

struct ipt_error {
	struct ipt_entry entry;
	struct xt_error_target target;
};

#define FILTER_HOOKS ((1 << NF_INET_LOCAL_IN) | (1 << NF_INET_FORWARD) | \
		      (1 << NF_INET_LOCAL_OUT))
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

static bool bpfilter_loaded(void)
{
	return access("/sys/module/bpfilter/initstate", F_OK) == 0;
}

/* Load or unload bpfilter.ko ($BPFILTER_KO, or modprobe's) as asked. */
static int bpfilter_set(bool want)
{
	const char *ko = getenv("BPFILTER_KO");
	char cmd[512];

	if (bpfilter_loaded() == want)
		return 0;
	if (!want)
		return system("rmmod bpfilter");
	if (ko && *ko)
		snprintf(cmd, sizeof(cmd), "insmod '%s'", ko);
	else
		snprintf(cmd, sizeof(cmd), "modprobe bpfilter");
	return system(cmd);
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

/* Run @fn in a child; return the child's errno for the call, or -1. */
static int child_errno(int (*fn)(int fd), int fd)
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(fd));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int info_errno(int fd)
{
	struct ipt_getinfo info;

	return get_info(fd, "filter", &info) ? errno : 0;
}

static int as_nobody(int fd)
{
	if (setresgid(65534, 65534, 65534) || setresuid(65534, 65534, 65534))
		return 200;
	return info_errno(fd);
}

static int in_user_namespace(int fd)
{
	if (unshare(CLONE_NEWUSER))
		return 201;
	return info_errno(fd);
}

TEST_F(fresh_netns, unprivileged_user_gets_eperm)
{
	EXPECT_EQ(EPERM, child_errno(as_nobody, self->fd));
}

TEST_F(fresh_netns, root_of_a_user_namespace_gets_eperm)
{
	EXPECT_EQ(EPERM, child_errno(in_user_namespace, self->fd));
}

TEST_HARNESS_MAIN
