/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_NETNS_H
#define _BPFILTER_UMH_NETNS_H

#include <stdbool.h>
#include <stdint.h>

#include "loader.h"
#include "table.h"

/* What bpfilter holds for one network namespace, known by its cookie. */
struct netns {
	uint64_t cookie;
	struct table *filter;
	/*
	 * The table is in use, as x_tables would have it after the first
	 * request that names it: the module then lists it.
	 */
	bool filter_live;
	/* The programs that enforce the table, once it is live. */
	bool attached;
	struct loaded bpf;
	struct netns *next;
};

/**
 * netns_get() - the state of namespace @cookie, created on first use with
 * its saved filter table if a previous helper left one, else a fresh one.
 *
 * Return: the state, or NULL when out of memory.
 */
struct netns *netns_get(uint64_t cookie);

/**
 * netns_drop() - forget namespace @cookie and free its tables.
 */
void netns_drop(uint64_t cookie);

/**
 * netns_install() - make @nt the table the packets of @ns meet: compile
 * it and hand its programs to the module. @nt may be @ns's own table (to
 * attach it) or the one about to replace it. The counts of the programs
 * replaced, including those a previous helper left, are added to the
 * counters of @ns's table, which are then final.
 *
 * Return: 0 or a negative errno; @ns's programs are then unchanged.
 */
int netns_install(struct netns *ns, const struct table *nt);

/**
 * netns_counters() - the counters of @ns's table as they are now, in @out
 * (num_entries of them).
 *
 * Return: 0 or a negative errno.
 */
int netns_counters(const struct netns *ns, struct xt_counters *out);

/**
 * netns_count() - how many namespaces are held.
 */
unsigned int netns_count(void);

#endif /* _BPFILTER_UMH_NETNS_H */
