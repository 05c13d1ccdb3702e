# SPDX-License-Identifier: GPL-2.0
# Every command on a chain that does not exist; names are case-sensitive.
iptables-legacy -N user
iptables-legacy -L nosuch -n
iptables-legacy -S nosuch
iptables-legacy -F nosuch
iptables-legacy -Z nosuch
iptables-legacy -X nosuch
iptables-legacy -I nosuch -j ACCEPT
iptables-legacy -R nosuch 1 -j ACCEPT
iptables-legacy -C nosuch -j ACCEPT
iptables-legacy -E nosuch other
iptables-legacy -P nosuch DROP
iptables-legacy -A input -j ACCEPT
iptables-legacy -L User -n
