/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building IPT_SO_SET_REPLACE blobs in tests: an ipt_replace header and
 * entries appended one by one.
 */
#ifndef _BPFILTER_TEST_BLOB_H
#define _BPFILTER_TEST_BLOB_H

#include <string.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#define BLOB_MAX 65536

struct blob {
	struct ipt_replace repl;
	char entries[BLOB_MAX] __attribute__((aligned(8)));
};

static inline void blob_init(struct blob *b)
{
	memset(b, 0, sizeof(*b));
	strcpy(b->repl.name, "filter");
	b->repl.valid_hooks = (1 << NF_INET_LOCAL_IN) |
			      (1 << NF_INET_FORWARD) |
			      (1 << NF_INET_LOCAL_OUT);
	b->repl.num_counters = 4;
}

static inline struct ipt_entry *blob_at(struct blob *b, unsigned int off)
{
	return (struct ipt_entry *)(b->entries + off);
}

/*
 * Append an entry with @ip, the @nm matches in @m (each a complete
 * xt_entry_match with its match_size set) and the target @t (complete,
 * target_size set). Returns its offset.
 */
static inline unsigned int blob_add(struct blob *b, const struct ipt_ip *ip,
				    const void *const *m, unsigned int nm,
				    const struct xt_entry_target *t)
{
	unsigned int off = b->repl.size, pos = sizeof(struct ipt_entry), i;
	struct ipt_entry *e = blob_at(b, off);

	if (ip)
		e->ip = *ip;
	for (i = 0; i < nm; i++) {
		const struct xt_entry_match *mm = m[i];

		memcpy((char *)e + pos, mm, mm->u.match_size);
		pos += mm->u.match_size;
	}
	e->target_offset = pos;
	memcpy((char *)e + pos, t, t->u.target_size);
	pos += t->u.target_size;
	e->next_offset = pos;
	b->repl.size += pos;
	b->repl.num_entries++;
	return off;
}

struct blob_std {
	struct xt_entry_target t;
	int verdict;
	int pad;
};

static inline unsigned int blob_add_std(struct blob *b,
					const struct ipt_ip *ip, int verdict)
{
	struct blob_std s = {
		.t.u.user.target_size = XT_ALIGN(sizeof(struct xt_standard_target)),
		.verdict = verdict,
	};

	return blob_add(b, ip, NULL, 0, &s.t);
}

static inline unsigned int blob_add_error(struct blob *b, const char *name)
{
	struct xt_error_target et = {
		.target.u.user.target_size = sizeof(struct xt_error_target),
		.target.u.user.name = XT_ERROR_TARGET,
	};

	strncpy(et.errorname, name, sizeof(et.errorname) - 1);
	return blob_add(b, NULL, NULL, 0, &et.target);
}

static inline void blob_hook(struct blob *b, unsigned int hook,
			     unsigned int entry, unsigned int underflow)
{
	b->repl.hook_entry[hook] = entry;
	b->repl.underflow[hook] = underflow;
}

#define VERDICT_ACCEPT (-NF_ACCEPT - 1)
#define VERDICT_DROP (-NF_DROP - 1)

/* The three filter chains with their policies, and the final ERROR. */
static inline void blob_filter(struct blob *b, int in, int fwd, int out)
{
	unsigned int off;

	off = blob_add_std(b, NULL, in);
	blob_hook(b, NF_INET_LOCAL_IN, off, off);
	off = blob_add_std(b, NULL, fwd);
	blob_hook(b, NF_INET_FORWARD, off, off);
	off = blob_add_std(b, NULL, out);
	blob_hook(b, NF_INET_LOCAL_OUT, off, off);
	blob_add_error(b, XT_ERROR_TARGET);
}

#endif /* _BPFILTER_TEST_BLOB_H */
