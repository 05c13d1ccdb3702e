/* SPDX-License-Identifier: GPL-2.0 */
/* bpfilter.ko's packet path (bpfilter_hook.c), as bpfilter_kern.c sees it. */
#ifndef _BPFILTER_HOOK_H
#define _BPFILTER_HOOK_H

/**
 * bpfilter_hook_init() - open the generic netlink family through which
 * the helper attaches programs to namespaces.
 *
 * Return: 0 or a negative errno.
 */
int bpfilter_hook_init(void);

/**
 * bpfilter_hook_exit() - unregister every hook and release every program.
 */
void bpfilter_hook_exit(void);

#endif /* _BPFILTER_HOOK_H */
