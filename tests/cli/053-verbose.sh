# SPDX-License-Identifier: GPL-2.0
# -v on commands other than listings echoes what they do.
iptables-legacy -v -N vchain
iptables-legacy -v -A vchain -s 1.2.3.4,5.6.7.8 -p tcp --dport 80 -j DROP
iptables-legacy -v -I INPUT -j vchain
iptables-legacy -v -R INPUT 1 -g vchain
iptables-legacy -v -D vchain -s 1.2.3.4 -p tcp --dport 80 -j DROP
iptables-legacy -v -Z
iptables-legacy -v -F
iptables-legacy -v -E vchain renamed
iptables-legacy -v -X renamed
iptables-legacy -v -X
