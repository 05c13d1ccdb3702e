#!/bin/bash
# PID 1 of the test VM (see vm/run.sh): mount what the host root lacks, run
# the command from the job file, record its status, reboot (QEMU exits).
# (All in a function: bash reads the script before it runs any of it.)

main() {
	export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
	export HOME=/tmp TERM=dumb LANG=C.UTF-8

	mountpoint -q /proc || mount -t proc proc /proc
	mountpoint -q /sys || mount -t sysfs sys /sys
	mountpoint -q /dev || mount -t devtmpfs dev /dev
	mount -t tmpfs -o mode=755 run /run
	# The VM gets its own /tmp; a work tree under the host's /tmp (a fresh
	# clone, say) stays visible at its own path.
	mkdir -p /run/host-tmp
	mount --bind /tmp /run/host-tmp
	mount -t tmpfs -o mode=1777 tmp /tmp
	mkdir -p /dev/pts /dev/shm /run/vm
	mount -t devpts devpts /dev/pts
	ln -sf /proc/self/fd /dev/fd
	ln -sf /proc/self/fd/0 /dev/stdin
	ln -sf /proc/self/fd/1 /dev/stdout
	ln -sf /proc/self/fd/2 /dev/stderr
	mount -t tmpfs -o mode=1777 shm /dev/shm
	mount -t bpf bpf /sys/fs/bpf 2>/dev/null
	mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 out /run/vm

	. /run/vm/env
	case $VM_CWD/ in
	/tmp/*)
		mkdir -p "$VM_CWD"
		mount --bind "/run/host-tmp/${VM_CWD#/tmp/}" "$VM_CWD"
		;;
	esac
	# The host has no /lib/modules for this kernel: a modprobe that looks in the
	# cached kernel's modules, for the kernel's request_module(), libxtables
	# (which runs the one /proc/sys/kernel/modprobe names) and the tests.
	mkdir -p /run/vm-bin
	# There is no bpfilter module to find (the tests insmod theirs): say so at
	# once rather than after a search, as each iptables call without bpfilter
	# loaded makes the kernel ask for it.
	cat > /run/vm-bin/modprobe <<-EOF
	#!/bin/sh
	for a; do [ "\$a" = bpfilter ] && exit 1; done
	exec /sbin/modprobe -d $VM_KDIR/modules "\$@"
	EOF
	chmod +x /run/vm-bin/modprobe
	echo /run/vm-bin/modprobe > /proc/sys/kernel/modprobe
	export PATH=/run/vm-bin:$PATH
	ip link set lo up
	hostname bpfilter-vm

	cd "$VM_CWD" && "${VM_CMD[@]}" < /dev/null
	echo $? > /run/vm/rc
	sync
	busybox reboot -f
}

main "$@"
