// SPDX-License-Identifier: GPL-2.0
/* Tables as ip_tables keeps them, and the filter table a namespace starts
 * with.
 */
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "translate.h"

void table_free(struct table *t)
{
	if (!t)
		return;
	free(t->entries);
	free(t->offsets);
	free(t->counters);
	free(t);
}

int table_entry_index(const struct table *t, unsigned int off)
{
	unsigned int lo = 0, hi = t->num_entries, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t->offsets[mid] < off)
			lo = mid + 1;
		else if (t->offsets[mid] > off)
			hi = mid;
		else
			return mid;
	}
	return -1;
}

struct policy_entry {
	struct ipt_entry entry;
	struct xt_standard_target target;
};

struct error_entry {
	struct ipt_entry entry;
	struct xt_error_target target;
};

static void put_policy(struct policy_entry *p, int verdict)
{
	p->entry.target_offset = sizeof(p->entry);
	p->entry.next_offset = sizeof(*p);
	p->target.target.u.user.target_size = sizeof(p->target);
	p->target.verdict = verdict;
}

/*
 * iptable_filter's initial table: one ACCEPT policy per hook (its "forward"
 * parameter defaults to ACCEPT), then the ERROR entry that ends every
 * table. It goes through translate() like any replacement, which sets
 * comefrom as ip_tables does.
 */
struct table *table_new_filter(void)
{
	static const unsigned int hooks[] = {
		NF_INET_LOCAL_IN, NF_INET_FORWARD, NF_INET_LOCAL_OUT,
	};
	struct ipt_replace repl = {
		.name = "filter",
		.valid_hooks = FILTER_VALID_HOOKS,
		.num_entries = 4,
		.size = 3 * sizeof(struct policy_entry) +
			sizeof(struct error_entry),
	};
	struct policy_entry *p;
	struct error_entry *err;
	struct table *t = NULL;
	unsigned int i;
	char *blob;

	blob = calloc(1, repl.size);
	if (!blob)
		return NULL;
	for (i = 0; i < 3; i++) {
		p = (struct policy_entry *)(blob + i * sizeof(*p));
		put_policy(p, -NF_ACCEPT - 1);
		repl.hook_entry[hooks[i]] = i * sizeof(*p);
		repl.underflow[hooks[i]] = i * sizeof(*p);
	}
	err = (struct error_entry *)(blob + 3 * sizeof(*p));
	err->entry.target_offset = sizeof(err->entry);
	err->entry.next_offset = sizeof(*err);
	err->target.target.u.user.target_size = sizeof(err->target);
	strcpy(err->target.target.u.user.name, XT_ERROR_TARGET);
	strcpy(err->target.errorname, XT_ERROR_TARGET);

	if (translate(&repl, blob, &t))
		free(blob);
	return t;
}
