# SPDX-License-Identifier: GPL-2.0
# iptables-restore with and without -c: counters on rules and policies.
printf '%s\n' '*filter' ':INPUT DROP [11:1100]' ':FORWARD ACCEPT [0:0]' \
	':OUTPUT ACCEPT [33:3300]' ':user - [44:4400]' \
	'[1:10] -A INPUT -i lo -j ACCEPT' '-A INPUT -j user' \
	'[3:30] -A user -p tcp -j ACCEPT' '-A OUTPUT -c 8 80 -j ACCEPT' \
	'COMMIT' > rules
iptables-legacy-restore -c < rules
iptables-legacy -L -v -n -x
iptables-legacy-restore < rules
iptables-legacy-save -c
iptables-legacy-restore --counters < rules
iptables-legacy-save -c | iptables-legacy-restore -c
iptables-legacy-save -c
