#!/bin/sh
# guest-systemd.sh - runs in the run-in-vm --systemd guest: systemd 252 is
# PID 1 and this script runs from cg2vm.service (root, busybox sh plus the
# host's systemctl).  hull --systemd-cgroup against the live manager:
# placement in a transient scope, limits in its cgroup, pause/resume, ps,
# update, kill, delete removing the unit; a "slice:prefix:name" path; a bad
# slice.  TAP output; exit status 0 only when every test passed.
cd "$(dirname "$0")" || exit 2
CG=/sys/fs/cgroup
ROOT=/run/hull-vm
H="timeout 60 ./hull --root $ROOT --systemd-cgroup"
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
no() { n=$((n + 1)); fail=$((fail + 1)); echo "not ok $n - $1"; }
check() { if [ "$1" = 0 ]; then ok "$2"; else no "$2"; fi; }
diag() { printf '%s\n' "$*" | sed 's/^/# /'; }
prop() { systemctl show -P "$2" "$1" 2>/dev/null; } # prop UNIT PROPERTY
use() { cp "hb/$1.json" hb/config.json; }
now_ms() { awk '{ printf "%d\n", $1 * 1000 }' /proc/uptime; }

echo "TAP version 13"
[ "$(cat /proc/1/comm)" = systemd ] && [ -d /run/systemd/system ]
check $? "systemd is PID 1 ($(systemctl --version | head -n 1))"
diag "this service: $(cat /proc/self/cgroup)"
./hull features | grep -q '"systemd": *true'
check $? "hull features: cgroup.systemd true"

# --- run: placement and a memory limit, seen from inside -------------------
use limits
t0=$(now_ms)
out=$($H run -b hb s1 </dev/null 2>&1)
diag "$out" "hull run took $(($(now_ms) - t0)) ms"
echo "$out" | grep -qx '0::/system.slice/hull-s1.scope'
check $? "run: the container's /proc/self/cgroup is /system.slice/hull-s1.scope"
echo "$out" | grep -q 'dd=137'
check $? "run: memory.limit 32M OOM-kills a 64M allocation in the scope"
[ "$(prop hull-s1.scope LoadState)" = not-found ] && [ ! -e $CG/system.slice/hull-s1.scope ]
check $? "run: the scope is gone after the container exits"

# --- create/start: the unit, its cgroup, the lifecycle ---------------------
use sleeper
sc=$CG/system.slice/hull-s2.scope
t0=$(now_ms)
$H create -b hb s2 </dev/null 2>/tmp/s2.err
check $? "create s2 ($(($(now_ms) - t0)) ms) $(tail -n 1 /tmp/s2.err)"
pid=$(sed -n 's/.*"pid":\([0-9]*\).*/\1/p' $ROOT/s2/state.json)
diag "state: $(cat $ROOT/s2/state.json)"
[ "$(prop hull-s2.scope ActiveState)" = active ] &&
	[ "$(prop hull-s2.scope ControlGroup)" = /system.slice/hull-s2.scope ] &&
	[ "$(prop hull-s2.scope Delegate)" = yes ]
check $? "systemctl show hull-s2.scope: active, ControlGroup, Delegate=yes"
grep -qx '0::/system.slice/hull-s2.scope' /proc/"$pid"/cgroup
check $? "the created init (pid $pid) is in the scope before start"
grep -q '"cgroup_path":"/sys/fs/cgroup:/system.slice/hull-s2.scope"' $ROOT/s2/state.json
check $? "state.json records the scope's cgroup"
[ "$(cat $sc/memory.max)" = 67108864 ] && [ "$(cat $sc/pids.max)" = 32 ]
check $? "memory.max and pids.max written into the scope's cgroup"
$H start s2
$H pause s2 && grep -q 'frozen 1' $sc/cgroup.events && $H state s2 | grep -q '"paused"'
check $? "pause: frozen 1, state paused"
$H ps --format json s2 | grep -q "$pid"
check $? "ps lists the init"
$H resume s2 && grep -q 'frozen 0' $sc/cgroup.events && $H state s2 | grep -q '"running"'
check $? "resume: frozen 0, running"
$H update --memory 32m s2 && [ "$(cat $sc/memory.max)" = 33554432 ]
check $? "update --memory 32m: memory.max of the live scope"
$H kill --all s2 KILL
i=0; while [ $i -lt 50 ] && ! $H state s2 | grep -q '"stopped"'; do sleep 0.1; i=$((i + 1)); done
$H state s2 | grep -q '"stopped"'
check $? "kill --all KILL: stopped"
t0=$(now_ms)
$H delete s2
check $? "delete s2 ($(($(now_ms) - t0)) ms)"
[ "$(prop hull-s2.scope LoadState)" = not-found ] && [ ! -e $sc ] && [ ! -e $ROOT/s2 ]
check $? "delete: no unit, no cgroup, no state"

# --- delete --force of a running container --------------------------------
use sleeper
$H run -d -b hb s5 </dev/null >/dev/null 2>&1 && [ "$(prop hull-s5.scope ActiveState)" = active ]
check $? "run -d s5: scope active"
$H delete --force s5 && [ "$(prop hull-s5.scope LoadState)" = not-found ] &&
	[ ! -e $CG/system.slice/hull-s5.scope ]
check $? "delete --force of a running container removes the unit"

# --- linux.cgroupsPath "slice:prefix:name" --------------------------------
use sliced
$H create -b hb s3 </dev/null 2>/tmp/s3.err
check $? "create with cgroupsPath machine-web.slice:test:c3 $(tail -n 1 /tmp/s3.err)"
sc=$CG/machine.slice/machine-web.slice/test-c3.scope
[ "$(prop test-c3.scope ActiveState)" = active ] && [ "$(prop test-c3.scope Slice)" = machine-web.slice ] &&
	[ "$(cat $sc/pids.max)" = 16 ]
check $? "unit test-c3.scope active in machine-web.slice, pids.max in $sc"
$H delete --force s3 && [ "$(prop test-c3.scope LoadState)" = not-found ] && [ ! -e $sc ]
check $? "delete --force: unit and cgroup gone"

# --- a bad slice name: a clear error, nothing left --------------------------
use badslice
out=$($H create -b hb s4 </dev/null 2>&1); rc=$?
diag "$out"
[ $rc != 0 ] && echo "$out" | grep -q "'bad--name.slice' is not a slice name"
check $? "bad slice: create fails naming it"
[ ! -e $ROOT/s4 ] && ! systemctl list-units --all --no-legend | grep -q 'p-n.scope'
check $? "bad slice: no state, no unit"

# --- a leftover unit with the same name: a clear error ----------------------
systemd-run --scope --unit=hull-s6 sleep 60 >/dev/null 2>&1 &
i=0; while [ $i -lt 50 ] && [ "$(prop hull-s6.scope ActiveState)" != active ]; do sleep 0.1; i=$((i + 1)); done
use sleeper
out=$($H create -b hb s6 </dev/null 2>&1); rc=$?
diag "$out"
[ $rc != 0 ] && echo "$out" | grep -q "hull-s6.scope'.*exists" && [ ! -e $ROOT/s6 ]
check $? "scope name taken: create fails saying so, leaves no state"
[ "$(prop hull-s6.scope ActiveState)" = active ]
check $? "scope name taken: the other unit is left running"
systemctl stop hull-s6.scope 2>/dev/null

[ -z "$(ls $ROOT 2>/dev/null)" ] && ! systemctl list-units --all --no-legend | grep -q 'hull-'
check $? "no container and no hull unit left"
echo "1..$n"
[ "$fail" = 0 ]
