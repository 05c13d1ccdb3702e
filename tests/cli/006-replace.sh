# SPDX-License-Identifier: GPL-2.0
# -R swaps one rule in place; numbers out of range fail.
iptables-legacy -A INPUT -s 10.0.0.1 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.2 -j ACCEPT
iptables-legacy -R INPUT 2 -s 10.9.9.9 -p udp --dport 53 -j DROP
iptables-legacy -R INPUT 1 -m comment --comment first -j REJECT
iptables-legacy -R INPUT 3 -j ACCEPT
iptables-legacy -R INPUT -j ACCEPT
iptables-legacy -R OUTPUT 1 -j ACCEPT
iptables-legacy -R NOSUCH 1 -j ACCEPT
iptables-legacy -v -R INPUT 2 -d 1.2.3.4 -j ACCEPT
iptables-legacy -L -n -v --line-numbers
