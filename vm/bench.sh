#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench: boot the reference kernel once and measure, for 0 to 10,000
# rules, the packet rate through the INPUT hook of no filter, the floor (a
# hook running a 2-instruction BPF program, tests/bench/bench_floor.c),
# ip_tables, bpfilter and nftables (linear, and with a set); what
# iptables-legacy -A and iptables-legacy-restore cost under ip_tables and
# bpfilter; and what bpfilter's helper and programs weigh. The guest side
# is vm/bench-guest.sh. Prints the tables, and writes them with the
# machine, the date and the raw records to docs/bench.md, and a plot to
# docs/bench.png (BENCH_OUT: another directory).
#
# While the VM runs, the CPU time its QEMU gets on the host is written
# every 5 ms to the VM's job directory, where the guest reads it: rates
# are given per second of CPU time the VM had (the host's cores are
# shared), with the wall clock rate beside them.
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
		[ -n "$out" ] && tests/bench/benchtool cpu "$q" "$out/cpu" &
	else
		log "QEMU not found: rates by the wall clock only"
	fi
	wait $run || rc=$?
	return $rc
}

# The records of LOG, reduced: one line per (contender, N) with medians.
# Rates are per CPU second when the guest had the CPU times, else per wall
# clock second. Fields: contender N pps ratio cost_ns floor_pps wall_pps
# share rounds.
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
	}
	END {
		for (x = 1; x <= nk; x++) {
			k = keys[x]; m = n[k]
			for (i = 1; i <= m; i++) {
				a1[i] = P[k, i]; a2[i] = R[k, i]; a3[i] = C[k, i]
				a4[i] = F[k, i]; a5[i] = W[k, i]; a6[i] = S[k, i]
			}
			split(k, kk, SUBSEP)
			printf "%s %s %.0f %.4f %.1f %.0f %.0f %.3f %d\n",
			       kk[1], kk[2], median(a1, m), median(a2, m),
			       median(a3, m), median(a4, m), median(a5, m),
			       median(a6, m), m
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

# The report, in markdown (the terminal gets it too).
report() {
	local log=$1 pts=$2 elapsed=$3 c n unit
	local contenders="ip_tables bpfilter nft-linear nft-set"
	local ns
	ns=$(awk '$1 == "BENCH" && $2 == "pps" && $4 != "-" { print $4 }' \
		"$log" | sort -n -u | tr '\n' ' ')
	unit="CPU second"
	grep -q '^# wall' "$pts" && unit="second (wall clock: no CPU times)"

	echo "# bpfilter benchmark"
	echo
	echo "Made by \`make bench\` (vm/bench.sh); all of it from one run."
	echo
	echo "| | |"
	echo "|---|---|"
	echo "| date | $(date -u '+%Y-%m-%d %H:%M UTC') |"
	echo "| bpfilter | $(git describe --always --dirty 2> /dev/null || echo ?) |"
	echo "| kernel | $(info "$log" release) (reference kernel, vm/kernel.config) |"
	echo "| machine | $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(nproc) cores shared with other work |"
	echo "| VM | $(qemu-system-x86_64 --version | head -n 1), TCG, \`-c 2\`: the guest sees $(info "$log" cpus) CPU |"
	echo "| tools | $(info "$log" iptables), $(info "$log" nft), $(info "$log" bpftool) |"
	echo "| run | $elapsed s for the whole \`make bench\` |"
	echo
	echo "## 1. Packets through INPUT"
	echo
	echo "UDP from one namespace over a veth pair (pktgen, one packet at a"
	echo "time); the receiving namespace has N rules that the packet does not"
	echo "match, then one that accepts it, and a DROP policy. Rate: packets"
	echo "per $unit delivered past LOCAL_IN (median of the rounds)."
	echo "The floor is a netfilter hook running a 2-instruction BPF program;"
	echo "each measurement follows one of the floor, and the ratio and the"
	echo "cost are against that one. Cost: time per packet minus the floor's."
	echo
	printf 'No filter: %s kpps; the floor: %s kpps (median of %s rounds).\n' \
		"$(kpps "$(value "$pts" none - 3)")" \
		"$(kpps "$(awk '$1 != "#" { print $6 }' "$pts" | sort -n |
			awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')")" \
		"$(awk '$1 != "#" { s += $9 } END { print s }' "$pts")"
	echo
	table "kpps" 3 kpps
	echo
	table "ratio to the floor" 4 ratio
	echo
	table "filter's cost per packet (ns)" 5 ns
	echo
	echo "Checks (the counter of the accepting rule against the packets"
	echo "delivered; a DROP rule inserted first at N = 0):"
	echo
	awk '$1 == "BENCH" && $2 == "check" {
		$1 = $2 = ""; sub(/^ +/, ""); print "- " $0 }' "$log"
	echo
	echo "## 2. Rule changes"
	echo
	echo "Milliseconds for \`iptables-legacy-restore\` of the N + 1 rules"
	echo "(\`nft -f\` for the nftables contenders), and for one"
	echo "\`iptables-legacy -A\` onto them (median of 3), command run included."
	echo
	echo "| N | restore ip_tables | restore bpfilter | -A ip_tables | -A bpfilter | nft -f linear | nft -f set |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	for n in $ns; do
		printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$n" \
			"$(rec "$log" restore ip_tables "$n")" \
			"$(rec "$log" restore bpfilter "$n")" \
			"$(rec "$log" append ip_tables "$n")" \
			"$(rec "$log" append bpfilter "$n")" \
			"$(rec "$log" restore nft-linear "$n")" \
			"$(rec "$log" restore nft-set "$n")"
	done
	echo
	echo "## 3. and 4. What bpfilter weighs"
	echo
	echo "The helper's resident memory (Rss from smaps_rollup; VmRSS and"
	echo "VmHWM from /proc/PID/status, which Linux 6.1 updates in batches"
	echo "and so lag behind), the memlock bytes of bpfilter's programs and"
	echo "maps (bpftool prog/map show), and the INPUT program: instructions"
	echo "(xlated bytes / 8), JIT bytes, and instructions the verifier"
	echo "processed (verified_insns of BPF_OBJ_GET_INFO_BY_FD: bpftool 7.1"
	echo "does not print it; the kernel reports it)."
	echo
	echo "| N | Rss kB | VmRSS kB | VmHWM kB | progs memlock kB | maps memlock kB | INPUT insns | INPUT jited B | INPUT verified insns |"
	echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
	awk '$1 == "BENCH" && $2 == "mem" { m[$3] = $0 }
	$1 == "BENCH" && $2 == "prog" && $4 == "bf_INPUT" {
		x[$3] = $5 / 8; j[$3] = $6; v[$3] = $7 }
	END {
		for (n in m) {
			split(m[n], f, " ")
			printf "%d | %s | %s | %s | %.0f | %.0f | %s | %s | %s |\n",
			       n, f[4], f[5], f[6], f[7] / 1024, f[8] / 1024,
			       x[n], j[n], v[n]
		}
	}' "$log" | sort -n | sed 's/^/| /'
	if grep -q '^BENCH \(fail\|klog\)' "$log"; then
		echo
		echo "## Failures and kernel log"
		echo
		echo '```'
		awk '$1 == "BENCH" && ($2 == "fail" || $2 == "klog") {
			$1 = ""; sub(/^ +/, ""); print }' "$log"
		echo '```'
	fi
	echo
	echo "![plot](bench.png)"
	echo
	echo "<details><summary>Raw records</summary>"
	echo
	echo "pps: contender N round, then wall clock pps, pps per CPU second"
	echo "and CPU share of the contender, then the same for the floor."
	echo
	echo '```'
	grep '^BENCH ' "$log" | grep -v '^BENCH klog'
	echo '```'
	echo
	echo "</details>"
}

info() {
	awk -v k="$2" '$1 == "BENCH" && $2 == "info" && $3 == k {
		$1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$1"
}

kpps() {
	awk -v v="$1" 'BEGIN { if (v == "-") print "-"
		else printf "%.1f", v / 1000 }'
}

# rec LOG KIND CONTENDER N: a restore time, or the median of the -A times.
rec() {
	awk -v k="$2" -v c="$3" -v n="$4" '
	$1 == "BENCH" && $2 == k && $3 == c && $4 == n {
		m = NF - 4
		for (i = 1; i <= m; i++) a[i] = $(i + 4)
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		print a[int((m + 1) / 2)]; found = 1; exit
	}
	$1 == "BENCH" && $2 == "fail" && $3 == c && $4 == n && k == "restore" {
		print "failed"; found = 1; exit }
	END { if (!found) print "-" }' "$1"
}

# table TITLE FIELD FORMAT: one field of every point, N by contender.
table() {
	local title=$1 f=$2 fmt=$3 n c v row
	printf '| N (%s) |' "$title"
	for c in $contenders; do printf ' %s |' "$c"; done
	echo
	printf '|---:|'
	for c in $contenders; do printf -- '---:|'; done
	echo
	for n in $ns; do
		row="| $n |"
		for c in $contenders; do
			v=$(value "$pts" "$c" "$n" "$f")
			case $fmt in
			kpps) v=$(kpps "$v") ;;
			ratio) [ "$v" = - ] || v=$(printf '%.3f' "$v") ;;
			ns) [ "$v" = - ] || v=$(printf '%.0f' "$v") ;;
			esac
			row+=" $v |"
		done
		echo "$row"
	done
}

# plot LOG POINTS PNG
plot() {
	local log=$1 pts=$2 png=$3 dir
	dir=$(mktemp -d)
	# Columns: N, then each contender; "?" where there is no value.
	for f in 3 5; do
		awk -v f=$f '$1 != "#" && $2 != "-" {
			v[$1, $2] = $f; ns[$2] = 1 }
		END {
			for (n in ns) {
				printf "%s", n
				split("ip_tables bpfilter nft-linear nft-set", c, " ")
				for (i = 1; i <= 4; i++) {
					x = v[c[i], n]
					if (x == "" || (f == 5 && x <= 0)) x = "?"
					printf " %s", x
				}
				print ""
			}
		}' "$pts" | sort -n > "$dir/f$f"
	done
	awk '$1 == "BENCH" && ($2 == "restore" || $2 == "append") &&
		($3 == "ip_tables" || $3 == "bpfilter") {
		m = NF - 4
		for (i = 1; i <= m; i++) a[i] = $(i + 4)
		for (i = 2; i <= m; i++)
			for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
				t = a[j]; a[j] = a[j - 1]; a[j - 1] = t }
		v[$2 "-" $3, $4] = a[int((m + 1) / 2)]; ns[$4] = 1 }
	END {
		for (n in ns) {
			printf "%s", n
			split("restore-ip_tables restore-bpfilter append-ip_tables append-bpfilter", c, " ")
			for (i = 1; i <= 4; i++)
				printf " %s", v[c[i], n] == "" ? "?" : v[c[i], n]
			print ""
		}
	}' "$log" | sort -n > "$dir/ctl"
	awk '$1 == "BENCH" && $2 == "mem" { r[$3] = $4; pm[$3] = $7; mm[$3] = $8 }
	$1 == "BENCH" && $2 == "prog" && $4 == "bf_INPUT" {
		x[$3] = $5 / 8; v[$3] = $7 }
	END { for (n in r) print n, r[n], pm[n] / 1024, mm[n] / 1024, x[n], v[n] }' \
		"$log" | sort -n > "$dir/mem"
	local none floor
	none=$(value "$pts" none - 3)
	floor=$(awk '$1 != "#" { print $6 }' "$pts" | sort -n |
		awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	# N = 0 is drawn at 0.3 on the logarithmic axis.
	gnuplot <<-EOF
	set terminal pngcairo size 1400,1000 font ",11"
	set output "$png"
	set datafile missing "?"
	set multiplot layout 2,2 title "bpfilter benchmark, $(date -u +%Y-%m-%d) ($(info "$log" release), QEMU TCG)"
	set logscale xy
	set xrange [0.2:20000]
	set xtics ("0" 0.3, "1" 1, "10" 10, "100" 100, "1000" 1000, "10000" 10000)
	set key left bottom
	set grid
	x(n) = n == 0 ? 0.3 : n
	set title "packets per CPU second through INPUT"
	set xlabel "rules before the matching one"
	plot "$dir/f3" using (x(\$1)):2 with linespoints title "ip_tables", \
		"" using (x(\$1)):3 with linespoints title "bpfilter", \
		"" using (x(\$1)):4 with linespoints title "nft linear", \
		"" using (x(\$1)):5 with linespoints title "nft set", \
		${none:-0} with lines dashtype 2 title "no filter", \
		${floor:-0} with lines dashtype 3 title "floor"
	set title "filter's cost per packet over the floor (ns)"
	set key left top
	plot "$dir/f5" using (x(\$1)):2 with linespoints title "ip_tables", \
		"" using (x(\$1)):3 with linespoints title "bpfilter", \
		"" using (x(\$1)):4 with linespoints title "nft linear", \
		"" using (x(\$1)):5 with linespoints title "nft set"
	set title "rule changes (ms)"
	set xlabel "rules in the table"
	plot "$dir/ctl" using (x(\$1)):2 with linespoints title "restore, ip_tables", \
		"" using (x(\$1)):3 with linespoints title "restore, bpfilter", \
		"" using (x(\$1)):4 with linespoints title "-A, ip_tables", \
		"" using (x(\$1)):5 with linespoints title "-A, bpfilter"
	set title "bpfilter: helper and INPUT program"
	plot "$dir/mem" using (x(\$1)):2 with linespoints title "helper Rss (kB)", \
		"" using (x(\$1)):(\$3 + \$4) with linespoints title "programs + maps memlock (kB)", \
		"" using (x(\$1)):5 with linespoints title "INPUT instructions", \
		"" using (x(\$1)):6 with linespoints title "INPUT verified instructions"
	unset multiplot
	EOF
	rm -rf "$dir"
}

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
main() {
	local t0 kdir work log pts rc=0 outdir shown
	t0=$(date +%s)
	cd "$VM_DIR/.."
	outdir=${BENCH_OUT:-docs}
	need_pkgs build-essential bc bison flex libelf-dev libssl-dev kmod \
		cpio xz-utils linux-source-6.1 qemu-system-x86 busybox-static \
		iptables iproute2 procps nftables bpftool gnuplot-nox
	kdir=$(vm/kernel.sh)
	make -s module KDIR="$kdir/src"
	make -s -C tests/bench KDIR="$kdir/src"

	work=$(mktemp -d /tmp/bpfilter-bench.XXXXXX)
	trap 'rm -rf "$work"' EXIT
	log=$work/log pts=$work/points
	# The guest's progress, as it goes.
	touch "$log"
	tail -f "$log" --pid=$$ 2> /dev/null |
		grep --line-buffered '^bench:' >&2 &
	shown=$!
	run_vm "$log" || rc=$?
	sleep 0.5
	kill $shown 2> /dev/null || true
	if [ $rc != 0 ]; then
		grep -v '^BENCH ' "$log" | tail -n 30 >&2
		die "the VM run failed ($rc)"
	fi
	points "$log" > "$pts"
	mkdir -p "$outdir"
	report "$log" "$pts" "$(($(date +%s) - t0))" > "$work/bench.md"
	plot "$log" "$pts" "$outdir/bench.png"
	cp "$work/bench.md" "$outdir/bench.md"
	sed '/^<details>/,$d' "$work/bench.md"
	log "wrote $outdir/bench.md and $outdir/bench.png in $(($(date +%s) - t0)) s"
	grep -q '^BENCH check .* FAIL' "$log" && die "a check failed"
	return 0
}

main "$@"
