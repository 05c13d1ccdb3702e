#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Runs last: nothing the tests did may have made the kernel complain.
cd "$(dirname "$0")" || exit 1
. ./lib.sh

tap_begin
bad=$(dmesg | grep -E 'BUG:|WARNING:|Oops|general protection|Call Trace|blocked for more than|refcount_t:|UBSAN|KASAN')
[ -z "$bad" ] || diag "$bad"
check "the kernel log has no warning, oops or hung task" test -z "$bad"
tap_done
