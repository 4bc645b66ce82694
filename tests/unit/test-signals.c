/* test-signals.c - signal names and numbers. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "signals.h"

static void
test_parse_names (void **state)
{
  static const struct
  {
    const char *in;
    int sig;
  } cases[] = {
    { "TERM", SIGTERM },   { "SIGTERM", SIGTERM },  { "sigterm", SIGTERM },
    { "term", SIGTERM },   { "SigKill", SIGKILL },  { "HUP", SIGHUP },
    { "9", SIGKILL },      { "15", SIGTERM },       { "1", 1 },
    { "IO", SIGIO },       { "POLL", SIGIO },       { "SIGIOT", SIGABRT },
    { "WINCH", SIGWINCH }, { "STKFLT", SIGSTKFLT }, { "PWR", SIGPWR },
    { "SYS", SIGSYS },     { "USR1", SIGUSR1 },     { "SIGUSR2", SIGUSR2 },
    { "CHLD", SIGCHLD },   { "VTALRM", SIGVTALRM },
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    {
      int got = lc_signal_parse (cases[i].in);
      if (got != cases[i].sig)
        fail_msg ("'%s': got %d, want %d", cases[i].in, got, cases[i].sig);
    }
}

static void
test_parse_realtime (void **state)
{
  assert_int_equal (lc_signal_parse ("RTMIN"), SIGRTMIN);
  assert_int_equal (lc_signal_parse ("SIGRTMIN"), SIGRTMIN);
  assert_int_equal (lc_signal_parse ("RTMIN+3"), SIGRTMIN + 3);
  assert_int_equal (lc_signal_parse ("sigrtmax-2"), SIGRTMAX - 2);
  assert_int_equal (lc_signal_parse ("RTMAX"), SIGRTMAX);
  char num[16];
  snprintf (num, sizeof num, "%d", SIGRTMAX);
  assert_int_equal (lc_signal_parse (num), SIGRTMAX);
  snprintf (num, sizeof num, "RTMIN+%d", SIGRTMAX - SIGRTMIN + 1);
  assert_int_equal (lc_signal_parse (num), -EINVAL);
  assert_int_equal (lc_signal_parse ("RTMIN+"), -EINVAL);
  assert_int_equal (lc_signal_parse ("RTMAX-x"), -EINVAL);
}

static void
test_parse_refused (void **state)
{
  static const char *bad[]
      = { "",    "0",   "65",  "SIGFOO", "-1",          "15x",
          "SIG", "+15", " 15", "TERM ",  "99999999999", "SIGSIGTERM" };
  assert_int_equal (lc_signal_parse (NULL), -EINVAL);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (lc_signal_parse (bad[i]) != -EINVAL)
      fail_msg ("'%s' was accepted as %d", bad[i], lc_signal_parse (bad[i]));
}

static void
test_names (void **state)
{
  assert_string_equal (lc_signal_name (SIGTERM), "SIGTERM");
  assert_string_equal (lc_signal_name (SIGKILL), "SIGKILL");
  assert_string_equal (lc_signal_name (SIGIO), "SIGIO");
  assert_string_equal (lc_signal_name (SIGABRT), "SIGABRT");
  assert_string_equal (lc_signal_name (SIGRTMIN), "SIGRTMIN");
  assert_string_equal (lc_signal_name (SIGRTMIN + 2), "SIGRTMIN+2");
  assert_string_equal (lc_signal_name (SIGRTMAX), "SIGRTMAX");
  assert_null (lc_signal_name (0));
  assert_null (lc_signal_name (-3));
  assert_null (lc_signal_name (SIGRTMAX + 1));
  /* Every standard and real-time number round-trips through its name. */
  for (int s = 1; s <= SIGRTMAX; s++)
    {
      const char *n = lc_signal_name (s);
      if (s == 32 || s == 33)
        continue; /* reserved by the C library, below SIGRTMIN */
      assert_non_null (n);
      assert_int_equal (lc_signal_parse (n), s);
    }
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_parse_names),
    cmocka_unit_test (test_parse_realtime),
    cmocka_unit_test (test_parse_refused),
    cmocka_unit_test (test_names),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
