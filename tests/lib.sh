# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the bpfilter shell selftests: TAP output and access to
# the module and its helper. Sourced, not run.
#
# BPFILTER_KO: the module to insmod; without it, "modprobe bpfilter".

TAP_N=0
TAP_FAILED=0

# The plan comes last, once the number of tests is known.
tap_begin() {
	echo "TAP version 13"
}

ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N $*"
}

not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N $*"
}

# check DESCRIPTION COMMAND...: one TAP line, ok when COMMAND succeeds.
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

diag() {
	echo "# $*"
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
	exit
}

bpfilter_load() {
	if [ -n "${BPFILTER_KO:-}" ]; then
		insmod "$BPFILTER_KO" "$@"
	else
		modprobe bpfilter "$@"
	fi
}

bpfilter_loaded() {
	[ -d /sys/module/bpfilter ] && [ "$(cat /sys/module/bpfilter/initstate 2>/dev/null)" = live ]
}

# helper_pids: pids of every bpfilter_umh process, zombies included.
helper_pids() {
	local d
	for d in /proc/[0-9]*; do
		[ "$(cat "$d/comm" 2>/dev/null)" = bpfilter_umh ] && echo "${d#/proc/}"
	done
	return 0
}

# helper_requests: the helper's count of relayed requests, which it logs on
# SIGUSR1.
helper_requests() {
	local pid before i line
	pid=$(helper_pids)
	[ -n "$pid" ] || return 1
	before=$(dmesg | grep -c 'bpfilter_umh: stats:')
	kill -USR1 "$pid"
	for i in $(seq 50); do
		line=$(dmesg | grep 'bpfilter_umh: stats:' | tail -n 1)
		if [ "$(dmesg | grep -c 'bpfilter_umh: stats:')" -gt "$before" ]; then
			echo "$line" | sed -n 's/.*requests=\([0-9]*\).*/\1/p'
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# sockopt_count CMD...: run CMD under strace and print how many iptables
# sockopts (SOL_IP, optnames 64..67) it made.
sockopt_count() {
	local trace
	trace=$(mktemp)
	strace -f -qq -e trace=getsockopt,setsockopt -o "$trace" "$@" > /dev/null || {
		rm -f "$trace"
		return 1
	}
	grep -c 'SOL_IP, IPT_SO_' "$trace"
	rm -f "$trace"
}
