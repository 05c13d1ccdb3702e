// SPDX-License-Identifier: GPL-2.0
/*
 * The generated programs in readable form: one instruction per line in
 * the C-like notation of the kernel's verifier log, each rule introduced
 * by its note.
 */
#include <inttypes.h>

#include "prog.h"

static const char *const alu_ops[16] = {
	[BPF_ADD >> 4] = "+=", [BPF_SUB >> 4] = "-=", [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=", [BPF_OR >> 4] = "|=", [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=", [BPF_RSH >> 4] = ">>=", [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=", [BPF_XOR >> 4] = "^=", [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

static const char *const jmp_ops[16] = {
	[BPF_JEQ >> 4] = "==", [BPF_JGT >> 4] = ">", [BPF_JGE >> 4] = ">=",
	[BPF_JSET >> 4] = "&", [BPF_JNE >> 4] = "!=", [BPF_JSGT >> 4] = "s>",
	[BPF_JSGE >> 4] = "s>=", [BPF_JLT >> 4] = "<", [BPF_JLE >> 4] = "<=",
	[BPF_JSLT >> 4] = "s<", [BPF_JSLE >> 4] = "s<=",
};

static const char *size_name(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B: return "u8";
	case BPF_H: return "u16";
	case BPF_W: return "u32";
	}
	return "u64";
}

static const char *helper_name(int32_t id)
{
	switch (id) {
	case BPF_FUNC_map_lookup_elem: return "map_lookup_elem";
	case BPF_FUNC_skb_load_bytes: return "skb_load_bytes";
	case BPF_FUNC_jiffies64: return "jiffies64";
	}
	return "helper";
}

static void dump_alu(const struct bpf_insn *i, FILE *f)
{
	const char *r = BPF_CLASS(i->code) == BPF_ALU64 ? "r" : "w";
	const char *op = alu_ops[BPF_OP(i->code) >> 4];

	if (BPF_OP(i->code) == BPF_END) {
		fprintf(f, "%s%u = be%d %s%u", r, i->dst_reg, i->imm, r,
			i->dst_reg);
		return;
	}
	if (BPF_SRC(i->code) == BPF_X)
		fprintf(f, "%s%u %s %s%u", r, i->dst_reg, op ? op : "?", r,
			i->src_reg);
	else
		fprintf(f, "%s%u %s %d", r, i->dst_reg, op ? op : "?", i->imm);
}

static void dump_jmp(const struct bpf_insn *i, unsigned int pc, FILE *f)
{
	const char *r = BPF_CLASS(i->code) == BPF_JMP32 ? "w" : "r";

	switch (BPF_OP(i->code)) {
	case BPF_JA:
		fprintf(f, "goto %+d <%u>", i->off, pc + 1 + i->off);
		return;
	case BPF_EXIT:
		fprintf(f, "exit");
		return;
	case BPF_CALL:
		if (i->src_reg == BPF_PSEUDO_CALL)
			fprintf(f, "call <%u>", pc + 1 + i->imm);
		else
			fprintf(f, "call %s", helper_name(i->imm));
		return;
	}
	if (BPF_SRC(i->code) == BPF_X)
		fprintf(f, "if %s%u %s %s%u goto %+d <%u>", r, i->dst_reg,
			jmp_ops[BPF_OP(i->code) >> 4], r, i->src_reg, i->off,
			pc + 1 + i->off);
	else
		fprintf(f, "if %s%u %s %#x goto %+d <%u>", r, i->dst_reg,
			jmp_ops[BPF_OP(i->code) >> 4], (uint32_t)i->imm,
			i->off, pc + 1 + i->off);
}

static void dump_insn(const struct bpf_insn *i, unsigned int pc, FILE *f)
{
	switch (BPF_CLASS(i->code)) {
	case BPF_ALU:
	case BPF_ALU64:
		dump_alu(i, f);
		break;
	case BPF_JMP:
	case BPF_JMP32:
		dump_jmp(i, pc, f);
		break;
	case BPF_LDX:
		fprintf(f, "r%u = *(%s *)(r%u %+d)", i->dst_reg,
			size_name(i->code), i->src_reg, i->off);
		break;
	case BPF_STX:
		if (BPF_MODE(i->code) == BPF_ATOMIC)
			fprintf(f, "r%u = atomic_%s((%s *)(r%u %+d), r%u)",
				i->imm == BPF_CMPXCHG ? 0 : i->src_reg,
				i->imm == BPF_CMPXCHG ? "cmpxchg" : "xchg",
				size_name(i->code), i->dst_reg, i->off,
				i->src_reg);
		else
			fprintf(f, "*(%s *)(r%u %+d) = r%u",
				size_name(i->code), i->dst_reg, i->off,
				i->src_reg);
		break;
	case BPF_ST:
		fprintf(f, "*(%s *)(r%u %+d) = %d", size_name(i->code),
			i->dst_reg, i->off, i->imm);
		break;
	case BPF_LD:
		fprintf(f, "r%u = map[fd %d]", i->dst_reg, i->imm);
		break;
	default:
		fprintf(f, "(%#x)", i->code);
	}
}

void prog_dump(const struct prog *p, FILE *f)
{
	unsigned int pc, n = 0;

	for (pc = 0; pc < p->len; pc++) {
		while (n < p->nnotes && p->notes[n].insn <= pc)
			fprintf(f, "; %s\n", p->notes[n++].text);
		fprintf(f, "%5u: ", pc);
		dump_insn(&p->insns[pc], pc, f);
		fputc('\n', f);
		if (p->insns[pc].code == (BPF_LD | BPF_DW | BPF_IMM))
			pc++;
	}
}
