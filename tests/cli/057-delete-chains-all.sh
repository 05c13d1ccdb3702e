# SPDX-License-Identifier: GPL-2.0
# -X with no name deletes every empty unreferenced user chain, or nothing.
iptables-legacy -N a
iptables-legacy -N b
iptables-legacy -N c
iptables-legacy -A b -j ACCEPT
iptables-legacy -X
iptables-legacy -F b
iptables-legacy -A a -j c
iptables-legacy -X
iptables-legacy -S
iptables-legacy -F
iptables-legacy -X
iptables-legacy -S
