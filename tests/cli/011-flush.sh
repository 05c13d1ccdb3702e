# SPDX-License-Identifier: GPL-2.0
# -F of one chain, of a user chain, of all chains; chains and policies stay.
iptables-legacy -N user
iptables-legacy -A INPUT -s 10.0.0.1 -j user
iptables-legacy -A FORWARD -j DROP
iptables-legacy -A OUTPUT -j ACCEPT
iptables-legacy -A user -j RETURN
iptables-legacy -P FORWARD DROP
iptables-legacy -F INPUT
iptables-legacy -F NOSUCH
iptables-legacy -v -F OUTPUT
iptables-legacy -S
iptables-legacy -A INPUT -j user
iptables-legacy -v -F
iptables-legacy-save -c
