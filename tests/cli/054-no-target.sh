# SPDX-License-Identifier: GPL-2.0
# Rules without a target only count packets; they list, check and delete
# like any other.
iptables-legacy -A INPUT -s 1.2.3.4
iptables-legacy -A INPUT
iptables-legacy -A INPUT -p tcp --dport 22 -c 3 4
iptables-legacy -N empty
iptables-legacy -A empty
iptables-legacy -C INPUT -s 1.2.3.4 -j ACCEPT
iptables-legacy -D INPUT
iptables-legacy -L -n -v
iptables-legacy-save -c
