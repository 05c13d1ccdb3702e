# SPDX-License-Identifier: GPL-2.0
# -f and -p: fragments, protocol names and numbers, negation.
iptables-legacy -A INPUT -f -j DROP
iptables-legacy -A INPUT ! -f -p udp -j ACCEPT
iptables-legacy -A INPUT -p all -j ACCEPT
iptables-legacy -A INPUT -p 47 -j ACCEPT
iptables-legacy -A INPUT -p ICMP -j ACCEPT
iptables-legacy -A INPUT ! -p udp -j ACCEPT
iptables-legacy -A INPUT -p 255 -j ACCEPT
iptables-legacy -A INPUT -p sctp -j ACCEPT
iptables-legacy -A INPUT -p tcp -f --dport 22 -j ACCEPT
iptables-legacy -D INPUT -p gre -j ACCEPT
iptables-legacy -S
