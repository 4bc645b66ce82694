#!/usr/bin/env bats
# The per-container supervisor: run -d --supervise, restart policies and
# backoff, CRI logs with rotation, health checks, stop, delete --force,
# and the faults (CLI killed, supervisor killed, stale state).

load helpers
load supervisor-helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { sup_teardown; }

@test "run -d --supervise returns once the container runs, silently" {
	cfg_args /bin/sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'
	sup_run
	[ "$status" -eq 0 ]
	[ -z "$output" ]
	[ "$(state_get '["status"]')" = running ]
	sup=$(sup_get pid)
	[ -d "/proc/$sup" ]
	[ "$(cat "/proc/$sup/comm")" = hull-supervise ]
	# its own session (not ours), and the container's parent
	[ "$(awk '{print $6}' "/proc/$sup/stat")" != "$(awk '{print $6}' /proc/$$/stat)" ]
	[ "$(awk '{print $4}' "/proc/$(state_get '["pid"]')/stat")" = "$sup" ]
	[ "$(sup_get health)" = none ]
	[ "$(sup_get restarts)" = 0 ]
	# list shows the supervisor's view
	run -0 hull list --format json
	"$PY" -c '
import json, sys
e = [c for c in json.loads(sys.argv[1]) if c["id"] == sys.argv[2]][0]
assert e["supervised"] and e["supervisor_alive"] and e["restarts"] == 0, e
assert e["health"] == "none", e' "$output" "$CID"
	run -0 hull list
	printf '%s\n' "${lines[@]}" | grep -E "^$CID .* up restarts=0 health=none$"
	for _ in $(seq 50); do grep -qs err-line "$HULL_ROOT/$CID/container.log" && break; sleep 0.1; done
	run -0 --separate-stderr hull logs "$CID"
	[ "$output" = out-line ]
	[ "$stderr" = err-line ]
	grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\.[0-9]{9}Z stdout F out-line$' "$HULL_ROOT/$CID/container.log"
	grep -Eq ' stderr F err-line$' "$HULL_ROOT/$CID/container.log"
}

@test "the container inherits no fd of the supervisor" {
	cfg_args /bin/sh -c 'ls /proc/self/fd; exec sleep 1000'
	sup_run
	[ "$status" -eq 0 ]
	for _ in $(seq 50); do [ -s "$HULL_ROOT/$CID/container.log" ] && break; sleep 0.1; done
	run -0 hull logs "$CID"
	# 0 1 2, and 3 is the directory ls itself reads
	[ "$(echo $output)" = "0 1 2 3" ]
}

# VmRSS of a process, KiB
rss_of() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

@test "idle, the supervisor keeps less resident than a fresh hull process" {
	ldd "$HULL" | grep -Eq 'lib(asan|ubsan|tsan)' &&
		skip "sanitizer build: its shadow memory and allocator decide the RSS"
	cfg_args /bin/sleep 1000
	sup_run "$CID" --restart always
	[ "$status" -eq 0 ]
	sup=$(sup_get pid)
	# a hull that did next to nothing: logs -f, waiting for lines
	"$HULL" --root "$HULL_ROOT" logs -f "$CID" >/dev/null 2>&1 3>&- &
	lp=$!
	sleep 1
	fresh=$(rss_of "$lp")
	first=$(rss_of "$sup")
	# after a restart (the init killed), idle again
	kill -9 "$(state_get '["pid"]')"
	wait_sup restarts 1
	wait_status running
	sleep 1
	again=$(rss_of "$sup")
	kill "$lp"
	wait "$lp" || true
	echo "VmRSS KiB: supervisor $first, after a restart $again; fresh hull $fresh" >&2
	# set-up touched most of libc and hull; idle, the supervisor maps back
	# only what its loop runs (without lc_memtrim it is about as large)
	[ $((first * 2)) -lt "$fresh" ]
	[ $((again * 2)) -lt "$fresh" ]
}

@test "logs: --tail, --since, --timestamps, partial lines" {
	cfg_args /bin/sh -c 'for i in 1 2 3 4 5; do echo line$i; done; printf no-newline; exec sleep 1000'
	sup_run
	[ "$status" -eq 0 ]
	# the unfinished line is written as P after a second of silence
	for _ in $(seq 50); do grep -qs ' P no-newline' "$HULL_ROOT/$CID/container.log" && break; sleep 0.1; done
	grep -q ' stdout P no-newline$' "$HULL_ROOT/$CID/container.log"
	run -0 hull logs --tail 2 "$CID"
	[ "$output" = "line5
no-newline" ]
	run -0 hull logs --timestamps --tail 1 "$CID"
	[[ "$output" =~ ^20[0-9-]{8}T[0-9:.]{18}Z\ no-newline$ ]]
	run -0 hull logs --since 1h "$CID"
	[ "${#lines[@]}" -eq 6 ]
	run -0 hull logs --since 2099-01-01T00:00:00Z "$CID"
	[ -z "$output" ]
	run hull logs --since yesterday "$CID"
	[ "$status" -ne 0 ]
}

@test "logs -f follows until the container is stopped" {
	cfg_args /bin/sh -c 'trap "echo bye; exit 0" TERM; i=0; while :; do i=$((i+1)); echo tick$i; sleep 0.2; done'
	sup_run
	[ "$status" -eq 0 ]
	hull logs -f "$CID" >"$T/follow" 2>&1 &
	fpid=$!
	for _ in $(seq 50); do grep -qs tick5 "$T/follow" && break; sleep 0.1; done
	grep -q tick5 "$T/follow"
	run -0 hull stop "$CID"
	wait "$fpid"
	tail -n1 "$T/follow" | grep -qx bye
}

@test "restart on-failure:3 backs off and stops after 3 restarts" {
	cfg_args /bin/sh -c 'echo run; exit 3'
	sup_run "$CID" --restart on-failure:3
	[ "$status" -eq 0 ]
	wait_sup poststop_done true "$CID" 150
	[ "$(sup_get restarts)" = 3 ]
	[ "$(sup_get last_exit_code)" = 3 ]
	[ "$(state_get '["status"]')" = stopped ]
	run -0 hull logs --timestamps "$CID"
	printf 'log: %s\n' "${lines[@]}" >&2
	[ "${#lines[@]}" -eq 4 ]
	# gaps between runs: about 0.5 s, 1 s, 2 s (observed, not exact)
	run -0 "$PY" -c '
import sys, datetime
t = [datetime.datetime.fromisoformat(l.split()[0][:26]).timestamp() for l in sys.stdin]
g = [int((b - a) * 1000) for a, b in zip(t, t[1:])]
print(*g)
ok = 400 <= g[0] < 1000 and 900 <= g[1] < 2000 and 1900 <= g[2] < 4000
sys.exit(0 if ok else 1)' <<<"$(printf '%s\n' "${lines[@]}")"
	echo "gaps (ms): $output" >&2
}

@test "restart always: a clean exit restarts too; list shows the count" {
	cfg_args /bin/sh -c 'echo run; sleep 0.3; exit 0'
	sup_run "$CID" --restart always
	[ "$status" -eq 0 ]
	wait_sup restarts 2 "$CID" 50
	[ "$(sup_get last_exit_code)" = 0 ]
	run -0 hull delete --force "$CID"
	[ ! -e "$HULL_ROOT/$CID" ]
	[ -z "$(supervisors)" ]
}

@test "stop: SIGTERM, no restart, poststop hooks, exit code recorded" {
	cfg_args /bin/sh -c 'trap "exit 7" TERM; echo ready; while :; do sleep 0.1; done'
	cfg_set 'c.setdefault("hooks", {})["poststop"] = [{"path": "/bin/sh", "args": ["sh", "-c", "echo poststop >> " + a[0]]}]' "$T/hooks"
	sup_run "$CID" --restart always
	[ "$status" -eq 0 ]
	sup=$(sup_get pid)
	# pid 1 of a namespace gets TERM only once its trap is set
	for _ in $(seq 100); do
		grep -q ready "$HULL_ROOT/$CID/container.log" 2>/dev/null && break
		sleep 0.1
	done
	start=$(date +%s%N)
	run -0 hull stop -t 20 "$CID"
	[ $(( ($(date +%s%N) - start) / 1000000 )) -lt 5000 ]
	wait_gone "$sup"
	[ "$(state_get '["status"]')" = stopped ]
	[ "$(sup_get last_exit_code)" = 7 ]
	[ "$(sup_get restarts)" = 0 ]
	[ "$(sup_get stopping)" = true ]
	[ "$(cat "$T/hooks")" = poststop ]
	run -0 hull delete "$CID"
	# the supervisor ran them; delete does not run them again
	[ "$(cat "$T/hooks")" = poststop ]
}

@test "stop: the stopSignal annotation, SIGKILL after the timeout" {
	cfg_args /bin/sh -c 'trap "exit 9" USR1; trap "" TERM; echo ready; while :; do sleep 0.1; done'
	cfg_set 'c.setdefault("annotations", {})["org.opencontainers.image.stopSignal"] = "SIGUSR1"'
	sup_run "$CID"
	[ "$status" -eq 0 ]
	# the traps are set once the shell says so
	for _ in $(seq 50); do
		grep -q ready "$HULL_ROOT/$CID/container.log" 2>/dev/null && break
		sleep 0.1
	done
	run -0 hull stop -t 5 "$CID"
	[ "$(sup_get last_exit_code)" = 9 ]
	run -0 hull delete "$CID"

	cfg_set 'c["annotations"] = {}'
	sup_run "$CID-b" --restart always
	[ "$status" -eq 0 ]
	start=$(date +%s%N)
	run -0 hull stop -t 1 "$CID-b"
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	[ "$ms" -ge 900 ]
	[ "$ms" -lt 6000 ]
	[ "$(sup_get last_exit_code "$CID-b")" = 137 ]
	sleep 1
	[ "$(state_get '["status"]' "$CID-b")" = stopped ]
	run -0 hull delete "$CID-b"
}

@test "stop without a supervisor signals and waits" {
	cfg_args /bin/sh -c 'trap "exit 0" TERM; while :; do sleep 0.1; done'
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	run -0 hull stop -t 5 "$CID"
	[ "$(state_get '["status"]')" = stopped ]
	run hull stop "$CID"
	[ "$status" -ne 0 ]
	run -0 hull delete "$CID"
	run hull logs "$CID"
	[ "$status" -ne 0 ]
}

@test "health: unhealthy after N failures; with --restart, restarted" {
	cfg_args /bin/sh -c 'touch /tmp/ok; trap "exit 0" TERM; while :; do sleep 0.1; done'
	sup_run "$CID" --health-cmd 'test -e /tmp/ok' --health-interval 300ms --health-retries 2
	[ "$status" -eq 0 ]
	wait_sup health healthy
	run -0 hull exec "$CID" rm /tmp/ok
	wait_sup health unhealthy
	[ "$(state_get '["status"]')" = running ]
	run -0 hull delete --force "$CID"

	sup_run "$CID-r" --restart on-failure --health-cmd 'test -e /tmp/ok && rm /tmp/ok' \
		--health-interval 300ms --health-retries 2 --health-timeout 2s
	[ "$status" -eq 0 ]
	wait_sup restarts 1 "$CID-r" 100
	[ "$(state_get '["status"]' "$CID-r")" = running ] || wait_status running "$CID-r"
	run -0 hull delete --force "$CID-r"
}

@test "rotation under a fast writer: no block, no silent loss" {
	# 200000 numbered lines (~2.4 MB) as fast as the container can write
	cfg_args /bin/sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); echo "seq $i"; done; echo done'
	sup_run "$CID" --log-max-size 256k --log-max-files 3
	[ "$status" -eq 0 ]
	wait_sup poststop_done true "$CID" 600
	[ "$(sup_get last_exit_code)" = 0 ]
	ls -l "$HULL_ROOT/$CID"/container.log* >&2
	[ ! -e "$HULL_ROOT/$CID/container.log.4" ]
	for f in "$HULL_ROOT/$CID"/container.log*; do
		[ "$(stat -c %s "$f")" -le 262144 ]
	done
	run -0 hull logs "$CID"
	[ "${lines[-1]}" = done ]
	# what is kept is a gapless run of lines ending with the last one
	printf '%s\n' "${lines[@]}" | head -n -1 | awk -v n="${#lines[@]}" \
		'{ if ($2 != 200000 - (n - 1) + NR) { print "gap at " NR ": " $0; exit 1 } }'
	[ "$(sup_get log_dropped_bytes)" = 0 ]
}

@test "fault: the CLI killed after the start leaves supervisor and container" {
	cfg_args /bin/sh -c 'exec sleep 1000'
	hull run -d --supervise -b "$BUNDLE" "$CID" </dev/null >/dev/null 2>&1 3>&- &
	cli=$!
	for _ in $(seq 50); do [ -s "$HULL_ROOT/$CID/supervisor.json" ] && break; sleep 0.1; done
	kill -9 "$cli" 2>/dev/null || true
	wait_status running
	sup=$(sup_get pid)
	[ -d "/proc/$sup" ]
}

@test "fault: supervisor killed; container runs on, delete --force cleans" {
	cfg_args /bin/sh -c 'exec sleep 1000'
	sup_run "$CID" --restart always
	[ "$status" -eq 0 ]
	sup=$(sup_get pid)
	pid=$(state_get '["pid"]')
	kill -9 "$sup"
	wait_gone "$sup"
	sleep 0.3
	[ "$(state_get '["status"]')" = running ]
	[ -d "/proc/$pid" ]
	run -0 hull list --format json
	[[ "$output" == *'"status":"running"'* ]]
	run -0 hull delete --force "$CID"
	wait_gone "$pid"
	[ ! -e "$HULL_ROOT/$CID" ]
}

@test "fault: stale state after a 'reboot' reads as stopped and deletes" {
	cfg_args /bin/sh -c 'exec sleep 1000'
	sup_run "$CID"
	[ "$status" -eq 0 ]
	sup=$(sup_get pid)
	pid=$(state_get '["pid"]')
	kill -9 "$sup" "$pid"
	wait_gone "$pid"
	wait_gone "$sup"
	run -0 hull list
	[[ "$output" == *stopped* ]]
	run -0 hull delete "$CID"
	[ ! -e "$HULL_ROOT/$CID" ]
}

@test "supervisor flags are validated" {
	run hull run -d --restart sometimes -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"--restart 'sometimes'"* ]]
	run hull run -d --supervise --log-max-size 10Q -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	run hull run -d --supervise --health-interval soon -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	run hull create --restart always -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	run hull create --policy lax -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	[ ! -e "$HULL_ROOT/$CID" ]
}
