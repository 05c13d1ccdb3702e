#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A 32-bit iptables on a 64-bit kernel: bpfilter refuses it on the filter
# table with EOPNOTSUPP and a log line (see README, "32-bit iptables"), and
# leaves the other tables to x_tables.
cd "$(dirname "$0")" || exit 1
. ./lib.sh

tap_begin
if [ ! -x ./getinfo32 ] || ! ./getinfo32 filter > /dev/null 2>&1; then
	echo "ok 1 # SKIP no 32-bit getinfo32 (needs gcc-multilib and IA32 emulation)"
	echo "1..1"
	exit 4
fi

modprobe iptable_nat
rmmod bpfilter 2>/dev/null
check "x_tables serves a 32-bit caller" \
	grep -q '^0 ' <(unshare -n ./getinfo32 filter)
bpfilter_load
dmesg -C
check "bpfilter refuses a 32-bit caller on filter with EOPNOTSUPP" \
	grep -qx EOPNOTSUPP <(unshare -n ./getinfo32 filter)
check "and says so in the kernel log" \
	grep -q 'bpfilter_umh: filter: pid [0-9]* is a 32-bit caller' <(dmesg)
check "a 32-bit caller still reaches x_tables for nat" \
	grep -q '^0 ' <(unshare -n ./getinfo32 nat)
rmmod bpfilter
tap_done
