# SPDX-License-Identifier: GPL-2.0
# Extensions iptables knows but this kernel lacks.
iptables-legacy -A INPUT -p sctp --dport 1 -j ACCEPT
iptables-legacy -A INPUT -m string --string foo --algo bm -j DROP
iptables-legacy -A INPUT -j NFQUEUE --queue-num 1
iptables-legacy -A INPUT -j TRACE
iptables-legacy -S
