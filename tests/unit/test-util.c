/* test-util.c - lc_clone_parent, with clone3 and with its clone(2)
 * fallback (clone3 refused with ENOSYS by a seccomp filter, as valgrind and
 * some hosts' seccomp policies do); path folding. */
#include <errno.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "util.h"

#define CHILD_STATUS 42

/* Exit codes of the forked middle process. */
enum
{
  MID_OK = 0,
  MID_FILTER = 10, /* the seccomp filter did not load */
  MID_CLONE3 = 11, /* clone3 was not refused with ENOSYS */
  MID_CLONE = 12,  /* lc_clone_parent failed */
  MID_PIPE = 13,
};

static int
refuse_clone3 (void)
{
  scmp_filter_ctx ctx = seccomp_init (SCMP_ACT_ALLOW);
  int r;

  if (!ctx)
    return -ENOMEM;
  r = seccomp_rule_add (ctx, SCMP_ACT_ERRNO (ENOSYS), SCMP_SYS (clone3), 0);
  if (r == 0)
    r = seccomp_load (ctx);
  seccomp_release (ctx);
  return r;
}

/* The middle process: optionally lose clone3, then lc_clone_parent.  Its
 * child belongs to the test process (CLONE_PARENT), which reaps it. */
static void __attribute__ ((noreturn)) middle (int wfd, bool no_clone3)
{
  struct clone_args args;
  pid_t pid;

  if (no_clone3)
    {
      if (refuse_clone3 () < 0)
        _exit (MID_FILTER);
      memset (&args, 0, sizeof args);
      if (syscall (SYS_clone3, &args, sizeof args) != -1 || errno != ENOSYS)
        _exit (MID_CLONE3);
    }
  memset (&args, 0, sizeof args);
  pid = lc_clone_parent (&args);
  if (pid == 0)
    _exit (CHILD_STATUS);
  if (pid < 0)
    _exit (MID_CLONE);
  if (write (wfd, &pid, sizeof pid) != (ssize_t) sizeof pid)
    _exit (MID_PIPE);
  _exit (MID_OK);
}

static void
check_clone_parent (bool no_clone3)
{
  int p[2], status;
  pid_t mid, child = 0;

  assert_int_equal (pipe (p), 0);
  mid = fork ();
  assert_true (mid >= 0);
  if (mid == 0)
    {
      close (p[0]);
      middle (p[1], no_clone3);
    }
  close (p[1]);
  assert_int_equal (waitpid (mid, &status, 0), mid);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), MID_OK);
  assert_int_equal (read (p[0], &child, sizeof child), sizeof child);
  close (p[0]);
  /* CLONE_PARENT: the middle process's child is ours to reap, and it got
   * the exit signal waitpid needs (SIGCHLD, inherited). */
  assert_int_equal (waitpid (child, &status, 0), child);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), CHILD_STATUS);
}

static void
test_clone_parent (void **state)
{
  (void) state;
  check_clone_parent (false);
}

static void
test_clone_parent_without_clone3 (void **state)
{
  (void) state;
  check_clone_parent (true);
}

/* A clone3-only flag cannot be done by clone(2): ENOSYS stays. */
static void
test_clone_parent_into_cgroup_needs_clone3 (void **state)
{
  int status;
  pid_t mid;

  (void) state;
  mid = fork ();
  assert_true (mid >= 0);
  if (mid == 0)
    {
      struct clone_args args;
      pid_t pid;

      if (refuse_clone3 () < 0)
        _exit (MID_FILTER);
      memset (&args, 0, sizeof args);
      args.flags = CLONE_INTO_CGROUP;
      args.cgroup = 0;
      pid = lc_clone_parent (&args);
      if (pid == 0)
        _exit (CHILD_STATUS);
      _exit (pid < 0 && errno == ENOSYS ? MID_OK : MID_CLONE);
    }
  assert_int_equal (waitpid (mid, &status, 0), mid);
  assert_true (WIFEXITED (status));
  assert_int_equal (WEXITSTATUS (status), MID_OK);
}

static void
test_path_equal_within (void **state)
{
  (void) state;
  assert_true (lc_path_equal ("/proc", "/proc"));
  assert_true (lc_path_equal ("//./proc/", "/proc"));
  assert_true (lc_path_equal ("/dev//null", "/dev/./null/"));
  assert_true (lc_path_equal ("/", "//."));
  assert_false (lc_path_equal ("/proc", "/procfs"));
  assert_false (lc_path_equal ("/proc/self", "/proc"));
  assert_false (lc_path_equal ("/proc/..", "/"));
  assert_true (lc_path_within ("/proc", "/proc"));
  assert_true (lc_path_within ("/./proc//sys/", "/proc"));
  assert_true (lc_path_within ("/anything", "/"));
  assert_false (lc_path_within ("/procfs", "/proc"));
  assert_false (lc_path_within ("/pro", "/proc"));
  assert_false (lc_path_within ("/", "/proc"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_clone_parent),
    cmocka_unit_test (test_clone_parent_without_clone3),
    cmocka_unit_test (test_clone_parent_into_cgroup_needs_clone3),
    cmocka_unit_test (test_path_equal_within),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
