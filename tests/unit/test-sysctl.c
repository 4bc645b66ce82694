/* test-sysctl.c - which sysctl keys a container may set. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "sysctl.h"

enum
{
  NONE = 0,
  IPC = 1 << LC_NS_IPC,
  NET = 1 << LC_NS_NET,
  UTS = 1 << LC_NS_UTS,
  ALL = IPC | NET | UTS | (1 << LC_NS_PID) | (1 << LC_NS_MNT)
        | (1 << LC_NS_USER) | (1 << LC_NS_CGROUP),
};

static void
test_table (void **state)
{
  static const struct
  {
    const char *key;
    int ns;
    int want;
  } cases[] = {
    { "kernel.msgmax", IPC, 0 },
    { "kernel.msgmnb", IPC, 0 },
    { "kernel.msgmni", IPC, 0 },
    { "kernel.sem", IPC, 0 },
    { "kernel.shmall", IPC, 0 },
    { "kernel.shmmax", IPC, 0 },
    { "kernel.shmmni", IPC, 0 },
    { "kernel.shm_rmid_forced", IPC, 0 },
    { "fs.mqueue.queues_max", IPC, 0 },
    { "fs/mqueue/msg_max", IPC, 0 },
    { "kernel.msgmax", ALL & ~IPC, -EPERM },
    { "fs.mqueue.queues_max", NET | UTS, -EPERM },
    { "net.ipv4.ip_forward", NET, 0 },
    { "net.core.somaxconn", NET, 0 },
    { "net/ipv4/conf/eth0.100/forwarding", NET, 0 },
    { "net.ipv4.ip_forward", ALL & ~NET, -EPERM },
    { "kernel.hostname", UTS, 0 },
    { "kernel.domainname", UTS, 0 },
    { "kernel.hostname", IPC | NET, -EPERM },
    { "kernel.hostnamex", ALL, -EPERM },
    { "kernel.core_pattern", ALL, -EPERM },
    { "kernel.pid_max", ALL, -EPERM },
    { "vm.overcommit_memory", ALL, -EPERM },
    { "fs.file-max", ALL, -EPERM },
    { "net", ALL, -EPERM },
    { "", ALL, -EINVAL },
    { "net..ipv4", ALL, -EINVAL },
    { ".net.ipv4", ALL, -EINVAL },
    { "net.ipv4.", ALL, -EINVAL },
    { "net/../kernel/core_pattern", ALL, -EINVAL },
    { "net/./ipv4/ip_forward", ALL, -EINVAL },
    { "net//ipv4", ALL, -EINVAL },
  };

  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      struct lc_spec spec;
      struct lc_err err = { 0 };
      int r;

      memset (&spec, 0, sizeof spec);
      for (int t = 0; t < LC_NS_COUNT; t++)
        spec.ns[t].present = (cases[i].ns >> t) & 1;
      r = lc_sysctl_check (&spec, cases[i].key, &err);
      if (r != cases[i].want)
        fail_msg ("'%s': got %d (%s), want %d", cases[i].key, r, err.msg,
                  cases[i].want);
      if (r < 0 && !strstr (err.msg, "linux.sysctl."))
        fail_msg ("'%s': message '%s' names no field", cases[i].key, err.msg);
    }
}

static void
test_messages (void **state)
{
  struct lc_spec spec;
  struct lc_err err = { 0 };

  memset (&spec, 0, sizeof spec);
  assert_int_equal (lc_sysctl_check (&spec, "kernel.core_pattern", &err),
                    -EPERM);
  assert_string_equal (err.msg,
                       "linux.sysctl.kernel.core_pattern: not namespaced, "
                       "refused");
  assert_int_equal (lc_sysctl_check (&spec, "net.ipv4.ip_forward", &err),
                    -EPERM);
  assert_non_null (strstr (err.msg, "linux.sysctl.net.ipv4.ip_forward"));
  assert_non_null (strstr (err.msg, "namespace"));
}

static void
test_apply_nothing (void **state)
{
  struct lc_spec spec;
  struct lc_err err = { 0 };

  memset (&spec, 0, sizeof spec);
  assert_int_equal (lc_sysctl_apply (&spec, &err), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_table),
    cmocka_unit_test (test_messages),
    cmocka_unit_test (test_apply_nothing),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
