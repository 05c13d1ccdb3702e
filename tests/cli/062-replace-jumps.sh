# SPDX-License-Identifier: GPL-2.0
# -R that moves a jump from one chain to another changes what may be
# deleted.
iptables-legacy -N one
iptables-legacy -N two
iptables-legacy -A INPUT -j one
iptables-legacy -R INPUT 1 -g two
iptables-legacy -X one
iptables-legacy -X two
iptables-legacy -R INPUT 1 -j ACCEPT
iptables-legacy -X two
iptables-legacy -S
