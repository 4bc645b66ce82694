# shellcheck shell=bash
# security-helpers.bash - extras for tests/security/*.bats on top of
# tests/integration/helpers.bash: the /attack tool, seccomp profiles, and
# host libraries for running hull itself inside a test rootfs.

# shellcheck source=../integration/helpers.bash
. "$BATS_TEST_DIRNAME/../integration/helpers.bash"

PROFILES=${PROFILES:-$HULL_SRC/seccomp-profiles}
# errno a test profile returns for denied calls: ENOTRECOVERABLE is never
# what the kernel itself answers to these calls, so a denial by the filter
# cannot be mistaken for a refusal by the kernel.
SEC_ERRNO=131
SEC_ERRNO_NAME=ENOTRECOVERABLE

# sec_setup_file: common setup, then /attack built static into the template.
sec_setup_file() {
	common_setup_file || return 1
	ATTACK="$BATS_FILE_TMPDIR/attack"
	export ATTACK
	${CC:-cc} -D_GNU_SOURCE -O2 -static -o "$ATTACK" \
		"$HULL_SRC/tests/security/attack.c" 2>"$BATS_FILE_TMPDIR/cc.log" || {
		cat "$BATS_FILE_TMPDIR/cc.log" >&2
		return 1
	}
	install -m 0755 "$ATTACK" "$TEMPLATE/rootfs/attack"
}

# use_profile NAME [ERRNO]: linux.seccomp = seccomp-profiles/NAME.json; with
# ERRNO, the profile's defaultErrnoRet becomes ERRNO (the allow-list is
# unchanged).
use_profile() {
	cfg_set '
p = json.load(open(a[0]))
if len(a) > 1:
    p["defaultErrnoRet"] = int(a[1])
c.setdefault("linux", {})["seccomp"] = p' "$PROFILES/$1.json" "${@:2}"
}

# sec_run ARG...: `hull run` of ARG... in $BUNDLE; like run_probe.
sec_run() {
	cfg_args "$@"
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	[ "$status" -eq 0 ] || echo "hull run failed ($status): $stderr" >&2
}

# add_host_libs ROOTFS BINARY: copy BINARY's shared libraries and loader
# into ROOTFS at their host paths, so BINARY runs inside.
add_host_libs() {
	local root=$1 bin=$2 lib
	for lib in $(ldd "$bin" | grep -o '/[^ ]*'); do
		mkdir -p "$root$(dirname "$lib")"
		cp -L "$lib" "$root$lib"
	done
}

# hardened_supported: `hull spec --hardened` is wired.
hardened_supported() {
	local d
	d=$(mktemp -d "$BATS_TEST_TMPDIR/hs.XXXXXX")
	(cd "$d" && "$HULL" spec --hardened >/dev/null 2>&1) && [ -s "$d/config.json" ]
}

# mountinfo_has PATH: PATH is a mount point in the host's mount namespace.
mountinfo_has() {
	awk -v p="$1" '$5 == p { f = 1 } END { exit !f }' /proc/self/mountinfo
}
