#!/usr/bin/env bats
# seccomp.bats - the shipped profiles: a busybox shell runs under both, and
# every class strict.json denies is denied from inside a container.

load security-helpers

setup_file() { sec_setup_file; }
teardown_file() { common_teardown_file; }
setup() { common_setup; }
teardown() { common_teardown; }

DENIED_STRICT="ptrace keyctl add_key request_key bpf mount umount2 pivot_root
unshare setns clone-newuser clone-newns personality-change kexec_load
init_module finit_module delete_module perf_event_open userfaultfd
open_by_handle_at swapon reboot acct clock_settime"

# try_all NAME...: one container running /attack sys NAME for each NAME;
# $output has "NAME RESULT" lines.
try_all() {
	local script='for s in "$@"; do printf "%s " "$s"; /attack sys "$s"; done'
	sec_run /bin/sh -c "$script" sh "$@"
}

# expect NAME RESULT: the line of $output for NAME says RESULT.
expect() {
	local got
	got=$(printf '%s\n' "$output" | awk -v n="$1" '$1 == n { print $2 }')
	[ "$got" = "$2" ] || {
		echo "$1: expected $2, got '${got}'" >&2
		return 1
	}
}

shell_script='echo start; id -u >/dev/null; ls / >/dev/null; cat /etc/hostname;
x=$(echo sub); [ "$x" = sub ] || exit 3; echo a | grep -q a || exit 4;
sleep 0.1 & wait; mkdir -p /tmp/d && touch /tmp/d/f && rm -r /tmp/d; echo done'

@test "seccomp: a busybox shell runs under default.json" {
	use_profile default
	sec_run /bin/sh -c "$shell_script"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = start ]
	[ "${lines[-1]}" = "done" ]
}

@test "seccomp: a busybox shell runs under strict.json" {
	use_profile strict
	sec_run /bin/sh -c "$shell_script"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = start ]
	[ "${lines[-1]}" = "done" ]
}

@test "seccomp: strict.json denies every listed class" {
	use_profile strict "$SEC_ERRNO"
	# shellcheck disable=SC2086
	try_all $DENIED_STRICT
	[ "$status" -eq 0 ]
	for s in $DENIED_STRICT; do
		expect "$s" "$SEC_ERRNO_NAME"
	done
}

@test "seccomp: strict.json keeps what services need (fork, clone3 fallback, personality query)" {
	use_profile strict "$SEC_ERRNO"
	try_all getpid clone clone3 personality-query
	[ "$status" -eq 0 ]
	expect getpid ok
	expect clone ok
	# ENOSYS, so libc falls back to clone(2) where flags can be filtered
	expect clone3 ENOSYS
	expect personality-query ok
}

@test "seccomp: strict.json as shipped answers EPERM" {
	use_profile strict
	try_all keyctl unshare mount bpf
	[ "$status" -eq 0 ]
	expect keyctl EPERM
	expect unshare EPERM
	expect mount EPERM
	expect bpf EPERM
}

@test "seccomp: default.json denies namespaces, mounts, keys and bpf" {
	use_profile default "$SEC_ERRNO"
	try_all mount umount2 pivot_root unshare setns clone-newuser keyctl add_key \
		bpf kexec_load init_module open_by_handle_at clone clone3 personality-query
	[ "$status" -eq 0 ]
	for s in mount umount2 pivot_root unshare setns clone-newuser keyctl \
		add_key bpf kexec_load init_module open_by_handle_at; do
		expect "$s" "$SEC_ERRNO_NAME"
	done
	expect clone ok
	expect clone3 ENOSYS
	expect personality-query ok
}

@test "seccomp: without a profile the same calls reach the kernel (the test can fail)" {
	cfg_set 'c.get("linux", {}).pop("seccomp", None)'
	try_all keyctl unshare mount
	[ "$status" -eq 0 ]
	# grep -c prints 0 and exits 1 when nothing matches
	run grep -c "$SEC_ERRNO_NAME" <<<"$output"
	[ "$output" = 0 ]
}
