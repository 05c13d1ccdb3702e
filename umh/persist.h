/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_PERSIST_H
#define _BPFILTER_UMH_PERSIST_H

#include "netns.h"

/*
 * The tables outlive the helper: each namespace's filter table is saved to
 * a file in the helper's working directory, which is the private tmpfs
 * that bpfilter.ko made for the helper's image. It lasts until rmmod and
 * only the module's helpers can reach it, so a helper started after a
 * crash picks up every table where the last one left it.
 */

/**
 * persist_save() - save the filter table of @ns, replacing the old copy.
 *
 * Return: 0 or a negative errno; a failure is logged.
 */
int persist_save(const struct netns *ns);

/**
 * persist_drop() - forget the saved tables of namespace @cookie.
 */
void persist_drop(uint64_t cookie);

/**
 * persist_restore() - the saved filter table of namespace @cookie.
 *
 * A new helper restores each namespace on its first request there, so a
 * restart costs nothing up front, whatever other namespaces hold.
 *
 * Return: the table, or NULL when none was saved or it cannot be read
 * (which is logged).
 */
struct table *persist_restore(uint64_t cookie);

#endif /* _BPFILTER_UMH_PERSIST_H */
