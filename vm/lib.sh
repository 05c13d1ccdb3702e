# Shared helpers for the vm/ scripts. Sourced, not run.

BPFILTER_CACHE=${BPFILTER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/bpfilter}
VM_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

log() { printf '%s: %s\n' "${0##*/}" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# need_pkgs PKG...: apt-get install the packages that are not installed yet.
need_pkgs() {
	local missing=() p
	for p in "$@"; do
		dpkg-query -W -f '${Status}' "$p" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$p")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	log "installing ${missing[*]}"
	[ "$(id -u)" = 0 ] || die "need root to install ${missing[*]}"
	if [ ! -e "$BPFILTER_CACHE/.apt-updated" ]; then
		apt-get update -q >&2 || die "apt-get update failed"
		mkdir -p "$BPFILTER_CACHE" && touch "$BPFILTER_CACHE/.apt-updated"
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
		--no-install-recommends "${missing[@]}" >&2 ||
		die "apt-get install ${missing[*]} failed"
}

# Bump when vm/kernel.sh changes what it builds or installs.
KERNEL_RECIPE=1

# kernel_key: the cache key of the reference kernel, from the version of
# Debian's linux-source-6.1 and the hash of the config fragment and recipe.
kernel_key() {
	local ver sum
	ver=$(dpkg-query -W -f '${Version}' linux-source-6.1) || return 1
	sum=$({ cat "$VM_DIR/kernel.config"; echo "recipe $KERNEL_RECIPE"; } |
		sha256sum | cut -c1-12)
	echo "linux-$ver-$sum"
}
