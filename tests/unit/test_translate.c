// SPDX-License-Identifier: GPL-2.0
/* translate(): ip_tables' validation of a replacement table. */
#include <errno.h>
#include <stdlib.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>

#include "kselftest_harness.h"
#include "blob.h"
#include "umh/log.h"
#include "umh/table.h"
#include "umh/translate.h"

#define HOOK(h) (1U << NF_INET_##h)

/* Validate @b; on success the table is freed after its checks. */
static int try(struct blob *b, struct table **out)
{
	void *entries = malloc(b->repl.size + 1);
	int err;

	memcpy(entries, b->entries, b->repl.size);
	err = translate(&b->repl, entries, out);
	if (err)
		free(entries);
	return err;
}

static int verdict_of(struct blob *b)
{
	struct table *t = NULL;
	int err = try(b, &t);

	table_free(t);
	return err;
}

struct tcp_match {
	struct xt_entry_match m;
	struct xt_tcp tcp;
	char pad[XT_ALIGN(sizeof(struct xt_tcp)) - sizeof(struct xt_tcp)];
};

static struct tcp_match tcp_match(uint8_t invflags, uint8_t revision)
{
	struct tcp_match t = {
		.m.u.user.match_size = sizeof(t),
		.m.u.user.name = "tcp",
		.m.u.user.revision = revision,
		.tcp.spts = { 0, 0xffff },
		.tcp.dpts = { 22, 22 },
		.tcp.invflags = invflags,
	};

	return t;
}

FIXTURE(table) {
	struct blob b;
};

FIXTURE_SETUP(table)
{
	log_init(1);
	blob_init(&self->b);
}

FIXTURE_TEARDOWN(table)
{
}

TEST(new_filter_table_matches_iptable_filter)
{
	struct table *t = table_new_filter();
	const struct ipt_entry *e;

	ASSERT_NE(NULL, t);
	EXPECT_EQ(632, t->size);
	EXPECT_EQ(4, t->num_entries);
	EXPECT_EQ(0xe, t->valid_hooks);
	EXPECT_EQ(0xffffffff, t->hook_entry[NF_INET_PRE_ROUTING]);
	EXPECT_EQ(0, t->hook_entry[NF_INET_LOCAL_IN]);
	EXPECT_EQ(152, t->hook_entry[NF_INET_FORWARD]);
	EXPECT_EQ(304, t->underflow[NF_INET_LOCAL_OUT]);
	EXPECT_EQ(0xffffffff, t->underflow[NF_INET_POST_ROUTING]);
	e = entry_at(t->entries, 0);
	EXPECT_EQ(HOOK(LOCAL_IN), e->comefrom);
	e = entry_at(t->entries, 152);
	EXPECT_EQ(HOOK(FORWARD), e->comefrom);
	e = entry_at(t->entries, 456);
	EXPECT_EQ(0, e->comefrom);
	table_free(t);
}

TEST_F(table, user_chain_entries_record_the_hooks_that_reach_them)
{
	struct blob *b = &self->b;
	unsigned int jump, chain, ret;
	struct table *t = NULL;

	/* INPUT: jump to "c"; policy. FORWARD, OUTPUT: policy. c: RETURN */
	jump = blob_add_std(b, NULL, 0);
	blob_hook(b, NF_INET_LOCAL_IN, jump, jump + 152);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_FORWARD, b->repl.size, b->repl.size);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_OUT, b->repl.size, b->repl.size);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	chain = blob_add_error(b, "c");
	ret = blob_add_std(b, NULL, XT_RETURN);
	blob_add_error(b, XT_ERROR_TARGET);
	((struct blob_std *)((char *)blob_at(b, jump) +
			     sizeof(struct ipt_entry)))->verdict = chain;

	ASSERT_EQ(0, try(b, &t));
	EXPECT_EQ(HOOK(LOCAL_IN), entry_at(t->entries, chain)->comefrom);
	EXPECT_EQ(HOOK(LOCAL_IN), entry_at(t->entries, ret)->comefrom);
	EXPECT_EQ(7, t->num_entries);
	table_free(t);
}

static void set_verdict(struct blob *b, unsigned int off, int verdict)
{
	((struct blob_std *)((char *)blob_at(b, off) +
			     sizeof(struct ipt_entry)))->verdict = verdict;
}

TEST_F(table, chain_jumping_to_itself_is_eloop)
{
	struct blob *b = &self->b;
	unsigned int jump, chain, again;

	jump = blob_add_std(b, NULL, 0);
	blob_hook(b, NF_INET_LOCAL_IN, jump, jump + 152);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_FORWARD, b->repl.size, b->repl.size);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_OUT, b->repl.size, b->repl.size);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	chain = blob_add_error(b, "c");
	again = blob_add_std(b, NULL, 0);
	blob_add_std(b, NULL, XT_RETURN);
	blob_add_error(b, XT_ERROR_TARGET);
	set_verdict(b, jump, chain);
	set_verdict(b, again, chain);
	EXPECT_EQ(-ELOOP, verdict_of(b));
	/* the same jump from an unreachable entry is not looked at */
	set_verdict(b, jump, VERDICT_DROP);
	blob_at(b, jump)->ip.proto = IPPROTO_TCP;
	EXPECT_EQ(0, verdict_of(b));
}

TEST_F(table, conditional_policy_is_einval)
{
	struct blob *b = &self->b;

	blob_filter(b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	blob_at(b, 152)->ip.proto = IPPROTO_TCP;
	EXPECT_EQ(-EINVAL, verdict_of(b));
}

TEST_F(table, jump_into_the_middle_of_an_entry_is_eloop)
{
	struct blob *b = &self->b;
	unsigned int off;

	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_IN, off, off);
	off = blob_add_std(b, NULL, 8);
	blob_hook(b, NF_INET_FORWARD, off, blob_add_std(b, NULL, VERDICT_DROP));
	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_OUT, off, off);
	blob_add_error(b, XT_ERROR_TARGET);
	b->repl.num_counters = 5;
	EXPECT_EQ(-ELOOP, verdict_of(b));
	set_verdict(b, 152, 304);
	EXPECT_EQ(0, verdict_of(b));
}

TEST_F(table, initial_shape_is_accepted)
{
	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_DROP, VERDICT_ACCEPT);
	EXPECT_EQ(0, verdict_of(&self->b));
}

TEST_F(table, wrong_entry_count_is_einval)
{
	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	self->b.repl.num_entries = 5;
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, unaligned_size_is_einval)
{
	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	self->b.repl.size += 4;
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, queue_policy_is_einval_and_stolen_verdict_too)
{
	blob_filter(&self->b, -NF_QUEUE - 1, VERDICT_ACCEPT, VERDICT_ACCEPT);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
	blob_init(&self->b);
	blob_filter(&self->b, -NF_STOLEN - 1, VERDICT_ACCEPT, VERDICT_ACCEPT);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, unsorted_hooks_are_einval)
{
	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	blob_hook(&self->b, NF_INET_LOCAL_IN, 152, 152);
	blob_hook(&self->b, NF_INET_FORWARD, 0, 0);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

/* INPUT: one rule with @m then ACCEPT; every chain's policy ACCEPT. */
static void rule_with(struct blob *b, const struct ipt_ip *ip,
		      const void *m, const struct xt_entry_target *t)
{
	struct blob_std accept = {
		.t.u.user.target_size = 40,
		.verdict = VERDICT_ACCEPT,
	};
	unsigned int off;

	off = blob_add(b, ip, m ? &m : NULL, m ? 1 : 0, t ? t : &accept.t);
	blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_IN, off, b->repl.size - 40 - 112);
	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_FORWARD, off, off);
	off = blob_add_std(b, NULL, VERDICT_ACCEPT);
	blob_hook(b, NF_INET_LOCAL_OUT, off, off);
	blob_add_error(b, XT_ERROR_TARGET);
	b->repl.num_counters = 5;
}

TEST_F(table, tcp_match_needs_protocol_tcp)
{
	struct ipt_ip ip = { .proto = IPPROTO_UDP };
	struct tcp_match m = tcp_match(0, 0);

	rule_with(&self->b, &ip, &m, NULL);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, tcp_match_on_tcp_is_accepted)
{
	struct ipt_ip ip = { .proto = IPPROTO_TCP };
	struct tcp_match m = tcp_match(XT_TCP_INV_DSTPT, 0);

	rule_with(&self->b, &ip, &m, NULL);
	EXPECT_EQ(0, verdict_of(&self->b));
}

TEST_F(table, tcp_match_with_unknown_inversion_is_einval)
{
	struct ipt_ip ip = { .proto = IPPROTO_TCP };
	struct tcp_match m = tcp_match(0x10, 0);

	rule_with(&self->b, &ip, &m, NULL);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, ipv4_extension_at_unknown_revision_is_enoent)
{
	struct ipt_ip ip = { .proto = IPPROTO_TCP };
	struct tcp_match m = tcp_match(0, 1);

	rule_with(&self->b, &ip, &m, NULL);
	EXPECT_EQ(-ENOENT, verdict_of(&self->b));
}

struct limit_match {
	struct xt_entry_match m;
	struct xt_rateinfo r;
};

TEST_F(table, any_family_extension_at_unknown_revision_is_eprototype)
{
	struct limit_match m = {
		.m.u.user.match_size = sizeof(m),
		.m.u.user.name = "limit",
		.m.u.user.revision = 1,
		.r = { .avg = 10000, .burst = 5 },
	};

	rule_with(&self->b, NULL, &m, NULL);
	EXPECT_EQ(-EPROTOTYPE, verdict_of(&self->b));
}

TEST_F(table, limit_with_zero_burst_is_erange)
{
	struct limit_match m = {
		.m.u.user.match_size = sizeof(m),
		.m.u.user.name = "limit",
		.r = { .avg = 10000, .burst = 0 },
	};

	rule_with(&self->b, NULL, &m, NULL);
	EXPECT_EQ(-ERANGE, verdict_of(&self->b));
}

TEST_F(table, unknown_match_name_is_enoent)
{
	struct xt_entry_match m = {
		.u.user.match_size = sizeof(m),
		.u.user.name = "nosuchmatch",
	};

	rule_with(&self->b, NULL, &m, NULL);
	EXPECT_EQ(-ENOENT, verdict_of(&self->b));
}

TEST_F(table, linux_match_bpfilter_cannot_compile_is_eopnotsupp)
{
	struct {
		struct xt_entry_match m;
		char data[24];
	} m = {
		.m.u.user.match_size = sizeof(m),
		.m.u.user.name = "statistic",
	};

	rule_with(&self->b, NULL, &m, NULL);
	EXPECT_EQ(-EOPNOTSUPP, verdict_of(&self->b));
}

struct reject_target {
	struct xt_entry_target t;
	struct ipt_reject_info r;
	int pad;
};

TEST_F(table, tcp_reset_needs_protocol_tcp)
{
	struct reject_target r = {
		.t.u.user.target_size = sizeof(r),
		.t.u.user.name = "REJECT",
		.r.with = IPT_TCP_RESET,
	};
	struct ipt_ip udp = { .proto = IPPROTO_UDP };

	rule_with(&self->b, &udp, NULL, &r.t);
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
	blob_init(&self->b);
	udp.proto = IPPROTO_TCP;
	rule_with(&self->b, &udp, NULL, &r.t);
	EXPECT_EQ(0, verdict_of(&self->b));
}

TEST_F(table, match_size_past_the_target_is_einval)
{
	struct tcp_match m = tcp_match(0, 0);
	struct ipt_ip ip = { .proto = IPPROTO_TCP };

	rule_with(&self->b, &ip, &m, NULL);
	((struct xt_entry_match *)blob_at(&self->b, 0)->elems)->u.match_size =
		sizeof(m) + 8;
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_F(table, unterminated_error_name_is_einval)
{
	struct xt_error_target *et;

	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	et = (void *)(self->b.entries + 456 + sizeof(struct ipt_entry));
	memset(et->errorname, 'x', sizeof(et->errorname));
	EXPECT_EQ(-EINVAL, verdict_of(&self->b));
}

TEST_HARNESS_MAIN
