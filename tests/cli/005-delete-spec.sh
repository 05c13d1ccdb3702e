# SPDX-License-Identifier: GPL-2.0
# -D by rule specification: only an exact match is deleted, and only the
# first of two equal rules.
iptables-legacy -A INPUT -s 10.0.0.1 -p tcp --dport 22 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.2 -j DROP
iptables-legacy -A INPUT -s 10.0.0.1 -p tcp --dport 22 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.1 -p tcp --dport 22 -j DROP
iptables-legacy -A INPUT -m comment --comment one -j ACCEPT
iptables-legacy -D INPUT -s 10.0.0.1 -p tcp --dport 22 -j ACCEPT
iptables-legacy -D INPUT -s 10.0.0.1 -p tcp --dport 23 -j ACCEPT
iptables-legacy -D INPUT -s 10.0.0.1 -p tcp --dport 22 -j REJECT
iptables-legacy -D INPUT -s 10.0.0.1 -p tcp --dport 22
iptables-legacy -D INPUT -s 10.0.0.2/32 -j DROP
iptables-legacy -D INPUT -m comment --comment two -j ACCEPT
iptables-legacy -D NOSUCH -j ACCEPT
iptables-legacy -S
