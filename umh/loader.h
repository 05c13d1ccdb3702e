/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_LOADER_H
#define _BPFILTER_UMH_LOADER_H

#include <stdint.h>

#include "table.h"

/*
 * A table's programs and maps, loaded into the kernel: the BPF syscalls
 * without a library, and the generic netlink exchange with bpfilter.ko.
 */
struct loaded {
	int counters_fd;	/* per-CPU struct xt_counters, one per entry */
	unsigned int counters_n;
};

/**
 * loader_install() - compile @t, load its programs and maps, and make
 * them the programs of namespace @cookie. When the call returns, no packet
 * runs the namespace's previous programs any more.
 * @out: the counters map of the new programs.
 *
 * Return: 0, or a negative errno: -EOPNOTSUPP when the kernel refuses a
 * program (the verifier's reason is logged), the module's errno when it
 * refuses the attach.
 */
int loader_install(const struct table *t, uint64_t cookie,
		   struct loaded *out);

/**
 * loader_find() - the counters map the module runs for namespace
 * @cookie, left there by an earlier helper.
 *
 * Return: 0 with @out filled, -ENOENT when there is none, or an errno.
 */
int loader_find(uint64_t cookie, struct loaded *out);

/**
 * loader_counters_add() - add the counts in @l to @counters, which has
 * @l->counters_n entries.
 *
 * Return: 0 or a negative errno.
 */
int loader_counters_add(const struct loaded *l, struct xt_counters *counters);

/**
 * loader_release() - close what @l holds.
 */
void loader_release(struct loaded *l);

#endif /* _BPFILTER_UMH_LOADER_H */
