// SPDX-License-Identifier: GPL-2.0
/* Writes valid replacement blobs into a directory, as the fuzzer's seeds. */
#include <stdio.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "../unit/blob.h"

static void save(const char *dir, const char *name, const struct blob *b)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return;
	fwrite(&b->repl, sizeof(b->repl), 1, f);
	fwrite(b->entries, b->repl.size, 1, f);
	fclose(f);
}

int main(int argc, char **argv)
{
	struct {
		struct xt_entry_match m;
		struct xt_tcp tcp;
		char pad[4];
	} tcp = {
		.m.u.user.match_size = sizeof(tcp),
		.m.u.user.name = "tcp",
		.tcp = { .spts = { 0, 0xffff }, .dpts = { 22, 22 } },
	};
	const void *m = &tcp;
	struct ipt_ip ip = { .proto = IPPROTO_TCP };
	struct blob b;
	unsigned int jump, chain, off;

	if (argc != 2)
		return 2;
	blob_init(&b);
	blob_filter(&b, VERDICT_ACCEPT, VERDICT_DROP, VERDICT_ACCEPT);
	save(argv[1], "initial", &b);

	blob_init(&b);
	jump = blob_add_std(&b, NULL, 0);
	blob_add(&b, &ip, &m, 1, &((struct blob_std){
		.t.u.user.target_size = 40, .verdict = VERDICT_DROP }).t);
	off = blob_add_std(&b, NULL, VERDICT_ACCEPT);
	blob_hook(&b, NF_INET_LOCAL_IN, jump, off);
	off = blob_add_std(&b, NULL, VERDICT_ACCEPT);
	blob_hook(&b, NF_INET_FORWARD, off, off);
	off = blob_add_std(&b, NULL, VERDICT_ACCEPT);
	blob_hook(&b, NF_INET_LOCAL_OUT, off, off);
	chain = blob_add_error(&b, "chain");
	blob_add_std(&b, NULL, XT_RETURN);
	blob_add_error(&b, XT_ERROR_TARGET);
	((struct blob_std *)blob_at(&b, jump)->elems)->verdict = chain;
	save(argv[1], "chain", &b);
	return 0;
}
