#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The packet path's life cycle, with UDP traffic between two namespaces:
# replacing the table while packets flow never lets through a packet that
# both tables drop; a killed helper leaves filtering and counts as they
# were; rmmod leaves no hook, program or map behind, and x_tables serves
# the next iptables-legacy call.
#
# BPFILTER_KO: the module to insmod; without it, "modprobe bpfilter".
# PACKET_REPLACES: replaces under traffic (default 200).

cd "$(dirname "$0")" || exit 1
. ./lib.sh

REPLACES=${PACKET_REPLACES:-200}

setup() {
	ip netns add pa && ip netns add pb &&
	ip link add va netns pa type veth peer name vb netns pb &&
	ip -n pa addr add 10.7.0.1/24 dev va && ip -n pa link set va up &&
	ip -n pb addr add 10.7.0.2/24 dev vb && ip -n pb link set vb up &&
	ip -n pa link set lo up && ip -n pb link set lo up
}

teardown() {
	ip netns del pa 2> /dev/null
	ip netns del pb 2> /dev/null
}

# The table of the replace test: port 1000 dropped by both versions, port
# $1 by this one only, port 1003 by neither.
table() {
	printf '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n'
	printf ':OUTPUT ACCEPT [0:0]\n'
	printf -- '-A INPUT -p udp --dport 1000 -j DROP\n'
	printf -- '-A INPUT -p udp --dport %s -j DROP\nCOMMIT\n' "$1"
}

# flood_start / flood_stop: udpflood from pa to pb's ports; the per-port
# counts land in $flood_out.
flood_start() {
	flood_out=$(mktemp)
	./udpflood pa pb 10.7.0.2 "$@" > "$flood_out" &
	flood_pid=$!
	for _ in $(seq 100); do
		grep -q ready "$flood_out" && return 0
		sleep 0.1
	done
	return 1
}

flood_stop() {
	kill -TERM "$flood_pid"
	wait "$flood_pid"
}

# received PORT: datagrams pb received on PORT in the last flood.
received() {
	awk -v p="$1" '$1 == p { print $3 }' "$flood_out"
}

bpf_objects() {
	{ bpftool prog show; bpftool map show; } 2> /dev/null |
		grep -o 'name bf_[A-Za-z]*_[0-9]*' | sort
}

tap_begin
rmmod bpfilter 2> /dev/null
teardown
check "bpfilter.ko loads" bpfilter_load
setup || { not_ok "namespaces"; tap_done; }

# 1. Replaces under traffic.
table 1001 | ip netns exec pb iptables-legacy-restore
flood_start 1000 1001 1002 1003 || not_ok "udpflood starts"
fails=0
for i in $(seq "$REPLACES"); do
	table $((1001 + i % 2)) | ip netns exec pb iptables-legacy-restore ||
		fails=$((fails + 1))
done
flood_stop
diag "$(tr '\n' ' ' < "$flood_out")"
check "$REPLACES replaces under traffic all succeed" test "$fails" = 0
check "no packet to a port both tables drop got through" \
	test "$(received 1000)" = 0
check "packets to a port neither table drops got through" \
	test "$(received 1003)" -gt 0
check "packets to a port one table drops got through in between" \
	test "$(received 1001)" -gt 0

# 2. The helper dies: packets are still judged, counts go on.
drops() {
	ip netns exec pb iptables-legacy -L INPUT -v -x -n |
		awk '$3 == "DROP" && /dpt:1000/ { print $1 }'
}
before=$(drops)
kill -KILL "$(helper_pids)"
sleep 0.5
flood_start 1000 1003 || not_ok "udpflood starts"
sleep 2
flood_stop
check "without a helper, packets to the dropped port are still dropped" \
	test "$(received 1000)" = 0
check "without a helper, other packets pass" test "$(received 1003)" -gt 0
after=$(drops)
diag "drops of port 1000: $before before the kill, $after after"
check "a new helper shows the counts the programs kept meanwhile" \
	test "${after:-0}" -gt "${before:-0}"

# 3. rmmod with rules installed.
ip netns exec pb iptables-legacy -A INPUT -p tcp -m conntrack \
	--ctstate INVALID -j LOG --log-prefix "invalid: "
ip netns exec pb iptables-legacy -A INPUT -p tcp --dport 7 -j REJECT
cookie=$(bpf_objects | sed -n 's/name bf_INPUT_//p' | head -n 1)
names=$(bpf_objects | tr '\n' ' ')
diag "BPF objects: $names"
check "bpftool shows the programs by chain and namespace" \
	test "$(bpf_objects | grep -c "_$cookie\$")" -ge 5
for chain in INPUT FORWARD OUTPUT; do
	check "bpftool shows program bf_${chain}_$cookie" \
		grep -q "name bf_${chain}_$cookie" <<< "$names"
done
check "bpftool shows the counters map" grep -q "name bf_cnt_$cookie" <<< "$names"
check "rmmod bpfilter with rules installed" rmmod bpfilter
check "no bpfilter program or map is left" test -z "$(bpf_objects)"
check "no helper is left" test -z "$(helper_pids)"
flood_start 1000 || not_ok "udpflood starts"
sleep 1
flood_stop
check "after rmmod, bpfilter's rules no longer drop" \
	test "$(received 1000)" -gt 0
ip netns exec pb iptables-legacy -A INPUT -p udp --dport 1000 -j DROP
check "x_tables serves the next iptables-legacy call" \
	grep -q filter <(ip netns exec pb cat /proc/net/ip_tables_names)
flood_start 1000 || not_ok "udpflood starts"
sleep 1
flood_stop
check "and enforces it" test "$(received 1000)" = 0
check "no bpfilter program or map appeared" test -z "$(bpf_objects)"

teardown
rm -f "$flood_out"
tap_done
