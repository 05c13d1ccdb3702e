# SPDX-License-Identifier: GPL-2.0
# -i/-o: names, wildcards, negation, length limit, chains they fit; the mac
# match, which needs an input interface.
iptables-legacy -A INPUT -i eth+ -j ACCEPT
iptables-legacy -A INPUT ! -i lo -j DROP
iptables-legacy -A INPUT -i + -j ACCEPT
iptables-legacy -A FORWARD ! -i wg+ ! -o wg0 -j DROP
iptables-legacy -A OUTPUT -o abcdefghijklmno -j ACCEPT
iptables-legacy -A OUTPUT -o abcdefghijklmnop -j ACCEPT
iptables-legacy -A INPUT -o eth0 -j ACCEPT
iptables-legacy -N user
iptables-legacy -A user -i eth1 -o eth2 -j ACCEPT
iptables-legacy -A OUTPUT -j user
iptables-legacy -A INPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
iptables-legacy -A OUTPUT -m mac --mac-source 00:11:22:33:44:55 -j ACCEPT
iptables-legacy -D INPUT -i eth+ -j ACCEPT
iptables-legacy -S
iptables-legacy -L -n -v
