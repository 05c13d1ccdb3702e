/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by the code generator's files: the state of one program being
 * compiled, and how a match's code reports its outcome.
 */
#ifndef _BPFILTER_UMH_CG_H
#define _BPFILTER_UMH_CG_H

#include <stddef.h>

#include "codegen.h"

#define SCR(field) ((int16_t)offsetof(struct bpfilter_scratch, field))
#define SKB(field) ((int16_t)offsetof(struct __sk_buff, field))

struct cg {
	const struct table *t;
	struct cg_out *out;
	const struct cg_maps *maps;
	struct prog *p;
	unsigned int hook;
	unsigned int stacksize;		/* ip_tables' jump stack size */
	/* The entry being compiled. */
	unsigned int miss;		/* label: the entry does not match */
	unsigned int hot;		/* label: drop the packet now */
	bool hot_used;
	uint8_t skip;			/* SET_* a set lookup tests instead */
	bool main;			/* in the hook's main function */
	/*
	 * Accumulating: tests OR their mismatch into R_ACC instead of
	 * jumping, so that a rule has one branch to the next (see
	 * cg_flush()); acc_used once R_ACC holds something.
	 */
	bool acc;
	bool acc_used;
};

/* The mismatches of the entry's tests, while cg.acc. */
#define R_ACC BPF_REG_5

/* What a match's code does. */
enum match_kind {
	MATCH_COND,	/* tests the packet: jumps to miss (or hot) or goes on */
	MATCH_ALWAYS,	/* matches every packet: no code */
	MATCH_NEVER,	/* matches no packet: the entry is dead */
};

/* Jump to the entry's miss or hotdrop label. */
void cg_miss(struct cg *cg, struct bpf_insn jump);
void cg_hot(struct cg *cg, struct bpf_insn jump);

/**
 * cg_flush() - end accumulating: one jump to miss when any test failed.
 */
void cg_flush(struct cg *cg);

/**
 * cg_acc_capable() - whether match @m's code accumulates (has no jump).
 */
bool cg_acc_capable(const struct xt_entry_match *m);

/**
 * cg_leave_drop() - leave with NF_DROP, from the main function or not.
 */
void cg_leave_drop(struct cg *cg);

/**
 * cg_match_ip() - code for the entry's struct ipt_ip part.
 */
enum match_kind cg_match_ip(struct cg *cg, const struct ipt_entry *e);

/**
 * cg_match() - code for one match of the entry at blob offset @off.
 *
 * Return: its kind, or -EOPNOTSUPP (logged) for what bpfilter cannot do.
 */
int cg_match(struct cg *cg, const struct ipt_entry *e,
	     const struct xt_entry_match *m, unsigned int off);

#endif /* _BPFILTER_UMH_CG_H */
