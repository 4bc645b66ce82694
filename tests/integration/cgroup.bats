#!/usr/bin/env bats
# cgroups on this hybrid host: cgroup2 at /sys/fs/cgroup/unified with (at
# most) hugetlb; v1 holds memory, cpu, pids, io.  Placement, freeze, kill,
# ps, events and the device eBPF program work through the v2 mount; a
# request for a v1-bound controller fails clearly and leaves nothing behind.
# Real v2 limits are tested in the qemu guest (tests/vm/run).

load helpers

setup_file() {
	common_setup_file
	export CG2=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
	export CGTOOL=$BATS_FILE_TMPDIR/cgtool
	# hull's cgroup module driven directly (tests/vm/cgtool.c)
	gcc -D_GNU_SOURCE -std=gnu11 -I"$HULL_SRC/libcontainer" -I"$HULL_BUILD" \
		-o "$CGTOOL" "$HULL_SRC/tests/vm/cgtool.c" "$HULL_BUILD/libcontainer/libcontainer.a" \
		$(pkg-config --libs jansson libseccomp libcap libmnl) 2>/dev/null || rm -f "$CGTOOL"
}
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	[ -n "$CG2" ] || skip "no cgroup2 mount on this host"
}
teardown() {
	[ -n "$CG2" ] && [ -d "$CG2/hullt-$HULL_TAG-lib" ] && {
		"$CGTOOL" destroy "$CG2:/hullt-$HULL_TAG-lib/c" 2>/dev/null
		rmdir "$CG2/hullt-$HULL_TAG-lib" 2>/dev/null
	}
	common_teardown
}

hybrid_or_skip() {
	grep -qw memory "$CG2/cgroup.controllers" && skip "memory is on cgroup v2 here: not a hybrid host"
	:
}

# lib_cfg RESOURCES: a bundle for cgtool, cgroup under the v2 mount
lib_cfg() {
	[ -x "$CGTOOL" ] || skip "cgtool could not be built against $HULL_BUILD"
	skip_unless_mode root -- "the device program and /sys/fs/cgroup writes need root"
	mkdir -p "$T/lb/rootfs"
	cat >"$T/lb/config.json" <<-EOF2
		{"ociVersion":"1.3.0","root":{"path":"rootfs"},"process":{"args":["sh"],"cwd":"/"},
		 "linux":{"cgroupsPath":"/hullt-$HULL_TAG-lib/c","resources":$1}}
	EOF2
}

# container_cgroup: set cg to the container's cgroup dir, or skip when
# create placed it in none (rootless without delegation).  Not to be called
# in $(...): skip must run in the test's own shell.
container_cgroup() {
	local pid rel
	pid=$(state_get '["pid"]' 2>/dev/null) || pid=
	[ -n "$pid" ] && [ "$pid" != 0 ] || skip "hull create/state did not report a pid"
	rel=$(sed -n 's/^0:://p' "/proc/$pid/cgroup")
	[ "$rel" != / ] && [ -d "$CG2$rel" ] || skip "hull create placed no cgroup (mode $HULL_TEST_MODE: no delegated cgroup)"
	cg=$CG2$rel
}

@test "library: a memory limit on a hybrid host names the v1 hierarchy and leaves no cgroup" {
	hybrid_or_skip
	lib_cfg '{"memory":{"limit":33554432}}'
	run "$CGTOOL" run "$T/lb" x true
	[ "$status" -eq 1 ]
	[[ "$output" == *"linux.resources.memory: the memory controller is bound to a cgroup v1 hierarchy"* ]]
	[ ! -e "$CG2/hullt-$HULL_TAG-lib" ]
}

@test "library: bad values are refused before anything is created" {
	for bad in '{"cpu":{"cpus":"0-"}}' '{"unified":{"../cgroup.procs":"1"}}' \
		'{"blockIO":{"weight":-5}}' '{"unified":{"hugetlb.nosuch":"1"}}'; do
		lib_cfg "$bad"
		run "$CGTOOL" run "$T/lb" x true
		echo "$bad -> $output"
		[ "$status" -eq 1 ]
		[ ! -e "$CG2/hullt-$HULL_TAG-lib/c" ]
	done
}

@test "library: the device eBPF program loads without raising RLIMIT_MEMLOCK and denies an unlisted device" {
	lib_cfg '{"devices":[{"allow":false,"access":"rwm"}]}'
	mknod "$T/kmsg" c 1 11
	run "$CGTOOL" run "$T/lb" x sh -c "echo > /dev/null && echo null-ok; head -c 1 $T/kmsg >/dev/null 2>&1 && echo kmsg-open || echo kmsg-denied"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *null-ok* ]]
	[[ "$output" == *kmsg-denied* ]]
}

@test "library: freeze, pids, cgroup.kill and destroy on the v2 mount" {
	lib_cfg '{}'
	local st pid
	read -r st pid < <("$CGTOOL" start "$T/lb" x sleep 100)
	[ "$st" = "$CG2:/hullt-$HULL_TAG-lib/c" ]
	run -0 "$CGTOOL" pids "$st"
	[ "$output" = "$pid" ]
	run -0 "$CGTOOL" freeze "$st" 1
	grep -q 'frozen 1' "$CG2/hullt-$HULL_TAG-lib/c/cgroup.events"
	grep -q '^State:.*S' "/proc/$pid/status"
	run -0 "$CGTOOL" freeze "$st" 0
	run -0 "$CGTOOL" kill "$st" 9
	run -0 "$CGTOOL" destroy "$st"
	[ ! -e "$CG2/hullt-$HULL_TAG-lib/c" ]
	# gone, or a zombie waiting for its reaper
	! grep -qs '^State:.*[RSD]' "/proc/$pid/status"
}

@test "pause and resume freeze the container's cgroup" {
	cfg_args /probe sleep 100
	hull_create
	[ "$status" -eq 0 ]
	container_cgroup
	run -0 hull start "$CID"
	run -0 hull pause "$CID"
	grep -q 'frozen 1' "$cg/cgroup.events"
	run -0 state_get '["status"]'
	[ "$output" = paused ]
	run -1 hull pause "$CID"
	run -0 hull resume "$CID"
	grep -q 'frozen 0' "$cg/cgroup.events"
	run -1 hull resume "$CID"
	[[ "$output" == *"not paused"* ]]
}

@test "ps --format json lists the container's processes; events --stats prints stats" {
	cfg_args /probe sleep 100
	hull_create
	container_cgroup
	run -0 hull start "$CID"
	pid=$(state_get '["pid"]')
	run -0 hull ps --format json "$CID"
	[[ "$output" == *"$pid"* ]]
	run -0 hull ps "$CID"
	[[ "$output" == *PID* ]]
	run -0 hull events --stats "$CID"
	[[ "$output" == *'"type":"stats"'* ]]
}

@test "update with a v1-bound controller fails and names it" {
	hybrid_or_skip
	cfg_args /probe sleep 100
	hull_create
	container_cgroup
	run hull update --memory 32m "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == *"bound to a cgroup v1 hierarchy"* ]]
}

@test "create with a memory limit on a hybrid host fails clearly and leaves nothing" {
	hybrid_or_skip
	skip_unless_mode root -- "rootless has no cgroup here"
	cfg_set 'c["linux"].setdefault("resources", {})["memory"] = {"limit": 33554432}'
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -ne 0 ] || skip "create does not apply linux.resources yet (not integrated)"
	[[ "$output" == *"bound to a cgroup v1 hierarchy"* ]]
	[ -z "$(ls "$HULL_ROOT")" ]
	[ ! -e "$CG2/hull/$CID" ]
}

@test "kill --all and delete remove the container's cgroup" {
	cfg_args /probe sleep 100
	hull_create
	container_cgroup
	run -0 hull start "$CID"
	run -0 hull kill --all "$CID" KILL
	run -0 hull delete --force "$CID"
	[ ! -e "$cg" ]
}
