# SPDX-License-Identifier: GPL-2.0
# icmp match: type names, numbers, type/code, any, negation.
iptables-legacy -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type 0 -j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type 3/4 -j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type port-unreachable -j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type destination-unreachable \
	-j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type any -j ACCEPT
iptables-legacy -A INPUT -p icmp ! --icmp-type echo-reply -j DROP
iptables-legacy -A INPUT -p icmp --icmp-type 255 -j DROP
iptables-legacy -A INPUT --icmp-type 8 -j ACCEPT
iptables-legacy -S
