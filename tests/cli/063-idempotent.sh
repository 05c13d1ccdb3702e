# SPDX-License-Identifier: GPL-2.0
# Commands that change nothing succeed and leave the table as it was.
iptables-legacy -A INPUT -c 1 2 -j ACCEPT
iptables-legacy -P INPUT ACCEPT
iptables-legacy -F FORWARD
iptables-legacy -Z OUTPUT
iptables-legacy -N tmp
iptables-legacy -E tmp tmp2
iptables-legacy -E tmp2 tmp
iptables-legacy -X tmp
iptables-legacy-save -c
