#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot the reference kernel once and measure, for 0 to 10,000
# rules, the packet rate through the INPUT hook of no filter, the floor (a
# hook running a 2-instruction BPF program, tests/bench/bench_floor.c),
# ip_tables, bpfilter (with and without its compilation of rules to map
# lookups) and nftables (linear, and with a set); what iptables-legacy -A
# and iptables-legacy-restore cost under ip_tables and bpfilter; and what
# bpfilter's helper and programs weigh. The guest side
# is vm/bench-guest.sh. Prints the tables, and writes them with the
# machine, the date and the raw records to docs/bench.md, and a plot to
# docs/bench.png (BENCH_OUT: another directory).
#
# While the VM runs, the CPU time its QEMU gets on the host is written
# every 5 ms to the VM's job directory, where the guest reads it: rates
# and times are given per second of CPU time the VM had (the host's cores
# are shared), with the wall clock ones in the raw records.
#
# BENCH_NS, BENCH_SECONDS, BENCH_ROUNDS, BENCH_CONTENDERS: see
# vm/bench-guest.sh (a shorter run for trying things out).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# qemu_of PID: the QEMU that vm/run.sh (PID) started, once it runs.
qemu_of() {
	local run=$1 q pp i
	for ((i = 0; i < 600; i++)); do
		for q in $(pgrep -x qemu-system-x86 || true); do
			pp=$(awk '{ print $4 }' "/proc/$q/stat" 2> /dev/null) ||
				continue
			pp=$(awk '{ print $4 }' "/proc/$pp/stat" 2> /dev/null) ||
				continue
			[ "$pp" = "$run" ] && echo "$q" && return 0
		done
		kill -0 "$run" 2> /dev/null || return 1
		sleep 0.1
	done
	return 1
}

# run_vm LOG: the guest side, with the CPU time sampler beside it.
run_vm() {
	local log=$1 run q out rc=0
	vm/run.sh -c 2 -m 4096 -l "$log" -- env \
		BPFILTER_KO="$PWD/bpfilter.ko" \
		BENCH_FLOOR_KO="$PWD/tests/bench/bench_floor.ko" \
		BENCH_TOOL="$PWD/tests/bench/benchtool" \
		${BENCH_NS:+BENCH_NS="$BENCH_NS"} \
		${BENCH_SECONDS:+BENCH_SECONDS="$BENCH_SECONDS"} \
		${BENCH_ROUNDS:+BENCH_ROUNDS="$BENCH_ROUNDS"} \
		${BENCH_CONTENDERS:+BENCH_CONTENDERS="$BENCH_CONTENDERS"} \
		vm/bench-guest.sh > /dev/null &
	run=$!
	if q=$(qemu_of $run); then
		out=$(tr '\0' '\n' < "/proc/$q/cmdline" |
			sed -n 's/^local,id=out,path=\(.*\),security_model=none$/\1/p')
		# Ahead of the other work on the host: a late sample would
		# count the wrong CPU time.
		[ -n "$out" ] && nice -n -15 tests/bench/benchtool cpu "$q" \
			"$out/cpu" &
	else
		log "QEMU not found: rates by the wall clock only"
	fi
	wait $run || rc=$?
	return $rc
}

# The records of LOG, reduced: one line per (contender, N) with medians.
# Rates are per CPU second when the guest had the CPU times, else per wall
# clock second. Fields: contender N pps ratio cost_ns floor_pps wall_pps
# share rounds lost (packets the input queue dropped in all its rounds).
points() {
	awk '
	function median(a, n,    i, j, t) {
		for (i = 2; i <= n; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
			}
		return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	}
	$1 == "BENCH" && $2 == "pps" {
		k = $3 SUBSEP $4
		if (!(k in n)) { keys[++nk] = k }
		i = ++n[k]
		cpu = $7 != "-" && $10 != "-" && $7 > 0 && $10 > 0
		p = cpu ? $7 : $6; f = cpu ? $10 : $9
		if (!cpu) wall_only = 1
		P[k, i] = p; F[k, i] = f; W[k, i] = $6
		S[k, i] = $8 == "-" ? 0 : $8
		R[k, i] = f > 0 ? p / f : 0
		C[k, i] = p > 0 && f > 0 ? 1e9 / p - 1e9 / f : 0
		L[k] += $12
	}
	END {
		for (x = 1; x <= nk; x++) {
			k = keys[x]; m = n[k]
			for (i = 1; i <= m; i++) {
				a1[i] = P[k, i]; a2[i] = R[k, i]; a3[i] = C[k, i]
				a4[i] = F[k, i]; a5[i] = W[k, i]; a6[i] = S[k, i]
			}
			split(k, kk, SUBSEP)
			printf "%s %s %.0f %.4f %.1f %.0f %.0f %.3f %d %d\n",
			       kk[1], kk[2], median(a1, m), median(a2, m),
			       median(a3, m), median(a4, m), median(a5, m),
			       median(a6, m), m, L[k]
		}
		if (wall_only) print "# wall"
	}' "$1"
}

# value POINTS CONTENDER N FIELD: one field of one point, or "-".
value() {
	awk -v c="$2" -v n="$3" -v f="$4" '
		$1 == c && $2 == n { print $f; found = 1; exit }
		END { if (!found) print "-" }' "$1"
}

# The contenders with rule sets, in the order of the tables.
CONTENDERS="ip_tables bpfilter-linear bpfilter nft-linear nft-set"
BPFILTERS="bpfilter-linear bpfilter"

# median: the median of the numbers on stdin, or "-".
median() {
	sort -g | awk '{ a[NR] = $1 } END {
		if (!NR) print "-"
		else if (NR % 2) print a[(NR + 1) / 2]
		else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# The report, in markdown.
report() {
	local log=$1 pts=$2 elapsed=$3 c n unit ns floor none row
	ns=$(awk '$1 == "BENCH" && $2 ~ /^(pps|restore|fail)$/ && $4 != "-" {
		print $4 }' "$log" | sort -n -u | tr '\n' ' ')
	unit="CPU second"
	grep -q '^# wall' "$pts" && unit="second (wall clock: no CPU times)"
	none=$(value "$pts" none - 3)
	floor=$(awk '$1 != "#" { print $6 }' "$pts" | median)

	cat <<-EOF
	# bpfilter benchmark

	Made by \`make bench\` (vm/bench.sh, vm/bench-guest.sh), all of it in
	one run.

	| | |
	|---|---|
	| date | $(info "$log" date) |
	| bpfilter | $(info "$log" bpfilter) |
	| kernel | $(info "$log" release), the reference kernel (vm/kernel.config) |
	| machine | $(info "$log" machine) |
	| VM | $(info "$log" qemu), TCG, \`vm/run.sh -c 2 -m 4096\`; the guest runs on $(info "$log" cpus) CPU, clock source $(info "$log" clocksource) |
	| tools | $(info "$log" iptables), $(info "$log" nft), $(info "$log" bpftool) |
	| run | ${elapsed:-?} s for the whole \`make bench\` |

	## 1. Packets through INPUT

	pktgen sends 60-byte UDP packets, one at a time, from one namespace
	over a veth pair to the namespace under test. There, N rules that the
	packet does not match come before one that accepts it, and the policy
	is DROP; a socket bound to the port takes (and drops) what gets
	through. The last rule accepts rather than drops so that every
	contender, no filter included, ends each packet the same way, and one
	observable serves them all: packets delivered past LOCAL_IN
	("Ip: InDelivers"). With the DROP policy, a filter that skipped rules
	or matched the wrong one would deliver nothing. The rules: every 8th
	has the packet's source /24 and another port, the others a /32 or a
	/24 elsewhere and one of 64 ports (vm/bench-guest.sh, RULE_AWK).

	pktgen rather than a sending program: no system call and no sending
	socket per packet, so most of each packet's cost is the receiving path
	where the filters are; it runs at SCHED_IDLE, so that the receiving
	work goes first when the kernel defers it to ksoftirqd.

	Rate: packets per $unit of the VM, median of the rounds; a round runs
	again (up to twice) when the VM had less than a third of a core.
	Each measurement follows one of the floor (a netfilter hook that runs
	a 2-instruction BPF program, tests/bench/bench_floor.c), and its
	ratio and cost are against that one. Cost: the time per packet minus
	the floor's. bpfilter-linear is bpfilter.ko with \`compile_sets=0\`:
	every rule compiled on its own.

	No filter: $(kpps "$none") kpps; the floor: $(kpps "$floor") kpps (median
	of its $(awk '$1 != "#" { s += $9 } END { print s }' "$pts") rounds).

	EOF
	table "kpps" 3 kpps
	echo
	table "ratio to the floor" 4 ratio
	echo
	table "cost per packet, ns" 5 ns
	echo
	echo "Checks: the counter of the rule that accepts against the packets"
	echo "delivered, at each point; a DROP rule inserted first at N = 0."
	echo
	awk '$1 == "BENCH" && $2 == "check" {
		$1 = $2 = ""; sub(/^ +/, ""); print "- " $0 }' "$log"
	echo
	awk '$1 != "#" { n++; if ($10) { bad = bad sprintf(", %s at N = %s: %d",
		$1, $2, $10) } }
	END {
		if (bad == "")
			print "No packet was lost in the input queue of the receiving side" \
			      " during a measurement: the receiver kept up with pktgen."
		else
			print "Packets the input queue dropped during measurements (the" \
			      " receiver fell behind pktgen; the rates are lower bounds)" \
			      substr(bad, 2) "."
	}' "$pts"

	cat <<-EOF

	## 2. Rule changes

	Milliseconds of $([ "$unit" = "CPU second" ] && echo "the VM's CPU time" ||
	echo "the VM's wall clock") for \`iptables-legacy-restore\` of the N + 1
	rules (\`nft -f\` for nftables), and for one \`iptables-legacy -A\`
	onto them (median of 3), from the command's start to its end, the
	kernel's and bpfilter's helper's work included. The wall clock times
	are in the raw records.

	EOF
	row="| N |"
	for c in ip_tables $BPFILTERS; do row+=" restore $c |"; done
	for c in ip_tables $BPFILTERS; do row+=" -A $c |"; done
	echo "$row nft -f linear | nft -f set |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	for n in $ns; do
		row="| $n |"
		for c in ip_tables $BPFILTERS; do
			row+=" $(rec "$log" restore "$c" "$n") |"
		done
		for c in ip_tables $BPFILTERS; do
			row+=" $(rec "$log" append "$c" "$n") |"
		done
		for c in nft-linear nft-set; do
			row+=" $(rec "$log" restore "$c" "$n") |"
		done
		echo "$row"
	done

	cat <<-EOF

	## 3. and 4. What bpfilter weighs

	The helper's resident memory: Rss of /proc/PID/smaps_rollup, and
	VmRSS and VmHWM of /proc/PID/status (Linux 6.1 updates those from
	per-task caches in batches: they lag behind, by up to all of a small
	process). The memlock bytes of bpfilter's programs and maps
	(\`bpftool prog show\`, \`bpftool map show\`, objects named \`bf_\`). The
	INPUT program: instructions (xlated bytes / 8), JIT bytes, and the
	instructions the verifier processed (\`verified_insns\` of
	BPF_OBJ_GET_INFO_BY_FD, which this kernel reports and bpftool 7.1 does
	not print; read by tests/bench/benchtool).

	EOF
	for c in $BPFILTERS; do
		grep -q "^BENCH mem $c " "$log" || continue
		echo "| $c, N | Rss kB | VmRSS kB | VmHWM kB | programs: memlock kB | maps: number, memlock kB | INPUT insns | INPUT jited B | INPUT verified insns |"
		echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
		awk -v c="$c" '$1 == "BENCH" && $3 == c && $2 == "mem" {
			m[$4] = sprintf("%s | %s | %s | %.0f | %s, %.0f", $5, $6,
					$7, $8 / 1024, $11, $9 / 1024) }
		$1 == "BENCH" && $3 == c && $2 == "prog" && $5 == "bf_INPUT" {
			x[$4] = sprintf("%d | %s | %s", $6 / 8, $7, $8) }
		END { for (n in m) printf "| %d | %s | %s |\n", n, m[n], x[n] }' \
			"$log" | sort -t '|' -k 2 -n
		echo
	done
	if grep -q '^BENCH \(fail\|klog\)' "$log"; then
		echo "## Failures and kernel log"
		echo
		echo "Warnings and errors of the kernel log, by contender and N."
		echo
		echo '```'
		awk '$1 == "BENCH" && ($2 == "fail" || $2 == "klog") {
			$1 = ""; sub(/^ +/, ""); print }' "$log"
		echo '```'
		echo
	fi
	cat <<-EOF
	![The same numbers, plotted](bench.png)

	<details><summary>Raw records</summary>

	pps: contender, N, round, then the contender's wall clock rate, rate
	per CPU second and CPU share (CPU time over wall clock time), then the
	same for the floor measurement before it, then the packets the input
	queue dropped in the contender's and in the floor's measurement.
	restore and append: contender, N, milliseconds of wall clock and of
	the VM's CPU time.

	\`\`\`
	$(grep '^BENCH ' "$log" | sed 's/^BENCH //')
	\`\`\`

	</details>
	EOF
}

info() {
	awk -v k="$2" '$1 == "BENCH" && $2 == "info" && $3 == k {
		$1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$1"
}

kpps() {
	awk -v v="$1" 'BEGIN { if (v == "-" || v == "") print "-"
		else printf "%.1f", v / 1000 }'
}

# rec LOG KIND CONTENDER N: the median of the restore or -A times, in
# ms of the VM's CPU time, or of the wall clock without CPU times;
# "failed" when the restore failed.
rec() {
	local v
	v=$(awk -v k="$2" -v c="$3" -v n="$4" '
		$1 == "BENCH" && $2 == k && $3 == c && $4 == n {
			print $6 == "-" || $6 == "" ? $5 : $6 }' "$1" | median)
	if [ "$v" = - ] && [ "$2" = restore ] &&
		grep -q "^BENCH fail $3 $4 " "$1"; then
		v=failed
	fi
	echo "$v"
}

# table TITLE FIELD FORMAT: one field of every point, N by contender.
table() {
	local title=$1 f=$2 fmt=$3 n c v row
	row="| N ($title) |"
	for c in $CONTENDERS; do row+=" $c |"; done
	echo "$row"
	row="|---:|"
	for c in $CONTENDERS; do row+="---:|"; done
	echo "$row"
	for n in $ns; do
		row="| $n |"
		for c in $CONTENDERS; do
			v=$(value "$pts" "$c" "$n" "$f")
			if [ "$v" = - ] && grep -q "^BENCH fail $c $n " "$log"; then
				v=failed
			elif [ "$v" != - ]; then
				case $fmt in
				kpps) v=$(kpps "$v") ;;
				ratio) v=$(printf '%.3f' "$v") ;;
				ns) v=$(printf '%.0f' "$v") ;;
				esac
			fi
			row+=" $v |"
		done
		echo "$row"
	done
}

colour() {
	case $1 in
	ip_tables) echo "#1f77b4" ;;
	bpfilter-linear) echo "#ff7f0e" ;;
	bpfilter) echo "#d62728" ;;
	nft-linear) echo "#2ca02c" ;;
	nft-set) echo "#9467bd" ;;
	*) echo black ;;
	esac
}

# plot LOG POINTS PNG
plot() {
	local log=$1 pts=$2 png=$3 dir none floor c n i
	dir=$(mktemp -d)
	# One file per contender: N, rate, cost (cost "?" when not above 0).
	for c in $CONTENDERS; do
		awk -v c="$c" '$1 == c && $2 != "-" {
			print $2, $3, ($5 > 0 ? $5 : "?") }' "$pts" | sort -n \
			> "$dir/pps-$c"
		for k in restore append; do
			for n in $(awk -v k=$k -v c="$c" '$1 == "BENCH" &&
				$2 == k && $3 == c { print $4 }' "$log"); do
				echo "$n $(rec "$log" $k "$c" "$n")"
			done | { grep -v failed || true; } | sort -n > "$dir/$k-$c"
		done
	done
	for c in $BPFILTERS; do
		awk -v c="$c" '$1 == "BENCH" && $3 == c && $2 == "mem" {
			r[$4] = $5; m[$4] = ($8 + $9) / 1024 }
		$1 == "BENCH" && $3 == c && $2 == "prog" && $5 == "bf_INPUT" {
			v[$4] = $8 }
		END { for (n in r) print n, r[n], m[n], v[n] }' "$log" |
			sort -n > "$dir/mem-$c"
	done
	none=$(value "$pts" none - 3)
	floor=$(awk '$1 != "#" { print $6 }' "$pts" | median)
	[ "$none" != - ] || none=NaN
	[ "$floor" != - ] || floor=NaN
	# N = 0 is drawn at 0.3 on the logarithmic axis. A contender has one
	# colour in every panel.
	{
		cat <<-EOF
		set terminal pngcairo size 1400,1000 font ",11" noenhanced
		set output "$png"
		set multiplot layout 2,2 title "bpfilter benchmark, $(info "$log" date): $(info "$log" release) in QEMU TCG"
		set logscale xy
		set xrange [0.2:20000]
		set xtics ("0" 0.3, "1" 1, "10" 10, "100" 100, "1000" 1000, "10000" 10000)
		set grid
		set datafile missing "?"
		x(n) = n == 0 ? 0.3 : n
		set key left bottom
		set title "packets per CPU second through INPUT"
		set xlabel "rules before the one that accepts"
		EOF
		printf 'plot %s with lines lc "black" dashtype 2 title "no filter", %s with lines lc "gray40" dashtype 3 title "floor"' \
			"$none" "$floor"
		for c in $CONTENDERS; do
			printf ', "%s" using (x($1)):2 with linespoints lw 2 lc "%s" title "%s"' \
				"$dir/pps-$c" "$(colour "$c")" "$c"
		done
		echo
		echo 'set title "cost per packet over the floor (ns)"'
		echo 'set key left top'
		i=0
		for c in $CONTENDERS; do
			[ $i = 0 ] && printf 'plot ' || printf ', '
			printf '"%s" using (x($1)):3 with linespoints lw 2 lc "%s" title "%s"' \
				"$dir/pps-$c" "$(colour "$c")" "$c"
			i=1
		done
		echo
		echo 'set title "rule changes (ms of CPU time of the VM)"'
		echo 'set xlabel "rules in the table"'
		i=0
		for c in ip_tables $BPFILTERS; do
			for k in restore append; do
				[ $i = 0 ] && printf 'plot ' || printf ', '
				printf '"%s" using (x($1)):2 with linespoints lw 2 lc "%s" dashtype %d title "%s, %s"' \
					"$dir/$k-$c" "$(colour "$c")" \
					"$([ $k = append ] && echo 2 || echo 1)" "$c" \
					"$([ $k = append ] && echo "-A" || echo restore)"
				i=1
			done
		done
		echo
		echo 'set title "bpfilter: helper Rss (kB), BPF memlock (kB), INPUT verified insns"'
		i=0
		for c in $BPFILTERS; do
			[ $i = 0 ] && printf 'plot ' || printf ', '
			printf '"%s" using (x($1)):2 with linespoints lw 2 lc "%s" dashtype 1 pt 7 title "%s: Rss", ' \
				"$dir/mem-$c" "$(colour "$c")" "$c"
			printf '"%s" using (x($1)):3 with linespoints lw 2 lc "%s" dashtype 2 pt 5 title "%s: memlock", ' \
				"$dir/mem-$c" "$(colour "$c")" "$c"
			printf '"%s" using (x($1)):4 with linespoints lw 2 lc "%s" dashtype 3 pt 9 title "%s: verified insns"' \
				"$dir/mem-$c" "$(colour "$c")" "$c"
			i=1
		done
		echo
		echo 'unset multiplot'
	} > "$dir/plot.gp"
	gnuplot "$dir/plot.gp" 2>&1 | grep -v 'Skipping data file with no valid points' >&2 || true
	rm -rf "$dir"
}

# write_report LOG SECONDS: the tables on stdout, docs/bench.md and
# docs/bench.png (or in $BENCH_OUT).
write_report() {
	local log=$1 outdir=${BENCH_OUT:-docs} pts
	pts=$(mktemp)
	points "$log" > "$pts"
	mkdir -p "$outdir"
	report "$log" "$pts" "$2" > "$outdir/bench.md"
	plot "$log" "$pts" "$outdir/bench.png"
	rm -f "$pts"
	sed '/^<details>/,$d' "$outdir/bench.md"
	log "wrote $outdir/bench.md and $outdir/bench.png"
}

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
#   vm/bench.sh              the whole benchmark
#   vm/bench.sh -r FILE      the report again, from the log of a run or
#                            from the raw records of a docs/bench.md
main() {
	local t0 kdir log rc=0 shown
	t0=$(date +%s)
	cd "$VM_DIR/.."
	if [ "${1:-}" = -r ]; then
		[ -r "${2:-}" ] || die "usage: $0 -r LOG|REPORT.md"
		need_pkgs gnuplot-nox
		log=$(mktemp /tmp/bpfilter-bench.XXXXXX)
		if grep -q '^<details><summary>Raw records' "$2"; then
			sed -n '/^<details><summary>Raw records/,$p' "$2" |
				sed -n '/^```$/,/^```$/p' | grep -v '^```$' |
				sed 's/^/BENCH /' > "$log"
		else
			cp "$2" "$log"
		fi
		write_report "$log" "$(info "$log" elapsed)"
		rm -f "$log"
		return
	fi
	need_pkgs build-essential bc bison flex libelf-dev libssl-dev kmod \
		cpio xz-utils linux-source-6.1 qemu-system-x86 busybox-static \
		iptables iproute2 procps nftables bpftool gnuplot-nox
	kdir=$(vm/kernel.sh)
	make -s module KDIR="$kdir/src"
	make -s -C tests/bench KDIR="$kdir/src"

	# The log of the run stays when something fails.
	log=$(mktemp /tmp/bpfilter-bench.XXXXXX)
	# The guest's progress, as it goes.
	tail -f "$log" --pid=$$ 2> /dev/null |
		grep --line-buffered '^bench:' >&2 &
	shown=$!
	run_vm "$log" || rc=$?
	sleep 0.5
	kill $shown 2> /dev/null || true
	if [ $rc != 0 ]; then
		grep -v '^BENCH ' "$log" | tail -n 30 >&2
		die "the VM run failed ($rc); its log: $log"
	fi
	{
		echo "BENCH info elapsed $(($(date +%s) - t0))"
		echo "BENCH info date $(date -u '+%Y-%m-%d %H:%M UTC')"
		echo "BENCH info bpfilter $(git describe --always --dirty 2> /dev/null || echo ?)"
		echo "BENCH info machine $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores shared with other work"
		echo "BENCH info qemu $(qemu-system-x86_64 --version | head -n 1 | sed 's/ (.*//')"
	} >> "$log"
	write_report "$log" "$(($(date +%s) - t0))"
	if grep -q '^BENCH check .* FAIL' "$log"; then
		die "a check failed; the log: $log"
	fi
	rm -f "$log"
}

main "$@"
