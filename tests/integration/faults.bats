#!/usr/bin/env bats
# Faults: hull stopped dead (SIGKILL) at every named stage of create,
# start, exec and delete (build option fault_injection, HULL_FAULT=stage);
# then a full state filesystem, a low fd limit, a bundle deleted while the
# container runs.  After each: `state` and `list` tell the truth, and
# `delete --force` leaves no state dir, mount, cgroup, process or fifo.

load helpers

# Every lc_fault_point() in libcontainer, by the operation that crosses it.
# The "stage list is complete" test fails when a point is added or renamed
# without being walked here.
CREATE_STAGES="create-after-state-dir create-after-cgroup create-after-fifo
create-after-fork create-inter create-after-init-pid create-after-hooks
create-after-spawn create-after-pid create-before-go create-after-go"
START_STAGES="start-before-release start-after-release start-after-state"
EXEC_STAGES="exec-before-spawn exec-inter exec-after-spawn"
DELETE_STAGES="delete-after-open delete-after-stop delete-after-cgroup"

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	grep -qa HULL_FAULT_TRACE "$HULL" ||
		skip "$HULL was built without -Dfault_injection=true"
	cfg_args /probe sleep 300
	grep -v "$BUNDLE" /proc/self/mountinfo | cut -d' ' -f5 | sort >"$T/mounts.before"
}
teardown() {
	local rc=0 m
	common_teardown || rc=$?
	# What a failed test left mounted under its temp dir (the read-only
	# rootfs, the small state filesystem): bats could not remove it.
	awk -v d="$T/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
	return "$rc"
}

# The hull stages (hull:inter, hull:init...) carry the environment of the
# hull that forked them: tag it so tagged_pids sees them too.
hull_tagged() {
	HULL_TEST_TAG=$HULL_TAG hull "$@"
}

# faulted STAGE CMD...: run a hull command that must die at STAGE (or, for
# a stage in a child process, fail because of it).
faulted() {
	local stage=$1
	shift
	status=0
	HULL_FAULT=$stage hull_tagged "$@" </dev/null >"$T/fault.out" 2>"$T/fault.err" 3>&- || status=$?
	[ "$status" -ne 0 ] || {
		echo "$*: survived HULL_FAULT=$stage" >&2
		return 1
	}
}

# The live truth about $CID from /proc: "none", "alive" or "gone".
init_truth() {
	local pid=$1 st
	[ "$pid" -gt 0 ] 2>/dev/null || {
		echo none
		return
	}
	st=$(awk '{ sub(/.*\) /, ""); print $1 }' "/proc/$pid/stat" 2>/dev/null) || st=
	if [ -z "$st" ] || [ "$st" = Z ] || [ "$st" = X ]; then
		echo gone
	else
		echo alive
	fi
}

# assert_truthful: `list` shows $CID exactly when `state` can read it, and
# the status agrees with the init process.
assert_truthful() {
	local listed=0 status_ pid truth
	run -0 hull list -q
	grep -qx "$CID" <<<"$output" && listed=1
	run hull state "$CID"
	if [ "$status" -ne 0 ]; then
		[ "$listed" = 0 ] || {
			echo "list shows $CID but state fails: $output" >&2
			return 1
		}
		[[ "$output" == *"does not exist"* ]] || {
			echo "state of a half-made $CID: $output" >&2
			return 1
		}
		return 0
	fi
	[ "$listed" = 1 ] || {
		echo "state reads $CID but list omits it" >&2
		return 1
	}
	status_=$(state_get '["status"]')
	pid=$(state_get '.get("pid", 0)')
	truth=$(init_truth "$pid")
	case $status_ in
	# creating is never seen: create holds the lock that state waits for
	created | running | paused) [ "$truth" = alive ] ;;
	stopped) [ "$truth" != alive ] ;;
	*) false ;;
	esac || {
		echo "$CID: status '$status_' but init $pid is $truth" >&2
		return 1
	}
}

# assert_clean: after delete --force, nothing of $CID is anywhere.
assert_clean() {
	local cg pids n
	[ ! -e "$HULL_ROOT/$CID" ] || {
		echo "state dir left: $(ls -la "$HULL_ROOT/$CID")" >&2
		return 1
	}
	[ -z "$(find "$HULL_ROOT" -type p)" ] || {
		echo "fifo left: $(find "$HULL_ROOT" -type p)" >&2
		return 1
	}
	for n in $(seq 50); do
		pids=$(tagged_pids)
		[ -z "$pids" ] && break
		sleep 0.1
	done
	[ -z "$pids" ] || {
		ps -o pid,ppid,stat,comm -p "$(echo $pids | tr ' ' ,)" >&2 || true
		echo "processes left: $pids" >&2
		return 1
	}
	cg=$(find /sys/fs/cgroup -maxdepth 6 -type d -name "*$CID*" 2>/dev/null || true)
	[ -z "$cg" ] || {
		echo "cgroup left: $cg" >&2
		return 1
	}
	grep -v "$BUNDLE" /proc/self/mountinfo | cut -d' ' -f5 | sort >"$T/mounts.after"
	diff "$T/mounts.before" "$T/mounts.after" >&2 || {
		echo "host mounts changed" >&2
		return 1
	}
	grep -q "$BUNDLE" /proc/self/mountinfo && {
		echo "a mount of the bundle is left in the host" >&2
		return 1
	}
	return 0
}

# recover: what an engine does after a crash: look, then delete --force.
recover() {
	assert_truthful
	if [ -e "$HULL_ROOT/$CID" ]; then
		run hull delete --force "$CID"
		[ "$status" -eq 0 ] || {
			echo "delete --force after the fault: $output" >&2
			return 1
		}
	fi
	assert_clean
	# The id is free again: a full lifecycle works.
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull delete --force "$CID"
	assert_clean
}

@test "faults: the stage list is complete" {
	# A normal lifecycle with every stage traced.
	HULL_FAULT_TRACE=$T/trace hull_create
	[ "$status" -eq 0 ]
	HULL_FAULT_TRACE=$T/trace hull start "$CID"
	HULL_FAULT_TRACE=$T/trace hull exec "$CID" /probe exit 0
	HULL_FAULT_TRACE=$T/trace hull delete --force "$CID"
	sort -u "$T/trace" >"$T/seen"
	printf '%s\n' $CREATE_STAGES $START_STAGES $EXEC_STAGES $DELETE_STAGES | sort -u >"$T/walked"
	diff "$T/walked" "$T/seen"
}

@test "faults: killed at each stage of create" {
	local s
	for s in $CREATE_STAGES; do
		echo "# stage $s" >&2
		faulted "$s" create -b "$BUNDLE" "$CID"
		recover
	done
}

@test "faults: killed at each stage of start" {
	local s
	for s in $START_STAGES; do
		echo "# stage $s" >&2
		cfg_args /probe sleep 300
		hull_create
		[ "$status" -eq 0 ]
		faulted "$s" start "$CID"
		recover
	done
}

@test "faults: killed at each stage of exec" {
	local s
	for s in $EXEC_STAGES; do
		echo "# stage $s" >&2
		cfg_args /probe sleep 300
		hull_create
		[ "$status" -eq 0 ]
		run -0 hull start "$CID"
		faulted "$s" exec -d "$CID" /probe sleep 300
		# The container itself is untouched.
		[ "$(state_get '["status"]')" = running ]
		recover
	done
}

@test "faults: killed at each stage of delete" {
	local s
	for s in $DELETE_STAGES; do
		echo "# stage $s" >&2
		cfg_args /probe sleep 300
		hull_create
		[ "$status" -eq 0 ]
		run -0 hull start "$CID"
		faulted "$s" delete --force "$CID"
		recover
	done
}

# A small tmpfs as --root, filled up: create fails with one clear line and
# leaves nothing; once there is room again everything works.
@test "faults: full state filesystem" {
	skip_unless_mode root -- "mounting a tmpfs needs root"
	local small=$T/small
	mkdir -p "$small"
	mount -t tmpfs -o size=64k,mode=0700 tmpfs "$small"
	dd if=/dev/zero of="$small/fill" bs=4k 2>/dev/null || true
	HULL_ROOT=$small hull_create
	umount_small() { umount "$small" 2>/dev/null || umount -l "$small"; }
	[ "$status" -ne 0 ] || {
		umount_small
		false
	}
	assert_one_error_line "No space left on device" || {
		umount_small
		false
	}
	[ -z "$(find "$small" -mindepth 1 ! -name fill)" ] || {
		ls -la "$small" >&2
		umount_small
		false
	}
	# Room again: create works; fill it, start still ends truthfully.
	rm -f "$small/fill"
	HULL_ROOT=$small hull_create
	[ "$status" -eq 0 ] || { umount_small; false; }
	dd if=/dev/zero of="$small/fill" bs=4k 2>/dev/null || true
	HULL_ROOT=$small run hull start "$CID"
	echo "start on a full fs: $status $output" >&2
	HULL_ROOT=$small run hull state "$CID"
	[ "$status" -eq 0 ] || { umount_small; false; }
	rm -f "$small/fill"
	HULL_ROOT=$small run hull delete --force "$CID"
	[ "$status" -eq 0 ] || { umount_small; false; }
	[ -z "$(ls -A "$small")" ] || { ls -la "$small" >&2; umount_small; false; }
	umount_small
	assert_clean
}

# Any fd limit: either the whole lifecycle works, or create fails with one
# clear line and leaves nothing behind.
@test "faults: low fd limit" {
	local n ok=0
	cfg_args /probe sleep 0
	for n in 4 6 8 10 12 16 20 32; do
		status=0
		(ulimit -n "$n" && exec "$HULL" --root "$HULL_ROOT" create -b "$BUNDLE" "$CID") \
			</dev/null >"$T/out" 2>"$T/err" 3>&- || status=$?
		# warnings (no cgroup when rootless...) may come first
		output=$(grep -v '^hull: warning:' "$T/err" || true)
		lines=()
		[ -z "$output" ] || mapfile -t lines <<<"$output"
		echo "# ulimit -n $n: create exit $status: $output" >&2
		if [ "$status" -eq 0 ]; then
			ok=1
			run -0 hull start "$CID"
			run -0 hull delete --force "$CID"
		else
			assert_one_error_line
		fi
		assert_clean
	done
	[ "$ok" = 1 ]
}

# The bundle goes away under a running container: every command still works
# from the state dir (which keeps its own copy of config.json).
@test "faults: bundle deleted while the container runs" {
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	# First the bundle path and its config.json go (the rootfs lives on).
	rm -f "$BUNDLE/config.json"
	mv "$BUNDLE" "$T/moved"
	run -0 hull state "$CID"
	[ "$(state_get '["status"]')" = running ]
	run -0 hull list -q
	grep -qx "$CID" <<<"$output"
	run -0 hull exec "$CID" /probe exit 0
	# Then the rootfs too: exec fails clearly, the rest still works.
	rm -rf "$T/moved"
	run hull exec "$CID" /probe exit 0
	[ "$status" -ne 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "hull: "* ]]
	run -0 hull state "$CID"
	[ "$(state_get '["status"]')" = running ]
	run -0 hull kill "$CID" KILL
	wait_status stopped
	run -0 hull delete "$CID"
	assert_clean
}

# The rootfs on a read-only filesystem: hull must not need to write to it
# when the mount points exist (as they do in the test rootfs); either way
# nothing is left behind.
@test "faults: rootfs on a read-only filesystem" {
	skip_unless_mode root -- "a read-only bind mount needs root"
	local ro=$T/ro
	mkdir -p "$ro"
	mount --bind "$BUNDLE/rootfs" "$ro"
	mount -o remount,bind,ro "$ro"
	cfg_set 'c["root"]["path"] = a[0]' "$ro"
	cfg_args /probe exit 0
	run hull run -b "$BUNDLE" "$CID"
	echo "# run on a read-only rootfs: $status: $output" >&2
	if [ "$status" -ne 0 ]; then
		[ "${#lines[@]}" -eq 1 ]
		[[ "${lines[0]}" == "hull: "* ]]
	fi
	run hull delete --force "$CID"
	# A mount point missing from the read-only rootfs: one clear line.
	umount "$ro"
	rmdir "$BUNDLE/rootfs/sys"
	mount --bind "$BUNDLE/rootfs" "$ro"
	mount -o remount,bind,ro "$ro"
	run hull run -b "$BUNDLE" "$CID"
	umount "$ro"
	[ "$status" -ne 0 ]
	[ "${#lines[@]}" -eq 1 ]
	[[ "${lines[0]}" == "hull: "*"'/sys'"*"Read-only file system" ]]
	assert_clean
}
