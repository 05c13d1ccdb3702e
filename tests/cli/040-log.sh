# SPDX-License-Identifier: GPL-2.0
# LOG: prefixes, levels by name and number, flags.
iptables-legacy -A INPUT -j LOG
iptables-legacy -A INPUT -j LOG --log-prefix 'say "hi" ' --log-level 7
iptables-legacy -A INPUT -j LOG --log-level warning
iptables-legacy -A INPUT -j LOG --log-level emerg
iptables-legacy -A INPUT -j LOG --log-tcp-sequence --log-tcp-options
iptables-legacy -A INPUT -j LOG --log-ip-options --log-uid --log-macdecode
iptables-legacy -A INPUT -j LOG --log-prefix 012345678901234567890123456789
iptables-legacy -A OUTPUT -p tcp -j LOG --log-prefix "out " --log-level 1 \
	--log-tcp-sequence --log-tcp-options --log-ip-options --log-uid
iptables-legacy -D INPUT -j LOG --log-level 4
iptables-legacy -S
