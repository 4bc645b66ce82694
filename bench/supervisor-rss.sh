#!/bin/bash
# supervisor-rss.sh - idle memory of hull's per-container supervisor next
# to conmon's (Debian package conmon, with runc as its runtime), each
# keeping one container and its log: a silent one (`sleep`), then one
# that logs a line every 0.2 s.
#
#   bench/supervisor-rss.sh [BUILD_DIR]     (as root; default build dir ./build)
#
# Prints VmRSS and Pss (from /proc/PID/smaps_rollup) of both after they
# have been idle for a few seconds.  Pss shares the pages of shared
# libraries among their users, RSS counts them whole: both are shown.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
export HULL=$BUILD/runtime/hull PROBE=$BUILD/tests/probe
IDLE=${IDLE:-3}
command -v conmon >/dev/null || { echo "conmon is not installed (apt-get install conmon)" >&2; exit 77; }
command -v runc >/dev/null || { echo "runc is not installed" >&2; exit 77; }
[ "$(id -u)" = 0 ] || { echo "run as root" >&2; exit 77; }

# shellcheck source=../tests/lib/bundle.sh
. "$SRC/tests/lib/bundle.sh"
D=$(mktemp -d /tmp/hull-bench-rss.XXXXXX)
ID=bench-rss-$$
CONMON_PID= # the running scenario's conmon, once known

# alive PID: the process exists and is not a zombie (conmon daemonizes: it
# is not our child, and its new parent may be slow to reap it).
alive() {
	local st
	st=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$1/stat" 2>/dev/null) || return 1
	[ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# stop_conmon PID: conmon exits once its container is deleted; give it 5 s,
# then TERM and KILL it.
stop_conmon() {
	local pid=$1
	[ -n "$pid" ] || return 0
	for _ in $(seq 50); do alive "$pid" || return 0; sleep 0.1; done
	echo "conmon $pid still running 5 s after its container was deleted: killing it" >&2
	kill -TERM "$pid" 2>/dev/null || true
	for _ in $(seq 10); do alive "$pid" || return 0; sleep 0.1; done
	kill -KILL "$pid" 2>/dev/null || true
	for _ in $(seq 30); do alive "$pid" || return 0; sleep 0.1; done
	echo "conmon $pid survived SIGKILL" >&2
	return 1
}

cleanup() {
	local pid=$CONMON_PID
	[ -n "$pid" ] || pid=$(cat "$D/conmon.pid" 2>/dev/null) || pid=
	"$HULL" --root "$D/hull" delete --force "$ID" >/dev/null 2>&1 || true
	runc --root "$D/runc" delete --force "$ID" >/dev/null 2>&1 || true
	stop_conmon "$pid" || true
	rm -rf "$D"
}
trap cleanup EXIT

bundle_template "$D/bundle" root >/dev/null

mem() { # PID -> "rss_kib pss_kib"
	local rss pss
	rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$1/status")
	pss=$(awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup")
	echo "$rss $pss"
}

# scenario NAME ARGS_JSON: one container under each supervisor, measured
# after IDLE seconds, then both torn down.
scenario() {
	local name=$1 hull_sup conmon_pid h_rss h_pss c_rss c_pss
	BUNDLE=$D/bundle cfg_set "c['process']['args'] = $2"

	# hull: the supervisor is the parent of the container's init.
	"$HULL" --root "$D/hull" run -d --supervise -b "$D/bundle" "$ID" </dev/null
	hull_sup=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["pid"])' "$D/hull/$ID/supervisor.json")

	# conmon: it runs `runc create`, we run `runc start`.
	rm -rf "$D/exits" "$D/sock" "$D/ctr.pid" "$D/conmon.pid"
	mkdir -p "$D/exits" "$D/sock"
	conmon --api-version 1 -c "$ID" -u "$ID" -n "$ID" -r "$(command -v runc)" \
		-b "$D/bundle" -p "$D/ctr.pid" --conmon-pidfile "$D/conmon.pid" \
		-l "k8s-file:$D/conmon.log" --exit-dir "$D/exits" \
		--socket-dir-path "$D/sock" --runtime-arg "--root=$D/runc" \
		--log-level error </dev/null >"$D/conmon.out" 2>&1 || { cat "$D/conmon.out" >&2; exit 1; }
	conmon_pid=$(cat "$D/conmon.pid")
	CONMON_PID=$conmon_pid
	for _ in $(seq 50); do [ -s "$D/ctr.pid" ] && break; sleep 0.1; done
	runc --root "$D/runc" start "$ID" || { cat "$D/conmon.out" "$D/conmon.log" >&2 2>/dev/null; exit 1; }

	sleep "$IDLE"
	read -r h_rss h_pss < <(mem "$hull_sup")
	read -r c_rss c_pss < <(mem "$conmon_pid")
	printf '%-10s %-16s %8s %8s\n' "$name" "hull-supervise" "$h_rss" "$h_pss"
	printf '%-10s %-16s %8s %8s\n' "$name" "conmon $(conmon --version | awk 'NR==1 {print $3}')" "$c_rss" "$c_pss"
	"$HULL" --root "$D/hull" delete --force "$ID" >/dev/null
	runc --root "$D/runc" delete --force "$ID" >/dev/null
	# One left running would be orphaned: the next scenario removes
	# conmon.pid, and cleanup would no longer find it.
	stop_conmon "$conmon_pid"
	CONMON_PID=
}

printf '%-10s %-16s %8s %8s\n' "container" "supervisor" "RSS KiB" "PSS KiB"
# silent: a sleep; logging: a line every 0.2 s, so the log path is warm.
scenario silent '["/bin/sleep", "100000"]'
scenario logging '["/bin/sh", "-c", "while :; do echo tick; sleep 0.2; done"]'
