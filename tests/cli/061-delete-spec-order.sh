# SPDX-License-Identifier: GPL-2.0
# Delete by specification compares the rule as the kernel holds it: match
# order matters, implicit and explicit tcp match are the same.
iptables-legacy -A INPUT -m comment --comment a -m mark --mark 1 -j ACCEPT
iptables-legacy -A INPUT -p tcp --dport 22 -j ACCEPT
iptables-legacy -D INPUT -m mark --mark 1 -m comment --comment a -j ACCEPT
iptables-legacy -D INPUT -p tcp -m tcp --dport 22 -j ACCEPT
iptables-legacy -D INPUT -m comment --comment a -m mark --mark 0x1 -j ACCEPT
iptables-legacy -S
