// SPDX-License-Identifier: GPL-2.0
/*
 * bpfilter-dump: the BPF programs bpfilter generates for the filter table
 * of the current network namespace, in readable form.
 *
 * It reads the table with IPT_SO_GET_INFO and IPT_SO_GET_ENTRIES, from
 * ip_tables or from bpfilter (both hand out the same blob), validates it
 * and compiles it as the helper does, with map file descriptors shown as
 * numbers: 100 counters, 101 scratch area, 102 limit buckets, and from
 * 200 on two per set (its map, its probe map). Needs CAP_NET_ADMIN, like
 * iptables.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>

#include "umh/codegen.h"
#include "umh/log.h"
#include "umh/translate.h"

static struct ipt_replace *read_filter(void)
{
	struct ipt_getinfo info = { .name = "filter" };
	socklen_t len = sizeof(info);
	struct ipt_get_entries *g;
	struct ipt_replace *r;
	int fd;

	fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (fd < 0 || getsockopt(fd, SOL_IP, IPT_SO_GET_INFO, &info, &len)) {
		perror("reading the filter table");
		exit(1);
	}
	len = sizeof(*g) + info.size;
	g = calloc(1, len);
	r = calloc(1, sizeof(*r) + info.size);
	if (!g || !r)
		exit(1);
	strcpy(g->name, "filter");
	g->size = info.size;
	if (getsockopt(fd, SOL_IP, IPT_SO_GET_ENTRIES, g, &len)) {
		perror("reading the filter table's entries");
		exit(1);
	}
	strcpy(r->name, "filter");
	r->valid_hooks = info.valid_hooks;
	r->num_entries = info.num_entries;
	r->size = info.size;
	memcpy(r->hook_entry, info.hook_entry, sizeof(r->hook_entry));
	memcpy(r->underflow, info.underflow, sizeof(r->underflow));
	memcpy(r->entries, g->entrytable, info.size);
	free(g);
	return r;
}

int main(void)
{
	struct cg_maps maps = { 100, 101, 102, NULL };
	int *sets = NULL;
	struct ipt_replace *r = read_filter();
	struct table *t = NULL;
	struct cg_out out;
	void *entries;
	unsigned int h;
	int err;

	log_init(1);
	entries = malloc(r->size + 1);
	if (!entries)
		return 1;
	memcpy(entries, r->entries, r->size);
	err = translate(r, entries, &t);
	if (!err)
		err = cg_scan(t, &out);
	if (!err) {
		sets = calloc(2 * out.nsets + 1, sizeof(*sets));
		for (h = 0; sets && h < 2 * out.nsets; h++)
			sets[h] = 200 + (int)h;
		maps.sets = sets;
		err = sets ? cg_compile(t, &maps, &out) : -ENOMEM;
	}
	if (err) {
		fprintf(stderr, "bpfilter cannot compile this table: %s\n",
			strerror(-err));
		return 1;
	}
	printf("; filter table: %u entries, %u bytes; needs %#x\n",
	       t->num_entries, t->size, out.needs);
	for (h = 0; h < CG_NPROGS; h++) {
		printf("\n; %s: %u instructions\n", cg_chains[h],
		       out.progs[h].len);
		prog_dump(&out.progs[h], stdout);
	}
	cg_release(&out);
	table_free(t);
	free(r);
	return 0;
}
