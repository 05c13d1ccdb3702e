/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_UMH_EXT_H
#define _BPFILTER_UMH_EXT_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/netfilter_ipv4/ip_tables.h>

/* What an extension's check sees of the rule it is used in. */
struct ext_ctx {
	const char *table;
	const struct ipt_ip *ip;
	unsigned int hook_mask;
};

/*
 * An x_tables extension (match or target, one revision) that bpfilter
 * understands, with the constraints ip_tables enforces on its use.
 */
struct ext {
	const char *name;
	uint8_t revision;
	bool target;
	unsigned int size;	/* matchsize / targetsize, before XT_ALIGN */
	unsigned int usersize;	/* bytes shown to user space; 0: all */
	unsigned int hooks;	/* allowed hooks; 0: any */
	uint16_t proto;		/* required ip.proto; 0: any */
	const char *only_table;	/* required table; NULL: any */
	bool unspec;		/* registered for every family, not IPv4 */
	bool conntrack;		/* needs connection tracking */
	/* The extension's own checks: 0 or the errno ip_tables returns. */
	int (*check)(const struct ext_ctx *ctx, void *data);
};

/* The kernel's HZ, which xt_limit's arithmetic depends on. */
extern unsigned int ext_hz;

/**
 * ext_find() - the extension @name at @revision.
 * @err: when there is none, the errno ip_tables gives for it (-ENOENT or
 *       -EPROTOTYPE), or -EOPNOTSUPP for a Linux extension that bpfilter
 *       does not compile.
 *
 * Return: the extension or NULL.
 */
const struct ext *ext_find(const char *name, uint8_t revision, bool target,
			   int *err);

/**
 * ext_revision() - the answer to IPT_SO_GET_REVISION_{MATCH,TARGET}.
 *
 * Return: 0 when @revision of @name is known (what the syscall returns
 * under ip_tables), -EPROTONOSUPPORT when only other revisions are, or
 * -ENOENT when @name is not an extension bpfilter knows.
 */
int ext_revision(const char *name, uint8_t revision, bool target);

/**
 * ext_limit_cpj() - xt_limit's credits per jiffy at ext_hz.
 */
uint32_t ext_limit_cpj(void);

/**
 * ext_limit_credits() - xt_limit's user2credits(): @user in units of
 * 1/XT_LIMIT_SCALE seconds, as credits.
 */
uint32_t ext_limit_credits(uint32_t user);

#endif /* _BPFILTER_UMH_EXT_H */
