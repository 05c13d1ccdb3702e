# SPDX-License-Identifier: GPL-2.0
# A renamed chain keeps its rules, counters and the jumps to it; the old
# name is free again.
iptables-legacy -N first
iptables-legacy -A first -c 9 99 -j ACCEPT
iptables-legacy -A INPUT -c 1 11 -j first
iptables-legacy -A OUTPUT -g first
iptables-legacy -E first second
iptables-legacy -N first
iptables-legacy -A first -j second
iptables-legacy -E second third
iptables-legacy -X third
iptables-legacy -L -n -v -x
iptables-legacy-save -c
