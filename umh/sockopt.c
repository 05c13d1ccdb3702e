// SPDX-License-Identifier: GPL-2.0
/*
 * The iptables sockopts, with ip_tables' checks in ip_tables' order, so
 * that every caller sees the errno it would see without bpfilter. Only the
 * filter table is ours: for any other name we answer -ENOPROTOOPT after the
 * checks that do not depend on the table, and x_tables serves the call.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "callmem.h"
#include "ext.h"
#include "log.h"
#include "netns.h"
#include "sockopt.h"
#include "translate.h"

/*
 * ip_tables refuses a table whose size plus its 64-byte table header
 * reaches XT_MAX_TABLE_SIZE.
 */
#define XT_MAX_TABLE_SIZE (512U * 1024 * 1024)
#define XT_TABLE_INFO_SIZE 64

/* Entries are read in pieces, so memory follows what the caller has. */
#define READ_STEP (1U << 20)

static bool is_filter(const char *name)
{
	return strcmp(name, "filter") == 0;
}

/* Read @len bytes at @addr into a new buffer, growing it as reads succeed. */
static int read_blob(const struct caller *c, uint64_t addr, uint32_t len,
		     void **out)
{
	uint32_t done = 0, step;
	char *buf = NULL, *grown;
	int err;

	do {
		step = len - done < READ_STEP ? len - done : READ_STEP;
		grown = realloc(buf, (size_t)done + step + 1);
		if (!grown) {
			free(buf);
			return -ENOMEM;
		}
		buf = grown;
		err = caller_read(c, addr + done, buf + done, step);
		if (err) {
			free(buf);
			return err;
		}
		done += step;
	} while (done < len);
	*out = buf;
	return 0;
}

static int get_info(const struct caller *c, const struct mbox_request *req,
		    struct netns *ns)
{
	struct ipt_getinfo info;
	const struct table *t;
	char name[XT_TABLE_MAXNAMELEN];

	if ((int32_t)req->len != (int32_t)sizeof(info))
		return -EINVAL;
	if (caller_read(c, req->addr, name, sizeof(name)))
		return -EFAULT;
	name[sizeof(name) - 1] = '\0';
	if (!is_filter(name))
		return -ENOPROTOOPT;

	ns->filter_live = true;
	t = ns->filter;
	memset(&info, 0, sizeof(info));
	strcpy(info.name, name);
	info.valid_hooks = t->valid_hooks;
	memcpy(info.hook_entry, t->hook_entry, sizeof(info.hook_entry));
	memcpy(info.underflow, t->underflow, sizeof(info.underflow));
	info.num_entries = t->num_entries;
	info.size = t->size;
	return caller_write(c, req->addr, &info, sizeof(info));
}

/* What ip_tables shows of a match or target: its data up to usersize. */
static void to_user(char *dst, const char *src, unsigned int data_size,
		    const char *name, uint8_t revision, bool target)
{
	struct xt_entry_match *u = (void *)dst;
	const struct ext *x;
	unsigned int shown;
	int err;

	x = ext_find(name, revision, target, &err);
	shown = x && x->usersize ? x->usersize : data_size;
	if (x && !x->usersize && x->size < data_size)
		shown = x->size;
	memcpy(u->data, src + sizeof(*u), shown);
	memset(u->data + shown, 0, data_size - shown);
	u->u.match_size = ((const struct xt_entry_match *)src)->u.match_size;
	memcpy(u->u.user.name, name, strlen(name) + 1);
	u->u.user.revision = revision;
}

/*
 * The entries as ip_tables copies them out: the stored blob with current
 * counters and each match and target rewritten from what the kernel keeps.
 * Bytes after the NUL of a name are not written, so they keep whatever the
 * caller's buffer held: @out starts as a copy of it.
 */
static void entries_to_user(const struct table *t,
			    const struct xt_counters *counters, char *out)
{
	unsigned int i, off;

	for (i = 0; i < t->num_entries; i++) {
		const char *src = (char *)t->entries + t->offsets[i];
		const struct ipt_entry *e = (const void *)src;
		struct ipt_entry *d = (void *)(out + t->offsets[i]);

		memcpy(d, e, offsetof(struct ipt_entry, counters));
		d->counters = counters[i];
		for (off = sizeof(*e); off < e->target_offset;) {
			const struct xt_entry_match *m = (void *)(src + off);

			to_user((char *)d + off, src + off,
				m->u.match_size - sizeof(*m), m->u.user.name,
				m->u.user.revision, false);
			off += m->u.match_size;
		}
		off = e->target_offset;
		to_user((char *)d + off, src + off,
			entry_target(e)->u.target_size -
				sizeof(struct xt_entry_target),
			entry_target(e)->u.user.name,
			entry_target(e)->u.user.revision, true);
	}
}

static int get_entries(const struct caller *c, const struct mbox_request *req,
		       struct netns *ns)
{
	struct ipt_get_entries hdr;
	struct xt_counters *counters;
	const struct table *t;
	int64_t len = (int32_t)req->len;
	void *out;
	int err;

	if (len < (int64_t)sizeof(hdr) && len >= 0)
		return -EINVAL;
	if (caller_read(c, req->addr, &hdr, sizeof(hdr)))
		return -EFAULT;
	if ((uint64_t)len != sizeof(hdr) + (uint64_t)hdr.size)
		return -EINVAL;
	hdr.name[sizeof(hdr.name) - 1] = '\0';
	if (!is_filter(hdr.name))
		return -ENOPROTOOPT;

	ns->filter_live = true;
	t = ns->filter;
	if (hdr.size != t->size)
		return -EAGAIN;
	err = read_blob(c, req->addr + sizeof(hdr), t->size, &out);
	if (err == -EFAULT) {
		/* Unreadable is fine if writable; ip_tables only writes. */
		out = calloc(1, t->size + 1);
		err = out ? 0 : -ENOMEM;
	}
	if (err)
		return err;
	counters = calloc(t->num_entries, sizeof(*counters));
	err = counters ? netns_counters(ns, counters) : -ENOMEM;
	if (!err) {
		entries_to_user(t, counters, out);
		err = caller_write(c, req->addr + sizeof(hdr), out, t->size);
	}
	free(counters);
	free(out);
	return err;
}

static int get_revision(const struct caller *c,
			const struct mbox_request *req)
{
	struct xt_get_revision rev;
	int ret;

	if ((int32_t)req->len != (int32_t)sizeof(rev))
		return -EINVAL;
	if (caller_read(c, req->addr, &rev, sizeof(rev)))
		return -EFAULT;
	rev.name[sizeof(rev.name) - 1] = '\0';
	ret = ext_revision(rev.name, rev.revision,
			   req->cmd == IPT_SO_GET_REVISION_TARGET);
	return ret == -ENOENT ? -ENOPROTOOPT : ret;
}

static int replace(const struct caller *c, const struct mbox_request *req,
		   struct netns *ns)
{
	struct table *old, *nt = NULL;
	struct ipt_replace repl;
	void *entries;
	int err;

	if (req->len < sizeof(repl))
		return -EINVAL;
	if (caller_read(c, req->addr, &repl, sizeof(repl)))
		return -EFAULT;
	if (repl.num_counters >= INT_MAX / sizeof(struct xt_counters))
		return -ENOMEM;
	if (repl.num_counters == 0)
		return -EINVAL;
	if ((uint64_t)req->len < (uint64_t)repl.size + sizeof(repl))
		return -EINVAL;
	repl.name[sizeof(repl.name) - 1] = '\0';
	if (!is_filter(repl.name))
		return -ENOPROTOOPT;
	if ((uint64_t)repl.size + XT_TABLE_INFO_SIZE >= XT_MAX_TABLE_SIZE)
		return -ENOMEM;

	err = read_blob(c, req->addr + sizeof(repl), repl.size, &entries);
	if (err)
		return err;
	err = translate(&repl, entries, &nt);
	if (err) {
		free(entries);
		return err;
	}

	/* ip_tables allocates the old counters, then finds the table. */
	old = ns->filter;
	if ((uint64_t)repl.num_counters * sizeof(struct xt_counters) >
	    XT_MAX_TABLE_SIZE) {
		err = -ENOMEM;
	} else {
		ns->filter_live = true;
		if (repl.valid_hooks != old->valid_hooks)
			err = -EINVAL;
		else if (repl.num_counters != old->num_entries)
			err = -EAGAIN;
	}
	if (!err)
		err = netns_install(ns, nt);
	if (err) {
		table_free(nt);
		return err;
	}

	ns->filter = nt;
	/* The new table is in force: a fault here cannot undo it. */
	if (caller_write(c, (uintptr_t)repl.counters, old->counters,
			 (size_t)repl.num_counters * sizeof(*old->counters)))
		pr_warn("filter: counters copy to user failed while replacing table");
	table_free(old);
	return 0;
}

static int add_counters(const struct caller *c,
			const struct mbox_request *req, struct netns *ns)
{
	struct xt_counters_info hdr;
	struct xt_counters *add;
	struct table *t;
	uint64_t bytes;
	unsigned int i;
	int err;

	if (req->len <= sizeof(hdr))
		return -EINVAL;
	if (caller_read(c, req->addr, &hdr, sizeof(hdr)))
		return -EFAULT;
	hdr.name[sizeof(hdr.name) - 1] = '\0';
	bytes = (uint64_t)hdr.num_counters * sizeof(struct xt_counters);
	if (bytes != req->len - sizeof(hdr))
		return -EINVAL;
	if (!is_filter(hdr.name))
		return -ENOPROTOOPT;

	t = ns->filter;
	if (hdr.num_counters != t->num_entries) {
		/* ip_tables copies the counters before it compares. */
		err = caller_probe(c, req->addr + sizeof(hdr), bytes);
		if (err)
			return err;
		ns->filter_live = true;
		return -EINVAL;
	}
	err = read_blob(c, req->addr + sizeof(hdr), bytes, (void **)&add);
	if (err)
		return err;
	ns->filter_live = true;
	for (i = 0; i < t->num_entries; i++) {
		t->counters[i].pcnt += add[i].pcnt;
		t->counters[i].bcnt += add[i].bcnt;
	}
	free(add);
	return 0;
}

/* 32-bit callers: see README, "32-bit iptables". */
static int refuse_compat(const struct caller *c,
			 const struct mbox_request *req)
{
	char name[XT_TABLE_MAXNAMELEN];

	if (req->cmd == IPT_SO_GET_REVISION_MATCH ||
	    req->cmd == IPT_SO_GET_REVISION_TARGET)
		return 0;
	if (caller_read(c, req->addr, name, sizeof(name)))
		return -ENOPROTOOPT;
	name[sizeof(name) - 1] = '\0';
	if (!is_filter(name))
		return -ENOPROTOOPT;
	pr_warn("filter: pid %u is a 32-bit caller, which bpfilter does not serve",
		req->pid);
	return -EOPNOTSUPP;
}

static int dispatch(const struct caller *c, const struct mbox_request *req,
		    struct netns *ns)
{
	if (req->is_set) {
		switch (req->cmd) {
		case IPT_SO_SET_REPLACE:
			return replace(c, req, ns);
		case IPT_SO_SET_ADD_COUNTERS:
			return add_counters(c, req, ns);
		}
		return -EINVAL;
	}
	switch (req->cmd) {
	case IPT_SO_GET_INFO:
		return get_info(c, req, ns);
	case IPT_SO_GET_ENTRIES:
		return get_entries(c, req, ns);
	case IPT_SO_GET_REVISION_MATCH:
	case IPT_SO_GET_REVISION_TARGET:
		return get_revision(c, req);
	}
	return -EINVAL;
}

int sockopt_handle(const struct mbox_request *req, uint32_t *flags)
{
	struct caller c = { .pid = req->pid };
	struct netns *ns;
	int err;

	*flags = 0;
	if (req->flags & BPFILTER_REQ_COMPAT) {
		err = refuse_compat(&c, req);
		if (err)
			return err;
	}
	ns = netns_get(req->netns);
	if (!ns)
		return -ENOMEM;
	err = dispatch(&c, req, ns);
	/* A live table is enforced, as x_tables registers its hooks. */
	if (ns->filter_live && !ns->attached && netns_install(ns, ns->filter))
		pr_err("netns %llu: the filter table is not enforced",
		       (unsigned long long)ns->cookie);
	*flags = ns->filter_live ? BPFILTER_REPLY_FILTER_LIVE : 0;
	return err;
}
