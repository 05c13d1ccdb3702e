/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_NETNS_H
#define _BPFILTER_UMH_NETNS_H

#include <stdbool.h>
#include <stdint.h>

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
 * netns_count() - how many namespaces are held.
 */
unsigned int netns_count(void);

#endif /* _BPFILTER_UMH_NETNS_H */
