# SPDX-License-Identifier: GPL-2.0
# -L without -n prints service and protocol names (from /etc/services and
# /etc/protocols) and "anywhere"; only addresses that need no lookup.
iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-legacy -A INPUT -p udp --sport 53 --dport 1024:65535 -j ACCEPT
iptables-legacy -A INPUT -p icmp --icmp-type echo-request -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport --dports 80,443 -j ACCEPT
iptables-legacy -A INPUT -p 47 -j DROP
iptables-legacy -L -v --line-numbers
