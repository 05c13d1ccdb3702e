# SPDX-License-Identifier: GPL-2.0
# Listing formats: counters with and without -x (unit suffixes up to 2^64-1),
# line numbers, one rule, references to user chains, combined options.
printf '%s\n' '*filter' ':INPUT ACCEPT [123456789:98765432109]' \
	':FORWARD ACCEPT [999:99999]' ':OUTPUT DROP [0:0]' ':web - [0:0]' \
	':ssh - [0:0]' '[5:300] -A INPUT -p tcp --dport 80 -j web' \
	'[12345:1234567] -A INPUT -p tcp --dport 443 -j web' \
	'[99999999:9999999999] -A INPUT -p tcp --dport 22 -g ssh' \
	'[18446744073709551615:18446744073709551615] -A INPUT -j ACCEPT' \
	'[7:8] -A web -j ACCEPT' '[1000000:1000000000] -A ssh -j DROP' \
	'COMMIT' | iptables-legacy-restore -c
iptables-legacy -L -n
iptables-legacy -L -n -v
iptables-legacy -nvxL --line-numbers
iptables-legacy -L INPUT 3 -n -v
iptables-legacy -L INPUT 9 -n
iptables-legacy -L web -n --line-numbers
iptables-legacy -L NOSUCH -n
iptables-legacy -vv -L INPUT -n
