# SPDX-License-Identifier: GPL-2.0
# multiport: lists, ranges, both directions, negation and the limit of 15
# ports (a range counts as two).
iptables-legacy -A INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables-legacy -A INPUT -p udp -m multiport --sports 53,1000:2000 -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport --ports 25,110,143 -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport ! --dports 1:1023 -j DROP
iptables-legacy -A INPUT -p tcp -m multiport \
	--dports 1,2,3,4,5,6,7,8,9,10,11,12,13,14,15 -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport \
	--dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15 -j ACCEPT
iptables-legacy -A INPUT -p tcp -m multiport \
	--dports 1:2,3:4,5:6,7:8,9:10,11:12,13:14,15:16 -j ACCEPT
iptables-legacy -A INPUT -m multiport --dports 22 -j ACCEPT
iptables-legacy -D INPUT -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables-legacy -S
