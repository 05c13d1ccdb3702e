# SPDX-License-Identifier: GPL-2.0
# Flushing a chain drops the jumps it held, so their targets can go.
iptables-legacy -N x1
iptables-legacy -N x2
iptables-legacy -A INPUT -j x1
iptables-legacy -A x1 -j x2
iptables-legacy -F x1
iptables-legacy -X x2
iptables-legacy -X x1
iptables-legacy -F
iptables-legacy -X x1
iptables-legacy -L -n
