#!/bin/bash
# make dump RULES=FILE: the BPF programs bpfilter generates for an
# iptables-save file, in readable form. The rules are loaded into a new
# namespace of the reference kernel by iptables-legacy-restore (x_tables
# serves them: bpfilter.ko is not needed) and tools/bpfilter-dump compiles
# the table it reads back, as the helper does.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
main() {
	local rules
	[ $# = 1 ] && [ -r "$1" ] || die "usage: make dump RULES=FILE"
	rules=$(realpath "$1")
	cd "$VM_DIR/.."
	make -s tools/bpfilter-dump
	vm/run.sh -c 1 -- unshare -n bash -c \
		'iptables-legacy-restore < "$1" && tools/bpfilter-dump' \
		dump "$rules" | grep -v 'reboot: Restarting system'
	return "${PIPESTATUS[0]}"
}

main "$@"
