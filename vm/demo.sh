#!/bin/bash
# make demo: boot the reference kernel, load bpfilter.ko and drive
# iptables-legacy through it (the guest side is vm/demo-guest.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
main() {
	cd "$VM_DIR/.."
	kdir=$(vm/kernel.sh)
	make -s module KDIR="$kdir/src"
	make -s tools/bpfilter-dump
	# The kernel's last word ("reboot: Restarting system") is not the demo's.
	vm/run.sh -- env BPFILTER_KO="$PWD/bpfilter.ko" vm/demo-guest.sh |
		grep -v 'reboot: Restarting system'
	return "${PIPESTATUS[0]}"
}

main "$@"
