/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _BPFILTER_TESTS_FAKE_LOADER_H
#define _BPFILTER_TESTS_FAKE_LOADER_H

#include "umh/prog.h"

/* Tables the fake loader compiled successfully. */
extern unsigned int fake_loader_installs;

/**
 * fake_check_prog() - check @p's control flow as the verifier's first pass.
 *
 * Return: 0, or -1 after printing the program.
 */
int fake_check_prog(const struct prog *p);

#endif
