# SPDX-License-Identifier: GPL-2.0
# -P on built-in chains, and the policies that are refused.
iptables-legacy -P INPUT DROP
iptables-legacy -P FORWARD DROP
iptables-legacy -N user
iptables-legacy -P user DROP
iptables-legacy -P INPUT RETURN
iptables-legacy -P INPUT REJECT
iptables-legacy -P INPUT user
iptables-legacy -P INPUT drop
iptables-legacy -P INPUT
iptables-legacy -P NOSUCH ACCEPT
iptables-legacy -L -n -v
