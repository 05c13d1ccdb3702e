# SPDX-License-Identifier: GPL-2.0
# iptables-restore --noflush adds to what is there; a chain it declares is
# flushed, one it does not name is kept.
iptables-legacy -N keep
iptables-legacy -N redo
iptables-legacy -A keep -j ACCEPT
iptables-legacy -A redo -j DROP
iptables-legacy -A INPUT -s 10.0.0.1 -j keep
printf '%s\n' '*filter' ':redo - [0:0]' ':fresh - [0:0]' \
	'-A redo -j REJECT' '-A fresh -j RETURN' '-I INPUT 1 -j fresh' \
	'-A INPUT -s 10.0.0.2 -j redo' 'COMMIT' | iptables-legacy-restore -n
iptables-legacy -S
printf '%s\n' '*filter' ':INPUT DROP [5:50]' '-P OUTPUT DROP' \
	'-D INPUT -j fresh' 'COMMIT' | iptables-legacy-restore -n -c
printf '%s\n' '*filter' '-X fresh' 'COMMIT' | iptables-legacy-restore -n
printf '%s\n' '*filter' '-X keep' 'COMMIT' | iptables-legacy-restore -n
iptables-legacy-save -c
printf '%s\n' '*filter' ':INPUT ACCEPT [0:0]' 'COMMIT' | \
	iptables-legacy-restore
iptables-legacy-save -c
