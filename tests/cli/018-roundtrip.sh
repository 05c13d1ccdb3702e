# SPDX-License-Identifier: GPL-2.0
# A table saved, flushed away and restored comes back the same.
iptables-legacy -N tcp-in
iptables-legacy -N log-drop
iptables-legacy -P INPUT DROP
iptables-legacy -A INPUT -c 1 2 -i lo -j ACCEPT
iptables-legacy -A INPUT -c 3 4 -m conntrack --ctstate ESTABLISHED,RELATED \
	-j ACCEPT
iptables-legacy -A INPUT -p tcp -j tcp-in
iptables-legacy -A INPUT -j log-drop
iptables-legacy -A tcp-in -p tcp -m multiport --dports 22,80,443 -j ACCEPT
iptables-legacy -A tcp-in -p tcp --syn -m limit --limit 10/s -j RETURN
iptables-legacy -A log-drop -m limit --limit 3/min \
	-j LOG --log-prefix "dropped: " --log-level 6
iptables-legacy -A log-drop -j DROP
iptables-legacy-save -c > saved
iptables-legacy -F
iptables-legacy -X
iptables-legacy -P INPUT ACCEPT
iptables-legacy-restore -c < saved
iptables-legacy-save -c > again
diff <(grep -v "^#" saved) <(grep -v "^#" again)
iptables-legacy -vv -S
