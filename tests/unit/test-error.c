/* test-error.c - bounded messages: a message longer than the buffer keeps
 * its head (the field) and its tail (the cause). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"

static void
test_short (void **state)
{
  struct lc_err err = { 0 };

  assert_int_equal (lc_err_set (&err, ENOENT, "open '%s'", "/x"), -ENOENT);
  assert_string_equal (err.msg, "open '/x': No such file or directory");
  assert_int_equal (lc_err_setx (&err, 0, "bad"), -EINVAL);
  assert_int_equal (err.code, EINVAL);
  lc_err_prefix (&err, "mounts[%d]", 3);
  assert_string_equal (err.msg, "mounts[3]: bad");
}

static bool
ends_with (const char *s, const char *suffix)
{
  size_t n = strlen (s), m = strlen (suffix);
  return n >= m && strcmp (s + n - m, suffix) == 0;
}

static void
test_long_value_keeps_cause (void **state)
{
  struct lc_err err = { 0 };
  size_t n = 1 << 20;
  char *big = malloc (n + 1);

  memset (big, 'h', n);
  big[n] = '\0';
  lc_err_set (&err, EINVAL, "hostname: sethostname '%s'", big);
  assert_true (strlen (err.msg) < LC_ERR_MSG_MAX);
  assert_true (strncmp (err.msg, "hostname: sethostname 'hhh", 26) == 0);
  assert_non_null (strstr (err.msg, "h...h"));
  assert_true (ends_with (err.msg, "hhh': Invalid argument"));

  lc_err_setx (&err, EINVAL, "'%s' is not of the form NAME=VALUE", big);
  lc_err_prefix (&err, "process.env[%d]", 2);
  assert_true (strlen (err.msg) < LC_ERR_MSG_MAX);
  assert_true (strncmp (err.msg, "process.env[2]: 'hhh", 20) == 0);
  assert_true (ends_with (err.msg, "hhh' is not of the form NAME=VALUE"));
  free (big);
}

/* Elision never cuts a UTF-8 sequence in two. */
static void
test_utf8 (void **state)
{
  struct lc_err err = { 0 };
  size_t n = 3000;
  char *big = malloc (2 * n + 1);

  for (size_t i = 0; i < n; i++)
    memcpy (big + 2 * i, "\xc3\xa9", 2);
  big[2 * n] = '\0';
  for (int shift = 0; shift < 2; shift++)
    {
      lc_err_setx (&err, EINVAL, "%.*s'%s'", shift, "x", big);
      for (const unsigned char *p = (const unsigned char *) err.msg; *p; p++)
        if (*p == 0xc3)
          assert_int_equal (p[1], 0xa9);
        else if (*p == 0xa9)
          assert_int_equal (p[-1], 0xc3);
    }
  free (big);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_short),
    cmocka_unit_test (test_long_value_keeps_cause),
    cmocka_unit_test (test_utf8),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
