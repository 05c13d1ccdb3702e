#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fetch the Debian source package of the installed iptables (1.8.9 on
# Debian 12) once, unpack it with its Debian patches applied, and cache it
# outside the work tree. Prints the source directory on stdout, for
# IPTABLES_SRC of tests/iptables_suite.sh.
#
# The version is that of the installed iptables package because the suite
# runs the host's binaries: test files of another release would expect
# another output. The cache is keyed by that version.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

ver=$(dpkg-query -W -f '${Version}' iptables 2>/dev/null) ||
	die "the iptables package is not installed"
dir=$BPFILTER_CACHE/iptables-$ver
if [ -e "$dir/ok" ]; then
	echo "$dir/src"
	exit 0
fi

[ "$(id -u)" = 0 ] || die "need root to fetch the iptables sources"
need_pkgs dpkg-dev

# has_deb_src: whether apt has any enabled deb-src entry, in either format.
has_deb_src() {
	local f
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] && grep -q '^[[:space:]]*deb-src[[:space:]]' "$f" &&
			return 0
	done
	# deb822: a stanza with deb-src among its Types and not Enabled: no.
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] && awk '
			function end() {
				if (src && !off) found = 1
				src = off = 0
			}
			/^[[:space:]]*$/ { end() }
			tolower($1) == "types:" {
				for (i = 2; i <= NF; i++)
					if ($i == "deb-src") src = 1
			}
			tolower($1) == "enabled:" && tolower($2) == "no" {
				off = 1
			}
			END { end(); exit !found }' "$f" && return 0
	done
	return 1
}

# Source entries mirror the binary ones: same URIs, suites, components and
# keyring, so the source of exactly the installed version is reachable. A
# separate file leaves the machine's own list untouched.
src_list=/etc/apt/sources.list.d/debian-src.sources
updated=0
if ! has_deb_src; then
	deb=/etc/apt/sources.list.d/debian.sources
	[ -e "$deb" ] || die "no deb-src entry and no $deb to derive one from"
	log "adding $src_list"
	awk '
		# Stanzas are separated by blank lines; comments are dropped.
		/^[[:space:]]*#/ { next }
		/^[[:space:]]*$/ { if (n) print ""; n = 0; next }
		tolower($1) == "types:" { print "Types: deb-src"; n++; next }
		{ print; n++ }
	' "$deb" > "$src_list.tmp"
	mv "$src_list.tmp" "$src_list"
	apt-get update -q >&2 || die "apt-get update failed"
	mkdir -p "$BPFILTER_CACHE" && touch "$BPFILTER_CACHE/.apt-updated"
	updated=1
fi
# deb-src present but its lists never fetched, or stale: one more update.
if ! apt-cache showsrc "iptables=$ver" 2>/dev/null | grep -q "^Version: $ver\$"
then
	[ $updated = 1 ] || apt-get update -q >&2 || die "apt-get update failed"
fi

tmp=$dir.tmp.$$
trap 'rm -rf "$tmp"' EXIT
rm -rf "$tmp"
mkdir -p "$tmp/dl"
# apt drops to the _apt user to download; let it write there.
chmod 755 "$tmp"
chown _apt "$tmp/dl" 2>/dev/null || true
log "fetching the source of iptables $ver"
(cd "$tmp/dl" && apt-get source -q "iptables=$ver") >&2 ||
	die "apt-get source iptables=$ver failed"
# dpkg-source names the tree after the upstream version.
src=$(find "$tmp/dl" -mindepth 1 -maxdepth 1 -type d -name 'iptables-*')
[ -n "$src" ] && [ -e "$src/iptables/tests/shell/run-tests.sh" ] ||
	die "no iptables source tree in $tmp/dl"
mv "$src" "$tmp/src"
rm -rf "$tmp/dl"
touch "$tmp/ok"
rm -rf "$dir"
mv "$tmp" "$dir"
trap - EXIT
log "cached iptables $ver in $dir"
echo "$dir/src"
