#!/usr/bin/env bats
# Command line: global flags, ids, spec, logs.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

@test "--version prints the hull and spec versions" {
	run -0 "$HULL" --version
	[[ "${lines[0]}" =~ ^hull\ version\ [0-9]+\.[0-9]+ ]]
	[[ "$output" == *1.3.0* ]]
}

@test "--help lists every subcommand" {
	run -0 "$HULL" --help
	for c in create start state kill delete run list spec; do
		[[ "$output" == *"$c"* ]] || {
			echo "missing $c" >&2
			false
		}
	done
}

@test "unknown subcommand fails with one line naming it" {
	run "$HULL" --root "$HULL_ROOT" frobnicate
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*frobnicate* ]]
}

@test "unknown global flag fails" {
	run "$HULL" --no-such-flag list
	[ "$status" -ne 0 ]
	[[ "$output" == *no-such-flag* ]]
}

@test "global flags are accepted before the subcommand" {
	run -0 "$HULL" --root "$HULL_ROOT" --debug list
	run -0 "$HULL" --root "$HULL_ROOT" --log "$T/log" --log-format text list
	run -0 "$HULL" --root "$HULL_ROOT" --log-format=json list
	run -0 "$HULL" --root "$HULL_ROOT" --systemd-cgroup list
	for r in true false auto; do
		run -0 "$HULL" --root "$HULL_ROOT" --rootless "$r" list
	done
}

@test "--systemd-cgroup: create says why it cannot place the container, leaves nothing" {
	[ -d /run/systemd/system ] && skip "systemd is PID 1 here: the message differs"
	# output to a file: a container made by mistake must not hold our pipe
	status=0
	"$HULL" --root "$HULL_ROOT" --systemd-cgroup create -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- || status=$?
	[ "$status" -eq 1 ]
	[ "$(wc -l <"$T/out")" -eq 1 ]
	grep -q -- "--systemd-cgroup: systemd is not PID 1" "$T/out"
	[ ! -e "$HULL_ROOT/$CID" ]
	# run and --cgroup-manager systemd say the same
	run -1 "$HULL" --root "$HULL_ROOT" --cgroup-manager systemd run -b "$BUNDLE" "$CID" </dev/null 3>&-
	[[ "$output" == "hull: run: --systemd-cgroup: systemd is not PID 1"* ]]
	[ ! -e "$HULL_ROOT/$CID" ]
}

@test "features: cgroup.systemd is true exactly when hull is built with libsystemd and it is installed" {
	local want=false
	# hull dlopen()s libsystemd.so.0 by that name when built with it
	if grep -qa 'libsystemd\.so\.0' "$HULL" && [ -n "$(ldconfig -p | awk '$1 == "libsystemd.so.0"')" ]; then
		want=true
	fi
	run -0 "$HULL" features
	[ "$(jq -r .linux.cgroup.systemd <<<"$output")" = "$want" ]
	[ "$(jq -r .linux.cgroup.systemdUser <<<"$output")" = false ]
}

@test "bad container ids are refused before any file is created" {
	local id
	mkdir "$T/st"
	for id in "../escape" "a/b" "." ".." "" "a b" "$(printf 'a\nb')" "$(head -c 1100 /dev/zero | tr '\0' a)"; do
		if "$HULL" --root "$T/st" create -b "$BUNDLE" -- "$id" </dev/null >"$T/out" 2>&1 3>&-; then
			"$HULL" --root "$T/st" delete --force -- "$id" >/dev/null 2>&1
			echo "id '$id' accepted" >&2
			false
		fi
		[ -z "$(ls -A "$T/st")" ] || {
			echo "files after id '$id': $(ls -A "$T/st")" >&2
			false
		}
		[ ! -e "$T/escape" ]
	done
}

@test "create with an existing id fails with 'already exists'" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	hull_create "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"already exists"* ]]
	run -0 state_get '["status"]'
	[ "$output" = created ]
}

@test "state of an unknown id fails with 'does not exist'" {
	run hull state nosuchcontainer
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*"does not exist"* ]]
}

@test "spec writes a config.json that validates against the schema" {
	mkdir "$T/s" && cd "$T/s"
	run -0 "$HULL" spec
	[ -f config.json ]
	run -0 validate_json config-schema.json config.json
	run -0 "$PY" -c 'import json; c=json.load(open("config.json")); assert c["ociVersion"].startswith("1."), c["ociVersion"]'
}

@test "spec --rootless adds a user namespace mapping the caller" {
	mkdir "$T/s" && cd "$T/s"
	run -0 "$HULL" spec --rootless
	run -0 validate_json config-schema.json config.json
	BUNDLE=$T/s run -0 cfg_get '[n["type"] for n in c["linux"]["namespaces"]]'
	[[ "$output" == *'"user"'* ]]
	BUNDLE=$T/s run -0 cfg_get 'c["linux"]["uidMappings"][0]["hostID"]'
	[ "$output" = "$(id -u)" ]
	BUNDLE=$T/s run -0 cfg_get 'c["linux"]["gidMappings"][0]["hostID"]'
	[ "$output" = "$(id -g)" ]
}

@test "spec --bundle writes into that directory" {
	mkdir "$T/s"
	run -0 "$HULL" spec --bundle "$T/s"
	run -0 validate_json config-schema.json "$T/s/config.json"
	[ ! -e "$T/config.json" ]
}

@test "spec refuses to overwrite an existing config.json" {
	mkdir "$T/s" && cd "$T/s"
	echo '{"keep": true}' >config.json
	run "$HULL" spec
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*config.json*"already exists"* ]]
	[ "$(cat config.json)" = '{"keep": true}' ]
}

@test "--log with --log-format json writes JSON error records" {
	local fmt
	for fmt in "--log-format json" "--log-format=json"; do
		rm -f "$T/log"
		# shellcheck disable=SC2086
		run "$HULL" --root "$HULL_ROOT" --log "$T/log" $fmt state nosuchcontainer
		[ "$status" -ne 0 ]
		[ -s "$T/log" ]
		run -0 "$PY" - "$T/log" <<-'EOF'
			import datetime, json, sys
			recs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
			errs = [r for r in recs if r["level"] == "error"]
			assert errs, recs
			for r in recs:
			    assert set(r) >= {"level", "msg", "time"}, r
			    datetime.datetime.fromisoformat(r["time"].replace("Z", "+00:00"))
			assert "does not exist" in errs[-1]["msg"], errs
		EOF
	done
}

@test "--log with text format writes the error" {
	run "$HULL" --root "$HULL_ROOT" --log "$T/log" state nosuchcontainer
	[ "$status" -ne 0 ]
	grep -q "does not exist" "$T/log"
}

@test "--root keeps container state under that directory" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	[ -d "$HULL_ROOT/$CID" ]
	run -0 hull delete --force "$CID"
	[ ! -e "$HULL_ROOT/$CID" ]
}

@test "default state root is \$XDG_RUNTIME_DIR/hull when rootless" {
	skip_unless_mode rootless -- "the default root is /run/hull as real root"
	mkdir -m 0700 "$T/xdg"
	cfg_args /probe sleep 0
	XDG_RUNTIME_DIR=$T/xdg "$HULL" create -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- || {
		cat "$T/out"
		false
	}
	[ -d "$T/xdg/hull/$CID" ]
	XDG_RUNTIME_DIR=$T/xdg run -0 "$HULL" delete --force "$CID"
	[ ! -e "$T/xdg/hull/$CID" ]
}

@test "default state root is /run/hull as root" {
	skip_unless_mode root -- "only real root uses /run/hull"
	cfg_args /probe sleep 0
	"$HULL" create -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- || {
		cat "$T/out"
		false
	}
	[ -d "/run/hull/$CID" ] || {
		"$HULL" delete --force "$CID"
		false
	}
	run -0 "$HULL" delete --force "$CID"
	[ ! -e "/run/hull/$CID" ]
}

@test "subcommands reject a missing container id" {
	for c in start state kill delete; do
		run hull "$c"
		[ "$status" -ne 0 ] || {
			echo "$c without id succeeded" >&2
			false
		}
	done
}

@test "--systemd-cgroup and --cgroup-manager name one manager: the last one wins, as in crun" {
	local pid
	# disabled after --systemd-cgroup: systemd is not asked, no cgroup is made
	cfg_args /probe sleep 100
	hull --systemd-cgroup --cgroup-manager disabled run -d -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- ||
		{ cat "$T/out" >&2; false; }
	pid=$(state_get '["pid"]')
	run -0 "$PY" -c 'import json, sys; s = json.load(open(sys.argv[1])); print(s.get("cgroup_path") or "", "systemd_unit" in s)' \
		"$HULL_ROOT/$CID/state.json"
	[ "$output" = " False" ]
	[ "$(grep '^0::' "/proc/$pid/cgroup")" = "$(grep '^0::' /proc/self/cgroup)" ]
	run -0 hull delete --force "$CID"
	# cgroupfs after systemd, in either spelling: hull places the container
	cfg_args /bin/true
	run -0 hull --systemd-cgroup --cgroup-manager cgroupfs run -b "$BUNDLE" "$CID"
	run -0 hull --cgroup-manager systemd --cgroup-manager cgroupfs run -b "$BUNDLE" "$CID"
	# systemd last is systemd
	if [ ! -d /run/systemd/system ]; then
		run -1 hull --cgroup-manager disabled --systemd-cgroup run -b "$BUNDLE" "$CID"
		assert_one_error_line "run: --systemd-cgroup: systemd is not PID 1"
		run -1 hull --cgroup-manager cgroupfs --cgroup-manager systemd run -b "$BUNDLE" "$CID"
		assert_one_error_line "run: --systemd-cgroup: systemd is not PID 1"
	fi
	[ ! -e "$HULL_ROOT/$CID" ]
	# an unknown manager is refused wherever it stands
	run -1 hull --cgroup-manager bogus --systemd-cgroup list
	assert_one_error_line "--cgroup-manager 'bogus': expected cgroupfs, systemd or disabled"
	run -1 hull --systemd-cgroup --cgroup-manager bogus --cgroup-manager cgroupfs list
	assert_one_error_line "--cgroup-manager 'bogus'"
}

@test "--systemd-cgroup: a libsystemd.so.0 that does not load is refused before anything is created" {
	local lib unshare_args=(-m)
	grep -qa 'libsystemd\.so\.0' "$HULL" || skip "this build has no systemd cgroup manager"
	command -v unshare >/dev/null || skip "no unshare(1)"
	[ -d /run/systemd ] || skip "no /run/systemd to mount over"
	[ "$(id -u)" = 0 ] || unshare_args=(-Urm)
	lib=$(ldconfig -p | awk '$1 == "libsystemd.so.0" { print $NF; exit }')
	# In a mount namespace of our own: systemd seems to be PID 1, and the
	# library (if installed) is an empty file.
	status=0
	# shellcheck disable=SC2016 # expanded by the inner sh
	unshare "${unshare_args[@]}" sh -c '
		mount -t tmpfs tmpfs /run/systemd && mkdir /run/systemd/system || exit 99
		[ -z "$1" ] || mount --bind /dev/null "$1" || exit 99
		shift
		exec "$@"' _ "$lib" "$HULL" --root "$HULL_ROOT" --systemd-cgroup create -b "$BUNDLE" "$CID" \
		</dev/null >"$T/out" 2>&1 3>&- || status=$?
	[ "$status" -ne 99 ] || skip "cannot mount in a new mount namespace: $(cat "$T/out")"
	mapfile -t lines <"$T/out"
	assert_one_error_line "create: --systemd-cgroup: cannot load libsystemd.so.0" "leave the flag out"
	[ ! -e "$HULL_ROOT/$CID" ]
}

@test "events --interval takes Go's durations from 1ms to 24h; anything else is one error line" {
	local v
	for v in nan NaN inf 0 0.5ms 25h -1s 1e3 5sec ""; do
		run -1 hull events --interval "$v" "$CID"
		assert_one_error_line "events: --interval '$v': expected a duration from 1ms to 24h"
	done
	# these parse: the missing container is what fails
	for v in 1.5s 1m30s 300ms 2h 24h 1ms 2 1.5 +5s; do
		run -1 hull events --interval "$v" "$CID"
		assert_one_error_line "container '$CID' does not exist"
	done
}

@test "update -r - reads standard input bounded, and says why it stops" {
	# more than 16 MiB: refused as such, not cut and then misparsed
	# shellcheck disable=SC2016 # expanded by the inner bash
	run -1 bash -c 'head -c $((16 * 1024 * 1024 + 1)) /dev/zero | tr "\0" " " 2>/dev/null | "$@"' _ \
		"$HULL" --root "$HULL_ROOT" update -r - "$CID"
	assert_one_error_line "-r -: standard input is larger than 16777216 bytes"
	# exactly 16 MiB is read: the missing container is what fails
	# shellcheck disable=SC2016 # expanded by the inner bash
	run -1 bash -c '{ printf "{}"; head -c $((16 * 1024 * 1024 - 2)) /dev/zero | tr "\0" " "; } | "$@"' _ \
		"$HULL" --root "$HULL_ROOT" update -r - "$CID"
	assert_one_error_line "container '$CID' does not exist"
	# a read error is reported, not taken for an empty document
	run -1 hull update -r - "$CID" </
	assert_one_error_line "-r -: read standard input: Is a directory"
}

@test "logs and events: a standard output that cannot be written is one error line naming it" {
	cfg_args /bin/sh -c 'echo out-line; exec sleep 1000'
	hull run -d --supervise -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>&1 3>&- ||
		{ cat "$T/out" >&2; false; }
	for _ in $(seq 50); do grep -qs out-line "$HULL_ROOT/$CID/container.log" && break; sleep 0.1; done
	run -0 hull logs "$CID"
	[ "$output" = out-line ]
	run -1 bash -c '"$@" >/dev/full' _ "$HULL" --root "$HULL_ROOT" logs "$CID"
	assert_one_error_line "write standard output: No space left on device"
	run -0 "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("cgroup_path") or "")' \
		"$HULL_ROOT/$CID/state.json"
	if [ -n "$output" ]; then
		run -0 hull events --stats "$CID"
		run -1 bash -c '"$@" >/dev/full' _ "$HULL" --root "$HULL_ROOT" events --stats "$CID"
		assert_one_error_line "write standard output: No space left on device"
	fi
}

@test "state, list, ps, features: output that cannot be written fails with one line" {
	local cmds=("state $CID" "list" "list --format json" "features") cmd
	hull_create "$CID"
	[ "$status" -eq 0 ]
	# ps needs the container's cgroup (none rootless without delegation)
	run hull ps "$CID"
	[ "$status" -ne 0 ] || cmds+=("ps $CID")
	# shellcheck disable=SC2086 # $cmd is split into words on purpose
	for cmd in "${cmds[@]}"; do
		run -0 bash -c '"$@" >/dev/null' _ "$HULL" --root "$HULL_ROOT" $cmd
		run -1 bash -c '"$@" >/dev/full' _ "$HULL" --root "$HULL_ROOT" $cmd
		assert_one_error_line "write standard output: No space left on device"
	done
}

@test "run --health-*: a duration under 1ms is refused, not rounded to 0" {
	local v
	for v in 500us 0.5ms 1ns; do
		run -1 hull run -d --health-interval "$v" -b "$BUNDLE" "$CID"
		assert_one_error_line "run: --health-interval '$v': expected a duration of at least 1ms"
	done
	[ ! -e "$HULL_ROOT/$CID" ]
}
