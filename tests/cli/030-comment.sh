# SPDX-License-Identifier: GPL-2.0
# comment match: quoting, spaces, the 255 byte limit (longer is cut).
iptables-legacy -A INPUT -m comment --comment "with spaces here" -j ACCEPT
iptables-legacy -A INPUT -m comment --comment 'quote " and \ back' -j ACCEPT
iptables-legacy -A INPUT -m comment --comment "" -j ACCEPT
iptables-legacy -A INPUT -m comment --comment a -m comment --comment b \
	-j ACCEPT
iptables-legacy -A INPUT -m comment --comment "$(printf 'y%.0s' {1..256})" \
	-j ACCEPT
iptables-legacy -A INPUT -m comment --comment "*/ tricky /*" -j ACCEPT
iptables-legacy -D INPUT -m comment --comment "with spaces here" -j ACCEPT
iptables-legacy -S
