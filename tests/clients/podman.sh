#!/bin/bash
# podman.sh root|rootless - podman 4.3 + conmon run the scenarios with hull as
# their OCI runtime.  Started by tests/clients/run inside its private mount
# namespace (cgroup2 on /sys/fs/cgroup); rootless runs podman as $TEST_USER.
set -u
cd "$(dirname "$0")" || exit 1
# shellcheck source-path=SCRIPTDIR source=lib.sh
. ./lib.sh

KIND=$1
MODE=podman-$KIND
D=$W/$MODE
CGP=/$CG/$MODE # --cgroup-parent: each container is $CGP/libpod-<id>
IMG=localhost/bb:latest
TEST_USER=${TEST_USER:-tester}

mkdir -p "$D"/{storage,run,tmp,xdg,home}
chmod 0700 "$D/xdg"
make_wrapper "$D/bin"
mkdir -p "$CGROOT$CGP"
for c in $(cat "$CGROOT/$CG/cgroup.subtree_control"); do
	echo "+$c" >"$CGROOT$CGP/cgroup.subtree_control" 2>/dev/null
done
if [ "$KIND" = rootless ]; then
	chown -R "$TEST_USER:" "$D/storage" "$D/run" "$D/tmp" "$D/xdg" "$D/home"
	chmod 0755 "$D"
	# A delegated cgroup, as systemd gives a user session: the user owns
	# it, and podman runs in a leaf of it, so hull may create the
	# containers' cgroups beside that leaf and move processes into them.
	mkdir -p "$CGROOT$CGP/runner"
	for d in "$CGROOT$CGP" "$CGROOT$CGP/runner"; do
		chown "$TEST_USER:" "$d" "$d/cgroup.procs" "$d/cgroup.threads" \
			"$d/cgroup.subtree_control"
	done
	echo $$ >"$CGROOT$CGP/runner/cgroup.procs"
fi

# Host limits the defaults would exceed on a CI machine: no pids controller
# in cgroup v2 (hybrid host: it is bound to v1) for the containers, and a root without
# CAP_SYS_RESOURCE cannot raise RLIMIT_NOFILE to podman's 1048576.  podman
# itself lowers its RLIMIT_NPROC to 32768 before starting conmon.
pids_limit=2048
grep -qw pids "$CGROOT$CGP/cgroup.subtree_control" || pids_limit=0
nofile=$(ulimit -Hn)
[ "$nofile" = unlimited ] && nofile=1048576
cat >"$D/containers.conf" <<EOF
[containers]
netns = "none"
pids_limit = $pids_limit
default_ulimits = ["nofile=$nofile:$nofile", "nproc=32768:32768"]

[engine]
runtime = "hull"
runtime_supports_json = ["hull"]
runtime_supports_nocgroup = ["hull"]
cgroup_manager = "cgroupfs"
events_logger = "file"

[engine.runtimes]
hull = ["$D/bin/hull"]
EOF

# $PM: podman with this mode's private storage, config and user.
PM=$D/pm
{
	echo '#!/bin/bash'
	[ "$KIND" = rootless ] && printf 'cd %q || exit 1\n' "$D/home"
	printf 'exec '
	[ "$KIND" = rootless ] && printf 'runuser -u %q -- ' "$TEST_USER"
	printf 'env CONTAINERS_CONF=%q XDG_RUNTIME_DIR=%q HOME=%q ' \
		"$D/containers.conf" "$D/xdg" "$D/home"
	printf 'podman --root %q --runroot %q --tmpdir %q ' \
		"$D/storage" "$D/run" "$D/tmp"
	printf -- '--storage-driver overlay --cgroup-manager cgroupfs '
	printf -- '--events-backend file "$@"\n'
} >"$PM"
chmod 0755 "$PM"

cleanup() {
	"$PM" rm -a -f -t 0 >/dev/null 2>&1
	if [ -s "$D/tmp/pause.pid" ]; then
		kill -9 "$(cat "$D/tmp/pause.pid")" 2>/dev/null
	fi
}
trap cleanup EXIT

logs_have() { "$PM" logs d1 2>&1 | grep -q started; }
status_is() { [ "$("$PM" inspect -f '{{.State.Status}}' "$1" 2>/dev/null)" = "$2" ]; }

t "import the busybox image" 0 '' "$PM" import "$W/busybox.tar" "$IMG" || exit 1
t "podman info names hull as the runtime" 0 '^hull$' \
	"$PM" info --format '{{.Host.OCIRuntime.Name}}'

R=(run --cgroup-parent "$CGP")
t "run: exit 0 and stdout" 0 '^hello$' "$PM" "${R[@]}" --rm "$IMG" echo hello
t "run: exit code 3" 3 '' "$PM" "${R[@]}" --rm "$IMG" sh -c 'exit 3'
t "run -i: stdin reaches the container" 0 '^piped$' \
	bash -c 'echo piped | "$@"' _ "$PM" "${R[@]}" --rm -i "$IMG" cat
t "run: ten commands that exit at once" 0 '' \
	bash -c 'for i in 1 2 3 4 5 6 7 8 9 10; do "$@" || exit; done' _ \
	"$PM" "${R[@]}" --rm "$IMG" true

# A detached container that logs, takes exec, pause, and a SIGTERM.
t "run -d" 0 '' "$PM" "${R[@]}" -d --name d1 "$IMG" \
	sh -c 'echo started; trap "exit 0" TERM; while :; do sleep 0.1; done'
if wait_for 10 logs_have; then ok "detached run: logs"; else bad "detached run: logs" "$("$PM" logs d1 2>&1)"; fi
t "exec: exit code and output" 4 '^in-exec' "$PM" exec d1 sh -c 'echo in-exec; exit 4'
t "exec of a missing command: hull's reason shown" any \
	"hull: .*'/no/such/cmd'.*No such file or directory" "$PM" exec d1 /no/such/cmd
t "exec -t: a terminal" 0 '/dev/pts/[0-9]+' "$PM" exec -t d1 tty
t "exec --user 1000:1000" 0 '^1000:1000' "$PM" exec --user 1000:1000 d1 sh -c 'echo "$(id -u):$(id -g)"'

cid=$("$PM" inspect -f '{{.Id}}' d1 2>/dev/null)
cgdir=$CGP/libpod-$cid
# podman never passes --root: hull finds its state where podman's later
# `hull state` (recovery paths) looks, /run/hull or $XDG_RUNTIME_DIR/hull.
if [ "$KIND" = rootless ]; then
	t "hull state in podman's user namespace: running" 0 '"status": "running"' \
		"$PM" unshare "$HULL" state "$cid"
else
	t "hull state (default root): running" 0 '"status": "running"' "$HULL" state "$cid"
fi
if [ ! -e "$CGROOT$cgdir/cgroup.freeze" ]; then
	skip "pause/unpause" "no cgroup.freeze in '$CGROOT$cgdir': hull made no cgroup"
else
	cap "$PM" pause d1
	if [ "$RC" = 0 ] && frozen "$cgdir" && status_is d1 paused; then
		ok "pause: cgroup frozen, podman says paused"
	else
		bad "pause" "exit $RC, $(cat "$CGROOT$cgdir/cgroup.events" 2>&1)" "$OUT"
	fi
	cap "$PM" unpause d1
	if [ "$RC" = 0 ] && thawed "$cgdir" && status_is d1 running; then
		ok "unpause: cgroup thawed, podman says running"
	else
		bad "unpause" "exit $RC" "$OUT"
	fi
fi
# podman update hands hull a linux.resources file (update --resources=F).
if grep -qw memory "$CGROOT$CGP/cgroup.subtree_control"; then
	t "update --memory: memory.max set" 0 '' "$PM" update --memory 64m d1 &&
		t "update --memory: memory.max is 64M" 0 '^67108864$' cat "$CGROOT$cgdir/memory.max"
else
	t "update --memory: hull's reason shown (no memory controller in v2)" 125 \
		'hull: linux.resources.memory: the memory controller' \
		"$PM" update --memory 64m d1
fi
start=$SECONDS
t "stop: SIGTERM ends it" 0 '' "$PM" stop -t 30 d1
if [ $((SECONDS - start)) -lt 15 ]; then ok "stop: no wait for the SIGKILL timeout"; else bad "stop took $((SECONDS - start)) s"; fi
t "stop: exit code 0 from the TERM trap" 0 '^0$' "$PM" inspect -f '{{.State.ExitCode}}' d1

t "run -d (to kill)" 0 '' "$PM" "${R[@]}" -d --name d2 "$IMG" sleep 1000
t "kill: SIGKILL, exit code 137" 0 '' "$PM" kill d2
t "kill: podman wait says 137" 0 '^137$' "$PM" wait d2

t "read-only rootfs: / refuses writes" 1 'Read-only file system' \
	"$PM" "${R[@]}" --rm --read-only "$IMG" touch /x
t "read-only rootfs: /tmp is a tmpfs (tmpcopyup)" 0 '' \
	"$PM" "${R[@]}" --rm --read-only "$IMG" touch /tmp/x
mkdir -p "$D/vol"
[ "$KIND" = rootless ] && chown "$TEST_USER:" "$D/vol"
t "-v: a bind-mounted host directory is writable" 0 '' \
	"$PM" "${R[@]}" --rm -v "$D/vol:/data" "$IMG" sh -c 'echo from-container >/data/f'
if grep -qx from-container "$D/vol/f" 2>/dev/null; then ok "-v: the file is on the host"; else bad "-v: no file on the host"; fi
t "-v :ro: read-only bind" 1 'Read-only file system' \
	"$PM" "${R[@]}" --rm -v "$D/vol:/data:ro" "$IMG" touch /data/g
# User namespaces: podman's id maps (rootful), keep-id inside podman's own
# user namespace (rootless).
if [ "$KIND" = root ]; then
	t "--uidmap/--gidmap: a user namespace with podman's maps" 0 \
		'^ +0 +200000 +65536$' \
		"$PM" "${R[@]}" --rm --uidmap 0:200000:65536 --gidmap 0:200000:65536 "$IMG" \
		sh -c 'touch /x && cat /proc/self/uid_map'
else
	t "--userns=keep-id: the user keeps its uid" 0 "^$(id -u "$TEST_USER")\$" \
		"$PM" "${R[@]}" --rm --userns=keep-id "$IMG" id -u
fi
t "--user 1000:1000" 0 '^1000:1000$' \
	"$PM" "${R[@]}" --rm --user 1000:1000 "$IMG" sh -c 'echo "$(id -u):$(id -g)"'
t "default capabilities: CapEff not 0" 0 'CapEff:[[:space:]]+0*[1-9a-f]' \
	"$PM" "${R[@]}" --rm "$IMG" grep CapEff /proc/self/status
t "--cap-drop all: CapEff 0" 0 'CapEff:[[:space:]]+0{16}' \
	"$PM" "${R[@]}" --rm --cap-drop all "$IMG" grep CapEff /proc/self/status
# A pod: an infra container (catatonit) whose namespaces the others join
# by path, as Kubernetes pods do through CRI.
if t "pod create" 0 '' "$PM" pod create --name p1 --cgroup-parent "$CGP"; then
	t "pod: a member container" 0 '' "$PM" run -d --pod p1 --name pm1 "$IMG" sleep 1000
	n1=$("$PM" exec pm1 readlink /proc/self/ns/net 2>&1)
	t "pod: members share the pod's network namespace and hostname" 0 \
		"^p1 ${n1//[/\\[}\$" \
		"$PM" run --rm --pod p1 "$IMG" sh -c 'echo "$(hostname) $(readlink /proc/self/ns/net)"'
	t "pod rm" 0 '' "$PM" pod rm -f -t 0 p1
fi
# podman copies the host node's st_mode (type bits included) into
# linux.devices; rootless, --privileged binds every host node onto /dev.
t "--device: a host node under a new name" 0 '^c.* 1, +3 .*/dev/mynull$' \
	"$PM" "${R[@]}" --rm --device /dev/null:/dev/mynull "$IMG" ls -l /dev/mynull
# --privileged: every capability this host's root may hold (a user
# namespace's root: all of them).
if [ "$KIND" = root ]; then
	allcaps=$(awk '/^CapBnd/ { print $2 }' /proc/self/status)
else
	allcaps=$(printf '%016x' $(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1)))
fi
t "--privileged: every capability" 0 "CapEff:[[:space:]]+$allcaps" \
	"$PM" "${R[@]}" --rm --privileged "$IMG" grep CapEff /proc/self/status
t "run -t: a terminal (console socket)" 0 '/dev/pts/0' \
	"$PM" "${R[@]}" --rm -t "$IMG" tty
# --cgroups=disabled: podman passes --cgroup-manager disabled (podman 4.3
# reads runtime_supports_nocgroup, without the s containers.conf(5) shows).
# Seen from the host, not from inside: in a private cgroup namespace a
# container with a cgroup of its own reads 0::/ too.  Without a cgroup, the
# init stays in conmon's cgroup (hull moves it nowhere).
if t "--cgroups=disabled: run -d" 0 '' \
	"$PM" run -d --cgroups=disabled --name nocg "$IMG" sleep 1000; then
	pid=$("$PM" inspect -f '{{.State.Pid}}' nocg 2>&1)
	cpid=$("$PM" inspect -f '{{.State.ConmonPid}}' nocg 2>&1)
	cg_ctr=$(grep '^0::' "/proc/$pid/cgroup" 2>&1)
	cg_conmon=$(grep '^0::' "/proc/$cpid/cgroup" 2>&1)
	if [ -n "$cg_ctr" ] && [ "$cg_ctr" = "$cg_conmon" ]; then
		ok "--cgroups=disabled: no cgroup of its own (conmon's: $cg_ctr)"
	else
		bad "--cgroups=disabled: no cgroup of its own" \
			"container (pid $pid): $cg_ctr" "conmon (pid $cpid): $cg_conmon"
	fi
	t "--cgroups=disabled: rm" 0 '' "$PM" rm -f -t 0 nocg
fi
t "run --init: catatonit (podman-init) is pid 1" 0 '^ *1 /run/podman-init' \
	"$PM" "${R[@]}" --rm --init "$IMG" ps -o pid,args
if [ "$KIND" = rootless ]; then
	# A cgroup parent the user cannot write: the container runs without
	# a cgroup (hull warns on stderr, which podman shows for run -d).
	t "rootless, cgroup not delegated: the container runs" 0 '^hello' \
		"$PM" run --cgroup-parent "/$CG" --rm "$IMG" echo hello
	if compgen -G "$CGROOT/$CG/libpod-*" >/dev/null; then
		bad "rootless, cgroup not delegated: a cgroup was made" "$(ls -d "$CGROOT/$CG"/libpod-*)"
	else
		ok "rootless, cgroup not delegated: no cgroup made"
	fi
fi
# The message podman shows must be hull's own reason.
t "missing command: hull's reason shown" 127 \
	"hull: .*'/no/such/cmd'.*No such file or directory" \
	"$PM" "${R[@]}" --rm "$IMG" /no/such/cmd
t "command not in PATH: hull's reason shown" 127 \
	"hull: .*'nosuchcmd' not found" "$PM" "${R[@]}" --rm "$IMG" nosuchcmd

for w in create start exec kill pause resume update delete; do
	if calls_seen "$D/bin" "$w"; then ok "podman called hull $w"; else bad "podman never called hull $w"; fi
done
if grep -q -- '--log-format=json --log ' "$D/bin/calls.log"; then
	ok "podman passed --log-format=json --log"
else
	bad "podman did not pass --log-format=json" "$(head -3 "$D/bin/calls.log")"
fi

summary
