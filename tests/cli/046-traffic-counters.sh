# SPDX-License-Identifier: GPL-2.0
# Counters that packets move: one ping over loopback, then a DROP rule that
# makes the next ping's send fail at once.
ip link set lo up
iptables-legacy -N count
iptables-legacy -A INPUT -p icmp --icmp-type echo-request -j count
iptables-legacy -A INPUT -p icmp --icmp-type echo-reply -j ACCEPT
iptables-legacy -A OUTPUT -p icmp
iptables-legacy -A count -j RETURN
busybox ping -c 1 -W 5 127.0.0.1 > /dev/null
iptables-legacy-save -c
iptables-legacy -Z INPUT
iptables-legacy -I OUTPUT 1 -p icmp -j DROP
busybox ping -c 1 -W 5 127.0.0.1 2>&1 > /dev/null
iptables-legacy -L -v -n -x
