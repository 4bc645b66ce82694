#!/bin/bash
# in-ns.sh MODE... - the part of tests/clients/run that runs inside its
# private mount namespace: cgroup2 on /sys/fs/cgroup (hiding a hybrid
# host's v1 controllers from the engines, here only), then each mode in its
# own process.  Exit status: the number of modes that failed.
set -u
cd "$(dirname "$0")" || exit 1

# unshare -m made every mount private to us; shared again, but only among
# this namespace and its children (rootless podman relies on it).
mount --make-rshared / || exit 1
mount -t cgroup2 none /sys/fs/cgroup || exit 1
export CGROOT=/sys/fs/cgroup
mkdir -p "$CGROOT/$CG" || exit 1
# What the host gives its cgroups' children, ours pass on (as a systemd
# delegation would): limits then work in the containers' cgroups below.
for c in $(cat "$CGROOT/cgroup.subtree_control"); do
	echo "+$c" >"$CGROOT/$CG/cgroup.subtree_control" 2>/dev/null
done

failed=0
for mode in "$@"; do
	echo "--- $mode"
	case $mode in
	podman-root) bash ./podman.sh root ;;
	podman-rootless) bash ./podman.sh rootless ;;
	containerd) bash ./containerd.sh ;;
	esac || failed=$((failed + 1))
done
exit "$failed"
