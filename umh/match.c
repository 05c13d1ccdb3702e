// SPDX-License-Identifier: GPL-2.0
/*
 * The code of each match: the same test as the Linux 6.1 match function,
 * on the fields the main function's prologue parsed into the scratch area
 * and the ones the module filled in. A packet that does not match jumps
 * to the entry's miss label; where the kernel's match sets hotdrop, to its
 * hot label. Comparisons of 32-bit values use 32-bit jumps, so that
 * immediates are not sign-extended.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_packet.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/xt_addrtype.h>
#include <linux/netfilter/xt_conntrack.h>
#include <linux/netfilter/xt_iprange.h>
#include <linux/netfilter/xt_length.h>
#include <linux/netfilter/xt_limit.h>
#include <linux/netfilter/xt_mark.h>
#include <linux/netfilter/xt_multiport.h>
#include <linux/netfilter/xt_pkttype.h>
#include <linux/netfilter/xt_state.h>
#include <linux/netfilter/xt_tcpudp.h>
#include <linux/netfilter_ipv4/ipt_ttl.h>

#include "cg.h"
#include "ext.h"
#include "log.h"

#define W1 BPF_REG_1
#define W2 BPF_REG_2

static void emit(struct cg *cg, struct bpf_insn i)
{
	prog_emit(cg->p, i);
}

static void load(struct cg *cg, int size, int reg, int off)
{
	emit(cg, I_LD(size, reg, R_PKT, off));
}

/* A constant outcome of a test: the match holds or never does. */
static enum match_kind constant(bool holds)
{
	return holds ? MATCH_ALWAYS : MATCH_NEVER;
}

/* Add 64-bit register @reg, non-zero for a mismatch, to R_ACC. */
static void acc_or(struct cg *cg, int reg)
{
	if (cg->acc_used) {
		emit(cg, I_ALU(BPF_OR, R_ACC, reg));
	} else {
		emit(cg, I_MOV(R_ACC, reg));
		cg->acc_used = true;
	}
}

/* @reg (below 2^32) becomes 1 when it is zero, else 0. */
static void is_zero(struct cg *cg, int reg)
{
	emit(cg, I_ALUI(BPF_SUB, reg, 1));
	emit(cg, I_ALUI(BPF_RSH, reg, 63));
}

void cg_flush(struct cg *cg)
{
	if (cg->acc && cg->acc_used)
		cg_miss(cg, I_JMPI(BPF_JNE, R_ACC, 0, 0));
	cg->acc = false;
	cg->acc_used = false;
}

/* Miss unless (reg == value) ^ inv. */
static enum match_kind miss_unless_eq(struct cg *cg, int reg, uint32_t value,
				      bool inv)
{
	if (!cg->acc) {
		cg_miss(cg, I_JMP32I(inv ? BPF_JEQ : BPF_JNE, reg,
				     (int32_t)value, 0));
		return MATCH_COND;
	}
	emit(cg, I_MOV(BPF_REG_3, reg));
	emit(cg, I_ALU32I(BPF_XOR, BPF_REG_3, (int32_t)value));
	if (inv)
		is_zero(cg, BPF_REG_3);
	acc_or(cg, BPF_REG_3);
	return MATCH_COND;
}

/*
 * Accumulate (min <= reg <= max) ^ inv, unsigned 32-bit: reg - min wraps
 * below min, so outside the range it exceeds max - min; the sign of
 * (max - min) - (reg - min) in 64 bits says which.
 */
static enum match_kind acc_in(struct cg *cg, int reg, uint32_t min,
			      uint32_t max, bool inv)
{
	emit(cg, I_MOV(BPF_REG_3, reg));
	emit(cg, I_ALU32I(BPF_SUB, BPF_REG_3, (int32_t)min));
	emit(cg, insn(BPF_ALU | BPF_MOV | BPF_K, BPF_REG_4, 0, 0,
		      (int32_t)(max - min)));
	emit(cg, I_ALU(BPF_SUB, BPF_REG_4, BPF_REG_3));
	emit(cg, I_ALUI(BPF_RSH, BPF_REG_4, 63));
	if (inv)
		emit(cg, I_ALUI(BPF_XOR, BPF_REG_4, 1));
	acc_or(cg, BPF_REG_4);
	return MATCH_COND;
}

/* Miss unless (min <= reg <= max) ^ inv, all unsigned below @top. */
static enum match_kind miss_unless_in(struct cg *cg, int reg, uint32_t min,
				      uint32_t max, uint32_t top, bool inv)
{
	unsigned int in;

	if (min == 0 && max >= top)
		return constant(!inv);
	if (cg->acc)
		return acc_in(cg, reg, min, max, inv);
	if (!inv) {
		if (min > 0)
			cg_miss(cg, I_JMP32I(BPF_JLT, reg, (int32_t)min, 0));
		if (max < top)
			cg_miss(cg, I_JMP32I(BPF_JGT, reg, (int32_t)max, 0));
		return MATCH_COND;
	}
	if (min == 0) {
		cg_miss(cg, I_JMP32I(BPF_JLE, reg, (int32_t)max, 0));
	} else if (max >= top) {
		cg_miss(cg, I_JMP32I(BPF_JGE, reg, (int32_t)min, 0));
	} else {
		in = prog_label(cg->p);
		prog_jump(cg->p, I_JMP32I(BPF_JLT, reg, (int32_t)min, 0), in);
		prog_jump(cg->p, I_JMP32I(BPF_JGT, reg, (int32_t)max, 0), in);
		cg_miss(cg, I_JA(0));
		prog_bind(cg->p, in);
	}
	return MATCH_COND;
}

/* The worse of two outcomes: never beats a test, a test beats always. */
static enum match_kind both(enum match_kind a, enum match_kind b)
{
	if (a == MATCH_NEVER || b == MATCH_NEVER)
		return MATCH_NEVER;
	return a == MATCH_COND || b == MATCH_COND ? MATCH_COND : MATCH_ALWAYS;
}

/* (addr & mask) != want, inverted by inv: ip_packet_match()'s test. */
static enum match_kind ip_addr(struct cg *cg, int off, uint32_t addr,
			       uint32_t mask, bool inv)
{
	if (mask == 0)
		return constant((addr == 0) ^ inv);
	load(cg, BPF_W, W1, off);
	if (mask != 0xffffffffU)
		emit(cg, I_ALU32I(BPF_AND, W1, (int32_t)mask));
	return miss_unless_eq(cg, W1, addr, inv);
}

/* ifname_compare_aligned(): the name under the mask, inverted by inv. */
static enum match_kind ip_iface(struct cg *cg, int off, const char *name,
				const unsigned char *mask, bool inv)
{
	uint32_t n[4], m[4];
	bool any = false;
	unsigned int k;

	memcpy(n, name, sizeof(n));
	memcpy(m, mask, sizeof(m));
	for (k = 0; k < 4; k++)
		any |= m[k] != 0;
	if (!any)
		return constant(!inv);
	emit(cg, I_MOVI(W2, 0));
	for (k = 0; k < 4; k++) {
		if (!m[k])
			continue;
		load(cg, BPF_W, W1, off + 4 * k);
		emit(cg, I_ALU32I(BPF_XOR, W1, (int32_t)n[k]));
		emit(cg, I_ALU32I(BPF_AND, W1, (int32_t)m[k]));
		emit(cg, I_ALU32(BPF_OR, W2, W1));
	}
	return miss_unless_eq(cg, W2, 0, inv);
}

enum match_kind cg_match_ip(struct cg *cg, const struct ipt_entry *e)
{
	const struct ipt_ip *ip = &e->ip;
	enum match_kind k = MATCH_ALWAYS;
	bool frag = ip->flags & IPT_F_FRAG;
	bool inv_frag = ip->invflags & IPT_INV_FRAG;

	if (!(cg->skip & SET_SADDR))
		k = both(k, ip_addr(cg, SCR(ip) + 12, ip->src.s_addr,
				    ip->smsk.s_addr,
				    ip->invflags & IPT_INV_SRCIP));
	if (k == MATCH_NEVER)
		return k;
	if (!(cg->skip & SET_DADDR))
		k = both(k, ip_addr(cg, SCR(ip) + 16, ip->dst.s_addr,
				    ip->dmsk.s_addr,
				    ip->invflags & IPT_INV_DSTIP));
	if (k == MATCH_NEVER)
		return k;
	k = both(k, ip_iface(cg, SCR(in), ip->iniface, ip->iniface_mask,
			     ip->invflags & IPT_INV_VIA_IN));
	if (k == MATCH_NEVER)
		return k;
	k = both(k, ip_iface(cg, SCR(out), ip->outiface, ip->outiface_mask,
			     ip->invflags & IPT_INV_VIA_OUT));
	if (k == MATCH_NEVER)
		return k;
	if (ip->proto) {
		load(cg, BPF_B, W1, SCR(ip) + 9);
		k = both(k, miss_unless_eq(cg, W1, ip->proto,
					   ip->invflags & IPT_INV_PROTO));
	}
	/* Miss when (frag rule && not a fragment) ^ inv_frag. */
	if (!frag)
		return inv_frag ? MATCH_NEVER : k;
	load(cg, BPF_W, W1, SCR(fragoff));
	return miss_unless_eq(cg, W1, 0, !inv_frag);
}

/*
 * The transport header of a non-fragment, at least @need bytes of it, as
 * the tcp, udp, icmp and multiport matches want it. A later fragment
 * never matches; one at offset 1 is dropped by tcp (@evil).
 */
static void need_l4(struct cg *cg, unsigned int need, bool evil)
{
	unsigned int whole = prog_label(cg->p);

	if (cg->acc) {
		/* r3: drop now. Only if every test so far held. */
		load(cg, BPF_W, W1, SCR(fragoff));
		emit(cg, I_MOVI(BPF_REG_3, 0));
		if (evil) {
			emit(cg, I_MOV(BPF_REG_3, W1));
			emit(cg, I_ALU32I(BPF_XOR, BPF_REG_3, 1));
			is_zero(cg, BPF_REG_3);
		}
		load(cg, BPF_W, BPF_REG_4, SCR(l4len));
		emit(cg, I_ALUI(BPF_SUB, BPF_REG_4, (int32_t)need));
		emit(cg, I_ALUI(BPF_RSH, BPF_REG_4, 63));
		emit(cg, I_MOV(W2, W1));
		is_zero(cg, W2);
		emit(cg, I_ALU(BPF_AND, BPF_REG_4, W2));
		emit(cg, I_ALU(BPF_OR, BPF_REG_3, BPF_REG_4));
		if (cg->acc_used) {
			emit(cg, I_MOV(W2, R_ACC));
			is_zero(cg, W2);
			emit(cg, I_ALU(BPF_AND, BPF_REG_3, W2));
		}
		/* The drop comes next in line: the verifier sees it end first. */
		prog_jump(cg->p, I_JMPI(BPF_JEQ, BPF_REG_3, 0, 0), whole);
		cg_leave_drop(cg);
		prog_bind(cg->p, whole);
		acc_or(cg, W1);
		return;
	}

	load(cg, BPF_W, W1, SCR(fragoff));
	if (evil) {
		prog_jump(cg->p, I_JMP32I(BPF_JEQ, W1, 0, 0), whole);
		cg_hot(cg, I_JMP32I(BPF_JEQ, W1, 1, 0));
		cg_miss(cg, I_JA(0));
		prog_bind(cg->p, whole);
	} else {
		cg_miss(cg, I_JMP32I(BPF_JNE, W1, 0, 0));
	}
	load(cg, BPF_W, W1, SCR(l4len));
	cg_hot(cg, I_JMP32I(BPF_JLT, W1, (int32_t)need, 0));
}

static enum match_kind ports(struct cg *cg, const uint16_t *spts,
			     const uint16_t *dpts, bool inv_s, bool inv_d)
{
	enum match_kind k = MATCH_ALWAYS;

	if (!(cg->skip & SET_SPORT)) {
		load(cg, BPF_W, W1, SCR(sport));
		k = miss_unless_in(cg, W1, spts[0], spts[1], 0xffff, inv_s);
	}
	if (k == MATCH_NEVER || (cg->skip & SET_DPORT))
		return k;
	load(cg, BPF_W, W1, SCR(dport));
	return both(k, miss_unless_in(cg, W1, dpts[0], dpts[1], 0xffff,
				      inv_d));
}

static enum match_kind tcp_option(struct cg *cg, uint8_t option, bool inv)
{
	unsigned int empty = prog_label(cg->p), done = prog_label(cg->p);

	/* doff * 4 */
	load(cg, BPF_B, W1, SCR(l4) + 12);
	emit(cg, I_ALU32I(BPF_RSH, W1, 4));
	emit(cg, I_ALU32I(BPF_LSH, W1, 2));
	cg_hot(cg, I_JMP32I(BPF_JLT, W1, 20, 0));
	prog_jump(cg->p, I_JMP32I(BPF_JEQ, W1, 20, 0), empty);
	load(cg, BPF_W, W2, SCR(l4len));
	cg_hot(cg, insn(BPF_JMP32 | BPF_JLT | BPF_X, W2, W1, 0, 0));
	load(cg, BPF_B, W1, SCR(tcpopts) + option / 8);
	emit(cg, I_ALU32I(BPF_AND, W1, 1 << (option % 8)));
	cg_miss(cg, I_JMP32I(inv ? BPF_JNE : BPF_JEQ, W1, 0, 0));
	prog_jump(cg->p, I_JA(0), done);
	/* No options: the option is there only when inverted. */
	prog_bind(cg->p, empty);
	if (!inv)
		cg_miss(cg, I_JA(0));
	prog_bind(cg->p, done);
	return MATCH_COND;
}

static enum match_kind tcp(struct cg *cg, const struct xt_tcp *info)
{
	enum match_kind k;
	bool inv = info->invflags & XT_TCP_INV_FLAGS;

	need_l4(cg, 20, true);
	k = ports(cg, info->spts, info->dpts,
		  info->invflags & XT_TCP_INV_SRCPT,
		  info->invflags & XT_TCP_INV_DSTPT);
	if (k == MATCH_NEVER)
		return k;
	if (info->flg_mask == 0) {
		if (!info->flg_cmp == inv)
			return MATCH_NEVER;
	} else {
		load(cg, BPF_B, W1, SCR(l4) + 13);
		emit(cg, I_ALU32I(BPF_AND, W1, info->flg_mask));
		miss_unless_eq(cg, W1, info->flg_cmp, inv);
	}
	if (info->option)
		tcp_option(cg, info->option,
			   info->invflags & XT_TCP_INV_OPTION);
	return MATCH_COND;
}

static enum match_kind udp(struct cg *cg, const struct xt_udp *info)
{
	enum match_kind k;

	need_l4(cg, 8, false);
	k = ports(cg, info->spts, info->dpts,
		  info->invflags & XT_UDP_INV_SRCPT,
		  info->invflags & XT_UDP_INV_DSTPT);
	return k == MATCH_NEVER ? k : MATCH_COND;
}

static enum match_kind icmp(struct cg *cg, const struct ipt_icmp *info)
{
	bool inv = info->invflags & IPT_ICMP_INV;
	unsigned int in;

	need_l4(cg, 8, false);
	if (info->type == 0xff)
		return inv ? MATCH_NEVER : MATCH_COND;
	load(cg, BPF_B, W1, SCR(l4));
	load(cg, BPF_B, W2, SCR(l4) + 1);
	if (!inv) {
		cg_miss(cg, I_JMP32I(BPF_JNE, W1, info->type, 0));
		cg_miss(cg, I_JMP32I(BPF_JLT, W2, info->code[0], 0));
		cg_miss(cg, I_JMP32I(BPF_JGT, W2, info->code[1], 0));
		return MATCH_COND;
	}
	in = prog_label(cg->p);
	prog_jump(cg->p, I_JMP32I(BPF_JNE, W1, info->type, 0), in);
	prog_jump(cg->p, I_JMP32I(BPF_JLT, W2, info->code[0], 0), in);
	prog_jump(cg->p, I_JMP32I(BPF_JGT, W2, info->code[1], 0), in);
	cg_miss(cg, I_JA(0));
	prog_bind(cg->p, in);
	return MATCH_COND;
}

/* Jump to @hit when port register @reg is in [lo, hi]. */
static void port_hit(struct cg *cg, int reg, uint16_t lo, uint16_t hi,
		     unsigned int hit)
{
	unsigned int below;

	if (lo == hi) {
		prog_jump(cg->p, I_JMP32I(BPF_JEQ, reg, lo, 0), hit);
		return;
	}
	below = prog_label(cg->p);
	prog_jump(cg->p, I_JMP32I(BPF_JLT, reg, lo, 0), below);
	prog_jump(cg->p, I_JMP32I(BPF_JLE, reg, hi, 0), hit);
	prog_bind(cg->p, below);
}

static enum match_kind multiport(struct cg *cg,
				 const struct xt_multiport_v1 *info)
{
	unsigned int i, hit = prog_label(cg->p), after = prog_label(cg->p);
	uint16_t lo, hi;

	need_l4(cg, 4, false);
	if (info->count == 0)
		return info->invert ? MATCH_COND : MATCH_NEVER;
	load(cg, BPF_W, W1, SCR(sport));
	load(cg, BPF_W, W2, SCR(dport));
	for (i = 0; i < info->count && i < XT_MULTI_PORTS; i++) {
		lo = info->ports[i];
		hi = lo;
		if (info->pflags[i] && i + 1 < XT_MULTI_PORTS)
			hi = info->ports[++i];
		if (info->flags != XT_MULTIPORT_DESTINATION)
			port_hit(cg, W1, lo, hi, hit);
		if (info->flags != XT_MULTIPORT_SOURCE)
			port_hit(cg, W2, lo, hi, hit);
	}
	/* No port matched: the match holds only when inverted. */
	if (info->invert) {
		prog_jump(cg->p, I_JA(0), after);
		prog_bind(cg->p, hit);
		cg_miss(cg, I_JA(0));
	} else {
		cg_miss(cg, I_JA(0));
		prog_bind(cg->p, hit);
	}
	prog_bind(cg->p, after);
	return MATCH_COND;
}

static enum match_kind iprange(struct cg *cg,
			       const struct xt_iprange_mtinfo *info)
{
	enum match_kind k = MATCH_ALWAYS;

	if (info->flags & IPRANGE_SRC) {
		load(cg, BPF_W, W1, SCR(saddr));
		k = miss_unless_in(cg, W1, ntohl(info->src_min.ip),
				   ntohl(info->src_max.ip), 0xffffffffU,
				   info->flags & IPRANGE_SRC_INV);
		if (k == MATCH_NEVER)
			return k;
	}
	if (info->flags & IPRANGE_DST) {
		load(cg, BPF_W, W1, SCR(daddr));
		k = both(k, miss_unless_in(cg, W1, ntohl(info->dst_min.ip),
					   ntohl(info->dst_max.ip),
					   0xffffffffU,
					   info->flags & IPRANGE_DST_INV));
	}
	return k;
}

static enum match_kind mark(struct cg *cg, const struct xt_mark_mtinfo1 *info)
{
	if (info->mask == 0)
		return constant((info->mark == 0) ^ info->invert);
	load(cg, BPF_W, W1, SCR(mark));
	emit(cg, I_ALU32I(BPF_AND, W1, (int32_t)info->mask));
	return miss_unless_eq(cg, W1, info->mark, info->invert);
}

static enum match_kind state(struct cg *cg, const struct xt_state_info *info)
{
	if (info->statemask == 0)
		return MATCH_NEVER;
	load(cg, BPF_W, W1, SCR(ct_state));
	emit(cg, I_ALU32I(BPF_AND, W1, (int32_t)info->statemask));
	return miss_unless_eq(cg, W1, 0, true);
}

/* Miss unless (((field ^ addr) & mask) == 0) ^ inv. */
static void ct_addr(struct cg *cg, unsigned int k, const union nf_inet_addr *a,
		    const union nf_inet_addr *m, bool inv)
{
	load(cg, BPF_W, W1, SCR(ct_addr) + 4 * k);
	emit(cg, I_ALU32I(BPF_XOR, W1, (int32_t)a->ip));
	emit(cg, I_ALU32I(BPF_AND, W1, (int32_t)m->ip));
	miss_unless_eq(cg, W1, 0, inv);
}

/*
 * conntrack, all revisions: they share v2's layout up to the flags; the
 * state and status masks are 8 bits wide in v1; v3 has port ranges.
 */
static enum match_kind conntrack(struct cg *cg, const void *data,
				 unsigned int revision)
{
	const struct xt_conntrack_mtinfo3 *info = data;
	const struct xt_conntrack_mtinfo1 *v1 = data;
	uint16_t flags = info->match_flags, inv = info->invert_flags;
	uint16_t state_mask = revision == 1 ? v1->state_mask : info->state_mask;
	uint16_t status_mask = revision == 1 ? v1->status_mask :
					       info->status_mask;
	static const uint16_t port_flag[4] = {
		XT_CONNTRACK_ORIGSRC_PORT, XT_CONNTRACK_ORIGDST_PORT,
		XT_CONNTRACK_REPLSRC_PORT, XT_CONNTRACK_REPLDST_PORT,
	};
	const uint16_t port[4] = {
		info->origsrc_port, info->origdst_port,
		info->replsrc_port, info->repldst_port,
	};
	const uint16_t high[4] = {
		info->origsrc_port_high, info->origdst_port_high,
		info->replsrc_port_high, info->repldst_port_high,
	};
	unsigned int k, tracked = prog_label(cg->p), end = prog_label(cg->p);

	if (flags & XT_CONNTRACK_STATE) {
		unsigned int bits = prog_label(cg->p);
		unsigned int nosnat = prog_label(cg->p);

		/* The packet's state, and SNAT and DNAT from its entry. */
		load(cg, BPF_W, W1, SCR(ct_state));
		load(cg, BPF_W, W2, SCR(ct_dir));
		prog_jump(cg->p, I_JMP32I(BPF_JEQ, W2, BPFILTER_CT_NONE, 0),
			  bits);
		load(cg, BPF_W, W2, SCR(ct_status));
		emit(cg, I_ALU32I(BPF_AND, W2, IPS_SRC_NAT));
		prog_jump(cg->p, I_JMP32I(BPF_JEQ, W2, 0, 0), nosnat);
		emit(cg, I_ALU32I(BPF_OR, W1, XT_CONNTRACK_STATE_SNAT));
		prog_bind(cg->p, nosnat);
		load(cg, BPF_W, W2, SCR(ct_status));
		emit(cg, I_ALU32I(BPF_AND, W2, IPS_DST_NAT));
		prog_jump(cg->p, I_JMP32I(BPF_JEQ, W2, 0, 0), bits);
		emit(cg, I_ALU32I(BPF_OR, W1, XT_CONNTRACK_STATE_DNAT));
		prog_bind(cg->p, bits);
		emit(cg, I_ALU32I(BPF_AND, W1, state_mask));
		miss_unless_eq(cg, W1, 0, !(inv & XT_CONNTRACK_STATE));
	}
	/* Without a conntrack entry, only the state could have matched. */
	load(cg, BPF_W, W1, SCR(ct_dir));
	prog_jump(cg->p, I_JMP32I(BPF_JNE, W1, BPFILTER_CT_NONE, 0), tracked);
	if (flags & XT_CONNTRACK_STATE)
		prog_jump(cg->p, I_JA(0), end);
	else
		cg_miss(cg, I_JA(0));
	prog_bind(cg->p, tracked);

	if (flags & XT_CONNTRACK_DIRECTION)
		miss_unless_eq(cg, W1, IP_CT_DIR_ORIGINAL,
			       inv & XT_CONNTRACK_DIRECTION);
	if (flags & XT_CONNTRACK_ORIGSRC)
		ct_addr(cg, 0, &info->origsrc_addr, &info->origsrc_mask,
			inv & XT_CONNTRACK_ORIGSRC);
	if (flags & XT_CONNTRACK_ORIGDST)
		ct_addr(cg, 1, &info->origdst_addr, &info->origdst_mask,
			inv & XT_CONNTRACK_ORIGDST);
	if (flags & XT_CONNTRACK_REPLSRC)
		ct_addr(cg, 2, &info->replsrc_addr, &info->replsrc_mask,
			inv & XT_CONNTRACK_REPLSRC);
	if (flags & XT_CONNTRACK_REPLDST)
		ct_addr(cg, 3, &info->repldst_addr, &info->repldst_mask,
			inv & XT_CONNTRACK_REPLDST);
	if (flags & XT_CONNTRACK_PROTO) {
		load(cg, BPF_W, W1, SCR(ct_l4proto));
		miss_unless_eq(cg, W1, info->l4proto,
			       inv & XT_CONNTRACK_PROTO);
	}
	for (k = 0; k < 4; k++) {
		if (!(flags & port_flag[k]))
			continue;
		load(cg, BPF_H, W1, SCR(ct_port) + 2 * k);
		if (revision == 3) {
			emit(cg, I_BE(W1, 16));
			if (miss_unless_in(cg, W1, port[k], high[k], 0xffff,
					   inv & port_flag[k]) == MATCH_NEVER)
				cg_miss(cg, I_JA(0));
		} else {
			miss_unless_eq(cg, W1, port[k], inv & port_flag[k]);
		}
	}
	if (flags & XT_CONNTRACK_STATUS) {
		load(cg, BPF_W, W1, SCR(ct_status));
		emit(cg, I_ALU32I(BPF_AND, W1, status_mask));
		miss_unless_eq(cg, W1, 0, !(inv & XT_CONNTRACK_STATUS));
	}
	if (flags & XT_CONNTRACK_EXPIRES) {
		load(cg, BPF_W, W1, SCR(ct_expires));
		if (miss_unless_in(cg, W1, info->expires_min,
				   info->expires_max, 0xffffffffU,
				   inv & XT_CONNTRACK_EXPIRES) == MATCH_NEVER)
			cg_miss(cg, I_JA(0));
	}
	prog_bind(cg->p, end);
	return MATCH_COND;
}

/* Miss unless !!(atype[dev][which] & mask) ^ inv. */
static void addrtype_test(struct cg *cg, unsigned int dev, unsigned int which,
			  uint16_t mask, bool inv)
{
	load(cg, BPF_H, W1, SCR(atype) + 2 * (2 * dev + which));
	emit(cg, I_ALU32I(BPF_AND, W1, mask));
	miss_unless_eq(cg, W1, 0, !inv);
}

static enum match_kind addrtype(struct cg *cg, const void *data,
				unsigned int revision)
{
	const struct xt_addrtype_info *v0 = data;
	const struct xt_addrtype_info_v1 *v1 = data;
	unsigned int dev = 0;

	if (revision == 0) {
		if (v0->source)
			addrtype_test(cg, 0, 0, v0->source,
				      v0->invert_source & 1);
		if (v0->dest)
			addrtype_test(cg, 0, 1, v0->dest, v0->invert_dest & 1);
		return v0->source || v0->dest ? MATCH_COND : MATCH_ALWAYS;
	}
	if (v1->flags & XT_ADDRTYPE_LIMIT_IFACE_IN)
		dev = 1;
	else if (v1->flags & XT_ADDRTYPE_LIMIT_IFACE_OUT)
		dev = 2;
	if (v1->source)
		addrtype_test(cg, dev, 0, v1->source,
			      v1->flags & XT_ADDRTYPE_INVERT_SOURCE);
	if (v1->dest)
		addrtype_test(cg, dev, 1, v1->dest,
			      v1->flags & XT_ADDRTYPE_INVERT_DEST);
	return v1->source || v1->dest ? MATCH_COND : MATCH_ALWAYS;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a;
	unsigned int y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

/* Attempts at xt_limit's compare-and-exchange before giving up. */
#define LIMIT_TRIES 4

/*
 * xt_limit's token bucket, on the rule's own struct cg_limit_state: add
 * the credit earned since prev, capped, then take the cost if there is
 * enough. A state never used has prev 0: it starts full, as the bucket
 * that checkentry fills.
 */
static enum match_kind limit(struct cg *cg, const struct xt_rateinfo *r,
			     unsigned int off)
{
	struct prog *p = cg->p;
	const unsigned int *slot;
	uint32_t cost = ext_limit_credits(r->avg);
	uint32_t cap = ext_limit_credits(r->avg * r->burst);
	unsigned int k, slow = prog_label(p), done = prog_label(p);

	slot = bsearch(&off, cg->out->limit_off, cg->out->nlimits,
		       sizeof(off), cmp_uint);
	if (!slot)
		return -EINVAL;
	emit(cg, I_STI(BPF_W, BPF_REG_10, -8,
		       (int32_t)(slot - cg->out->limit_off)));
	prog_ld_map(p, BPF_REG_1, cg->maps->limits);
	emit(cg, I_MOV(BPF_REG_2, BPF_REG_10));
	emit(cg, I_ALUI(BPF_ADD, BPF_REG_2, -8));
	emit(cg, I_CALL(BPF_FUNC_map_lookup_elem));
	cg_miss(cg, I_JMPI(BPF_JEQ, BPF_REG_0, 0, 0));
	emit(cg, I_MOV(R_TMP, BPF_REG_0));
	emit(cg, I_CALL(BPF_FUNC_jiffies64));
	emit(cg, I_MOV(BPF_REG_5, BPF_REG_0));		/* r5: now */
	/* Nothing to update: too little credit, and no time has passed. */
	emit(cg, I_LD(BPF_W, BPF_REG_2, R_TMP, 8));
	prog_jump(p, I_JMP32I(BPF_JGE, BPF_REG_2, (int32_t)cost, 0), slow);
	emit(cg, I_LD(BPF_DW, BPF_REG_1, R_TMP, 0));
	cg_miss(cg, I_JMP(BPF_JEQ, BPF_REG_1, BPF_REG_5, 0));
	prog_bind(p, slow);
	emit(cg, I_MOVI(BPF_REG_3, 0));		/* w3: credit increase */
	for (k = 0; k < LIMIT_TRIES; k++) {
		unsigned int seen = prog_label(p), capped = prog_label(p);
		unsigned int poor = prog_label(p);

		emit(cg, I_MOV(BPF_REG_1, BPF_REG_5));
		emit(cg, I_XCHG(BPF_DW, R_TMP, 0, BPF_REG_1));
		prog_jump(p, I_JMPI(BPF_JNE, BPF_REG_1, 0, 0), seen);
		emit(cg, I_MOV(BPF_REG_1, BPF_REG_5));
		prog_bind(p, seen);
		emit(cg, I_MOV(BPF_REG_4, BPF_REG_5));
		emit(cg, I_ALU(BPF_SUB, BPF_REG_4, BPF_REG_1));
		emit(cg, I_ALUI(BPF_MUL, BPF_REG_4, (int32_t)ext_limit_cpj()));
		emit(cg, I_ALU32(BPF_ADD, BPF_REG_3, BPF_REG_4));
		emit(cg, I_LD(BPF_W, BPF_REG_0, R_TMP, 8));	/* old */
		emit(cg, I_MOV(BPF_REG_2, BPF_REG_0));
		emit(cg, I_ALU32(BPF_ADD, BPF_REG_2, BPF_REG_3));
		prog_jump(p, I_JMP32I(BPF_JLE, BPF_REG_2, (int32_t)cap, 0),
			  capped);
		emit(cg, I_MOVI(BPF_REG_2, (int32_t)cap));
		prog_bind(p, capped);
		emit(cg, I_MOVI(BPF_REG_4, 0));
		prog_jump(p, I_JMP32I(BPF_JLT, BPF_REG_2, (int32_t)cost, 0),
			  poor);
		emit(cg, I_ALU32I(BPF_SUB, BPF_REG_2, (int32_t)cost));
		emit(cg, I_MOVI(BPF_REG_4, 1));
		prog_bind(p, poor);
		emit(cg, I_MOV(BPF_REG_1, BPF_REG_0));
		emit(cg, I_CMPXCHG(BPF_W, R_TMP, 8, BPF_REG_2));
		prog_jump(p, insn(BPF_JMP32 | BPF_JEQ | BPF_X, BPF_REG_0,
				  BPF_REG_1, 0, 0), done);
	}
	/* Lost the race every time: as if the bucket were empty. */
	cg_miss(cg, I_JA(0));
	prog_bind(p, done);
	cg_miss(cg, I_JMPI(BPF_JEQ, BPF_REG_4, 0, 0));
	return MATCH_COND;
}

static enum match_kind pkttype(struct cg *cg, const struct xt_pkttype_info *i)
{
	unsigned int known = prog_label(cg->p);

	/* Looped back: multicast by its address, else broadcast. */
	load(cg, BPF_W, W1, SCR(pkt_type));
	prog_jump(cg->p, I_JMP32I(BPF_JNE, W1, PACKET_LOOPBACK, 0), known);
	load(cg, BPF_W, W2, SCR(daddr));
	emit(cg, I_ALU32I(BPF_RSH, W2, 28));
	emit(cg, I_MOVI(W1, PACKET_MULTICAST));
	prog_jump(cg->p, I_JMP32I(BPF_JEQ, W2, 0xe, 0), known);
	emit(cg, I_MOVI(W1, PACKET_BROADCAST));
	prog_bind(cg->p, known);
	return miss_unless_eq(cg, W1, (uint32_t)i->pkttype, i->invert);
}

static enum match_kind length(struct cg *cg, const struct xt_length_info *i)
{
	load(cg, BPF_H, W1, SCR(ip) + 2);
	emit(cg, I_BE(W1, 16));
	return miss_unless_in(cg, W1, i->min, i->max, 0xffff, i->invert);
}

static enum match_kind ttl(struct cg *cg, const struct ipt_ttl_info *i)
{
	load(cg, BPF_B, W1, SCR(ip) + 8);
	switch (i->mode) {
	case IPT_TTL_EQ:
		return miss_unless_eq(cg, W1, i->ttl, false);
	case IPT_TTL_NE:
		return miss_unless_eq(cg, W1, i->ttl, true);
	case IPT_TTL_LT:
		cg_miss(cg, I_JMP32I(BPF_JGE, W1, i->ttl, 0));
		return MATCH_COND;
	default:
		cg_miss(cg, I_JMP32I(BPF_JLE, W1, i->ttl, 0));
		return MATCH_COND;
	}
}

bool cg_acc_capable(const struct xt_entry_match *m)
{
	const char *name = m->u.user.name;

	if (!strcmp(name, "tcp"))
		return !((const struct xt_tcp *)m->data)->option;
	return !strcmp(name, "udp") || !strcmp(name, "comment") ||
	       !strcmp(name, "mark") || !strcmp(name, "length") ||
	       !strcmp(name, "iprange") || !strcmp(name, "state") ||
	       !strcmp(name, "addrtype");
}

int cg_match(struct cg *cg, const struct ipt_entry *e,
	     const struct xt_entry_match *m, unsigned int off)
{
	const char *name = m->u.user.name;
	const void *data = m->data;
	unsigned int rev = m->u.user.revision;

	if (!strcmp(name, "tcp"))
		return tcp(cg, data);
	if (!strcmp(name, "udp"))
		return udp(cg, data);
	if (!strcmp(name, "icmp"))
		return icmp(cg, data);
	if (!strcmp(name, "multiport"))
		return multiport(cg, data);
	if (!strcmp(name, "iprange"))
		return iprange(cg, data);
	if (!strcmp(name, "mark"))
		return mark(cg, data);
	if (!strcmp(name, "comment"))
		return MATCH_ALWAYS;
	if (!strcmp(name, "state"))
		return state(cg, data);
	if (!strcmp(name, "conntrack"))
		return conntrack(cg, data, rev);
	if (!strcmp(name, "addrtype"))
		return addrtype(cg, data, rev);
	if (!strcmp(name, "limit"))
		return limit(cg, data, off);
	if (!strcmp(name, "pkttype"))
		return pkttype(cg, data);
	if (!strcmp(name, "length"))
		return length(cg, data);
	if (!strcmp(name, "ttl"))
		return ttl(cg, data);
	pr_err("%s: match %s has no code generator", cg->t->name, name);
	return -EOPNOTSUPP;
}
