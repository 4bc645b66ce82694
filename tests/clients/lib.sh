# shellcheck shell=bash
# lib.sh - shared by the engine scenarios of tests/clients (sourced).
# Environment from tests/clients/run: W (work dir), CG (the suite's cgroup,
# relative to the cgroup2 root), CGROOT (where cgroup2 is mounted for us),
# HULL (the hull binary), MODE (the engine being tested).

PASS=0
FAIL=0
SKIPPED=0
TIMEOUT=${TIMEOUT:-60}

ok() {
	PASS=$((PASS + 1))
	printf 'ok    %-16s %s\n' "$MODE" "$1"
}

# bad NAME [DETAIL...]: a failed scenario; the details say what was seen.
bad() {
	local name=$1
	shift
	FAIL=$((FAIL + 1))
	printf 'FAIL  %-16s %s\n' "$MODE" "$name"
	local l
	for l in "$@"; do
		printf '%s\n' "$l" | head -n 20 | sed 's/^/        | /'
	done
}

skip() {
	SKIPPED=$((SKIPPED + 1))
	printf 'skip  %-16s %s (%s)\n' "$MODE" "$1" "$2"
}

# cap CMD...: run with a timeout; OUT = stdout and stderr, RC = exit code.
cap() {
	OUT=$(timeout -k 5 "$TIMEOUT" "$@" 2>&1)
	RC=$?
}

# t NAME RC REGEX CMD...: one scenario: CMD must exit with RC ('any' for
# any non-zero) and its output must match the extended regex REGEX ('' for
# no check).
t() {
	local name=$1 want=$2 re=$3
	shift 3
	cap "$@"
	if [ "$RC" = 124 ] || [ "$RC" = 137 ] && [ "$want" != "$RC" ]; then
		bad "$name" "timed out after ${TIMEOUT}s: $*" "$OUT"
		return 1
	fi
	if [ "$want" = any ] && [ "$RC" = 0 ]; then
		bad "$name" "expected a failure, got exit 0: $*" "$OUT"
		return 1
	fi
	if [ "$want" != any ] && [ "$RC" != "$want" ]; then
		bad "$name" "expected exit $want, got $RC: $*" "$OUT"
		return 1
	fi
	if [ -n "$re" ] && ! printf '%s\n' "$OUT" | grep -Eq -- "$re"; then
		bad "$name" "output does not match /$re/: $*" "$OUT"
		return 1
	fi
	ok "$name"
}

# wait_for SECONDS CMD...: retry CMD every 0.1 s until it succeeds.
wait_for() {
	local n=$(($1 * 10))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# frozen CGDIR: the cgroup (relative to CGROOT) reports frozen 1.
frozen() {
	grep -qx 'frozen 1' "$CGROOT/$1/cgroup.events" 2>/dev/null
}

thawed() {
	grep -qx 'frozen 0' "$CGROOT/$1/cgroup.events" 2>/dev/null
}

# make_wrapper DIR: DIR/hull logs its argv to DIR/calls.log, then runs
# hull.  The engines see a runtime named "hull" (podman keys its JSON
# logging support on that basename).
make_wrapper() {
	mkdir -p "$1"
	: >"$1/calls.log"
	chmod 0666 "$1/calls.log"
	printf '#!/bin/sh\necho "$(id -u) $*" >>%q\nexec %q "$@"\n' \
		"$1/calls.log" "$HULL" >"$1/hull"
	chmod 0755 "$1" "$1/hull"
}

# calls_seen DIR WORD: the engine invoked the wrapper in DIR with WORD.
calls_seen() {
	grep -q " $2 " "$1/calls.log" 2>/dev/null
}

summary() {
	printf '%s: %d passed, %d failed, %d skipped\n' "$MODE" "$PASS" "$FAIL" "$SKIPPED"
	[ "$FAIL" = 0 ]
}
