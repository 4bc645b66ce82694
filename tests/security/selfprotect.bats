#!/usr/bin/env bats
# selfprotect.bats - the runtime is not the way out: its binary cannot be
# written from a container (CVE-2019-5736 class), no host fd reaches the
# container (CVE-2024-21626 class), capabilities do not leak.

load security-helpers

setup_file() { sec_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

@test "self-protection: inheritable and ambient capabilities are empty" {
	sec_run /probe caps
	[ "$status" -eq 0 ]
	[ "$(line_of CapInh)" = "CapInh 0000000000000000" ]
	[ "$(line_of CapAmb)" = "CapAmb 0000000000000000" ]
}

@test "self-protection: the bounding set is trimmed to the config" {
	cfg_set 'k = c["process"].setdefault("capabilities", {})
for s in ("bounding", "effective", "permitted"): k[s] = ["CAP_KILL"]
k["inheritable"] = []; k["ambient"] = []'
	sec_run /probe caps
	[ "$status" -eq 0 ]
	[ "$(line_of CapBnd)" = "CapBnd $(capmask 5)" ]
	[ "$(line_of CapInh)" = "CapInh 0000000000000000" ]
}

@test "self-protection: /proc/self/fd shows only 0-2 at exec (run)" {
	sec_run /attack fds
	[ "$status" -eq 0 ]
	printf '%s\n' "$output"
	[ "$(printf '%s\n' "$output" | cut -d' ' -f1 | sort -n | tr '\n' ' ')" = "0 1 2 " ]
}

@test "self-protection: /proc/self/fd shows only 0-2 at exec (exec)" {
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	run --separate-stderr hull exec "$CID" /attack fds
	[ "$status" -eq 0 ]
	printf '%s\n' "$output"
	[ "$(printf '%s\n' "$output" | cut -d' ' -f1 | sort -n | tr '\n' ' ')" = "0 1 2 " ]
}

@test "self-protection: process.cwd /proc/self/fd/N is refused or stays inside" {
	local n
	for n in 3 4 5 6 7 8; do
		cfg_set 'c["process"]["cwd"] = a[0]' "/proc/self/fd/$n"
		sec_run /probe cwd
		if [ "$status" -eq 0 ]; then
			# getcwd reports "(unreachable)" for a directory outside the root
			[[ "$output" != *unreachable* ]] || {
				echo "cwd /proc/self/fd/$n escaped: $output" >&2
				return 1
			}
		fi
		hull delete --force "$CID" >/dev/null 2>&1 || true
	done
}

@test "self-protection: exec --cwd /proc/self/fd/N is refused or stays inside" {
	local n
	cfg_args /probe sleep 0
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	for n in 3 4 5 6 7 8; do
		run --separate-stderr hull exec --cwd "/proc/self/fd/$n" "$CID" /probe cwd
		if [ "$status" -eq 0 ]; then
			[[ "$output" != *unreachable* ]] || {
				echo "exec cwd /proc/self/fd/$n escaped: $output" >&2
				return 1
			}
		fi
	done
}

@test "self-protection: an init in the host's pid namespace runs from a sealed memfd" {
	local pid exe
	[ "$HULL_TEST_MODE" = root ] || skip "a user namespace cannot mount the host pid namespace's /proc"
	cfg_args /probe sleep 0
	# no new pid namespace: host processes could reach the init's exe
	cfg_set 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]'
	hull_create
	[ "$status" -eq 0 ]
	pid=$(state_get '["pid"]')
	exe=$(readlink "/proc/$pid/exe")
	echo "init exe: $exe"
	[[ "$exe" == /memfd:hull* ]]
	# F_GET_SEALS (1034): SEAL, SHRINK, GROW and WRITE (0xf) all set
	run -0 "$PY" -c 'import fcntl, os, sys
fd = os.open("/proc/%s/exe" % sys.argv[1], os.O_RDONLY)
print(fcntl.fcntl(fd, 1034) & 0xf)' "$pid"
	[ "$output" = 15 ]
}

@test "self-protection: a container cannot write the hull binary it sees (CVE-2019-5736 class)" {
	local before after
	skip_in_mode rootless "hull's libraries must be copied into the rootfs as root"
	add_host_libs "$BUNDLE/rootfs" "$HULL"
	before=$(sha256sum <"$HULL")
	cfg_args /attack exe-write 30
	hull_create
	[ "$status" -eq 0 ]
	run -0 hull start "$CID"
	# hull running inside the container: reads stdin until EOF, 2 seconds.
	(sleep 2 | hull exec "$CID" /proc/self/exe audit /proc/self/fd/0 >/dev/null 2>&1) || true
	wait_status stopped "$CID" 100
	after=$(sha256sum <"$HULL")
	cat "$T/$CID.out"
	[ "$before" = "$after" ]
	run -0 grep '^found ' "$T/$CID.out"
	# what the container can reach is the memfd copy, never the host file
	[[ "$output" == "found /memfd:hull"* ]]
	run grep -x 'write ok' "$T/$CID.out"
	[ "$status" -ne 0 ]
}
