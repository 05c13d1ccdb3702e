// SPDX-License-Identifier: GPL-2.0
/*
 * Validation of a replacement table, with ip_tables' checks, order and
 * errno: first every entry's layout, then the hook entry points, then the
 * chain graph, then each match and target.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ext.h"
#include "log.h"
#include "translate.h"

/* ip_tables refuses more entry offsets than fit in its table size limit. */
#define XT_MAX_TABLE_SIZE (512U * 1024 * 1024)

/* comefrom bit for "on the path being walked" while marking chains */
#define WALKING (1U << NF_INET_NUMHOOKS)

struct walk {
	const struct ipt_replace *repl;
	const struct table *nt;
	void *entries;
	unsigned int *back;	/* per entry: where the walk came from */
};

static bool ip_ok(const struct ipt_ip *ip)
{
	return !(ip->flags & ~IPT_F_MASK) && !(ip->invflags & ~IPT_INV_MASK);
}

static bool unconditional(const struct ipt_entry *e)
{
	static const struct ipt_ip any;

	return e->target_offset == sizeof(struct ipt_entry) &&
	       memcmp(&e->ip, &any, sizeof(any)) == 0;
}

static bool is_standard(const struct xt_entry_target *t)
{
	return strcmp(t->u.user.name, XT_STANDARD_TARGET) == 0;
}

static int verdict_of(const struct xt_entry_target *t)
{
	return ((const struct xt_standard_target *)t)->verdict;
}

static bool verdict_ok(int v)
{
	if (v > 0)
		return true;
	return v == XT_RETURN || v == -NF_ACCEPT - 1 || v == -NF_DROP - 1 ||
	       v == -NF_QUEUE - 1;
}

/* A hook's underflow must be an unconditional ACCEPT or DROP policy. */
static bool underflow_ok(const struct ipt_entry *e)
{
	const struct xt_entry_target *t = entry_target(e);
	int v;

	if (!unconditional(e) || !is_standard(t))
		return false;
	v = verdict_of(t);
	return v == -NF_DROP - 1 || v == -NF_ACCEPT - 1;
}

/* Matches must tile the space between the entry header and the target. */
static int matches_fit(const char *pos, const char *end)
{
	long left = end - pos;
	const struct xt_entry_match *m;

	while (left > 0) {
		m = (const struct xt_entry_match *)pos;
		if ((uintptr_t)pos % __alignof__(struct xt_entry_match))
			return -EINVAL;
		if (left < (long)sizeof(*m))
			return -EINVAL;
		if (m->u.match_size < sizeof(*m) || m->u.match_size > left)
			return -EINVAL;
		left -= m->u.match_size;
		pos += m->u.match_size;
	}
	return 0;
}

static int offsets_ok(const struct ipt_entry *e)
{
	unsigned int toff = e->target_offset, next = e->next_offset;
	const struct xt_entry_target *t;

	if (toff < sizeof(*e) || toff + sizeof(*t) > next)
		return -EINVAL;
	t = entry_target(e);
	if (t->u.target_size < sizeof(*t) || toff + t->u.target_size > next)
		return -EINVAL;

	if (is_standard(t)) {
		if (XT_ALIGN(toff + sizeof(struct xt_standard_target)) != next)
			return -EINVAL;
		if (!verdict_ok(verdict_of(t)))
			return -EINVAL;
	} else if (strcmp(t->u.user.name, XT_ERROR_TARGET) == 0) {
		const struct xt_error_target *et = (const void *)t;

		if (t->u.target_size != sizeof(*et) ||
		    strnlen(et->errorname, sizeof(et->errorname)) ==
			    sizeof(et->errorname))
			return -EINVAL;
	}
	return matches_fit((const char *)e->elems, (const char *)t);
}

/* One entry's layout, and whether it is a hook's entry or underflow. */
static int check_entry(struct table *nt, const struct ipt_replace *repl,
		       unsigned int off)
{
	struct ipt_entry *e = entry_at(nt->entries, off);
	unsigned int h;
	int err;

	if (off % __alignof__(struct ipt_entry) ||
	    (uint64_t)off + sizeof(*e) >= repl->size ||
	    (uint64_t)off + e->next_offset > repl->size)
		return -EINVAL;
	if (e->next_offset < sizeof(*e) + sizeof(struct xt_entry_target))
		return -EINVAL;
	if (!ip_ok(&e->ip))
		return -EINVAL;
	err = offsets_ok(e);
	if (err)
		return err;

	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		if (!(repl->valid_hooks & (1U << h)))
			continue;
		if (off == repl->hook_entry[h])
			nt->hook_entry[h] = off;
		if (off == repl->underflow[h]) {
			if (!underflow_ok(e))
				return -EINVAL;
			nt->underflow[h] = off;
		}
	}
	memset(&e->counters, 0, sizeof(e->counters));
	e->comefrom = 0;
	return 0;
}

/* Hook entries and underflows all set, in hook order, none shared. */
static int hooks_ok(const struct table *nt, unsigned int valid_hooks)
{
	unsigned int h, last_entry = 0, last_uflow = 0;
	bool first = true;

	for (h = 0; h < NF_INET_NUMHOOKS; h++) {
		if (!(valid_hooks & (1U << h)))
			continue;
		if (nt->hook_entry[h] == UINT_MAX || nt->underflow[h] == UINT_MAX)
			return -EINVAL;
		if (!first && (nt->underflow[h] <= last_uflow ||
			       nt->hook_entry[h] <= last_entry)) {
			pr_err("%s: unsorted or duplicate hook %u",
			       nt->name, h);
			return -EINVAL;
		}
		last_entry = nt->hook_entry[h];
		last_uflow = nt->underflow[h];
		first = false;
	}
	return 0;
}

static int index_of(const struct walk *w, unsigned int off)
{
	return table_entry_index(w->nt, off);
}

/*
 * Walk every chain reachable from @hook without recursion, as ip_tables
 * does: a per-entry back pointer records where the walk came from, WALKING
 * marks the current path (meeting it again is a loop), and comefrom
 * collects the hooks each entry is reached from. A jump must land on an
 * entry and the walk must not run off the end of the blob; ip_tables
 * reports both as a loop too.
 */
static bool walk_hook(struct walk *w, unsigned int hook)
{
	unsigned int size = w->repl->size, pos, from, next;
	const struct xt_entry_target *t;
	struct ipt_entry *e;
	bool seen;

	pos = w->repl->hook_entry[hook];
	w->back[index_of(w, pos)] = pos;
	for (;;) {
		e = entry_at(w->entries, pos);
		t = entry_target(e);
		seen = e->comefrom & (1U << hook);
		if (e->comefrom & WALKING)
			return false;
		e->comefrom |= (1U << hook) | WALKING;

		if (seen || (unconditional(e) && is_standard(t) &&
			     verdict_of(t) < 0)) {
			/* Return: back out to the jump that led here, */
			do {
				e->comefrom ^= WALKING;
				from = pos;
				pos = w->back[index_of(w, from)];
				w->back[index_of(w, from)] = 0;
				if (pos == from)
					return true;
				e = entry_at(w->entries, pos);
			} while (from == pos + e->next_offset);
			/* and go on after the jump. */
			next = pos + e->next_offset;
			if (next >= size)
				return false;
		} else if (is_standard(t) && verdict_of(t) >= 0) {
			next = verdict_of(t);
			if (index_of(w, next) < 0)
				return false;
		} else {
			next = pos + e->next_offset;
			if (next >= size)
				return false;
		}
		w->back[index_of(w, next)] = pos;
		pos = next;
	}
}

static int mark_chains(struct table *nt, const struct ipt_replace *repl)
{
	struct walk w = {
		.repl = repl,
		.nt = nt,
		.entries = nt->entries,
	};
	unsigned int h;
	bool ok = true;

	w.back = calloc(nt->num_entries, sizeof(*w.back));
	if (!w.back)
		return -ENOMEM;
	for (h = 0; h < NF_INET_NUMHOOKS && ok; h++)
		if (repl->valid_hooks & (1U << h))
			ok = walk_hook(&w, h);
	free(w.back);
	return ok ? 0 : -ELOOP;
}

/*
 * Where entry @index is, as iptables numbers rules: "chain INPUT rule 3".
 * Built-in chains start at their hook entry, user chains after their
 * ERROR head.
 */
static void entry_place(const struct table *nt, unsigned int index,
			char *buf, size_t len)
{
	static const char *const hooks[] = {
		"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING",
	};
	const char *chain = "?";
	unsigned int i, h, rule = 0;

	for (i = 0; i <= index && i < nt->num_entries; i++) {
		struct ipt_entry *e = entry_at(nt->entries, nt->offsets[i]);
		struct xt_entry_target *t = entry_target(e);

		rule++;
		for (h = 0; h < NF_INET_NUMHOOKS; h++) {
			if ((nt->valid_hooks & (1U << h)) &&
			    nt->hook_entry[h] == nt->offsets[i]) {
				chain = hooks[h];
				rule = 1;
			}
		}
		if (strcmp(t->u.user.name, XT_ERROR_TARGET) == 0) {
			chain = ((struct xt_error_target *)t)->errorname;
			rule = 0;
		}
	}
	snprintf(buf, len, "chain %.30s rule %u", chain, rule);
}

static int check_ext(const struct ext_ctx *ctx, const struct table *nt,
		     unsigned int index, const char *name, uint8_t revision,
		     bool target, unsigned int data_size, void *data,
		     const struct ext **found)
{
	const char *kind = target ? "target" : "match";
	const struct ext *x;
	char place[64];
	int err;

	if (strnlen(name, XT_EXTENSION_MAXNAMELEN) == XT_EXTENSION_MAXNAMELEN)
		return -EINVAL;
	x = ext_find(name, revision, target, &err);
	if (!x) {
		if (err == -EOPNOTSUPP) {
			entry_place(nt, index, place, sizeof(place));
			pr_err("%s: %s: %s '%s' is not supported by bpfilter",
			       nt->name, place, kind, name);
		}
		return err;
	}
	if (XT_ALIGN(x->size) != data_size) {
		entry_place(nt, index, place, sizeof(place));
		pr_err("%s: %s: %s '%s' revision %u: size %u, expected %u",
		       nt->name, place, kind, name, revision, data_size,
		       (unsigned int)XT_ALIGN(x->size));
		return -EINVAL;
	}
	if (x->only_table && strcmp(x->only_table, nt->name) != 0)
		return -EINVAL;
	if (x->hooks && (ctx->hook_mask & ~x->hooks))
		return -EINVAL;
	if (x->proto && (x->proto != ctx->ip->proto ||
			 (ctx->ip->invflags & IPT_INV_PROTO)))
		return -EINVAL;
	if (x->check) {
		err = x->check(ctx, data);
		if (err)
			return err < 0 ? err : -EIO;
	}
	*found = x;
	return 0;
}

/* Every match of an entry, then its target, as find_check_entry() does. */
static int check_entry_exts(const struct table *nt, unsigned int index)
{
	struct ipt_entry *e = entry_at(nt->entries, nt->offsets[index]);
	struct ext_ctx ctx = {
		.table = nt->name,
		.ip = &e->ip,
		.hook_mask = e->comefrom,
	};
	struct xt_entry_target *t = entry_target(e);
	const struct ext *x;
	unsigned int off;
	int err;

	for (off = sizeof(*e); off < e->target_offset;) {
		struct xt_entry_match *m = (void *)((char *)e + off);

		err = check_ext(&ctx, nt, index, m->u.user.name,
				m->u.user.revision, false,
				m->u.match_size - sizeof(*m), m->data, &x);
		if (err)
			return err;
		off += m->u.match_size;
	}
	return check_ext(&ctx, nt, index, t->u.user.name,
			 t->u.user.revision, true,
			 t->u.target_size - sizeof(*t), t->data, &x);
}

static struct table *table_alloc(const struct ipt_replace *repl,
				 void *entries)
{
	struct table *nt = calloc(1, sizeof(*nt));

	if (!nt)
		return NULL;
	memcpy(nt->name, repl->name, sizeof(nt->name));
	nt->name[sizeof(nt->name) - 1] = '\0';
	nt->valid_hooks = repl->valid_hooks;
	nt->size = repl->size;
	nt->entries = entries;
	memset(nt->hook_entry, 0xff, sizeof(nt->hook_entry));
	memset(nt->underflow, 0xff, sizeof(nt->underflow));
	return nt;
}

/* First pass: the layout of every entry, and their offsets. */
static int walk_entries(struct table *nt, const struct ipt_replace *repl)
{
	unsigned int off, n = 0, cap = 0, *offsets = NULL, *grown;
	int err;

	for (off = 0; off < repl->size;
	     off += entry_at(nt->entries, off)->next_offset) {
		err = check_entry(nt, repl, off);
		if (err)
			goto fail;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			grown = realloc(offsets, cap * sizeof(*offsets));
			if (!grown) {
				err = -ENOMEM;
				goto fail;
			}
			offsets = grown;
		}
		offsets[n++] = off;
	}
	nt->offsets = offsets;
	nt->num_entries = n;
	return 0;
fail:
	free(offsets);
	return err;
}

int translate(const struct ipt_replace *repl, void *entries,
	      struct table **out)
{
	struct table *nt;
	unsigned int i;
	int err;

	if (repl->num_entries > XT_MAX_TABLE_SIZE / sizeof(unsigned int))
		return -ENOMEM;
	nt = table_alloc(repl, entries);
	if (!nt)
		return -ENOMEM;

	err = walk_entries(nt, repl);
	if (err)
		goto fail;
	err = -EINVAL;
	if (nt->num_entries != repl->num_entries)
		goto fail;
	err = hooks_ok(nt, repl->valid_hooks);
	if (err)
		goto fail;
	err = mark_chains(nt, repl);
	if (err)
		goto fail;
	for (i = 0; i < nt->num_entries; i++) {
		err = check_entry_exts(nt, i);
		if (err)
			goto fail;
	}

	nt->counters = calloc(nt->num_entries ? nt->num_entries : 1,
			      sizeof(*nt->counters));
	if (!nt->counters) {
		err = -ENOMEM;
		goto fail;
	}
	*out = nt;
	return 0;
fail:
	nt->entries = NULL;
	table_free(nt);
	return err;
}
