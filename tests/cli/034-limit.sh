# SPDX-License-Identifier: GPL-2.0
# limit: rates in every unit, bursts, and rates out of range; -D and -C
# match a rate however it was written.
iptables-legacy -A INPUT -m limit -j ACCEPT
iptables-legacy -A INPUT -m limit --limit 5/min --limit-burst 10 -j ACCEPT
iptables-legacy -A INPUT -m limit --limit 100/hour -j ACCEPT
iptables-legacy -A INPUT -m limit --limit 3/day --limit-burst 1 -j LOG
iptables-legacy -A INPUT -m limit --limit 10000/second -j ACCEPT
iptables-legacy -A INPUT -m limit --limit 1000000/s -j ACCEPT
iptables-legacy -D INPUT -m limit --limit 5/minute --limit-burst 10 -j ACCEPT
iptables-legacy -C INPUT -m limit --limit 72/day -j ACCEPT
iptables-legacy -S
