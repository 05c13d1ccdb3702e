# SPDX-License-Identifier: GPL-2.0
# -s/-d: prefixes, dotted masks, host bits, negation, address lists (one
# rule per address pair).
iptables-legacy -A INPUT -s 10.1.2.3/8 -j ACCEPT
iptables-legacy -A INPUT -d 192.168.1.0/255.255.255.0 -j ACCEPT
iptables-legacy -A INPUT -d 192.168.1.1/255.255.0.255 -j ACCEPT
iptables-legacy -A INPUT ! -s 172.16.0.0/12 ! -d 5.6.7.8/31 -j DROP
iptables-legacy -A INPUT -s 0.0.0.0/0 -d 10.0.0.1/0 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.1,10.0.0.2 -d 1.1.1.1,2.2.2.2 -j DROP
iptables-legacy -A INPUT --source 3.3.3.3 --destination 127.0.0.1 -j ACCEPT
iptables-legacy -A INPUT -s ! 5.5.5.5 -j ACCEPT
iptables-legacy -D INPUT -s 10.0.0.1,10.0.0.2 -d 1.1.1.1 -j DROP
iptables-legacy -D INPUT -s 10.9.9.9/8 -j ACCEPT
iptables-legacy -S
