# SPDX-License-Identifier: GPL-2.0
# One rule with many parts at once, listed, checked and deleted.
iptables-legacy -A INPUT -s 10.0.0.0/8 ! -d 10.9.9.9 -i eth+ -p tcp \
	--sport 1024:65535 --dport 443 --tcp-flags SYN,ACK SYN \
	-m conntrack --ctstate NEW -m limit --limit 20/s --limit-burst 40 \
	-m mark ! --mark 0x4/0x4 -m comment --comment "https in" \
	-m ttl --ttl-gt 1 -m length --length 40:1500 \
	-m addrtype --dst-type LOCAL -m pkttype --pkt-type unicast \
	-j LOG --log-prefix "https: " --log-level 5 --log-tcp-options
iptables-legacy -A OUTPUT -o eth0 -p udp -m multiport --dports 53,123 \
	-m iprange --dst-range 10.0.0.1-10.0.0.9 -m state --state NEW \
	-j MARK --set-xmark 0x10/0xff
iptables-legacy -L -n -v -x
iptables-legacy -vv -S
iptables-legacy -C OUTPUT -o eth0 -p udp -m multiport --dports 53,123 \
	-m iprange --dst-range 10.0.0.1-10.0.0.9 -m state --state NEW \
	-j MARK --set-xmark 0x10/0xff
iptables-legacy -D OUTPUT -o eth0 -p udp -m multiport --dports 53,123 \
	-m iprange --dst-range 10.0.0.1-10.0.0.9 -m state --state NEW \
	-j MARK --set-xmark 0x11/0xff
iptables-legacy -D INPUT 1
iptables-legacy-save
