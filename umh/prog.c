// SPDX-License-Identifier: GPL-2.0
/*
 * Assembling a BPF program: append, label, patch. See prog.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "prog.h"

void prog_init(struct prog *p)
{
	memset(p, 0, sizeof(*p));
}

void prog_release(struct prog *p)
{
	unsigned int i;

	for (i = 0; i < p->nnotes; i++)
		free(p->notes[i].text);
	free(p->notes);
	free(p->funcs);
	free(p->insns);
	free(p->labels);
	free(p->fixups);
	prog_init(p);
}

/* Make room for one more element of @size in *@arr; false when out of memory. */
static bool grow(void **arr, unsigned int *cap, unsigned int len, size_t size)
{
	unsigned int ncap;
	void *n;

	if (len < *cap)
		return true;
	ncap = *cap ? *cap * 2 : 64;
	n = realloc(*arr, (size_t)ncap * size);
	if (!n)
		return false;
	*arr = n;
	*cap = ncap;
	return true;
}

void prog_emit(struct prog *p, struct bpf_insn i)
{
	if (!grow((void **)&p->insns, &p->cap, p->len, sizeof(i))) {
		p->nomem = true;
		return;
	}
	p->insns[p->len++] = i;
}

unsigned int prog_label(struct prog *p)
{
	if (!grow((void **)&p->labels, &p->labels_cap, p->nlabels,
		  sizeof(*p->labels))) {
		p->nomem = true;
		return 0;
	}
	p->labels[p->nlabels] = LABEL_UNBOUND;
	return p->nlabels++;
}

void prog_bind(struct prog *p, unsigned int label)
{
	if (label < p->nlabels)
		p->labels[label] = p->len;
}

static void add_fixup(struct prog *p, unsigned int label)
{
	if (!grow((void **)&p->fixups, &p->fixups_cap, p->nfixups,
		  sizeof(*p->fixups))) {
		p->nomem = true;
		return;
	}
	p->fixups[p->nfixups].insn = p->len;
	p->fixups[p->nfixups].label = label;
	p->nfixups++;
}

void prog_jump(struct prog *p, struct bpf_insn i, unsigned int label)
{
	add_fixup(p, label);
	prog_emit(p, i);
}

void prog_call(struct prog *p, unsigned int label)
{
	add_fixup(p, label);
	prog_emit(p, insn(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0));
}

void prog_ld_map(struct prog *p, uint8_t reg, int fd)
{
	prog_emit(p, insn(BPF_LD | BPF_DW | BPF_IMM, reg, BPF_PSEUDO_MAP_FD,
			  0, fd));
	prog_emit(p, insn(0, 0, 0, 0, 0));
}

void prog_note(struct prog *p, const char *fmt, ...)
{
	va_list ap;
	char *text;

	if (!grow((void **)&p->notes, &p->notes_cap, p->nnotes,
		  sizeof(*p->notes))) {
		p->nomem = true;
		return;
	}
	va_start(ap, fmt);
	if (vasprintf(&text, fmt, ap) < 0) {
		p->nomem = true;
		text = NULL;
	}
	va_end(ap);
	if (!text)
		return;
	p->notes[p->nnotes].insn = p->len;
	p->notes[p->nnotes].text = text;
	p->nnotes++;
}

void prog_func(struct prog *p, const char *name)
{
	struct prog_func *f;

	if (!grow((void **)&p->funcs, &p->funcs_cap, p->nfuncs,
		  sizeof(*p->funcs))) {
		p->nomem = true;
		return;
	}
	f = &p->funcs[p->nfuncs++];
	f->insn = p->len;
	snprintf(f->name, sizeof(f->name), "%s", name);
}

struct prog_mark prog_mark(const struct prog *p)
{
	return (struct prog_mark){ p->len, p->nfixups, p->nnotes };
}

void prog_rollback(struct prog *p, struct prog_mark m)
{
	while (p->nnotes > m.nnotes)
		free(p->notes[--p->nnotes].text);
	p->len = m.len;
	p->nfixups = m.nfixups;
}

int prog_finish(struct prog *p)
{
	unsigned int i;

	if (p->nomem)
		return -ENOMEM;
	for (i = 0; i < p->nfixups; i++) {
		struct bpf_insn *j = &p->insns[p->fixups[i].insn];
		unsigned int to = p->labels[p->fixups[i].label];
		long off;

		if (to == LABEL_UNBOUND)
			return -EINVAL;
		off = (long)to - (long)p->fixups[i].insn - 1;
		if (j->code == (BPF_JMP | BPF_CALL)) {
			j->imm = (int32_t)off;
			continue;
		}
		if (off > INT16_MAX || off < INT16_MIN)
			return -E2BIG;
		j->off = (int16_t)off;
	}
	return 0;
}
