# shellcheck shell=bash
# helpers.bash - shared setup for hull's integration tests (bats >= 1.5).
#
# Environment (all optional):
#   HULL            runtime binary          (default $HULL_BUILD/runtime/hull)
#   HULL_BUILD      meson build dir         (default <repo>/build)
#   PROBE, RECVTTY  test helper binaries    (default $HULL_BUILD/tests/...)
#   HULL_TEST_MODE  root | rootless | userns (default: detected)
#   SCHEMA_DIR      OCI schemas             (default <repo>/../shared/oci-runtime-spec-v1.3.0/schema)
#
# Each test file gets its own --root (state dir) and bundle template; each
# test gets $BUNDLE (a copy of the template), $CID (a unique container id)
# and $T (its temp dir).  teardown deletes every container with
# `delete --force` and fails the test if a state dir or a container process
# is left over.

bats_require_minimum_version 1.5.0

HULL_SRC=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
HULL_BUILD=${HULL_BUILD:-$HULL_SRC/build}
HULL=${HULL:-$HULL_BUILD/runtime/hull}
PROBE=${PROBE:-$HULL_BUILD/tests/probe}
RECVTTY=${RECVTTY:-$HULL_BUILD/tests/recvtty}
SCHEMA_DIR=${SCHEMA_DIR:-$(dirname "$HULL_SRC")/shared/oci-runtime-spec-v1.3.0/schema}
PY=/usr/bin/python3
export HULL PROBE RECVTTY SCHEMA_DIR PY

# shellcheck source=../lib/bundle.sh
. "$HULL_SRC/tests/lib/bundle.sh"

detect_mode() {
	local inside outside count
	if [ "$(id -u)" != 0 ]; then
		echo rootless
		return
	fi
	read -r inside outside count </proc/self/uid_map
	if [ "$inside $outside $count" = "0 0 4294967295" ]; then
		echo root
	else
		echo userns
	fi
}
HULL_TEST_MODE=${HULL_TEST_MODE:-$(detect_mode)}
export HULL_TEST_MODE

# hull ARGS: the runtime with this file's state root, bounded in time so a
# hanging runtime fails one test instead of the whole run.
hull() {
	timeout -k 5 "${HULL_TIMEOUT:-60}" "$HULL" --root "$HULL_ROOT" "$@"
}

common_setup_file() {
	[ -x "$HULL" ] || {
		echo "hull binary not found at $HULL (set HULL or HULL_BUILD)" >&2
		return 1
	}
	[ -x "$PROBE" ] || {
		echo "probe not found at $PROBE" >&2
		return 1
	}
	export HULL_ROOT="$BATS_FILE_TMPDIR/state"
	export TEMPLATE="$BATS_FILE_TMPDIR/template"
	# A tag unique to this file: part of every container id and of the
	# containers' environment, so teardown finds leftovers of this run only.
	# (prefixed by the run's tag: tests/lib/leak-audit.sh finds them by it)
	HULL_TAG=${HULL_RUN_TAG:-}$(head -c 4 /dev/urandom | od -An -tx1 | tr -d ' \n')
	export HULL_TAG
	mkdir -p "$HULL_ROOT"
	bundle_template "$TEMPLATE" "$HULL_TEST_MODE" || return 1
	BUNDLE=$TEMPLATE cfg_set 'c["process"].setdefault("env", []).append("HULL_TEST_TAG=" + a[0])' "$HULL_TAG"
}

common_setup() {
	T=$BATS_TEST_TMPDIR
	BUNDLE=$T/bundle
	CID=hullt-$HULL_TAG-$BATS_TEST_NUMBER
	bundle_copy "$TEMPLATE" "$BUNDLE"
	cd "$T" || return 1
}

# Pids of live container processes of this file: those whose environment
# carries this file's tag, and runtime stages (before exec) that hold a file
# under this file's state root open.
tagged_pids() {
	local f
	{
		for f in $(grep -las "HULL_TEST_TAG=$HULL_TAG" /proc/[0-9]*/environ); do
			f=${f#/proc/}
			echo "${f%/environ}"
		done
		find /proc/[0-9]*/fd -maxdepth 1 -lname "$HULL_ROOT*" 2>/dev/null | cut -d/ -f3
	} | sort -u
}

common_teardown() {
	local ids id d left pids
	ids=$(timeout -k 5 30 "$HULL" --root "$HULL_ROOT" list -q 2>/dev/null) || true
	for d in "$HULL_ROOT"/*/; do
		[ -d "$d" ] && ids+=" $(basename "$d")"
	done
	for id in $(printf '%s\n' $ids | sort -u); do
		timeout -k 5 30 "$HULL" --root "$HULL_ROOT" delete --force "$id" >/dev/null 2>&1 || true
	done
	left=$(find "$HULL_ROOT" -mindepth 1 -maxdepth 1 -type d 2>/dev/null)
	for _ in $(seq 20); do
		pids=$(tagged_pids)
		[ -z "$pids" ] && break
		sleep 0.1
	done
	if [ -n "$pids" ]; then
		ps -o pid,user,stat,comm -p "$(echo $pids | tr ' ' ,)" >&2 || true
		kill -9 $pids 2>/dev/null || true
	fi
	[ -z "$left" ] || echo "teardown: state left after delete --force: $left" >&2
	[ -z "$pids" ] || echo "teardown: container processes left: $pids" >&2
	[ -z "$left" ] && [ -z "$pids" ]
}

common_teardown_file() {
	local cg
	cg=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "*hullt-$HULL_TAG*" 2>/dev/null)
	[ -z "$cg" ] || {
		echo "teardown_file: cgroups left: $cg" >&2
		return 1
	}
}

# skip_unless_mode MODE... -- REASON
skip_unless_mode() {
	local m ok=
	while [ "$1" != -- ]; do
		[ "$1" = "$HULL_TEST_MODE" ] && ok=1
		shift
	done
	shift
	[ -n "$ok" ] || skip "$* (mode $HULL_TEST_MODE)"
}

skip_in_mode() {
	local m=$1
	shift
	[ "$m" != "$HULL_TEST_MODE" ] || skip "$* (mode $HULL_TEST_MODE)"
}

# run_probe ARG...: run /probe ARG... in a fresh container (foreground `hull
# run`); $output is the container's stdout, $stderr hull's and its stderr.
run_probe() {
	cfg_args /probe "$@"
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	if [ "$status" -ne 0 ]; then
		# shellcheck disable=SC2154 # stderr is set by bats run --separate-stderr
		echo "hull run failed ($status): $stderr" >&2
	fi
}

# hull_create [ID] [FLAG...]: `hull create -b $BUNDLE`, with the container's
# stdio going to $T/ID.out (a `run` capture would wait for the container).
# Sets status and output (hull's stderr, which is also the container's).
hull_create() {
	local id=${1:-$CID}
	[ $# -gt 0 ] && shift
	status=0
	hull create -b "$BUNDLE" "$@" "$id" </dev/null >"$T/$id.out" 2>"$T/$id.err" 3>&- || status=$?
	output=$(cat "$T/$id.err")
	[ "$status" -eq 0 ] || echo "hull create $id: exit $status: $output" >&2
	lines=()
	[ -z "$output" ] || mapfile -t lines <<<"$output"
}

state_json() {
	hull state "${1:-$CID}"
}

# state_get EXPR [ID]: a field of `hull state`, e.g. state_get '["status"]'
state_get() {
	hull state "${2:-$CID}" | "$PY" -c 'import json,sys; v=json.load(sys.stdin)'"$1"'; print(v if isinstance(v,str) else json.dumps(v))'
}

# wait_status STATUS [ID] [TENTHS]: poll until the container has STATUS.
wait_status() {
	local want=$1 id=${2:-$CID} n=${3:-50} s=
	while [ "$n" -gt 0 ]; do
		s=$(state_get '["status"]' "$id" 2>/dev/null) || s=
		[ "$s" = "$want" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "container $id: status '$s', wanted '$want'" >&2
	return 1
}

# validate_json SCHEMA FILE|-
validate_json() {
	"$PY" "$HULL_SRC/tests/lib/validate-json.py" "$SCHEMA_DIR" "$@"
}

# assert_nothing_left: no container in `list`, no state dir entry, no process.
assert_nothing_left() {
	local l
	run -0 hull list -q
	[ -z "$output" ] || {
		echo "containers left: $output" >&2
		return 1
	}
	l=$(find "$HULL_ROOT" -mindepth 1 -maxdepth 1 -type d)
	[ -z "$l" ] || {
		echo "state left: $l" >&2
		return 1
	}
	[ -z "$(tagged_pids)" ] || {
		echo "processes left: $(tagged_pids)" >&2
		return 1
	}
}

# assert_host_clean ID DIR: in the host's mount namespace no mount point
# lies under DIR (a test's tmp dir, which holds the bundle), and no cgroup
# is named after container ID.
assert_host_clean() {
	local m cg
	m=$(awk -v d="$2" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo)
	[ -z "$m" ] || {
		echo "host mounts left under $2: $m" >&2
		return 1
	}
	cg=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "*$1*" 2>/dev/null || true)
	[ -z "$cg" ] || {
		echo "cgroup left: $cg" >&2
		return 1
	}
}

# assert_one_error_line WORD...: exactly one stderr line "hull: ..." that
# contains every WORD.
assert_one_error_line() {
	local w
	[ "$status" -ne 0 ] || {
		echo "expected failure, got success: $output" >&2
		return 1
	}
	[ "${#lines[@]}" -eq 1 ] || {
		echo "expected one line, got ${#lines[@]}:" >&2
		printf '  %s\n' "${lines[@]}" >&2
		return 1
	}
	[[ "${lines[0]}" == "hull: "* ]] || {
		echo "no 'hull: ' prefix: ${lines[0]}" >&2
		return 1
	}
	for w in "$@"; do
		[[ "${lines[0]}" == *"$w"* ]] || {
			echo "'$w' not in: ${lines[0]}" >&2
			return 1
		}
	done
}

# line_of PREFIX: the first line of $output starting with PREFIX.
line_of() {
	printf '%s\n' "$output" | grep -m1 "^$1" || true
}

# hex mask of capability numbers: capmask 0 5 -> 0000000000000021
capmask() {
	local m=0 n
	for n in "$@"; do
		m=$((m | (1 << n)))
	done
	printf '%016x\n' "$m"
}
