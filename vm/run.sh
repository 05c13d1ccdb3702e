#!/bin/bash
# Boot the reference kernel in QEMU (TCG) and run one command in it as root,
# in the current directory, with the host's root file system shared
# read-only over virtio-9p and tmpfs on /tmp and /run (a work tree under
# the host's /tmp stays visible at its path).
# The command's output is printed as it runs; the exit status is the
# command's (or 124 when the VM timed out, 125 when it did not report).
#
#   vm/run.sh [-m MEM] [-c CPUS] [-t SECONDS] [-l LOG] -- COMMAND [ARG...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
main() {
	mem=2048 cpus=2 limit=${VM_TIMEOUT:-1500} logfile=
	while getopts m:c:t:l: opt; do
		case $opt in
		m) mem=$OPTARG ;;
		c) cpus=$OPTARG ;;
		t) limit=$OPTARG ;;
		l) logfile=$OPTARG ;;
		*) die "usage: $0 [-m MEM] [-c CPUS] [-t SECONDS] [-l LOG] -- CMD" ;;
		esac
	done
	shift $((OPTIND - 1))
	[ $# -gt 0 ] || die "no command"

	need_pkgs qemu-system-x86 busybox-static
	# BPFILTER_KERNEL: a cache directory of vm/kernel.sh to boot instead.
	kdir=${BPFILTER_KERNEL:-$("$VM_DIR/kernel.sh")}

	out=$(mktemp -d /tmp/bpfilter-vm.XXXXXX)
	trap 'rm -rf "$out"' EXIT
	{
		printf 'VM_CWD=%q\n' "$PWD"
		printf 'VM_KDIR=%q\n' "$kdir"
		printf 'VM_RELEASE=%q\n' "$(cat "$kdir/release")"
		printf 'VM_CMD=('
		printf '%q ' "$@"
		printf ')\n'
		env | grep -E '^(BPFILTER_|TEST_|SEED=|V=)' | sed 's/^/export /' || true
	} > "$out/env"

	append="console=ttyS0 root=hostroot rootfstype=9p"
	append+=" rootflags=trans=virtio,version=9p2000.L,msize=262144,cache=loose"
	append+=" ro init=$VM_DIR/init.sh panic=-1 loglevel=3 printk.devkmsg=on"

	status=0
	timeout --foreground -k 5 "$limit" qemu-system-x86_64 \
		-accel tcg -cpu max -smp "$cpus" -m "$mem" \
		-display none -monitor none -serial stdio -no-reboot -nic none \
		-kernel "$kdir/bzImage" -append "$append" \
		-fsdev local,id=root,path=/,security_model=none,readonly=on,multidevs=remap \
		-device virtio-9p-pci,fsdev=root,mount_tag=hostroot \
		-fsdev local,id=out,path="$out",security_model=none \
		-device virtio-9p-pci,fsdev=out,mount_tag=out \
		< /dev/null 2>&1 | tr -d '\r' | tee ${logfile:+"$logfile"} || true
	status=${PIPESTATUS[0]}
	if [ "$status" = 124 ] || [ "$status" = 137 ]; then
		log "VM timed out after ${limit}s"
		exit 124
	fi
	[ -e "$out/rc" ] || { log "VM exited ($status) without a result"; exit 125; }
	exit "$(cat "$out/rc")"
}

main "$@"
