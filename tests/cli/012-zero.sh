# SPDX-License-Identifier: GPL-2.0
# -Z of all chains, one chain, one rule; -L -Z lists before it zeroes.
printf '%s\n' '*filter' ':INPUT ACCEPT [10:1000]' ':FORWARD DROP [20:2000]' \
	':OUTPUT ACCEPT [30:3000]' ':user - [0:0]' \
	'[1:100] -A INPUT -s 10.0.0.1 -j ACCEPT' \
	'[2:200] -A INPUT -s 10.0.0.2 -j user' '[3:300] -A INPUT -j DROP' \
	'[4:400] -A FORWARD -j ACCEPT' '[5:500] -A OUTPUT -j ACCEPT' \
	'[6:600] -A user -j RETURN' 'COMMIT' > rules
iptables-legacy-restore -c < rules
iptables-legacy -Z INPUT
iptables-legacy -Z INPUT 2
iptables-legacy -Z INPUT 4
iptables-legacy -Z user
iptables-legacy -Z NOSUCH
iptables-legacy-save -c
iptables-legacy-restore -c < rules
iptables-legacy -Z OUTPUT 1
iptables-legacy -L -Z -v -n -x
iptables-legacy-save -c
iptables-legacy-restore -c < rules
iptables-legacy -L FORWARD -Z -v -n -x
iptables-legacy -Z
iptables-legacy-save -c
