# SPDX-License-Identifier: GPL-2.0
# addrtype: types, negation, and --limit-iface-in/out, which the kernel
# allows only in some chains, also when a user chain is reached later.
iptables-legacy -A INPUT -m addrtype --src-type BROADCAST,MULTICAST -j DROP
iptables-legacy -A INPUT -m addrtype ! --dst-type UNICAST -j DROP
iptables-legacy -A INPUT -m addrtype --dst-type LOCAL --limit-iface-in \
	-j ACCEPT
iptables-legacy -A OUTPUT -m addrtype --src-type LOCAL --limit-iface-out \
	-j ACCEPT
iptables-legacy -A OUTPUT -m addrtype --dst-type LOCAL --limit-iface-in \
	-j ACCEPT
iptables-legacy -N only-in
iptables-legacy -A only-in -m addrtype --dst-type LOCAL --limit-iface-in \
	-j ACCEPT
iptables-legacy -A INPUT -j only-in
iptables-legacy -A OUTPUT -j only-in
iptables-legacy -A FORWARD -j only-in
iptables-legacy -S
