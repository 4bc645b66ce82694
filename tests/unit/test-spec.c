/* test-spec.c - config.json parsing: the spec's own schema test documents,
 * hull's sample configs, wrong types and missing fields (with the JSON path
 * in the message), ignored unknown keys, and lc_spec_load. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "caps.h"
#include "seccomp.h"
#include "spec.h"
#include "spec_default.h"
#include "util.h"
#include "validate.h"

#define BASE "\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"}"
#define PROC "\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"]"

static char *
read_file (const char *path, size_t *len)
{
  char *buf = NULL;
  struct lc_err err = { 0 };
  int r = lc_read_file_at (AT_FDCWD, path, LC_SPEC_MAX_SIZE, &buf, len, &err);
  if (r < 0)
    fail_msg ("%s", err.msg);
  return buf;
}

static int
parse_str (const char *json, struct lc_spec **ret, struct lc_err *err)
{
  return lc_spec_parse (json, strlen (json), ret, err);
}

/* Parse every file of dir matching one of the patterns; returns how many
 * matched.  want_ok says whether they must parse. */
static int
parse_dir (const char *dir, const char *const *patterns, bool want_ok)
{
  DIR *d = opendir (dir);
  struct dirent *de;
  int n = 0;

  assert_non_null (d);
  while ((de = readdir (d)))
    {
      bool match = false;
      for (size_t i = 0; patterns[i]; i++)
        match |= fnmatch (patterns[i], de->d_name, 0) == 0;
      if (!match)
        continue;

      char *path = lc_xasprintf ("%s/%s", dir, de->d_name);
      size_t len;
      char *buf = read_file (path, &len);
      struct lc_spec *spec = NULL;
      struct lc_err err = { 0 };
      int r = lc_spec_parse (buf, len, &spec, &err);

      if (want_ok && r < 0)
        fail_msg ("%s: %s", de->d_name, err.msg);
      if (!want_ok && r >= 0)
        fail_msg ("%s: accepted", de->d_name);
      if (!want_ok)
        {
          assert_int_equal (r, -EINVAL);
          assert_true (strlen (err.msg) > 0);
          assert_null (spec);
        }
      lc_spec_free (spec);
      free (buf);
      free (path);
      n++;
    }
  closedir (d);
  return n;
}

static void
test_schema_good (void **state)
{
  static const char *const pats[]
      = { "linux-*.json", "minimal*.json", "spec-example.json", NULL };
  assert_int_equal (
      parse_dir (SPEC_SCHEMA_DIR "/test/config/good", pats, true), 5);
}

static void
test_schema_bad (void **state)
{
  static const char *const pats[]
      = { "linux-*.json", "invalid-json.json", NULL };
  static const struct
  {
    const char *file, *msg;
  } msgs[] = {
    { "linux-hugepage.json", "linux.resources.hugepageLimits[0].pageSize: " },
    { "linux-netdevice.json",
      "linux.netDevices.eth0.name: expected a string" },
    { "linux-rdma.json", "linux.resources.rdma.mlx5_1.hcaHandles: expected an "
                         "unsigned 32-bit integer" },
    { "invalid-json.json", "invalid json at line 1" },
  };

  assert_int_equal (
      parse_dir (SPEC_SCHEMA_DIR "/test/config/bad", pats, false), 4);
  for (size_t i = 0; i < sizeof msgs / sizeof msgs[0]; i++)
    {
      char *path = lc_xasprintf ("%s/test/config/bad/%s", SPEC_SCHEMA_DIR,
                                 msgs[i].file);
      size_t len;
      char *buf = read_file (path, &len);
      struct lc_spec *spec = NULL;
      struct lc_err err = { 0 };

      assert_int_equal (lc_spec_parse (buf, len, &spec, &err), -EINVAL);
      if (!strstr (err.msg, msgs[i].msg))
        fail_msg ("%s: got '%s', want '%s'", msgs[i].file, err.msg,
                  msgs[i].msg);
      free (buf);
      free (path);
    }
}

static struct lc_spec *
parse_data (const char *name)
{
  char *path = lc_xasprintf ("%s/%s", TEST_DATA_DIR, name);
  size_t len;
  char *buf = read_file (path, &len);
  struct lc_spec *spec = NULL;
  struct lc_err err = { 0 };

  if (lc_spec_parse (buf, len, &spec, &err) < 0)
    fail_msg ("%s: %s", name, err.msg);
  free (buf);
  free (path);
  return spec;
}

static void
test_busybox (void **state)
{
  struct lc_spec *s = parse_data ("busybox.json");
  struct lc_validate_opts vo = { 0 };
  struct lc_err err = { 0 };

  assert_string_equal (s->oci_version, "1.3.0");
  assert_string_equal (s->root_path, "rootfs");
  assert_true (s->root_readonly);
  assert_true (s->has_process);
  assert_string_equal (s->process.args[0], "/bin/sh");
  assert_int_equal (s->n_mounts, 7);
  assert_string_equal (s->mounts[2].options[5], "gid=5");
  assert_null (s->mounts[0].options);
  assert_true (s->ns[LC_NS_NET].present);
  assert_false (s->ns[LC_NS_USER].present);
  assert_string_equal (lc_spec_annotation (s, "org.example.purpose"), "test");
  assert_null (lc_spec_annotation (s, "org.example.nope"));
  assert_int_equal (lc_spec_validate (s, &vo, &err), 0);
  lc_spec_free (s);

  s = parse_data ("busybox-rootless.json");
  vo.rootless = true;
  assert_true (s->ns[LC_NS_USER].present);
  assert_false (s->ns[LC_NS_NET].present);
  assert_int_equal (s->n_uid_mappings, 1);
  assert_int_equal (s->uid_mappings[0].host_id, 1000);
  if (lc_spec_validate (s, &vo, &err) < 0)
    fail_msg ("%s", err.msg);
  lc_spec_free (s);
}

static void
test_full_process (void **state)
{
  struct lc_spec *s = parse_data ("full.json");
  const struct lc_process *p = &s->process;

  assert_int_equal (p->console_height, 24);
  assert_int_equal (p->console_width, 80);
  assert_int_equal (p->user.uid, 1000);
  assert_true (p->user.has_umask);
  assert_int_equal (p->user.umask, 022);
  assert_int_equal (p->user.n_additional_gids, 2);
  assert_int_equal (p->user.additional_gids[1], 100);
  assert_string_equal (p->cwd, "/tmp");
  assert_string_equal (p->env[1], "HOME=/root");
  assert_null (p->env[2]);
  assert_true (p->caps.present);
  assert_int_equal (p->caps.bounding, (1ull << CAP_CHOWN) | (1ull << CAP_KILL)
                                          | (1ull << CAP_SYS_ADMIN));
  assert_int_equal (p->caps.effective, 1ull << CAP_KILL);
  assert_int_equal (p->caps.inheritable, 0);
  assert_int_equal (p->n_rlimits, 2);
  assert_int_equal (p->rlimits[0].resource, RLIMIT_NOFILE);
  assert_int_equal (p->rlimits[0].hard, 4096);
  assert_int_equal (p->rlimits[1].resource, RLIMIT_CORE);
  assert_true (p->no_new_privileges);
  assert_true (p->has_oom_score_adj);
  assert_int_equal (p->oom_score_adj, -500);
  assert_string_equal (p->apparmor_profile, "hull-default");
  assert_true (p->has_io_priority);
  assert_int_equal (p->io_class, 2);
  assert_int_equal (p->io_priority, 4);
  assert_true (p->scheduler.present);
  assert_int_equal (p->scheduler.policy, SCHED_BATCH);
  assert_int_equal (p->scheduler.nice, 5);
  assert_int_equal (p->scheduler.flags, 1);
  assert_string_equal (p->cpu_affinity_initial, "0");
  assert_string_equal (p->cpu_affinity_final, "0-1");
  lc_spec_free (s);
}

static void
test_full_linux (void **state)
{
  struct lc_spec *s = parse_data ("full.json");
  const struct lc_resources *res = &s->resources;

  assert_string_equal (s->mounts[1].source, "/srv/data");
  assert_int_equal (s->mounts[1].n_uid_mappings, 1);
  assert_int_equal (s->mounts[1].gid_mappings[0].size, 65536);
  assert_int_equal (s->n_hooks[LC_HOOK_CREATE_RUNTIME], 1);
  assert_int_equal (s->hooks[LC_HOOK_CREATE_RUNTIME][0].timeout, 5);
  assert_string_equal (s->hooks[LC_HOOK_CREATE_RUNTIME][0].env[0], "A=b");
  assert_int_equal (s->n_hooks[LC_HOOK_POSTSTOP], 1);
  assert_null (s->hooks[LC_HOOK_POSTSTOP][0].args);
  assert_int_equal (s->n_hooks[LC_HOOK_PRESTART], 0);
  for (int t = 0; t < LC_NS_COUNT; t++)
    assert_true (s->ns[t].present);
  assert_string_equal (s->ns[LC_NS_NET].path, "/proc/1/ns/net");
  assert_null (s->ns[LC_NS_PID].path);
  assert_int_equal (s->n_devices, 2);
  assert_int_equal (s->devices[0].type, 'c');
  assert_int_equal (s->devices[0].minor, 229);
  assert_true (s->devices[0].has_file_mode);
  assert_int_equal (s->devices[0].file_mode, 0666);
  assert_int_equal (s->devices[1].major, -1);
  assert_true (res->present);
  assert_int_equal (res->n_devices, 2);
  assert_false (res->devices[0].allow);
  assert_int_equal (res->devices[0].type, 'a');
  assert_int_equal (res->devices[0].major, -1);
  assert_string_equal (res->devices[1].access, "rw");
  assert_true (res->has_mem_limit);
  assert_int_equal (res->mem_limit, 268435456);
  assert_false (res->has_mem_kernel);
  assert_int_equal (res->mem_swappiness, 10);
  assert_int_equal (res->cpu_quota, 50000);
  assert_true (res->has_cpu_idle);
  assert_false (res->has_cpu_rt);
  assert_string_equal (res->cpu_cpus, "0-1");
  assert_int_equal (res->pids_limit, 128);
  assert_string_equal (res->unified_keys[1], "io.weight");
  assert_string_equal (res->unified_values[1], "default 100");
  assert_string_equal (s->rootfs_propagation, "slave");
  assert_string_equal (s->sysctl_keys[0], "net.ipv4.ip_forward");
  assert_string_equal (s->masked_paths[0], "/proc/kcore");
  assert_true (s->personality.present);
  assert_int_equal (s->personality.domain, PER_LINUX32);
  assert_true (s->has_time_offsets);
  assert_int_equal (s->time_monotonic_secs, 3600);
  assert_int_equal (s->time_monotonic_nsecs, 500);
  assert_int_equal (s->time_boottime_secs, -60);
  lc_spec_free (s);
}

static void
test_full_seccomp (void **state)
{
  struct lc_spec *s = parse_data ("full.json");
  const struct lc_seccomp *sc = &s->seccomp;

  assert_true (s->has_seccomp);
  assert_int_equal (sc->default_action, SCMP_ACT_ERRNO (0));
  assert_true (sc->has_default_errno_ret);
  assert_int_equal (sc->default_errno_ret, 1);
  assert_string_equal (sc->architectures[1], "SCMP_ARCH_X86");
  assert_string_equal (sc->flags[0], "SECCOMP_FILTER_FLAG_LOG");
  assert_string_equal (sc->listener_path, "/run/agent.sock");
  assert_string_equal (sc->listener_metadata, "hull-test");
  assert_int_equal (sc->n_rules, 4);
  assert_string_equal (sc->rules[0].names[2], "exit_group");
  assert_int_equal (sc->rules[0].action, SCMP_ACT_ALLOW);
  assert_int_equal (sc->rules[1].n_args, 2);
  assert_int_equal (sc->rules[1].args[1].index, 1);
  assert_int_equal (sc->rules[1].args[1].value, 255);
  assert_int_equal (sc->rules[1].args[1].value_two, 8);
  assert_int_equal (sc->rules[1].args[1].op, SCMP_CMP_MASKED_EQ);
  assert_int_equal (sc->rules[2].action, SCMP_ACT_NOTIFY);
  assert_true (sc->rules[3].has_errno_ret);
  assert_int_equal (sc->rules[3].errno_ret, 13);
  assert_false (sc->rules[0].has_errno_ret);
  lc_spec_free (s);
}

/* Wrong documents: the message must carry the JSON path. */
static void
test_errors (void **state)
{
  static const struct
  {
    const char *json, *msg;
  } cases[] = {
    { "{" BASE ", \"mounts\": [{\"destination\": \"/a\"}, {\"destination\": "
      "\"/b\"}, {\"destination\": \"/c\"}, {\"destination\": 5}]}",
      "mounts[3].destination: expected a string" },
    { "{" BASE ", " PROC ", \"user\": {\"uid\": -1}}}",
      "process.user.uid: expected an unsigned 32-bit integer" },
    { "{" BASE ", " PROC ", \"user\": {\"gid\": 4294967296}}}",
      "process.user.gid: expected an unsigned 32-bit integer" },
    { "{" BASE ", " PROC ", \"user\": {\"uid\": 1.5}}}",
      "process.user.uid: expected an unsigned 32-bit integer" },
    { "{" BASE
      ", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": "
      "\"uts\"}, {\"type\": \"foo\"}]}}",
      "linux.namespaces[2].type: unknown namespace 'foo'" },
    { "{" BASE
      ", \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, {\"type\": "
      "\"pid\", \"path\": \"/proc/1/ns/pid\"}]}}",
      "linux.namespaces[1].type: duplicate namespace 'pid'" },
    { "{" BASE ", \"linux\": {\"namespaces\": [{\"path\": \"/x\"}]}}",
      "linux.namespaces[0].type: missing required field" },
    { "{" BASE ", \"linux\": {\"namespaces\": [{\"type\": 3}]}}",
      "linux.namespaces[0].type: expected a string" },
    { "{" BASE ", " PROC ", \"capabilities\": {\"bounding\": [\"CAP_KILL\", "
      "\"CAP_FOO\"]}}}",
      "process.capabilities.bounding[1]: unknown capability 'CAP_FOO'" },
    { "{" BASE ", " PROC ", \"capabilities\": {\"ambient\": [\"cap_kill\"]}}}",
      "process.capabilities.ambient[0]: unknown capability 'cap_kill'" },
    { "{\"root\": {\"path\": \"rootfs\"}}",
      "ociVersion: missing required field" },
    { "{\"ociVersion\": 1, \"root\": {\"path\": \"r\"}}",
      "ociVersion: expected a string" },
    { "{\"ociVersion\": \"1.0.0\"}", "root: missing required field" },
    { "{\"ociVersion\": \"1.0.0\", \"root\": {}}",
      "root.path: missing required field" },
    { "{\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"r\", \"readonly\": "
      "\"yes\"}}",
      "root.readonly: expected a boolean" },
    { "{" BASE ", \"process\": {\"args\": [\"sh\"]}}",
      "process.cwd: missing required field" },
    { "{" BASE ", \"process\": []}", "process: expected an object" },
    { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": \"sh\"}}",
      "process.args: expected an array of strings" },
    { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": [\"sh\", 1]}}",
      "process.args[1]: expected a string" },
    { "{" BASE ", " PROC ", \"terminal\": \"yes\"}}",
      "process.terminal: expected a boolean" },
    { "{" BASE ", " PROC ", \"consoleSize\": {\"height\": 1}}}",
      "process.consoleSize.width: missing required field" },
    { "{" BASE ", " PROC ", \"oomScoreAdj\": 1001}}",
      "process.oomScoreAdj: expected an integer between -1000 and 1000" },
    { "{" BASE ", " PROC ", \"user\": {\"umask\": 512}}}",
      "process.user.umask: expected a file mode" },
    { "{" BASE ", " PROC ", \"user\": {\"additionalGids\": [1, -2]}}}",
      "process.user.additionalGids[1]: expected an unsigned 32-bit integer" },
    { "{" BASE ", " PROC
      ", \"rlimits\": [{\"type\": \"RLIMIT_FOO\", \"soft\": "
      "1, \"hard\": 1}]}}",
      "process.rlimits[0].type: unknown rlimit 'RLIMIT_FOO'" },
    { "{" BASE ", " PROC ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", "
      "\"soft\": 1}]}}",
      "process.rlimits[0].hard: missing required field" },
    { "{" BASE ", " PROC ", \"rlimits\": [{\"type\": \"RLIMIT_NOFILE\", "
      "\"soft\": 1, \"hard\": 1}, {\"type\": \"RLIMIT_NOFILE\", \"soft\": 2, "
      "\"hard\": 2}]}}",
      "process.rlimits[1]: duplicate rlimit 'RLIMIT_NOFILE'" },
    { "{" BASE ", " PROC ", \"ioPriority\": {\"class\": \"IOPRIO_CLASS_X\"}}}",
      "process.ioPriority.class: unknown value 'IOPRIO_CLASS_X'" },
    { "{" BASE ", " PROC ", \"scheduler\": {\"policy\": \"SCHED_RR\", "
      "\"flags\": [\"SCHED_FLAG_NOPE\"]}}}",
      "process.scheduler.flags[0]: unknown value 'SCHED_FLAG_NOPE'" },
    { "{" BASE ", " PROC ", \"scheduler\": {\"nice\": 1}}}",
      "process.scheduler.policy: missing required field" },
    { "{" BASE ", " PROC ", \"execCPUAffinity\": {\"initial\": \"a\"}}}",
      "process.execCPUAffinity.initial: invalid cpu list 'a'" },
    { "{" BASE ", \"hooks\": {\"prestart\": [{\"args\": []}]}}",
      "hooks.prestart[0].path: missing required field" },
    { "{" BASE ", \"hooks\": {\"poststop\": [{\"path\": \"/x\", \"timeout\": "
      "0}]}}",
      "hooks.poststop[0].timeout: expected a positive integer" },
    { "{" BASE ", \"annotations\": {\"a\": 1}}", "annotations.a: expected a "
                                                 "string" },
    { "{" BASE ", \"annotations\": {\"\": \"x\"}}",
      "annotations: keys must not be empty" },
    { "{" BASE ", \"linux\": {\"uidMappings\": [{\"containerID\": 0, "
      "\"hostID\": 0}]}}",
      "linux.uidMappings[0].size: missing required field" },
    { "{" BASE ", \"mounts\": [{\"destination\": \"/m\", \"gidMappings\": "
      "[{\"containerID\": 0, \"hostID\": \"0\", \"size\": 1}]}]}",
      "mounts[0].gidMappings[0].hostID: expected an unsigned 32-bit integer" },
    { "{" BASE ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": "
      "\"x\"}]}}",
      "linux.devices[0].type: unknown type 'x'" },
    { "{" BASE ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", \"type\": "
      "\"c\", \"fileMode\": 512}]}}",
      "linux.devices[0].fileMode: expected a file mode" },
    { "{" BASE ", \"linux\": {\"resources\": {\"devices\": [{\"allow\": "
      "true, \"access\": \"rwx\"}]}}}",
      "linux.resources.devices[0].access: invalid access 'rwx'" },
    { "{" BASE ", \"linux\": {\"resources\": {\"devices\": [{\"allow\": "
      "true, \"access\": \"rr\"}]}}}",
      "linux.resources.devices[0].access: invalid access 'rr'" },
    { "{" BASE ", \"linux\": {\"resources\": {\"devices\": [{\"access\": "
      "\"r\"}]}}}",
      "linux.resources.devices[0].allow: missing required field" },
    { "{" BASE ", \"linux\": {\"resources\": {\"pids\": {}}}}",
      "linux.resources.pids.limit: missing required field" },
    { "{" BASE ", \"linux\": {\"resources\": {\"memory\": {\"limit\": "
      "\"1G\"}}}}",
      "linux.resources.memory.limit: expected a 64-bit integer" },
    { "{" BASE ", \"linux\": {\"resources\": {\"cpu\": {\"shares\": -1}}}}",
      "linux.resources.cpu.shares: expected an unsigned 64-bit integer" },
    { "{" BASE ", \"linux\": {\"resources\": {\"unified\": {\"memory.max\": "
      "5}}}}",
      "linux.resources.unified.memory.max: expected a string" },
    { "{" BASE ", \"linux\": {\"resources\": {\"blockIO\": {\"weight\": "
      "70000}}}}",
      "linux.resources.blockIO.weight: expected an unsigned 16-bit integer" },
    { "{" BASE ", \"linux\": {\"resources\": {\"blockIO\": {\"weightDevice\": "
      "[{\"major\": 8}]}}}}",
      "linux.resources.blockIO.weightDevice[0].minor: missing required "
      "field" },
    { "{" BASE ", \"linux\": {\"resources\": {\"hugepageLimits\": "
      "[{\"pageSize\": \"2MB\", \"limit\": -1}]}}}",
      "linux.resources.hugepageLimits[0].limit: expected an unsigned 64-bit "
      "integer" },
    { "{" BASE ", \"linux\": {\"resources\": {\"hugepageLimits\": "
      "[{\"pageSize\": \"02MB\", \"limit\": 1}]}}}",
      "linux.resources.hugepageLimits[0].pageSize: invalid size '02MB'" },
    { "{" BASE ", \"linux\": {\"sysctl\": {\"net.ipv4.ip_forward\": 1}}}",
      "linux.sysctl.net.ipv4.ip_forward: expected a string" },
    { "{" BASE ", \"linux\": {\"rootfsPropagation\": \"weird\"}}",
      "linux.rootfsPropagation: unknown value 'weird'" },
    { "{" BASE ", \"linux\": {\"maskedPaths\": [\"/a\", false]}}",
      "linux.maskedPaths[1]: expected a string" },
    { "{" BASE ", \"linux\": {\"seccomp\": {}}}",
      "linux.seccomp.defaultAction: missing required field" },
    { "{" BASE ", \"linux\": {\"seccomp\": {\"defaultAction\": "
      "\"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": "
      "\"SCMP_ACT_FOO\"}]}}}",
      "linux.seccomp.syscalls[0].action: unknown seccomp action "
      "'SCMP_ACT_FOO'" },
    { "{" BASE ", \"linux\": {\"seccomp\": {\"defaultAction\": "
      "\"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"read\"], \"action\": "
      "\"SCMP_ACT_ERRNO\", \"args\": [{\"index\": 0, \"value\": 1, \"op\": "
      "\"SCMP_CMP_XX\"}]}]}}}",
      "linux.seccomp.syscalls[0].args[0].op: unknown seccomp operator "
      "'SCMP_CMP_XX'" },
    { "{" BASE ", \"linux\": {\"seccomp\": {\"defaultAction\": "
      "\"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [], \"action\": "
      "\"SCMP_ACT_LOG\"}]}}}",
      "linux.seccomp.syscalls[0].names: must not be empty" },
    { "{" BASE ", \"linux\": {\"seccomp\": {\"defaultAction\": "
      "\"SCMP_ACT_ALLOW\", \"architectures\": [\"SCMP_ARCH_FOO\"]}}}",
      "linux.seccomp.architectures[0]: unknown value 'SCMP_ARCH_FOO'" },
    { "{" BASE ", \"linux\": {\"seccomp\": {\"defaultAction\": "
      "\"SCMP_ACT_ALLOW\", \"flags\": [\"SECCOMP_FILTER_FLAG_NOPE\"]}}}",
      "linux.seccomp.flags[0]: unknown value 'SECCOMP_FILTER_FLAG_NOPE'" },
    { "{" BASE ", \"linux\": {\"personality\": {\"domain\": \"LINUX64\"}}}",
      "linux.personality.domain: unknown value 'LINUX64'" },
    { "{" BASE ", \"linux\": {\"timeOffsets\": {\"monotonic\": {\"nanosecs\": "
      "1000000000}}}}",
      "linux.timeOffsets.monotonic.nanosecs: expected nanoseconds" },
    { "{" BASE ", \"linux\": {\"intelRdt\": {\"closID\": 1}}}",
      "linux.intelRdt.closID: expected a string" },
    { "{" BASE ", \"linux\": 7}", "linux: expected an object" },
    { "[]", "config: expected an object" },
    { "{" BASE ", \"hostname\": \"a\", \"hostname\": \"b\"}",
      "hostname: invalid json at line 1" },
    { "{" BASE ", \"hostname\": \"a\\u0000b\"}",
      "hostname: invalid json at line 1, column 74: NUL byte (\\u0000) in a "
      "string" },
    { "{" BASE ", " PROC ", \"user\": {\"uid\": 18446744073709551616}}}",
      "process.user.uid: invalid json at line 1, column 128: number out of "
      "range" },
    /* the path before the error is rescanned: strings with brackets,
     * escaped quotes, array indexes and closed containers */
    { "{" BASE ", \"annotations\": {\"a[{\\\"\": \"]}\", \"b\": \"x\"}, "
      "\"mounts\": [{\"destination\": \"/a\", \"options\": [\"ro\"]}, "
      "{\"destination\": \"/b\", \"destination\": \"/c\"}]}",
      "mounts[1].destination: invalid json" },
    { "{" BASE ", \"x\": {\"a\\u0000\": 1}}",
      "x.a\\u0000: invalid json at line 1, column 67: NUL byte (\\u0000) in "
      "a key" },
    { "{" BASE ", \"x\": [[[[[[[[[[[[[[[[[[[[[[[1, ]]]]]]]]]]]]]]]]]]]]]]}",
      "x[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]...: invalid json" },
    { "{" BASE "} trailing", "invalid json" },
    { "", "invalid json" },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct lc_spec *spec = NULL;
      struct lc_err err = { 0 };
      int r = parse_str (cases[i].json, &spec, &err);

      if (r != -EINVAL)
        fail_msg ("case %zu (%s): returned %d", i, cases[i].msg, r);
      assert_int_equal (err.code, EINVAL);
      assert_null (spec);
      if (!strstr (err.msg, cases[i].msg))
        fail_msg ("case %zu: got '%s', want '%s'", i, err.msg, cases[i].msg);
    }
}

/* Unknown keys (anywhere) are ignored, null counts as absent, and other
 * platforms' sections are not looked at. */
static void
test_lenient (void **state)
{
  static const char json[]
      = "{" BASE ", \"futureTopLevel\": {\"x\": [1, 2]}, \"hostname\": null,"
        " \"windows\": {\"layerFolders\": 5}, \"vm\": 3,"
        " \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"newField\": 1,"
        "  \"user\": {\"uid\": 7, \"username\": \"bob\", \"extra\": []},"
        "  \"env\": null, \"capabilities\": {\"bounding\": [], \"other\": 1}},"
        " \"mounts\": [{\"destination\": \"/x\", \"whatever\": true}],"
        " \"linux\": {\"namespaces\": [{\"type\": \"pid\", \"later\": 1}],"
        "  \"rootfsPropagation\": \"rprivate\", \"seccomp\": null,"
        "  \"resources\": {\"oomScoreAdj\": 100, \"newController\": {}},"
        "  \"memoryPolicy\": {\"mode\": \"MPOL_BIND\"}, \"netDevices\": {}}}";
  struct lc_spec *s = NULL;
  struct lc_err err = { 0 };

  if (parse_str (json, &s, &err) < 0)
    fail_msg ("%s", err.msg);
  assert_null (s->hostname);
  assert_int_equal (s->process.user.uid, 7);
  assert_non_null (s->process.env); /* absent: an empty vector */
  assert_null (s->process.env[0]);
  assert_true (s->process.caps.present);
  assert_int_equal (s->process.caps.bounding, 0);
  assert_int_equal (s->n_mounts, 1);
  assert_true (s->ns[LC_NS_PID].present);
  assert_string_equal (s->rootfs_propagation, "rprivate");
  assert_false (s->has_seccomp);
  assert_true (s->resources.present);
  assert_true (s->has_process);
  lc_spec_free (s);

  /* No process at all is a valid document (validate.c wants one). */
  assert_int_equal (parse_str ("{" BASE "}", &s, &err), 0);
  assert_false (s->has_process);
  assert_null (s->process.args);
  lc_spec_free (s);
}

static void
test_default_roundtrip (void **state)
{
  for (int rootless = 0; rootless <= 1; rootless++)
    {
      char *json = lc_spec_default_json (rootless);
      struct lc_validate_opts vo = { .rootless = rootless };
      struct lc_spec *s = NULL;
      struct lc_err err = { 0 };

      assert_non_null (json);
      assert_non_null (strstr (json, "\n    \"ociVersion\": \"1.3.0\""));
      assert_int_equal (json[strlen (json) - 1], '\n');
      if (parse_str (json, &s, &err) < 0)
        fail_msg ("rootless=%d: %s", rootless, err.msg);
      if (lc_spec_validate (s, &vo, &err) < 0)
        fail_msg ("rootless=%d: %s", rootless, err.msg);
      assert_true (s->process.terminal);
      assert_string_equal (s->hostname, "hull");
      assert_int_equal (s->process.caps.bounding,
                        (1ull << CAP_AUDIT_WRITE) | (1ull << CAP_KILL)
                            | (1ull << CAP_NET_BIND_SERVICE));
      assert_int_equal (s->process.rlimits[0].soft, 1024);
      assert_true (s->ns[LC_NS_USER].present == (bool) rootless);
      assert_true (s->ns[LC_NS_NET].present == !rootless);
      assert_int_equal (s->n_uid_mappings, rootless ? 1 : 0);
      if (rootless)
        assert_int_equal (s->uid_mappings[0].host_id, getuid ());
      assert_int_equal (s->n_mounts, rootless ? 6 : 7);
      assert_true (s->resources.present == !rootless);
      lc_spec_free (s);
      free (json);
    }
}

static void
test_process_parse (void **state)
{
  char *path = lc_xasprintf ("%s/process.json", TEST_DATA_DIR);
  size_t len;
  char *buf = read_file (path, &len);
  struct lc_process *p = NULL;
  struct lc_err err = { 0 };

  if (lc_process_parse (buf, len, &p, &err) < 0)
    fail_msg ("%s", err.msg);
  assert_string_equal (p->args[1], "exec");
  assert_true (p->no_new_privileges);
  assert_false (p->caps.present);
  lc_process_free (p);
  free (buf);
  free (path);

  static const struct
  {
    const char *json, *msg;
  } bad[] = {
    { "{\"cwd\": \"/\"}", "process.args: must not be empty" },
    { "{\"cwd\": \"tmp\", \"args\": [\"sh\"]}", "process.cwd: must be an "
                                                "absolute path" },
    { "{\"args\": [\"sh\"]}", "process.cwd: missing required field" },
    { "{\"cwd\": \"/\", \"args\": [\"sh\"], \"user\": {\"uid\": \"0\"}}",
      "process.user.uid: expected an unsigned 32-bit integer" },
    { "{\"cwd\": \"/\", \"args\": [\"sh\"], \"rlimits\": [{\"type\": "
      "\"RLIMIT_CORE\", \"soft\": 0, \"hard\": 0}, {\"type\": \"RLIMIT_CORE\","
      " \"soft\": 0, \"hard\": 0}]}",
      "process.rlimits[1]: duplicate rlimit" },
    { "[\"sh\"]", "process: expected an object" },
    { "{\"cwd\": \"/\", \"args\": [\"sh\", \"-c\", \"sh\", \"-c\"], \"cwd\": "
      "\"/\"}",
      "process.cwd: invalid json at line 1" },
  };
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      p = NULL;
      assert_int_equal (
          lc_process_parse (bad[i].json, strlen (bad[i].json), &p, &err),
          -EINVAL);
      assert_null (p);
      if (!strstr (err.msg, bad[i].msg))
        fail_msg ("case %zu: got '%s', want '%s'", i, err.msg, bad[i].msg);
    }
}

static void
write_text (int dirfd, const char *name, const char *text)
{
  int fd
      = openat (dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  assert_true (fd >= 0);
  assert_int_equal (lc_write_all (fd, text, strlen (text)), 0);
  close (fd);
}

static void
test_load (void **state)
{
  char tmpl[] = "/tmp/hull-test-spec-XXXXXX";
  char *dir = mkdtemp (tmpl);
  char *real, *want, *rel;
  struct lc_spec *s = NULL;
  struct lc_err err = { 0 };
  int dirfd, fd;

  assert_non_null (dir);
  real = realpath (dir, NULL);
  dirfd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  assert_true (dirfd >= 0);

  /* Missing config.json: an error naming the bundle. */
  assert_int_equal (lc_spec_load (dir, &s, &err), -ENOENT);
  assert_non_null (strstr (err.msg, "config.json"));

  /* Relative root.path becomes absolute against the bundle, also when the
   * bundle is given with a relative path. */
  write_text (dirfd, "config.json", "{" BASE "}");
  rel = lc_xasprintf ("%s/../%s", dir, strrchr (dir, '/') + 1);
  assert_int_equal (lc_spec_load (rel, &s, &err), 0);
  want = lc_xasprintf ("%s/rootfs", real);
  assert_string_equal (s->root_path, want);
  s = lc_spec_free (s);

  write_text (dirfd, "config.json",
              "{\"ociVersion\": \"1\", \"root\": {\"path\": \"/abs/root\"}}");
  assert_int_equal (lc_spec_load (dir, &s, &err), 0);
  assert_string_equal (s->root_path, "/abs/root");
  s = lc_spec_free (s);

  /* Parse errors say which file. */
  write_text (dirfd, "config.json", "{\"ociVersion\": 3}");
  assert_int_equal (lc_spec_load (dir, &s, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "config.json'"));
  assert_non_null (strstr (err.msg, "ociVersion: expected a string"));

  /* Larger than LC_SPEC_MAX_SIZE: refused before parsing. */
  fd = openat (dirfd, "config.json", O_WRONLY | O_TRUNC | O_CLOEXEC);
  assert_true (fd >= 0);
  assert_int_equal (ftruncate (fd, (off_t) LC_SPEC_MAX_SIZE + 1), 0);
  close (fd);
  assert_int_equal (lc_spec_load (dir, &s, &err), -EFBIG);

  assert_int_equal (unlinkat (dirfd, "config.json", 0), 0);
  assert_int_equal (rmdir (dir), 0);
  close (dirfd);
  assert_int_equal (lc_spec_load (dir, &s, &err), -ENOENT);
  free (want);
  free (rel);
  free (real);
}

static void
test_names (void **state)
{
  assert_string_equal (lc_ns_name (LC_NS_NET), "network");
  assert_string_equal (lc_ns_name (LC_NS_MNT), "mount");
  assert_string_equal (lc_ns_proc_name (LC_NS_NET), "net");
  assert_string_equal (lc_ns_proc_name (LC_NS_MNT), "mnt");
  assert_string_equal (lc_ns_proc_name (LC_NS_TIME), "time");
  assert_null (lc_ns_name (LC_NS_COUNT));
  assert_string_equal (lc_hook_name (LC_HOOK_CREATE_CONTAINER),
                       "createContainer");
  assert_string_equal (lc_hook_name (LC_HOOK_POSTSTOP), "poststop");
  assert_null (lc_hook_name (LC_HOOK_COUNT));
  assert_null (lc_spec_free (NULL));
  assert_null (lc_process_free (NULL));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_schema_good),
    cmocka_unit_test (test_schema_bad),
    cmocka_unit_test (test_busybox),
    cmocka_unit_test (test_full_process),
    cmocka_unit_test (test_full_linux),
    cmocka_unit_test (test_full_seccomp),
    cmocka_unit_test (test_errors),
    cmocka_unit_test (test_lenient),
    cmocka_unit_test (test_default_roundtrip),
    cmocka_unit_test (test_process_parse),
    cmocka_unit_test (test_load),
    cmocka_unit_test (test_names),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
