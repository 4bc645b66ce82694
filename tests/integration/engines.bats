#!/usr/bin/env bats
# What engines rely on beyond the lifecycle tests.  conmon and the
# containerd shim are the parents of the containers they run (the init is
# created with CLONE_PARENT) and reap them the moment they exit; the engines
# themselves are exercised by tests/clients/run.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

# The cgroup2 mount point as hull picks it (/sys/fs/cgroup when that is
# cgroup2, else the first cgroup2 mount), or nothing.
cgroup2_mount() {
	awk '{ for (i = 7; i < NF && $i != "-"; i++); if ($(i + 1) != "cgroup2") next
	if ($5 == "/sys/fs/cgroup") { print $5; found = 1; exit } if (first == "") first = $5 }
	END { if (!found && first != "") print first }' /proc/self/mountinfo
}

@test "start succeeds when the process ends at once and its parent reaps it" {
	# The init fails right after start released it (a failing
	# startContainer hook); the shell that ran create is its parent and
	# reaps it while start is still running, as conmon does.  start did
	# its job and must say so.
	cfg_args /probe exit 0
	cfg_set 'c["hooks"] = {"startContainer": [{"path": "/probe", "args": ["/probe", "exit", "3"]}]}'
	run -0 bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do
		"$HULL" --root "$HULL_ROOT" create -b "$1" "$2-$i" || exit
		"$HULL" --root "$HULL_ROOT" start "$2-$i" || exit
		"$HULL" --root "$HULL_ROOT" delete --force "$2-$i" || exit
	done' _ "$BUNDLE" "$CID"
}

@test "engine spellings of the global flags: --log-format=json --log FILE before the command" {
	run hull --log-format=json --log "$T/oci-log" state "$CID-none"
	[ "$status" -ne 0 ]
	run -0 "$PY" -c 'import json, sys
line = open(sys.argv[1]).read().splitlines()[-1]
m = json.loads(line)
assert m["level"] == "error", m
assert "does not exist" in m["msg"], m
print(m["msg"])' "$T/oci-log"
}

@test "kill --all succeeds when the init's parent reaps it at once" {
	# cgroup.kill ends the init; its parent (this shell, as the containerd
	# shim) may reap it before hull signals the init's pidfd: ESRCH there
	# means delivered, not "no such process" (which the shim reads as
	# "process already finished").  The window is narrow: this loop hits
	# it only on a loaded machine (tests/clients saw it under ctr).
	skip_unless_mode root -- "the container needs a cgroup (root)"
	[ -n "$(cgroup2_mount)" ] ||
		skip "no cgroup2 mount on this host"
	cfg_args /probe sleep 100
	run -0 bash -c 'for i in $(seq 20); do
		"$HULL" --root "$HULL_ROOT" create -b "$1" "$2-$i" || exit
		"$HULL" --root "$HULL_ROOT" start "$2-$i" || exit
		"$HULL" --root "$HULL_ROOT" kill --all "$2-$i" 9 || exit
		"$HULL" --root "$HULL_ROOT" delete --force "$2-$i" || exit
	done' _ "$BUNDLE" "$CID"
}

@test "linux.devices fileMode with the file type bits, as podman writes it" {
	# podman --device copies the host node's st_mode: 020666 = 8630.
	cfg_args /bin/stat -c %a /dev/null
	cfg_set 'c["linux"]["devices"] = [{"path": "/dev/null", "type": "c",
	    "major": 1, "minor": 3, "fileMode": 8630}]'
	run -0 hull run -b "$BUNDLE" "$CID"
	[ "${lines[-1]}" = 666 ]
	cfg_set 'c["linux"]["devices"][0]["fileMode"] = 0o40755'
	run hull run -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"linux.devices[0].fileMode: expected a file mode"* ]]
}

@test "a bind mount onto a standard device node replaces it" {
	# rootless podman --privileged binds the host's /dev/null and others.
	cfg_args /bin/sh -c 'echo gone >/dev/null && echo ok'
	cfg_set 'c["mounts"].append({"destination": "/dev/null", "type": "bind",
	    "source": "/dev/null", "options": ["rbind", "rw", "nosuid", "noexec"]})'
	run -0 hull run -b "$BUNDLE" "$CID"
	[ "${lines[-1]}" = ok ]
}

@test "--cgroup-manager disabled: no cgroup, and limits are refused" {
	# podman --cgroups=disabled passes crun's global --cgroup-manager disabled.
	local cg2 pid
	cg2=$(cgroup2_mount)
	cfg_args /probe sleep 100
	cfg_set 'c["linux"]["cgroupsPath"] = "/" + a[0]' "$CID-nocg"
	hull --cgroup-manager disabled run -d -b "$BUNDLE" "$CID" </dev/null >"$T/nocg.out" 2>&1 3>&- ||
		{ cat "$T/nocg.out" >&2; false; }
	# Looked at while the container runs: its delete would remove a
	# cgroup it had made.  No cgroup recorded, none on the host, and the
	# init stays in the caller's cgroup.
	[ "$(state_get '["status"]')" = running ]
	pid=$(state_get '["pid"]')
	run -0 "$PY" -c 'import json, sys; print(json.load(open(sys.argv[1])).get("cgroup_path") or "")' \
		"$HULL_ROOT/$CID/state.json"
	[ -z "$output" ]
	[ "$(grep '^0::' "/proc/$pid/cgroup")" = "$(grep '^0::' /proc/self/cgroup)" ]
	[ -z "$cg2" ] || [ ! -e "$cg2/$CID-nocg" ]
	run -0 hull delete --force "$CID"
	cfg_args /bin/true
	cfg_set 'c["linux"].setdefault("resources", {})["pids"] = {"limit": 10}'
	run hull --cgroup-manager disabled run -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"linux.resources: limits need a cgroup, and --cgroup-manager disabled makes none"* ]]
	run hull --cgroup-manager bogus state "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"--cgroup-manager 'bogus': expected cgroupfs, systemd or disabled"* ]]
	run -0 hull --cgroup-manager cgroupfs list
}

@test "kill of an exited container: 'No such process', as the containerd shim expects" {
	# The shim reads "no such process" (or runc's "container not running")
	# as already exited; anything else fails containerd's StopContainer.
	cfg_args /probe exit 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	wait_status stopped
	run hull kill "$CID" 9
	[ "$status" -ne 0 ]
	[[ "$output" == *"is not running: No such process"* ]]
}
