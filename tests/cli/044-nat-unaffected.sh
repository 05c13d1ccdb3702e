# SPDX-License-Identifier: GPL-2.0
# The nat table next to filter: each keeps its own rules and chains.
iptables-legacy -A INPUT -s 10.0.0.1 -j ACCEPT
iptables-legacy -t nat -A POSTROUTING -o eth0 -j MASQUERADE
iptables-legacy -t nat -A PREROUTING -p tcp --dport 80 -j REDIRECT \
	--to-ports 8080
iptables-legacy -t nat -N natchain
iptables-legacy -t nat -A OUTPUT -j natchain
iptables-legacy -t nat -A INPUT -j DROP
iptables-legacy -t nat -L -n -v
iptables-legacy -F
iptables-legacy-save -t nat
iptables-legacy -t nat -F
iptables-legacy -t nat -X
iptables-legacy-save
