// SPDX-License-Identifier: GPL-2.0
/*
 * Malformed iptables blobs, sent straight through get/setsockopt on a raw
 * socket. Each test asserts the exact errno that Linux 6.1's ip_tables gives,
 * and that a rejected request leaves the table in force as it was (same
 * GET_INFO, same GET_ENTRIES, counters included).
 *
 * Every test runs twice: with x_tables alone, which proves the expectation,
 * and with bpfilter.ko loaded, which proves that bpfilter answers the same.
 *
 * Most blobs are a valid table with one thing broken, so that the errno pins
 * the check that fired. Where ip_tables orders its checks in a way a
 * reimplementation could get wrong, the blob is built so that leaving a check
 * out, or doing it later, would give another errno or success.
 *
 * Sizes on x86_64, for the offsets in the comments: struct ipt_entry 112,
 * xt_entry_target and xt_entry_match 32, a standard entry 152, an error
 * entry 176, struct ipt_replace 96.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/netfilter_ipv4/ip_tables.h>

#include "kselftest_harness.h"
#include "regime.h"

#define ENTRY_SZ	((unsigned int)sizeof(struct ipt_entry))
#define STD_SZ		((unsigned int)sizeof(struct ipt_standard))
#define ERR_SZ		((unsigned int)sizeof(struct ipt_error))
#define MATCH_SZ	((unsigned int)sizeof(struct xt_entry_match))

/* Standard verdicts as a blob spells them. */
#define V_DROP		(-NF_DROP - 1)
#define V_ACCEPT	(-NF_ACCEPT - 1)
#define V_STOLEN	(-NF_STOLEN - 1)
#define V_QUEUE		(-NF_QUEUE - 1)
#define V_RETURN	XT_RETURN
#define V_STOP		(-NF_STOP - 1)

/* ip_tables refuses num_counters from here on, before anything else. */
#define COUNTERS_LIMIT	((unsigned int)(INT_MAX / \
					sizeof(struct xt_counters)))
/* x_tables' cap on any table-sized allocation. */
#define XT_MAX_SIZE	(512u << 20)

/* Below mmap_min_addr: never mapped, so the kernel's user copy faults. */
#define BAD_ADDR	((void *)16)

/* ------------------------------------------------------------------ */
/* The blob builder                                                    */
/* ------------------------------------------------------------------ */

#define BLOB_ROOM	4096

struct blob {
	union {
		struct ipt_replace repl;
		unsigned char raw[sizeof(struct ipt_replace) + BLOB_ROOM];
	};
	struct xt_counters counters[16];
};

static void *at(struct blob *b, unsigned int off)
{
	return (unsigned char *)b->repl.entries + off;
}

static struct ipt_entry *entry(struct blob *b, unsigned int off)
{
	return at(b, off);
}

static struct xt_entry_target *target(struct blob *b, unsigned int off)
{
	return at(b, off + entry(b, off)->target_offset);
}

static struct xt_standard_target *standard(struct blob *b, unsigned int off)
{
	return (struct xt_standard_target *)target(b, off);
}

static struct xt_error_target *error_target(struct blob *b, unsigned int off)
{
	return (struct xt_error_target *)target(b, off);
}

/*
 * Copy @src into a name field of @size bytes, zero-padded; when @src has
 * @size bytes or more, the field is left without a terminator on purpose.
 */
static void set_name(char *dst, size_t size, const char *src)
{
	memset(dst, 0, size);
	memcpy(dst, src, strnlen(src, size));
}

/* An empty replacement of "filter"; the caller adds entries and hooks. */
static void blob_init(struct blob *b, unsigned int num_counters)
{
	memset(b, 0, sizeof(*b));
	strcpy(b->repl.name, "filter");
	b->repl.valid_hooks = FILTER_HOOKS;
	b->repl.num_counters = num_counters;
	b->repl.counters = b->counters;
}

/* Append a zeroed entry (so an unconditional one) and count it. */
static unsigned int blob_add(struct blob *b, unsigned int target_offset,
			     unsigned int next_offset)
{
	unsigned int off = b->repl.size;
	struct ipt_entry *e;

	if (off + next_offset > BLOB_ROOM)
		abort();
	e = entry(b, off);
	e->target_offset = target_offset;
	e->next_offset = next_offset;
	b->repl.size += next_offset;
	b->repl.num_entries++;
	return off;
}

static unsigned int add_standard(struct blob *b, int verdict)
{
	unsigned int off = blob_add(b, ENTRY_SZ, STD_SZ);

	/* The standard target's name is the empty string. */
	standard(b, off)->target.u.user.target_size =
		sizeof(struct xt_standard_target);
	standard(b, off)->verdict = verdict;
	return off;
}

/* A chain head, or with "ERROR" the entry that ends the table. */
static unsigned int add_error(struct blob *b, const char *msg)
{
	unsigned int off = blob_add(b, ENTRY_SZ, ERR_SZ);
	struct xt_error_target *t = error_target(b, off);

	t->target.u.user.target_size = sizeof(*t);
	strcpy(t->target.u.user.name, XT_ERROR_TARGET);
	strncpy(t->errorname, msg, sizeof(t->errorname) - 1);
	return off;
}

/*
 * A rule whose matches take @match_len bytes, then a standard target. The
 * target may be misaligned (some tests want that): it is copied in whole.
 */
static unsigned int add_matched(struct blob *b, unsigned int match_len,
				int verdict)
{
	struct xt_standard_target t = {
		.target.u.user.target_size = sizeof(t),
		.verdict = verdict,
	};
	unsigned int to = ENTRY_SZ + match_len;
	unsigned int off;

	off = blob_add(b, to, XT_ALIGN(to + sizeof(t)));
	memcpy(at(b, off + to), &t, sizeof(t));
	return off;
}

/*
 * Lay a match header @pos bytes into the match area of entry @off, and
 * return its data. Copied in whole, as it may be misaligned.
 */
static void *put_match(struct blob *b, unsigned int off, unsigned int pos,
		       const char *name, unsigned int size)
{
	struct xt_entry_match m = { .u.user.match_size = size };
	unsigned char *p = at(b, off + ENTRY_SZ + pos);

	set_name(m.u.user.name, sizeof(m.u.user.name), name);
	memcpy(p, &m, sizeof(m));
	return p + sizeof(m);
}

/* A rule with target @name and @data_len bytes of target data. */
static unsigned int add_named(struct blob *b, const char *name,
			      unsigned int data_len)
{
	unsigned int tsize = sizeof(struct xt_entry_target) +
			     XT_ALIGN(data_len);
	unsigned int off = blob_add(b, ENTRY_SZ, ENTRY_SZ + tsize);

	target(b, off)->u.user.target_size = tsize;
	set_name(target(b, off)->u.user.name,
		 sizeof(target(b, off)->u.user.name), name);
	return off;
}

static void set_hook(struct blob *b, unsigned int hook, unsigned int start,
		     unsigned int underflow)
{
	b->repl.hook_entry[hook] = start;
	b->repl.underflow[hook] = underflow;
}

/*
 * The three built-in chains' ACCEPT policies. INPUT starts at offset 0, so
 * rules added before this call are INPUT's.
 */
static void builtin_chains(struct blob *b)
{
	unsigned int in = add_standard(b, V_ACCEPT);
	unsigned int fwd = add_standard(b, V_ACCEPT);
	unsigned int out = add_standard(b, V_ACCEPT);

	set_hook(b, NF_INET_LOCAL_IN, 0, in);
	set_hook(b, NF_INET_FORWARD, fwd, fwd);
	set_hook(b, NF_INET_LOCAL_OUT, out, out);
}

/*
 * The shape of the table iptable_filter starts with; what iptables-restore
 * of an empty filter table sends.
 */
#define IN_POLICY	0
#define FWD_POLICY	STD_SZ
#define OUT_POLICY	(2 * STD_SZ)
#define BASE_ERROR	(3 * STD_SZ)
#define BASE_SIZE	(BASE_ERROR + ERR_SZ)

static void base_table(struct blob *b, unsigned int num_counters)
{
	blob_init(b, num_counters);
	builtin_chains(b);
	add_error(b, XT_ERROR_TARGET);
}

/* An unconditional rule with @verdict heads INPUT; then as base_table(). */
static unsigned int rule_table(struct blob *b, unsigned int num_counters,
			       int verdict)
{
	unsigned int rule;

	blob_init(b, num_counters);
	rule = add_standard(b, verdict);
	builtin_chains(b);
	add_error(b, XT_ERROR_TARGET);
	return rule;
}

/*
 * INPUT jumps to a user chain that returns:
 *   0 jump to UC_BODY, 152 INPUT policy, 304 FORWARD, 456 OUTPUT,
 *   608 head of "chain", 784 RETURN, 936 the closing ERROR entry.
 */
#define UC_JUMP		0
#define UC_IN_POLICY	STD_SZ
#define UC_HEAD		(4 * STD_SZ)
#define UC_BODY		(UC_HEAD + ERR_SZ)
#define UC_END		(UC_BODY + STD_SZ)
#define UC_SIZE		(UC_END + ERR_SZ)

static void user_chain_table(struct blob *b, unsigned int num_counters)
{
	blob_init(b, num_counters);
	add_standard(b, UC_BODY);
	builtin_chains(b);
	add_error(b, "chain");
	add_standard(b, V_RETURN);
	add_error(b, XT_ERROR_TARGET);
}

/* INPUT's first rule has @match_len bytes of matches and protocol ICMP. */
static unsigned int match_table(struct blob *b, unsigned int match_len)
{
	unsigned int rule;

	blob_init(b, 4);
	rule = add_matched(b, match_len, V_ACCEPT);
	entry(b, rule)->ip.proto = IPPROTO_ICMP;
	builtin_chains(b);
	add_error(b, XT_ERROR_TARGET);
	return rule;
}

#define ICMP_MATCH_SZ	(MATCH_SZ + XT_ALIGN(sizeof(struct ipt_icmp)))

/* ------------------------------------------------------------------ */
/* Calls and the table in force                                        */
/* ------------------------------------------------------------------ */

static int replace_len(int fd, const void *p, unsigned int len)
{
	return setsockopt(fd, SOL_IP, IPT_SO_SET_REPLACE, p, len);
}

/* The whole blob, with the optlen that matches its header. */
static int replace(int fd, struct blob *b)
{
	return replace_len(fd, &b->repl, sizeof(b->repl) + b->repl.size);
}

static int add_counters(int fd, const void *p, unsigned int len)
{
	return setsockopt(fd, SOL_IP, IPT_SO_SET_ADD_COUNTERS, p, len);
}

static int get(int fd, int opt, void *p, int len)
{
	socklen_t l = len;

	return getsockopt(fd, SOL_IP, opt, p, &l);
}

struct table {
	struct ipt_getinfo info;
	union {
		struct ipt_get_entries get;
		unsigned char room[sizeof(struct ipt_get_entries) + 8192];
	};
};

/* GET_INFO then GET_ENTRIES of "filter", into a zeroed @t. */
static int read_table(int fd, struct table *t)
{
	memset(t, 0, sizeof(*t));
	strcpy(t->info.name, "filter");
	if (get(fd, IPT_SO_GET_INFO, &t->info, sizeof(t->info)))
		return -1;
	if (t->info.size > sizeof(t->room) - sizeof(t->get)) {
		errno = E2BIG;
		return -1;
	}
	strcpy(t->get.name, "filter");
	t->get.size = t->info.size;
	return get(fd, IPT_SO_GET_ENTRIES, &t->get,
		   sizeof(t->get) + t->get.size);
}

static bool same_table(int fd, const struct table *want)
{
	static struct table now;

	return read_table(fd, &now) == 0 &&
	       memcmp(&now, want, sizeof(now)) == 0;
}

/* The address @len bytes before an inaccessible page. */
static void *before_hole(size_t len)
{
	size_t pg = sysconf(_SC_PAGESIZE);
	unsigned char *p;

	p = mmap(NULL, 2 * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || mprotect(p + pg, pg, PROT_NONE))
		abort();
	return p + pg - len;
}

/* A read-only copy of @len bytes of @src. */
static void *read_only(const void *src, size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		abort();
	memcpy(p, src, len);
	if (mprotect(p, len, PROT_READ))
		abort();
	return p;
}

/*
 * @call must fail with exactly @err, and the table in force must still be
 * the one the fixture read before the test: a refused request leaves no
 * trace, not even in the counters.
 */
#define ASSERT_REJECTED(err, call) do {					\
	int want_ = (err);						\
	int rc_ = (call);						\
	int errno_ = errno;						\
	ASSERT_EQ(-1, rc_);						\
	ASSERT_EQ(want_, errno_) {					\
		TH_LOG("expected %s, got %s", strerror(want_),		\
		       strerror(errno_));				\
	}								\
	ASSERT_TRUE(same_table(self->fd, &self->before)) {		\
		TH_LOG("the table in force changed");			\
	}								\
} while (0)

#define ASSERT_ACCEPTED(call) do {					\
	int rc_ = (call);						\
	int errno_ = errno;						\
	ASSERT_EQ(0, rc_) {						\
		TH_LOG("failed with %s", strerror(errno_));		\
	}								\
} while (0)

FIXTURE(filter) {
	int fd;
	struct table before;	/* the table in force when the test began */
};

FIXTURE_VARIANT(filter) {
	bool bpfilter;
};

FIXTURE_VARIANT_ADD(filter, x_tables) {
	.bpfilter = false,
};

FIXTURE_VARIANT_ADD(filter, bpfilter) {
	.bpfilter = true,
};

FIXTURE_SETUP(filter)
{
	/* x_tables serves the call when bpfilter declines it. */
	if (access("/sys/module/iptable_filter", F_OK))
		ASSERT_EQ(0, system("modprobe iptable_filter"));
	ASSERT_EQ(0, bpfilter_set(variant->bpfilter));
	/* A fresh namespace: the initial filter table, no traffic. */
	ASSERT_EQ(0, unshare(CLONE_NEWNET));
	self->fd = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, read_table(self->fd, &self->before));
	ASSERT_EQ(BASE_SIZE, self->before.info.size);
	ASSERT_EQ(4, self->before.info.num_entries);
}

FIXTURE_TEARDOWN(filter)
{
	close(self->fd);
}

/* ------------------------------------------------------------------ */
/* Controls: the builder's blobs are valid, and what ip_tables lets by */
/* ------------------------------------------------------------------ */

TEST_F(filter, replace_with_the_initial_table_changes_nothing)
{
	struct blob b;

	/* Proves the builder: base_table() is byte for byte the table. */
	base_table(&b, 4);
	ASSERT_ACCEPTED(replace(self->fd, &b));
	ASSERT_TRUE(same_table(self->fd, &self->before));
}

TEST_F(filter, replace_ignores_bytes_past_size)
{
	struct blob b;

	/* Only an optlen short of header + size is refused. */
	base_table(&b, 4);
	ASSERT_ACCEPTED(replace_len(self->fd, &b.repl,
				    sizeof(b.repl) + b.repl.size + 64));
	ASSERT_TRUE(same_table(self->fd, &self->before));
}

TEST_F(filter, replace_with_unwritable_counters_still_succeeds)
{
	struct blob b;

	/*
	 * The old counters are copied out after the new table is in place;
	 * ip_tables cannot undo that, so it only logs the fault.
	 */
	base_table(&b, 4);
	b.repl.counters = BAD_ADDR;
	ASSERT_ACCEPTED(replace(self->fd, &b));
	ASSERT_TRUE(same_table(self->fd, &self->before));
}

TEST_F(filter, replace_keeps_nfcache_but_not_counters_or_comefrom)
{
	struct ipt_entry *e;
	struct table want;
	struct blob b;

	/*
	 * Counters and comefrom in a blob are scratch space: ip_tables
	 * zeroes the one and recomputes the other (the hooks that reach
	 * the entry). nfcache is not looked at, and is given back as sent.
	 */
	base_table(&b, 4);
	e = entry(&b, IN_POLICY);
	e->counters.pcnt = 7;
	e->counters.bcnt = 7;
	e->comefrom = 0xff;
	e->nfcache = 0x1234;
	ASSERT_ACCEPTED(replace(self->fd, &b));
	want = self->before;
	((struct ipt_entry *)want.get.entrytable)->nfcache = 0x1234;
	ASSERT_TRUE(same_table(self->fd, &want));
}

TEST_F(filter, replace_with_a_user_chain_succeeds)
{
	struct table now;
	struct blob b;

	/* The control of the jump tests, and of the table comparison. */
	user_chain_table(&b, 4);
	ASSERT_ACCEPTED(replace(self->fd, &b));
	ASSERT_FALSE(same_table(self->fd, &self->before));
	ASSERT_EQ(0, read_table(self->fd, &now));
	EXPECT_EQ(7, now.info.num_entries);
	EXPECT_EQ(UC_SIZE, now.info.size);
	EXPECT_EQ(UC_IN_POLICY, now.info.underflow[NF_INET_LOCAL_IN]);
}

TEST_F(filter, replace_with_an_icmp_match_succeeds)
{
	struct ipt_icmp icmp = { .type = 8, .code = { 0, 0xff } };
	struct blob b;
	unsigned int rule;

	/* The control of the match tests: icmp is built into ip_tables. */
	rule = match_table(&b, ICMP_MATCH_SZ);
	memcpy(put_match(&b, rule, 0, "icmp", ICMP_MATCH_SZ), &icmp,
	       sizeof(icmp));
	ASSERT_ACCEPTED(replace(self->fd, &b));
}

TEST_F(filter, replace_without_the_closing_error_entry_succeeds)
{
	struct table now;
	struct blob b;

	/* Nothing in ip_tables requires the trailing ERROR entry. */
	blob_init(&b, 4);
	builtin_chains(&b);
	ASSERT_ACCEPTED(replace(self->fd, &b));
	ASSERT_EQ(0, read_table(self->fd, &now));
	EXPECT_EQ(3, now.info.num_entries);
	EXPECT_EQ(3 * STD_SZ, now.info.size);
}

TEST_F(filter, unreachable_rule_may_jump_anywhere)
{
	struct blob b;

	/*
	 * Jumps are only checked on the paths walked from the hooks: a chain
	 * nothing jumps to may jump into the middle of an entry.
	 */
	blob_init(&b, 4);
	builtin_chains(&b);
	add_error(&b, "orphan");
	add_standard(&b, FWD_POLICY + 8);
	add_error(&b, XT_ERROR_TARGET);
	ASSERT_ACCEPTED(replace(self->fd, &b));
}

TEST_F(filter, offsets_of_hooks_not_in_valid_hooks_are_ignored)
{
	struct blob b;

	base_table(&b, 4);
	set_hook(&b, NF_INET_PRE_ROUTING, 12345, 7);
	set_hook(&b, NF_INET_POST_ROUTING, 0xffffffff, 1);
	ASSERT_ACCEPTED(replace(self->fd, &b));
	ASSERT_TRUE(same_table(self->fd, &self->before));
}

TEST_F(filter, drop_policy_and_queue_rule_are_valid)
{
	struct blob b;

	/* DROP is the other valid policy; QUEUE is valid in a rule. */
	rule_table(&b, 4, V_QUEUE);
	standard(&b, STD_SZ)->verdict = V_DROP;
	ASSERT_ACCEPTED(replace(self->fd, &b));
}

TEST_F(filter, add_counters_adds_to_each_entry)
{
	union {
		struct xt_counters_info info;
		unsigned char room[sizeof(struct xt_counters_info) +
				   4 * sizeof(struct xt_counters)];
	} c = { .info = { .name = "filter", .num_counters = 4 } };
	struct ipt_entry *e;
	struct table now;
	unsigned int i, off;

	for (i = 0; i < 4; i++) {
		c.info.counters[i].pcnt = i + 1;
		c.info.counters[i].bcnt = 100 * (i + 1);
	}
	ASSERT_ACCEPTED(add_counters(self->fd, &c, sizeof(c)));
	ASSERT_EQ(0, read_table(self->fd, &now));
	for (i = 0, off = 0; i < 4; i++, off += e->next_offset) {
		e = (struct ipt_entry *)((char *)now.get.entrytable + off);
		EXPECT_EQ(i + 1, e->counters.pcnt);
		EXPECT_EQ(100 * (i + 1), e->counters.bcnt);
	}
}

/* ------------------------------------------------------------------ */
/* IPT_SO_SET_REPLACE: the header                                      */
/* ------------------------------------------------------------------ */

TEST_F(filter, replace_shorter_than_its_header_is_einval)
{
	struct blob b;

	base_table(&b, 4);
	ASSERT_REJECTED(EINVAL, replace_len(self->fd, &b.repl,
					    sizeof(b.repl) - 1));
}

TEST_F(filter, replace_header_at_a_bad_address_is_efault)
{
	ASSERT_REJECTED(EFAULT, replace_len(self->fd, BAD_ADDR,
					    sizeof(struct ipt_replace) +
					    BASE_SIZE));
}

TEST_F(filter, num_counters_from_int_max_over_16_is_enomem_at_once)
{
	struct blob b;

	/* At the limit: ENOMEM, though optlen is short of the entries. */
	base_table(&b, COUNTERS_LIMIT);
	ASSERT_REJECTED(ENOMEM, replace_len(self->fd, &b.repl,
					    sizeof(b.repl)));
	/* One below, the blob is checked first, and its error wins. */
	base_table(&b, COUNTERS_LIMIT - 1);
	entry(&b, FWD_POLICY)->next_offset = 0;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, replace_with_zero_counters_is_einval)
{
	struct blob b;

	base_table(&b, 0);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, size_past_optlen_is_einval)
{
	struct blob b;

	base_table(&b, 4);
	ASSERT_REJECTED(EINVAL, replace_len(self->fd, &b.repl,
					    sizeof(b.repl) + b.repl.size - 1));
	/* 96 + size is 2^32 here: the sum is compared in 64 bits. */
	b.repl.size = 0u - (unsigned int)sizeof(b.repl);
	ASSERT_REJECTED(EINVAL, replace_len(self->fd, &b.repl,
					    sizeof(b.repl) + BASE_SIZE));
}

TEST_F(filter, table_of_512m_is_enomem)
{
	struct blob b;

	/*
	 * x_tables caps a table at 512 MiB, its own header included, and
	 * says so before it reads a byte of the entries (only the header
	 * is there to read).
	 */
	base_table(&b, 4);
	b.repl.size = XT_MAX_SIZE;
	ASSERT_REJECTED(ENOMEM, replace_len(self->fd, &b.repl,
					    sizeof(b.repl) + XT_MAX_SIZE));
}

TEST_F(filter, replace_with_entries_at_a_bad_address_is_efault)
{
	struct ipt_replace *hdr = before_hole(sizeof(*hdr));
	struct blob b;

	/* The header is readable, the entries that follow it are not. */
	base_table(&b, 4);
	memcpy(hdr, &b.repl, sizeof(*hdr));
	ASSERT_REJECTED(EFAULT, replace_len(self->fd, hdr,
					    sizeof(*hdr) + BASE_SIZE));
}

TEST_F(filter, num_entries_past_the_offset_array_cap_is_enomem)
{
	struct blob b;

	/*
	 * The entries' offsets are kept in an array of num_entries words,
	 * allocated before the walk: past 512 MiB it cannot be, so this is
	 * ENOMEM and not the EINVAL of a wrong count.
	 */
	base_table(&b, 4);
	b.repl.num_entries = XT_MAX_SIZE / sizeof(unsigned int) + 1;
	ASSERT_REJECTED(ENOMEM, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* IPT_SO_SET_REPLACE: walking the entries (CVE-2016-3134 and kin)     */
/* ------------------------------------------------------------------ */

TEST_F(filter, bytes_after_the_last_entry_are_einval)
{
	struct blob b;

	/*
	 * Whatever follows the last entry is read as one more: 8 bytes
	 * cannot hold its header, and a header that ends exactly at the end
	 * of the blob is refused too.
	 */
	base_table(&b, 4);
	b.repl.size += 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	b.repl.size += ENTRY_SZ - 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, last_entry_reaching_past_size_is_einval)
{
	struct blob b;

	base_table(&b, 4);
	entry(&b, BASE_ERROR)->next_offset += 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, zero_next_offset_is_einval)
{
	struct blob b;

	/* The walk would never move on. */
	base_table(&b, 4);
	entry(&b, FWD_POLICY)->next_offset = 0;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, entry_at_an_unaligned_offset_is_einval)
{
	struct blob b;
	unsigned int head;

	/*
	 * A chain head 4 bytes longer than its target is fine by itself,
	 * but the entry after it is off the 8-byte alignment of struct
	 * ipt_entry. That entry is valid: only its place is wrong.
	 */
	blob_init(&b, 4);
	builtin_chains(&b);
	head = add_error(&b, "chain");
	entry(&b, head)->next_offset += 4;
	b.repl.size += 4;
	add_error(&b, XT_ERROR_TARGET);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, unknown_ip_flags_or_invflags_are_einval)
{
	struct blob b;
	unsigned int rule;

	/* On a rule, not a policy: only the flags are wrong. */
	rule = rule_table(&b, 4, V_ACCEPT);
	entry(&b, rule)->ip.flags = IPT_F_MASK + 1;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	rule = rule_table(&b, 4, V_ACCEPT);
	entry(&b, rule)->ip.invflags = IPT_INV_MASK + 1;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, num_entries_other_than_the_count_is_einval)
{
	struct blob b;

	base_table(&b, 4);
	b.repl.num_entries = 5;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* The offsets array then has fewer slots than there are entries. */
	b.repl.num_entries = 3;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* Targets: offsets, sizes, verdicts (CVE-2016-4997, CVE-2021-22555)   */
/* ------------------------------------------------------------------ */

TEST_F(filter, target_not_within_its_entry_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* Inside the entry header, the target would overlay its counters. */
	rule = rule_table(&b, 4, V_ACCEPT);
	entry(&b, rule)->target_offset = ENTRY_SZ - 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* At next_offset, its header would be the next entry's bytes. */
	entry(&b, rule)->target_offset = STD_SZ;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, target_size_outside_its_entry_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* Smaller than a target header: zero would stall a target walk. */
	rule = rule_table(&b, 4, V_ACCEPT);
	target(&b, rule)->u.target_size = 0;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* Reaching 8 bytes into the next entry. */
	target(&b, rule)->u.target_size = sizeof(struct xt_standard_target) + 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, standard_entry_with_slack_is_einval)
{
	struct blob b;
	unsigned int rule;

	/*
	 * A standard entry must end at XT_ALIGN(target_offset + 40): eight
	 * more bytes, an otherwise valid table, and it is refused.
	 */
	blob_init(&b, 4);
	rule = blob_add(&b, ENTRY_SZ, STD_SZ + 8);
	standard(&b, rule)->target.u.user.target_size =
		sizeof(struct xt_standard_target);
	standard(&b, rule)->verdict = V_ACCEPT;
	builtin_chains(&b);
	add_error(&b, XT_ERROR_TARGET);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, standard_target_without_room_for_its_verdict_is_einval)
{
	struct blob b;
	unsigned int rule;

	/*
	 * target_size 32 passes the offset checks (the verdict is still
	 * inside the entry); the target's own size check refuses it.
	 */
	rule = rule_table(&b, 4, V_ACCEPT);
	target(&b, rule)->u.target_size = sizeof(struct xt_entry_target);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, verdicts_outside_the_standard_ones_are_einval)
{
	struct blob b;

	/* Not ELOOP: a jump to offset 0 is refused as a verdict. */
	rule_table(&b, 4, 0);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/*
	 * Only DROP, ACCEPT, QUEUE and RETURN are negative verdicts; an
	 * unconditional rule with another one would pass for a return.
	 */
	rule_table(&b, 4, V_STOLEN);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	rule_table(&b, 4, V_STOP);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, malformed_error_target_is_einval)
{
	struct xt_error_target *t;
	struct blob b;

	/* An error name that fills its 30 bytes has no terminator. */
	base_table(&b, 4);
	t = error_target(&b, BASE_ERROR);
	memset(t->errorname, 'x', sizeof(t->errorname));
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* 62 is the unpadded size; it must be exactly 64. */
	base_table(&b, 4);
	target(&b, BASE_ERROR)->u.target_size =
		offsetof(struct xt_error_target, errorname) +
		XT_FUNCTION_MAXNAMELEN;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* Matches (CVE-2016-3134, CVE-2021-22555)                             */
/* ------------------------------------------------------------------ */

TEST_F(filter, zero_sized_match_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* The match walk would never move on. */
	rule = match_table(&b, MATCH_SZ);
	put_match(&b, rule, 0, "icmp", 0);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, match_size_past_the_match_area_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* Into the target, then far past the entry. */
	rule = match_table(&b, ICMP_MATCH_SZ);
	put_match(&b, rule, 0, "icmp", ICMP_MATCH_SZ + 8);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	put_match(&b, rule, 0, "icmp", 0xffff);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* 24 bytes between entry and target: not even a match header. */
	rule = match_table(&b, 24);
	((struct xt_entry_match *)at(&b, rule + ENTRY_SZ))->u.match_size = 24;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, match_at_an_unaligned_offset_is_einval)
{
	struct blob b;
	unsigned int rule;

	/*
	 * The first match is 36 bytes, so the second one is misaligned.
	 * Both are unknown: a walk without the alignment rule would look
	 * them up and say ENOENT.
	 */
	rule = match_table(&b, MATCH_SZ + 4 + MATCH_SZ);
	put_match(&b, rule, 0, "nosuchmatch", MATCH_SZ + 4);
	put_match(&b, rule, MATCH_SZ + 4, "nosuchmatch", MATCH_SZ);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, icmp_match_failing_its_own_checks_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* Sound offsets, but the icmp match wants 8 bytes of data. */
	rule = match_table(&b, ICMP_MATCH_SZ + 8);
	put_match(&b, rule, 0, "icmp", ICMP_MATCH_SZ + 8);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* And it is only valid with -p icmp. */
	rule = match_table(&b, ICMP_MATCH_SZ);
	put_match(&b, rule, 0, "icmp", ICMP_MATCH_SZ);
	entry(&b, rule)->ip.proto = IPPROTO_TCP;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, unknown_match_is_enoent)
{
	struct blob b;
	unsigned int rule;

	rule = match_table(&b, ICMP_MATCH_SZ);
	put_match(&b, rule, 0, "nosuchmatch", ICMP_MATCH_SZ);
	ASSERT_REJECTED(ENOENT, replace(self->fd, &b));
}

TEST_F(filter, match_name_without_terminator_is_einval)
{
	char name[XT_EXTENSION_MAXNAMELEN + 1];
	struct blob b;
	unsigned int rule;

	/* 29 bytes of name, no room left for the terminator. */
	memset(name, 'm', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	rule = match_table(&b, ICMP_MATCH_SZ);
	put_match(&b, rule, 0, name, ICMP_MATCH_SZ);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* Hook entries, underflows and valid_hooks                            */
/* ------------------------------------------------------------------ */

TEST_F(filter, hook_offsets_off_entry_boundaries_are_einval)
{
	struct blob b;

	base_table(&b, 4);
	b.repl.hook_entry[NF_INET_FORWARD] = FWD_POLICY + 8;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	base_table(&b, 4);
	b.repl.underflow[NF_INET_LOCAL_OUT] = OUT_POLICY + ENTRY_SZ;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/* Past the table, and the value ip_tables uses for "unset". */
	base_table(&b, 4);
	b.repl.hook_entry[NF_INET_LOCAL_OUT] = 0xffffffff;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, conditional_underflow_is_einval)
{
	struct blob b;
	unsigned int rule;

	/* A policy must match every packet: -p tcp makes it a rule. */
	base_table(&b, 4);
	entry(&b, IN_POLICY)->ip.proto = IPPROTO_TCP;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	/*
	 * All-zero ip but a match, so target_offset is past the entry: not
	 * unconditional either. The match is unknown: the underflow check
	 * comes before any lookup.
	 */
	blob_init(&b, 4);
	rule = add_matched(&b, ICMP_MATCH_SZ, V_ACCEPT);
	put_match(&b, rule, 0, "nosuchmatch", ICMP_MATCH_SZ);
	builtin_chains(&b);
	add_error(&b, XT_ERROR_TARGET);
	b.repl.underflow[NF_INET_LOCAL_IN] = rule;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, underflow_on_the_error_entry_is_einval)
{
	struct blob b;

	base_table(&b, 4);
	b.repl.underflow[NF_INET_LOCAL_OUT] = BASE_ERROR;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, underflow_other_than_accept_or_drop_is_einval)
{
	struct blob b;

	/* Valid verdicts for a rule, not for a policy. */
	base_table(&b, 4);
	standard(&b, OUT_POLICY)->verdict = V_QUEUE;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	standard(&b, OUT_POLICY)->verdict = V_RETURN;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	standard(&b, OUT_POLICY)->verdict = FWD_POLICY;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, unsorted_hook_entries_are_einval)
{
	struct blob b;

	/* Each chain sound on its own; INPUT's starts after FORWARD's. */
	base_table(&b, 4);
	b.repl.hook_entry[NF_INET_LOCAL_IN] = FWD_POLICY;
	b.repl.hook_entry[NF_INET_FORWARD] = IN_POLICY;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, hooks_sharing_an_entry_or_underflow_are_einval)
{
	struct blob b;

	base_table(&b, 4);
	b.repl.underflow[NF_INET_FORWARD] = IN_POLICY;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
	base_table(&b, 4);
	b.repl.hook_entry[NF_INET_LOCAL_OUT] = FWD_POLICY;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, valid_hook_without_an_entry_is_einval)
{
	struct blob b;

	/* PRE_ROUTING claimed, its offsets on no entry. */
	base_table(&b, 4);
	b.repl.valid_hooks |= 1 << NF_INET_PRE_ROUTING;
	set_hook(&b, NF_INET_PRE_ROUTING, 0xffffffff, 0xffffffff);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, valid_hooks_other_than_the_tables_are_einval)
{
	struct blob b;
	unsigned int post;

	/*
	 * Sound blobs for the hooks they claim: the table's own hooks are
	 * compared only once the blob has been checked.
	 */
	blob_init(&b, 4);
	builtin_chains(&b);
	post = add_standard(&b, V_ACCEPT);
	set_hook(&b, NF_INET_POST_ROUTING, post, post);
	add_error(&b, XT_ERROR_TARGET);
	b.repl.valid_hooks |= 1 << NF_INET_POST_ROUTING;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));

	base_table(&b, 4);
	b.repl.valid_hooks &= ~(1 << NF_INET_LOCAL_OUT);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, empty_blob_claiming_no_hooks_is_einval)
{
	struct blob b;

	/* Nothing in it to check: only valid_hooks gives it away. */
	blob_init(&b, 4);
	b.repl.valid_hooks = 0;
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* Chains: jumps and loops                                             */
/* ------------------------------------------------------------------ */

TEST_F(filter, chain_running_off_the_table_is_eloop)
{
	struct blob b;
	unsigned int rule;

	/*
	 * OUTPUT starts at a conditional rule after its policy: past the
	 * rule comes the ERROR entry, then nothing.
	 */
	blob_init(&b, 4);
	builtin_chains(&b);
	rule = add_standard(&b, V_ACCEPT);
	entry(&b, rule)->ip.proto = IPPROTO_TCP;
	add_error(&b, XT_ERROR_TARGET);
	b.repl.hook_entry[NF_INET_LOCAL_OUT] = rule;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
}

TEST_F(filter, jump_to_no_entry_is_eloop)
{
	struct blob b;

	user_chain_table(&b, 4);
	standard(&b, UC_JUMP)->verdict = UC_BODY + 8;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
	standard(&b, UC_JUMP)->verdict = UC_SIZE;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
}

TEST_F(filter, chain_jumping_to_itself_is_eloop)
{
	struct blob b;

	user_chain_table(&b, 4);
	standard(&b, UC_BODY)->verdict = UC_BODY;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
	/* Through its head, as "-j chain" inside "chain" would. */
	standard(&b, UC_BODY)->verdict = UC_HEAD;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
}

TEST_F(filter, chains_jumping_to_each_other_are_eloop)
{
	struct blob b;
	unsigned int a, a_jump, b_jump;

	/* INPUT -> a -> b -> a. */
	blob_init(&b, 4);
	a_jump = add_standard(&b, 0);
	builtin_chains(&b);
	add_error(&b, "a");
	a = add_standard(&b, 0);
	add_standard(&b, V_RETURN);
	add_error(&b, "b");
	b_jump = add_standard(&b, a);
	add_standard(&b, V_RETURN);
	add_error(&b, XT_ERROR_TARGET);
	standard(&b, a_jump)->verdict = a;
	standard(&b, a)->verdict = b_jump;
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
}

TEST_F(filter, loops_are_found_before_targets_are_looked_up)
{
	struct blob b;

	/* A self-jump, and an unknown target after it. */
	blob_init(&b, 4);
	add_standard(&b, UC_BODY);
	builtin_chains(&b);
	add_error(&b, "chain");
	add_standard(&b, UC_BODY);
	add_named(&b, "NOSUCHTARGET", 0);
	add_error(&b, XT_ERROR_TARGET);
	ASSERT_REJECTED(ELOOP, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* Target lookup, and the table replaced                               */
/* ------------------------------------------------------------------ */

/* INPUT's first rule has target @name. */
static unsigned int named_table(struct blob *b, const char *name)
{
	unsigned int rule;

	blob_init(b, 4);
	rule = add_named(b, name, 0);
	builtin_chains(b);
	add_error(b, XT_ERROR_TARGET);
	return rule;
}

TEST_F(filter, unknown_target_is_enoent)
{
	struct blob b;

	named_table(&b, "NOSUCHTARGET");
	ASSERT_REJECTED(ENOENT, replace(self->fd, &b));
}

TEST_F(filter, target_name_without_terminator_is_einval)
{
	char name[XT_EXTENSION_MAXNAMELEN + 1];
	struct blob b;

	memset(name, 'T', sizeof(name) - 1);
	name[sizeof(name) - 1] = 0;
	named_table(&b, name);
	ASSERT_REJECTED(EINVAL, replace(self->fd, &b));
}

TEST_F(filter, standard_target_of_revision_1_is_enoent)
{
	struct blob b;
	unsigned int rule;

	/*
	 * The IPv4 list has the standard target at revision 0 only; the
	 * lookup then falls back to the family-independent list, which has
	 * no standard target at all: ENOENT, not EPROTOTYPE.
	 */
	rule = rule_table(&b, 4, V_ACCEPT);
	target(&b, rule)->u.user.revision = 1;
	ASSERT_REJECTED(ENOENT, replace(self->fd, &b));
}

TEST_F(filter, replace_of_an_unknown_table_is_enoent)
{
	struct blob b;

	base_table(&b, 4);
	strcpy(b.repl.name, "nosuchtable");
	ASSERT_REJECTED(ENOENT, replace(self->fd, &b));
	/* "filter" and 26 more bytes: only 31 of them are read. */
	memset(b.repl.name, 'x', sizeof(b.repl.name));
	memcpy(b.repl.name, "filter", 6);
	ASSERT_REJECTED(ENOENT, replace(self->fd, &b));
}

TEST_F(filter, num_counters_other_than_the_entry_count_is_eagain)
{
	struct blob b;

	/* The caller read a table that has changed since: try again. */
	base_table(&b, 5);
	ASSERT_REJECTED(EAGAIN, replace(self->fd, &b));
}

TEST_F(filter, counters_over_512m_are_enomem)
{
	struct blob b;

	/* Below the first limit, but 16 bytes each is over 512 MiB. */
	base_table(&b, XT_MAX_SIZE / sizeof(struct xt_counters) + 1);
	ASSERT_REJECTED(ENOMEM, replace(self->fd, &b));
}

/* ------------------------------------------------------------------ */
/* IPT_SO_SET_ADD_COUNTERS                                             */
/* ------------------------------------------------------------------ */

struct counters_blob {
	union {
		struct xt_counters_info info;
		unsigned char room[sizeof(struct xt_counters_info) +
				   8 * sizeof(struct xt_counters)];
	};
};

/* Returns the optlen that matches @n counters. */
static unsigned int counters_init(struct counters_blob *c, unsigned int n)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->info.name, "filter");
	c->info.num_counters = n;
	return sizeof(c->info) + n * sizeof(struct xt_counters);
}

TEST_F(filter, add_counters_with_len_not_matching_num_counters_is_einval)
{
	struct counters_blob c;
	unsigned int len;

	/* A header alone is refused, whatever num_counters says. */
	counters_init(&c, 0);
	ASSERT_REJECTED(EINVAL, add_counters(self->fd, &c, sizeof(c.info)));
	len = counters_init(&c, 4);
	ASSERT_REJECTED(EINVAL, add_counters(self->fd, &c, len + 16));
	/* 16 * 0x10000001 is 16 modulo 2^32: compared in 64 bits. */
	counters_init(&c, 0x10000001);
	ASSERT_REJECTED(EINVAL, add_counters(self->fd, &c,
					     sizeof(c.info) + 16));
}

TEST_F(filter, add_counters_for_another_entry_count_is_einval)
{
	struct counters_blob c;
	unsigned int len = counters_init(&c, 3);

	/* Unlike REPLACE's EAGAIN. */
	ASSERT_REJECTED(EINVAL, add_counters(self->fd, &c, len));
}

TEST_F(filter, add_counters_for_an_unknown_table_is_enoent)
{
	struct counters_blob c;
	unsigned int len = counters_init(&c, 4);

	strcpy(c.info.name, "nosuchtable");
	ASSERT_REJECTED(ENOENT, add_counters(self->fd, &c, len));
	/* The name is cut to 31 bytes, as REPLACE's. */
	memset(c.info.name, 'x', sizeof(c.info.name));
	memcpy(c.info.name, "filter", 6);
	ASSERT_REJECTED(ENOENT, add_counters(self->fd, &c, len));
}

TEST_F(filter, add_counters_at_a_bad_address_is_efault)
{
	ASSERT_REJECTED(EFAULT, add_counters(self->fd, BAD_ADDR,
					     sizeof(struct xt_counters_info) +
					     4 * sizeof(struct xt_counters)));
}

TEST_F(filter, add_counters_with_unreadable_counters_is_efault)
{
	struct xt_counters_info *hdr = before_hole(sizeof(*hdr));
	struct counters_blob c;
	unsigned int len = counters_init(&c, 4);

	memcpy(hdr, &c.info, sizeof(*hdr));
	ASSERT_REJECTED(EFAULT, add_counters(self->fd, hdr, len));
}

/* ------------------------------------------------------------------ */
/* IPT_SO_GET_INFO and IPT_SO_GET_ENTRIES                              */
/* ------------------------------------------------------------------ */

TEST_F(filter, info_with_optlen_other_than_its_size_is_einval)
{
	struct ipt_getinfo info[2] = { { .name = "filter" } };

	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_INFO, info,
				    sizeof(info[0]) + 1));
	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_INFO, info, -1));
}

TEST_F(filter, info_into_a_read_only_buffer_is_efault)
{
	struct ipt_getinfo info = { .name = "filter" };
	void *ro = read_only(&info, sizeof(info));

	/* The name can be read; the answer cannot be written. */
	ASSERT_REJECTED(EFAULT, get(self->fd, IPT_SO_GET_INFO, ro,
				    sizeof(info)));
}

TEST_F(filter, entries_with_optlen_not_header_plus_size_is_einval)
{
	struct table t = { .get = { .name = "filter", .size = BASE_SIZE } };

	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_ENTRIES, &t.get,
				    sizeof(t.get) - 1));
	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_ENTRIES, &t.get,
				    sizeof(t.get) + BASE_SIZE + 1));
}

TEST_F(filter, entries_of_a_size_other_than_the_tables_is_eagain)
{
	struct table t = { .get = { .name = "filter" } };

	/* Consistent with optlen, but the table is not that size (now). */
	t.get.size = BASE_SIZE - 8;
	ASSERT_REJECTED(EAGAIN, get(self->fd, IPT_SO_GET_ENTRIES, &t.get,
				    sizeof(t.get) + t.get.size));
}

TEST_F(filter, entries_of_an_unknown_table_is_enoent)
{
	struct table t = { .get = { .name = "nosuchtable" } };

	t.get.size = BASE_SIZE;
	ASSERT_REJECTED(ENOENT, get(self->fd, IPT_SO_GET_ENTRIES, &t.get,
				    sizeof(t.get) + t.get.size));
	/* The table is looked up before its size is compared. */
	t.get.size = 8;
	ASSERT_REJECTED(ENOENT, get(self->fd, IPT_SO_GET_ENTRIES, &t.get,
				    sizeof(t.get) + t.get.size));
}

TEST_F(filter, entries_into_unwritable_memory_is_efault)
{
	struct ipt_get_entries *ro;
	static struct table t;

	/* The header is read, the entries cannot be written. */
	t.get.size = BASE_SIZE;
	strcpy(t.get.name, "filter");
	ro = read_only(&t.get, sizeof(t.get) + BASE_SIZE);
	ASSERT_REJECTED(EFAULT, get(self->fd, IPT_SO_GET_ENTRIES, ro,
				    sizeof(t.get) + BASE_SIZE));
	ASSERT_REJECTED(EFAULT, get(self->fd, IPT_SO_GET_ENTRIES, BAD_ADDR,
				    sizeof(t.get) + BASE_SIZE));
}

/* ------------------------------------------------------------------ */
/* IPT_SO_GET_REVISION_MATCH and IPT_SO_GET_REVISION_TARGET            */
/* ------------------------------------------------------------------ */

static int revision(int fd, int opt, const char *name, int rev)
{
	struct xt_get_revision r = { .revision = rev };

	strncpy(r.name, name, sizeof(r.name) - 1);
	return get(fd, opt, &r, sizeof(r));
}

TEST_F(filter, revision_of_builtins_is_found)
{
	ASSERT_ACCEPTED(revision(self->fd, IPT_SO_GET_REVISION_TARGET,
				 XT_STANDARD_TARGET, 0));
	ASSERT_ACCEPTED(revision(self->fd, IPT_SO_GET_REVISION_MATCH,
				 "icmp", 0));
}

TEST_F(filter, revision_with_wrong_optlen_is_einval)
{
	struct xt_get_revision r[2] = { { .name = "icmp" } };

	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_REVISION_MATCH, r,
				    sizeof(r[0]) - 1));
	ASSERT_REJECTED(EINVAL, get(self->fd, IPT_SO_GET_REVISION_TARGET, r,
				    sizeof(r[0]) + 1));
}

TEST_F(filter, revision_at_a_bad_address_is_efault)
{
	ASSERT_REJECTED(EFAULT, get(self->fd, IPT_SO_GET_REVISION_TARGET,
				    BAD_ADDR, sizeof(struct xt_get_revision)));
}

TEST_F(filter, revision_of_an_unknown_extension_is_enoent)
{
	ASSERT_REJECTED(ENOENT, revision(self->fd, IPT_SO_GET_REVISION_TARGET,
					 "NOSUCHTARGET", 0));
	/* Targets and matches are separate name spaces. */
	ASSERT_REJECTED(ENOENT, revision(self->fd, IPT_SO_GET_REVISION_MATCH,
					 XT_ERROR_TARGET, 0));
}

TEST_F(filter, revision_newer_than_known_is_eprotonosupport)
{
	ASSERT_REJECTED(EPROTONOSUPPORT,
			revision(self->fd, IPT_SO_GET_REVISION_TARGET,
				 XT_STANDARD_TARGET, 1));
	ASSERT_REJECTED(EPROTONOSUPPORT,
			revision(self->fd, IPT_SO_GET_REVISION_MATCH,
				 "icmp", 255));
}

TEST_HARNESS_MAIN
