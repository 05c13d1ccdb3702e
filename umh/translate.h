/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_TRANSLATE_H
#define _BPFILTER_UMH_TRANSLATE_H

#include "table.h"

/**
 * translate() - validate a table from IPT_SO_SET_REPLACE, as ip_tables'
 * translate_table() does, with the same checks in the same order and the
 * same errno.
 * @repl: the request header (name, valid_hooks, num_entries, size, hook
 *        entries and underflows).
 * @entries: @repl->size bytes of entries. On success the new table owns
 *           them; on failure the caller still does.
 * @out: the new table, with zeroed counters.
 *
 * Return: 0 or a negative errno (-EOPNOTSUPP for an extension bpfilter
 * does not understand, which is logged).
 */
int translate(const struct ipt_replace *repl, void *entries,
	      struct table **out);

#endif /* _BPFILTER_UMH_TRANSLATE_H */
