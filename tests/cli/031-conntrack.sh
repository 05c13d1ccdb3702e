# SPDX-License-Identifier: GPL-2.0
# conntrack match: states, protocol, addresses, status, expiry, direction.
iptables-legacy -A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT
iptables-legacy -A INPUT -m conntrack ! --ctstate NEW -j ACCEPT
iptables-legacy -A INPUT -m conntrack --ctstate DNAT,SNAT,UNTRACKED,INVALID \
	-j ACCEPT
iptables-legacy -A INPUT -m conntrack --ctproto tcp --ctorigsrc 10.0.0.0/8 \
	--ctorigdst 10.1.1.1 -j ACCEPT
iptables-legacy -A INPUT -m conntrack --ctreplsrc 1.2.3.4 \
	! --ctrepldst 5.6.7.8/30 -j ACCEPT
iptables-legacy -A INPUT -m conntrack --ctstatus ASSURED,SEEN_REPLY \
	--ctexpire 10:100 --ctdir REPLY -j ACCEPT
iptables-legacy -A INPUT -m conntrack --ctorigsrcport 1000:2000 \
	--ctorigdstport 80 -j ACCEPT
iptables-legacy -D INPUT -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
iptables-legacy -S
