#!/bin/bash
# demo.sh - run one hardened rootless container with hull and show what the
# process inside gets: its ids and its capability sets.
#   tests/demo.sh [BUILD_DIR]
# As an ordinary user it runs as that user.  As root it runs as the test
# user `tester` (created by tests/setup-host.sh), so the demo is rootless
# either way.  The bundle comes from `hull spec --hardened --rootless`, unchanged except
# for the command and terminal: false.
set -euo pipefail

SRC=$(cd "$(dirname "$0")/.." && pwd)
BUILD=$(cd "${1:-$SRC/build}" && pwd)
USER_NAME=${TEST_USER:-tester}
[ -x "$BUILD/runtime/hull" ] || { echo "demo.sh: build first: meson setup build && ninja -C build" >&2; exit 1; }

DIR=$(mktemp -d /tmp/hull-demo.XXXXXX)
trap 'rm -rf "$DIR"' EXIT
chmod 0755 "$DIR"
cp "$BUILD/runtime/hull" "$DIR/hull"
cp "$SRC/tests/lib/jsonedit.py" "$DIR/"

# as_user CMD...: run CMD as the unprivileged user in $DIR
if [ "$(id -u)" = 0 ]; then
	id "$USER_NAME" >/dev/null 2>&1 || { echo "demo.sh: no user $USER_NAME; run: sudo bash tests/setup-host.sh" >&2; exit 1; }
	chown "$USER_NAME:" "$DIR"
	as_user() { (cd "$DIR" && runuser -u "$USER_NAME" -- env -i PATH=/usr/bin:/bin HOME="$DIR" "$@"); }
else
	as_user() { (cd "$DIR" && env -i PATH=/usr/bin:/bin HOME="$DIR" "$@"); }
fi

as_user mkdir -p bundle/rootfs/bin bundle/rootfs/proc bundle/rootfs/dev bundle/rootfs/sys bundle/rootfs/tmp bundle/rootfs/etc state
as_user cp /bin/busybox bundle/rootfs/bin/busybox
for a in sh id grep cat; do
	as_user ln -s busybox "bundle/rootfs/bin/$a"
done
as_user sh -c 'echo "root:x:0:0:root:/:/bin/sh" > bundle/rootfs/etc/passwd; echo "root:x:0:" > bundle/rootfs/etc/group'
as_user sh -c 'cd bundle && ../hull spec --hardened --rootless'
as_user /usr/bin/python3 jsonedit.py bundle/config.json set '
c["process"]["terminal"] = False
c["process"]["args"] = ["sh", "-c", "id; grep -E \"^(Cap|NoNewPrivs|Seccomp:)\" /proc/self/status"]'

echo "hull run as $(as_user id -un) (uid $(as_user id -u)), bundle from 'hull spec --hardened --rootless':"
as_user timeout -k 5 60 ./hull --root "$DIR/state" run -b bundle hull-demo
