# SPDX-License-Identifier: GPL-2.0
# Extensions the kernel accepts only in some chains or tables: a rule in a
# user chain is checked again when a built-in chain comes to reach it.
iptables-legacy -A INPUT -m owner --uid-owner 0 -j ACCEPT
iptables-legacy -A OUTPUT -m owner --uid-owner 0 -j ACCEPT
iptables-legacy -N owned
iptables-legacy -A owned -m owner --gid-owner 0 -j ACCEPT
iptables-legacy -A OUTPUT -j owned
iptables-legacy -A INPUT -j owned
iptables-legacy -A FORWARD -g owned
iptables-legacy -A INPUT -j CT --notrack
iptables-legacy -A INPUT -p tcp --tcp-flags SYN,RST SYN \
	-j TCPMSS --clamp-mss-to-pmtu
iptables-legacy -A FORWARD -p tcp --tcp-flags SYN,RST SYN \
	-j TCPMSS --clamp-mss-to-pmtu
iptables-legacy -A INPUT -p tcp -j TCPMSS --set-mss 1400
iptables-legacy -S
