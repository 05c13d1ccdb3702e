/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The helper's ELF image, embedded in the module. umd_load_blob() copies it
 * into a private tmpfs at init, and restarts run from that copy, so the
 * image itself can live in .init.rodata and is freed after init.
 *
 * .incbin rather than objcopy: the assembler already knows the target's
 * object format and the symbols are named here, in one place.
 */
	.section .init.rodata, "a"
	.global bpfilter_umh_start
bpfilter_umh_start:
	.incbin BPFILTER_UMH_PATH
	.global bpfilter_umh_end
bpfilter_umh_end:
