/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_SETS_H
#define _BPFILTER_UMH_SETS_H

#include "codegen.h"

/**
 * cg_find_sets() - find the runs of @t's rules that compile to one map
 * lookup each (see sets.c), into @out->sets and @out->set_at.
 *
 * Return: 0 or -ENOMEM.
 */
int cg_find_sets(const struct table *t, struct cg_out *out);

/**
 * cg_free_sets() - free what cg_find_sets() made.
 */
void cg_free_sets(struct cg_out *out);

#endif /* _BPFILTER_UMH_SETS_H */
