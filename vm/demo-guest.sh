#!/bin/bash
# The demo, inside the VM: every command is shown before it runs.
set -uo pipefail

run() {
	printf '\n\033[1m# %s\033[0m\n' "$*"
	"$@"
}

run insmod "$BPFILTER_KO"
run dmesg --notime -l info,err,warn --kernel --userspace | grep bpfilter
run ps -o pid,comm -C bpfilter_umh
run iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
run iptables-legacy -A INPUT -s 192.0.2.0/24 -j DROP
run iptables-legacy -L -n -v --line-numbers
run iptables-legacy-save
run kill -USR1 "$(pidof bpfilter_umh)"
sleep 0.3
run dmesg --notime | grep 'bpfilter_umh: \(request\|stats\)' | tail -n 8
run rmmod bpfilter
run ps -o pid,comm -C bpfilter_umh
true
