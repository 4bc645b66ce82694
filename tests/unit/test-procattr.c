/* test-procattr.c - rlimit names and cpu lists. */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cmocka.h>

#include "procattr.h"

static void
test_rlimit_names (void **state)
{
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_NOFILE"), RLIMIT_NOFILE);
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_AS"), RLIMIT_AS);
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_RTTIME"), RLIMIT_RTTIME);
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_CORE"), RLIMIT_CORE);
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_STACK"), RLIMIT_STACK);
  assert_int_equal (lc_rlimit_from_name ("rlimit_nofile"), -EINVAL);
  assert_int_equal (lc_rlimit_from_name ("NOFILE"), -EINVAL);
  assert_int_equal (lc_rlimit_from_name ("RLIMIT_FOO"), -EINVAL);
  assert_int_equal (lc_rlimit_from_name (""), -EINVAL);
  assert_int_equal (lc_rlimit_from_name (NULL), -EINVAL);
  assert_string_equal (lc_rlimit_name (RLIMIT_MEMLOCK), "RLIMIT_MEMLOCK");
  assert_null (lc_rlimit_name (999));
  /* All sixteen names round-trip. */
  for (int r = 0; r < RLIM_NLIMITS; r++)
    {
      const char *n = lc_rlimit_name (r);
      assert_non_null (n);
      assert_int_equal (lc_rlimit_from_name (n), r);
    }
}

static void
test_cpu_list_ok (void **state)
{
  cpu_set_t set;
  struct lc_err err = { 0 };

  assert_int_equal (lc_parse_cpu_list ("0-3,7", &set, sizeof set, &err), 0);
  assert_int_equal (CPU_COUNT (&set), 5);
  for (int c = 0; c < 4; c++)
    assert_true (CPU_ISSET (c, &set));
  assert_false (CPU_ISSET (4, &set));
  assert_true (CPU_ISSET (7, &set));

  assert_int_equal (lc_parse_cpu_list ("5", &set, sizeof set, &err), 0);
  assert_int_equal (CPU_COUNT (&set), 1);
  assert_true (CPU_ISSET (5, &set));

  assert_int_equal (lc_parse_cpu_list ("2-2,1,1", &set, sizeof set, &err), 0);
  assert_int_equal (CPU_COUNT (&set), 2);

  assert_int_equal (lc_parse_cpu_list ("1023", &set, sizeof set, &err), 0);
  assert_true (CPU_ISSET (1023, &set));
}

static void
test_cpu_list_refused (void **state)
{
  static const char *bad[] = { "",   "0-",   "a",    "3-1", "-1",    "1,",
                               ",1", "1,,2", "0-3 ", " 0",  "1-2-3", "0x1" };
  cpu_set_t set;
  struct lc_err err = { 0 };

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    {
      lc_err_clear (&err);
      if (lc_parse_cpu_list (bad[i], &set, sizeof set, &err) != -EINVAL)
        fail_msg ("'%s' was accepted", bad[i]);
      assert_int_equal (err.code, EINVAL);
    }
  /* Beyond the set: sizeof (cpu_set_t) holds cpus 0..1023. */
  assert_int_equal (lc_parse_cpu_list ("1024", &set, sizeof set, &err),
                    -ERANGE);
  assert_non_null (strstr (err.msg, "1024"));
  assert_int_equal (
      lc_parse_cpu_list ("0-99999999999999999999", &set, sizeof set, &err),
      -EINVAL);
  assert_int_equal (lc_parse_cpu_list ("0-4000", &set, sizeof set, &err),
                    -ERANGE);
}

static void
test_rlimit_soft_above_hard (void **state)
{
  struct lc_rlimit rl = { .resource = RLIMIT_NOFILE, .soft = 10, .hard = 5 };
  struct lc_process p = { .rlimits = &rl, .n_rlimits = 1 };
  struct lc_err err = { 0 };

  assert_int_equal (lc_procattr_rlimits (&p, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "process.rlimits[0] (RLIMIT_NOFILE)"));
}

/* EPERM from setrlimit names fs.nr_open when that is the ceiling hit
 * (CAP_SYS_RESOURCE or not); the process's limit is left alone. */
static void
test_rlimit_above_nr_open (void **state)
{
  struct lc_rlimit rl = { .resource = RLIMIT_NOFILE,
                          .soft = 1024,
                          .hard = (uint64_t) INT64_MAX };
  struct lc_process p = { .rlimits = &rl, .n_rlimits = 1 };
  struct lc_err err = { 0 };
  struct rlimit before, after;

  if (access ("/proc/sys/fs/nr_open", R_OK) < 0)
    {
      fprintf (stderr, "skipped: /proc/sys/fs/nr_open is not readable (%s)\n",
               strerror (errno));
      skip ();
    }
  assert_int_equal (getrlimit (RLIMIT_NOFILE, &before), 0);
  assert_int_equal (lc_procattr_rlimits (&p, &err), -EPERM);
  if (!strstr (err.msg, "process.rlimits[0] (RLIMIT_NOFILE): hard limit "
                        "9223372036854775807 is above fs.nr_open ("))
    fail_msg ("got '%s'", err.msg);
  assert_int_equal (getrlimit (RLIMIT_NOFILE, &after), 0);
  assert_int_equal (before.rlim_max, after.rlim_max);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_rlimit_names),
    cmocka_unit_test (test_cpu_list_ok),
    cmocka_unit_test (test_cpu_list_refused),
    cmocka_unit_test (test_rlimit_soft_above_hard),
    cmocka_unit_test (test_rlimit_above_nr_open),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
