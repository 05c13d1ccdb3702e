/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building BPF instructions: one constructor per instruction shape, named
 * after what it does, and the program buffer they are appended to.
 */
#ifndef _BPFILTER_UMH_INSN_H
#define _BPFILTER_UMH_INSN_H

#include <stdbool.h>
#include <stdint.h>
#include <linux/bpf.h>

static inline struct bpf_insn insn(uint8_t code, uint8_t dst, uint8_t src,
				   int16_t off, int32_t imm)
{
	return (struct bpf_insn){ .code = code, .dst_reg = dst,
				  .src_reg = src, .off = off, .imm = imm };
}

/* dst = src, dst op= src, dst op= imm: 64-bit, or 32-bit (zero-extended). */
#define I_MOV(dst, src)	insn(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0)
#define I_MOVI(dst, imm) insn(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm)
#define I_ALU(op, dst, src) insn(BPF_ALU64 | (op) | BPF_X, dst, src, 0, 0)
#define I_ALUI(op, dst, imm) insn(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, imm)
#define I_ALU32(op, dst, src) insn(BPF_ALU | (op) | BPF_X, dst, src, 0, 0)
#define I_ALU32I(op, dst, imm) insn(BPF_ALU | (op) | BPF_K, dst, 0, 0, imm)
/* dst = big-endian-to-host of its low 16 or 32 bits. */
#define I_BE(dst, bits) insn(BPF_ALU | BPF_END | BPF_TO_BE, dst, 0, 0, bits)

/* dst = *(size *)(src + off); *(size *)(dst + off) = src or imm. */
#define I_LD(size, dst, src, off) \
	insn(BPF_LDX | BPF_MEM | (size), dst, src, off, 0)
#define I_ST(size, dst, off, src) \
	insn(BPF_STX | BPF_MEM | (size), dst, src, off, 0)
#define I_STI(size, dst, off, imm) \
	insn(BPF_ST | BPF_MEM | (size), dst, 0, off, imm)

/* Jumps: off is patched later when it is a label (see struct prog). */
#define I_JA(off)	insn(BPF_JMP | BPF_JA, 0, 0, off, 0)
#define I_JMP(op, dst, src, off) insn(BPF_JMP | (op) | BPF_X, dst, src, off, 0)
#define I_JMPI(op, dst, imm, off) insn(BPF_JMP | (op) | BPF_K, dst, 0, off, imm)
#define I_JMP32I(op, dst, imm, off) \
	insn(BPF_JMP32 | (op) | BPF_K, dst, 0, off, imm)
#define I_CALL(helper)	insn(BPF_JMP | BPF_CALL, 0, 0, 0, helper)
#define I_EXIT()	insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Atomic operations on 32 or 64 bits at dst + off (BPF_ATOMIC). */
#define I_XCHG(size, dst, off, src) \
	insn(BPF_STX | BPF_ATOMIC | (size), dst, src, off, BPF_XCHG)
#define I_CMPXCHG(size, dst, off, src) \
	insn(BPF_STX | BPF_ATOMIC | (size), dst, src, off, BPF_CMPXCHG)

/* Registers with one role everywhere in bpfilter's programs. */
#define R_CTX		6	/* the __sk_buff */
#define R_PKT		7	/* the per-CPU struct bpfilter_scratch */
#define R_DEPTH		8	/* chains entered, as ip_tables' stackidx */
#define R_TMP		9	/* a value that must survive a helper call */

#endif /* _BPFILTER_UMH_INSN_H */
