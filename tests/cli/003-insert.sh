# SPDX-License-Identifier: GPL-2.0
# -I with and without a position, at the ends and beyond them.
iptables-legacy -I INPUT -s 10.0.0.1 -j ACCEPT
iptables-legacy -I INPUT -s 10.0.0.2 -j ACCEPT
iptables-legacy -I INPUT 2 -s 10.0.0.3 -j DROP
iptables-legacy -I INPUT 4 -s 10.0.0.4 -j ACCEPT
iptables-legacy -I INPUT 6 -s 10.0.0.5 -j ACCEPT
iptables-legacy -I INPUT 0 -s 10.0.0.6 -j ACCEPT
iptables-legacy -I INPUT x -j ACCEPT
iptables-legacy -I OUTPUT 2 -j ACCEPT
iptables-legacy -I OUTPUT 1 -j ACCEPT
iptables-legacy -v -I FORWARD 1 -i eth0 -j DROP
iptables-legacy -L -n --line-numbers
