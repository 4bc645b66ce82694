#!/bin/bash
# containerd.sh - a private containerd 1.6 (own config, root, state and
# socket under $W) runs the scenarios through its runc v2 shim, whose
# BinaryName (ctr --runc-binary) is hull.  Started by tests/clients/run
# inside its private mount namespace (cgroup2 on /sys/fs/cgroup).
set -u
cd "$(dirname "$0")" || exit 1
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

MODE=containerd
D=$W/containerd
IMG=localhost/bb:latest
mkdir -p "$D"/{root,state,runc,fifo}
make_wrapper "$D/bin"

cat >"$D/config.toml" <<EOF
version = 2
root = "$D/root"
state = "$D/state"
disabled_plugins = ["io.containerd.grpc.v1.cri", "io.containerd.internal.v1.tracing",
  "io.containerd.snapshotter.v1.btrfs", "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper", "io.containerd.snapshotter.v1.aufs"]

[grpc]
  address = "$D/containerd.sock"

[ttrpc]
  address = "$D/containerd.sock.ttrpc"

[metrics]
  address = ""
EOF

stop_containerd() {
	local f pid
	# Shims outlive their tasks only on failure; they hold the tasks' io.
	for f in "$D"/state/io.containerd.runtime.v2.task/*/*/shim.pid; do
		[ -s "$f" ] && kill -9 "$(cat "$f")" 2>/dev/null
	done
	[ -s "$D/containerd.pid" ] || return 0
	pid=$(cat "$D/containerd.pid")
	kill "$pid" 2>/dev/null
	for _ in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	kill -9 "$pid" 2>/dev/null
	rm -f "$D/containerd.pid"
}
trap stop_containerd EXIT

# ctr run --uidmap makes the shim drop BinaryName and run "runc" from its
# PATH: a runc that is hull, first in containerd's PATH (as docs/engines.md
# says to do).
mkdir -p "$D/path"
ln -s "$D/bin/hull" "$D/path/runc"
PATH=$D/path:$PATH containerd --config "$D/config.toml" >"$D/containerd.log" 2>&1 &
echo $! >"$D/containerd.pid"
if ! wait_for 20 test -S "$D/containerd.sock"; then
	bad "containerd starts" "$(tail -20 "$D/containerd.log")"
	summary
	exit 1
fi
ok "private containerd started (pid $(cat "$D/containerd.pid"))"

# The ctr namespace is the suite's cgroup name: containerd's cgroupsPath is
# /<namespace>/<id>, so every task's cgroup lands under $CG.
CTR=$D/ctr
printf '#!/bin/sh\nexec ctr -a %q -n %q "$@"\n' "$D/containerd.sock" "$CG" >"$CTR"
chmod 0755 "$CTR"
R=(--runc-binary "$D/bin/hull" --runc-root "$D/runc" --fifo-dir "$D/fifo")
# No cpu controller in cgroup v2 on a hybrid host: no cpu.shares then.
grep -qw cpu "$CGROOT/$CG/cgroup.subtree_control" || R+=(--cpu-shares 0)

task_status() { "$CTR" task ls 2>/dev/null | awk -v id="$1" '$1 == id { print $3 }'; }
status_is() { [ "$(task_status "$1")" = "$2" ]; }
file_has() { grep -q "$2" "$1" 2>/dev/null; }
# ctr -t wants a terminal on its stdin: script(1) gives it one.
quote() { printf '%q ' "$@"; }

t "import the OCI archive" 0 'localhost/bb' \
	"$CTR" images import "$W/busybox-oci.tar" || exit 1

t "run: exit 0 and stdout" 0 '^hello' "$CTR" run --rm "${R[@]}" "$IMG" c1 echo hello
t "run: exit code 3" 3 '' "$CTR" run --rm "${R[@]}" "$IMG" c2 sh -c 'exit 3'
t "run: ten commands that exit at once" 0 '' \
	bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$@" "fast$i" true || exit; done' _ \
	"$CTR" run --rm "${R[@]}" "$IMG"

# A detached task that logs, takes exec, ps, pause and resume.
t "run -d" 0 '' "$CTR" run -d --log-uri "file://$D/d1.log" "${R[@]}" "$IMG" d1 \
	sh -c 'echo started; while :; do sleep 0.1; done'
if wait_for 10 file_has "$D/d1.log" started; then
	ok "detached run: log file"
else
	bad "detached run: log file" "$(cat "$D/d1.log" 2>&1)"
fi
X=(task exec --fifo-dir "$D/fifo")
t "exec: exit code and output" 4 '^in-exec' \
	"$CTR" "${X[@]}" --exec-id e1 d1 sh -c 'echo in-exec; exit 4'
t "exec of a missing command: hull's reason shown" any \
	"OCI runtime exec failed: .*'/no/such/cmd'.*No such file or directory" \
	"$CTR" "${X[@]}" --exec-id e0 d1 /no/such/cmd
t "exec -t: a terminal (console socket)" 0 '/dev/pts/[0-9]+' \
	script -qec "$(quote "$CTR" "${X[@]}" -t --exec-id e2 d1 tty)" /dev/null
t "exec --user 1000:1000" 0 '^1000:1000' \
	"$CTR" "${X[@]}" --user 1000:1000 --exec-id e3 d1 sh -c 'echo "$(id -u):$(id -g)"'
pid=$("$CTR" task ls | awk '$1 == "d1" { print $2 }')
t "task ps lists the init" 0 "^${pid}[[:space:]]" "$CTR" task ps d1

cgdir=$CG/d1
if [ ! -e "$CGROOT/$cgdir/cgroup.freeze" ]; then
	skip "pause/resume" "no cgroup.freeze in '$CGROOT/$cgdir'"
else
	cap "$CTR" task pause d1
	if [ "$RC" = 0 ] && frozen "$cgdir" && status_is d1 PAUSED; then
		ok "pause: cgroup frozen, task PAUSED"
	else
		bad "pause" "exit $RC, status $(task_status d1)" "$OUT"
	fi
	cap "$CTR" task resume d1
	if [ "$RC" = 0 ] && thawed "$cgdir" && status_is d1 RUNNING; then
		ok "resume: cgroup thawed, task RUNNING"
	else
		bad "resume" "exit $RC, status $(task_status d1)" "$OUT"
	fi
fi
t "kill --all -s SIGKILL a detached task" 0 '' "$CTR" task kill --all -s SIGKILL d1
if wait_for 10 status_is d1 STOPPED; then ok "killed task is STOPPED"; else bad "killed task is STOPPED" "status $(task_status d1)"; fi
t "task rm" 0 '' "$CTR" task rm d1
t "container rm" 0 '' "$CTR" container rm d1

# kill --all races the shim, which reaps the init the moment cgroup.kill
# ends it: a few rounds, each must succeed.
kill_all_rounds() {
	local i
	for i in 1 2 3 4 5; do
		"$CTR" run -d --null-io "${R[@]}" "$IMG" "ka$i" sleep 1000 || return 1
		"$CTR" task kill --all -s SIGKILL "ka$i" || return 1
		wait_for 10 status_is "ka$i" STOPPED || { echo "ka$i: $(task_status "ka$i")"; return 1; }
		"$CTR" task rm "ka$i" >/dev/null && "$CTR" container rm "ka$i" || return 1
	done
}
OUT=$(kill_all_rounds 2>&1)
RC=$?
if [ "$RC" = 0 ]; then ok "kill --all: five rounds"; else bad "kill --all: five rounds" "$OUT"; fi

# kill of a task that has exited (not yet deleted): the shim must read
# hull's error as "already finished" (NotFound, which containerd's CRI
# StopContainer accepts), as it reads runc's "container not running".
if t "run -d a task that exits at once" 0 '' "$CTR" run -d --null-io "${R[@]}" "$IMG" x1 true &&
	wait_for 10 status_is x1 STOPPED; then
	t "kill of an exited task: already finished, not an error" any \
		'process already finished: not found' "$CTR" task kill x1
	"$CTR" task rm x1 >/dev/null 2>&1
	"$CTR" container rm x1 >/dev/null 2>&1
fi

# stop (SIGTERM caught) and kill (SIGKILL): the exit code ctr run returns.
"$CTR" run --rm "${R[@]}" "$IMG" s1 \
	sh -c 'trap "exit 0" TERM; echo ready; while :; do sleep 0.1; done' >"$D/s1.out" 2>&1 &
spid=$!
if wait_for 10 file_has "$D/s1.out" ready; then
	start=$SECONDS
	"$CTR" task kill s1 >/dev/null 2>&1
	wait "$spid"
	rc=$?
	if [ "$rc" = 0 ] && [ $((SECONDS - start)) -lt 10 ]; then
		ok "stop: SIGTERM ends it with exit code 0"
	else
		bad "stop: SIGTERM" "exit $rc after $((SECONDS - start)) s" "$(cat "$D/s1.out")"
	fi
else
	bad "stop: task never ran" "$(cat "$D/s1.out")"
	kill "$spid" 2>/dev/null
fi
"$CTR" run --rm "${R[@]}" "$IMG" k1 sh -c 'echo ready; exec sleep 1000' >"$D/k1.out" 2>&1 &
spid=$!
if wait_for 10 file_has "$D/k1.out" ready; then
	"$CTR" task kill -s SIGKILL k1 >/dev/null 2>&1
	wait "$spid"
	rc=$?
	if [ "$rc" = 137 ]; then ok "kill: SIGKILL, exit code 137"; else bad "kill: SIGKILL" "exit $rc"; fi
else
	bad "kill: task never ran" "$(cat "$D/k1.out")"
	kill "$spid" 2>/dev/null
fi

t "read-only rootfs: / refuses writes" 1 'Read-only file system' \
	"$CTR" run --rm --read-only "${R[@]}" "$IMG" ro1 touch /x
t "user 1000:1000 (image config User)" 0 '^1000:1000$' \
	"$CTR" run --rm "${R[@]}" localhost/bb-user:latest u1 sh -c 'echo "$(id -u):$(id -g)"'
t "--uidmap/--gidmap: a user namespace (through the runc name)" 0 \
	'^ +0 +200000 +65536$' \
	"$CTR" run --rm --uidmap 0:200000:65536 --gidmap 0:200000:65536 "${R[@]}" "$IMG" un1 \
	sh -c 'touch /x && cat /proc/self/uid_map'
t "default capabilities: CapEff not 0" 0 'CapEff:[[:space:]]+0*[1-9a-f]' \
	"$CTR" run --rm "${R[@]}" "$IMG" cap1 grep CapEff /proc/self/status
# ctr 1.6 has no "ALL": drop each capability of its default set.
drop=()
for c in CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID SETFCAP \
	SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE; do
	drop+=(--cap-drop "CAP_$c")
done
t "cap-drop of every capability: CapEff 0" 0 'CapEff:[[:space:]]+0{16}' \
	"$CTR" run --rm "${drop[@]}" "${R[@]}" "$IMG" cap2 grep CapEff /proc/self/status
t "run -t: a terminal (console socket)" 0 '/dev/pts/0' \
	script -qec "$(quote "$CTR" run --rm -t "${R[@]}" "$IMG" tty1 tty)" /dev/null
# containerd reads the last error line of hull's --log file and shows it.
t "missing command: hull's reason shown" any \
	"OCI runtime create failed: .*'/no/such/cmd'.*No such file or directory" \
	"$CTR" run --rm "${R[@]}" "$IMG" err1 /no/such/cmd
"$CTR" container rm err1 >/dev/null 2>&1

for w in create start exec kill pause resume ps delete; do
	if calls_seen "$D/bin" "$w"; then ok "the shim called hull $w"; else bad "the shim never called hull $w"; fi
done
if grep -q ' kill --all d1 9' "$D/bin/calls.log"; then ok "the shim called hull kill --all"; else bad "no kill --all call"; fi
if grep -q -- "--log $D/state/.*/log.json --log-format json" "$D/bin/calls.log"; then
	ok "the shim passed --log <bundle>/log.json --log-format json"
else
	bad "no --log/--log-format json from the shim" "$(head -3 "$D/bin/calls.log")"
fi

summary
