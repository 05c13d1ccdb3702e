# SPDX-License-Identifier: GPL-2.0
# iptables-save with no -t dumps the tables this namespace has instantiated,
# which the kernel lists in /proc/net/ip_tables_names: none at first, filter
# once a command has used it.
cat /proc/net/ip_tables_names
iptables-legacy-save
iptables-legacy -A OUTPUT -j ACCEPT
cat /proc/net/ip_tables_names
iptables-legacy-save -c
iptables-legacy-save -t nosuch
