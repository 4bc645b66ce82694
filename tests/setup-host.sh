#!/bin/bash
# setup-host.sh - prepare a Debian 12 machine to build and test hull.
# Idempotent: installs only missing packages, creates the unprivileged test
# user `tester` with subordinate uid/gid ranges only if it is absent.
# Run as root:  sudo bash tests/setup-host.sh
set -euo pipefail

if [ "$(id -u)" != 0 ]; then
	echo "setup-host.sh: run as root (sudo bash tests/setup-host.sh)" >&2
	exit 1
fi

PKGS=(
	meson ninja-build gcc clang pkg-config         # build
	libclang-rt-14-dev                             # libFuzzer (tests/fuzz)
	valgrind                                       # memcheck (tests/valgrind)
	libseccomp-dev libcap-dev libjansson-dev libmnl-dev libcgroup-dev
	libcmocka-dev                                  # unit tests
	bats busybox-static uidmap python3 python3-jsonschema jq
	util-linux procps coreutils shellcheck         # integration tests
	runc crun hyperfine time                       # bench/run.sh
	scdoc                                          # man pages
	cpio qemu-system-x86                           # cgroup v2 guest (tests/vm)
	libsystemd-dev systemd                         # --systemd-cgroup (tests/vm/run-systemd)
	podman conmon catatonit containerd             # engines (tests/clients)
)

missing=()
for p in "${PKGS[@]}"; do
	[ "$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null)" = installed ] || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	echo "setup-host.sh: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The unprivileged user the integration suite runs as (rootless mode).
TEST_USER=${TEST_USER:-tester}
if ! id "$TEST_USER" >/dev/null 2>&1; then
	useradd -m -s /bin/bash "$TEST_USER"
fi

# Subordinate ids for newuidmap/newgidmap: 65536 ids after every range in use.
next_free() {
	awk -F: 'BEGIN { e = 100000 } NF == 3 && $2 + $3 > e { e = $2 + $3 } END { print e }' "$1" 2>/dev/null || echo 100000
}
for f in /etc/subuid /etc/subgid; do
	touch "$f"
	if ! grep -q "^$TEST_USER:" "$f"; then
		echo "$TEST_USER:$(next_free "$f"):65536" >>"$f"
	fi
done

# newuidmap/newgidmap must be setuid (or carry file capabilities).
for b in /usr/bin/newuidmap /usr/bin/newgidmap; do
	if [ ! -u "$b" ] && ! getcap "$b" 2>/dev/null | grep -q cap_set; then
		chmod u+s "$b"
	fi
done

echo "setup-host.sh: ready ($TEST_USER: $(grep "^$TEST_USER:" /etc/subuid))"
