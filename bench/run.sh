#!/bin/bash
# bench/run.sh - time `run` of one busybox /bin/true container with hull,
# crun and runc in one hyperfine invocation, and report peak RSS.
#   sudo bench/run.sh [BUILD_DIR] [RUNS]
# Every runtime runs inside a private mount namespace with cgroup2 mounted
# on /sys/fs/cgroup (the host's hybrid hierarchy is never touched); crun with
# --cgroup-manager=disabled.  Any cgroup created there is removed.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
RUNS=${2:-30}
HULL=$BUILD/runtime/hull
[ "$(id -u)" = 0 ] || { echo "bench/run.sh: run as root" >&2; exit 1; }
for t in "$HULL" /usr/bin/crun /usr/sbin/runc /usr/bin/hyperfine /usr/bin/time; do
	[ -x "$t" ] || { echo "bench/run.sh: $t missing (tests/setup-host.sh installs it)" >&2; exit 1; }
done

W=$(mktemp -d /tmp/hull-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
export HULL
# shellcheck source=../tests/lib/bundle.sh
. "$SRC/tests/lib/bundle.sh"
bundle_template "$W/bundle" root
BUNDLE=$W/bundle cfg_set '
c["process"]["args"] = ["/bin/true"]
c["linux"].pop("resources", None)
c["linux"]["cgroupsPath"] = "/hull-bench"'

# in_ns CMD: CMD in a private mount namespace with its own cgroup2 mount;
# the cgroup the runtime made is removed before the namespace goes away.
cat >"$W/in-ns.sh" <<'INNER'
#!/bin/sh
mount --make-rprivate / && mount -t cgroup2 none /sys/fs/cgroup || exit 1
"$@"; rc=$?
find /sys/fs/cgroup/hull-bench -depth -type d -exec rmdir {} + 2>/dev/null
exit $rc
INNER
chmod +x "$W/in-ns.sh"
NS="unshare -m $W/in-ns.sh"
cmd_hull="$NS $HULL --root $W/hull run -b $W/bundle bench-hull"
cmd_crun="$NS crun --root $W/crun --cgroup-manager=disabled run -b $W/bundle bench-crun"
cmd_runc="$NS runc --root $W/runc run -b $W/bundle bench-runc"

hyperfine --warmup 3 --runs "$RUNS" --export-json "$W/bench.json" \
	-n hull "$cmd_hull" -n crun "$cmd_crun" -n runc "$cmd_runc"
cp "$W/bench.json" "$SRC/bench/last.json"

rss() { # peak RSS in KiB of the runtime process (the outermost one)
	/usr/bin/time -f %M -o "$W/rss" unshare -m "$W/in-ns.sh" "$@" >/dev/null 2>&1 || true
	tail -1 "$W/rss"
}
r_hull=$(rss "$HULL" --root "$W/hull" run -b "$W/bundle" rss-hull)
r_crun=$(rss crun --root "$W/crun" --cgroup-manager=disabled run -b "$W/bundle" rss-crun)
r_runc=$(rss runc --root "$W/runc" run -b "$W/bundle" rss-runc)

/usr/bin/python3 - "$W/bench.json" "$r_hull" "$r_crun" "$r_runc" <<'PY'
import json, sys
res = {r["command"]: r["mean"] for r in json.load(open(sys.argv[1]))["results"]}
rss = dict(zip(("hull", "crun", "runc"), sys.argv[2:5]))
for n in ("hull", "crun", "runc"):
    print("%-5s mean %7.2f ms   peak RSS %s KiB" % (n, res[n] * 1000, rss[n]))
print("hull/crun mean wall time: %.2f" % (res["hull"] / res["crun"]))
print("hull/runc mean wall time: %.2f" % (res["hull"] / res["runc"]))
PY
echo "hyperfine JSON: bench/last.json"
