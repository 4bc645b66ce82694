#!/usr/bin/env bats
# exec: a new process in a running container.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	for _ in $(seq 50); do grep -qs sleeping "$T/$CID.out" && break; sleep 0.1; done
}
teardown() {
	hull delete -f "$CID" >/dev/null 2>&1 || true
	common_teardown
}

# exec_ns NS: the namespace link of an exec'd process.
exec_ns() {
	hull exec "$CID" /probe ns | awk -v n="$1" '$1 == n { print $2 }'
}

@test "exec: the process's exit status, and 128+N for a signal death" {
	run -0 hull exec "$CID" /probe exit 0
	run -3 hull exec "$CID" /probe exit 3
	run hull exec "$CID" /bin/sh -c 'kill -9 $$'
	[ "$status" -eq 137 ]
}

@test "exec: joins every namespace of the container" {
	local pid n
	pid=$(state_get '["pid"]')
	for n in mnt pid net ipc uts cgroup; do
		[ "$(exec_ns "$n")" = "$(readlink "/proc/$pid/ns/$n")" ]
	done
	[ "$(exec_ns user)" = "$(readlink "/proc/$pid/ns/user")" ]
}

@test "exec: joins the container's cgroup (ps lists it)" {
	local rel epid
	pid=$(state_get '["pid"]')
	rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	[ "$rel" != / ] || skip "the container has no cgroup (mode $HULL_TEST_MODE: no delegated cgroup)"
	# output to a file: a pipe closed under it would end it with SIGPIPE
	hull exec -d --pid-file "$T/exec.pid" "$CID" /probe sleep 30 </dev/null >"$T/exec.out" 2>&1 3>&-
	epid=$(cat "$T/exec.pid")
	[ "$(sed -n 's/^0:://p' "/proc/$epid/cgroup")" = "$rel" ]
	run -0 hull ps --format json "$CID"
	[[ "$output" == *"$epid"* ]]
}

@test "exec: --env, --cwd and the container's environment" {
	run -0 hull exec --env HULL_X=1 --cwd /tmp "$CID" /probe env
	[[ "$output" == *HULL_X=1* ]]
	[[ "$output" == *PATH=* ]]
	run -0 hull exec --cwd /tmp "$CID" /probe cwd
	[ "$output" = /tmp ]
}

@test "exec: --user, and the container's capabilities and no_new_privs" {
	local pid
	[ "$HULL_TEST_MODE" = root ] || skip "only the caller's id is mapped (mode $HULL_TEST_MODE)"
	pid=$(state_get '["pid"]')
	run -0 hull exec --user 1000:1000 "$CID" /probe uid
	[ "$(line_of uid)" = "uid 1000" ]
	[ "$(line_of gid)" = "gid 1000" ]
	# the same bounding set and no_new_privs as the container's process
	run -0 hull exec "$CID" /probe caps
	[ "$(line_of CapBnd | cut -d' ' -f2)" = "$(awk '$1 == "CapBnd:" { print $2 }' "/proc/$pid/status")" ]
	run -0 hull exec "$CID" /probe nnp
	[ "$output" = "$(awk '$1 == "NoNewPrivs:" { print $2 }' "/proc/$pid/status")" ]
}

@test "exec: no terminal unless --tty, even when process.terminal is set" {
	local rpid id=$CID-t
	cfg_set 'c["process"]["terminal"] = True'
	"$RECVTTY" "$T/tty.sock" "$T/tty.out" </dev/null >"$T/recvtty.log" 2>&1 3>&- &
	rpid=$!
	for _ in $(seq 50); do [ -S "$T/tty.sock" ] && break; sleep 0.1; done
	hull_create "$id" --console-socket "$T/tty.sock"
	[ "$status" -eq 0 ]
	run -0 hull start "$id"
	wait_status running "$id"
	run -0 hull exec "$id" /probe fds
	[[ "$output" != *pts* ]]
	hull delete -f "$id"
	wait "$rpid" || true
}

@test "exec: a stopped container is refused clearly" {
	run -0 hull kill "$CID" KILL
	wait_status stopped
	run hull exec "$CID" /probe exit 0
	[ "$status" -ne 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "$output" == *stopped* ]]
}

@test "exec: a paused container is refused unless --ignore-paused" {
	local pid rel
	pid=$(state_get '["pid"]')
	rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	[ "$rel" != / ] || skip "pause needs a cgroup (mode $HULL_TEST_MODE: no delegated cgroup)"
	run -0 hull pause "$CID"
	run hull exec "$CID" /probe exit 0
	[ "$status" -ne 0 ]
	[[ "$output" == *paused* ]]
	run -0 hull resume "$CID"
}

@test "exec: --ignore-paused runs the process in a paused container" {
	local pid rel s
	pid=$(state_get '["pid"]')
	rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	[ "$rel" != / ] || skip "pause needs a cgroup (mode $HULL_TEST_MODE: no delegated cgroup)"
	run -0 hull pause "$CID"
	# it runs outside the frozen cgroup (inside, it would freeze until resume)
	HULL_TIMEOUT=10 run hull exec --ignore-paused "$CID" /probe exit 0
	s=$status
	run -0 hull resume "$CID"
	[ "$s" -eq 0 ] || {
		echo "exec --ignore-paused into a paused container: exit $s (124: it hung)" >&2
		return 1
	}
}

@test "exec: joins the init's own cgroup when the container's enables controllers below it" {
	local cg2 id=$CID-sd pid rel cg
	skip_unless_mode root -- "hull enables controllers in the cgroups above a container as root only"
	cg2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	[ -n "$cg2" ] && grep -qw hugetlb "$cg2/cgroup.controllers" ||
		skip "no controller to enable below the container's cgroup: the cgroup2 hierarchy lacks hugetlb (the only v2 one on this hybrid host)"
	[ -d /sys/kernel/mm/hugepages/hugepages-2048kB ] || skip "no 2MB huge pages on this host (hugetlb.2MB)"
	# a hugetlb limit: hull enables hugetlb above the container's cgroup
	cfg_set 'c["linux"].setdefault("resources", {})["hugepageLimits"] = [{"pageSize": "2MB", "limit": 1073741824}]'
	hull_create "$id"
	[ "$status" -eq 0 ]
	pid=$(state_get '["pid"]' "$id")
	rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	cg=$cg2$rel
	[ "$rel" != / ]
	[ -d "$cg" ]
	grep -qw hugetlb "$cg/cgroup.controllers"
	# what systemd as init does: itself into a child, controllers for the
	# children (the container's cgroup may then hold no process)
	mkdir "$cg/init.scope"
	echo "$pid" >"$cg/init.scope/cgroup.procs"
	echo +hugetlb >"$cg/cgroup.subtree_control"
	run -0 hull exec "$id" /bin/sh -c 'grep "^0::" /proc/self/cgroup'
	[ "$output" = "0::/init.scope" ]
	hull delete -f "$id"
}
