/* test-user.c - id map text. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "user.h"

static void
test_format_one (void **state)
{
  struct lc_id_map m = { 0, 1000, 1 };
  char *s = lc_user_format_map (&m, 1);
  assert_string_equal (s, "0 1000 1\n");
  free (s);
}

static void
test_format_many (void **state)
{
  struct lc_id_map m[] = { { 0, 100000, 65536 },
                           { 65536, 1000, 1 },
                           { 4294967295u, 4294967295u, 4294967295u } };
  char *s = lc_user_format_map (m, 3);
  assert_string_equal (s, "0 100000 65536\n65536 1000 1\n"
                          "4294967295 4294967295 4294967295\n");
  free (s);
}

static void
test_format_empty (void **state)
{
  char *s = lc_user_format_map (NULL, 0);
  assert_string_equal (s, "");
  free (s);
}

static void
test_format_long (void **state)
{
  /* The kernel allows 340 lines; the text must hold them all. */
  struct lc_id_map m[340];
  char *s, *p;
  size_t lines = 0;
  for (size_t i = 0; i < 340; i++)
    m[i] = (struct lc_id_map){ 4000000000u, 4000000000u, 4000000000u };
  s = lc_user_format_map (m, 340);
  for (p = s; *p; p++)
    lines += *p == '\n';
  assert_int_equal (lines, 340);
  assert_int_equal (strlen (s),
                    340 * strlen ("4000000000 4000000000 4000000000\n"));
  free (s);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_format_one),
    cmocka_unit_test (test_format_many),
    cmocka_unit_test (test_format_empty),
    cmocka_unit_test (test_format_long),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
