#!/usr/bin/env bats
# Container lifecycle: create, start, state, kill, delete, run, list.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

@test "create, start, kill, delete walk through the states" {
	local pid
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 state_get '["status"]'
	[ "$output" = created ]
	pid=$(state_get '["pid"]')
	[ "$pid" -gt 0 ]
	[ -d "/proc/$pid" ]
	# the process has not exec'd the container program yet
	run ! grep -qs sleeping "$T/$CID.out"

	run -0 hull start "$CID"
	wait_status running
	for _ in $(seq 50); do grep -qs sleeping "$T/$CID.out" && break; sleep 0.1; done
	grep -q sleeping "$T/$CID.out"
	[ "$(state_get '["pid"]')" = "$pid" ]

	run -0 hull kill "$CID" KILL
	wait_status stopped
	run -0 hull delete "$CID"
	run hull state "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"does not exist"* ]]
	[ ! -d "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat")" = Z ]
	assert_nothing_left
}

@test "state validates against state-schema.json in every status" {
	cfg_set 'c["annotations"] = {"org.hull.test": "yes"}'
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	state_json >"$T/s1"
	run -0 validate_json state-schema.json "$T/s1"
	run -0 hull start "$CID"
	wait_status running
	state_json >"$T/s2"
	run -0 validate_json state-schema.json "$T/s2"
	run -0 hull kill "$CID" KILL
	wait_status stopped
	state_json >"$T/s3"
	run -0 validate_json state-schema.json "$T/s3"
	run -0 "$PY" - "$T/s1" "$BUNDLE" "$CID" <<-'EOF'
		import json, os, sys
		s = json.load(open(sys.argv[1]))
		assert s["id"] == sys.argv[3], s
		assert os.path.realpath(s["bundle"]) == os.path.realpath(sys.argv[2]), s
		assert os.path.isabs(s["bundle"]), s
		assert s["annotations"] == {"org.hull.test": "yes"}, s
		assert s["ociVersion"].startswith("1."), s
	EOF
}

@test "create with a relative bundle path records it absolute" {
	cfg_args /probe sleep 0
	cd "$T"
	hull create -b bundle "$CID" </dev/null >"$T/out" 2>&1 3>&-
	run -0 state_get '["bundle"]'
	[ "$output" = "$(cd "$BUNDLE" && pwd)" ] || [ "$(realpath "$output")" = "$(realpath "$BUNDLE")" ]
}

@test "create without --bundle uses the current directory" {
	cfg_args /probe sleep 0
	cd "$BUNDLE"
	hull create "$CID" </dev/null >"$T/out" 2>&1 3>&- || {
		cat "$T/out"
		false
	}
	run -0 state_get '["status"]'
	[ "$output" = created ]
}

@test "run propagates the exit code" {
	for code in 0 1 7 42; do
		run_probe exit "$code"
		[ "$status" -eq "$code" ]
	done
	assert_nothing_left
}

@test "run prints the container's output" {
	run_probe hostname
	[ "$status" -eq 0 ]
	[ -n "$output" ]
	run_probe pid
	[ "$status" -eq 0 ]
	[ "$(line_of 'pid ')" = "pid 1" ]
}

@test "run of a container killed by a signal exits 128+signal" {
	local rc=0
	cfg_args /probe sleep 0
	hull run -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- &
	wait_status running
	run -0 hull kill "$CID" KILL
	wait $! || rc=$?
	[ "$rc" -eq 137 ]
}

@test "run -d returns while the container keeps running" {
	cfg_args /probe sleep 0
	hull run -d -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- || {
		cat "$T/out"
		false
	}
	run -0 state_get '["status"]'
	[ "$output" = running ]
	# pid 1 of a namespace gets TERM only once its handler is in place
	for _ in $(seq 100); do grep -qs sleeping "$T/out" && break; sleep 0.1; done
	run -0 hull kill "$CID" TERM
	wait_status stopped
	run -0 hull delete "$CID"
}

@test "run makes no exec fifo: its state says started from the first write of the pid" {
	cfg_args /probe sleep 30
	hull run -d -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- || {
		cat "$T/out"
		false
	}
	[ ! -e "$HULL_ROOT/$CID/exec.fifo" ]
	run -0 "$PY" -c 'import json, sys; s = json.load(open(sys.argv[1])); assert s["started"] and s["pid"] > 0, s' "$HULL_ROOT/$CID/state.json"
	run -0 state_get '["status"]'
	[ "$output" = running ]
	run -1 hull start "$CID"
	[[ "$output" == *"it is running"* ]]
	run -0 hull delete --force "$CID"
}

@test "run --keep leaves the stopped container for delete" {
	cfg_args /probe exit 3
	run hull run --keep -b "$BUNDLE" "$CID"
	[ "$status" -eq 3 ]
	run -0 state_get '["status"]'
	[ "$output" = stopped ]
	run -0 hull delete "$CID"
	assert_nothing_left
}

@test "start of a running container fails" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	run hull start "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "* ]]
}

@test "delete refuses a running container without --force" {
	local pid
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	pid=$(state_get '["pid"]')
	run hull delete "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*running* ]]
	run -0 state_get '["status"]'
	[ "$output" = running ]
	run -0 hull delete --force "$CID"
	[ ! -d "/proc/$pid" ] || [ "$(awk '{print $3}' "/proc/$pid/stat")" = Z ]
	assert_nothing_left
}

@test "delete -f removes a created container" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull delete -f "$CID"
	assert_nothing_left
}

@test "delete of a created container without --force works" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull delete "$CID"
	assert_nothing_left
}

@test "delete of an unknown id fails with 'does not exist'; with --force it is a no-op" {
	run hull delete nosuchcontainer
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*"does not exist"* ]]
	# --force: nothing to do is success, silently (runc does the same;
	# engines call it after a failed create)
	run -0 hull delete --force nosuchcontainer
	[ -z "$output" ]
	run hull delete --force ../bad
	[ "$status" -ne 0 ]
}

@test "kill accepts signal names, SIG names and numbers" {
	local sig want n=0
	for sig in TERM SIGTERM 15 USR1 SIGHUP 2 ""; do
		n=$((n + 1))
		case $sig in
		TERM | SIGTERM | 15 | "") want=15 ;;
		USR1) want=10 ;;
		SIGHUP) want=1 ;;
		2) want=2 ;;
		esac
		cfg_args /probe sleep 0
		hull_create "$CID-$n"
		[ "$status" -eq 0 ]
		run -0 hull start "$CID-$n"
		for _ in $(seq 50); do grep -qs sleeping "$T/$CID-$n.out" && break; sleep 0.1; done
		# shellcheck disable=SC2086
		run -0 hull kill "$CID-$n" $sig
		wait_status stopped "$CID-$n"
		grep -qx "signal $want" "$T/$CID-$n.out" || {
			echo "kill '$sig': $(cat "$T/$CID-$n.out")" >&2
			false
		}
		run -0 hull delete "$CID-$n"
	done
}

@test "kill with an unknown signal fails" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	for sig in SIGFOO FOO 999; do
		run hull kill "$CID" "$sig"
		[ "$status" -ne 0 ]
	done
	run -0 state_get '["status"]'
	[ "$output" = created ]
}

@test "kill of a created container stops it" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull kill "$CID" KILL
	wait_status stopped
	run -0 hull delete "$CID"
}

@test "kill --all signals every process of the container" {
	cfg_args /bin/sh -c '/probe sleep 0 & /probe sleep 0'
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	wait_status running
	sleep 0.3
	run -0 hull kill --all "$CID" KILL
	wait_status stopped
	run -0 hull delete "$CID"
	assert_nothing_left
}

@test "a container that exits by itself becomes stopped" {
	cfg_args /probe exit 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	wait_status stopped
	run -0 hull delete "$CID"
}

@test "--pid-file holds the container's pid" {
	cfg_args /probe sleep 0
	hull_create "$CID" --pid-file "$T/pidfile"
	[ "$status" -eq 0 ]
	[ -s "$T/pidfile" ]
	[ "$(tr -d '\n' <"$T/pidfile")" = "$(state_get '["pid"]')" ]
}

@test "list shows containers as a table, as JSON and quietly" {
	cfg_args /probe sleep 0
	hull_create "$CID-a"
	[ "$status" -eq 0 ]
	hull_create "$CID-b"
	[ "$status" -eq 0 ]
	run -0 hull start "$CID-b"
	run -0 hull list
	[[ "${lines[0]}" == ID* ]]
	[[ "${lines[0]}" == *STATUS* ]]
	printf '%s\n' "${lines[@]}" | grep -E "^$CID-a +[0-9]+ +created "
	printf '%s\n' "${lines[@]}" | grep -E "^$CID-b +[0-9]+ +running "
	run -0 hull list -q
	[ "$(printf '%s\n' "$output" | sort)" = "$(printf '%s\n' "$CID-a" "$CID-b")" ]
	run -0 hull list --format json
	run -0 "$PY" -c '
import json, sys
l = json.loads(sys.argv[1])
st = {c["id"]: c["status"] for c in l}
assert st == {sys.argv[2] + "-a": "created", sys.argv[2] + "-b": "running"}, st
assert all(c["pid"] > 0 and c["bundle"] for c in l), l
' "$output" "$CID"
}

@test "list of an empty root prints only the header" {
	run -0 hull list
	[ "${#lines[@]}" -le 1 ]
	run -0 hull list -q
	[ -z "$output" ]
	run -0 hull list --format json
	[ "$(echo "$output" | tr -d ' \n')" = "[]" ] || [ "$output" = null ]
}

@test "two concurrent creates of the same id: exactly one wins" {
	local ok=0 i pids=()
	cfg_args /probe sleep 0
	for i in 1 2 3 4; do
		(hull create -b "$BUNDLE" "$CID" </dev/null >"$T/o$i" 2>&1 3>&- && touch "$T/won$i") &
		pids+=($!)
	done
	# only ours: a bare `wait` would also wait for bats' timeout watchdog
	wait "${pids[@]}" || true # the losers exit non-zero
	for i in 1 2 3 4; do
		[ -e "$T/won$i" ] && ok=$((ok + 1))
	done
	[ "$ok" -eq 1 ] || {
		cat "$T"/o*
		false
	}
	run -0 state_get '["status"]'
	[ "$output" = created ]
	run -0 hull delete "$CID"
	assert_nothing_left
}

@test "a second start of a stopped container fails" {
	cfg_args /probe exit 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	wait_status stopped
	run hull start "$CID"
	[ "$status" -ne 0 ]
}
