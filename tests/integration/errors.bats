#!/usr/bin/env bats
# Bad input: each case gives one clear "hull: " line naming the field, a
# non-zero exit, and leaves no state, process or cgroup behind.

load helpers

setup_file() { common_setup_file; }
teardown_file() { common_teardown_file; }
setup() {
	common_setup
	cfg_args /probe sleep 0
}
teardown() { common_teardown; }

# bad_config 'STATEMENTS' WORD...: apply the edit, create must fail with
# one line containing every WORD, and nothing may be left.
bad_config() {
	cfg_set "$1"
	shift
	hull_create
	assert_one_error_line "$@"
	assert_nothing_left
}

@test "config.json missing" {
	rm "$BUNDLE/config.json"
	hull_create
	assert_one_error_line config.json
	assert_nothing_left
}

@test "config.json is not JSON" {
	echo '{"ociVersion": "1.3.0", "process": ' >"$BUNDLE/config.json"
	hull_create
	assert_one_error_line config.json
	assert_nothing_left
}

@test "config.json is not an object" {
	echo '[1, 2]' >"$BUNDLE/config.json"
	hull_create
	assert_one_error_line config.json
	assert_nothing_left
}

@test "bundle directory missing" {
	hull create -b "$T/nonexistent" "$CID" </dev/null >"$T/o" 2>&1 3>&- && false
	run cat "$T/o"
	[[ "$output" == "hull: "*nonexistent* ]]
	assert_nothing_left
}

@test "ociVersion missing" {
	bad_config 'del c["ociVersion"]' ociVersion
}

@test "ociVersion of another major version" {
	bad_config 'c["ociVersion"] = "2.0.0"' ociVersion
}

@test "process missing" {
	bad_config 'del c["process"]' process
}

@test "process.args is a string" {
	bad_config 'c["process"]["args"] = "/probe uid"' process.args
}

@test "process.args is empty" {
	bad_config 'c["process"]["args"] = []' process.args
}

@test "process.args element is a number" {
	bad_config 'c["process"]["args"] = ["/probe", 5]' 'process.args[1]'
}

@test "process.user.uid is a string" {
	bad_config 'c["process"]["user"]["uid"] = "0"' process.user.uid
}

@test "process.user.uid is negative" {
	bad_config 'c["process"]["user"]["uid"] = -1' process.user.uid
}

@test "process.user.uid is too large" {
	bad_config 'c["process"]["user"]["uid"] = 2**32' process.user.uid
}

@test "process.cwd is relative" {
	bad_config 'c["process"]["cwd"] = "tmp"' process.cwd
}

@test "process.env entry without '='" {
	bad_config 'c["process"]["env"] = ["NOEQUALS"]' 'process.env[0]'
}

@test "process.capabilities unknown name" {
	bad_config 'c["process"]["capabilities"] = {"bounding": ["CAP_KILL", "CAP_FOO"]}' 'process.capabilities.bounding[1]' CAP_FOO
}

@test "process.capabilities set is not a list" {
	bad_config 'c["process"]["capabilities"] = {"effective": "CAP_KILL"}' process.capabilities.effective
}

@test "process.rlimits unknown type" {
	bad_config 'c["process"]["rlimits"] = [{"type": "RLIMIT_FOO", "soft": 1, "hard": 1}]' 'process.rlimits[0].type' RLIMIT_FOO
}

@test "process.rlimits soft above hard" {
	bad_config 'c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 20, "hard": 10}]' 'process.rlimits[0]'
}

@test "process.oomScoreAdj out of range" {
	bad_config 'c["process"]["oomScoreAdj"] = 5000' process.oomScoreAdj
}

@test "process.ioPriority unknown class" {
	bad_config 'c["process"]["ioPriority"] = {"class": "IOPRIO_CLASS_FOO", "priority": 1}' process.ioPriority.class
}

@test "process.scheduler unknown policy" {
	bad_config 'c["process"]["scheduler"] = {"policy": "SCHED_FOO"}' process.scheduler.policy
}

@test "root missing" {
	bad_config 'del c["root"]' root
}

@test "root.path does not exist" {
	bad_config 'c["root"]["path"] = "nonexistent"' root.path
}

@test "root.path is a file" {
	touch "$BUNDLE/afile"
	bad_config 'c["root"]["path"] = "afile"' root.path
}

@test "mounts is not a list" {
	bad_config 'c["mounts"] = {"destination": "/x"}' mounts
}

@test "mounts destination relative" {
	bad_config 'c["mounts"].append({"destination": "mnt", "type": "tmpfs", "source": "tmpfs"})' "mounts[$(($(cfg_get 'len(c["mounts"])')))].destination"
}

@test "mounts destination missing" {
	bad_config 'c["mounts"].append({"type": "tmpfs", "source": "tmpfs"})' "mounts[$(($(cfg_get 'len(c["mounts"])')))].destination"
}

@test "mounts bind source missing" {
	bad_config 'c["mounts"].append({"destination": "/x", "type": "bind", "source": "/nonexistent/hull", "options": ["bind"]})' "mounts[$(($(cfg_get 'len(c["mounts"])')))]" /nonexistent/hull
}

@test "mounts unknown filesystem type" {
	bad_config 'c["mounts"].append({"destination": "/x", "type": "hullfs", "source": "none"})' "mounts[$(($(cfg_get 'len(c["mounts"])')))]"
}

@test "linux.namespaces unknown type" {
	bad_config 'c["linux"]["namespaces"].append({"type": "foo"})' "linux.namespaces[$(($(cfg_get 'len(c["linux"]["namespaces"])')))].type" foo
}

@test "linux.namespaces duplicate type" {
	bad_config 'c["linux"]["namespaces"].append({"type": "ipc"})' linux.namespaces ipc
}

@test "linux.namespaces path does not exist" {
	bad_config 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "ipc"] + [{"type": "ipc", "path": "/proc/self/ns/nonexistent"}]' /proc/self/ns/nonexistent
}

@test "linux.namespaces path is not a namespace" {
	bad_config 'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "ipc"] + [{"type": "ipc", "path": "/etc/passwd"}]' /etc/passwd
}

@test "hostname without a uts namespace" {
	bad_config 'c["hostname"] = "h"; c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "uts"]' hostname
}

@test "uidMappings without a user namespace" {
	skip_unless_mode root -- "the rootless spec has a user namespace"
	bad_config 'c["linux"]["uidMappings"] = [{"containerID": 0, "hostID": 100000, "size": 1}]' uidMappings
}

@test "linux.devices type unknown" {
	bad_config 'c["linux"]["devices"] = [{"path": "/dev/x", "type": "z", "major": 1, "minor": 3}]' 'linux.devices[0].type'
}

@test "linux.devices path outside /dev" {
	bad_config 'c["linux"]["devices"] = [{"path": "relative", "type": "c", "major": 1, "minor": 3}]' 'linux.devices[0].path'
}

@test "linux.seccomp unknown defaultAction" {
	bad_config 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_FOO"}' linux.seccomp.defaultAction
}

@test "linux.seccomp unknown syscall action" {
	bad_config 'c["linux"]["seccomp"] = {"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["mkdir"], "action": "SCMP_ACT_BAR"}]}' 'linux.seccomp.syscalls[0].action'
}

@test "linux.sysctl value not a string" {
	bad_config 'c["linux"]["sysctl"] = {"net.ipv4.ip_forward": 1}' net.ipv4.ip_forward
}

@test "linux.sysctl with a path traversal key" {
	bad_config 'c["linux"]["sysctl"] = {"net/../../../etc/passwd": "x"}' linux.sysctl
}

@test "linux.maskedPaths relative" {
	bad_config 'c["linux"]["maskedPaths"] = ["proc/kcore"]' 'linux.maskedPaths[0]'
}

@test "annotations value not a string" {
	bad_config 'c["annotations"] = {"a": 1}' annotations
}

@test "hooks entry without path" {
	bad_config 'c["hooks"] = {"prestart": [{"args": ["x"]}]}' 'hooks.prestart[0].path'
}

@test "hooks path relative" {
	bad_config 'c["hooks"] = {"prestart": [{"path": "bin/true"}]}' 'hooks.prestart[0].path'
}

@test "process binary missing fails at create or start with its name" {
	cfg_args /no/such/binary
	hull_create
	if [ "$status" -eq 0 ]; then
		run hull start "$CID"
		[ "$status" -ne 0 ]
	fi
	[[ "$output" == *"/no/such/binary"* ]]
}

@test "run with a bad config leaves nothing" {
	cfg_set 'c["process"]["cwd"] = "rel"'
	run hull run -b "$BUNDLE" "$CID"
	[ "$status" -ne 0 ]
	[[ "$output" == "hull: "*process.cwd* ]]
	assert_nothing_left
}
