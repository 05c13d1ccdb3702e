# SPDX-License-Identifier: GPL-2.0
# state match, the older spelling of conntrack --ctstate.
iptables-legacy -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT
iptables-legacy -A INPUT -m state --state NEW -p tcp --dport 22 -j ACCEPT
iptables-legacy -A INPUT -m state ! --state INVALID,UNTRACKED -j ACCEPT
iptables-legacy -C INPUT -m state --state RELATED,ESTABLISHED -j ACCEPT
iptables-legacy -S
