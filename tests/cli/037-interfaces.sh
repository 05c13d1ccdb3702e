# SPDX-License-Identifier: GPL-2.0
# -i/-o: names, wildcards, negation, length limit, chains they fit.
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
iptables-legacy -D INPUT -i eth+ -j ACCEPT
iptables-legacy -S
iptables-legacy -L -n -v
