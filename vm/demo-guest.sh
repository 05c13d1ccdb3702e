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

note "Load bpfilter.ko: it starts its helper and takes the IPv4 filter table over."
run insmod "$BPFILTER_KO"
runsh "dmesg --notime -l info,err,warn | grep bpfilter"
run ps -o pid,comm -C bpfilter_umh

note "iptables-legacy is unchanged; its requests now go to the helper."
run iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
run iptables-legacy -N blocklist
run iptables-legacy -A blocklist -s 192.0.2.0/24 -j DROP
run iptables-legacy -A INPUT -j blocklist
run iptables-legacy -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
run iptables-legacy -P INPUT DROP
run iptables-legacy -L -n -v --line-numbers
run iptables-legacy-save -c

note "An extension bpfilter cannot compile is refused, and the table stays as it was."
run iptables-legacy -A INPUT -m statistic --mode random --probability 0.5 -j DROP
runsh "dmesg --notime | grep 'not supported'"

note "Other tables are still served by x_tables."
run iptables-legacy -t nat -A POSTROUTING -o lo -j MASQUERADE
run iptables-legacy -t nat -S POSTROUTING

note "The helper dies: the next command starts a new one, which restores the table."
run kill -9 "$(pidof bpfilter_umh)"
run iptables-legacy -S INPUT
runsh "dmesg --notime | grep 'started\|restored' | tail -n 3"

note "What the helper counted (SIGUSR1):"
run kill -USR1 "$(pidof bpfilter_umh)"
sleep 0.3
runsh "dmesg --notime | grep 'bpfilter_umh: stats' | tail -n 1"

note "rmmod: the helper is gone and x_tables serves iptables again."
run rmmod bpfilter
run ps -o pid,comm -C bpfilter_umh
run iptables-legacy -S INPUT

note "Packets are not yet judged by bpfilter: its packet path is the next step (README, Limits)."
true
