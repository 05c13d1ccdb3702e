# SPDX-License-Identifier: GPL-2.0
# -c sets a rule's counters on -A, -I and -R; -Z clears them.
iptables-legacy -A INPUT -c 10 1000 -j ACCEPT
iptables-legacy -I INPUT 1 -c 20 2000 -s 10.0.0.1 -j DROP
iptables-legacy -A INPUT --set-counters 30 3000 -p udp -j ACCEPT
iptables-legacy -R INPUT 2 -c 40 4000 -j ACCEPT
iptables-legacy -R INPUT 3 -p tcp -j ACCEPT
iptables-legacy -A INPUT -c 18446744073709551616 1 -j ACCEPT
iptables-legacy -D INPUT -c 1 1 -j ACCEPT
iptables-legacy -S -v
iptables-legacy -Z INPUT 1
iptables-legacy -L -v -n -x --line-numbers
