// SPDX-License-Identifier: GPL-2.0
/* The per network namespace state, in a hash of namespace cookies. */
#include <stdlib.h>
#include <string.h>

#include "netns.h"
#include "persist.h"

#define NETNS_BUCKETS 256

static struct netns *buckets[NETNS_BUCKETS];
static unsigned int held;

static struct netns **bucket_of(uint64_t cookie)
{
	return &buckets[(cookie * 0x9e3779b97f4a7c15ULL) >> 56];
}

struct netns *netns_get(uint64_t cookie)
{
	struct netns **head = bucket_of(cookie), *ns;

	for (ns = *head; ns; ns = ns->next)
		if (ns->cookie == cookie)
			return ns;

	ns = calloc(1, sizeof(*ns));
	if (!ns)
		return NULL;
	ns->cookie = cookie;
	ns->bpf.counters_fd = -1;
	ns->filter = persist_restore(cookie);
	ns->filter_live = !!ns->filter;
	if (!ns->filter)
		ns->filter = table_new_filter();
	if (!ns->filter) {
		free(ns);
		return NULL;
	}
	ns->next = *head;
	*head = ns;
	held++;
	return ns;
}

void netns_drop(uint64_t cookie)
{
	struct netns **p = bucket_of(cookie), *ns;

	for (; *p; p = &(*p)->next) {
		ns = *p;
		if (ns->cookie != cookie)
			continue;
		*p = ns->next;
		loader_release(&ns->bpf);
		table_free(ns->filter);
		free(ns);
		held--;
		return;
	}
}

int netns_install(struct netns *ns, const struct table *nt)
{
	struct loaded old = ns->bpf, fresh;
	int err;

	/* A new helper: its predecessor may have left programs running. */
	if (!ns->attached && loader_find(ns->cookie, &old))
		old.counters_fd = -1;
	err = loader_install(nt, ns->cookie, &fresh);
	if (err) {
		if (!ns->attached)
			loader_release(&old);
		return err;
	}
	if (old.counters_n == ns->filter->num_entries)
		loader_counters_add(&old, ns->filter->counters);
	loader_release(&old);
	ns->bpf = fresh;
	ns->attached = true;
	return 0;
}

int netns_counters(const struct netns *ns, struct xt_counters *out)
{
	const struct table *t = ns->filter;

	memcpy(out, t->counters, t->num_entries * sizeof(*out));
	return loader_counters_add(&ns->bpf, out);
}

unsigned int netns_count(void)
{
	return held;
}
