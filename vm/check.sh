#!/bin/bash
# make check: every test of the project, host and VM, with one line per test,
# the time of each phase and a closing "N passed, M failed" line. Exits
# non-zero when any test failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

# All in a function: bash has read the whole script before it runs, so the
# file can change under a run that is under way.
main() {
	cd "$VM_DIR/.."

	results=$(mktemp -d /tmp/bpfilter-check.XXXXXX)
	# The logs stay when something failed.
	trap '[ "$failed" != 0 ] && echo "logs: $results" || rm -rf "$results"' EXIT
	passed=0 failed=0 skipped=0
	t_all=$(date +%s)

	phase_start() {
		phase=$1
		t0=$(date +%s)
		printf '== %s\n' "$phase"
	}

	phase_end() {
		printf '== %s: %ss\n' "$phase" "$(( $(date +%s) - t0 ))"
		timings+=("$(printf '%-10s %5ss' "$phase" "$(( $(date +%s) - t0 ))")")
	}

	# fail_phase NAME: a phase that could not run counts as one failed test.
	fail_phase() {
		echo "FAIL  $1"
		failed=$((failed + 1))
	}

	# tally FILE PREFIX: print and count the TAP results in FILE. Nested
	# results (kselftest's "# ok N ...") are the tests; a top-level "not ok"
	# with no failed test inside it (a crash, a timeout) counts once more.
	tally() {
		local file=$1 prefix=$2 line name inner_fail=0 status desc
		local -a diags=()
		while IFS= read -r line; do
			if [[ $line =~ ^#\ selftests:\ [^:]*:\ (.*)$ ]]; then
				name=${BASH_REMATCH[1]}
				inner_fail=0
				diags=()
			elif [[ $line =~ ^#\ #\ (.*)$ ]]; then
				# A test's own diagnostics: shown when it fails.
				diags+=("${BASH_REMATCH[1]}")
				[ ${#diags[@]} -le 20 ] || diags=("${diags[@]:1}")
				continue
			elif [[ $line =~ ^#\ (not\ )?ok\ [0-9]+\ (.*)$ ]]; then
				status=${BASH_REMATCH[1]}
				desc=${BASH_REMATCH[2]}
				if [[ $desc =~ \#\ [Ss][Kk][Ii][Pp] ]]; then
					echo "SKIP  $prefix$name: $desc"
					skipped=$((skipped + 1))
				elif [ -z "$status" ]; then
					echo "PASS  $prefix$name: $desc"
					passed=$((passed + 1))
				else
					echo "FAIL  $prefix$name: $desc"
					[ ${#diags[@]} = 0 ] ||
						printf '      # %s\n' "${diags[@]}"
					failed=$((failed + 1))
					inner_fail=1
				fi
				diags=()
			elif [[ $line =~ ^not\ ok\ [0-9]+\ (.*)$ ]] && [ "$inner_fail" = 0 ]; then
				echo "FAIL  $prefix${BASH_REMATCH[1]}"
				failed=$((failed + 1))
			fi
		done < "$file"
	}

	phase_start deps
	need_pkgs build-essential bc bison flex libelf-dev libssl-dev kmod cpio \
		xz-utils linux-source-6.1 qemu-system-x86 busybox-static iptables \
		iproute2 strace procps clang libclang-rt-14-dev gcc-multilib python3 \
		bpftool
	phase_end

	iptables_src=$(vm/iptables-src.sh) || iptables_src=
	phase_start kernel
	kdir=$(vm/kernel.sh) || { fail_phase "reference kernel build"; kdir=; }
	phase_end
	[ -n "$kdir" ] || { echo "$passed passed, $failed failed"; exit 1; }
	ksft=$kdir/src/tools/testing/selftests

	# The selftests run as they would in a kernel tree: dropped into the cached
	# tree's tools/testing/selftests/bpfilter and run by its top Makefile. That
	# directory is shared by every work tree using this kernel: one check at a
	# time.
	phase_start build
	exec 8> "$ksft/.bpfilter-check.lock"
	flock 8
	rm -rf "$ksft/bpfilter"
	mkdir -p "$ksft/bpfilter"
	(cd tests && git ls-files --cached --others --exclude-standard . 2>/dev/null || ls) | grep -v '^unit/\|^fuzz/' |
		(cd tests && xargs cp --parents -t "$ksft/bpfilter")
	make -s module KDIR="$kdir/src" > "$results/build.log" 2>&1 &&
		make -s -C "$ksft" TARGETS=bpfilter >> "$results/build.log" 2>&1
	build_rc=$?
	[ $build_rc = 0 ] || { cat "$results/build.log"; fail_phase "build"; }
	phase_end

	# Kernel style: checkpatch --strict. User-space files skip the checks that
	# only make sense in the kernel (its types, BIT(), __printf, ...).
	phase_start style
	{
		echo "# selftests: style: checkpatch"
		n=0
		for f in bpfilter_kern.c bpfilter_hook.[ch] msgfmt.h main.c umh/*.[ch] \
			tools/*.c tests/*.c \
			tests/unit/*.[ch] tests/fuzz/*.c; do
			n=$((n + 1))
			ignore=AVOID_EXTERNS,SPDX_LICENSE_TAG
			case $f in
			bpfilter_kern.c | bpfilter_hook.[ch]) ;;
			*) ignore+=,PREFER_KERNEL_TYPES,BIT_MACRO,ARRAY_SIZE,PREFER_DEFINED_ATTRIBUTE_MACRO,CAMELCASE,VOLATILE,NEW_TYPEDEFS ;;
			esac
			out=$("$kdir/src/scripts/checkpatch.pl" --strict --no-tree \
				--terse --ignore "$ignore" -f "$f" 2>&1 |
				grep -v '^total:')
			if [ -z "$out" ]; then
				echo "# ok $n $f"
			else
				echo "$out" | sed 's/^/# # /'
				echo "# not ok $n $f"
			fi
		done
	} > "$results/style.tap"
	tally "$results/style.tap" "style/"
	grep '^# # ' "$results/style.tap"
	phase_end

	phase_start host
	{
		make -s -C tests/unit run KSFT_DIR="$ksft"
		make -s -C tests/fuzz run
	} > "$results/host.tap" 2>&1
	host_rc=$?
	tally "$results/host.tap" "host/"
	[ $host_rc = 0 ] || grep -v -E '^#? ?(not )?ok ' "$results/host.tap" | tail -30
	[ $host_rc = 0 ] || [ "$failed" -gt 0 ] || fail_phase "host tests (exit $host_rc)"
	phase_end

	# Two VMs of one vCPU each, side by side: iptables' own suite and the
	# verdict tests in one (SUITE_PROGS), every other selftest in the other.
	# Each ends with kernel_log.sh.
	vm_run() {
		local name=$1
		shift
		vm/run.sh -c 1 -l "$results/$name.log" -- env \
			BPFILTER_KO="$PWD/bpfilter.ko" "$@" > /dev/null
		echo $? > "$results/$name.rc"
	}

	if [ $build_rc = 0 ]; then
		phase_start vm
		progs=$(make -s --no-print-directory -C tests KSFT_DIR="$ksft" \
			--eval 'print-progs: ; @echo $(TEST_PROGS)' print-progs)
		suite_progs="iptables_suite.sh verdict.sh kernel_log.sh"
		rest=
		for p in $progs; do
			[[ " $suite_progs " == *" $p "* ]] || rest+=" $p"
		done
		vm_run vm make -s --no-print-directory -C "$ksft" TARGETS=bpfilter \
			run_tests TEST_PROGS="$rest kernel_log.sh" &
		if [ -n "$iptables_src" ]; then
			vm_run suite IPTABLES_SRC="$iptables_src" make -s \
				--no-print-directory -C "$ksft" TARGETS=bpfilter \
				run_tests TEST_GEN_PROGS= \
				TEST_PROGS="$suite_progs" &
		else
			fail_phase "iptables sources (vm/iptables-src.sh)"
		fi
		wait
		for name in vm suite; do
			[ -e "$results/$name.log" ] || continue
			tally "$results/$name.log" "$name/"
			rc=$(cat "$results/$name.rc")
			[ "$rc" = 0 ] || {
				grep -v -E '^#? ?(not )?ok ' "$results/$name.log" |
					tail -30
				fail_phase "VM run $name (exit $rc)"
			}
		done
		phase_end
	fi

	echo "== timings"
	printf '%s\n' "${timings[@]}"
	printf '%-10s %5ss\n' total "$(( $(date +%s) - t_all ))"
	echo "$passed passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}

main "$@"
