#!/bin/bash
# make demo: boot the reference kernel, load bpfilter.ko and drive
# iptables-legacy through it (the guest side is tests/demo-guest.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$VM_DIR/.."
kdir=$(vm/kernel.sh)
make -s module KDIR="$kdir/src"
exec vm/run.sh -- env BPFILTER_KO="$PWD/bpfilter.ko" vm/demo-guest.sh
