#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# iptables' own test suite, run twice with the host's iptables-legacy: once
# served by ip_tables alone, once with bpfilter.ko loaded. Both runs must
# give exactly the same per-file counts and the same failing lines or tests,
# so bpfilter passes where ip_tables passes and fails where it fails.
#
# IPTABLES_SRC: the iptables source tree matching the installed binaries
# (vm/iptables-src.sh prints it). Without it the test is skipped: a kernel
# tree has no copy of these sources.

# A relative IPTABLES_SRC is relative to where we were started.
[ -n "${IPTABLES_SRC:-}" ] && IPTABLES_SRC=$(realpath -m -- "$IPTABLES_SRC")
cd "$(dirname "$0")" || exit 1
. ./lib.sh

# The .t files of iptables-test.py, from extensions/. IPv4 only: libip6t_,
# libebt_ and libarpt_ files test other families, which bpfilter leaves
# alone. Some files hold rules for nat or mangle too; x_tables still serves
# those tables under bpfilter. IPTABLES_T_FILES replaces the list, for a
# quicker run.
T_FILES="libxt_standard.t libxt_tcp.t libxt_udp.t libipt_icmp.t
	libxt_multiport.t libxt_iprange.t libxt_mark.t libxt_comment.t
	libxt_conntrack.t libxt_state.t libxt_addrtype.t libxt_limit.t
	libxt_pkttype.t libxt_length.t libipt_ttl.t libipt_REJECT.t
	libipt_LOG.t libxt_MARK.t"
T_FILES=${IPTABLES_T_FILES-$T_FILES}

# The testcases of iptables/tests/shell that iptables-legacy can run and
# that touch no table but the IPv4 filter table. Left out:
# - ip6tables ones (chain/0002, ipt-restore/0006, 0009, 0014,
#   iptables/0004, 0006, ip6tables/*): the reference kernel has no
#   ip6_tables, so they fail in both regimes and test nothing of ours;
# - other tables: ipt-restore/0001, 0004 (security), 0007, 0012, 0013,
#   ipt-save/0001 (raw), 0002, iptables/0003, firewalld-restore/*;
# - nft-only ones (chain/0004, nft-only/*, arptables/*, ebtables/*), and
#   ipt-save/0006 which only converts text;
# - ipt-save/0003, which the release ships without its execute bit, so
#   run-tests.sh never runs it.
# chain/0001 and 0003 name ip6tables too, but stop before it when
# iptables behaves. IPTABLES_SHELL_TESTS replaces the list.
SHELL_TESTS="chain/0001duplicate_1 chain/0003rename_1 chain/0005base-delete_0
	chain/0006rename-segfault_0 ipt-restore/0002-parameters_0
	ipt-restore/0003-restore-ordering_0 ipt-restore/0005-ipt-6_0
	ipt-restore/0008-restore-counters_0
	ipt-restore/0010-noflush-new-chain_0
	ipt-restore/0011-noflush-empty-line_0
	ipt-restore/0016-concurrent-restores_0
	ipt-restore/0017-pointless-compat-checks_0 ipt-save/0005iptables_0
	ipt-save/0007-overhead_0 iptables/0001-chain-refs_0
	iptables/0002-verbose-output_0 iptables/0005-delete-rules_0
	iptables/0005-rule-replace_0 iptables/0007-zero-counters_0
	iptables/0008-unprivileged_0"
SHELL_TESTS=${IPTABLES_SHELL_TESTS-$SHELL_TESTS}

# Failures of plain ip_tables on the reference kernel that bpfilter must
# reproduce, as FILE.t:LINE or a shell test name. None with the lists above.
KNOWN_FAIL=""

# A hung iptables must not eat the VM's whole time budget.
STEP_TIMEOUT=${IPTABLES_SUITE_TIMEOUT:-300}

tap_begin

if [ -z "${IPTABLES_SRC:-}" ]; then
	ok "iptables test suite # SKIP IPTABLES_SRC is not set"
	echo "1..$TAP_N"
	exit 4
fi
src=$IPTABLES_SRC
shell_dir=$src/iptables/tests/shell
if [ ! -e "$src/iptables-test.py" ] || [ ! -x "$shell_dir/run-tests.sh" ]
then
	not_ok "IPTABLES_SRC=$src holds iptables-test.py and run-tests.sh"
	tap_done
fi

t_paths=()
for f in $T_FILES; do
	t_paths+=("extensions/$f")
done
# Newer releases keep general tests at the top of the tree.
[ -e "$src/iptables.t" ] && t_paths+=("iptables.t")

# The .t runner writes its log to a fixed path in /tmp, which is tmpfs in
# the VM; our own scratch files go next to it.
work=$(mktemp -d /tmp/iptables-suite.XXXXXX)
trap 'rm -rf "$work"' EXIT

declare -A result

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# known_for NAME: the KNOWN_FAIL entries of NAME, as the sorted line list
# of a .t file or "failed" for a shell test; empty when it should pass.
known_for() {
	local k lines=
	for k in $KNOWN_FAIL; do
		case $k in
		"$1") echo failed; return ;;
		"$1":*) lines+="${k##*:} " ;;
		esac
	done
	echo $(tr ' ' '\n' <<< "$lines" | sort -n)
}

# run_t REGIME PATH: one .t file through iptables-test.py, in legacy mode
# with the installed binaries, in its own network namespace (the runner
# makes one). One TAP line; the result kept for the comparison is the
# runner's counts, its failing lines and its exit status.
run_t() {
	local regime=$1 path=$2 name=${2##*/} out=$work/$regime-${2##*/}
	local t0 rc sum tests passed lines fast want desc
	t0=$(now_ms)
	(cd "$src" && timeout -k 5 "$STEP_TIMEOUT" \
		python3 iptables-test.py -H -l "$path") > "$out" 2>&1
	rc=$?
	times+=("$(( $(now_ms) - t0 )) $name")
	sum=$(sed -n 's/^legacy: [0-9]* test files\{0,1\}, \([0-9]*\) unit '\
'tests\{0,1\}, \([0-9]*\) passed$/\1 \2/p' "$out")
	read -r tests passed <<< "${sum:-0 0}"
	lines=$(sed -n 's/.*: ERROR: line \([0-9]*\) .*/\1/p' "$out" |
		sort -nu)
	lines=$(echo $lines)
	# A rule set that loads rule by rule but not as one restore is a
	# failure too, though the runner counts it as passed.
	fast=
	grep -q 'but fast mode failed' "$out" && fast=" fast-mode-failed"
	result[$regime:$name]="$tests tests, $passed passed, exit $rc"
	result[$regime:$name]+="${lines:+, failed lines $lines}$fast"
	t_total=$((t_total + tests)) t_passed=$((t_passed + passed))

	want=$(known_for "$name")
	desc="$regime: $name: $tests unit tests, $passed passed"
	if [ -n "$sum" ] && [ "$tests" -gt 0 ] && [ "$lines" = "$want" ] &&
	   [ $((tests - passed)) = "$(wc -w <<< "$want")" ] &&
	   [ "$rc" = $(( (passed - tests) & 255 )) ] &&
	   { [ -z "$fast" ] || [ -n "$want" ]; }; then
		ok "$desc${want:+ (known failures: lines $want)}"
	else
		not_ok "$desc${lines:+ (failed lines: $lines)}$fast"
		diag "exit status $rc; runner output and log tail:"
		sed 's/^/#   /' "$out" | head -n 20
		tail -n 20 /tmp/iptables-test.log 2>/dev/null | sed 's/^/#   /'
	fi
}

# run_shell REGIME TEST: one testcase through run-tests.sh, legacy only,
# with the installed xtables-legacy-multi; run-tests.sh gives each test a
# network namespace of its own. The result kept is the exit status the
# testcase had against the one its name expects.
run_shell() {
	local regime=$1 test=$2 out=$work/$regime-${2//\//_}
	local t0 rc sum okn failn got want
	t0=$(now_ms)
	(cd "$shell_dir" && timeout -k 5 "$STEP_TIMEOUT" \
		./run-tests.sh -H -l "testcases/$test") > "$out" 2>&1
	rc=$?
	times+=("$(( $(now_ms) - t0 )) $test")
	sum=$(sed -n 's/^I: legacy results: \[OK\] \([0-9]*\) '\
'\[FAILED\] \([0-9]*\) .*/\1 \2/p' "$out")
	read -r okn failn <<< "${sum:-0 0}"
	s_ok=$((s_ok + okn)) s_failed=$((s_failed + failn))
	got=$(sed -n 's/.*\[FAILED\] .*: \(expected [0-9]* but '\
'got [0-9]*\)$/\1/p' "$out")
	if [ "$okn" = 1 ] && [ "$failn" = 0 ]; then
		result[$regime:$test]="passed"
	elif [ "$failn" = 1 ] && [ -n "$got" ]; then
		result[$regime:$test]="failed, $got"
	else
		result[$regime:$test]="did not run (run-tests.sh exit $rc)"
	fi

	want=$(known_for "$test")
	if { [ "${result[$regime:$test]}" = passed ] && [ -z "$want" ]; } ||
	   { [ "${result[$regime:$test]%%,*}" = failed ] &&
	     [ -n "$want" ]; }; then
		ok "$regime: shell test $test ${result[$regime:$test]}"
	else
		not_ok "$regime: shell test $test ${result[$regime:$test]}"
		sed 's/^/#   /' "$out" | tail -n 30
	fi
}

# run_regime REGIME: the whole list, then the counts the runners reported,
# summed, and the slowest steps.
run_regime() {
	local regime=$1 path test t0
	t_total=0 t_passed=0 s_ok=0 s_failed=0 times=()
	t0=$(now_ms)
	for path in "${t_paths[@]}"; do
		run_t "$regime" "$path"
	done
	for test in $SHELL_TESTS; do
		run_shell "$regime" "$test"
	done
	diag "$regime: iptables-test.py: ${#t_paths[@]} test files," \
		"$t_total unit tests, $t_passed passed," \
		"$((t_total - t_passed)) failed"
	diag "$regime: run-tests.sh: [OK] $s_ok [FAILED] $s_failed" \
		"[TOTAL] $((s_ok + s_failed))"
	diag "$regime: took $(( ($(now_ms) - t0) / 1000 ))s; slowest (ms):" \
		$(printf '%s\n' "${times[@]}" | sort -rn | head -n 5 |
			tr ' \n' ': ')
}

# 1. ip_tables alone
rmmod bpfilter 2>/dev/null
check "ip_tables: bpfilter is not loaded" eval '! bpfilter_loaded'
run_regime ip_tables
check "ip_tables: bpfilter is still not loaded after the suite" \
	eval '! bpfilter_loaded'

# 2. bpfilter loaded. Its helper must have seen the suite's requests, and
# the same helper must still be there: a crash and restart would hide
# behind the results.
if ! check "bpfilter: insmod bpfilter.ko succeeds" bpfilter_load; then
	tap_done
fi
pid=$(helper_pids)
# dmesg -C: the helper logs every request, so the ring buffer may have
# dropped an older stats line and helper_requests would miss the new one.
dmesg -C
before=$(helper_requests)
run_regime bpfilter
dmesg -C
after=$(helper_requests)
diag "bpfilter: the helper counted ${before:-?} -> ${after:-?} requests"
check "bpfilter: the helper received the suite's requests" \
	test -n "$before" -a -n "$after" -a "${after:-0}" -gt "${before:-0}"
check "bpfilter: the same helper ran all along (pid $pid)" \
	test -n "$pid" -a "$(helper_pids)" = "$pid"
check "bpfilter: rmmod bpfilter succeeds" rmmod bpfilter

# 3. the comparison, file by file and test by test
for path in "${t_paths[@]}"; do
	name=${path##*/}
	a=${result[ip_tables:$name]} b=${result[bpfilter:$name]}
	check "$name: same result under bpfilter as under ip_tables" \
		test "$a" = "$b"
	[ "$a" = "$b" ] || diag "ip_tables: $a; bpfilter: $b"
done
for test in $SHELL_TESTS; do
	a=${result[ip_tables:$test]} b=${result[bpfilter:$test]}
	check "$test: same result under bpfilter as under ip_tables" \
		test "$a" = "$b"
	[ "$a" = "$b" ] || diag "ip_tables: $a; bpfilter: $b"
done

tap_done
