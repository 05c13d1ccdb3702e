// SPDX-License-Identifier: GPL-2.0
/*
 * The host tests' stand-in for umh/loader.c: no kernel. Installing a table
 * compiles it with made-up map descriptors and checks the programs' shape
 * the way the verifier's first pass does (every jump and call lands inside
 * the program, on an instruction start; no instruction is unreachable; no
 * path runs off the end), then keeps zero counts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "umh/codegen.h"
#include "umh/loader.h"
#include "fake_loader.h"

unsigned int fake_loader_installs;

static bool is_ldimm64(const struct bpf_insn *i)
{
	return i->code == (BPF_LD | BPF_DW | BPF_IMM);
}

static int visit(const struct prog *p, unsigned int pc, uint8_t *seen,
		 unsigned int *stack, unsigned int *top)
{
	if (pc >= p->len)
		return -1;
	if (!seen[pc]) {
		seen[pc] = 1;
		stack[(*top)++] = pc;
	}
	return 0;
}

int fake_check_prog(const struct prog *p)
{
	unsigned int *stack, top = 0, pc, i;
	uint8_t *seen, *second;
	int err = 0;

	if (!p->len)
		return -1;
	seen = calloc(p->len, 1);
	second = calloc(p->len, 1);
	stack = calloc(p->len + 1, sizeof(*stack));
	if (!seen || !second || !stack)
		abort();
	for (i = 0; i + 1 < p->len; i++)
		if (is_ldimm64(&p->insns[i]))
			second[++i] = 1;
	visit(p, 0, seen, stack, &top);
	while (!err && top) {
		const struct bpf_insn *in;
		uint8_t class, op;

		pc = stack[--top];
		in = &p->insns[pc];
		class = BPF_CLASS(in->code);
		op = BPF_OP(in->code);
		if (second[pc]) {
			err = -1;
			break;
		}
		if (class != BPF_JMP && class != BPF_JMP32) {
			err = visit(p, pc + (is_ldimm64(in) ? 2 : 1), seen,
				    stack, &top);
			continue;
		}
		if (op == BPF_EXIT)
			continue;
		if (op == BPF_CALL) {
			if (in->src_reg == BPF_PSEUDO_CALL &&
			    visit(p, pc + 1 + in->imm, seen, stack, &top))
				err = -1;
			if (!err)
				err = visit(p, pc + 1, seen, stack, &top);
			continue;
		}
		err = visit(p, pc + 1 + in->off, seen, stack, &top);
		if (!err && op != BPF_JA)
			err = visit(p, pc + 1, seen, stack, &top);
	}
	for (i = 0; !err && i < p->len; i++)
		if (!seen[i] && !second[i])
			err = -1;
	if (err) {
		fprintf(stderr, "bad program shape near instruction %u of %u\n",
			pc, p->len);
		prog_dump(p, stderr);
	}
	free(seen);
	free(second);
	free(stack);
	return err;
}

int loader_install(const struct table *t, uint64_t cookie,
		   struct loaded *out)
{
	struct cg_maps m = { 100, 101, 102, NULL };
	int *sets = NULL;
	struct cg_out o;
	unsigned int h;
	int err;

	out->counters_fd = -1;
	out->counters_n = 0;
	err = cg_scan(t, &o);
	if (!err) {
		sets = calloc(2 * o.nsets + 1, sizeof(*sets));
		for (h = 0; sets && h < 2 * o.nsets; h++)
			sets[h] = 200 + (int)h;
		m.sets = sets;
		err = sets ? cg_compile(t, &m, &o) : -ENOMEM;
	}
	free(sets);
	for (h = 0; !err && h < CG_NPROGS; h++)
		if (fake_check_prog(&o.progs[h]))
			abort();
	cg_release(&o);
	if (!err)
		fake_loader_installs++;
	return err;
}

int loader_find(uint64_t cookie, struct loaded *out)
{
	out->counters_fd = -1;
	return -ENOENT;
}

int loader_counters_add(const struct loaded *l, struct xt_counters *counters)
{
	return 0;
}

void loader_release(struct loaded *l)
{
	l->counters_fd = -1;
	l->counters_n = 0;
}
