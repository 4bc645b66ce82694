#!/usr/bin/env bats
# Concurrency: many containers at once, one id raced by many creates, kill
# racing delete, list and state while containers come and go.  hull has no
# daemon: everything rests on the per-container lock and atomic renames.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	cfg_args /probe sleep 0
	# A worker for xargs: hull with this file's root, and the test's tag in
	# its environment so leftovers of any stage are found.
	cat >"$T/hull" <<-EOF
		#!/bin/sh
		exec env HULL_TEST_TAG=$HULL_TAG timeout -k 5 60 "$HULL" --root "$HULL_ROOT" "\$@"
	EOF
	chmod +x "$T/hull"
}
teardown() { common_teardown; }

# lifecycle ID: create, start, delete --force; one line "ID ok" or the error.
write_lifecycle() {
	cat >"$T/lifecycle" <<-EOF
		#!/bin/sh
		id=\$1
		# The container inherits create's stdio: a file, never a pipe that
		# would stay open as long as the container lives.
		"$T/hull" create -b "$BUNDLE" "\$id" </dev/null >/dev/null 2>"$T/\$id.err" || { echo "\$id create: \$(cat "$T/\$id.err")"; exit 1; }
		err=\$("$T/hull" start "\$id" 2>&1) || { echo "\$id start: \$err"; exit 1; }
		err=\$("$T/hull" delete --force "\$id" 2>&1) || { echo "\$id delete: \$err"; exit 1; }
		echo "\$id ok"
	EOF
	chmod +x "$T/lifecycle"
}

@test "concurrency: 100 containers created, started and deleted in parallel" {
	write_lifecycle
	seq -f "$CID-%g" 100 | xargs -P 16 -n 1 "$T/lifecycle" >"$T/results" 3>&- || true
	grep -v ' ok$' "$T/results" >&2 || true
	[ "$(grep -c ' ok$' "$T/results")" -eq 100 ]
	assert_nothing_left
}

@test "concurrency: 20 parallel creates of one id, exactly one wins" {
	local n ok fails pid
	cat >"$T/create1" <<-EOF
		#!/bin/sh
		if "$T/hull" create -b "$BUNDLE" "$CID" </dev/null >/dev/null 2>"$T/err.\$1"; then
			echo won
		else
			echo "lost: \$(cat "$T/err.\$1")"
		fi
	EOF
	chmod +x "$T/create1"
	seq 20 | xargs -P 20 -n 1 "$T/create1" >"$T/results" 3>&-
	ok=$(grep -c '^won$' "$T/results" || true)
	[ "$ok" -eq 1 ] || {
		cat "$T/results" >&2
		false
	}
	# The losers fail cleanly, with one line each naming the cause.
	fails=$(grep -c '^lost: hull: container id .* already exists$' "$T/results" || true)
	[ "$fails" -eq 19 ] || {
		grep -v '^won$' "$T/results" >&2
		false
	}
	# Nothing half-made: one created container, one init.
	[ "$(state_get '["status"]')" = created ]
	pid=$(state_get '["pid"]')
	n=$(ps -eo pid,comm | awk '$2 == "hull:init" { print $1 }' | while read -r p; do
		grep -qs "HULL_TEST_TAG=$HULL_TAG" "/proc/$p/environ" && echo "$p"
	done | wc -l)
	[ "$n" -eq 1 ]
	[ -d "/proc/$pid" ]
	run -0 hull start "$CID"
	run -0 hull delete --force "$CID"
	assert_nothing_left
}

@test "concurrency: kill racing delete" {
	local i pids
	for _ in $(seq 8); do
		hull_create
		[ "$status" -eq 0 ]
		run -0 hull start "$CID"
		pids=()
		for i in $(seq 6); do
			"$T/hull" kill "$CID" KILL >/dev/null 2>>"$T/kill.err" 3>&- &
			pids+=($!)
		done
		"$T/hull" delete --force "$CID" 2>"$T/delete.err" || {
			cat "$T/delete.err" >&2
			false
		}
		# (a bare wait would also wait for bats' timeout watchdog)
		wait "${pids[@]}" || true
		assert_nothing_left
	done
	# Every failed kill says why in one line: the container was already
	# stopped or gone.
	if [ -s "$T/kill.err" ]; then
		! grep -v -e 'is not running' -e 'does not exist' "$T/kill.err"
	fi
}

@test "concurrency: list and state while containers come and go" {
	local i end churn busy=0 ids
	write_lifecycle
	# Churn: 60 lifecycles, 3 at a time, in the background.
	(seq -f "$CID-%g" 60 | xargs -P 3 -n 1 "$T/lifecycle" >"$T/churn") 3>&- &
	churn=$!
	end=$((SECONDS + 60))
	i=0
	while kill -0 "$churn" 2>/dev/null && [ $SECONDS -lt $end ]; do
		run -0 hull list --format json
		"$PY" -c 'import json,sys; v=json.loads(sys.argv[1]); assert isinstance(v, list)' "${output:-[]}"
		run -0 hull list
		# A state read in the middle of a create or delete is either whole
		# JSON or "does not exist": never torn.
		ids=$(hull list -q)
		[ -z "$ids" ] || busy=$((busy + 1))
		for id in $ids; do
			run hull state "$id"
			if [ "$status" -eq 0 ]; then
				"$PY" -c 'import json,sys; s=json.loads(sys.argv[1]); assert s["status"] in ("creating","created","running","stopped"), s' "$output"
			else
				[[ "$output" == *"does not exist"* ]] || {
					echo "state $id: $output" >&2
					false
				}
			fi
		done
		i=$((i + 1))
	done
	wait "$churn"
	echo "# $i rounds of list/state, $busy with containers listed" >&2
	[ "$busy" -gt 0 ]
	grep -v ' ok$' "$T/churn" >&2 || true
	[ "$(grep -c ' ok$' "$T/churn")" -eq 60 ]
	assert_nothing_left
}
