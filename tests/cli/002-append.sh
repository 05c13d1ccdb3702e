# SPDX-License-Identifier: GPL-2.0
# Appends to each built-in chain, in the order given; the same rule twice
# is two rules; -v echoes the rule.
iptables-legacy -A INPUT -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.1 -d 192.168.1.0/24 -p tcp -j DROP
iptables-legacy -A FORWARD -j DROP
iptables-legacy -A OUTPUT -o lo -p udp -j ACCEPT
iptables-legacy -A INPUT -j ACCEPT
iptables-legacy -v -A OUTPUT -p tcp -d 10.1.1.1 -j DROP
iptables-legacy -A
iptables-legacy -A NOSUCH -j ACCEPT
iptables-legacy -L -v -n -x --line-numbers
iptables-legacy-save -c
