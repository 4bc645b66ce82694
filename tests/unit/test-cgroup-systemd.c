/* test-cgroup-systemd.c - --systemd-cgroup's names: cgroupsPath
 * "slice:prefix:name" to a slice and a scope, and the cgroup systemd gives
 * them.  The D-Bus part is tested in a guest (tests/vm/run-systemd). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup_systemd.h"

static void
check_names (const char *cp, bool rootless, const char *slice,
             const char *unit)
{
  struct lc_err err = { 0 };
  char *s = NULL, *u = NULL;

  assert_int_equal (lc_systemd_names (cp, "c1", rootless, &s, &u, &err), 0);
  assert_string_equal (s, slice);
  assert_string_equal (u, unit);
  free (s);
  free (u);
}

static void
test_names (void **state)
{
  check_names (NULL, false, "system.slice", "hull-c1.scope");
  check_names ("", false, "system.slice", "hull-c1.scope");
  check_names (NULL, true, "user.slice", "hull-c1.scope");
  check_names ("machine.slice:libpod:abc", false, "machine.slice",
               "libpod-abc.scope");
  check_names ("a-b.slice:hull:", false, "a-b.slice", "hull-c1.scope");
  check_names ("::web", false, "system.slice", "web.scope");
  check_names (":cri:x", true, "user.slice", "cri-x.scope");
  check_names ("-.slice:p:n", false, "-.slice", "p-n.scope");
}

static void
check_bad (const char *cp, const char *msg)
{
  struct lc_err err = { 0 };
  char *s = NULL, *u = NULL;

  assert_int_equal (lc_systemd_names (cp, "c1", false, &s, &u, &err), -EINVAL);
  assert_null (s);
  assert_null (u);
  assert_non_null (strstr (err.msg, msg));
}

static void
test_bad_names (void **state)
{
  check_bad ("/a/b", "slice:prefix:name");
  check_bad ("a.slice:b", "slice:prefix:name");
  check_bad ("a.slice:b:c:d", "slice:prefix:name");
  check_bad ("notaslice:p:n", "'notaslice' is not a slice name");
  check_bad ("a--b.slice:p:n", "not a slice name");
  check_bad ("-a.slice:p:n", "not a slice name");
  check_bad ("a-.slice:p:n", "not a slice name");
  check_bad ("a b.slice:p:n", "not a slice name");
  check_bad ("a.slice:p:n/x", "slice:prefix:name");
  check_bad ("a.slice:p:n x", "not a valid unit name");
  check_bad ("a.slice::b.slice", "is a slice");
}

static void
check_cgroup (const char *slice, const char *want)
{
  char *p = lc_systemd_cgroup_of (slice, "u.scope");
  assert_string_equal (p, want);
  free (p);
}

static void
test_cgroup_of (void **state)
{
  check_cgroup ("system.slice", "/system.slice/u.scope");
  check_cgroup ("a-b.slice", "/a.slice/a-b.slice/u.scope");
  check_cgroup ("a-b-c.slice", "/a.slice/a-b.slice/a-b-c.slice/u.scope");
  check_cgroup ("-.slice", "/u.scope");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_names),
    cmocka_unit_test (test_bad_names),
    cmocka_unit_test (test_cgroup_of),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
