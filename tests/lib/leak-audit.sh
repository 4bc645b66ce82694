# shellcheck shell=bash
# leak-audit.sh - what the integration suite leaves on the host, sourced by
# tests/run-integration.sh.  leak_begin gives the run its own temp dir
# (TMPDIR for bats: every bundle and state root lives there) and a tag that
# helpers.bash puts in every container id and container environment; then
# leak_end compares, after the suite, with what was there before:
#   - mounts in the host's mountinfo under the run dir
#   - cgroups named after this run's containers (under the cgroup2 mount
#     taken from /proc/self/mountinfo: /sys/fs/cgroup on a pure cgroup v2
#     host, /sys/fs/cgroup/unified on a hybrid one; LEAK_CGROUP_ROOT=DIR
#     overrides it)
#   - processes: hull stages (their argv names the run's --root) and
#     container processes (their environment carries the tag)
#   - state: entries of the default roots (/run/hull, $XDG_RUNTIME_DIR/hull,
#     /tmp/hull-UID) and anything left in the suite's own state roots.
# HULL_LEAK_AUDIT=0 turns it off.

# The cgroup2 mount point, picked as hull picks it: /sys/fs/cgroup when that
# is cgroup2, else the first cgroup2 mount (fstype: the field after "-").
leak_cgroup2_mount() {
	awk '{ for (i = 7; i < NF && $i != "-"; i++); if ($(i + 1) != "cgroup2") next
	if ($5 == "/sys/fs/cgroup") { print $5; found = 1; exit } if (first == "") first = $5 }
	END { if (!found && first != "") print first }' /proc/self/mountinfo
}
LEAK_CGROUP_ROOT=${LEAK_CGROUP_ROOT:-$(leak_cgroup2_mount)}

leak_begin() {
	[ "${HULL_LEAK_AUDIT:-1}" != 0 ] || return 0
	HULL_RUN_DIR=$(mktemp -d /tmp/hull-run.XXXXXX)
	# rootless mode runs bats as another user in the same dir
	chmod 1777 "$HULL_RUN_DIR"
	HULL_RUN_TAG=r$(head -c 3 /dev/urandom | od -An -tx1 | tr -d ' \n')
	export HULL_RUN_DIR HULL_RUN_TAG
	export TMPDIR=$HULL_RUN_DIR
	BATS_FLAGS+=(--no-tempdir-cleanup)
	leak_snapshot "$HULL_RUN_DIR.before"
}

leak_state_entries() {
	local d
	for d in /run/hull /run/user/*/hull /tmp/hull-[0-9]*; do
		[ -d "$d" ] && find "$d" -mindepth 1 -maxdepth 1 2>/dev/null
	done
	# the suite's own roots: helpers.bash puts them at <file tmpdir>/state
	find "$HULL_RUN_DIR" -mindepth 5 -maxdepth 5 -path '*/file/*/state/*' 2>/dev/null
	return 0
}

leak_processes() {
	local p cmd
	for p in /proc/[0-9]*; do
		cmd=$(tr '\0' ' ' 2>/dev/null <"$p/cmdline") || continue
		if [[ $cmd == *"$HULL_RUN_DIR"* ]] ||
			tr '\0' '\n' 2>/dev/null <"$p/environ" | grep -q "^HULL_TEST_TAG=$HULL_RUN_TAG"; then
			echo "${p#/proc/} $(cat "$p/comm" 2>/dev/null) $cmd"
		fi
	done
	return 0
}

leak_snapshot() {
	local out=$1
	mkdir -p "$out"
	awk -v d="$HULL_RUN_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort >"$out/mounts"
	if [ -n "$LEAK_CGROUP_ROOT" ]; then
		find "$LEAK_CGROUP_ROOT" -type d -name "*$HULL_RUN_TAG*" 2>/dev/null | sort >"$out/cgroups" || true
	else
		: >"$out/cgroups"
	fi
	leak_processes | sort >"$out/processes"
	leak_state_entries | sort >"$out/state"
}

leak_end() {
	local what rc=0
	[ "${HULL_LEAK_AUDIT:-1}" != 0 ] || return 0
	# Container processes may take a moment to be reaped.
	for _ in $(seq 50); do
		[ -z "$(leak_processes)" ] && break
		sleep 0.1
	done
	leak_snapshot "$HULL_RUN_DIR.after"
	# Only what appeared counts: something gone is not a leak.
	for what in mounts cgroups processes state; do
		comm -13 "$HULL_RUN_DIR.before/$what" "$HULL_RUN_DIR.after/$what" >"$HULL_RUN_DIR.diff"
		if [ -s "$HULL_RUN_DIR.diff" ]; then
			echo "=== leak audit: $what left by the suite:"
			sed 's/^/    /' "$HULL_RUN_DIR.diff"
			rc=1
		fi
	done
	[ "$rc" = 0 ] && echo "=== leak audit: no mount, cgroup, process or state left"
	# Reported: now clear them away (processes, then their cgroups).
	leak_processes | while read -r pid _; do kill -9 "$pid" 2>/dev/null || true; done
	sleep 0.5
	sort -r "$HULL_RUN_DIR.after/cgroups" | while read -r cg; do rmdir "$cg" 2>/dev/null || true; done
	# Never delete through a leaked mount.
	awk -v d="$HULL_RUN_DIR" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r |
		while read -r m; do umount -l "$m" 2>/dev/null || true; done
	rm -rf --one-file-system "$HULL_RUN_DIR" "$HULL_RUN_DIR.before" "$HULL_RUN_DIR.after" "$HULL_RUN_DIR.diff"
	return "$rc"
}
