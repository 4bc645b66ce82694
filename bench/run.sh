#!/bin/bash
# bench/run.sh - time `run` of one busybox /bin/true container with hull,
# crun and runc on the same bundle (hyperfine), report peak RSS, and print
# the ratios.  A measurement for people, not a test: CI never runs it.
#
#   sudo bench/run.sh [BUILD_DIR] [RUNS]       (default ./build, 30)
#
#   ROUNDS=10         hyperfine invocations per mode; the order of the
#                     runtimes rotates between rounds and all rounds are
#                     pooled, so slow drift on a shared machine hits all
#   NICE=-15          niceness of everything measured: other load on the
#                     machine (builds, tests) disturbs it less
#   ROOTLESS_USER=tester  also measure rootless as this user (needs an entry
#                     in /etc/subuid; tests/setup-host.sh creates it);
#                     empty: root only
#   RSS_RUNS=10       runs under /usr/bin/time per runtime (median reported)
#   OUT=DIR           where the JSON goes (default BUILD_DIR/bench)
#   VARIANTS="name=/path/to/hull ..."  more hull binaries to time next to
#                     the others (before/after an optimization)
#
# How (docs/performance.md has the reasons):
# - Everything runs in one private mount namespace (unshare -m) with
#   cgroup2 mounted on /sys/fs/cgroup there: crun 1.8 refuses the host's
#   hybrid hierarchy and runc would otherwise make a cgroup in every v1
#   hierarchy.  The host's cgroup mounts are never touched; the cgroup the
#   bundle names (/hull-bench) is removed by each runtime after each run, and
#   again at the end in case one was left.
# - hyperfine runs inside that namespace with -N (no shell), so what is
#   timed is the runtime alone.  State roots are on a tmpfs mounted there,
#   as /run is on most hosts.
# - The bundle: `hull spec` (root or --rootless) with process.args
#   /bin/true, no linux.resources, no seccomp, ociVersion 1.0.2 (crun 1.8.1
#   refuses other versions).  Root mode names cgroupsPath /hull-bench, so
#   hull, runc and crun (cgroupfs manager) each create, fill and remove a
#   cgroup and attach a device eBPF program; "crun-nocg" is crun with
#   --cgroup-manager=disabled (no cgroup at all).  Rootless: no cgroup for
#   anyone (nothing is delegated to the user).
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
RUNS=${2:-30}
ROUNDS=${ROUNDS:-10}
NICE=${NICE:--15}
RSS_RUNS=${RSS_RUNS:-10}
ROOTLESS_USER=${ROOTLESS_USER-tester}
OUT=${OUT:-$BUILD/bench}
HULL=$BUILD/runtime/hull
CRUN=$(command -v crun || true)
RUNC=$(command -v runc || true)
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: run as root" >&2; exit 1; }
for t in "$HULL" "$CRUN" "$RUNC" /usr/bin/hyperfine /usr/bin/time /usr/bin/python3 /usr/bin/setpriv; do
	if [ -z "$t" ] || [ ! -x "$t" ]; then
		echo "bench/run.sh: ${t:-crun/runc} missing (apt-get install hyperfine crun runc time)" >&2
		exit 1
	fi
done
if [ -n "$ROOTLESS_USER" ] && ! grep -q "^$ROOTLESS_USER:" /etc/subuid 2>/dev/null; then
	echo "bench/run.sh: no subuid entry for '$ROOTLESS_USER' (tests/setup-host.sh); rootless skipped" >&2
	ROOTLESS_USER=
fi

W=$(mktemp -d /tmp/hull-bench.XXXXXX)
chmod 0755 "$W"
trap 'rm -rf "$W"' EXIT
mkdir -p "$OUT"
export HULL
# shellcheck source-path=SCRIPTDIR/.. source=tests/lib/bundle.sh
. "$SRC/tests/lib/bundle.sh"

# make_bundle DIR MODE [CFG_STATEMENTS]
make_bundle() {
	bundle_template "$1" "$2" >/dev/null
	BUNDLE=$1 cfg_set '
c["ociVersion"] = "1.0.2"
c["process"]["args"] = ["/bin/true"]
c["linux"].pop("resources", None)
c["linux"].pop("seccomp", None)'
	[ -z "${3:-}" ] || BUNDLE=$1 cfg_set "$3"
}
make_bundle "$W/root/bundle" root 'c["linux"]["cgroupsPath"] = "/hull-bench"'
if [ -n "$ROOTLESS_USER" ]; then
	uid=$(id -u "$ROOTLESS_USER")
	gid=$(id -g "$ROOTLESS_USER")
	# One mapping of the user's own ids: no newuidmap, the same for all.
	make_bundle "$W/rootless/bundle" rootless "
c['linux']['uidMappings'] = [{'containerID': 0, 'hostID': $uid, 'size': 1}]
c['linux']['gidMappings'] = [{'containerID': 0, 'hostID': $gid, 'size': 1}]"
	chown -R "$uid:$gid" "$W/rootless"
fi

# The part that runs inside the private mount namespace, as root.
#   inner.sh MODE: mount cgroup2 and a tmpfs for the state roots, then run
#   hyperfine ROUNDS times and /usr/bin/time RSS_RUNS times per runtime
#   (as ROOTLESS_USER in rootless mode).
cat >"$W/inner.sh" <<'INNER'
#!/bin/bash
set -eu
mode=$1
D=$W/$mode
mount --make-rprivate /
mount -t cgroup2 none /sys/fs/cgroup
mkdir -p "$D/state"
mount -t tmpfs -o mode=0755 tmpfs "$D/state"
as=()
if [ "$mode" = rootless ]; then
	chown "$ROOTLESS_USER:" "$D/state"
	as=(setpriv --reuid "$ROOTLESS_USER" --regid "$(id -g "$ROOTLESS_USER")" --init-groups
		env -u XDG_RUNTIME_DIR HOME=/tmp)
fi
B=$D/bundle S=$D/state
names=(hull crun crun-nocg runc)
cmds=("$HULL --root $S/hull run -b $B bench-hull"
	"$CRUN --root $S/crun --cgroup-manager=cgroupfs run -b $B bench-crun"
	"$CRUN --root $S/crun --cgroup-manager=disabled run -b $B bench-crun-nocg"
	"$RUNC --root $S/runc run -b $B bench-runc")
for v in $VARIANTS; do
	names+=("${v%%=*}")
	cmds+=("${v#*=} --root $S/${v%%=*} run -b $B bench-${v%%=*}")
done
if [ "$mode" = rootless ]; then
	# Nothing is delegated to the user: no runtime makes a cgroup, and
	# crun's default manager would only warn; keep one crun.
	names=(hull crun runc "${names[@]:4}")
	cmds=("${cmds[0]}" "${cmds[2]}" "${cmds[@]:3}")
fi
n=${#names[@]}
status=0
for r in $(seq 0 $((ROUNDS - 1))); do
	args=()
	for i in $(seq 0 $((n - 1))); do
		k=$(((i + r) % n))
		args+=(-n "${names[k]}" "${cmds[k]}")
	done
	"${as[@]}" hyperfine -N --style basic --warmup 3 --runs "$RUNS" \
		--export-json "$D/round$r.json" "${args[@]}" >"$D/round$r.txt" 2>&1 || {
		cat "$D/round$r.txt" >&2
		status=1
		break
	}
done
# Peak RSS (ru_maxrss: the largest of the runtime process and every
# descendant it reaped; the container's /bin/true is far smaller).
for i in $(seq 0 $((n - 1))); do
	for _ in $(seq "$RSS_RUNS"); do
		# shellcheck disable=SC2086
		"${as[@]}" /usr/bin/time -f %M -a -o "$D/rss.${names[i]}" ${cmds[i]} >/dev/null 2>&1 || status=1
	done
done
if [ -d /sys/fs/cgroup/hull-bench ]; then
	echo "bench: /hull-bench was left behind; removing it" >&2
	find /sys/fs/cgroup/hull-bench -depth -type d -exec rmdir {} + 2>/dev/null || true
fi
exit $status
INNER
chmod 0755 "$W/inner.sh"
export W ROUNDS RUNS RSS_RUNS ROOTLESS_USER CRUN RUNC
export VARIANTS=${VARIANTS:-}

modes=(root)
[ -z "$ROOTLESS_USER" ] || modes+=(rootless)
load0=$(cut -d' ' -f1-3 /proc/loadavg)
for m in "${modes[@]}"; do
	echo "bench: $m: $ROUNDS rounds of $RUNS runs per runtime..." >&2
	nice -n "$NICE" unshare -m "$W/inner.sh" "$m"
	mkdir -p "$OUT/$m"
	cp "$W/$m"/round*.json "$W/$m"/rss.* "$OUT/$m/"
done

{
	echo "date:     $(date -u +%Y-%m-%dT%H:%MZ)"
	echo "machine:  $(nproc) CPUs, $(uname -r), $(sed -n 's/^PRETTY_NAME="\(.*\)"/\1/p' /etc/os-release)"
	echo "hull:     $("$HULL" --version | head -1) ($BUILD)"
	echo "crun:     $("$CRUN" --version | head -1)"
	echo "runc:     $("$RUNC" --version | head -1)"
	echo "hyperfine: $(hyperfine --version)"
	echo "load avg: $load0 before, $(cut -d' ' -f1-3 /proc/loadavg) after"
} | tee "$OUT/machine.txt"

/usr/bin/python3 - "$OUT" "${modes[@]}" <<'PY'
import glob, json, os, statistics as st, sys

out, modes = sys.argv[1], sys.argv[2:]
summary = {}
for mode in modes:
    times, cpu = {}, {}
    for f in sorted(glob.glob(os.path.join(out, mode, "round*.json"))):
        for r in json.load(open(f))["results"]:
            times.setdefault(r["command"], []).extend(r["times"])
            cpu.setdefault(r["command"], []).append(r["user"] + r["system"])
    rss = {}
    for f in glob.glob(os.path.join(out, mode, "rss.*")):
        vals = [int(l) for l in open(f) if l.strip().isdigit()]
        rss[f.rsplit("rss.", 1)[1]] = st.median(vals) if vals else None
    rows = {}
    for name, t in times.items():
        rows[name] = {"runs": len(t), "median_ms": st.median(t) * 1e3,
                      "mean_ms": st.mean(t) * 1e3, "stdev_ms": st.stdev(t) * 1e3,
                      "min_ms": min(t) * 1e3, "cpu_ms": st.mean(cpu[name]) * 1e3,
                      "rss_kib": rss.get(name)}
    summary[mode] = rows
    h = rows["hull"]
    print("\n%s (%d runs each, pooled over %d rounds)" % (mode, h["runs"], len(cpu["hull"])))
    print("%-10s %8s %8s %8s %8s %8s %9s %8s %8s %8s" % (
        "runtime", "median", "mean", "stdev", "min", "cpu", "peak RSS",
        "hull/x", "hull/x", "hull/x"))
    print("%-10s %8s %8s %8s %8s %8s %9s %8s %8s %8s" % (
        "", "ms", "ms", "ms", "ms", "ms", "KiB", "median", "cpu", "RSS"))
    for name in sorted(rows, key=lambda n: (n != "hull", n)):
        r = rows[name]
        rr = ("%8.2f" % (h["rss_kib"] / r["rss_kib"])) if r["rss_kib"] and h["rss_kib"] else "%8s" % "-"
        print("%-10s %8.2f %8.2f %8.2f %8.2f %8.2f %9s %8.2f %8.2f %s" % (
            name, r["median_ms"], r["mean_ms"], r["stdev_ms"], r["min_ms"], r["cpu_ms"],
            "%d" % r["rss_kib"] if r["rss_kib"] else "-",
            h["median_ms"] / r["median_ms"], h["cpu_ms"] / r["cpu_ms"], rr))
json.dump(summary, open(os.path.join(out, "summary.json"), "w"), indent=1)
print("\ntarget: hull <= 0.6x crun's wall time and below crun's peak RSS")
print("hyperfine JSON and summary.json: %s" % out)
PY
