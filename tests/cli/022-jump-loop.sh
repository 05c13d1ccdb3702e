# SPDX-License-Identifier: GPL-2.0
# Loops between user chains are refused once a built-in chain reaches them,
# also through goto, -I and -R; -E keeps the jumps to a renamed chain.
iptables-legacy -N a
iptables-legacy -N b
iptables-legacy -N c
iptables-legacy -A a -j b
iptables-legacy -A b -g c
iptables-legacy -A c -j a
iptables-legacy -A INPUT -j a
iptables-legacy -A INPUT -j b
iptables-legacy -D c 1
iptables-legacy -A INPUT -j a
iptables-legacy -A c -j a
iptables-legacy -I c 1 -j RETURN
iptables-legacy -R b 1 -j a
iptables-legacy -A a -j a
iptables-legacy -E a z
iptables-legacy -S
