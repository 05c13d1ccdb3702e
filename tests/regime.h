/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the C selftests share: the two regimes a test runs under (x_tables
 * alone, or bpfilter.ko loaded) and the entry shapes the uapi headers lack.
 */
#ifndef _BPFILTER_SELFTEST_REGIME_H
#define _BPFILTER_SELFTEST_REGIME_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/netfilter_ipv4/ip_tables.h>

/* A policy (standard target) entry, and an ERROR (chain head) entry. */
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

static inline bool bpfilter_loaded(void)
{
	return access("/sys/module/bpfilter/initstate", F_OK) == 0;
}

/*
 * Load or unload bpfilter.ko as @want says: $BPFILTER_KO with insmod, or
 * modprobe's. Returns 0 when the module is as wanted.
 */
static inline int bpfilter_set(bool want)
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

#endif /* _BPFILTER_SELFTEST_REGIME_H */
