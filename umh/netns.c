// SPDX-License-Identifier: GPL-2.0
/* The per network namespace state, in a hash of namespace cookies. */
#include <stdlib.h>

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
		table_free(ns->filter);
		free(ns);
		held--;
		return;
	}
}

unsigned int netns_count(void)
{
	return held;
}
