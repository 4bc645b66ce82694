#!/usr/bin/env bats
# hardened.bats - `hull spec --hardened` runs, and passes `hull audit`.

load security-helpers

setup_file() { sec_setup_file; }
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	hardened_supported || skip "hull spec --hardened is not wired in this build"
	local flag=
	[ "$HULL_TEST_MODE" = root ] || flag=--rootless
	rm -f "$BUNDLE/config.json"
	(cd "$BUNDLE" && "$HULL" spec --hardened $flag)
	cfg_set 'c["process"]["env"].append("HULL_TEST_TAG=" + a[0])' "$HULL_TAG"
}
teardown() { common_teardown; }

@test "hardened: the config passes audit --policy restricted" {
	run hull audit --policy restricted "$BUNDLE"
	echo "$output"
	if "$PY" -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["linux"].get("resources") else 1)' "$BUNDLE/config.json"; then
		[ "$status" -eq 0 ]
		[[ "${lines[-1]}" == "policy restricted: compliant"* ]]
	else
		# No enforceable limits here (hybrid host, or rootless without a
		# delegated cgroup): exactly the two limit findings remain.
		[ "$status" -eq 1 ]
		[ "$(grep -c '^FAIL' <<<"$output")" = 2 ]
		grep -q 'memory-limit-missing' <<<"$output"
		grep -q 'pids-limit-missing' <<<"$output"
	fi
}

@test "hardened: the config validates against the OCI schema" {
	validate_json config-schema.json "$BUNDLE/config.json"
}

@test "hardened: a shell runs as nobody on a read-only root with a noexec /tmp" {
	sec_run /bin/sh -c 'id -u; id -g; touch /x 2>/dev/null && echo rootfs-rw || echo rootfs-ro
touch /tmp/y && echo tmp-ok; cp /bin/busybox /tmp/bb && /tmp/bb true 2>/dev/null && echo tmp-exec || echo tmp-noexec'
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = 65534 ]
	[ "${lines[1]}" = 65534 ]
	[ "${lines[2]}" = rootfs-ro ]
	[ "${lines[3]}" = tmp-ok ]
	[ "${lines[4]}" = tmp-noexec ]
}

@test "hardened: no capabilities in any set, no_new_privs, seccomp filter" {
	sec_run /probe caps
	[ "$status" -eq 0 ]
	for f in CapInh CapPrm CapEff CapBnd CapAmb; do
		[ "$(line_of "$f")" = "$f 0000000000000000" ]
	done
	sec_run /probe nnp
	[ "$output" = 1 ]
	sec_run /probe seccomp
	[ "$output" = 2 ]
}

@test "hardened: the strict profile is in force" {
	sec_run /attack sys unshare
	[ "$status" -eq 0 ]
	[ "$output" = EPERM ]
	sec_run /attack sys clone3
	[ "$output" = ENOSYS ]
}
