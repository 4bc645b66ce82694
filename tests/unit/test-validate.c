/* test-validate.c - container id rules and the cross-field checks of
 * lc_spec_validate, on documents parsed by spec.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spec.h"
#include "util.h"
#include "validate.h"

static void
test_ids (void **state)
{
  char max_ok[1025], too_long[1026];
  static const char *const good[] = { "a", "A-b_c.d+e", "0", "x..y", "9abc" };
  static const char *const bad[]
      = { "",   "..",  ".",    "/",           "a/b", "-a", "_a",
          "+a", "a b", "a\nb", "caf\xc3\xa9", "a:b", "a$" };
  struct lc_err err = { 0 };

  memset (max_ok, 'a', 1024);
  max_ok[1024] = '\0';
  memset (too_long, 'a', 1025);
  too_long[1025] = '\0';
  for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
    if (lc_validate_id (good[i], &err) != 0)
      fail_msg ("'%s' refused: %s", good[i], err.msg);
  assert_int_equal (lc_validate_id (max_ok, &err), 0);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      lc_err_clear (&err);
      if (lc_validate_id (bad[i], &err) != -EINVAL)
        fail_msg ("'%s' accepted", bad[i]);
      assert_non_null (strstr (err.msg, "invalid container id '"));
      assert_non_null (
          strstr (err.msg, "must match [A-Za-z0-9][A-Za-z0-9_.+-]{0,1023}"));
    }
  assert_int_equal (lc_validate_id (too_long, &err), -EINVAL);
  assert_true (strlen (err.msg) < 300); /* the id is shortened */
  assert_int_equal (lc_validate_id (NULL, &err), -EINVAL);
  assert_int_equal (lc_validate_id ("a/b", &err), -EINVAL);
  assert_string_equal (err.msg, "invalid container id 'a/b': must match "
                                "[A-Za-z0-9][A-Za-z0-9_.+-]{0,1023}");
}

#define BASE "\"ociVersion\": \"1.0.0\", \"root\": {\"path\": \"rootfs\"}"
#define PROC "\"process\": {\"cwd\": \"/\", \"args\": [\"sh\"]}"
#define NS(...) "\"namespaces\": [" __VA_ARGS__ "]"
#define T(x) "{\"type\": \"" x "\"}"
#define MAPS                                                                  \
  "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}], "  \
  "\"gidMappings\": [{\"containerID\": 0, \"hostID\": 1000, \"size\": 1}]"

#define H64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

struct vcase
{
  const char *json;
  bool rootless, in_userns;
  const char *msg; /* NULL: must pass */
};

static const struct vcase cases[] = {
  { "{" BASE ", " PROC "}", false, false, NULL },
  { "{" BASE "}", false, false, "process: required" },
  { "{" BASE ", \"process\": {\"cwd\": \"/\"}}", false, false,
    "process.args: must not be empty" },
  { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": []}}", false, false,
    "process.args: must not be empty" },
  { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": [\"\"]}}", false,
    false, "process.args[0]: must not be empty" },
  { "{" BASE ", \"process\": {\"cwd\": \"tmp\", \"args\": [\"sh\"]}}", false,
    false, "process.cwd: must be an absolute path, got 'tmp'" },
  { "{\"ociVersion\": \"1\", \"root\": {\"path\": \"\"}, " PROC "}", false,
    false, "root.path: must not be empty" },
  /* mounts */
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/ok\"}, "
    "{\"destination\": \"rel\"}]}",
    false, false, "mounts[1].destination: must be an absolute path" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/a/../../etc\"}]}",
    false, false, "mounts[0].destination" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/a/..\"}]}", false,
    false, "mounts[0].destination" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/a/..b/c..\"}]}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/m\", "
    "\"uidMappings\": [{\"containerID\": 0, \"hostID\": 1, \"size\": 1}]}]}",
    false, false, "mounts[0]: uidMappings and gidMappings go together" },
  /* /proc: a procfs (or a bind, whose source mounts.c checks), beneath it
   * only the files lxcfs provides */
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/proc\", "
    "\"type\": \"proc\"}, {\"destination\": \"/proc/meminfo\", "
    "\"type\": \"bind\"}, {\"destination\": \"/procfs\", \"type\": "
    "\"tmpfs\"}, {\"destination\": \"/proc\", \"type\": \"none\", "
    "\"options\": [\"rbind\"]}]}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"//./proc/\", "
    "\"type\": \"tmpfs\"}]}",
    false, false,
    "mounts[0].type: only a proc filesystem may be mounted on /proc, got "
    "'tmpfs'" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/proc\"}]}", false,
    false, "mounts[0].type: only a proc filesystem" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": "
    "\"/proc/sys/kernel\", \"type\": \"bind\"}]}",
    false, false,
    "mounts[0].destination: '/proc/sys/kernel' is inside /proc" },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": "
    "\"//proc/./meminfo/\", \"type\": \"none\", \"options\": "
    "[\"bind\"]}, {\"destination\": \"/proc/\", \"type\": \"none\", "
    "\"options\": [\"ro\", \"rbind\"]}]}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/proc/./sys\", "
    "\"type\": \"proc\"}]}",
    false, false, "mounts[0].destination: '/proc/./sys' is inside /proc" },
  /* user namespace and mappings */
  { "{" BASE ", " PROC ", \"linux\": {" MAPS "}}", false, false,
    "linux.uidMappings: needs a new user namespace" },
  { "{" BASE ", " PROC
    ", \"linux\": {" NS (T ("pid")) ", "
                                    "\"gidMappings\": [{\"containerID\": 0, "
                                    "\"hostID\": 1, \"size\": 1}]}}",
    false, false, "linux.gidMappings: needs a new user namespace" },
  { "{" BASE ", " PROC ", \"linux\": {" MAPS
    ", " NS ("{\"type\": \"user\", \"path\": \"/proc/1/ns/user\"}") "}}",
    false, false, "linux.uidMappings: needs a new user namespace" },
  { "{" BASE ", " PROC ", \"linux\": {" MAPS ", " NS (T ("user")) "}}", false,
    false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {" NS (
        T ("user")) ", \"uidMappings\": "
                    "[{\"containerID\": 0, \"hostID\": 1000, \"size\": 0}]}}",
    false, false, "linux.uidMappings[0].size: must not be 0" },
  { "{" BASE ", " PROC
    ", \"linux\": {" NS (T ("user")) ", \"gidMappings\": "
                                     "[{\"containerID\": 4294967295, "
                                     "\"hostID\": 0, \"size\": 2}]}}",
    false, false, "linux.gidMappings[0]: range goes past 4294967295" },
  /* rootless */
  { "{" BASE ", " PROC ", \"linux\": {" NS (T ("pid")) "}}", true, false,
    "rootless containers need a user namespace (linux.namespaces)" },
  { "{" BASE ", " PROC "}", true, false,
    "rootless containers need a user namespace (linux.namespaces)" },
  { "{" BASE ", " PROC ", \"linux\": {" NS (T ("pid")) "}}", true, true,
    NULL },
  { "{" BASE ", " PROC ", \"linux\": {" NS (T ("user") ", " T ("pid")) "}}",
    true, false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {" NS (T ("pid")) "}}", false, false,
    NULL },
  /* uts, time */
  { "{" BASE ", " PROC ", \"hostname\": \"h\"}", false, false,
    "hostname: needs a new uts namespace" },
  { "{" BASE ", " PROC ", \"hostname\": \"\"}", false, false, NULL },
  { "{" BASE ", " PROC ", \"hostname\": \"h\", \"linux\": {" NS (
        "{\"type\": \"uts\", \"path\": \"/proc/1/ns/uts\"}") "}}",
    false, false, NULL }, /* a joined uts namespace may be renamed */
  { "{" BASE ", " PROC ", \"domainname\": \"d\", \"hostname\": \"h\", "
    "\"linux\": {" NS (T ("uts")) "}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"domainname\": \"d\"}", false, false,
    "domainname: needs a new uts namespace" },
  { "{" BASE ", " PROC ", \"hostname\": \"" H64 "\", \"domainname\": "
    "\"" H64 "\", \"linux\": {" NS (T ("uts")) "}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"hostname\": \"" H64
    "x\", \"linux\": {" NS (T ("uts")) "}}",
    false, false, "hostname: longer than 64 bytes" },
  { "{" BASE ", " PROC ", \"domainname\": \"" H64
    "x\", \"linux\": {" NS (T ("uts")) "}}",
    false, false, "domainname: longer than 64 bytes" },
  { "{" BASE ", " PROC ", \"linux\": {\"timeOffsets\": {}}}", false, false,
    "linux.timeOffsets: needs a new time namespace" },
  { "{" BASE ", " PROC
    ", \"linux\": {\"timeOffsets\": {}, " NS (T ("time")) "}}",
    false, false, NULL },
  /* namespace paths */
  { "{" BASE ", " PROC ", \"linux\": {" NS (
        "{\"type\": \"network\", \"path\": \"run/netns/x\"}") "}}",
    false, false,
    "linux.namespaces: path of the network namespace must be absolute" },
  /* devices */
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/null\", "
    "\"type\": \"c\", \"major\": 1, \"minor\": 3}, {\"path\": \"/dev/fifo\", "
    "\"type\": \"p\"}]}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/tmp/x\", "
    "\"type\": \"c\", \"major\": 1, \"minor\": 3}]}}",
    false, false,
    "linux.devices[0].path: must be an absolute path under /dev" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/../etc/"
    "x\", \"type\": \"b\", \"major\": 1, \"minor\": 3}]}}",
    false, false, "linux.devices[0].path" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/\", "
    "\"type\": \"p\"}]}}",
    false, false, "linux.devices[0].path" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", "
    "\"type\": \"c\", \"major\": 1}]}}",
    false, false, "linux.devices[0]: type 'c' needs major and minor" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", "
    "\"type\": \"u\"}]}}",
    false, false, "linux.devices[0]: type 'u' needs major and minor" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", "
    "\"type\": \"c\", \"major\": 4095, \"minor\": 1048575}]}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", "
    "\"type\": \"c\", \"major\": 4294967297, \"minor\": 1}]}}",
    false, false, "linux.devices[0].major: 4294967297 is above 4095" },
  { "{" BASE ", " PROC ", \"linux\": {\"devices\": [{\"path\": \"/dev/x\", "
    "\"type\": \"b\", \"major\": 8, \"minor\": 1048576}]}}",
    false, false, "linux.devices[0].minor: 1048576 is above 1048575" },
  /* masked and read-only paths */
  { "{" BASE ", " PROC ", \"linux\": {\"maskedPaths\": [\"/proc/kcore\", "
    "\"proc/keys\"]}}",
    false, false, "linux.maskedPaths[1]: must be an absolute path" },
  { "{" BASE ", " PROC ", \"linux\": {\"readonlyPaths\": [\"sys\"]}}", false,
    false, "linux.readonlyPaths[0]: must be an absolute path" },
  /* sysctl names */
  { "{" BASE ", " PROC ", \"linux\": {\"sysctl\": {\"net/../../x\": \"1\"}}}",
    false, false, "linux.sysctl.net/../../x: invalid key" },
  { "{" BASE ", " PROC ", \"linux\": {\"sysctl\": {\"kernel.msgmax\": "
    "\"1\"}}}",
    false, false, "linux.sysctl.kernel.msgmax: needs a ipc namespace" },
  { "{" BASE ", " PROC ", \"linux\": {\"sysctl\": {\"kernel.msgmax\": "
    "\"1\", \"net/ipv4/ip_forward\": \"0\"}, " NS (
        T ("ipc") ", " T ("network")) "}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {\"sysctl\": {\"vm.swappiness\": "
    "\"1\"}, " NS (T ("ipc") ", " T ("network")) "}}",
    false, false, "linux.sysctl.vm.swappiness: not namespaced" },
  /* seccomp notify */
  { "{" BASE ", " PROC ", \"linux\": {\"seccomp\": {\"defaultAction\": "
    "\"SCMP_ACT_ALLOW\", \"syscalls\": [{\"names\": [\"mkdir\"], \"action\": "
    "\"SCMP_ACT_NOTIFY\"}]}}}",
    false, false,
    "linux.seccomp.listenerPath: required with SCMP_ACT_NOTIFY" },
  { "{" BASE ", " PROC ", \"linux\": {\"seccomp\": {\"defaultAction\": "
    "\"SCMP_ACT_ALLOW\", \"listenerPath\": \"/run/x.sock\", \"syscalls\": "
    "[{\"names\": [\"mkdir\"], \"action\": \"SCMP_ACT_NOTIFY\"}]}}}",
    false, false, NULL },
  { "{" BASE ", " PROC ", \"linux\": {\"seccomp\": {\"defaultAction\": "
    "\"SCMP_ACT_NOTIFY\", \"listenerPath\": \"/run/x.sock\"}}}",
    false, false, "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY" },
};

static void
test_rules (void **state)
{
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      const struct vcase *c = &cases[i];
      struct lc_validate_opts vo = { c->rootless, c->in_userns };
      struct lc_spec *s = NULL;
      struct lc_err err = { 0 };
      int r;

      if (lc_spec_parse (c->json, strlen (c->json), &s, &err) < 0)
        fail_msg ("case %zu does not parse: %s", i, err.msg);
      r = lc_spec_validate (s, &vo, &err);
      lc_spec_free (s);
      if (!c->msg && r != 0)
        fail_msg ("case %zu refused: %s", i, err.msg);
      if (c->msg && r >= 0)
        fail_msg ("case %zu accepted, want '%s'", i, c->msg);
      if (c->msg && !strstr (err.msg, c->msg))
        fail_msg ("case %zu: got '%s', want '%s'", i, err.msg, c->msg);
    }
}

/* Strings the kernel would refuse later (execve, chdir, mount) are refused
 * here, naming the field: at the limit passes, one byte more does not. */
static void
test_lengths (void **state)
{
  static const struct
  {
    const char *before, *after; /* around the long string */
    size_t ok;                  /* longest accepted */
    const char *msg;
  } lcases[] = {
    { "{" BASE ", \"process\": {\"cwd\": \"/", "\", \"args\": [\"sh\"]}}",
      4094, "process.cwd: longer than 4095 bytes" },
    { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": [\"sh\", \"",
      "\"]}}", 131071, "process.args[1]: longer than 131071 bytes" },
    { "{" BASE ", \"process\": {\"cwd\": \"/\", \"args\": [\"sh\"], \"env\": "
      "[\"A=1\", \"B=",
      "\"]}}", 131069, "process.env[1]: longer than 131071 bytes" },
    { "{" BASE ", " PROC ", \"mounts\": [{\"destination\": \"/", "\"}]}", 4094,
      "mounts[0].destination: longer than 4095 bytes" },
    { "{" BASE ", " PROC ", \"linux\": {\"maskedPaths\": [\"/", "\"]}}", 4094,
      "linux.maskedPaths[0]: longer than 4095 bytes" },
    { "{" BASE ", " PROC ", \"linux\": {\"readonlyPaths\": [\"/", "\"]}}",
      4094, "linux.readonlyPaths[0]: longer than 4095 bytes" },
  };

  for (size_t i = 0; i < sizeof lcases / sizeof lcases[0]; i++)
    for (size_t extra = 0; extra < 2; extra++)
      {
        size_t n = lcases[i].ok + extra;
        char *val = malloc (n + 1), *json;
        struct lc_validate_opts vo = { 0 };
        struct lc_spec *s = NULL;
        struct lc_err err = { 0 };
        int r;

        memset (val, 'a', n);
        val[n] = '\0';
        json = lc_xasprintf ("%s%s%s", lcases[i].before, val, lcases[i].after);
        if (lc_spec_parse (json, strlen (json), &s, &err) < 0)
          fail_msg ("case %zu does not parse: %s", i, err.msg);
        r = lc_spec_validate (s, &vo, &err);
        lc_spec_free (s);
        free (json);
        free (val);
        if (extra == 0 && r < 0)
          fail_msg ("case %zu refused at the limit: %s", i, err.msg);
        if (extra == 1 && (r >= 0 || !strstr (err.msg, lcases[i].msg)))
          fail_msg ("case %zu: got '%s', want '%s'", i, r < 0 ? err.msg : "",
                    lcases[i].msg);
      }
}

/* The full sample validates for root and, being in a user namespace with
 * mappings, rootless too. */
static void
test_sample (void **state)
{
  char *path = lc_xasprintf ("%s/full.json", TEST_DATA_DIR);
  struct lc_validate_opts vo = { 0 };
  struct lc_spec *s = NULL;
  struct lc_err err = { 0 };
  char *buf = NULL;
  size_t len;

  assert_int_equal (
      lc_read_file_at (AT_FDCWD, path, LC_SPEC_MAX_SIZE, &buf, &len, &err), 0);
  assert_int_equal (lc_spec_parse (buf, len, &s, &err), 0);
  if (lc_spec_validate (s, &vo, &err) < 0)
    fail_msg ("%s", err.msg);
  vo.rootless = true;
  assert_int_equal (lc_spec_validate (s, &vo, &err), 0);
  lc_spec_free (s);
  free (buf);
  free (path);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_ids),
    cmocka_unit_test (test_rules),
    cmocka_unit_test (test_lengths),
    cmocka_unit_test (test_sample),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
