#!/bin/sh
# guest-cgroup.sh - runs inside the cgroup2 guest (busybox sh, root, pure
# cgroup v2 at /sys/fs/cgroup, every controller enabled, /dev/ram0 from brd).
# Observes the effect of each linux.resources field, through cgtool (hull's
# cgroup module driven directly) and through the hull binary with a busybox
# bundle.  TAP output; exit status 0 only when every test passed.
cd "$(dirname "$0")" || exit 2
PATH=$PWD:$PATH
CG=/sys/fs/cgroup
n=0 pass=0 fail=0 skip=0
ok() { n=$((n + 1)); pass=$((pass + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
sk() { n=$((n + 1)); skip=$((skip + 1)); echo "ok $n - $1 # SKIP $2"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else no "$2"; fi; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

mkdir -p b/rootfs
# cfg RESOURCES [CGROUPS_PATH] [LINUX_DEVICES]: the bundle cgtool reads
cfg() {
	cat >b/config.json <<EOF
{"ociVersion":"1.3.0","root":{"path":"rootfs"},
 "process":{"args":["sh"],"cwd":"/"},
 "linux":{"cgroupsPath":"${2:-/vmt/c1}","devices":[${3:-}],"resources":$1}}
EOF
}
# run CMD: in the cgroup of b/config.json; output, then "rc=N"
run() { cgtool run b "${ID:-t}" sh -c "$1" 2>&1; echo "rc=$?"; }
st() { echo "$CG:${1:-/vmt/c1}"; }
cleanup() { cgtool destroy "$(st "${1:-/vmt/c1}")" >/dev/null 2>&1; rmdir $CG/vmt 2>/dev/null; :; }

echo "TAP version 13"
diag "kernel $(uname -r); root controllers: $(cat $CG/cgroup.subtree_control)"

# --- memory ---------------------------------------------------------------
cfg '{"memory":{"limit":33554432,"swap":33554432,"reservation":8388608}}'
out=$(run 'cat /sys/fs/cgroup/vmt/c1/memory.max /sys/fs/cgroup/vmt/c1/memory.low /sys/fs/cgroup/vmt/c1/memory.swap.max; dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=$?')
ev=$(grep oom_kill $CG/vmt/c1/memory.events)
diag "$out" "$ev"
echo "$out" | grep -q '^33554432$' && echo "$out" | grep -q '^8388608$' &&
	echo "$out" | grep -q '^0$' && echo "$out" | grep -q 'dd=137' &&
	[ "$ev" = "oom_kill 1" ]
check $? "memory: limit 32M -> memory.max, reservation -> memory.low, swap=limit -> memory.swap.max 0; a 64M allocation is OOM-killed (memory.events oom_kill 1)"
cleanup
out=$(run 'dd if=/dev/zero of=/dev/null bs=16M count=1 2>/dev/null; echo dd=$?')
echo "$out" | grep -q 'dd=0'
check $? "memory: a 16M allocation fits under 32M"
cleanup

# --- pids -----------------------------------------------------------------
cfg '{"pids":{"limit":4}}'
out=$(run 'for i in 1 2 3 4 5 6; do sleep 3 & done 2>&1; echo forks; kill $(jobs -p) 2>/dev/null')
diag "$out" "$(cat $CG/vmt/c1/pids.events)"
echo "$out" | grep -qi "can't fork\|resource temporarily" && [ "$(cat $CG/vmt/c1/pids.max)" = 4 ] &&
	grep -q 'max [1-9]' $CG/vmt/c1/pids.events
check $? "pids: limit 4 stops the fifth fork (pids.events max > 0)"
cleanup
cfg '{"pids":{"limit":-1}}'
out=$(run 'cat /sys/fs/cgroup/vmt/c1/pids.max')
echo "$out" | grep -q '^max$'
check $? "pids: limit -1 -> pids.max max"
cleanup

# --- cpu ------------------------------------------------------------------
cfg '{"cpu":{"shares":1024,"quota":10000,"period":100000,"burst":0}}'
out=$(run 'timeout 2 sh -c "while :; do :; done"; cat /sys/fs/cgroup/vmt/c1/cpu.weight /sys/fs/cgroup/vmt/c1/cpu.max')
thr=$(awk '$1 == "nr_throttled" { print $2 }' $CG/vmt/c1/cpu.stat)
use=$(awk '$1 == "usage_usec" { print $2 }' $CG/vmt/c1/cpu.stat)
diag "$out" "nr_throttled $thr usage_usec $use"
echo "$out" | grep -q '^39$' && echo "$out" | grep -q '^10000 100000$' &&
	[ "${thr:-0}" -gt 5 ] && [ "${use:-9999999}" -lt 800000 ]
check $? "cpu: shares 1024 -> cpu.weight 39; quota 10% throttles a 2 s busy loop (nr_throttled > 5, usage < 0.8 s)"
cleanup
if [ "$(nproc)" -ge 2 ]; then
	cfg '{"cpu":{"cpus":"1","mems":"0"}}'
	out=$(run 'grep Cpus_allowed_list /proc/self/status')
	echo "$out" | grep -q 'Cpus_allowed_list:[[:space:]]*1$'
	check $? "cpu: cpus \"1\" -> the process may run on cpu 1 only"
	cleanup
else
	sk "cpu: cpuset" "one cpu in the guest"
fi
cfg '{"cpu":{"idle":1}}'
out=$(run 'cat /sys/fs/cgroup/vmt/c1/cpu.idle')
echo "$out" | grep -q '^1$'
check $? "cpu: idle 1 -> cpu.idle"
cleanup

# --- io -------------------------------------------------------------------
if [ -b /dev/ram0 ]; then
	# /dev/ram0 listed in linux.devices: allowed by the device program
	cfg '{"blockIO":{"weight":500,"throttleWriteBpsDevice":[{"major":1,"minor":0,"rate":1048576}]}}' \
		/vmt/c1 '{"path":"/dev/ram0","type":"b","major":1,"minor":0}'
	t0=$(now_ms)
	out=$(run 'dd if=/dev/zero of=/dev/ram0 bs=1M count=3 oflag=direct 2>/dev/null; echo dd=$?; cat /sys/fs/cgroup/vmt/c1/io.max')
	t1=$(now_ms)
	diag "$out" "$((t1 - t0)) ms; $(cat $CG/vmt/c1/io.stat)"
	echo "$out" | grep -q 'dd=0' && echo "$out" | grep -q '1:0 rbps=max wbps=1048576' &&
		[ $((t1 - t0)) -ge 1800 ] && grep -q 'wbytes=3145728' $CG/vmt/c1/io.stat
	check $? "io: throttleWriteBpsDevice 1 MiB/s makes a 3 MiB direct write take >= 2 s (io.stat wbytes=3145728); linux.devices entry allowed"
	w=$(cat $CG/vmt/c1/io.weight 2>/dev/null || cat $CG/vmt/c1/io.bfq.weight)
	diag "io weight: $w"
	echo "$w" | grep -q 'default \(4950\|500\)'
	check $? "io: weight 500 -> io.weight default 4950 (io.bfq.weight 500 with BFQ)"
	cleanup
else
	sk "io.max" "no /dev/ram0 (run-in-vm -k 'brd rd_nr=1 rd_size=65536')"
fi

# --- hugetlb, unified, rdma -----------------------------------------------
cfg '{"hugepageLimits":[{"pageSize":"2MB","limit":4194304}],"unified":{"memory.high":"20971520","pids.max":"7"}}'
out=$(run 'cd /sys/fs/cgroup/vmt/c1 && cat hugetlb.2MB.max hugetlb.2MB.rsvd.max memory.high pids.max')
diag "$out"
echo $out | grep -q "4194304 4194304 20971520 7 rc=0"
check $? "hugepageLimits 2MB -> hugetlb.2MB.max and .rsvd.max; unified memory.high and pids.max written"
cleanup

# --- bad values leave nothing behind --------------------------------------
for bad in '{"cpu":{"cpus":"0-"}}' '{"unified":{"memory.nosuch":"1"}}' \
	'{"unified":{"../cgroup.procs":"1"}}' '{"blockIO":{"weight":-5}}' \
	'{"cpu":{"shares":1}}' '{"memory":{"limit":1000,"swap":10}}'; do
	cfg "$bad"
	out=$(run true)
	diag "$bad: $out"
	echo "$out" | grep -q 'rc=1' && [ ! -e $CG/vmt ]
	check $? "refused, no cgroup left: $bad"
done

# --- devices --------------------------------------------------------------
if [ -b /dev/ram0 ]; then
	cfg '{"devices":[{"allow":false,"access":"rwm"}]}'
	out=$(run 'echo x > /dev/null && echo null-ok; head -c 1 /dev/urandom >/dev/null && echo urandom-ok; head -c 1 /dev/ram0 >/dev/null && echo ram-open || echo ram-denied; mknod /tmp/xdev b 1 0 && echo mknod-ok || echo mknod-denied')
	diag "$out"
	echo "$out" | grep -q null-ok && echo "$out" | grep -q urandom-ok &&
		echo "$out" | grep -q ram-denied && echo "$out" | grep -q mknod-denied
	check $? "devices: deny-all keeps the standard nodes; /dev/ram0 cannot be opened, mknod denied"
	cleanup
	rm -f /tmp/xdev
	cfg '{"devices":[{"allow":false,"access":"rwm"},{"allow":true,"type":"b","major":1,"minor":0,"access":"r"},{"allow":false,"type":"c","major":1,"minor":3,"access":"rwm"}]}'
	out=$(run 'head -c 1 /dev/ram0 >/tmp/o && echo ram-read; echo x > /dev/ram0 && echo ram-write || echo ram-nowrite; echo > /dev/null && echo null-open || echo null-denied')
	diag "$out"
	echo "$out" | grep -q ram-read && echo "$out" | grep -q ram-nowrite && echo "$out" | grep -q null-denied
	check $? "devices: an allow rule opens /dev/ram0 for reading only; a later deny closes /dev/null"
	cleanup
fi

# --- freeze, kill, update, stats ------------------------------------------
cfg '{"memory":{"limit":67108864},"pids":{"limit":64}}'
set -- $(cgtool start b t sh -c 'while :; do echo x >> /tmp/ticks; sleep 0.1; done')
S=$1
sleep 1
cgtool freeze "$S" 1
f=$(grep frozen $CG/vmt/c1/cgroup.events)
a=$(wc -c < /tmp/ticks); sleep 1; b=$(wc -c < /tmp/ticks)
diag "$f; ticks $a -> $b while frozen"
[ "$f" = "frozen 1" ] && [ "$a" = "$b" ]
check $? "freeze: cgroup.events frozen 1 and the process makes no progress"
cgtool freeze "$S" 0
sleep 1; c=$(wc -c < /tmp/ticks)
[ "$c" -gt "$b" ] && grep -q 'frozen 0' $CG/vmt/c1/cgroup.events
check $? "thaw: the process runs again"
cgtool update "$S" '{"memory":{"limit":33554432},"pids":{"limit":10},"cpu":{"quota":50000}}'
out=$(cd $CG/vmt/c1 && cat memory.max pids.max cpu.max)
diag "$out"
[ "$(echo $out)" = "33554432 10 50000 100000" ]
check $? "update: memory.max, pids.max and cpu.max changed on a live cgroup (cpu enabled on demand)"
stats=$(cgtool stats "$S")
echo "$stats" | grep -q '"pids":{"current":[0-9]' && echo "$stats" | grep -q '"memory":' && echo "$stats" | grep -q '"throttling"'
check $? "stats: cpu, memory and pids sections"
cgtool kill "$S" 9
sleep 0.3
[ -z "$(cgtool pids "$S")" ]
check $? "kill: cgroup.kill empties the cgroup"
cgtool destroy "$S"; rmdir $CG/vmt 2>/dev/null
[ ! -e $CG/vmt/c1 ]
check $? "destroy removes the cgroup"

# update that changes the effect on a running process
cfg '{"memory":{"limit":67108864,"swap":67108864}}'
cgtool run b t sh -c 'sleep 2; dd if=/dev/zero of=/dev/null bs=48M count=1 2>/dev/null; echo $? > /tmp/upd-rc' > /tmp/upd.out &
sleep 1
S=$(st)
cgtool update "$S" '{"memory":{"limit":33554432,"swap":33554432}}'
wait
diag "dd after update: $(cat /tmp/upd-rc)"
[ "$(cat /tmp/upd-rc)" = 137 ]
check $? "update: lowering memory.max on a live container OOM-kills a 48M allocation that 64M allowed"
cleanup

# --- rootless, with and without delegation --------------------------------
chmod 755 "$PWD" "$PWD/b"; chmod 644 b/config.json
mkdir -p $CG/deleg/shell
echo "+memory +pids" > $CG/deleg/cgroup.subtree_control
chown 1000:1000 $CG/deleg $CG/deleg/cgroup.procs $CG/deleg/cgroup.subtree_control \
	$CG/deleg/shell $CG/deleg/shell/cgroup.procs
cfg '{"memory":{"limit":33554432,"swap":33554432},"pids":{"limit":20}}' /deleg/c1
out=$(sh -c "echo \$\$ > $CG/deleg/shell/cgroup.procs; exec cgtool asuser 1000 cgtool run b r1 sh -c 'id -u; cat /sys/fs/cgroup/deleg/c1/memory.max; dd if=/dev/zero of=/dev/null bs=64M count=1 2>/dev/null; echo dd=\$?'" 2>&1)
diag "$out" "owner: $(stat -c %u $CG/deleg/c1 2>&1)"
echo "$out" | grep -q '^1000$' && echo "$out" | grep -q '^33554432$' && echo "$out" | grep -q 'dd=137'
check $? "rootless with a delegated cgroup (chowned to uid 1000): limits applied, 64M allocation OOM-killed"
cgtool destroy "$CG:/deleg/c1"
out=$(sh -c "echo \$\$ > $CG/deleg/shell/cgroup.procs; exec cgtool asuser 1000 cgtool run b r2 true" 2>&1; echo "rc=$?")
diag "$out"
echo "$out" | grep -q 'rc=0'
check $? "rootless: a cgroup inside the delegated one"
cgtool destroy "$CG:/deleg/c1" 2>/dev/null
cfg '{"pids":{"limit":20}}' ''
out=$(cgtool asuser 1000 cgtool run b r3 true 2>&1; echo "rc=$?")
diag "$out"
echo "$out" | grep -q 'needs a delegated cgroup' && echo "$out" | grep -q 'rc=1'
check $? "rootless without delegation and with resources: error naming the delegation"
cfg '{}' ''
out=$(cgtool asuser 1000 cgtool run b r4 true 2>&1; echo "rc=$?")
diag "$out"
echo "$out" | grep -q '^- ' && echo "$out" | grep -q 'rc=0'
check $? "rootless without delegation, no resources: runs without a cgroup"
rmdir $CG/deleg/shell $CG/deleg 2>/dev/null

# --- the hull binary ------------------------------------------------------
if [ -x ./hull ] && [ -d hb ]; then
	. ./hull-tests.sh
else
	sk "hull binary tests" "no hull binary or bundle in the payload"
fi

echo "1..$n"
echo "# $pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
