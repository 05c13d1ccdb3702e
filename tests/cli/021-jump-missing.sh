# SPDX-License-Identifier: GPL-2.0
# Jumps and gotos to chains that do not exist, or that may not be jumped to.
iptables-legacy -A INPUT -j nosuch
iptables-legacy -A INPUT -g nosuch
iptables-legacy -A INPUT -j OUTPUT
iptables-legacy -A INPUT -g FORWARD
iptables-legacy -N user
iptables-legacy -A INPUT -g user
iptables-legacy -A INPUT -g ACCEPT
iptables-legacy -I INPUT 1 -j USER
iptables-legacy -S
