#!/usr/bin/env bats
# hostile.bats - malformed and hostile configs, table-driven.
#
# REFUSED: `hull create` must exit non-zero with exactly one "hull: " line
# naming the field (its JSON path) and, where given, the cause, and leave
# nothing: no state dir, process, cgroup or host mount.
#
# CONTAINED: the config (and a prepared rootfs) may run, or be refused as
# above, but whatever happens stays inside the container's root: a check
# runs inside (/probe) and one outside, on the host.
#
# Decisions these tables pin down:
# - duplicate keys are refused, at any depth (a consumer keeping the first
#   and one keeping the last would disagree on what the config says);
# - "\u0000" in a string or key is refused (C strings would cut it);
# - nesting deeper than jansson's limit (2048) is refused, as a JSON error
#   naming where, also under keys hull does not know;
# - integers above 2^63-1 and reals like 1e400 are refused where they are
#   written (jansson's range), the others against each field's own range;
# - ".." in a mount destination or device path is refused; in process.cwd,
#   maskedPaths and readonlyPaths it resolves inside the container (after
#   pivot_root), as in runc;
# - symlinks in the rootfs are resolved inside it (openat2 RESOLVE_IN_ROOT):
#   an absolute symlink never reaches the host;
# - root.path may be a symlink, followed as by runc; one to the host's /
#   is refused;
# - /proc takes only a procfs (or a bind of a procfs root); beneath it only
#   the files lxcfs provides, as in runc; a destination that reaches /proc
#   through the image's symlinks counts as /proc.  /sys and /sys/fs/cgroup take
#   whatever the config binds there, inside the container only.

load helpers

setup_file() {
	common_setup_file
	# index of a mount appended to the template's list
	N_MOUNTS=$(BUNDLE=$TEMPLATE cfg_get 'len(c["mounts"])')
	export N_MOUNTS
}
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

# hostile_cfg 'PYTHON': run PYTHON on $BUNDLE/config.json.  c is the
# document, T the test's tmp dir, TAG this file's tag; raw(TEXT) is a
# placeholder written out as TEXT verbatim, for what Python's json would not
# write: duplicate keys, numbers out of range, deep nesting.  Python writes "\x00" as "\u0000".
hostile_cfg() {
	"$PY" - "$BUNDLE/config.json" "$1" "$T" "$HULL_TAG" <<'EOF'
import json, sys
path, code, tmp, tag = sys.argv[1:5]
c = json.load(open(path))
raws = {}
def raw(text):
    key = "@@hull-raw-%d@@" % len(raws)
    raws[key] = text
    return key
exec(code, {"c": c, "raw": raw, "T": tmp, "TAG": tag})
out = json.dumps(c, indent=1)
for key, text in raws.items():
    out = out.replace(json.dumps(key), text)
with open(path, "w") as f:
    f.write(out)
EOF
}

trim() {
	local s=$1
	s=${s#"${s%%[![:space:]]*}"}
	printf '%s' "${s%"${s##*[![:space:]]}"}"
}

# glob_match STRING GLOB
glob_match() {
	# shellcheck disable=SC2053 # the right side is a glob
	[[ $1 == $2 ]]
}

# next_case: a fresh bundle and container id for the next row.
next_case() {
	CASE_N=$((${CASE_N:-0} + 1))
	CID=hullt-$HULL_TAG-$BATS_TEST_NUMBER-$CASE_N
	BUNDLE=$T/$CASE_N
	bundle_copy "$TEMPLATE" "$BUNDLE"
}

# refused WORDS: the last hull_create failed with one line containing each
# of WORDS (@M: the index of an appended mount) and left nothing.
refused() {
	local words=()
	read -ra words <<<"${1//@M/$N_MOUNTS}"
	assert_one_error_line "${words[@]}" &&
		assert_nothing_left &&
		assert_host_clean "$CID" "$T"
}

# run_refused: one row per line of stdin, "NAME | WORDS | PYTHON"; every
# row is tried, the failed ones are listed.
run_refused() {
	local name words code failed=() n=0
	while IFS='|' read -r name words code; do
		name=$(trim "$name")
		[ -z "$name" ] || [[ $name == \#* ]] && continue
		next_case
		n=$((n + 1))
		if ! hostile_cfg "$(trim "$code")"; then
			failed+=("$name (mutation)")
			continue
		fi
		hull_create "$CID" 2>/dev/null
		if ! refused "$(trim "$words")"; then
			echo "--- $name: exit $status: $output" >&2
			failed+=("$name")
		fi
	done
	echo "$n cases" >&2
	[ ${#failed[@]} -eq 0 ] || {
		echo "failed: ${failed[*]}" >&2
		return 1
	}
}

@test "refused: wrong types" {
	run_refused <<'EOF'
root-string         | root                         | c["root"] = "rootfs"
root-path-number    | root.path                    | c["root"]["path"] = 7
mounts-object       | mounts                       | c["mounts"] = {"destination": "/x"}
mount-string        | mounts[0]                    | c["mounts"][0] = "/proc"
linux-array         | linux                        | c["linux"] = []
env-object          | process.env                  | c["process"]["env"] = {"A": "b"}
args-nested         | process.args[0]              | c["process"]["args"] = [["/probe"]]
annotations-array   | annotations                  | c["annotations"] = ["a"]
annotation-number   | annotations.a                | c["annotations"] = {"a": 1}
hooks-object        | hooks.prestart               | c["hooks"] = {"prestart": {"path": "/bin/true"}}
memory-string       | linux.resources.memory.limit | c["linux"]["resources"] = {"memory": {"limit": "1G"}}
rlimit-string       | process.rlimits[0].soft      | c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": "1", "hard": 1}]
namespace-number    | linux.namespaces[0]          | c["linux"]["namespaces"][0] = 5
caps-array          | process.capabilities         | c["process"]["capabilities"] = ["CAP_KILL"]
terminal-string     | process.terminal             | c["process"]["terminal"] = "yes"
uid-bool            | process.user.uid             | c["process"]["user"]["uid"] = True
options-string      | mounts[1].options            | c["mounts"][1]["options"] = "nosuid"
masked-number       | linux.maskedPaths[0]         | c["linux"]["maskedPaths"] = [1]
version-number      | ociVersion                   | c["ociVersion"] = 1.0
sysctl-array        | linux.sysctl                 | c["linux"]["sysctl"] = []
EOF
}

@test "refused: huge strings and deep nesting" {
	run_refused <<'EOF'
hostname-1MiB       | hostname longer             | c["hostname"] = "h" * (1 << 20)
domainname-1MiB     | domainname longer           | c["domainname"] = "d" * (1 << 20)
arg-1MiB            | process.args[1] longer      | c["process"]["args"] = ["/probe", "x" * (1 << 20)]
env-1MiB            | process.env[0] longer       | c["process"]["env"].insert(0, "BIG=" + "x" * (1 << 20))
cwd-1MiB            | process.cwd longer          | c["process"]["cwd"] = "/" + "a/" * (1 << 19)
destination-1MiB    | mounts[0].destination longer | c["mounts"].insert(0, {"destination": "/" + "a" * (1 << 20), "type": "tmpfs", "source": "tmpfs"})
masked-1MiB         | linux.maskedPaths[0] longer | c["linux"]["maskedPaths"] = ["/" + "m" * (1 << 20)]
deep-annotation     | annotations.x[0][0] depth   | c["annotations"] = {"x": raw("[" * 10000 + "]" * 10000)}
deep-unknown-key    | hullUnknown.a.a depth       | c["hullUnknown"] = raw("{\"a\": " * 10000 + "1" + "}" * 10000)
deep-args           | process.args[1][0] depth    | c["process"]["args"] = ["/probe", raw("[" * 3000 + "]" * 3000)]
EOF
}

@test "refused: NUL bytes" {
	run_refused <<'EOF'
nul-arg             | process.args[1] NUL         | c["process"]["args"] = ["/probe", "a\x00b"]
nul-arg0            | process.args[0] NUL         | c["process"]["args"] = ["/probe\x00/bin/sh"]
nul-env             | process.env[0] NUL          | c["process"]["env"].insert(0, "A=1\x00LD_PRELOAD=/x")
nul-hostname        | hostname NUL                | c["hostname"] = "h\x00x"
nul-cwd             | process.cwd NUL             | c["process"]["cwd"] = "/tmp\x00/etc"
nul-root            | root.path NUL               | c["root"]["path"] = "rootfs\x00/.."
nul-destination     | mounts[2].destination NUL   | c["mounts"][2]["destination"] = "/dev/pts\x00/../../etc"
nul-masked          | linux.maskedPaths[0] NUL    | c["linux"]["maskedPaths"] = ["/proc/kcore\x00x"]
nul-key             | annotations.a\u0000b NUL    | c["annotations"] = {"a\x00b": "x"}
nul-hook            | hooks.prestart[0].path NUL  | c["hooks"] = {"prestart": [{"path": "/bin/true\x00x"}]}
EOF
}

@test "refused: duplicate keys" {
	run_refused <<'EOF'
dup-top             | hostname duplicate              | c["hostname"] = raw("\"a\", \"hostname\": \"b\"")
dup-uid             | process.user.uid duplicate      | c["process"]["user"]["uid"] = raw("0, \"uid\": 0")
dup-destination     | mounts[2].destination duplicate | c["mounts"][2]["destination"] = raw("\"/dev/pts\", \"destination\": \"/etc\"")
dup-args            | process.args duplicate          | c["process"]["args"] = raw("[\"/probe\"], \"args\": [\"/bin/sh\"]")
dup-annotation      | annotations.a duplicate         | c["annotations"] = raw("{\"a\": \"1\", \"a\": \"2\"}")
dup-unknown         | hullUnknown.k duplicate         | c["hullUnknown"] = raw("{\"k\": 1, \"k\": 2}")
EOF
}

@test "refused: negative and overflowing numbers" {
	run_refused <<'EOF'
uid-negative        | process.user.uid           | c["process"]["user"]["uid"] = -1
uid-2^32            | process.user.uid           | c["process"]["user"]["uid"] = 2**32
uid-2^64            | process.user.uid range     | c["process"]["user"]["uid"] = 2**64
uid-1e400           | process.user.uid range     | c["process"]["user"]["uid"] = raw("1e400")
uid-real            | process.user.uid           | c["process"]["user"]["uid"] = 1.5
gid-negative-huge   | process.user.gid range     | c["process"]["user"]["gid"] = -2**63 - 1
gids-overflow       | process.user.additionalGids[1] | c["process"]["user"]["additionalGids"] = [1, 2**32]
umask-negative      | process.user.umask         | c["process"]["user"]["umask"] = -18
oom-2^31            | process.oomScoreAdj        | c["process"]["oomScoreAdj"] = 2**31
oom-2^63            | process.oomScoreAdj range  | c["process"]["oomScoreAdj"] = 2**63
oom-negative        | process.oomScoreAdj        | c["process"]["oomScoreAdj"] = -1001
rlimit-2^64         | process.rlimits[0].hard range | c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 1, "hard": 2**64}]
rlimit-negative     | process.rlimits[0].soft    | c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": -1, "hard": 1}]
memory-negative     | linux.resources.memory.limit | c["linux"]["resources"] = {"memory": {"limit": -5}}
memory-2^64         | linux.resources.memory.limit range | c["linux"]["resources"] = {"memory": {"limit": 2**64}}
memory-1e400        | linux.resources.memory.limit range | c["linux"]["resources"] = {"memory": {"limit": raw("-1e400")}}
shares-huge         | linux.resources.cpu.shares | c["linux"]["resources"] = {"cpu": {"shares": 2**63 - 1}}
shares-negative     | linux.resources.cpu.shares | c["linux"]["resources"] = {"cpu": {"shares": -1}}
pids-2^64           | linux.resources.pids.limit range | c["linux"]["resources"] = {"pids": {"limit": 2**64}}
idmap-overflow      | mounts[0].uidMappings[0]   | c["mounts"][0]["uidMappings"] = [{"containerID": 0, "hostID": 2**32 - 1, "size": 2}]; c["mounts"][0]["gidMappings"] = [{"containerID": 0, "hostID": 0, "size": 1}]
device-major-huge   | linux.devices[0].major     | c["linux"]["devices"] = [{"path": "/dev/x", "type": "c", "major": 2**63 - 1, "minor": 1}]
timeout-negative    | hooks.prestart[0].timeout  | c["hooks"] = {"prestart": [{"path": "/bin/true", "timeout": -1}]}
EOF
}

@test "refused: paths with '..'" {
	run_refused <<'EOF'
destination-up      | mounts[@M].destination ..  | c["mounts"].append({"destination": "/../../../tmp/hostile", "type": "tmpfs", "source": "tmpfs"})
destination-mid     | mounts[@M].destination ..  | c["mounts"].append({"destination": "/tmp/../../etc/hostile", "type": "tmpfs", "source": "tmpfs"})
destination-end     | mounts[@M].destination ..  | c["mounts"].append({"destination": "/tmp/..", "type": "tmpfs", "source": "tmpfs"})
device-up           | linux.devices[0].path      | c["linux"]["devices"] = [{"path": "/dev/../etc/hostile", "type": "c", "major": 1, "minor": 3}]
root-host           | root.path host's           | c["root"]["path"] = "/"
EOF
}

@test "refused: mounts on /proc other than a procfs" {
	mkdir -p "$T/hostdir"
	touch "$T/hostdir/marker"
	run_refused <<'EOF'
proc-tmpfs          | mounts[@M].type proc       | c["mounts"].append({"destination": "/proc", "type": "tmpfs", "source": "tmpfs"})
proc-slash-tmpfs    | mounts[@M].type proc       | c["mounts"].append({"destination": "//./proc/", "type": "tmpfs", "source": "tmpfs"})
proc-bind-dir       | mounts[@M] procfs          | c["mounts"].append({"destination": "/proc", "type": "bind", "source": T + "/hostdir", "options": ["rbind"]})
proc-bind-procsys   | mounts[@M] procfs          | c["mounts"].append({"destination": "/proc", "type": "none", "source": "/proc/sys", "options": ["rbind"]})
proc-sys-kernel     | mounts[@M].destination /proc/sys/kernel | c["mounts"].append({"destination": "/proc/sys/kernel", "type": "bind", "source": T + "/hostdir", "options": ["rbind"]})
proc-sys-proc       | mounts[@M].destination /proc/sys | c["mounts"].append({"destination": "/proc/sys", "type": "proc", "source": "proc"})
proc-self           | mounts[@M].destination /proc/self/attr | c["mounts"].append({"destination": "/proc/self/attr", "type": "tmpfs", "source": "tmpfs"})
EOF
	[ "$(ls -A "$T/hostdir")" = marker ]
}

# ------------------------------------------------------------- contained

# run_contained: one row per line of stdin,
#   "NAME | PREP | PYTHON | PROBE ARGS | WANT | HOST CHECK"
# PREP (bash, in the bundle) shapes the rootfs, PYTHON the config; `hull
# run` of /probe PROBE ARGS (-: the config's own args; @TAG: this file's
# tag) must print WANT (a glob), or, with WANT "refused WORDS", fail as in
# the tables above.  HOST CHECK (bash, in the bundle) must hold afterwards;
# in every case nothing is left and no host mount appeared.
run_contained() {
	local name prep code args want host failed=() n=0 ok
	while IFS='|' read -r name prep code args want host; do
		name=$(trim "$name")
		[ -z "$name" ] || [[ $name == \#* ]] && continue
		next_case
		n=$((n + 1))
		ok=1
		if ! (cd "$BUNDLE" && eval "$prep") || ! hostile_cfg "$(trim "$code")"; then
			failed+=("$name (setup)")
			continue
		fi
		want=$(trim "$want")
		args=$(trim "${args//@TAG/$HULL_TAG}")
		# shellcheck disable=SC2086 # PROBE ARGS are words
		[ "$args" = - ] || cfg_args /probe $args
		# not bats' run: 127 (the process failed to start) is an answer here
		status=0
		hull run -b "$BUNDLE" "$CID" </dev/null >"$T/out" 2>"$T/err" || status=$?
		output=$(cat "$T/out")
		stderr=$(cat "$T/err")
		if [[ $want == refused* ]]; then
			# a create that succeeded may have warned first (rootless: no
			# delegated cgroup); the error is still one line
			output=$(grep -v '^hull: warning: ' "$T/err" || true)
			lines=()
			[ -z "$output" ] || mapfile -t lines <<<"$output"
			refused "${want#refused}" || ok=
		elif [ "$status" -ne 0 ] || ! glob_match "$output" "$want"; then
			echo "--- $name: exit $status, output '$output', want '$want'; stderr: $stderr" >&2
			ok=
		fi
		(cd "$BUNDLE" && eval "$host") || {
			echo "--- $name: host check failed: $host" >&2
			ok=
		}
		assert_nothing_left && assert_host_clean "$CID" "$T" || ok=
		[ -n "$ok" ] || failed+=("$name")
	done
	echo "$n cases" >&2
	[ ${#failed[@]} -eq 0 ] || {
		echo "failed: ${failed[*]}" >&2
		return 1
	}
}

@test "contained: symlinks in the rootfs resolve inside it" {
	mkdir -p "$T/hostdir"
	touch "$T/hostdir/marker"
	run_contained <<'EOF'
# rootfs/etc -> /etc points, inside the root, at itself
etc-to-etc   | rm -rf rootfs/etc && ln -s /etc rootfs/etc | c["mounts"].append({"destination": "/etc/hostile-" + TAG, "type": "tmpfs", "source": "tmpfs"}) | cwd | refused mounts[@M] symbolic | [ ! -e "/etc/hostile-$HULL_TAG" ]
# /mnt -> / : /mnt/x is the rootfs' /x
mnt-to-root  | rm -rf rootfs/mnt && ln -s / rootfs/mnt | c["mounts"].append({"destination": "/mnt/hostile-" + TAG, "type": "tmpfs", "source": "tmpfs"}) | stat /hostile-@TAG | dir* | [ ! -e "/hostile-$HULL_TAG" ] && [ -d "rootfs/hostile-$HULL_TAG" ]
# an absolute symlink to a host dir that also exists in the rootfs
mnt-to-host  | mkdir -p "rootfs$T/hostdir" && rm -rf rootfs/mnt && ln -s "$T/hostdir" rootfs/mnt | c["mounts"].append({"destination": "/mnt/x", "type": "tmpfs", "source": "tmpfs"}) | stat /mnt/x | dir* | [ "$(ls -A "$T/hostdir")" = marker ] && [ -d "rootfs$T/hostdir/x" ]
# the same, missing in the rootfs: refused, the host dir untouched
mnt-dangling | rm -rf rootfs/mnt && ln -s "$T/hostdir" rootfs/mnt | c["mounts"].append({"destination": "/mnt/x", "type": "bind", "source": T + "/hostdir", "options": ["rbind"]}) | cwd | refused mounts[@M] /mnt | [ "$(ls -A "$T/hostdir")" = marker ]
# a relative symlink climbing out stops at the root
mnt-climbs   | rm -rf rootfs/mnt && ln -s ../../../../../../../../tmp rootfs/mnt | c["mounts"].append({"destination": "/mnt/hostile-" + TAG, "type": "tmpfs", "source": "tmpfs"}) | stat /tmp/hostile-@TAG | dir* | [ ! -e "/tmp/hostile-$HULL_TAG" ]
EOF
}

# The /proc rules hold for what a destination resolves to, not only for its
# spelling: the image's "p -> proc" makes "/p" the rootfs' /proc.
@test "contained: /proc reached through a symlink in the image" {
	mkdir -p "$T/hostdir"
	touch "$T/hostdir/marker"
	run_contained <<'EOF'
proc-link-tmpfs   | ln -s proc rootfs/p | c["mounts"].append({"destination": "/p", "type": "tmpfs", "source": "tmpfs"}) | cwd | refused mounts[@M].destination /proc | :
proc-link-bind    | ln -s proc rootfs/p | c["mounts"].append({"destination": "/p", "type": "bind", "source": T + "/hostdir", "options": ["rbind"]}) | cwd | refused mounts[@M] procfs | [ "$(ls -A "$T/hostdir")" = marker ]
proc-link-beneath | ln -s proc rootfs/p | c["mounts"].append({"destination": "/p/sys", "type": "tmpfs", "source": "tmpfs"}) | cwd | refused mounts[@M].destination /proc | :
# a procfs is what /proc takes, whatever the path's spelling
proc-link-proc    | ln -s proc rootfs/p | c["mounts"].append({"destination": "/p", "type": "proc", "source": "proc"}) | cwd | / | :
EOF
}

@test "contained: '..' in cwd, maskedPaths and readonlyPaths stays inside" {
	run_contained <<'EOF'
cwd-up       | : | c["process"]["cwd"] = "/../../../tmp" | cwd | /tmp | :
masked-up    | : | c["linux"]["maskedPaths"] = ["/../../../etc/passwd"] | size /etc/passwd | 0 | [ -s /etc/passwd ]
readonly-up  | : | c["linux"]["readonlyPaths"] = ["/../../../tmp"] | write /tmp/x | EROFS | :
root-dotdot  | : | c["root"]["path"] = "rootfs/../rootfs/." | cwd | / | :
EOF
}

@test "contained: the rootfs as a symlink" {
	run_contained <<'EOF'
root-link     | mv rootfs real && ln -s real rootfs | pass | cwd | / | [ -d real/proc ] && [ -L rootfs ]
root-link-abs | mv rootfs real && ln -s "$PWD/real" rootfs | pass | cwd | / | [ -L rootfs ]
root-to-host  | mv rootfs real && ln -s / rootfs | pass | cwd | refused root.path host's | [ -L rootfs ]
root-dangling | rm -rf rootfs && ln -s "$T/nonexistent" rootfs | pass | cwd | refused root.path | [ ! -e "$T/nonexistent" ]
root-loop     | rm -rf rootfs && ln -s rootfs rootfs | pass | cwd | refused root.path | :
EOF
}

@test "contained: binds on /sys, /sys/fs/cgroup and lxcfs's /proc files" {
	mkdir -p "$T/hostdir"
	echo 12345 >"$T/hostdir/marker"
	ls -A /sys/fs/cgroup >"$T/cgroup.before"
	run_contained <<'EOF'
sys-bind      | : | c["mounts"].append({"destination": "/sys", "type": "bind", "source": T + "/hostdir", "options": ["rbind", "ro"]}) | cat /sys/marker | 12345 | [ -d /sys/kernel ]
cgroup-bind   | : | c["mounts"].append({"destination": "/sys/fs/cgroup", "type": "bind", "source": T + "/hostdir", "options": ["rbind"]}) | write /sys/fs/cgroup/hostile | ok | ls -A /sys/fs/cgroup | cmp -s - "$T/cgroup.before" && [ -e "$T/hostdir/hostile" ] && rm "$T/hostdir/hostile"
meminfo-bind  | : | c["mounts"].append({"destination": "/proc/meminfo", "type": "bind", "source": T + "/hostdir/marker", "options": ["bind", "ro"]}) | cat /proc/meminfo | 12345 | :
EOF
}

@test "contained: huge but valid configs run" {
	run_contained <<'EOF'
args-100k       | : | c["process"]["args"] = ["/bin/true"] + ["a"] * 100000 | - | | :
annotations-big | : | c["annotations"] = {"a": "v" * (700 << 10), "b": "w" * (700 << 10)} | cwd | / | :
unknown-100k    | : | c["hullUnknown"] = list(range(100000)) | cwd | / | :
deep-2000       | : | c["hullUnknown"] = raw("[" * 2000 + "]" * 2000); c["process"]["args"] = ["/probe", "cwd"] | - | / | :
env-100k        | : | c["process"]["env"] += ["E%d=1" % i for i in range(100000)]; c["process"]["args"] = ["/bin/true"] | - | | :
EOF
}

# Limits only the kernel knows fail when the process starts, still with one
# line naming the field.
@test "contained: limits the kernel enforces at exec" {
	run_contained <<'EOF'
nofile-above-nr_open | : | c["process"]["rlimits"] = [{"type": "RLIMIT_NOFILE", "soft": 2**63 - 1, "hard": 2**63 - 1}] | cwd | refused process.rlimits[0] nr_open | :
args-over-arg_max    | : | c["process"]["args"] = ["/bin/true"] + ["a"] * 100000; c["process"]["rlimits"].append({"type": "RLIMIT_STACK", "soft": 1 << 20, "hard": 1 << 20}) | - | refused process.args process.env | :
EOF
}
