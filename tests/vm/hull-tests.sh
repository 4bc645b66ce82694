# hull-tests.sh - sourced by guest-cgroup.sh: the hull binary with a busybox
# bundle (hb/, config variants made on the host from `hull spec`).
# Uses ok/no/sk/check/diag from the caller.  Every call is bounded.
H="timeout 30 ./hull --root /run/hull-vm"
hrun() { cp "hb/$1.json" hb/config.json && $H run -b hb "$2" </dev/null 2>&1; echo "rc=$?"; }

# lifecycle: create, pause, ps, events, update, resume, kill --all, delete
cp hb/sleeper.json hb/config.json
cg=/sys/fs/cgroup/hull/h4
if ! $H create -b hb h4 </dev/null >/dev/null 2>/tmp/h4.err; then
	sk "hull binary tests" "create failed: $(tail -n 1 /tmp/h4.err)"
elif [ ! -d $cg ]; then
	sk "hull binary tests" "hull create placed no container in a cgroup (create not integrated with the cgroup module)"
	$H delete --force h4 >/dev/null 2>&1
else
	$H start h4
	$H pause h4 && grep -q 'frozen 1' $cg/cgroup.events
	check $? "hull pause: cgroup.events frozen 1"
	$H state h4 | grep -q '"paused"'
	check $? "hull state reports paused"
	ps=$($H ps --format json h4); diag "ps: $ps"
	echo "$ps" | grep -q '^\[[0-9]'
	check $? "hull ps --format json lists the container's pids"
	$H resume h4 && grep -q 'frozen 0' $cg/cgroup.events
	check $? "hull resume: frozen 0"
	$H update --memory 32m --pids-limit 9 --cpu-quota 20000 h4 &&
		[ "$(cat $cg/memory.max $cg/pids.max | tr '\n' ' ')" = "33554432 9 " ] && grep -q '^20000 ' $cg/cpu.max
	check $? "hull update: memory.max, pids.max, cpu.max of a live container"
	ev=$($H events --stats h4); diag "$ev"
	echo "$ev" | grep -q '"type":"stats"'
	check $? "hull events --stats prints a stats event"
	$H kill --all h4 9; sleep 0.5
	$H delete --force h4
	[ ! -e $cg ]
	check $? "hull delete removes the cgroup"

	out=$(hrun limits h1); diag "$out"
	echo "$out" | grep -q 'dd=137'
	check $? "hull run: memory 32M OOM-kills a 64M allocation inside the container"
	[ ! -e /sys/fs/cgroup/hull/h1 ]
	check $? "hull run: the container's cgroup is gone after exit"
	out=$(hrun pids h2); diag "$out"
	echo "$out" | grep -qi "can't fork\|resource temporarily"
	check $? "hull run: pids.limit 4 stops the fifth fork"
	out=$(hrun devices h3); diag "$out"
	echo "$out" | grep -q null-ok && echo "$out" | grep -q mknod-denied
	check $? "hull run: podman's lone deny-all keeps /dev/null usable, mknod denied"
fi
