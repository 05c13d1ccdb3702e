# SPDX-License-Identifier: GPL-2.0
# -I, -R and -D by number inside a user chain.
iptables-legacy -N edit
iptables-legacy -A edit -s 10.0.0.1 -j RETURN
iptables-legacy -A edit -s 10.0.0.2 -j RETURN
iptables-legacy -I edit 2 -s 10.0.0.3 -j DROP
iptables-legacy -I edit -s 10.0.0.4 -j ACCEPT
iptables-legacy -I edit 6 -j ACCEPT
iptables-legacy -R edit 3 -s 10.0.0.6 -j RETURN
iptables-legacy -D edit 1
iptables-legacy -D edit -s 10.0.0.2 -j RETURN
iptables-legacy -D edit 3
iptables-legacy -L edit -n -v --line-numbers
