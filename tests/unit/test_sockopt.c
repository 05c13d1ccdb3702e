// SPDX-License-Identifier: GPL-2.0
/*
 * sockopt_handle(): the iptables sockopts as the helper serves them. The
 * "caller" is this process, whose memory the helper reads and writes with
 * process_vm_readv/writev exactly as it does a real caller's.
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>
#include <linux/netfilter/xt_limit.h>

#include "kselftest_harness.h"
#include "blob.h"
#include "msgfmt.h"
#include "umh/log.h"
#include "umh/sockopt.h"

#define NETNS 42

static int call(unsigned int cmd, bool is_set, void *buf, unsigned int len)
{
	struct mbox_request req = {
		.addr = (uintptr_t)buf,
		.len = len,
		.is_set = is_set,
		.cmd = cmd,
		.pid = getpid(),
		.netns = NETNS,
	};
	uint32_t flags;

	return sockopt_handle(&req, &flags);
}

static int get_info(struct ipt_getinfo *info, const char *name)
{
	memset(info, 0, sizeof(*info));
	strcpy(info->name, name);
	return call(IPT_SO_GET_INFO, false, info, sizeof(*info));
}

/* The entries of the filter table, in a buffer the caller frees. */
static struct ipt_get_entries *get_entries(unsigned int size)
{
	struct ipt_get_entries *g = calloc(1, sizeof(*g) + size);

	strcpy(g->name, "filter");
	g->size = size;
	if (call(IPT_SO_GET_ENTRIES, false, g, sizeof(*g) + size)) {
		free(g);
		return NULL;
	}
	return g;
}

/* Replace the filter table with @b; old counters land in @old. */
static int replace(struct blob *b, struct xt_counters *old)
{
	b->repl.counters = old;
	return call(IPT_SO_SET_REPLACE, true, &b->repl,
		    sizeof(b->repl) + b->repl.size);
}

FIXTURE(helper) {
	struct blob b;
	struct xt_counters old[64];
};

FIXTURE_SETUP(helper)
{
	log_init(1);
	blob_init(&self->b);
}

FIXTURE_TEARDOWN(helper)
{
}

TEST_F(helper, info_of_a_new_namespace_is_the_initial_filter_table)
{
	struct ipt_getinfo info;

	ASSERT_EQ(0, get_info(&info, "filter"));
	EXPECT_EQ(0xe, info.valid_hooks);
	EXPECT_EQ(4, info.num_entries);
	EXPECT_EQ(632, info.size);
	EXPECT_EQ(304, info.hook_entry[NF_INET_LOCAL_OUT]);
	EXPECT_EQ(0xffffffff, info.hook_entry[NF_INET_PRE_ROUTING]);
	EXPECT_STREQ("filter", info.name);
}

TEST_F(helper, other_tables_are_left_to_x_tables)
{
	struct ipt_getinfo info;

	EXPECT_EQ(-ENOPROTOOPT, get_info(&info, "nat"));
	EXPECT_EQ(-ENOPROTOOPT, get_info(&info, "mangle"));
}

TEST_F(helper, info_with_a_wrong_length_is_einval_even_for_nat)
{
	struct ipt_getinfo info = { .name = "nat" };

	EXPECT_EQ(-EINVAL, call(IPT_SO_GET_INFO, false, &info, 83));
}

TEST_F(helper, unreadable_buffer_is_efault)
{
	EXPECT_EQ(-EFAULT, call(IPT_SO_GET_INFO, false, (void *)8,
				sizeof(struct ipt_getinfo)));
}

TEST_F(helper, entries_round_trip_with_comefrom_and_counters)
{
	struct ipt_get_entries *g;
	struct ipt_entry *e;

	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_DROP, VERDICT_ACCEPT);
	ASSERT_EQ(0, replace(&self->b, self->old));

	g = get_entries(self->b.repl.size);
	ASSERT_NE(NULL, g);
	e = (struct ipt_entry *)((char *)g->entrytable + 152);
	EXPECT_EQ(1 << NF_INET_FORWARD, e->comefrom);
	EXPECT_EQ(VERDICT_DROP, ((struct blob_std *)e->elems)->verdict);
	/* Everything else is what was given. */
	e->comefrom = 0;
	((struct ipt_entry *)g->entrytable)->comefrom = 0;
	((struct ipt_entry *)((char *)g->entrytable + 304))->comefrom = 0;
	EXPECT_EQ(0, memcmp(g->entrytable, self->b.entries, self->b.repl.size));
	free(g);
}

static int get_empty_entries(void)
{
	struct ipt_get_entries g = { .name = "filter", .size = 0 };

	return call(IPT_SO_GET_ENTRIES, false, &g, sizeof(g));
}

TEST_F(helper, entries_of_the_wrong_size_is_eagain)
{
	EXPECT_EQ(NULL, get_entries(600));
	EXPECT_EQ(-EAGAIN, get_empty_entries());
}

TEST_F(helper, replace_writes_back_the_old_counters)
{
	struct xt_counters add[4] = { { 1, 100 }, { 2, 200 }, { 3, 300 } };
	struct {
		struct xt_counters_info info;
		struct xt_counters c[4];
	} req = { .info = { .name = "filter", .num_counters = 4 } };

	memcpy(req.c, add, sizeof(add));
	ASSERT_EQ(0, call(IPT_SO_SET_ADD_COUNTERS, true, &req, sizeof(req)));
	ASSERT_EQ(0, call(IPT_SO_SET_ADD_COUNTERS, true, &req, sizeof(req)));

	blob_filter(&self->b, VERDICT_ACCEPT, VERDICT_ACCEPT, VERDICT_ACCEPT);
	memset(self->old, 0xff, sizeof(self->old));
	ASSERT_EQ(0, replace(&self->b, self->old));
	EXPECT_EQ(2, self->old[0].pcnt);
	EXPECT_EQ(400, self->old[1].bcnt);
	EXPECT_EQ(6, self->old[2].pcnt);
	EXPECT_EQ(0, self->old[3].pcnt);
}

TEST_F(helper, add_counters_with_the_wrong_count_is_einval)
{
	struct {
		struct xt_counters_info info;
		struct xt_counters c[3];
	} req = { .info = { .name = "filter", .num_counters = 3 } };

	EXPECT_EQ(-EINVAL, call(IPT_SO_SET_ADD_COUNTERS, true, &req,
				sizeof(req)));
	/* num_counters must agree with the length too */
	req.info.num_counters = 4;
	EXPECT_EQ(-EINVAL, call(IPT_SO_SET_ADD_COUNTERS, true, &req,
				sizeof(req)));
}

TEST_F(helper, replace_with_stale_counter_count_is_eagain_and_keeps_table)
{
	struct ipt_getinfo info;

	blob_filter(&self->b, VERDICT_DROP, VERDICT_ACCEPT, VERDICT_ACCEPT);
	self->b.repl.num_counters = 5;
	EXPECT_EQ(-EAGAIN, replace(&self->b, self->old));
	ASSERT_EQ(0, get_info(&info, "filter"));
	EXPECT_EQ(632, info.size);
}

TEST_F(helper, replace_with_zero_counters_is_einval)
{
	blob_filter(&self->b, VERDICT_DROP, VERDICT_ACCEPT, VERDICT_ACCEPT);
	self->b.repl.num_counters = 0;
	EXPECT_EQ(-EINVAL, replace(&self->b, self->old));
}

TEST_F(helper, replace_with_wrong_hooks_is_einval)
{
	blob_filter(&self->b, VERDICT_DROP, VERDICT_ACCEPT, VERDICT_ACCEPT);
	self->b.repl.valid_hooks |= 1 << NF_INET_PRE_ROUTING;
	self->b.repl.hook_entry[NF_INET_PRE_ROUTING] = 0;
	EXPECT_NE(0, replace(&self->b, self->old));
}

TEST_F(helper, replace_of_nat_is_left_to_x_tables)
{
	blob_filter(&self->b, VERDICT_DROP, VERDICT_ACCEPT, VERDICT_ACCEPT);
	strcpy(self->b.repl.name, "nat");
	EXPECT_EQ(-ENOPROTOOPT, replace(&self->b, self->old));
}

TEST_F(helper, limit_shows_only_rate_and_burst)
{
	struct {
		struct xt_entry_match m;
		struct xt_rateinfo r;
	} lim = {
		.m.u.user.match_size = sizeof(lim),
		.m.u.user.name = "limit",
		.r = { .avg = 10000, .burst = 5, .prev = 7, .cost = 9 },
	};
	const void *m = &lim;
	struct ipt_get_entries *g;
	struct xt_rateinfo *r;
	unsigned int off;

	off = blob_add(&self->b, NULL, &m, 1, &((struct blob_std){
		.t.u.user.target_size = 40, .verdict = VERDICT_DROP }).t);
	blob_add_std(&self->b, NULL, VERDICT_ACCEPT);
	blob_hook(&self->b, NF_INET_LOCAL_IN, off, self->b.repl.size - 152);
	off = blob_add_std(&self->b, NULL, VERDICT_ACCEPT);
	blob_hook(&self->b, NF_INET_FORWARD, off, off);
	off = blob_add_std(&self->b, NULL, VERDICT_ACCEPT);
	blob_hook(&self->b, NF_INET_LOCAL_OUT, off, off);
	blob_add_error(&self->b, XT_ERROR_TARGET);
	ASSERT_EQ(0, replace(&self->b, self->old));

	g = get_entries(self->b.repl.size);
	ASSERT_NE(NULL, g);
	r = (void *)((char *)g->entrytable + sizeof(struct ipt_entry) +
		     sizeof(struct xt_entry_match));
	EXPECT_EQ(10000, r->avg);
	EXPECT_EQ(5, r->burst);
	EXPECT_EQ(0, r->prev);
	EXPECT_EQ(0, r->cost);
	free(g);
}

static int revision(unsigned int cmd, const char *name, uint8_t rev)
{
	struct xt_get_revision r = { .revision = rev };

	strcpy(r.name, name);
	return call(cmd, false, &r, sizeof(r));
}

TEST_F(helper, revision_queries_answer_like_ip_tables)
{
	EXPECT_EQ(0, revision(IPT_SO_GET_REVISION_MATCH, "tcp", 0));
	EXPECT_EQ(-EPROTONOSUPPORT,
		  revision(IPT_SO_GET_REVISION_MATCH, "tcp", 1));
	EXPECT_EQ(0, revision(IPT_SO_GET_REVISION_MATCH, "conntrack", 3));
	EXPECT_EQ(0, revision(IPT_SO_GET_REVISION_TARGET, "MARK", 2));
	EXPECT_EQ(-EPROTONOSUPPORT,
		  revision(IPT_SO_GET_REVISION_TARGET, "MARK", 1));
	/* Names bpfilter does not know: x_tables answers. */
	EXPECT_EQ(-ENOPROTOOPT,
		  revision(IPT_SO_GET_REVISION_MATCH, "statistic", 0));
	EXPECT_EQ(-ENOPROTOOPT,
		  revision(IPT_SO_GET_REVISION_TARGET, "SNAT", 2));
}

TEST_HARNESS_MAIN
