# SPDX-License-Identifier: GPL-2.0
# Policy counters: what -P, -A, -F and -Z each do to them.
printf '%s\n' '*filter' ':INPUT DROP [7:700]' ':FORWARD ACCEPT [8:800]' \
	':OUTPUT ACCEPT [9:900]' 'COMMIT' | iptables-legacy-restore -c
iptables-legacy -P INPUT ACCEPT
iptables-legacy -S -v
iptables-legacy -A INPUT -j ACCEPT
iptables-legacy -S -v
iptables-legacy -F
iptables-legacy -S -v
iptables-legacy -Z FORWARD
iptables-legacy -S -v
