# SPDX-License-Identifier: GPL-2.0
# udp match, and a tcp option on a udp rule.
iptables-legacy -A INPUT -p udp --dport 53 -j ACCEPT
iptables-legacy -A INPUT -p udp --sport 67:68 --dport 67:68 -j ACCEPT
iptables-legacy -A INPUT -p udp ! --dport 123 -j DROP
iptables-legacy -A OUTPUT -p udp -m udp --sport domain -j ACCEPT
iptables-legacy -A INPUT -p 17 --dport 0:65535 -j ACCEPT
iptables-legacy -A INPUT -p udp --syn -j ACCEPT
iptables-legacy -D INPUT -p udp -m udp --dport 0:65535 -j ACCEPT
iptables-legacy -L -n -v
