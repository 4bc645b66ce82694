#!/bin/bash
# bench/phases.sh - where the wall time of one `run` goes: N runs of
# /bin/true under `perf record` of a few syscall tracepoints (cheap, unlike
# strace), then the median time of each milestone from the runtime's first
# exec.  Same namespace, cgroup2 and tmpfs set-up as bench/run.sh.
#
#   sudo bench/phases.sh [BUILD_DIR] [N] [hull|crun|runc]   (default ./build, 50, hull)
#
# Milestones (whichever the runtime reaches): reexec (execveat of the
# sealed copy), bpf_load, fork (first clone of the main process: [inter],
# or the init itself when there is none), ns_unshare and clone3 (of
# [inter]), init_first (the init's first return from clone3),
# setsid, keyctl, pivot, umount, exec_ctr (execve of /bin/true), ctr_exit,
# end (the runtime exits).  Tracing adds some overhead: compare runtimes
# measured the same way, not with bench/run.sh figures.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
N=${2:-50}
WHICH=${3:-hull}
export HULL=$BUILD/runtime/hull
[ "$(id -u)" = 0 ] || { echo "bench/phases.sh: run as root" >&2; exit 1; }
command -v perf >/dev/null || { echo "bench/phases.sh: perf missing (apt-get install linux-perf)" >&2; exit 1; }

W=$(mktemp -d /tmp/hull-phases.XXXXXX)
trap 'rm -rf "$W"' EXIT
# shellcheck source-path=SCRIPTDIR/.. source=tests/lib/bundle.sh
. "$SRC/tests/lib/bundle.sh"
bundle_template "$W/bundle" root >/dev/null
BUNDLE=$W/bundle cfg_set '
c["ociVersion"] = "1.0.2"
c["process"]["args"] = ["/bin/true"]
c["linux"].pop("resources", None)
c["linux"].pop("seccomp", None)
c["linux"]["cgroupsPath"] = "/hull-bench"'

case $WHICH in
hull) cmd=("$HULL" --root "$W/state/hull" run -b "$W/bundle" phases) ;;
crun) cmd=(crun --root "$W/state/crun" --cgroup-manager=cgroupfs run -b "$W/bundle" phases) ;;
runc) cmd=(runc --root "$W/state/runc" run -b "$W/bundle" phases) ;;
*) echo "bench/phases.sh: hull, crun or runc" >&2; exit 2 ;;
esac

ev=sched:sched_process_exit
for s in execve execveat clone clone3 unshare pivot_root bpf setsid keyctl umount; do
	ev="$ev,syscalls:sys_enter_$s,syscalls:sys_exit_$s"
done
cat >"$W/inner.sh" <<'INNER'
#!/bin/bash
set -eu
n=$1 ev=$2 data=$3; shift 3
mount --make-rprivate /
mount -t cgroup2 none /sys/fs/cgroup
mkdir -p "$W/state"
mount -t tmpfs tmpfs "$W/state"
for _ in 1 2 3 4 5; do
	"$@" >/dev/null 2>"$W/warmup.err" || {
		rc=$?
		echo "bench/phases.sh: a warm-up run failed (exit $rc): $*" >&2
		cat "$W/warmup.err" >&2
		exit 1
	}
done
# Each run's exit status, in order, to $W/rc (the python below keeps only
# the runs that succeeded: one that fails early looks fast).
: >"$W/rc"
# shellcheck disable=SC2016
perf record -q -o "$data" -e "$ev" -- bash -c 'for _ in $(seq '"$n"'); do "$@" >/dev/null 2>&1; echo $? >>"$W/rc"; done' loop "$@"
[ ! -d /sys/fs/cgroup/hull-bench ] || rmdir /sys/fs/cgroup/hull-bench
INNER
chmod +x "$W/inner.sh"
export W
unshare -m "$W/inner.sh" "$N" "$ev" "$W/perf.data" "${cmd[@]}"
perf script -i "$W/perf.data" -F comm,pid,tid,time,event,trace 2>/dev/null >"$W/script.txt"

/usr/bin/python3 - "$W/script.txt" "$WHICH" "$W/rc" <<'PY'
import re, statistics as st, sys

events = []
for line in open(sys.argv[1]):
    m = re.match(r"\s*(\S.*?)\s+(\d+)/(\d+)\s+([\d.]+):\s+(\S+):\s*(.*)", line)
    if m:
        events.append((m[1], int(m[3]), float(m[4]) * 1e3, m[5].split(":")[-1], m[6].strip()))
runs, seen = [], set()
for ev in events:
    comm, tid, _, name, _ = ev
    # A run starts when the loop's child has become the runtime.
    if name == "sys_exit_execve" and comm in ("hull", "crun", "runc") and tid not in seen:
        seen.add(tid)
        runs.append([])
    if runs:
        runs[-1].append(ev)
rcs = [int(l) for l in open(sys.argv[3]).read().split()]
if len(rcs) != len(runs):
    print("%s: %d exit statuses for %d traced runs: statuses cannot be matched to runs;"
          " only the traced milestones decide" % (sys.argv[2], len(rcs), len(runs)), file=sys.stderr)
failed = sum(1 for rc in rcs if rc != 0)
marks, kept, dropped_rc, dropped_end = {}, 0, 0, 0
for i, run in enumerate(runs):
    main, t0, got = run[0][1], run[0][2], {}
    def mark(key, t):
        got.setdefault(key, t - t0)
    for comm, tid, t, name, args in run:
        if tid == main:
            if name == "sys_enter_execveat": mark("reexec", t)
            elif name == "sys_enter_bpf" and "cmd: 0x00000005" in args: mark("bpf_load", t)
            elif name == "sys_exit_bpf" and "bpf_load" in got: mark("bpf_load_end", t)
            elif name in ("sys_enter_clone", "sys_enter_clone3"): mark("fork", t)
            elif name == "sched_process_exit": mark("end", t)
            continue
        # The namespaces of [inter] or crun's child; hull's init unshares
        # only its cgroup namespace (and, without [inter], was born in the
        # others by the main process's clone3).
        if name == "sys_enter_unshare" and comm != "hull:init": mark("ns_unshare", t)
        elif name == "sys_exit_unshare" and comm != "hull:init": mark("ns_unshare_end", t)
        elif name == "sys_enter_clone3": mark("clone3", t)
        elif name == "sys_exit_clone3" and args == "0x0": mark("init_first", t)
        elif name == "sys_enter_setsid": mark("setsid", t)
        elif name == "sys_enter_keyctl": mark("keyctl", t)
        elif name == "sys_enter_pivot_root": mark("pivot", t)
        elif name == "sys_enter_umount": mark("umount", t)
        elif name == "sys_exit_umount": mark("umount_end", t)
        elif name == "sys_enter_execve": mark("exec_ctr", t)
        elif name == "sched_process_exit" and comm == "true": mark("ctr_exit", t)
    # Only runs that succeeded and went the whole way count.
    if len(rcs) == len(runs) and rcs[i] != 0:
        dropped_rc += 1
        continue
    if not all(k in got for k in ("exec_ctr", "ctr_exit", "end")):
        dropped_end += 1
        continue
    kept += 1
    for k, v in got.items():
        marks.setdefault(k, []).append(v)
print("%s: %d runs, %d kept, %d dropped (%d exited non-zero, %d did not reach the container's exit"
      " and their own); median ms since the runtime's exec (step since the previous line)"
      % (sys.argv[2], len(runs), kept, len(runs) - kept, dropped_rc, dropped_end))
if failed and len(rcs) != len(runs):
    print("%s: %d of %d runs exited non-zero" % (sys.argv[2], failed, len(rcs)), file=sys.stderr)
if not kept:
    print("%s: no run succeeded: no medians" % sys.argv[2], file=sys.stderr)
    sys.exit(1)
prev = 0.0
for k in sorted(marks, key=lambda k: st.median(marks[k])):
    m = st.median(marks[k])
    print("  %-15s %6.2f  (+%.2f)" % (k, m, m - prev))
    prev = m
PY
