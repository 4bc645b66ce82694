#!/bin/bash
# run-integration.sh - run hull's bats suite as root, as an unprivileged
# user and as root of a user namespace (the rootless podman situation).
#
#   tests/run-integration.sh [--build DIR] [--modes "root rootless userns"] [BATS_FILE...]
#
# root      real root
# rootless  the user $TEST_USER (default tester, see tests/setup-host.sh),
#           via runuser; hull makes its own user namespace
# userns    `unshare -r`: uid 0 of a user namespace mapping only root
# Exit status: 0 if every mode passed.  Extra environment (ASAN_OPTIONS...)
# is passed on to every mode.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${HULL_BUILD:-$SRC/build}
MODES="root rootless userns"
TEST_USER=${TEST_USER:-tester}
while [ $# -gt 0 ]; do
	case $1 in
	--build) BUILD=$(cd "$2" && pwd); shift 2 ;;
	--modes) MODES=$2; shift 2 ;;
	-h | --help) sed -n '2,13p' "$0"; exit 0 ;;
	*) break ;;
	esac
done
if [ $# -gt 0 ]; then
	FILES=("$@")
else
	FILES=("$SRC"/tests/integration/*.bats)
	# the security suite (tests/security) shares the helpers and modes
	for f in "$SRC"/tests/security/*.bats; do
		[ -e "$f" ] && FILES+=("$f")
	done
fi
for i in "${!FILES[@]}"; do
	FILES[i]=$(realpath "${FILES[i]}")
done

HULL=${HULL:-$BUILD/runtime/hull}
PROBE=${PROBE:-$BUILD/tests/probe}
RECVTTY=${RECVTTY:-$BUILD/tests/recvtty}
SCHEMA_DIR=${SCHEMA_DIR:-$(dirname "$SRC")/shared/oci-runtime-spec-v1.3.0/schema}
for f in "$HULL" "$PROBE" "$RECVTTY"; do
	[ -x "$f" ] || { echo "run-integration.sh: $f missing; build first (ninja -C $BUILD)" >&2; exit 1; }
done
[ -d "$SCHEMA_DIR" ] || { echo "run-integration.sh: no schemas at $SCHEMA_DIR" >&2; exit 1; }

export BATS_TEST_TIMEOUT=${BATS_TEST_TIMEOUT:-180}
BATS_FLAGS=(--print-output-on-failure)
[ -t 1 ] || BATS_FLAGS+=(--formatter tap)

# Snapshot what the suite could leak (mounts, cgroups, processes, state).
# shellcheck source=lib/leak-audit.sh
. "$SRC/tests/lib/leak-audit.sh"
leak_begin

# The unprivileged user may not be able to read the source tree (a clone
# under /root, say): give it a copy of everything the suite needs.
stage_for_user() {
	local stage=$1
	mkdir -p "$stage/hull/build/runtime" "$stage/hull/build/tests" "$stage/shared/oci-runtime-spec-v1.3.0"
	cp -r "$SRC/tests" "$stage/hull/"
	[ ! -d "$SRC/seccomp-profiles" ] || cp -r "$SRC/seccomp-profiles" "$stage/hull/"
	cp "$HULL" "$stage/hull/build/runtime/hull"
	cp "$PROBE" "$RECVTTY" "$stage/hull/build/tests/"
	cp -r "$SCHEMA_DIR" "$stage/shared/oci-runtime-spec-v1.3.0/schema"
	chmod -R a+rX "$stage"
}

run_mode() {
	local mode=$1 stage files=()
	echo "=== integration: $mode ($HULL)"
	case $mode in
	root)
		HULL=$HULL PROBE=$PROBE RECVTTY=$RECVTTY SCHEMA_DIR=$SCHEMA_DIR HULL_TEST_MODE=root \
			bats "${BATS_FLAGS[@]}" "${FILES[@]}"
		;;
	userns)
		HULL=$HULL PROBE=$PROBE RECVTTY=$RECVTTY SCHEMA_DIR=$SCHEMA_DIR HULL_TEST_MODE=userns \
			unshare -r bats "${BATS_FLAGS[@]}" "${FILES[@]}"
		;;
	rootless)
		if [ "$(id -u)" != 0 ]; then
			HULL=$HULL PROBE=$PROBE RECVTTY=$RECVTTY SCHEMA_DIR=$SCHEMA_DIR HULL_TEST_MODE=rootless \
				bats "${BATS_FLAGS[@]}" "${FILES[@]}"
			return
		fi
		id "$TEST_USER" >/dev/null 2>&1 || { echo "no user $TEST_USER: run tests/setup-host.sh" >&2; return 1; }
		stage=$(mktemp -d /tmp/hull-it.XXXXXX)
		chmod 0755 "$stage"
		stage_for_user "$stage"
		for f in "${FILES[@]}"; do
			files+=("$stage/hull/tests/$(basename "$(dirname "$f")")/$(basename "$f")")
		done
		local rc=0
		(cd / && runuser -u "$TEST_USER" -- env -i \
			PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
			HOME="$(getent passwd "$TEST_USER" | cut -d: -f6)" \
			LANG=C.UTF-8 TERM="${TERM:-dumb}" \
			ASAN_OPTIONS="${ASAN_OPTIONS:-}" UBSAN_OPTIONS="${UBSAN_OPTIONS:-}" \
			BATS_TEST_TIMEOUT="$BATS_TEST_TIMEOUT" HULL_TEST_MODE=rootless \
			TMPDIR="${TMPDIR:-/tmp}" HULL_RUN_TAG="${HULL_RUN_TAG:-}" \
			bats "${BATS_FLAGS[@]}" "${files[@]}") || rc=$?
		rm -rf "$stage"
		return "$rc"
		;;
	*)
		echo "unknown mode $mode" >&2
		return 1
		;;
	esac
}

failed=()
for m in $MODES; do
	run_mode "$m" || failed+=("$m")
done
leak_end || failed+=("leak-audit")
if [ ${#failed[@]} -gt 0 ]; then
	echo "=== integration FAILED in: ${failed[*]}"
	exit 1
fi
echo "=== integration passed: $MODES"
