# SPDX-License-Identifier: GPL-2.0
# Command lines that iptables refuses, most before the kernel sees them.
iptables-legacy -A INPUT --bogus
iptables-legacy -A INPUT --dport 22 -j ACCEPT
iptables-legacy -A INPUT -p tcp --dport 70000 -j ACCEPT
iptables-legacy -A INPUT -s 300.0.0.1 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.0/33 -j ACCEPT
iptables-legacy -A INPUT -D INPUT 1
iptables-legacy -t nosuch -L
iptables-legacy -A INPUT -m nosuch -j ACCEPT
iptables-legacy -A INPUT -p 256 -j ACCEPT
iptables-legacy -A INPUT -x -j ACCEPT
iptables-legacy -A INPUT -j ACCEPT -j DROP
iptables-legacy
iptables-legacy -S
