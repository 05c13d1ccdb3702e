# SPDX-License-Identifier: GPL-2.0
# mark match and MARK target in every form.
iptables-legacy -A INPUT -m mark --mark 1 -j ACCEPT
iptables-legacy -A INPUT -m mark --mark 0x10/0xf0 -j DROP
iptables-legacy -A INPUT -m mark ! --mark 0xffffffff -j ACCEPT
iptables-legacy -A OUTPUT -j MARK --set-mark 7
iptables-legacy -A OUTPUT -j MARK --set-mark 0x5/0xff
iptables-legacy -A OUTPUT -j MARK --set-xmark 0x1/0x3
iptables-legacy -A OUTPUT -j MARK --and-mark 0xf0
iptables-legacy -A OUTPUT -j MARK --or-mark 0x8
iptables-legacy -A OUTPUT -m mark --mark 2 -j MARK --xor-mark 0x3
iptables-legacy -A OUTPUT -j MARK
iptables-legacy -D OUTPUT -j MARK --set-xmark 0x7/0xffffffff
iptables-legacy -S
