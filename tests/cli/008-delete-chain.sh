# SPDX-License-Identifier: GPL-2.0
# -X of an empty, a non-empty, a referenced and a built-in chain, and -X
# with no name.
iptables-legacy -N empty
iptables-legacy -N full
iptables-legacy -A full -j ACCEPT
iptables-legacy -N target
iptables-legacy -A INPUT -j target
iptables-legacy -X empty
iptables-legacy -X empty
iptables-legacy -X full
iptables-legacy -X target
iptables-legacy -X INPUT
iptables-legacy -X
iptables-legacy -D INPUT 1
iptables-legacy -X target
iptables-legacy -S
