# SPDX-License-Identifier: GPL-2.0
# iprange: source and destination ranges, negated, reversed.
iptables-legacy -A INPUT -m iprange --src-range 10.0.0.1-10.0.0.50 -j ACCEPT
iptables-legacy -A INPUT -m iprange ! --src-range 1.1.1.1-2.2.2.2 \
	--dst-range 3.3.3.3-4.4.4.4 -j ACCEPT
iptables-legacy -A INPUT -m iprange --src-range 10.0.0.9 -j ACCEPT
iptables-legacy -A INPUT -m iprange --src-range 10.0.0.50-10.0.0.1 -j ACCEPT
iptables-legacy -C INPUT -m iprange --src-range 10.0.0.9-10.0.0.9 -j ACCEPT
iptables-legacy -S
