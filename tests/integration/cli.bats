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
