/* test-caps.c - capability names. */
#include <errno.h>
#include <linux/capability.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h>

#include "caps.h"

static void
test_from_name (void **state)
{
  assert_int_equal (lc_caps_from_name ("CAP_CHOWN"), CAP_CHOWN);
  assert_int_equal (lc_caps_from_name ("CAP_SYS_ADMIN"), CAP_SYS_ADMIN);
  assert_int_equal (lc_caps_from_name ("CAP_NET_BIND_SERVICE"),
                    CAP_NET_BIND_SERVICE);
  assert_int_equal (lc_caps_from_name ("CAP_AUDIT_WRITE"), CAP_AUDIT_WRITE);
  assert_int_equal (lc_caps_from_name ("CAP_CHECKPOINT_RESTORE"), 40);
}

static void
test_from_name_refused (void **state)
{
  static const char *bad[]
      = { "",
          "CAP_",
          "cap_chown",
          "Cap_Chown",
          "CHOWN",
          "SYS_ADMIN",
          "21",
          "CAP_21",
          "CAP_FOO",
          "CAP_CHOWN ",
          " CAP_CHOWN",
          "CAP_SYS_ADMIN,CAP_CHOWN",
          "CAP_VERY_LONG_NAME_THAT_DOES_NOT_EXIST_AT_ALL" };
  assert_int_equal (lc_caps_from_name (NULL), -EINVAL);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (lc_caps_from_name (bad[i]) != -EINVAL)
      fail_msg ("'%s' was accepted", bad[i]);
}

static void
test_to_name (void **state)
{
  assert_string_equal (lc_caps_to_name (CAP_SYS_ADMIN), "CAP_SYS_ADMIN");
  assert_string_equal (lc_caps_to_name (0), "CAP_CHOWN");
  assert_null (lc_caps_to_name (-1));
  assert_null (lc_caps_to_name (64));
  assert_null (lc_caps_to_name (63)); /* no such capability yet */
  for (int c = 0; c <= 40; c++)
    {
      const char *n = lc_caps_to_name (c);
      assert_non_null (n);
      assert_int_equal (lc_caps_from_name (n), c);
    }
}

static void
test_last_cap (void **state)
{
  int last = lc_caps_last_cap ();
  /* Every kernel this runtime supports knows at least CAP_AUDIT_READ. */
  assert_true (last >= CAP_AUDIT_READ);
  assert_true (last < 64);
}

static void
test_ambient_needs_permitted (void **state)
{
  /* Refused before anything is changed: the check comes first. */
  struct lc_caps c = { .present = true,
                       .effective = 1,
                       .permitted = 1,
                       .inheritable = 0,
                       .ambient = 0 };
  struct lc_err err = { 0 };
  c.effective = UINT64_C (1) << 63;
  assert_int_equal (lc_caps_apply (&c, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "process.capabilities.effective"));
  c.effective = 3;
  c.permitted = 1;
  assert_int_equal (lc_caps_apply (&c, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "subset"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_from_name),
    cmocka_unit_test (test_from_name_refused),
    cmocka_unit_test (test_to_name),
    cmocka_unit_test (test_last_cap),
    cmocka_unit_test (test_ambient_needs_permitted),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
