#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# bpfilter.ko's life cycle: load, relay, restart of a dead helper, unload,
# failed health checks, and no leak over many load/unload cycles.
cd "$(dirname "$0")" || exit 1
. ./lib.sh

CYCLES=${BPFILTER_CYCLES:-50}
# Slab growth allowed over all the cycles, in kB. One leaked helper (pipes,
# tmpfs mount, task) costs well over 100 kB, so a leak per cycle shows.
SLAB_SLACK_KB=1024

tap_begin

rmmod bpfilter 2>/dev/null
iptables-legacy -F >/dev/null 2>&1

# 1. insmod, and a helper whose pid the kernel log names
dmesg -C
check "insmod bpfilter.ko succeeds" bpfilter_load
pid=$(helper_pids)
check "exactly one helper process runs" test "$(echo "$pid" | wc -w)" = 1
check "kernel log names the helper's pid" \
	grep -q "bpfilter: started helper pid $pid\$" <(dmesg)
check "the helper logs to the kernel log with its own prefix" \
	grep -q "bpfilter_umh: started, pid $pid\$" <(dmesg)

# 2. requests reach the helper, which declines them to x_tables
before=$(helper_requests)
made=$(sockopt_count iptables-legacy -L -n)
after=$(helper_requests)
check "iptables-legacy -L works" iptables-legacy -L -n
diag "iptables-legacy -L made $made sockopts; helper count $before -> $after"
check "the helper counted each sockopt of -L" \
	test -n "$made" -a "$made" -gt 0 -a "$((after - before))" = "$made"

before=$(helper_requests)
made=$(sockopt_count iptables-legacy -A INPUT -j ACCEPT)
after=$(helper_requests)
diag "iptables-legacy -A made $made sockopts; helper count $before -> $after"
check "the helper counted each sockopt of -A" \
	test -n "$made" -a "$made" -gt 0 -a "$((after - before))" = "$made"
check "the appended rule is listed" \
	grep -qx -- "-A INPUT -j ACCEPT" <(iptables-legacy -S INPUT)
check "helper logged each request at debug level" \
	grep -q 'bpfilter_umh: request [0-9]*: set cmd 64 ' <(dmesg -l debug)

# 3. a killed helper is replaced by the next request
old=$(helper_pids)
kill -9 "$old"
for i in $(seq 50); do [ -z "$(helper_pids)" ] && break; sleep 0.1; done
check "iptables-legacy -L works after the helper was killed" \
	iptables-legacy -L -n
new=$(helper_pids)
check "a new helper runs" test -n "$new" -a "$new" != "$old" -a \
	"$(echo "$new" | wc -w)" = 1
check "kernel log names the new helper's pid" \
	grep -q "bpfilter: started helper pid $new\$" <(dmesg)

# A restart whose health check fails leaves no helper and fails the call.
echo 2 > /sys/module/bpfilter/parameters/fault_inject
kill -9 "$new"
sleep 0.3
check "a failed restart fails the call, not silently" \
	eval '! iptables-legacy -L -n >/dev/null 2>&1'
check "a failed restart leaves no helper" test -z "$(helper_pids)"
echo 0 > /sys/module/bpfilter/parameters/fault_inject
check "the next call starts a healthy helper" iptables-legacy -L -n
iptables-legacy -F

# 4. rmmod leaves nothing behind
check "rmmod bpfilter succeeds" rmmod bpfilter
check "no helper, no zombie after rmmod" test -z "$(helper_pids)"
check "iptables-legacy -L still works without bpfilter" iptables-legacy -L -n

# 5. modinfo
info=$(modinfo "${BPFILTER_KO:-bpfilter}")
check "modinfo: license GPL" grep -qx 'license: *GPL' <<< "$info"
check "modinfo: description, author, version" eval \
	'grep -q "^description: *." <<< "$info" &&
	 grep -q "^author: *." <<< "$info" &&
	 grep -q "^version: *[0-9]" <<< "$info"'

# A helper that fails its first health check fails insmod cleanly.
for fault in 1 2 3; do
	if bpfilter_load fault_inject=$fault 2>/dev/null; then
		rmmod bpfilter
		not_ok "insmod fails when the helper's health check fails ($fault)"
	else
		check "insmod fails cleanly when the helper's health check fails ($fault)" \
			test -z "$(helper_pids)" -a ! -d /sys/module/bpfilter
	fi
done

# 6. many cycles leak nothing
# User processes: kernel threads (children of kthreadd) come and go on their
# own. The helpers are kthreadd's children too: helper_pids checks them.
procs() { ps -e -o ppid= -o pid= | awk '$1 != 2 && $2 != 2' | wc -l; }
files() { cut -f1 /proc/sys/fs/file-nr; }
slab() {
	sync
	echo 3 > /proc/sys/vm/drop_caches
	awk '/^Slab:/ { print $2 }' /proc/meminfo
}
bpfilter_load && iptables-legacy -L -n >/dev/null && rmmod bpfilter
p0=$(procs) f0=$(files) s0=$(slab)
fails=0
for i in $(seq "$CYCLES"); do
	bpfilter_load || fails=$((fails + 1))
	iptables-legacy -L -n > /dev/null || fails=$((fails + 1))
	rmmod bpfilter || fails=$((fails + 1))
done
p1=$(procs) f1=$(files) s1=$(slab)
diag "after $CYCLES cycles: processes $p0 -> $p1, files $f0 -> $f1, slab ${s0} kB -> ${s1} kB"
check "$CYCLES insmod/rmmod cycles all succeed" test "$fails" = 0
check "no extra processes after $CYCLES cycles" test "$p1" -le "$p0"
check "no helper left after $CYCLES cycles" test -z "$(helper_pids)"
check "no extra open files after $CYCLES cycles" test "$f1" -le "$f0"
check "slab grew less than $SLAB_SLACK_KB kB over $CYCLES cycles" \
	test "$((s1 - s0))" -lt "$SLAB_SLACK_KB"

tap_done
