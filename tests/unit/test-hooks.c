/* test-hooks.c - hooks run as /bin/sh scripts in a temporary directory. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "hooks.h"
#include "util.h"

static char tmpdir[] = "/tmp/hull-test-hooks-XXXXXX";

static int
setup (void **state)
{
  return mkdtemp (tmpdir) ? 0 : -1;
}

static int
teardown (void **state)
{
  char *cmd = lc_xasprintf ("rm -rf '%s'", tmpdir);
  int r = system (cmd);
  free (cmd);
  return r == 0 ? 0 : -1;
}

/* A hook running 'script' with /bin/sh -c. */
static struct lc_hook
sh_hook (const char *script, int timeout)
{
  struct lc_hook h = { .path = "/bin/sh", .timeout = timeout };
  h.args = lc_xcalloc (4, sizeof (char *));
  h.args[0] = lc_xstrdup ("sh");
  h.args[1] = lc_xstrdup ("-c");
  h.args[2] = lc_xstrdup (script);
  return h;
}

static int
run (struct lc_hook *hooks, size_t n, const char *state_json,
     struct lc_err *err)
{
  struct lc_spec spec;
  int r;
  memset (&spec, 0, sizeof spec);
  spec.hooks[LC_HOOK_PRESTART] = hooks;
  spec.n_hooks[LC_HOOK_PRESTART] = n;
  r = lc_hooks_run (&spec, LC_HOOK_PRESTART, state_json, err);
  for (size_t i = 0; i < n; i++)
    {
      lc_strv_free (hooks[i].args);
      lc_strv_free (hooks[i].env);
    }
  return r;
}

static char *
slurp (const char *name)
{
  char *path = lc_xasprintf ("%s/%s", tmpdir, name);
  char *buf = NULL;
  int r = lc_read_file_at (AT_FDCWD, path, 1 << 20, &buf, NULL, NULL);
  free (path);
  return r < 0 ? NULL : buf;
}

static void
test_state_on_stdin_and_env (void **state)
{
  struct lc_err err = { 0 };
  char *script = lc_xasprintf ("cat > '%s/state'; echo \"$FOO\" > '%s/env'",
                               tmpdir, tmpdir);
  struct lc_hook h = sh_hook (script, 10);
  char *got;

  h.env = lc_xcalloc (2, sizeof (char *));
  h.env[0] = lc_xstrdup ("FOO=bar baz");
  assert_int_equal (
      run (&h, 1, "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\"}", &err), 0);
  got = slurp ("state");
  assert_non_null (got);
  assert_string_equal (got, "{\"ociVersion\":\"1.3.0\",\"id\":\"c1\"}");
  free (got);
  got = slurp ("env");
  assert_non_null (got);
  assert_string_equal (got, "bar baz\n");
  free (got);
  free (script);
}

static void
test_failure_stops_the_list (void **state)
{
  struct lc_err err = { 0 };
  char *second = lc_xasprintf ("touch '%s/second'", tmpdir);
  struct lc_hook h[3] = {
    sh_hook ("exit 0", 0),
    sh_hook ("echo 'boom happened' >&2; echo more >&2; exit 3", 0),
    sh_hook (second, 0),
  };
  char *got;

  assert_int_equal (run (h, 3, "{}", &err), -ECANCELED);
  assert_int_equal (err.code, ECANCELED);
  assert_non_null (strstr (err.msg, "hooks.prestart[1]"));
  assert_non_null (strstr (err.msg, "'/bin/sh'"));
  assert_non_null (strstr (err.msg, "status 3"));
  assert_non_null (strstr (err.msg, "boom happened"));
  assert_null (strstr (err.msg, "more"));
  got = slurp ("second");
  assert_null (got);
  free (second);
}

static void
test_timeout (void **state)
{
  struct lc_err err = { 0 };
  struct lc_hook h = sh_hook ("exec sleep 30", 1);
  struct timespec a, b;

  clock_gettime (CLOCK_MONOTONIC, &a);
  assert_int_equal (run (&h, 1, "{}", &err), -ECANCELED);
  clock_gettime (CLOCK_MONOTONIC, &b);
  assert_non_null (strstr (err.msg, "hooks.prestart[0]"));
  assert_non_null (strstr (err.msg, "timed out after 1 s"));
  assert_true (b.tv_sec - a.tv_sec < 5);
}

static void
test_exec_failure_and_signal (void **state)
{
  struct lc_err err = { 0 };
  struct lc_hook h = { .path = "/nonexistent/hook" };
  struct lc_hook k = sh_hook ("kill -9 $$", 0);

  assert_int_equal (run (&h, 1, "{}", &err), -ECANCELED);
  assert_non_null (strstr (err.msg, "status 127"));
  assert_non_null (strstr (err.msg, "exec '/nonexistent/hook'"));
  assert_int_equal (run (&k, 1, "{}", &err), -ECANCELED);
  assert_non_null (strstr (err.msg, "killed by signal 9"));
}

static void
test_hook_ignores_stdin (void **state)
{
  /* A large state and a hook that exits without reading it: no SIGPIPE
   * for us, no hang, success. */
  struct lc_err err = { 0 };
  struct lc_hook h = sh_hook ("exit 0", 5);
  size_t n = 1 << 20;
  char *big = lc_xmalloc (n + 1);
  memset (big, 'x', n);
  big[n] = '\0';
  assert_int_equal (run (&h, 1, big, &err), 0);
  free (big);
}

static void
test_daemon_keeps_stderr (void **state)
{
  /* The hook leaves a child holding its stderr open; we return when the
   * hook itself exits. */
  struct lc_err err = { 0 };
  struct lc_hook h = sh_hook ("sleep 3 >/dev/null & exit 0", 10);
  struct timespec a, b;

  clock_gettime (CLOCK_MONOTONIC, &a);
  assert_int_equal (run (&h, 1, "{}", &err), 0);
  clock_gettime (CLOCK_MONOTONIC, &b);
  assert_true (b.tv_sec - a.tv_sec < 2);
}

static void
test_no_hooks (void **state)
{
  struct lc_err err = { 0 };
  assert_int_equal (run (NULL, 0, "{}", &err), 0);
}

/* Block SIGPIPE, optionally with one pending as if sent to `run` while it
 * creates the container; *old gets the mask to restore. */
static void
block_sigpipe (bool pending, sigset_t *old)
{
  sigset_t set;
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  assert_int_equal (sigprocmask (SIG_BLOCK, &set, old), 0);
  if (pending)
    assert_int_equal (raise (SIGPIPE), 0);
}

/* How many SIGPIPEs were pending (consumed), then the mask restored. */
static int
take_sigpipes (const sigset_t *old)
{
  struct timespec zero = { 0, 0 };
  sigset_t set;
  int n = 0;
  sigemptyset (&set);
  sigaddset (&set, SIGPIPE);
  while (sigtimedwait (&set, NULL, &zero) == SIGPIPE)
    n++;
  assert_int_equal (sigprocmask (SIG_SETMASK, old, NULL), 0);
  return n;
}

static char *
big_state (void)
{
  size_t n = 1 << 20;
  char *big = lc_xmalloc (n + 1);
  memset (big, 'x', n);
  big[n] = '\0';
  return big;
}

static void
test_hook_sigpipe_consumed_when_blocked (void **state)
{
  /* `run` has every signal blocked: the SIGPIPE a hook that did not read
   * its stdin raised must not be left for it to forward or die of. */
  struct lc_err err = { 0 };
  struct lc_hook h = sh_hook ("exit 0", 5);
  char *big = big_state ();
  sigset_t old;

  block_sigpipe (false, &old);
  assert_int_equal (run (&h, 1, big, &err), 0);
  assert_int_equal (take_sigpipes (&old), 0);
  free (big);
}

static void
test_callers_pending_sigpipe_kept (void **state)
{
  /* A SIGPIPE sent to `run` during create is its own to forward: running
   * hooks (one raising a SIGPIPE of its own) must not consume it. */
  struct lc_err err = { 0 };
  struct lc_hook h = sh_hook ("exit 0", 5);
  char *big = big_state ();
  sigset_t old;

  block_sigpipe (true, &old);
  assert_int_equal (run (&h, 1, big, &err), 0);
  assert_int_equal (take_sigpipes (&old), 1);
  free (big);
}

static void
test_no_hooks_touch_no_signal (void **state)
{
  struct lc_err err = { 0 };
  sigset_t old;

  block_sigpipe (true, &old);
  assert_int_equal (run (NULL, 0, "{}", &err), 0);
  assert_int_equal (take_sigpipes (&old), 1);
}

static void
test_run_state (void **state)
{
  struct lc_err err = { 0 };
  char *script = lc_xasprintf ("cat > '%s/state2'", tmpdir);
  struct lc_hook h = sh_hook (script, 10);
  struct lc_state st = { .id = "c1", .bundle = "/b", .pid = 42 };
  struct lc_spec spec;
  char *got;

  memset (&spec, 0, sizeof spec);
  /* none of the kind: nothing made, nothing run */
  assert_int_equal (lc_hooks_run_state (&spec, LC_HOOK_POSTSTART, &st,
                                        LC_STATUS_RUNNING, &err),
                    0);
  spec.hooks[LC_HOOK_POSTSTART] = &h;
  spec.n_hooks[LC_HOOK_POSTSTART] = 1;
  assert_int_equal (lc_hooks_run_state (&spec, LC_HOOK_POSTSTART, &st,
                                        LC_STATUS_RUNNING, &err),
                    0);
  got = slurp ("state2");
  assert_non_null (got);
  assert_non_null (strstr (got, "\"id\":\"c1\""));
  assert_non_null (strstr (got, "\"status\":\"running\""));
  assert_non_null (strstr (got, "\"pid\":42"));
  free (got);
  lc_strv_free (h.args);
  free (script);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_state_on_stdin_and_env),
    cmocka_unit_test (test_failure_stops_the_list),
    cmocka_unit_test (test_timeout),
    cmocka_unit_test (test_exec_failure_and_signal),
    cmocka_unit_test (test_hook_ignores_stdin),
    cmocka_unit_test (test_daemon_keeps_stderr),
    cmocka_unit_test (test_no_hooks),
    cmocka_unit_test (test_hook_sigpipe_consumed_when_blocked),
    cmocka_unit_test (test_callers_pending_sigpipe_kept),
    cmocka_unit_test (test_no_hooks_touch_no_signal),
    cmocka_unit_test (test_run_state),
  };
  return cmocka_run_group_tests (tests, setup, teardown);
}
