# SPDX-License-Identifier: GPL-2.0
# -N: names that are accepted and names that are not; chains list sorted.
iptables-legacy -N web
iptables-legacy -N abcdefghijklmnopqrstuvwxyz01
iptables-legacy -N abcdefghijklmnopqrstuvwxyz012
iptables-legacy -N web
iptables-legacy -N INPUT
iptables-legacy -N ACCEPT
iptables-legacy -N -bad
iptables-legacy -N 'with space'
iptables-legacy -N 1234
iptables-legacy -N Web
iptables-legacy -L -n
iptables-legacy-save
