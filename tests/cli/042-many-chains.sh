# SPDX-License-Identifier: GPL-2.0
# Many user chains, each jumped to from INPUT, then torn down.
{ echo '*filter'; \
	for i in $(seq 60); do echo ":chain$i - [0:0]"; done; \
	for i in $(seq 60); do \
		echo "-A chain$i -s 10.0.$i.0/24 -j ACCEPT"; \
		echo "-A INPUT -j chain$i"; \
	done; echo COMMIT; } | iptables-legacy-restore
for i in 1 2 3 4 5; do iptables-legacy -N new$i; done
iptables-legacy -A new5 -j chain60
iptables-legacy -X
iptables-legacy -F INPUT
iptables-legacy -X chain17
iptables-legacy -E chain18 chain17
iptables-legacy -X
iptables-legacy -F
iptables-legacy -X
iptables-legacy -S
