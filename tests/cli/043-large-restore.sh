# SPDX-License-Identifier: GPL-2.0
# A big table in one restore, then single commands on it.
{ echo '*filter'; echo ':big - [0:0]'; \
	for i in $(seq 500); do \
		echo "[$i:$((i * 60))] -A big" \
			"-s 10.$((i / 250)).$((i % 250)).0/24 -j RETURN"; \
	done; echo '-A INPUT -j big'; echo COMMIT; } > rules
iptables-legacy-restore -c < rules
iptables-legacy -D big 250
iptables-legacy -I big 499 -j DROP
iptables-legacy -R big 1 -j ACCEPT
iptables-legacy -A big -j ACCEPT
iptables-legacy -Z big 10
iptables-legacy -L big 498 -n -v -x
iptables-legacy-save -c
