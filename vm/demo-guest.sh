#!/bin/bash
# The demo, inside the VM: every command is shown before it runs.
set -uo pipefail

run() {
	printf '\n\033[1m# %s\033[0m\n' "$*"
	"$@"
}

# runsh 'A | B': show a pipeline, then run it.
runsh() {
	printf '\n\033[1m# %s\033[0m\n' "$1"
	bash -c "$1"
}

note() {
	printf '\n\033[36m%s\033[0m\n' "$*"
}

# verdict WHAT COMMAND...: run a probe and say what became of it.
verdict() {
	local what=$1 out
	shift
	printf '\n\033[1m# %s\033[0m\n' "$*"
	if out=$("$@" 2>&1); then
		printf '  %s: \033[32mpassed\033[0m\n' "$what"
	else
		printf '  %s: \033[31mstopped\033[0m (%s)\n' "$what" \
			"$(echo "$out" | tail -n 1)"
	fi
}

note "Load bpfilter.ko: it starts its helper and takes the IPv4 filter table over."
run insmod "$BPFILTER_KO"
runsh "dmesg --notime -l info,err,warn | grep bpfilter"
run ps -o pid,comm -C bpfilter_umh

note "Two namespaces joined by a veth pair: client 10.0.0.1 and server 10.0.0.2."
ip netns add client
ip netns add server
ip link add eth0 netns client type veth peer name eth0 netns server
ip -n client addr add 10.0.0.1/24 dev eth0
ip -n server addr add 10.0.0.2/24 dev eth0
for ns in client server; do
	ip -n "$ns" link set eth0 up
	ip -n "$ns" link set lo up
done
# LOG lines from other namespaces than the first are off by default.
sysctl -q net.netfilter.nf_log_all_netns=1
S="ip netns exec server"
C="ip netns exec client"
# Something listens on TCP 22 and 80 on the server.
$S bash -c "while :; do busybox nc -l -p 22 < /dev/null; done" > /dev/null 2>&1 &
$S bash -c "while :; do busybox nc -l -p 80 < /dev/null; done" > /dev/null 2>&1 &
sleep 0.3

note "The server's rules, with iptables-legacy as always. bpfilter compiles them to BPF."
run $S iptables-legacy -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
run $S iptables-legacy -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
run $S iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
run $S iptables-legacy -A INPUT -p tcp --dport 23 -j REJECT --reject-with tcp-reset
run $S iptables-legacy -A INPUT -p udp --dport 53 -j LOG --log-prefix "dns probe: "
run $S iptables-legacy -A INPUT -p udp --dport 53 -j REJECT
run $S iptables-legacy -P INPUT DROP

note "Traffic from the client. Each packet is judged by the BPF program of the server's INPUT chain."
verdict "ping" $C busybox ping -c 2 -W 2 10.0.0.2
verdict "TCP to port 22 (accepted)" $C busybox nc -w 3 10.0.0.2 22 < /dev/null
verdict "TCP to port 23 (rejected with a reset)" \
	$C busybox nc -w 3 10.0.0.2 23 < /dev/null
verdict "TCP to port 80 (policy DROP: no answer)" \
	$C busybox nc -w 3 10.0.0.2 80 < /dev/null
verdict "UDP to port 53 (logged, then rejected)" \
	$C bash -c 'exec 3<> /dev/udp/10.0.0.2/53; echo q >&3; sleep 0.5;
		    echo q >&3'
runsh "dmesg --notime | grep 'dns probe' | tail -n 1"

note "The counters, per rule, as the programs kept them:"
run $S iptables-legacy -L INPUT -v -n -x --line-numbers

note "The programs and maps, named for their chain and namespace:"
runsh "bpftool prog show | grep -A2 'name bf_'"
runsh "bpftool map show | grep 'name bf_'"
note "And what the INPUT chain's rule for port 22 became (tools/bpfilter-dump):"
runsh "$S ${BPFILTER_DUMP:-tools/bpfilter-dump} | sed -n '/^; INPUT/,/^; FORWARD/p' | sed -n '/rule 3,/,/rule 4,/p'"

note "An extension bpfilter cannot compile is refused, and the table stays as it was."
run $S iptables-legacy -A INPUT -m statistic --mode random --probability 0.5 -j DROP
runsh "dmesg --notime | grep 'not supported' | tail -n 1"

note "Other tables are still served by x_tables."
run $S iptables-legacy -t nat -A POSTROUTING -o eth0 -j MASQUERADE
run $S iptables-legacy -t nat -S POSTROUTING

note "The helper dies: packets are still judged; the next command starts a new helper, which restores the table."
run kill -9 "$(pidof bpfilter_umh)"
verdict "TCP to port 23 (rejected with a reset)" \
	$C busybox nc -w 3 10.0.0.2 23 < /dev/null
run $S iptables-legacy -L INPUT -v -n -x --line-numbers
runsh "dmesg --notime | grep 'started helper' | tail -n 1"

note "rmmod: hooks, programs, maps and helper are gone; x_tables serves iptables again."
run rmmod bpfilter
runsh "bpftool prog show | grep -c 'name bf_'"
run ps -o pid,comm -C bpfilter_umh
run $S iptables-legacy -S INPUT
verdict "TCP to port 80 (no filter any more)" \
	$C busybox nc -w 3 10.0.0.2 80 < /dev/null
true
