# shellcheck shell=bash
# bundle.sh - build busybox test bundles for hull.  Sourced by the bats
# helpers, tests/demo.sh and bench/run.sh.
#
#   bundle_rootfs DIR          DIR/rootfs: busybox, applets, /probe, /etc
#   bundle_template DIR MODE   rootfs + config.json from `hull spec` for MODE
#                              (root | rootless | userns), ready to copy
#   bundle_copy TEMPLATE DIR   cheap per-test copy of a template
#   cfg_set 'STATEMENTS' [ARG...]  edit $BUNDLE/config.json; c = document,
#                              a = ARGs, e.g. cfg_set 'c["process"]["args"]=a' /probe uid
#   cfg_get 'EXPRESSION'       print a value of $BUNDLE/config.json
#
# Needs: HULL (binary), PROBE (static probe; optional for bundle_rootfs),
# BUSYBOX (default /bin/busybox).

HULL_TESTLIB=${HULL_TESTLIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}
PY=${PY:-/usr/bin/python3}
BUSYBOX=${BUSYBOX:-/bin/busybox}

BUSYBOX_APPLETS="sh ls cat echo sleep id hostname mount true false grep wc head
touch mkdir rm readlink stat ps kill env printf chmod ln sync umount"

bundle_rootfs() {
	local root=$1/rootfs a
	mkdir -p "$root"/{bin,dev,proc,sys,tmp,etc,root,run,mnt,home}
	chmod 1777 "$root/tmp"
	cp "$BUSYBOX" "$root/bin/busybox"
	for a in $BUSYBOX_APPLETS; do
		ln -sf busybox "$root/bin/$a"
	done
	ln -s bin "$root/sbin"
	if [ -n "${PROBE:-}" ]; then
		cp "$PROBE" "$root/probe"
		chmod 0755 "$root/probe"
	fi
	chmod 0755 "$root/bin/busybox"
	cat >"$root/etc/passwd" <<-'EOF'
		root:x:0:0:root:/root:/bin/sh
		nobody:x:65534:65534:nobody:/:/bin/false
	EOF
	cat >"$root/etc/group" <<-'EOF'
		root:x:0:
		nobody:x:65534:
	EOF
	echo hull-test >"$root/etc/hostname"
}

# bundle_template DIR MODE: config.json from `hull spec`, then the changes
# every test wants: no terminal, /probe as the process, a writable root
# (tests of root.readonly set it themselves).
bundle_template() {
	local dir=$1 mode=$2 flag=
	bundle_rootfs "$dir"
	[ "$mode" = rootless ] && flag=--rootless
	rm -f "$dir/config.json"
	(cd "$dir" && "${HULL:?HULL is not set}" spec $flag) || return 1
	[ -s "$dir/config.json" ] || {
		echo "bundle_template: hull spec wrote no config.json" >&2
		return 1
	}
	BUNDLE=$dir cfg_set '
p = c.setdefault("process", {})
p["terminal"] = False
p["args"] = ["/probe", "uid"]
p["cwd"] = "/"
c.setdefault("root", {})["readonly"] = False' || return 1
	# Root of a user namespace that maps only uid/gid 0 (unshare -r), as
	# rootless engines run the runtime: options naming unmapped ids go.
	if [ "$mode" = userns ]; then
		BUNDLE=$dir cfg_set '
for m in c.get("mounts", []):
    if "options" in m:
        m["options"] = [o for o in m["options"] if not (o.startswith("gid=") and o != "gid=0")]'
	fi
}

bundle_copy() {
	rm -rf "$2"
	cp -a "$1" "$2"
}

cfg_set() {
	"$PY" "$HULL_TESTLIB/jsonedit.py" "${BUNDLE:?BUNDLE is not set}/config.json" set "$@"
}

cfg_get() {
	"$PY" "$HULL_TESTLIB/jsonedit.py" "${BUNDLE:?BUNDLE is not set}/config.json" get "$@"
}

# cfg_args ARG...: set process.args
cfg_args() {
	cfg_set 'c["process"]["args"] = a' "$@"
}
