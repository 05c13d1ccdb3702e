# SPDX-License-Identifier: GPL-2.0
# tcp match: ports, ranges, negations, flags, options.
iptables-legacy -A INPUT -p tcp --sport 1024:65535 --dport ssh -j ACCEPT
iptables-legacy -A INPUT -p tcp --dport :1023 -j DROP
iptables-legacy -A INPUT -p tcp ! --dport 80:90 ! --sport 0 -j DROP
iptables-legacy -A INPUT -p tcp --syn -j ACCEPT
iptables-legacy -A INPUT -p tcp ! --syn -j ACCEPT
iptables-legacy -A INPUT -p tcp --tcp-flags ALL NONE -j DROP
iptables-legacy -A INPUT -p tcp ! --tcp-flags FIN,SYN FIN,SYN -j ACCEPT
iptables-legacy -A INPUT -p tcp --tcp-option 2 -j ACCEPT
iptables-legacy -A INPUT -p tcp ! --tcp-option 8 -m tcp --destination-port \
	443 -j ACCEPT
iptables-legacy -A INPUT ! -p tcp --dport 22 -j ACCEPT
iptables-legacy -S
