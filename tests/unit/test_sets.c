// SPDX-License-Identifier: GPL-2.0
/*
 * cg_find_sets(): which runs of rules become one map lookup. A run must
 * never let a packet match two of its rules, so that the rule the lookup
 * finds is the one ip_tables would count.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <linux/netfilter/xt_LOG.h>
#include <linux/netfilter/xt_tcpudp.h>

#include "kselftest_harness.h"
#include "blob.h"
#include "fake_loader.h"
#include "umh/codegen.h"
#include "umh/log.h"
#include "umh/translate.h"

struct udp_match {
	struct xt_entry_match m;
	struct xt_udp udp;
	char pad[4];
};

/* -s @src/@plen [-p udp --dport @dport] -j @verdict */
static void add_rule(struct blob *b, const char *src, unsigned int plen,
		     int dport, int verdict)
{
	struct ipt_ip ip = { 0 };
	struct udp_match um = {
		.m.u.user.match_size = XT_ALIGN(sizeof(struct xt_entry_match) +
						sizeof(struct xt_udp)),
		.m.u.user.name = "udp",
		.udp.spts = { 0, 0xffff },
	};
	const void *m[1] = { &um };
	struct blob_std s = {
		.t.u.user.target_size = XT_ALIGN(sizeof(struct xt_standard_target)),
		.verdict = verdict,
	};

	inet_pton(AF_INET, src, &ip.src);
	ip.smsk.s_addr = plen ? htonl(0xffffffffU << (32 - plen)) : 0;
	if (dport >= 0) {
		ip.proto = IPPROTO_UDP;
		um.udp.dpts[0] = (uint16_t)dport;
		um.udp.dpts[1] = (uint16_t)dport;
	}
	blob_add(b, &ip, m, dport >= 0, &s.t);
}

/* The chains' policies and the final ERROR after INPUT's rules. */
static void finish(struct blob *b)
{
	unsigned int off;

	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_IN, 0, off);
	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_FORWARD, off, off);
	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_OUT, off, off);
	blob_add_error(b, XT_ERROR_TARGET);
}

FIXTURE(sets) {
	struct blob b;
	struct table *t;
	struct cg_out out;
	bool scanned;
};

FIXTURE_SETUP(sets)
{
	log_init(1);
	cg_sets = true;
	blob_init(&self->b);
	self->t = NULL;
	self->scanned = false;
}

FIXTURE_TEARDOWN(sets)
{
	if (self->scanned)
		cg_release(&self->out);
	table_free(self->t);
}

/* Validate, scan and compile the blob; the programs must be well formed. */
static int scan(struct __test_metadata *_metadata,
		struct _test_data_sets *self)
{
	struct cg_maps m = { 100, 101, 102, NULL };
	int fds[64], err;
	unsigned int h;
	void *entries;

	finish(&self->b);
	entries = malloc(self->b.repl.size + 1);
	memcpy(entries, self->b.entries, self->b.repl.size);
	err = translate(&self->b.repl, entries, &self->t);
	if (err) {
		free(entries);
		return err;
	}
	err = cg_scan(self->t, &self->out);
	self->scanned = true;
	if (err)
		return err;
	for (h = 0; h < 64; h++)
		fds[h] = 200 + (int)h;
	m.sets = fds;
	err = cg_compile(self->t, &m, &self->out);
	for (h = 0; !err && h < CG_NPROGS; h++)
		EXPECT_EQ(0, fake_check_prog(&self->out.progs[h]));
	return err;
}

#define SCAN() ASSERT_EQ(0, scan(_metadata, self))

TEST_F(sets, exact_sources_with_one_verdict_are_one_hash_lookup)
{
	char a[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	SCAN();
	ASSERT_EQ(1, self->out.nsets);
	EXPECT_EQ(0, self->out.sets[0].first);
	EXPECT_EQ(20, self->out.sets[0].count);
	EXPECT_EQ(SET_SADDR, self->out.sets[0].fields);
	EXPECT_FALSE(self->out.sets[0].lpm);
	EXPECT_EQ(4, self->out.sets[0].key_size);
	EXPECT_EQ(0, self->out.set_at[0]);
	EXPECT_EQ(-1, self->out.set_at[1]);
}

TEST_F(sets, prefixes_make_an_lpm_trie)
{
	char a[32];
	int i;

	for (i = 0; i < 12; i++) {
		snprintf(a, sizeof(a), "10.%d.0.0", i);
		add_rule(&self->b, a, 16 + i % 2 * 8, -1, VERDICT_DROP);
	}
	SCAN();
	ASSERT_EQ(1, self->out.nsets);
	EXPECT_TRUE(self->out.sets[0].lpm);
	EXPECT_EQ(8, self->out.sets[0].key_size);
}

TEST_F(sets, a_nested_prefix_ends_the_run)
{
	char a[32];
	int i;

	/* 10 hosts of 10.0.0.0/24, the /24 itself, 10 hosts in it again. */
	for (i = 0; i < 10; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	add_rule(&self->b, "10.0.0.0", 24, -1, VERDICT_DROP);
	for (i = 0; i < 10; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 100);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	SCAN();
	ASSERT_EQ(2, self->out.nsets);
	EXPECT_EQ(0, self->out.sets[0].first);
	EXPECT_EQ(10, self->out.sets[0].count);
	EXPECT_EQ(11, self->out.sets[1].first);
	EXPECT_EQ(10, self->out.sets[1].count);
}

TEST_F(sets, a_duplicate_key_ends_the_run)
{
	char a[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i == 12 ? 1 : i + 1);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	SCAN();
	/* The duplicate starts the next run, of the 8 rules left. */
	ASSERT_EQ(2, self->out.nsets);
	EXPECT_EQ(12, self->out.sets[0].count);
	EXPECT_EQ(12, self->out.sets[1].first);
	EXPECT_EQ(8, self->out.sets[1].count);
}

TEST_F(sets, different_verdicts_split_runs)
{
	char a[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1,
			 i < 10 ? VERDICT_DROP : VERDICT_ACCEPT);
	}
	SCAN();
	ASSERT_EQ(2, self->out.nsets);
	EXPECT_EQ(10, self->out.sets[1].first);
}

TEST_F(sets, short_runs_stay_rules)
{
	char a[32];
	int i;

	for (i = 0; i < 7; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	SCAN();
	EXPECT_EQ(0, self->out.nsets);
}

TEST_F(sets, ports_and_addresses_need_a_probe)
{
	char a[32];
	int i;

	for (i = 0; i < 16; i++) {
		snprintf(a, sizeof(a), "192.168.%d.%d", i / 4, i % 4 + 1);
		add_rule(&self->b, a, i % 3 ? 32 : 24, 1000 + i, VERDICT_DROP);
	}
	SCAN();
	ASSERT_EQ(1, self->out.nsets);
	EXPECT_EQ(SET_SADDR | SET_DPORT, self->out.sets[0].fields);
	EXPECT_EQ(SET_SADDR, self->out.sets[0].probe_fields);
	EXPECT_TRUE(self->out.sets[0].lpm);
	/* prefix length, port, address */
	EXPECT_EQ(10, self->out.sets[0].key_size);
}

TEST_F(sets, ports_alone_need_no_probe)
{
	int i;

	for (i = 0; i < 16; i++)
		add_rule(&self->b, "0.0.0.0", 0, 2000 + i, VERDICT_DROP);
	SCAN();
	ASSERT_EQ(1, self->out.nsets);
	EXPECT_EQ(SET_DPORT, self->out.sets[0].fields);
	EXPECT_EQ(0, self->out.sets[0].probe_fields);
	EXPECT_FALSE(self->out.sets[0].lpm);
}

/* Both addresses vary, exact: both are in the key (8 bytes). */
TEST_F(sets, two_exact_addresses_are_both_in_the_key)
{
	struct ipt_ip ip = { 0 };
	int i;

	for (i = 0; i < 10; i++) {
		ip.src.s_addr = htonl(0x0a000001 + i);
		ip.dst.s_addr = htonl(0x0a010001 + i);
		ip.smsk.s_addr = 0xffffffff;
		ip.dmsk.s_addr = 0xffffffff;
		blob_add_std(&self->b, &ip, VERDICT_DROP);
	}
	SCAN();
	ASSERT_EQ(1, self->out.nsets);
	EXPECT_EQ(SET_SADDR | SET_DADDR, self->out.sets[0].fields);
	EXPECT_EQ(8, self->out.sets[0].key_size);
	EXPECT_EQ(0, memcmp(self->out.sets[0].keys + 8 * 3 + 4,
			    &(uint32_t){ htonl(0x0a010004) }, 4));
}

TEST_F(sets, returns_are_not_grouped)
{
	char a[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1, XT_RETURN);
	}
	SCAN();
	EXPECT_EQ(0, self->out.nsets);
}

TEST_F(sets, the_switch_turns_sets_off)
{
	char a[32];
	int i;

	for (i = 0; i < 20; i++) {
		snprintf(a, sizeof(a), "10.0.0.%d", i + 1);
		add_rule(&self->b, a, 32, -1, VERDICT_DROP);
	}
	cg_sets = false;
	SCAN();
	EXPECT_EQ(0, self->out.nsets);
	cg_sets = true;
}

TEST_HARNESS_MAIN
