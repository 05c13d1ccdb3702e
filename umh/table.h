/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_TABLE_H
#define _BPFILTER_UMH_TABLE_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netfilter_ipv4/ip_tables.h>

/* Where entries and targets are in a blob of struct ipt_entry. */
static inline struct ipt_entry *entry_at(void *entries, unsigned int off)
{
	return (struct ipt_entry *)((char *)entries + off);
}

static inline struct xt_entry_target *entry_target(const struct ipt_entry *e)
{
	return (struct xt_entry_target *)((char *)e + e->target_offset);
}

/* The hooks of the filter table: LOCAL_IN, FORWARD, LOCAL_OUT. */
#define FILTER_VALID_HOOKS ((1U << NF_INET_LOCAL_IN) | \
			    (1U << NF_INET_FORWARD) | \
			    (1U << NF_INET_LOCAL_OUT))

/*
 * A table as ip_tables keeps it: the entries blob as the caller gave it to
 * IPT_SO_SET_REPLACE, once validated (counters cleared, comefrom set to the
 * hooks each entry is reachable from), and one counter pair per entry.
 */
struct table {
	char name[XT_TABLE_MAXNAMELEN];
	unsigned int valid_hooks;
	unsigned int hook_entry[NF_INET_NUMHOOKS];
	unsigned int underflow[NF_INET_NUMHOOKS];
	unsigned int num_entries;
	unsigned int size;
	void *entries;
	unsigned int *offsets;		/* offset of each entry, ascending */
	struct xt_counters *counters;	/* one per entry */
};

/**
 * table_free() - release a table and everything it owns; NULL is fine.
 */
void table_free(struct table *t);

/**
 * table_entry_index() - the index of the entry that starts at @off.
 *
 * Return: the index, or -1 when no entry starts there.
 */
int table_entry_index(const struct table *t, unsigned int off);

/**
 * table_new_filter() - the filter table as iptable_filter presents it in a
 * new namespace: ACCEPT policies on its three chains, then the ERROR entry.
 *
 * Return: the table, or NULL when out of memory.
 */
struct table *table_new_filter(void);

#endif /* _BPFILTER_UMH_TABLE_H */
