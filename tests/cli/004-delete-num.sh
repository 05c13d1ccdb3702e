# SPDX-License-Identifier: GPL-2.0
# -D by rule number, including numbers that do not exist.
iptables-legacy -A INPUT -s 10.0.0.1 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.2 -j ACCEPT
iptables-legacy -A INPUT -s 10.0.0.3 -j ACCEPT
iptables-legacy -D INPUT 2
iptables-legacy -D INPUT 3
iptables-legacy -D INPUT 0
iptables-legacy -D INPUT -1
iptables-legacy -D INPUT 1x
iptables-legacy -D OUTPUT 1
iptables-legacy -D NOSUCH 1
iptables-legacy -D INPUT 2
iptables-legacy -S
