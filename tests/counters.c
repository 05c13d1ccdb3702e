// SPDX-License-Identifier: GPL-2.0
/*
 * counters: the packet and byte counters of every entry of the filter
 * table of the current network namespace, as IPT_SO_GET_ENTRIES hands them
 * out (from ip_tables or from bpfilter), one line per entry:
 *
 *   CHAIN N: PACKETS BYTES         rule N of CHAIN
 *   CHAIN policy: PACKETS BYTES    a built-in chain's policy
 *   CHAIN return: PACKETS BYTES    the end of a user chain
 *
 * These are the counters iptables-legacy-save -c prints (and the ends of
 * user chains, which it does not), without a process that loads every
 * extension: random.sh reads them after each of its rule sets.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4/ip_tables.h>

static const char * const hook_names[NF_INET_NUMHOOKS] = {
	"PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING",
};

int main(void)
{
	struct ipt_getinfo info = { .name = "filter" };
	socklen_t len = sizeof(info);
	struct ipt_get_entries *g;
	const char *chain = "?";
	unsigned int off, h, rule = 0;
	int fd;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || getsockopt(fd, SOL_IP, IPT_SO_GET_INFO, &info, &len)) {
		perror("counters: IPT_SO_GET_INFO");
		return 1;
	}
	len = sizeof(*g) + info.size;
	g = calloc(1, len);
	if (!g)
		return 1;
	strcpy(g->name, "filter");
	g->size = info.size;
	if (getsockopt(fd, SOL_IP, IPT_SO_GET_ENTRIES, g, &len)) {
		perror("counters: IPT_SO_GET_ENTRIES");
		return 1;
	}
	for (off = 0; off + sizeof(struct ipt_entry) <= info.size;) {
		const struct ipt_entry *e = (const void *)
			((const char *)g->entrytable + off);
		const struct xt_entry_target *t = (const void *)
			((const char *)e + e->target_offset);
		const char *what = NULL;

		if (e->next_offset < sizeof(*e) ||
		    e->target_offset + sizeof(*t) > e->next_offset)
			break;
		for (h = 0; h < NF_INET_NUMHOOKS; h++) {
			if (!(info.valid_hooks & (1U << h)))
				continue;
			if (info.hook_entry[h] == off) {
				chain = hook_names[h];
				rule = 0;
			}
			if (info.underflow[h] == off)
				what = "policy";
		}
		off += e->next_offset;
		if (!strcmp(t->u.user.name, XT_ERROR_TARGET)) {
			/* The head of a user chain, or the end of the table */
			chain = ((const struct xt_error_target *)t)->errorname;
			rule = 0;
			continue;
		}
		if (!what && strcmp(chain, "INPUT") &&
		    strcmp(chain, "FORWARD") && strcmp(chain, "OUTPUT") &&
		    off + sizeof(*e) <= info.size) {
			/* A user chain's last entry comes before an ERROR one. */
			const struct ipt_entry *n = (const void *)
				((const char *)g->entrytable + off);
			const struct xt_entry_target *nt = (const void *)
				((const char *)n + n->target_offset);

			if (!strcmp(nt->u.user.name, XT_ERROR_TARGET))
				what = "return";
		}
		if (what)
			printf("%s %s: %llu %llu\n", chain, what,
			       (unsigned long long)e->counters.pcnt,
			       (unsigned long long)e->counters.bcnt);
		else
			printf("%s %u: %llu %llu\n", chain, ++rule,
			       (unsigned long long)e->counters.pcnt,
			       (unsigned long long)e->counters.bcnt);
	}
	return 0;
}
