# SPDX-License-Identifier: GPL-2.0
# REJECT with each --reject-with type; tcp-reset only for tcp rules.
iptables-legacy -A INPUT -j REJECT
iptables-legacy -A INPUT -j REJECT --reject-with icmp-net-unreachable
iptables-legacy -A INPUT -j REJECT --reject-with icmp-host-unreachable
iptables-legacy -A INPUT -j REJECT --reject-with icmp-proto-unreachable
iptables-legacy -A INPUT -j REJECT --reject-with icmp-net-prohibited
iptables-legacy -A INPUT -j REJECT --reject-with icmp-host-prohibited
iptables-legacy -A INPUT -j REJECT --reject-with icmp-admin-prohibited
iptables-legacy -A FORWARD -p tcp -j REJECT --reject-with tcp-reset
iptables-legacy -A INPUT -p udp -j REJECT --reject-with tcp-reset
iptables-legacy -A INPUT ! -p tcp -j REJECT --reject-with tcp-rst
iptables-legacy -D INPUT -j REJECT --reject-with icmp-port-unreachable
iptables-legacy -S
