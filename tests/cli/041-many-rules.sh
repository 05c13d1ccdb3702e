# SPDX-License-Identifier: GPL-2.0
# 200 rules appended one command at a time, then deletions by number and by
# specification from the middle and both ends.
for i in $(seq 200); do \
	iptables-legacy -A INPUT -s 10.$((i / 100)).$((i % 100)).1 \
		-p tcp --dport $((1000 + i)) -j ACCEPT || echo "failed at $i"; \
done
iptables-legacy -D INPUT 100
iptables-legacy -D INPUT 1
iptables-legacy -D INPUT 198
iptables-legacy -D INPUT 198
iptables-legacy -D INPUT -s 10.1.50.1 -p tcp --dport 1150 -j ACCEPT
iptables-legacy -D INPUT -s 10.1.50.1 -p tcp --dport 1150 -j ACCEPT
for i in 1 2 3 4 5; do iptables-legacy -D INPUT $((i * 30)); done
iptables-legacy -I INPUT 150 -j DROP
iptables-legacy -R INPUT 75 -j REJECT
iptables-legacy -L INPUT -n -v --line-numbers
