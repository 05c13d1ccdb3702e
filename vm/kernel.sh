#!/bin/bash
# Build the bpfilter reference kernel (Linux 6.1 from Debian's
# linux-source-6.1, tinyconfig + vm/kernel.config) once and cache it outside
# the work tree, keyed by source version and config. Prints the cache
# directory on stdout. The directory holds:
#   src/        the configured and built tree (KDIR for out-of-tree modules)
#   bzImage     the kernel
#   modules/    modules_install output, without the kernel's own bpfilter.ko
#   release     the kernel release string (uname -r)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# All in a function: bash has read the whole script before it runs, so the
# file can change under a build that is under way.
main() {

	need_pkgs linux-source-6.1 build-essential bc bison flex libelf-dev \
		libssl-dev kmod cpio xz-utils

	local key dir start jobs release bad line
	key=$(kernel_key)
	dir=$BPFILTER_CACHE/$key
	if [ -e "$dir/ok" ]; then
		echo "$dir"
		exit 0
	fi
	# One build per key at a time: later callers wait for the first.
	mkdir -p "$BPFILTER_CACHE"
	exec 9> "$BPFILTER_CACHE/.lock-$key"
	flock 9
	if [ -e "$dir/ok" ]; then
		echo "$dir"
		exit 0
	fi

	tmp=$dir.tmp.$$
	trap 'rm -rf "$tmp"' EXIT
	mkdir -p "$tmp"
	log "building $key in $tmp"
	start=$(date +%s)
	tar -C "$tmp" -xf /usr/src/linux-source-6.1.tar.xz
	mv "$tmp/linux-source-6.1" "$tmp/src"
	cd "$tmp/src"

	make -s tinyconfig >&2
	scripts/kconfig/merge_config.sh -m .config "$VM_DIR/kernel.config" >&2
	make -s olddefconfig >&2
	# Every line of the fragment must have survived olddefconfig.
	bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" .config || {
			log "config: wanted $line, got: $(grep "^${line%%=*}=" .config ||
				echo unset)"; bad=1; } ;;
		esac
	done < "$VM_DIR/kernel.config"
	[ $bad = 0 ] || die "config fragment not applied"

	jobs=$(( $(nproc) + 1 ))
	make -s -j"$jobs" bzImage modules >&2
	make -s INSTALL_MOD_PATH="$tmp/modules" modules_install >&2
	release=$(make -s kernelrelease)
	echo "$release" > "$tmp/release"
	# modprobe must never find the kernel's own bpfilter.ko: request_module()
	# would load it instead of ours.
	find "$tmp/modules" -name 'bpfilter.ko*' -delete
	depmod -b "$tmp/modules" "$release"
	cp arch/x86/boot/bzImage "$tmp/bzImage"
	# Object files are not needed to build external modules.
	find . -name '*.o' -delete
	touch "$tmp/ok"
	rm -rf "$dir"
	mv "$tmp" "$dir"
	trap - EXIT
	log "built $key in $(( $(date +%s) - start ))s"
	echo "$dir"
}

main "$@"
exit
