# SPDX-License-Identifier: GPL-2.0
# iptables-restore input that fails, and a loop of chains that nothing
# reaches, which the kernel accepts.
iptables-legacy -A INPUT -s 10.0.0.1 -j ACCEPT
printf '%s\n' '*filter' '-A NOSUCH -j ACCEPT' 'COMMIT' | \
	iptables-legacy-restore
printf '%s\n' '*filter' '-A INPUT -j ACCEPT' | iptables-legacy-restore
printf '%s\n' '-A INPUT -j ACCEPT' 'COMMIT' | iptables-legacy-restore
printf '%s\n' '*nosuch' 'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' ':user DROP [0:0]' 'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' ':INPUT ACCEPT [x:0]' 'COMMIT' | \
	iptables-legacy-restore -c
printf '%s\n' '*filter' ':a - [0:0]' ':b - [0:0]' '-A a -j b' '-A b -j a' \
	'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' '-A OUTPUT -j REJECT --reject-with tcp-reset' \
	'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' '-F' '-A INPUT -j DROP' 'COMMIT' | \
	iptables-legacy-restore --test
iptables-legacy-save
