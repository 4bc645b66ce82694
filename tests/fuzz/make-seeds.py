#!/usr/bin/env python3
"""Write the seed corpus of every fuzz target under OUT/<target>/.

Sources: the OCI spec's own example documents (schema/test/), the project's
test configs (tests/data, tests/lib) and seccomp profiles, and for the
command line the examples of the man pages and tests.  Each target gets
the part of those documents it parses, in the framing its harness expects.
usage: make-seeds.py SRCDIR SHAREDDIR OUT"""
import glob
import hashlib
import json
import os
import sys

src, shared, out = sys.argv[1:4]
schema_test = os.path.join(shared, "oci-runtime-spec-v1.3.0", "schema", "test")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def load(path):
    with open(path, "rb") as f:
        raw = f.read()
    try:
        return raw, json.loads(raw)
    except ValueError:
        return raw, None


configs = sorted(glob.glob(os.path.join(schema_test, "config", "*", "*.json"))
                 + glob.glob(os.path.join(src, "tests", "data", "*.json"))
                 + glob.glob(os.path.join(src, "tests", "lib", "*.json")))
for path in configs:
    raw, doc = load(path)
    put("spec", raw)
    put("resources", b"\x01" + raw)
    if not isinstance(doc, dict):
        continue
    if "process" in doc:
        put("process", json.dumps(doc["process"]))
    elif "args" in doc:
        put("process", raw)
    res = doc.get("linux", {}).get("resources")
    if res is not None:
        put("resources", b"\x00" + json.dumps(res).encode())
    for m in doc.get("mounts", []):
        if m.get("options"):
            put("mountopts", "\n".join(m["options"]))

for path in sorted(glob.glob(os.path.join(src, "seccomp-profiles", "*.json"))):
    _, prof = load(path)
    put("spec", json.dumps({"ociVersion": "1.3.0", "root": {"path": "rootfs"},
                            "linux": {"seccomp": prof}}))

for path in sorted(glob.glob(os.path.join(schema_test, "state", "*", "*.json"))):
    put("state", load(path)[0])
# What hull itself writes (state.c).
put("state", json.dumps({
    "id": "c1", "bundle": "/b", "rootfs": "/b/rootfs", "pid": 4242,
    "start_time": 123456, "created": "2026-01-01T00:00:00.000000000Z",
    "owner": 0, "cgroup_path": "/sys/fs/cgroup/unified:hull/c1",
    "started": True, "annotations": {"a": "b", "org.hull.x": "1"}}))

for opts in ["rbind\nro\nnosuid", "bind\nrro\nrnoexec\nridmap",
             "private\nrslave\nshared\nunbindable",
             "size=65536k\nmode=755\nnr_inodes=4k", "tmpcopyup\nidmap",
             "remount\nstrictatime\nnoatime\nnodiratime\nrelatime",
             "rw\nsuid\ndev\nexec\nsync\ndirsync\nmand\nnosymfollow"]:
    put("mountopts", opts)

# fuzz-strings: first byte selects the parser (see fuzz-strings.c).
for sel, values in [
        (0, ["c1", "a.b_c+d-e", "-bad", "x" * 1025, "a/b"]),
        (1, ["KILL", "SIGTERM", "9", "RTMIN+3", "SIGRTMAX-2", "sigusr1"]),
        (2, ["1024", "10k", "1G", "max", "-1", "18446744073709551616"]),
        (3, ["0-3,5", "0", "1-0", "0,,1", "4294967296"]),
        (4, ["memory.max", "cgroup.procs", "../x", "io.weight"]),
        (5, ["0", "18446744073709551615", "-1", " 1"]),
        (6, ["-9223372036854775808", "9223372036854775807", "+1"]),
        (7, ["SCMP_ACT_ERRNO", "SCMP_CMP_MASKED_EQ", "SCMP_ACT_NOTIFY"]),
        (8, ["1000-2000 r-xp 00001000 fe:00 7 /lib/a.so\nRss: 8 kB\n"
             "Anonymous: 0 kB\nSwap: 0 kB\nVmFlags: rd ex mr mw me\n"
             "3000-4000 r--p 00000000 00:00 0 [vvar]\nRss: 4 kB\n"
             "Anonymous: 0 kB\nVmFlags: rd mr pf io\n",
             "2000-1000 r--p 0 fe:00 7\nVmFlags: lo"])]:
    for v in values:
        put("strings", bytes([sel]) + v.encode())
put("strings", b"\xff\x22")

# fuzz-cli: a command line after "hull", one word per NUL-separated part.
# From the man pages (man/*.scd) and the integration tests.
for line in [
        ["create", "--bundle", "b", "--console-socket", "s", "--pid-file",
         "p", "id"],
        ["create", "-b", "bundle", "--no-pivot", "--no-new-keyring",
         "--preserve-fds", "3", "--policy", "restricted", "--", "id"],
        ["--root", "/r", "--log", "f", "--log-format", "json", "--debug",
         "state", "id"],
        ["--root=/r", "--log-format=text", "--rootless", "auto",
         "--cgroup-manager", "disabled", "--criu", "x", "list"],
        ["--systemd-cgroup", "--cgroup-manager", "systemd", "create", "-b",
         "b", "id"],
        ["--version"], ["-h"], ["--no-such-flag", "list"], ["frobnicate"],
        ["run", "-d", "--keep", "-b", "b", "id"],
        ["run", "-d", "--restart", "on-failure:5", "--log-max-size", "1M",
         "--log-max-files", "3", "--log-path", "/l", "web"],
        ["run", "--supervise", "--health-cmd", "true", "--health-interval",
         "30s", "--health-timeout", "500ms", "--health-retries", "3",
         "--health-start-period", "1m30s", "web"],
        ["exec", "-t", "--env", "A=B", "--cwd", "/", "id", "sh"],
        ["exec", "--process", "process.json", "web"],
        ["exec", "-d", "--pid-file", "/run/job.pid", "web", "/bin/job"],
        ["exec", "-u", "1000:1000", "-e", "HOME=/tmp", "--cwd", "/tmp",
         "--cap", "CAP_KILL", "-g", "10", "--no-new-privs",
         "--preserve-fds", "2", "--ignore-paused", "--apparmor", "x",
         "--process-label", "y", "--console-socket", "s", "web", "id"],
        ["start", "id"], ["state", "id"], ["pause", "web"],
        ["resume", "web"], ["features"], ["features", "--help"],
        ["kill", "--all", "id", "KILL"], ["kill", "id", "SIGRTMIN+3"],
        ["kill", "id", "9"], ["delete", "--force", "id"],
        ["delete", "-f", "--", "id"], ["list", "--format", "json"],
        ["list", "-q"], ["logs", "--since", "10m", "--timestamps", "web"],
        ["logs", "--tail", "20", "-f", "web"],
        ["logs", "--since", "2026-11-22T08:00:00Z", "web"],
        ["stop", "-t", "30", "db"], ["stop", "--timeout=5", "web"],
        ["spec", "--rootless", "--hardened", "--bundle", "/b"],
        ["audit", "--policy", "restricted", "--format", "json", "./bundle"],
        ["update", "-r", "-", "id"],
        ["update", "--memory", "512m", "--memory-swap", "1g",
         "--memory-reservation", "256m", "web"],
        ["update", "--cpu-quota", "50000", "--cpu-period", "100000",
         "--cpu-shares", "1024", "--cpuset-cpus", "0-3", "--cpuset-mems",
         "0", "--pids-limit", "-1", "--blkio-weight", "500", "web"],
        ["events", "--stats", "web"], ["events", "--interval", "1s", "web"],
        ["ps", "web", "-o", "pid,user,rss,args"],
        ["ps", "--format", "json", "web"], ["delete", "web", "--force"]]:
    put("cli", b"\0".join(w.encode() for w in line))
