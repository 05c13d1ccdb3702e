/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A BPF program being assembled: instructions appended one by one, labels
 * for jump and call targets that are bound when their place is known, and
 * notes that say which rule an instruction belongs to, for the dump.
 */
#ifndef _BPFILTER_UMH_PROG_H
#define _BPFILTER_UMH_PROG_H

#include <stdbool.h>
#include <stdio.h>

#include "insn.h"

#define LABEL_UNBOUND (~0U)

struct prog_fixup {
	unsigned int insn;
	unsigned int label;
};

/* A BPF function of the program: where it starts, and its name. */
struct prog_func {
	unsigned int insn;
	char name[48];
};

struct prog_note {
	unsigned int insn;
	char *text;
};

struct prog {
	struct bpf_insn *insns;
	unsigned int len, cap;
	unsigned int *labels;		/* label -> instruction or UNBOUND */
	unsigned int nlabels, labels_cap;
	struct prog_fixup *fixups;
	unsigned int nfixups, fixups_cap;
	struct prog_note *notes;
	unsigned int nnotes, notes_cap;
	struct prog_func *funcs;	/* in the order they start */
	unsigned int nfuncs, funcs_cap;
	bool nomem;			/* an append failed */
};

/* A point to roll back to: everything appended after it is dropped. */
struct prog_mark {
	unsigned int len, nfixups, nnotes;
};

void prog_init(struct prog *p);
void prog_release(struct prog *p);

/**
 * prog_emit() - append one instruction.
 */
void prog_emit(struct prog *p, struct bpf_insn i);

/**
 * prog_label() - a new label, not yet bound to an instruction.
 */
unsigned int prog_label(struct prog *p);

/**
 * prog_bind() - bind @label to the next instruction appended.
 */
void prog_bind(struct prog *p, unsigned int label);

/**
 * prog_jump() - append jump @i, whose offset is patched to reach @label.
 */
void prog_jump(struct prog *p, struct bpf_insn i, unsigned int label);

/**
 * prog_call() - append a BPF-to-BPF call to the function at @label.
 */
void prog_call(struct prog *p, unsigned int label);

/**
 * prog_ld_map() - append the two instructions that load map @fd into @reg.
 */
void prog_ld_map(struct prog *p, uint8_t reg, int fd);

/**
 * prog_note() - attach a note to the next instruction, for the dump.
 */
void prog_note(struct prog *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * prog_func() - a function named @name starts at the next instruction.
 */
void prog_func(struct prog *p, const char *name);

struct prog_mark prog_mark(const struct prog *p);
void prog_rollback(struct prog *p, struct prog_mark m);

/**
 * prog_finish() - patch every jump and call to its label.
 *
 * Return: 0, -ENOMEM when an append failed, or -E2BIG when a jump is out of
 * the reach of a 16-bit offset.
 */
int prog_finish(struct prog *p);

/**
 * prog_dump() - print the program in readable form, with its notes.
 */
void prog_dump(const struct prog *p, FILE *f);

#endif /* _BPFILTER_UMH_PROG_H */
