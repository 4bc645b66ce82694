# shellcheck shell=bash
# supervisor-helpers.bash - helpers for supervisor.bats (on top of
# helpers.bash).

# sup_run [ID] [FLAG...]: `hull run -d --supervise -b $BUNDLE FLAG... ID`
# with no fd of ours left open; sets status, output (stdout+stderr).
sup_run() {
	local id=${1:-$CID}
	[ $# -gt 0 ] && shift
	status=0
	output=$(hull run -d --supervise -b "$BUNDLE" "$@" "$id" </dev/null 2>&1 3>&-) || status=$?
}

# sup_get KEY [ID]: a field of the container's supervisor.json
sup_get() {
	"$PY" -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print("null" if v is None else str(v).lower() if isinstance(v,bool) else v)' \
		"$HULL_ROOT/${2:-$CID}/supervisor.json" "$1"
}

# wait_sup KEY VALUE [ID] [TENTHS]: poll supervisor.json until KEY is VALUE
wait_sup() {
	local key=$1 want=$2 id=${3:-$CID} n=${4:-100} v=
	while [ "$n" -gt 0 ]; do
		v=$(sup_get "$key" "$id" 2>/dev/null) || v=
		[ "$v" = "$want" ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "supervisor of $id: $key is '$v', wanted '$want'" >&2
	return 1
}

# wait_gone PID [TENTHS]: until the process has exited (a zombie counts)
wait_gone() {
	local pid=$1 n=${2:-100} s
	while [ "$n" -gt 0 ]; do
		s=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null) || return 0
		[ "$s" = Z ] && return 0
		sleep 0.1
		n=$((n - 1))
	done
	echo "process $pid still there" >&2
	return 1
}

# Live supervisors of this file's state root.
supervisors() {
	local p
	for p in $(pgrep -x hull-supervise); do
		tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -q -- "--root $HULL_ROOT " &&
			[ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" != Z ] && echo "$p"
	done
	return 0
}

sup_teardown() {
	local left
	common_teardown || return 1
	left=$(supervisors)
	[ -z "$left" ] || {
		echo "supervisors left: $left" >&2
		kill -9 $left 2>/dev/null
		return 1
	}
}
