#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The filter table under bpfilter: per namespace, listed where iptables-save
# looks, kept across a helper restart, refusing what it cannot compile, and
# leaving the other tables to x_tables.
cd "$(dirname "$0")" || exit 1
. ./lib.sh

tap_begin
rmmod bpfilter 2>/dev/null
bpfilter_load || { not_ok "insmod bpfilter.ko"; tap_done; }

ns() { ip netns exec "$@"; }
ip netns add bpf-a && ip netns add bpf-b

check "an unused filter table is not listed, as under ip_tables" \
	test "$(ns bpf-a grep -cx filter /proc/net/ip_tables_names)" = 0
ns bpf-a iptables-legacy -A INPUT -s 192.0.2.1 -j DROP
check "once used, filter is listed once in /proc/net/ip_tables_names" \
	test "$(ns bpf-a grep -cx filter /proc/net/ip_tables_names)" = 1
ns bpf-b iptables-legacy -P FORWARD DROP
check "iptables-legacy-save without -t shows the filter table" \
	grep -qx -- '-A INPUT -s 192.0.2.1/32 -j DROP' \
	<(ns bpf-a iptables-legacy-save)
check "two namespaces hold different filter tables" eval \
	'[ "$(ns bpf-a iptables-legacy -S)" != "$(ns bpf-b iptables-legacy -S)" ] &&
	 ns bpf-b iptables-legacy -S | grep -qx -- "-P FORWARD DROP" &&
	 ! ns bpf-b iptables-legacy -S | grep -q 192.0.2.1'

ns bpf-a iptables-legacy -t nat -A POSTROUTING -o lo -j MASQUERADE
check "nat is served by x_tables while bpfilter is loaded" \
	grep -qx -- '-A POSTROUTING -o lo -j MASQUERADE' \
	<(ns bpf-a iptables-legacy -t nat -S)
check "nat and filter are each listed once" eval \
	'[ "$(ns bpf-a sort /proc/net/ip_tables_names | tr "\n" " ")" = "filter nat " ]'

dmesg -C
out=$(ns bpf-a iptables-legacy -A INPUT -m statistic --mode random \
	--probability 0.5 -j DROP 2>&1)
check "an extension bpfilter cannot compile is refused" \
	grep -q 'Operation not supported' <<< "$out"
check "the kernel log names it" \
	grep -q "bpfilter_umh: filter: chain INPUT rule 2: match 'statistic' is not supported" \
	<(dmesg)
check "the table in force is unchanged" eval \
	'[ "$(ns bpf-a iptables-legacy -S INPUT)" = "-P INPUT ACCEPT
-A INPUT -s 192.0.2.1/32 -j DROP" ]'

# Extensions of real rule sets that bpfilter does not compile: refused
# alike, however ip_tables would have judged the rule.
unsupported=(
	"-A OUTPUT -m owner --uid-owner 0 -j ACCEPT"
	"-A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT"
	"-A INPUT -m recent --name x --set"
	"-A INPUT -j NFQUEUE --queue-num 1"
	"-A FORWARD -p tcp --tcp-flags SYN,RST SYN -j TCPMSS --clamp-mss-to-pmtu"
	"-A INPUT -j MASQUERADE"
)
before=$(ns bpf-a iptables-legacy-save | grep -v '^#')
refused=0
for rule in "${unsupported[@]}"; do
	# shellcheck disable=SC2086
	if ! out=$(ns bpf-a iptables-legacy $rule 2>&1) &&
	   grep -q 'Operation not supported' <<< "$out"; then
		refused=$((refused + 1))
	else
		diag "not refused: $rule: $out"
	fi
done
check "${#unsupported[@]} rules with unsupported extensions are refused" \
	test "$refused" = "${#unsupported[@]}"
check "and leave the table as it was" \
	test "$before" = "$(ns bpf-a iptables-legacy-save | grep -v '^#')"

# Counters and rules survive a helper that dies.
printf '*filter\n:INPUT ACCEPT [5:500]\n[7:700] -A INPUT -p tcp --dport 80 -j ACCEPT\nCOMMIT\n' |
	ns bpf-b iptables-legacy-restore -c
before=$(ns bpf-b iptables-legacy-save -c | grep -v '^#')
kill -9 "$(helper_pids)"
after=$(ns bpf-b iptables-legacy-save -c | grep -v '^#')
diag "before: $(echo $before)"
diag "after:  $(echo $after)"
check "rules and counters survive a killed helper" \
	test -n "$before" -a "$before" = "$after"
check "so do other namespaces' tables" \
	grep -qx -- '-A INPUT -s 192.0.2.1/32 -j DROP' \
	<(ns bpf-a iptables-legacy -S)

# A namespace that goes away takes its tables with it.
held() {
	kill -USR1 "$(helper_pids)"
	sleep 0.3
	dmesg | grep 'bpfilter_umh: stats:' | tail -n 1 |
		sed -n 's/.*netns=\([0-9]*\).*/\1/p'
}
n0=$(held)
ip netns del bpf-a
ip netns del bpf-b
for i in $(seq 50); do
	n1=$(held)
	[ "$n1" -le $((n0 - 2)) ] 2>/dev/null && break
done
diag "namespaces held: $n0 -> $n1"
check "deleted namespaces are forgotten" test "$n1" -le $((n0 - 2))

check "rmmod bpfilter" rmmod bpfilter
check "iptables-legacy is served by x_tables again" eval \
	'unshare -n iptables-legacy -S | grep -qx -- "-P INPUT ACCEPT"'
tap_done
