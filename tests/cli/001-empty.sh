# SPDX-License-Identifier: GPL-2.0
# A fresh namespace's filter table, in every listing format; -vv also dumps
# the table's layout as the kernel hands it out (hook entry offsets).
iptables-legacy -S
iptables-legacy -S INPUT -v
iptables-legacy -L -v -n -x --line-numbers
iptables-legacy -L FORWARD -n
iptables-legacy -vv -S
iptables-legacy-save -c
