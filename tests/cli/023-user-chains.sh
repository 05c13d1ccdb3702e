# SPDX-License-Identifier: GPL-2.0
# Chains calling chains: jumps, gotos, RETURN, and their reference counts.
iptables-legacy -N level1
iptables-legacy -N level2
iptables-legacy -N level3
iptables-legacy -A INPUT -p tcp -j level1
iptables-legacy -A INPUT -p udp -g level1
iptables-legacy -A FORWARD -j level2
iptables-legacy -A level1 -s 10.0.0.0/8 -j RETURN
iptables-legacy -A level1 -j level2
iptables-legacy -A level2 -g level3
iptables-legacy -A level3 -d 192.168.0.0/16 -j RETURN
iptables-legacy -A INPUT -j RETURN
iptables-legacy -L -n -v --line-numbers
iptables-legacy -X level3
iptables-legacy -vv -S
