# SPDX-License-Identifier: GPL-2.0
# Chains declared in a restore file: policies on built-ins only, a chain
# declared twice, a rule before its chain's declaration, -N and -E inside.
printf '%s\n' '*filter' ':INPUT DROP [1:2]' ':mine - [3:4]' ':mine - [0:0]' \
	'COMMIT' | iptables-legacy-restore -c
printf '%s\n' '*filter' '-A later -j ACCEPT' ':later - [0:0]' 'COMMIT' | \
	iptables-legacy-restore
printf '%s\n' '*filter' ':ACCEPT - [0:0]' 'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' '-N made' '-A made -j DROP' '-A INPUT -j made' \
	'-E made renamed' 'COMMIT' | iptables-legacy-restore
printf '%s\n' '*filter' ':FORWARD DROP [0:0]' 'COMMIT' '*filter' \
	':OUTPUT DROP [0:0]' 'COMMIT' | iptables-legacy-restore
iptables-legacy-save -c
