#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make bench, inside the VM (vm/bench.sh boots it and reads what this
# prints): the packet rate through the INPUT hook of each contender at each
# rule count, what a rule change costs, and what bpfilter's programs weigh.
#
# Progress goes to stderr; results go to stdout, one record a line, each
# starting with "BENCH " (vm/bench.sh turns them into the report).
#
# Traffic: pktgen, in namespace tx, sends 60-byte UDP packets from
# 198.51.100.7:4000 to 10.99.0.2:9 through a veth pair, one packet at a
# time on CPU 0 (veth delivers each packet on the sending CPU, in the
# softirq that follows its transmission). A receiving namespace has a
# socket bound to port 9 that is never read, so each accepted packet is
# delivered and then dropped at the socket, the same way for everyone. The
# rate is the growth of "Ip: InDelivers" (packets that got through
# LOCAL_IN) of the receiving namespace per second of wall clock, and per
# second of the CPU time that the VM's QEMU had on the host (which
# vm/bench.sh writes to the job directory, /run/vm/cpu here).
#
# Two receiving namespaces: "floor", with bench_floor.ko's hook running a
# 2-instruction program that accepts, and "rx", set up anew for each
# contender. Each measurement of a contender follows a measurement of the
# floor, and its ratio and cost are taken against that one, so that drifts
# of the host (the VM shares its cores) cancel out.
#
# Environment: BPFILTER_KO, BENCH_FLOOR_KO, BENCH_TOOL (the pieces);
# BENCH_NS (rule counts), BENCH_SECONDS (per measurement), BENCH_ROUNDS
# (measurements per point), BENCH_CONTENDERS (which contenders).
set -uo pipefail

NS=${BENCH_NS:-0 1 10 100 1000 10000}
SECS=${BENCH_SECONDS:-2}
ROUNDS=${BENCH_ROUNDS:-3}
CONTENDERS=${BENCH_CONTENDERS:-none nft-linear nft-set ip_tables bpfilter-linear bpfilter}
TOOL=$BENCH_TOOL
SRC=198.51.100.7
DST=10.99.0.2
PORT=9
APPENDS=3
T_START=$EPOCHREALTIME

progress() {
	local t=${EPOCHREALTIME%.*}
	t=$((t - ${T_START%.*}))
	printf 'bench: [%02d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*" >&2
}

record() {
	echo "BENCH $*"
}

# ms START END: milliseconds between two $EPOCHREALTIME values.
ms() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) * 1000 }'
}

# timed COMMAND...: run COMMAND. T_MS gets the milliseconds it took by the
# wall clock, T_CPU the milliseconds of CPU time the VM had meanwhile ("-"
# without CPU times): with one CPU and nothing else to run, what the
# command cost, the work of the kernel and of bpfilter's helper included.
timed() {
	local t0 t1 c0 rc
	cpu_now
	c0=$CPU_NS t0=$EPOCHREALTIME
	"$@"
	rc=$?
	t1=$EPOCHREALTIME
	cpu_now
	T_MS=$(ms "$t0" "$t1") T_CPU=-
	if [ -n "$c0" ] && [ -n "$CPU_NS" ]; then
		T_CPU=$(awk -v a="$c0" -v b="$CPU_NS" \
			'BEGIN { printf "%.1f", (b - a) / 1e6 }')
	fi
	return $rc
}

# The rule set, as iptables-restore, nft linear and nft set input. Rule i
# (from 0) of N: every 8th has the packet's source /24 and another port
# (the address matches, the port does not); the others have a /32 from
# 10.0.0.0/8 (even i) or a /24 from 100.64.0.0/10 (odd i) and one of 64
# ports. No two rules have the same address and port, no address range
# overlaps another with the same port (as nft's interval sets need), and
# none matches the packet. The last rule accepts the packet; the policy
# drops what reaches it.
RULE_AWK='
function rule(i) {
	if (i % 8 == 7) {
		rsrc = "198.51.100.0/24"; rport = 10000 + int(i / 8)
	} else if (i % 2 == 0) {
		rsrc = sprintf("10.%d.%d.%d", int(i / 65536) % 256,
			       int(i / 256) % 256, i % 256)
		rport = 2000 + i % 64
	} else {
		rsrc = sprintf("100.%d.%d.0/24", 64 + int(i / 256) % 64,
			       i % 256)
		rport = 2000 + i % 64
	}
}'

gen_iptables() {
	awk -v n="$1" -v src="$SRC" -v port="$PORT" "$RULE_AWK"'
	BEGIN {
		print "*filter"
		print ":INPUT DROP [0:0]"
		print ":FORWARD ACCEPT [0:0]"
		print ":OUTPUT ACCEPT [0:0]"
		for (i = 0; i < n; i++) {
			rule(i)
			if (rsrc !~ /\//)
				rsrc = rsrc "/32"
			printf "-A INPUT -s %s -p udp -m udp --dport %d -j DROP\n",
			       rsrc, rport
		}
		printf "-A INPUT -s %s/32 -p udp -m udp --dport %d -j ACCEPT\n",
		       src, port
		print "COMMIT"
	}'
}

gen_nft() {
	awk -v n="$1" -v kind="$2" -v src="$SRC" -v port="$PORT" "$RULE_AWK"'
	BEGIN {
		print "table ip bench {"
		if (kind == "set") {
			print "\tset block {"
			print "\t\ttype ipv4_addr . inet_service"
			print "\t\tflags interval"
			if (n > 0) {
				printf "\t\telements = {"
				for (i = 0; i < n; i++) {
					rule(i)
					printf "%s%s . %d", i ? ", " : " ", rsrc,
					       rport
				}
				print " }"
			}
			print "\t}"
		}
		print "\tchain input {"
		print "\t\ttype filter hook input priority filter; policy drop;"
		if (kind == "set")
			print "\t\tip saddr . udp dport @block drop"
		else
			for (i = 0; i < n; i++) {
				rule(i)
				printf "\t\tip saddr %s udp dport %d drop\n",
				       rsrc, rport
			}
		printf "\t\tip saddr %s udp dport %d counter accept\n",
		       src, port
		print "\t}"
		print "}"
	}'
}

# A receiving namespace NAME with veth pair <dev>0 (in tx) - <dev>1.
# Sets SINK (the pid of its sink, whose /proc/PID/net is the namespace's)
# and MAC (of <dev>1).
rx_up() {
	local name=$1 dev=$2 pid
	ip netns add "$name" || return 1
	ip -n tx link add "${dev}0" type veth peer name "${dev}1" netns "$name" &&
	ip -n "$name" link set lo up &&
	ip -n "$name" link set "${dev}1" up &&
	ip -n "$name" addr add "$DST/24" dev "${dev}1" &&
	ip -n tx link set "${dev}0" up || return 1
	ip netns exec "$name" "$TOOL" sink $PORT > "/run/sink-$name" &
	pid=$!
	until [ -s "/run/sink-$name" ]; do
		kill -0 $pid 2> /dev/null || return 1
		sleep 0.05
	done
	SINK=$pid
	MAC=$(ip netns exec "$name" cat /sys/class/net/"${dev}1"/address)
}

# rx_down NAME SINK
rx_down() {
	local name=$1 pid=$2
	kill "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
	ip netns del "$name"
}

# delivered PID: set DELIVERED to "Ip: InDelivers" of PID's namespace.
# No fork, as this runs while pktgen has the CPU.
delivered() {
	local -a head vals
	local line i
	while read -r line; do
		case $line in
		Ip:\ Forwarding*) read -r -a head <<< "$line" ;;
		Ip:\ [0-9]*) read -r -a vals <<< "$line" ;;
		esac
	done < "/proc/$1/net/snmp"
	DELIVERED=0
	for i in "${!head[@]}"; do
		[ "${head[i]}" = InDelivers ] && DELIVERED=${vals[i]}
	done
}

# cpu_now: set CPU_NS to the CPU time in ns that this VM's QEMU has had on
# the host, which vm/bench.sh writes to the job directory every 5 ms; empty
# when it does not. The record holds the number twice: a torn read shows.
cpu_now() {
	local a b _
	CPU_NS=
	[ -r /run/vm/cpu ] || return 0
	for _ in 1 2 3 4 5; do
		read -r a b < /run/vm/cpu || continue
		if [ -n "$a" ] && [ "$a" = "$b" ]; then
			CPU_NS=$((10#$a))
			return 0
		fi
	done
}

# backlog_drops: set DROPS to the packets that the CPUs' input queues
# (netdev_max_backlog) have dropped so far.
backlog_drops() {
	local _ d rest
	DROPS=0
	while read -r _ d rest; do
		DROPS=$((DROPS + 16#$d))
	done < /proc/net/softnet_stat
}

# sample PID: set S_T (wall clock, s), S_CPU, S_D and S_DROPS, read back
# to back.
sample() {
	local t=$EPOCHREALTIME
	cpu_now
	delivered "$1"
	backlog_drops
	S_T=$t S_CPU=$CPU_NS S_D=$DELIVERED S_DROPS=$DROPS
}

# settle PID: wait until the namespace of PID has delivered what was sent
# (an expensive filter may have a backlog when pktgen stops).
settle() {
	local last=-1 i
	for ((i = 0; i < 100; i++)); do
		delivered "$1"
		[ "$DELIVERED" = "$last" ] && return 0
		last=$DELIVERED
		sleep 0.1
	done
}

# pg_use DEV MAC: point pktgen's thread 0 at DEV, whose peer has MAC.
# The thread removes its devices in its own time: wait for it, or it may
# remove the new one too.
pg_use() {
	local pg=/proc/$tx_pid/net/pktgen c i
	echo rem_device_all > "$pg/kpktgend_0"
	for ((i = 0; i < 100; i++)); do
		[ -e "$pg/vf0" ] || [ -e "$pg/vc0" ] || break
		sleep 0.02
	done
	echo "add_device $1" > "$pg/kpktgend_0"
	for c in "count 0" "clone_skb 0" "pkt_size 60" "delay 0" \
		"dst $DST" "src_min $SRC" "src_max $SRC" "dst_mac $2" \
		"udp_dst_min $PORT" "udp_dst_max $PORT" \
		"udp_src_min 4000" "udp_src_max 4000"; do
		echo "$c" > "$pg/$1" || return 1
	done
}

# rate DEV MAC PID SECONDS: what the namespace of PID delivers while
# pktgen sends on DEV, in RATE (packets per second of wall clock), RATE_CPU
# (packets per second of CPU time that QEMU had; empty without it) and
# SHARE (that CPU time over the wall clock time: below 1 when the host
# gave the VM less than a core) and LOST (packets that the input queue
# dropped meanwhile: the receiver fell behind the sender).
rate() {
	local pid t0 c0 d0 x0
	RATE=0 RATE_CPU='' SHARE='' LOST=0
	pg_use "$1" "$2" || return 1
	# pgctrl acts on the writer's namespace; "start" returns at "stop".
	ip netns exec tx sh -c 'echo start > /proc/net/pktgen/pgctrl' &
	pid=$!
	sleep 0.5
	sample "$3"
	t0=$S_T c0=$S_CPU d0=$S_D x0=$S_DROPS
	sleep "$4"
	sample "$3"
	LOST=$((S_DROPS - x0))
	ip netns exec tx sh -c 'echo stop > /proc/net/pktgen/pgctrl'
	wait $pid
	settle "$3"
	read -r RATE RATE_CPU SHARE < <(awk -v d="$((S_D - d0))" \
		-v t="$t0 $S_T" -v c="$c0 ${S_CPU:--}" 'BEGIN {
		split(t, tt, " "); split(c, cc, " ")
		w = tt[2] - tt[1]
		printf "%.0f", d / w
		if (cc[2] != "-" && cc[2] > cc[1])
			printf " %.0f %.3f", d / ((cc[2] - cc[1]) / 1e9),
			       (cc[2] - cc[1]) / 1e9 / w
		print ""
	}')
}

floor_rate() {
	rate vf0 "$floor_mac" "$floor_sink" "$1"
}

rx_rate() {
	rate vc0 "$rx_mac" "$rx_sink" "$1"
}

# measure CONTENDER N: ROUNDS pairs of (floor, contender) measurements.
measure() {
	local c=$1 n=$2 r f fl fs try
	for ((r = 1; r <= ROUNDS; r++)); do
		for ((try = 1; try <= 3; try++)); do
			floor_rate "$SECS"
			f="$RATE ${RATE_CPU:--} ${SHARE:--}" fl=$LOST fs=$SHARE
			rx_rate "$SECS"
			# Again when the host gave the VM less than a third of
			# a core: its timer ticks weigh more per CPU second
			# then, and so does everything that runs beside it.
			awk -v a="${fs:-1}" -v b="${SHARE:-1}" \
				'BEGIN { exit !(a < 0.33 || b < 0.33) }' || break
			[ $try = 3 ] && break
			record retry "$c" "$n" "$r" "$fs" "$SHARE"
			progress "$c N=$n round $r: CPU share $fs, $SHARE: again"
		done
		# shellcheck disable=SC2086 # the floor's three fields
		record pps "$c" "$n" "$r" "$RATE" "${RATE_CPU:--}" \
			"${SHARE:--}" $f "$LOST" "$fl"
		progress "$c N=$n round $r: $RATE pps, ${RATE_CPU:--} per CPU s (floor ${f// / / }); input queue drops: $LOST (floor $fl)"
	done
}

# The counter of the rule that accepts the packet, under each contender.
accept_count() {
	case $1 in
	ip_tables | bpfilter*)
		ip netns exec rx iptables-legacy -L INPUT -v -x -n |
			awk -v s="$SRC" -v p="dpt:$PORT" '$8 == s && $NF == p &&
				$3 == "ACCEPT" { print $1; exit }' ;;
	nft-*)
		ip netns exec rx nft list chain ip bench input | awk '
			/counter packets/ { for (i = 1; i < NF; i++)
				if ($i == "packets") { print $(i + 1); exit } }' ;;
	*) echo - ;;
	esac
}

# check_counts CONTENDER N BEFORE_DELIVERED BEFORE_COUNT: the rule that
# accepts the packet counted every packet delivered since, and some were.
check_counts() {
	local c=$1 n=$2 d0=$3 k0=$4 d k res
	delivered "$rx_sink"
	d=$((DELIVERED - d0))
	k=$(accept_count "$c")
	if [ "$k0" = - ]; then
		[ "$d" -gt 0 ] && res=ok || res=FAIL
		record check "$c" "$n" delivered "$res" "$d delivered"
	else
		k=$((k - k0))
		[ "$d" -gt 0 ] && [ "$k" = "$d" ] && res=ok || res=FAIL
		record check "$c" "$n" counter "$res" \
			"$d delivered, accept rule counted $k"
	fi
	progress "$c N=$n check: $res ($d delivered, counter ${k})"
}

# check_drop CONTENDER: a rule dropping the packet, inserted first, stops
# every packet and counts them; then it goes again.
check_drop() {
	local c=$1 d0 d k res
	ip netns exec rx iptables-legacy -I INPUT 1 -s $SRC/32 -p udp \
		--dport $PORT -j DROP || return 1
	delivered "$rx_sink"
	d0=$DELIVERED
	rx_rate 1
	delivered "$rx_sink"
	d=$((DELIVERED - d0))
	k=$(ip netns exec rx iptables-legacy -L INPUT 1 -v -x -n |
		awk '{ print $1 }')
	[ "$d" = 0 ] && [ "${k:-0}" -gt 0 ] && res=ok || res=FAIL
	record check "$c" 0 drop "$res" "$d delivered, drop rule counted $k"
	progress "$c: a DROP rule first: $res ($d delivered, counted $k)"
	ip netns exec rx iptables-legacy -D INPUT 1
}

# klog_record CONTENDER N: record the kernel log lines about bpfilter (or
# worse) written since the last call.
KLOG_SEEN=0
klog_record() {
	local -a lines
	local i
	mapfile -t lines < <(dmesg -l emerg,alert,crit,err,warn)
	for ((i = KLOG_SEEN; i < ${#lines[@]}; i++)); do
		record klog "$1" "$2" "${lines[i]}"
	done
	KLOG_SEEN=${#lines[@]}
}

# bpfilter_weight CONTENDER N: what bpfilter's helper and programs weigh. The helper's
# memory: Rss from smaps_rollup (a walk of its page tables), and VmRSS and
# VmHWM, which 6.1 takes from counters that each task updates in batches.
bpfilter_weight() {
	local c=$1 n=$2 pid rss vmrss hwm pmem mmem np nm
	pid=$(pidof bpfilter_umh)
	rss=$(awk '$1 == "Rss:" { print $2 }' /proc/"$pid"/smaps_rollup)
	vmrss=$(awk '$1 == "VmRSS:" { print $2 }' /proc/"$pid"/status)
	hwm=$(awk '$1 == "VmHWM:" { print $2 }' /proc/"$pid"/status)
	read -r np pmem < <(bpftool prog show | awk '
		/^[0-9]+:/ { ours = $4 ~ /^bf_/; if (ours) n++ }
		ours { for (i = 1; i < NF; i++) if ($i == "memlock") {
			v = $(i + 1); sub(/B$/, "", v); m += v } }
		END { print n + 0, m + 0 }')
	read -r nm mmem < <(bpftool map show | awk '
		/^[0-9]+:/ { ours = $4 ~ /^bf_/; if (ours) n++ }
		ours { for (i = 1; i < NF; i++) if ($i == "memlock") {
			v = $(i + 1); sub(/B$/, "", v); m += v } }
		END { print n + 0, m + 0 }')
	record mem "$c" "$n" "$rss" "$vmrss" "$hwm" "$pmem" "$mmem" "$np" "$nm"
	"$TOOL" progs bf_ | while read -r _ name xl ji vi; do
		record prog "$c" "$n" "${name%%_[0-9]*}" "$xl" "$ji" "$vi"
	done
	progress "$c N=$n: helper Rss $rss kB (VmRSS $vmrss, VmHWM $hwm), $np programs $pmem B, $nm maps $mmem B"
}

# The iptables contenders at each N: restore, weigh, measure, check, -A.
run_iptables() {
	local c=$1 n i d0 k0 times rc
	for n in $NS; do
		gen_iptables "$n" > /tmp/rules
		timed ip netns exec rx iptables-legacy-restore < /tmp/rules
		rc=$?
		if [ $rc != 0 ]; then
			record fail "$c" "$n" "iptables-legacy-restore exited $rc"
			klog_record "$c" "$n"
			progress "$c N=$n: restore FAILED ($rc)"
			continue
		fi
		record restore "$c" "$n" "$T_MS" "$T_CPU"
		progress "$c N=$n: restore $T_MS ms, $T_CPU ms of CPU"
		[ "$c" != ip_tables ] && bpfilter_weight "$c" "$n"
		klog_record "$c" "$n"
		[ "$n" = 0 ] && check_drop "$c"
		delivered "$rx_sink"
		d0=$DELIVERED
		k0=$(accept_count "$c")
		measure "$c" "$n"
		check_counts "$c" "$n" "$d0" "$k0"
		times=
		for ((i = 1; i <= APPENDS; i++)); do
			timed ip netns exec rx iptables-legacy -A INPUT \
				-s 203.0.113.$i/32 -p udp --dport 7 -j DROP ||
				{ record fail "$c" "$n" "iptables-legacy -A failed"; break; }
			record append "$c" "$n" "$T_MS" "$T_CPU"
			times+=" $T_MS ($T_CPU)"
		done
		progress "$c N=$n: -A took$times ms (of CPU)"
	done
}

run_nft() {
	local c=$1 n d0 k0 rc
	for n in $NS; do
		gen_nft "$n" "${c#nft-}" > /tmp/rules.nft
		ip netns exec rx nft flush ruleset
		timed ip netns exec rx nft -f /tmp/rules.nft
		rc=$?
		if [ $rc != 0 ]; then
			record fail "$c" "$n" "nft -f exited $rc"
			progress "$c N=$n: nft -f FAILED ($rc)"
			continue
		fi
		record restore "$c" "$n" "$T_MS" "$T_CPU"
		progress "$c N=$n: nft -f $T_MS ms, $T_CPU ms of CPU"
		delivered "$rx_sink"
		d0=$DELIVERED
		k0=$(accept_count "$c")
		measure "$c" "$n"
		check_counts "$c" "$n" "$d0" "$k0"
	done
}

run_none() {
	local d0
	delivered "$rx_sink"
	d0=$DELIVERED
	measure none -
	check_counts none - "$d0" -
}

# The floor drops when its program says so, and accepts again after.
check_floor() {
	local d0 d res
	ip netns exec floor "$TOOL" floor drop || return 1
	delivered "$floor_sink"
	d0=$DELIVERED
	floor_rate 1
	delivered "$floor_sink"
	d=$((DELIVERED - d0))
	ip netns exec floor "$TOOL" floor accept || return 1
	delivered "$floor_sink"
	d0=$DELIVERED
	floor_rate 1
	delivered "$floor_sink"
	d0=$((DELIVERED - d0))
	[ "$d" = 0 ] && [ "$d0" -gt 0 ] && res=ok || res=FAIL
	record check floor - drop "$res" \
		"$d delivered when dropping, $d0 when accepting"
	progress "floor: drop then accept: $res ($d, then $d0 delivered)"
}

main() {
	local c i

	record info release "$(uname -r)"
	record info cpus "$(nproc)"
	record info iptables "$(iptables-legacy --version)"
	record info nft "$(nft --version)"
	record info bpftool "$(bpftool version | head -n 1)"
	record info clocksource \
		"$(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
	# vm/bench.sh starts writing QEMU's CPU time once QEMU runs.
	for ((i = 0; i < 50; i++)); do
		cpu_now
		[ -n "$CPU_NS" ] && break
		sleep 0.1
	done
	record info cpu_times "${CPU_NS:+yes}"
	# Every module the contenders need, then no more autoloading: with
	# CONFIG_BPFILTER, each iptables sockopt without bpfilter.ko asks for
	# it, and under emulation that fork would weigh on ip_tables' times.
	modprobe -a pktgen ip_tables iptable_filter xt_tcpudp nf_tables ||
		return 1
	echo > /proc/sys/kernel/modprobe
	insmod "$BENCH_FLOOR_KO" || return 1
	klog_record setup -

	ip netns add tx && ip -n tx link set lo up || return 1
	ip netns exec tx sleep infinity &
	tx_pid=$!
	until [ -d "/proc/$tx_pid/net/pktgen" ] &&
		[ "$(readlink /proc/$tx_pid/ns/net)" != "$(readlink /proc/self/ns/net)" ]; do
		sleep 0.05
	done
	# pktgen yields the CPU to whatever else wants it: when the kernel
	# hands received packets to ksoftirqd (a filter that takes long), the
	# sender must not take half of the CPU to fill the input queue.
	if [ "${BENCH_PKTGEN_IDLE:-1}" = 1 ]; then
		for i in $(pgrep -x kpktgend_0); do
			chrt --idle -p 0 "$i" || return 1
		done
	fi
	rx_up floor vf || return 1
	floor_sink=$SINK floor_mac=$MAC
	ip netns exec floor "$TOOL" floor accept || return 1
	check_floor

	for c in $CONTENDERS; do
		progress "== $c"
		rx_up rx vc || return 1
		rx_sink=$SINK rx_mac=$MAC
		case $c in
		none) run_none ;;
		nft-*) run_nft "$c" ;;
		ip_tables) run_iptables "$c" ;;
		bpfilter | bpfilter-linear)
			# bpfilter-linear: every rule compiled on its own.
			if [ "$c" = bpfilter ]; then
				insmod "$BPFILTER_KO" || return 1
			else
				insmod "$BPFILTER_KO" compile_sets=0 || return 1
			fi
			klog_record "$c" -
			run_iptables "$c"
			;;
		esac
		rx_down rx "$rx_sink"
		[ -d /sys/module/bpfilter ] && rmmod bpfilter
	done
	rx_down floor "$floor_sink"
	kill $tx_pid
	ip netns del tx
	klog_record end -
	progress "done"
}

main "$@"
