# SPDX-License-Identifier: GPL-2.0
# -S of all chains, one chain and one rule, with and without counters.
iptables-legacy -N chain1
iptables-legacy -N chain2
iptables-legacy -A INPUT -c 5 500 -s 10.0.0.0/8 -j chain1
iptables-legacy -A INPUT -c 6 600 -p icmp -j ACCEPT
iptables-legacy -A chain1 -c 7 700 -j chain2
iptables-legacy -S -v
iptables-legacy -S INPUT
iptables-legacy -S INPUT 2 -v
iptables-legacy -S chain1 1
iptables-legacy -S INPUT 3
iptables-legacy -S INPUT 0
iptables-legacy -S chain2
iptables-legacy -S NOSUCH
