// SPDX-License-Identifier: GPL-2.0
/*
 * From a validated filter table to BPF: one program per hook, which walks
 * the hook's chain as ipt_do_table() would.
 *
 * Each program's main function runs the built-in chain. Every entry that
 * a jump or goto reaches starts a BPF function, called with the context,
 * the scratch area and the jump depth; it returns 0 when its chain
 * returns, or the verdict. Within a function, entries follow one another
 * as in the blob, and control only moves forward: a rule that does not
 * match falls to the next one, a verdict leaves the function. Entries no
 * path reaches are not emitted (the verifier refuses dead code).
 *
 * Registers: see insn.h. r0-r5 are scratch within one entry's code.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netfilter/xt_LOG.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_REJECT.h>

#include "cg.h"
#include "ext.h"
#include "log.h"
#include "sets.h"

bool cg_sets = true;
bool cg_acc_always;

/* Tables from this many entries on accumulate their tests (emit_entry()). */
#define CG_ACC_ENTRIES 1024

const unsigned int cg_hooks[CG_NPROGS] = {
	NF_INET_LOCAL_IN, NF_INET_FORWARD, NF_INET_LOCAL_OUT,
};

const char *const cg_chains[CG_NPROGS] = { "INPUT", "FORWARD", "OUTPUT" };

static bool is_target(const struct ipt_entry *e, const char *name)
{
	return strcmp(entry_target(e)->u.user.name, name) == 0;
}

/* The match at @off in @e; matches run from sizeof(*e) to target_offset. */
static const struct xt_entry_match *match_at(const struct ipt_entry *e,
					     unsigned int off)
{
	return (const void *)((const char *)e + off);
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a;
	unsigned int y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/*
 * Built-in chains start at their hook entry, user chains after their
 * ERROR head, which is rule 0.
 */
static void place_entries(const struct table *t, struct cg_out *out)
{
	const char *chain = "?";
	unsigned int i, h, rule = 0;

	for (i = 0; i < t->num_entries; i++) {
		const struct ipt_entry *e = entry_at(t->entries, t->offsets[i]);

		rule++;
		for (h = 0; h < CG_NPROGS; h++) {
			if (t->hook_entry[cg_hooks[h]] == t->offsets[i]) {
				chain = cg_chains[h];
				rule = 1;
			}
		}
		if (is_target(e, XT_ERROR_TARGET)) {
			chain = ((const struct xt_error_target *)
				 entry_target(e))->errorname;
			rule = 0;
		}
		out->chain[i] = chain;
		out->rule[i] = rule;
	}
}

int cg_scan(const struct table *t, struct cg_out *out)
{
	const struct xt_entry_match *m;
	unsigned int i, off, nlog = 0, nlim = 0;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < CG_NPROGS; i++)
		prog_init(&out->progs[i]);
	for (i = 0; i < t->num_entries; i++) {
		const struct ipt_entry *e = entry_at(t->entries, t->offsets[i]);

		nlog += is_target(e, "LOG");
		for (off = sizeof(*e); off < e->target_offset;
		     off += m->u.match_size) {
			m = match_at(e, off);
			nlim += strcmp(m->u.user.name, "limit") == 0;
		}
	}
	out->chain = calloc(t->num_entries + 1, sizeof(*out->chain));
	out->rule = calloc(t->num_entries + 1, sizeof(*out->rule));
	out->logs = calloc(nlog + 1, sizeof(*out->logs));
	out->log_entry = calloc(nlog + 1, sizeof(*out->log_entry));
	out->limits = calloc(nlim + 1, sizeof(*out->limits));
	out->limit_off = calloc(nlim + 1, sizeof(*out->limit_off));
	if (!out->logs || !out->log_entry || !out->limits ||
	    !out->limit_off || !out->chain || !out->rule)
		return -ENOMEM;
	place_entries(t, out);

	for (i = 0; i < t->num_entries; i++) {
		const struct ipt_entry *e = entry_at(t->entries, t->offsets[i]);

		if (e->ip.iniface_mask[0] || e->ip.outiface_mask[0] ||
		    e->ip.invflags & (IPT_INV_VIA_IN | IPT_INV_VIA_OUT))
			out->needs |= BPFILTER_NEED_IFNAMES;
		if (is_target(e, "REJECT"))
			out->needs |= BPFILTER_NEED_REJECT;
		out->marks |= is_target(e, "MARK");
		if (is_target(e, "LOG")) {
			const struct xt_log_info *li =
				(const void *)entry_target(e)->data;

			out->needs |= BPFILTER_NEED_LOG;
			out->logs[out->nlogs].level = li->level;
			out->logs[out->nlogs].logflags = li->logflags;
			memcpy(out->logs[out->nlogs].prefix, li->prefix,
			       sizeof(li->prefix));
			out->log_entry[out->nlogs++] = i;
		}
		for (off = sizeof(*e); off < e->target_offset;
		     off += m->u.match_size) {
			const char *name;

			m = match_at(e, off);
			name = m->u.user.name;
			if (strcmp(name, "limit") == 0) {
				const struct xt_rateinfo *r = (const void *)
					m->data;

				out->limits[out->nlimits].credit =
					ext_limit_credits(r->avg * r->burst);
				out->limit_off[out->nlimits++] =
					t->offsets[i] + off;
			} else if (!strcmp(name, "conntrack") ||
				   !strcmp(name, "state")) {
				out->needs |= BPFILTER_NEED_CT;
			} else if (strcmp(name, "addrtype") == 0) {
				const struct xt_addrtype_info_v1 *a =
					(const void *)m->data;
				uint32_t flags = m->u.user.revision ?
						 a->flags : 0;

				if (flags & XT_ADDRTYPE_LIMIT_IFACE_IN)
					out->needs |= BPFILTER_NEED_ATYPE_IN;
				else if (flags & XT_ADDRTYPE_LIMIT_IFACE_OUT)
					out->needs |= BPFILTER_NEED_ATYPE_OUT;
				else
					out->needs |= BPFILTER_NEED_ATYPE;
			} else if (strcmp(name, "tcp") == 0) {
				const struct xt_tcp *tcp = (const void *)m->data;

				out->tcpopts |= tcp->option != 0;
			}
		}
	}
	/* Offsets come in ascending order already: for bsearch. */
	qsort(out->limit_off, out->nlimits, sizeof(*out->limit_off), cmp_uint);
	return cg_find_sets(t, out);
}

void cg_release(struct cg_out *out)
{
	unsigned int i;

	for (i = 0; i < CG_NPROGS; i++)
		prog_release(&out->progs[i]);
	free(out->logs);
	free(out->log_entry);
	free(out->limits);
	free(out->limit_off);
	free(out->chain);
	free(out->rule);
	cg_free_sets(out);
	memset(out, 0, sizeof(*out));
}

static void leave(struct cg *cg, bool main, uint32_t verdict);

void cg_leave_drop(struct cg *cg)
{
	leave(cg, cg->main, BPFILTER_VERDICT_NF | NF_DROP);
}

void cg_miss(struct cg *cg, struct bpf_insn jump)
{
	prog_jump(cg->p, jump, cg->miss);
}

void cg_hot(struct cg *cg, struct bpf_insn jump)
{
	cg->hot_used = true;
	prog_jump(cg->p, jump, cg->hot);
}

/* The functions of one program: which entry each starts at. */
struct cg_funcs {
	unsigned int *off;
	unsigned int *label;
	unsigned int n, cap;
};

static int func_label(struct cg *cg, struct cg_funcs *f, unsigned int off,
		      unsigned int *label)
{
	unsigned int i;

	for (i = 0; i < f->n; i++) {
		if (f->off[i] == off) {
			*label = f->label[i];
			return 0;
		}
	}
	if (f->n == f->cap) {
		unsigned int cap = f->cap ? f->cap * 2 : 16;
		unsigned int *o = realloc(f->off, cap * sizeof(*o));

		if (!o)
			return -ENOMEM;
		f->off = o;
		o = realloc(f->label, cap * sizeof(*o));
		if (!o)
			return -ENOMEM;
		f->label = o;
		f->cap = cap;
	}
	f->off[f->n] = off;
	f->label[f->n] = prog_label(cg->p);
	*label = f->label[f->n++];
	return 0;
}

/*
 * Leave with the verdict in r0: a function returns it to its caller, the
 * main function hands it to the module in cb[0].
 */
static void leave_r0(struct cg *cg, bool main)
{
	if (main) {
		prog_emit(cg->p, I_ST(BPF_W, R_CTX, SKB(cb[0]), BPF_REG_0));
		if (cg->out->marks) {
			prog_emit(cg->p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(mark)));
			prog_emit(cg->p, I_ST(BPF_W, R_CTX, SKB(mark), BPF_REG_1));
		}
		prog_emit(cg->p, I_MOVI(BPF_REG_0, 1));
	}
	prog_emit(cg->p, I_EXIT());
}

static void leave(struct cg *cg, bool main, uint32_t verdict)
{
	prog_emit(cg->p, I_MOVI(BPF_REG_0, (int32_t)verdict));
	leave_r0(cg, main);
}

/* Stack slots: the counter key, the limit key, a set's entry, its key. */
#define STACK_COUNTER	(-4)
#define STACK_SET_ENTRY	(-12)
#define STACK_SET_KEY	(-32)

/* Count a packet of skb->len bytes on the entry in STACK_COUNTER. */
static void emit_count_key(struct cg *cg)
{
	struct prog *p = cg->p;
	unsigned int found = prog_label(p);

	prog_ld_map(p, BPF_REG_1, cg->maps->counters);
	prog_emit(p, I_MOV(BPF_REG_2, BPF_REG_10));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_2, -4));
	prog_emit(p, I_CALL(BPF_FUNC_map_lookup_elem));
	/*
	 * The entry is in the map, so this cannot fail; the drop comes next
	 * in line, so that the verifier sees it end before going on.
	 */
	prog_jump(p, I_JMPI(BPF_JNE, BPF_REG_0, 0, 0), found);
	leave(cg, cg->main, BPFILTER_VERDICT_NF | NF_DROP);
	prog_bind(p, found);
	prog_emit(p, I_LD(BPF_DW, BPF_REG_1, BPF_REG_0, 0));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_1, 1));
	prog_emit(p, I_ST(BPF_DW, BPF_REG_0, 0, BPF_REG_1));
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(len)));
	prog_emit(p, I_LD(BPF_DW, BPF_REG_2, BPF_REG_0, 8));
	prog_emit(p, I_ALU(BPF_ADD, BPF_REG_2, BPF_REG_1));
	prog_emit(p, I_ST(BPF_DW, BPF_REG_0, 8, BPF_REG_2));
}

static void emit_count(struct cg *cg, unsigned int index)
{
	prog_emit(cg->p, I_STI(BPF_W, BPF_REG_10, STACK_COUNTER,
			       (int32_t)index));
	emit_count_key(cg);
}

/*
 * RETURN with nothing on the jump stack: ip_tables goes to the hook's
 * underflow, the built-in chain's policy. The policy is an unconditional
 * ACCEPT or DROP (translate checks it): count it and leave.
 */
static void emit_underflow(struct cg *cg)
{
	const struct table *t = cg->t;
	unsigned int off = t->underflow[cg->hook];
	const struct ipt_entry *u = entry_at(t->entries, off);
	int v = ((const struct xt_standard_target *)entry_target(u))->verdict;

	emit_count(cg, (unsigned int)table_entry_index(t, off));
	leave(cg, true, BPFILTER_VERDICT_NF | (uint32_t)(-v - 1));
}

/* Chain returns: to the caller, or in the main function to the policy. */
static void emit_return(struct cg *cg, bool main)
{
	if (main)
		emit_underflow(cg);
	else
		leave(cg, false, 0);
}

static void emit_log(struct cg *cg, unsigned int index)
{
	struct prog *p = cg->p;
	unsigned int id, skip = prog_label(p);

	for (id = 0; cg->out->log_entry[id] != index; id++)
		;
	/* r1 = nlog; if (r1 < MAX) log[r1] = { id, mark }; nlog = r1 + 1 */
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(nlog)));
	prog_emit(p, I_MOV(BPF_REG_2, BPF_REG_1));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_2, 1));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(nlog), BPF_REG_2));
	prog_jump(p, I_JMPI(BPF_JGE, BPF_REG_1, BPFILTER_MAX_LOG, 0), skip);
	prog_emit(p, I_ALUI(BPF_LSH, BPF_REG_1, 3));
	prog_emit(p, I_ALU(BPF_ADD, BPF_REG_1, R_PKT));
	prog_emit(p, I_STI(BPF_W, BPF_REG_1, SCR(log[0].id), (int32_t)id));
	prog_emit(p, I_LD(BPF_W, BPF_REG_2, R_PKT, SCR(mark)));
	prog_emit(p, I_ST(BPF_W, BPF_REG_1, SCR(log[0].mark), BPF_REG_2));
	prog_bind(p, skip);
}

static void emit_mark(struct cg *cg, const struct xt_mark_tginfo2 *info)
{
	struct prog *p = cg->p;

	/* mark = (mark & ~mask) ^ value */
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(mark)));
	prog_emit(p, I_ALU32I(BPF_AND, BPF_REG_1, (int32_t)~info->mask));
	prog_emit(p, I_ALU32I(BPF_XOR, BPF_REG_1, (int32_t)info->mark));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(mark), BPF_REG_1));
}

/*
 * Call the function at @off with the depth in r1. With
 * @push, the call is a jump that ip_tables puts on its stack, which has
 * room for stacksize entries; a goto replaces the current chain.
 */
static int emit_call(struct cg *cg, struct cg_funcs *f, unsigned int off,
		     bool push, bool main)
{
	struct prog *p = cg->p;
	unsigned int label;
	int err;

	err = func_label(cg, f, off, &label);
	if (err)
		return err;
	if (push && !main) {
		unsigned int ok = prog_label(p);

		prog_jump(p, I_JMPI(BPF_JLT, R_DEPTH, (int32_t)cg->stacksize,
				    0), ok);
		leave(cg, false, BPFILTER_VERDICT_NF | NF_DROP);
		prog_bind(p, ok);
	}
	prog_emit(p, I_MOV(BPF_REG_1, R_DEPTH));
	if (push)
		prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_1, 1));
	prog_call(p, label);
	return 0;
}

/*
 * The target of entry @index. Return: 1 when control goes on to the next
 * entry (also only sometimes), 0 when it never does, or a negative errno.
 */
static int emit_target(struct cg *cg, struct cg_funcs *f, unsigned int index,
		       bool main)
{
	const struct table *t = cg->t;
	const struct ipt_entry *e = entry_at(t->entries, t->offsets[index]);
	const struct xt_entry_target *tg = entry_target(e);
	struct prog *p = cg->p;
	unsigned int next = t->offsets[index] + e->next_offset;
	unsigned int back;
	int v, err;

	if (is_target(e, XT_STANDARD_TARGET)) {
		v = ((const struct xt_standard_target *)tg)->verdict;
		if (v == XT_RETURN) {
			emit_return(cg, main);
			return 0;
		}
		if (v < 0) {
			leave(cg, main, BPFILTER_VERDICT_NF | (uint32_t)(-v - 1));
			return 0;
		}
		/* To the next entry: ip_tables pushes nothing either way. */
		if ((unsigned int)v == next)
			return 1;
		err = emit_call(cg, f, (unsigned int)v,
				!(e->ip.flags & IPT_F_GOTO), main);
		if (err)
			return err;
		back = prog_label(p);
		prog_jump(p, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0), back);
		leave_r0(cg, main);
		prog_bind(p, back);
		if (!(e->ip.flags & IPT_F_GOTO))
			return 1;
		/* The chain gone to returned: so does this one. */
		emit_return(cg, main);
		return 0;
	}
	if (is_target(e, XT_ERROR_TARGET)) {
		leave(cg, main, BPFILTER_VERDICT_NF | NF_DROP);
		return 0;
	}
	if (is_target(e, "REJECT")) {
		const struct ipt_reject_info *r = (const void *)tg->data;

		leave(cg, main, BPFILTER_VERDICT_REJECT | r->with);
		return 0;
	}
	if (is_target(e, "LOG")) {
		emit_log(cg, index);
		return 1;
	}
	if (is_target(e, "MARK")) {
		emit_mark(cg, (const void *)tg->data);
		return 1;
	}
	pr_err("%s: target %s has no code generator", t->name,
	       tg->u.user.name);
	return -EOPNOTSUPP;
}

/* Say which rule entry @index is, for the dump. */
static void note_entry(struct cg *cg, unsigned int index)
{
	const struct table *t = cg->t;
	const struct ipt_entry *e = entry_at(t->entries, t->offsets[index]);
	const char *tg = entry_target(e)->u.user.name;

	prog_note(cg->p, "entry %u: chain %s rule %u, target %s", index,
		  cg->out->chain[index], cg->out->rule[index],
		  *tg ? tg : "standard");
}

/*
 * Entry @index: its matches, its counter, its target. Marks in @reach the
 * next entry when control can get there.
 */
static int emit_entry(struct cg *cg, struct cg_funcs *f, unsigned int index,
		      bool main, uint8_t *reach)
{
	const struct table *t = cg->t;
	const struct ipt_entry *e = entry_at(t->entries, t->offsets[index]);
	const struct xt_entry_match *m;
	struct prog *p = cg->p;
	struct prog_mark start;
	bool cond = false;
	unsigned int off;
	int kind, on;

	note_entry(cg, index);
	start = prog_mark(p);
	cg->miss = prog_label(p);
	cg->hot = prog_label(p);
	cg->hot_used = false;
	cg->main = main;
	/*
	 * The verifier explores the next instruction after a jump first, keeps
	 * the jump target for later, at most 8192 of them: a rule whose tests
	 * each jump to the next rule leaves one waiting per test while the
	 * rest of the chain is explored. In a large table, tests accumulate
	 * instead, and a rule makes one jump to the next for as long as its
	 * matches allow; that costs every test of every rule, where jumps
	 * leave a rule at its first failed test, so small tables jump.
	 */
	cg->acc = cg_acc_always || t->num_entries >= CG_ACC_ENTRIES;
	cg->acc_used = false;

	kind = cg_match_ip(cg, e);
	for (off = sizeof(*e); off < e->target_offset;
	     off += m->u.match_size) {
		m = match_at(e, off);
		if (kind == MATCH_NEVER)
			break;
		cond |= kind == MATCH_COND;
		if (cg->acc && !cg_acc_capable(m))
			cg_flush(cg);
		kind = cg_match(cg, e, m, t->offsets[index] + off);
		if (kind < 0)
			return kind;
	}
	cond |= kind == MATCH_COND;
	if (kind != MATCH_NEVER)
		cg_flush(cg);
	cg->acc = false;
	cg->acc_used = false;
	reach[index + 1] |= cond || kind == MATCH_NEVER;
	if (kind == MATCH_NEVER && p->len == start.len) {
		/* Nothing at all of a rule that never matches. */
		prog_rollback(p, start);
		prog_note(p, "never matches");
		return 0;
	}
	if (kind == MATCH_NEVER) {
		/* Its tests may still drop the packet (hotdrop). */
		cg_miss(cg, I_JA(0));
		goto hot;
	}

	emit_count(cg, index);
	on = emit_target(cg, f, index, main);
	if (on < 0)
		return on;
	if (on)
		reach[index + 1] = 1;
	if (on && cg->hot_used)
		prog_jump(p, I_JA(0), cg->miss);
hot:
	if (cg->hot_used) {
		prog_bind(p, cg->hot);
		leave(cg, main, BPFILTER_VERDICT_NF | NF_DROP);
	}
	prog_bind(p, cg->miss);
	return 0;
}

/* Copy @bytes of the scratch area at @from to the stack at @to, 16 bits
 * at a time: the verifier wants stack accesses aligned to their size.
 */
static void copy_to_stack(struct prog *p, int to, int from, unsigned int bytes)
{
	unsigned int k;

	for (k = 0; k < bytes; k += 2) {
		prog_emit(p, I_LD(BPF_H, BPF_REG_1, R_PKT, from + k));
		prog_emit(p, I_ST(BPF_H, BPF_REG_10, to + k, BPF_REG_1));
	}
}

/*
 * The key of set @s for @fields, from the packet, at STACK_SET_KEY, in
 * the layout of sets.c: ports, the exact address, the prefix address.
 */
static void emit_set_key(struct cg *cg, const struct cg_set *s,
			 uint8_t fields)
{
	struct prog *p = cg->p;
	int at = STACK_SET_KEY, bits = 0, k;

	if (s->lpm)
		at += 4;
	for (k = 0; k < 2; k++) {
		if (!(fields & (k ? SET_DPORT : SET_SPORT)))
			continue;
		copy_to_stack(p, at, SCR(l4) + 2 * k, 2);
		at += 2;
		bits += 16;
	}
	for (k = 0; k < 2; k++) {
		if (!(fields & (k ? SET_DADDR : SET_SADDR)) || s->prefix == k + 1)
			continue;
		copy_to_stack(p, at, SCR(ip) + 12 + 4 * k, 4);
		at += 4;
		bits += 32;
	}
	if (s->prefix && (fields & (s->prefix == 1 ? SET_SADDR : SET_DADDR))) {
		copy_to_stack(p, at, SCR(ip) + 12 + 4 * (s->prefix - 1), 4);
		bits += 32;
	}
	/* Looked up with every bit: the trie finds the longest prefix. */
	if (s->lpm)
		prog_emit(p, I_STI(BPF_W, BPF_REG_10, STACK_SET_KEY, bits));
}

static void emit_set_lookup(struct cg *cg, int fd)
{
	struct prog *p = cg->p;

	prog_ld_map(p, BPF_REG_1, fd);
	prog_emit(p, I_MOV(BPF_REG_2, BPF_REG_10));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_2, STACK_SET_KEY));
	prog_emit(p, I_CALL(BPF_FUNC_map_lookup_elem));
}

/*
 * Ports vary, and the packet has none to look up: a later fragment, or a
 * transport header too short. The first rule whose addresses match would
 * have dropped it (hotdrop), or none matches, as tcp_mt() and udp_mt()
 * decide; with varying addresses, the probe map says whether one does.
 */
static void emit_set_portless(struct cg *cg, unsigned int sid, bool tcp)
{
	const struct cg_set *s = &cg->out->sets[sid];
	struct prog *p = cg->p;
	unsigned int whole = prog_label(p), full = prog_label(p);
	unsigned int shortl = prog_label(p);

	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(fragoff)));
	prog_jump(p, I_JMP32I(BPF_JEQ, BPF_REG_1, 0, 0), whole);
	if (tcp) {
		cg_miss(cg, I_JMP32I(BPF_JNE, BPF_REG_1, 1, 0));
		prog_jump(p, I_JA(0), shortl);
	} else {
		cg_miss(cg, I_JA(0));
	}
	prog_bind(p, whole);
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(l4len)));
	prog_jump(p, I_JMP32I(BPF_JGE, BPF_REG_1, tcp ? 20 : 8, 0), full);
	prog_bind(p, shortl);
	if (s->probe_fields) {
		emit_set_key(cg, s, s->probe_fields);
		emit_set_lookup(cg, cg->maps->sets[2 * sid + 1]);
		cg_miss(cg, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0));
	}
	cg_hot(cg, I_JA(0));
	prog_bind(p, full);
}

/*
 * Set @sid: its rules as one. The parts they share are tested as for one
 * rule; the parts that vary are one lookup, whose value is the entry the
 * packet matched, the one counted.
 */
static int emit_set(struct cg *cg, struct cg_funcs *f, unsigned int sid,
		    bool main, uint8_t *reach)
{
	const struct cg_set *s = &cg->out->sets[sid];
	const struct table *t = cg->t;
	const struct ipt_entry *e = entry_at(t->entries, t->offsets[s->first]);
	const struct xt_entry_match *m;
	struct prog *p = cg->p;
	unsigned int off;
	int kind, err;

	prog_note(p, "entries %u-%u: chain %s rules %u-%u, target %s, as one %s lookup of %u keys",
		  s->first, s->first + s->count - 1, cg->out->chain[s->first],
		  cg->out->rule[s->first],
		  cg->out->rule[s->first + s->count - 1],
		  *entry_target(e)->u.user.name ?
		  entry_target(e)->u.user.name : "standard",
		  s->lpm ? "LPM trie" : "hash", s->count);
	reach[s->first + s->count] = 1;
	cg->miss = prog_label(p);
	cg->hot = prog_label(p);
	cg->hot_used = false;
	cg->skip = s->fields;
	cg->main = main;
	cg->acc = false;

	kind = cg_match_ip(cg, e);
	if (kind == MATCH_NEVER) {
		cg_miss(cg, I_JA(0));
		goto out;
	}
	if (s->fields & (SET_SPORT | SET_DPORT))
		emit_set_portless(cg, sid,
				  !strcmp(match_at(e, sizeof(*e))->u.user.name,
					  "tcp"));
	emit_set_key(cg, s, s->fields);
	emit_set_lookup(cg, cg->maps->sets[2 * sid]);
	cg_miss(cg, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0));
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, BPF_REG_0, 0));
	prog_emit(p, I_ST(BPF_W, BPF_REG_10, STACK_SET_ENTRY, BPF_REG_1));

	for (off = sizeof(*e); off < e->target_offset;
	     off += m->u.match_size) {
		m = match_at(e, off);
		kind = cg_match(cg, e, m, t->offsets[s->first] + off);
		if (kind < 0) {
			cg->skip = 0;
			return kind;
		}
		if (kind == MATCH_NEVER) {
			cg_miss(cg, I_JA(0));
			goto out;
		}
	}
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, BPF_REG_10, STACK_SET_ENTRY));
	prog_emit(p, I_ST(BPF_W, BPF_REG_10, STACK_COUNTER, BPF_REG_1));
	emit_count_key(cg);
	err = emit_target(cg, f, s->first, main);
	if (err < 0) {
		cg->skip = 0;
		return err;
	}
out:
	cg->skip = 0;
	if (cg->hot_used) {
		prog_bind(p, cg->hot);
		leave(cg, main, BPFILTER_VERDICT_NF | NF_DROP);
	}
	prog_bind(p, cg->miss);
	return 0;
}

/*
 * The code of one function: the entries reachable from the one at @off,
 * in blob order.
 */
static int emit_function(struct cg *cg, struct cg_funcs *f, unsigned int off,
			 bool main)
{
	const struct table *t = cg->t;
	int start = table_entry_index(t, off);
	unsigned int i, first = (unsigned int)start;
	uint8_t *reach;
	bool open = false;
	int err = 0;

	/* translate() checked every jump a packet can take. */
	if (start < 0)
		return -EINVAL;
	reach = calloc(t->num_entries + 1, 1);
	if (!reach)
		return -ENOMEM;
	reach[first] = 1;
	for (i = first; i < t->num_entries; i++) {
		if (!reach[i])
			continue;
		if (cg->out->set_at[i] >= 0) {
			err = emit_set(cg, f, (unsigned int)cg->out->set_at[i],
				       main, reach);
			i += cg->out->sets[cg->out->set_at[i]].count - 1;
		} else {
			err = emit_entry(cg, f, i, main, reach);
		}
		if (err)
			break;
		open = reach[i + 1];
	}
	/* Past the last entry: translate makes that impossible. */
	if (!err && open)
		leave(cg, main, BPFILTER_VERDICT_NF | NF_DROP);
	free(reach);
	return err;
}

/*
 * A chain's function takes the jump depth only, so that the verifier can
 * check it once, as a global function, whatever calls it: it finds the
 * scratch area itself, and works on the packet through it alone.
 */
static void emit_func_entry(struct cg *cg)
{
	struct prog *p = cg->p;
	unsigned int found = prog_label(p);

	prog_emit(p, I_MOV(R_DEPTH, BPF_REG_1));
	prog_emit(p, I_STI(BPF_W, BPF_REG_10, -4, 0));
	prog_ld_map(p, BPF_REG_1, cg->maps->scratch);
	prog_emit(p, I_MOV(BPF_REG_2, BPF_REG_10));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_2, -4));
	prog_emit(p, I_CALL(BPF_FUNC_map_lookup_elem));
	prog_jump(p, I_JMPI(BPF_JNE, BPF_REG_0, 0, 0), found);
	prog_emit(p, I_MOVI(BPF_REG_0, BPFILTER_VERDICT_NF | NF_DROP));
	prog_emit(p, I_EXIT());
	prog_bind(p, found);
	prog_emit(p, I_MOV(R_PKT, BPF_REG_0));
}

/*
 * The TCP option kinds present in the packet, as tcp_find_option() walks
 * them, into a bitmap: the walk depends on the packet only. A packet whose
 * header is short or truncated leaves it empty; the rules that look drop
 * such a packet before they read it.
 */
static void emit_tcpopts(struct prog *p)
{
	unsigned int step[41], k;
	const int l4 = SCR(l4);

	for (k = 0; k <= 40; k++)
		step[k] = prog_label(p);
	for (k = 0; k < 4; k++)
		prog_emit(p, I_STI(BPF_DW, R_PKT, SCR(tcpopts) + 8 * k, 0));
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_PKT, SCR(l4len)));
	prog_jump(p, I_JMPI(BPF_JLT, BPF_REG_1, 20, 0), step[40]);
	prog_emit(p, I_LD(BPF_B, BPF_REG_2, R_PKT, l4 + 12));
	prog_emit(p, I_ALUI(BPF_RSH, BPF_REG_2, 4));
	prog_emit(p, I_ALUI(BPF_LSH, BPF_REG_2, 2));
	prog_jump(p, I_JMPI(BPF_JLT, BPF_REG_2, 20, 0), step[40]);
	prog_jump(p, I_JMP(BPF_JLT, BPF_REG_1, BPF_REG_2, 0), step[40]);
	prog_emit(p, I_ALUI(BPF_SUB, BPF_REG_2, 20));	/* r2: optlen */
	prog_emit(p, I_MOVI(BPF_REG_3, 0));		/* r3: i */
	/* Each step moves i on by at least one: 40 steps cover 40 bytes. */
	for (k = 0; k < 40; k++) {
		unsigned int one = prog_label(p);

		prog_bind(p, step[k]);
		prog_jump(p, I_JMP(BPF_JGE, BPF_REG_3, BPF_REG_2, 0), step[40]);
		/* Implied by the test above, but the verifier needs a bound. */
		prog_jump(p, I_JMPI(BPF_JGE, BPF_REG_3, 40, 0), step[40]);
		prog_emit(p, I_MOV(BPF_REG_4, R_PKT));
		prog_emit(p, I_ALU(BPF_ADD, BPF_REG_4, BPF_REG_3));
		prog_emit(p, I_LD(BPF_B, BPF_REG_5, BPF_REG_4, l4 + 20));
		/* tcpopts[kind / 8] |= 1 << kind % 8 */
		prog_emit(p, I_MOV(BPF_REG_0, BPF_REG_5));
		prog_emit(p, I_ALUI(BPF_RSH, BPF_REG_0, 3));
		prog_emit(p, I_ALU(BPF_ADD, BPF_REG_0, R_PKT));
		prog_emit(p, I_LD(BPF_B, BPF_REG_1, BPF_REG_0, SCR(tcpopts)));
		prog_emit(p, I_MOV(R_TMP, BPF_REG_5));
		prog_emit(p, I_ALUI(BPF_AND, R_TMP, 7));
		prog_emit(p, I_MOVI(BPF_REG_4, 1));
		prog_emit(p, I_ALU(BPF_LSH, BPF_REG_4, R_TMP));
		prog_emit(p, I_ALU(BPF_OR, BPF_REG_1, BPF_REG_4));
		prog_emit(p, I_ST(BPF_B, BPF_REG_0, SCR(tcpopts), BPF_REG_1));
		/* kinds 0 and 1 are one byte long, as is the last byte */
		prog_jump(p, I_JMPI(BPF_JLT, BPF_REG_5, 2, 0), one);
		prog_emit(p, I_MOV(BPF_REG_0, BPF_REG_2));
		prog_emit(p, I_ALUI(BPF_SUB, BPF_REG_0, 1));
		prog_jump(p, I_JMP(BPF_JEQ, BPF_REG_3, BPF_REG_0, 0), one);
		prog_emit(p, I_MOV(BPF_REG_4, R_PKT));
		prog_emit(p, I_ALU(BPF_ADD, BPF_REG_4, BPF_REG_3));
		prog_emit(p, I_LD(BPF_B, BPF_REG_0, BPF_REG_4, l4 + 21));
		prog_jump(p, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0), one);
		prog_emit(p, I_ALU(BPF_ADD, BPF_REG_3, BPF_REG_0));
		prog_jump(p, I_JA(0), step[k + 1]);
		prog_bind(p, one);
		prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_3, 1));
	}
	prog_bind(p, step[40]);
}

/*
 * The main function's prologue: find the scratch area, read the IPv4
 * header and what follows it, and compute what the matches share.
 */
static void emit_main_entry(struct cg *cg)
{
	struct prog *p = cg->p;
	unsigned int fail = prog_label(p), nol4 = prog_label(p);
	unsigned int l4done = prog_label(p), big = prog_label(p);

	prog_emit(p, I_MOV(R_CTX, BPF_REG_1));
	prog_emit(p, I_MOVI(R_DEPTH, 0));
	prog_emit(p, I_STI(BPF_W, BPF_REG_10, -4, 0));
	prog_ld_map(p, BPF_REG_1, cg->maps->scratch);
	prog_emit(p, I_MOV(BPF_REG_2, BPF_REG_10));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_2, -4));
	prog_emit(p, I_CALL(BPF_FUNC_map_lookup_elem));
	prog_jump(p, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0), fail);
	prog_emit(p, I_MOV(R_PKT, BPF_REG_0));

	/* The IPv4 header: at the hooks, skb->data points at it. */
	prog_emit(p, I_MOV(BPF_REG_1, R_CTX));
	prog_emit(p, I_MOVI(BPF_REG_2, 0));
	prog_emit(p, I_MOV(BPF_REG_3, R_PKT));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_3, SCR(ip)));
	prog_emit(p, I_MOVI(BPF_REG_4, 20));
	prog_emit(p, I_CALL(BPF_FUNC_skb_load_bytes));
	prog_jump(p, I_JMPI(BPF_JNE, BPF_REG_0, 0, 0), fail);

	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_CTX, SKB(mark)));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(mark), BPF_REG_1));
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_CTX, SKB(pkt_type)));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(pkt_type), BPF_REG_1));
	prog_emit(p, I_LD(BPF_W, BPF_REG_1, R_CTX, SKB(len)));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(len), BPF_REG_1));
	prog_emit(p, I_LD(BPF_B, BPF_REG_2, R_PKT, SCR(ip)));
	prog_emit(p, I_ALUI(BPF_AND, BPF_REG_2, 0xf));
	prog_emit(p, I_ALUI(BPF_LSH, BPF_REG_2, 2));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(thoff), BPF_REG_2));
	prog_emit(p, I_LD(BPF_H, BPF_REG_3, R_PKT, SCR(ip) + 6));
	prog_emit(p, I_BE(BPF_REG_3, 16));
	prog_emit(p, I_ALUI(BPF_AND, BPF_REG_3, 0x1fff));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(fragoff), BPF_REG_3));
	prog_emit(p, I_LD(BPF_W, BPF_REG_3, R_PKT, SCR(ip) + 12));
	prog_emit(p, I_BE(BPF_REG_3, 32));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(saddr), BPF_REG_3));
	prog_emit(p, I_LD(BPF_W, BPF_REG_3, R_PKT, SCR(ip) + 16));
	prog_emit(p, I_BE(BPF_REG_3, 32));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(daddr), BPF_REG_3));

	/* l4len = min(len - thoff, 60), the bytes read from thoff on. */
	prog_emit(p, I_STI(BPF_W, R_PKT, SCR(l4len), 0));
	prog_emit(p, I_STI(BPF_W, R_PKT, SCR(sport), 0));
	prog_emit(p, I_STI(BPF_W, R_PKT, SCR(dport), 0));
	prog_emit(p, I_MOV(BPF_REG_4, BPF_REG_1));
	prog_emit(p, I_ALU(BPF_SUB, BPF_REG_4, BPF_REG_2));
	prog_jump(p, I_JMPI(BPF_JSLE, BPF_REG_4, 0, 0), nol4);
	prog_jump(p, I_JMPI(BPF_JLE, BPF_REG_4, 60, 0), big);
	prog_emit(p, I_MOVI(BPF_REG_4, 60));
	prog_bind(p, big);
	prog_emit(p, I_MOV(R_TMP, BPF_REG_4));
	prog_emit(p, I_MOV(BPF_REG_1, R_CTX));
	prog_emit(p, I_MOV(BPF_REG_3, R_PKT));
	prog_emit(p, I_ALUI(BPF_ADD, BPF_REG_3, SCR(l4)));
	prog_emit(p, I_CALL(BPF_FUNC_skb_load_bytes));
	prog_jump(p, I_JMPI(BPF_JNE, BPF_REG_0, 0, 0), nol4);
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(l4len), R_TMP));
	prog_jump(p, I_JMPI(BPF_JLT, R_TMP, 4, 0), l4done);
	prog_emit(p, I_LD(BPF_H, BPF_REG_1, R_PKT, SCR(l4)));
	prog_emit(p, I_BE(BPF_REG_1, 16));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(sport), BPF_REG_1));
	prog_emit(p, I_LD(BPF_H, BPF_REG_1, R_PKT, SCR(l4) + 2));
	prog_emit(p, I_BE(BPF_REG_1, 16));
	prog_emit(p, I_ST(BPF_W, R_PKT, SCR(dport), BPF_REG_1));
	prog_jump(p, I_JA(0), l4done);
	prog_bind(p, fail);
	/* No scratch area or no IPv4 header: cannot happen; drop. */
	prog_emit(p, I_MOVI(BPF_REG_0, BPFILTER_VERDICT_NF | NF_DROP));
	prog_emit(p, I_ST(BPF_W, R_CTX, SKB(cb[0]), BPF_REG_0));
	prog_emit(p, I_MOVI(BPF_REG_0, 1));
	prog_emit(p, I_EXIT());
	prog_bind(p, nol4);
	prog_bind(p, l4done);
	if (cg->out->tcpopts)
		emit_tcpopts(p);
}

/* ip_tables' jump stack has one slot per ERROR entry. */
static unsigned int stacksize(const struct table *t)
{
	unsigned int i, n = 0;

	for (i = 0; i < t->num_entries; i++)
		n += is_target(entry_at(t->entries, t->offsets[i]),
			       XT_ERROR_TARGET);
	return n;
}

/*
 * A function's name for bpftool: its chain's, where it starts at the
 * chain's first rule, with the rule number otherwise; only the characters
 * of C names.
 */
static void func_name(struct cg *cg, unsigned int index, char *buf,
		      size_t len)
{
	const char *c = cg->out->chain[index];
	size_t n = 0;

	for (; *c && n + 1 < len - 8; c++)
		buf[n++] = (isalnum((unsigned char)*c) || *c == '_') ? *c : '_';
	buf[n] = '\0';
	if (cg->out->rule[index] != 1)
		snprintf(buf + n, len - n, "_%u", cg->out->rule[index]);
	if (!isalpha((unsigned char)buf[0]))
		buf[0] = 'c';
}

static int compile_hook(struct cg *cg, const char *chain)
{
	struct cg_funcs f = { 0 };
	unsigned int i;
	int err;

	if (!(cg->t->valid_hooks & (1U << cg->hook)))
		return -EINVAL;
	prog_note(cg->p, "program for chain %s", chain);
	prog_func(cg->p, chain);
	emit_main_entry(cg);
	err = emit_function(cg, &f, cg->t->hook_entry[cg->hook], true);
	/* f grows while its functions are compiled. */
	for (i = 0; !err && i < f.n; i++) {
		int at = table_entry_index(cg->t, f.off[i]);
		char name[48];

		prog_bind(cg->p, f.label[i]);
		prog_note(cg->p, "function for entry %d", at);
		func_name(cg, (unsigned int)at, name, sizeof(name));
		prog_func(cg->p, name);
		emit_func_entry(cg);
		err = emit_function(cg, &f, f.off[i], false);
	}
	free(f.off);
	free(f.label);
	if (!err)
		err = prog_finish(cg->p);
	return err;
}

int cg_compile(const struct table *t, const struct cg_maps *maps,
	       struct cg_out *out)
{
	unsigned int h;
	int err;

	for (h = 0; h < CG_NPROGS; h++) {
		struct cg cg = {
			.t = t,
			.out = out,
			.maps = maps,
			.p = &out->progs[h],
			.hook = cg_hooks[h],
			.stacksize = stacksize(t),
		};

		prog_release(cg.p);
		err = compile_hook(&cg, cg_chains[h]);
		if (err == -E2BIG) {
			pr_err("%s: chain %s: program too large for BPF jumps",
			       t->name, cg_chains[h]);
			return -EOPNOTSUPP;
		}
		if (err)
			return err;
	}
	return 0;
}
