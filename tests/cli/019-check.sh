# SPDX-License-Identifier: GPL-2.0
# -C finds a rule only when every part of it is the same.
iptables-legacy -N user
iptables-legacy -A INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT
iptables-legacy -A INPUT ! -i lo -m comment --comment hi -j user
iptables-legacy -A user -m mark --mark 0x1/0xff -j DROP
iptables-legacy -C INPUT -s 10.1.2.3/8 -p tcp --dport 22 -j ACCEPT
iptables-legacy -C INPUT -s 10.0.0.0/8 -p tcp --dport 23 -j ACCEPT
iptables-legacy -C INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j DROP
iptables-legacy -C INPUT -s 10.0.0.0/8 -p tcp --dport 22
iptables-legacy -C INPUT ! -i lo -m comment --comment hi -j user
iptables-legacy -C INPUT -i lo -m comment --comment hi -j user
iptables-legacy -C user -m mark --mark 1/255 -j DROP
iptables-legacy -C user -m mark --mark 0x1 -j DROP
iptables-legacy -C NOSUCH -j ACCEPT
iptables-legacy -C INPUT 1
iptables-legacy -v -C INPUT -s 10.0.0.0/8 -p tcp --dport 22 -j ACCEPT
