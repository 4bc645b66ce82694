#!/usr/bin/env bats
# rootfs.bats - a malicious rootfs cannot redirect procfs mounts, masking or
# /dev/null binds through symlinks (CVE-2025-31133 / CVE-2025-52881 class).
# Each attack must be refused, or contained: masked paths stay masked and
# nothing on the host changes.

load security-helpers

setup_file() { sec_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

# assert_masked: /proc/kcore and /proc/keys show nothing inside.
assert_masked() {
	local p
	for p in /proc/kcore /proc/keys; do
		sec_run /probe size "$p"
		[ "$status" -eq 0 ] || return 1
		[ "$output" = 0 ] || [[ "$output" == E* ]] || {
			echo "$p readable: $output" >&2
			return 1
		}
	done
}

@test "rootfs: /proc as a symlink out of the rootfs is refused or contained" {
	mkdir -p "$T/hostdir"
	rm -rf "$BUNDLE/rootfs/proc"
	ln -s "$T/hostdir" "$BUNDLE/rootfs/proc"
	cfg_args /probe cwd
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	# nothing was mounted on the host path, in the host's namespace
	if mountinfo_has "$T/hostdir"; then
		echo "proc was mounted on the host path" >&2
		return 1
	fi
	[ -z "$(ls -A "$T/hostdir")" ]
	if [ "$status" -eq 0 ]; then
		assert_masked
	fi
}

@test "rootfs: /proc as a symlink to /dev/null is refused or contained" {
	rm -rf "$BUNDLE/rootfs/proc"
	ln -s /dev/null "$BUNDLE/rootfs/proc"
	cfg_args /probe cwd
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	if [ "$status" -eq 0 ]; then
		assert_masked
	fi
	# the host's /dev/null is still a character device
	[ -c /dev/null ]
}

@test "rootfs: /dev/null as a symlink to a procfs file does not unmask anything" {
	# no /dev tmpfs, so the rootfs' own /dev is used
	cfg_set 'c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/dev"]'
	mkdir -p "$BUNDLE/rootfs/dev"
	rm -f "$BUNDLE/rootfs/dev/null"
	ln -s /proc/sys/kernel/core_pattern "$BUNDLE/rootfs/dev/null"
	before=$(cat /proc/sys/kernel/core_pattern)
	cfg_args /probe cat /proc/kcore
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	# a masked path must never show core_pattern (or anything)
	[ -z "$output" ] || [ "$status" -ne 0 ]
	hull delete --force "$CID" >/dev/null 2>&1 || true
	cfg_args /probe write /proc/sys/kernel/core_pattern
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	[ "$output" != ok ]
	[ "$(cat /proc/sys/kernel/core_pattern)" = "$before" ]
}

@test "rootfs: a sysctl is never written into a file the rootfs planted" {
	# no procfs mount in the config: /proc/sys/... in the rootfs is a
	# regular file; the sysctl must reach the kernel (a verified procfs) or
	# be refused, never land in that file
	cfg_set 'c["mounts"] = [m for m in c["mounts"] if m["destination"] != "/proc"]'
	rm -rf "$BUNDLE/rootfs/proc"
	mkdir -p "$BUNDLE/rootfs/proc/sys/net/ipv4"
	echo 0 >"$BUNDLE/rootfs/proc/sys/net/ipv4/ip_forward"
	cfg_set 'c.setdefault("linux", {})["sysctl"] = {"net.ipv4.ip_forward": "1"}'
	cfg_args /probe cwd
	run --separate-stderr hull run -b "$BUNDLE" "$CID"
	echo "status $status: $stderr"
	[ "$(cat "$BUNDLE/rootfs/proc/sys/net/ipv4/ip_forward")" = 0 ]
}
