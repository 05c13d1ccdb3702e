# SPDX-License-Identifier: GPL-2.0
# pkttype, length and ttl matches.
iptables-legacy -A INPUT -m pkttype --pkt-type broadcast -j DROP
iptables-legacy -A INPUT -m pkttype ! --pkt-type multicast -j ACCEPT
iptables-legacy -A INPUT -m pkttype --pkt-type host -j ACCEPT
iptables-legacy -A INPUT -m length --length 100 -j ACCEPT
iptables-legacy -A INPUT -m length --length :64 -j ACCEPT
iptables-legacy -A INPUT -m length ! --length 1000: -j DROP
iptables-legacy -A INPUT -m ttl --ttl-eq 64 -j ACCEPT
iptables-legacy -A INPUT -m ttl --ttl-gt 10 -j ACCEPT
iptables-legacy -A INPUT -m ttl ! --ttl-lt 5 -j DROP
iptables-legacy -S
