# SPDX-License-Identifier: GPL-2.0
# -E renames a chain and the jumps to it; names already taken are refused.
iptables-legacy -N old
iptables-legacy -N other
iptables-legacy -A old -j ACCEPT
iptables-legacy -A INPUT -j old
iptables-legacy -A OUTPUT -g old
iptables-legacy -E old new
iptables-legacy -E new other
iptables-legacy -E new INPUT
iptables-legacy -E INPUT in
iptables-legacy -E NOSUCH x
iptables-legacy -E new ACCEPT
iptables-legacy -E new
iptables-legacy -L -n
iptables-legacy-save
