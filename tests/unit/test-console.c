/* test-console.c - fd passing over a Unix socket, console socket paths. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "console.h"

static void
test_fd_round_trip (void **state)
{
  struct lc_err err = { 0 };
  int sv[2], pfd[2], got, flags;
  char buf[8] = { 0 };
  struct stat a, b;

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    0);
  assert_int_equal (pipe2 (pfd, O_CLOEXEC), 0);
  assert_int_equal (lc_send_fd (sv[0], pfd[1], "/dev/pts/3", &err), 0);
  got = lc_recv_fd (sv[1], &err);
  assert_true (got >= 0);
  assert_int_not_equal (got, pfd[1]);
  /* The same open file: same inode, and data written through it arrives. */
  assert_int_equal (fstat (got, &a), 0);
  assert_int_equal (fstat (pfd[1], &b), 0);
  assert_int_equal (a.st_ino, b.st_ino);
  flags = fcntl (got, F_GETFD);
  assert_true (flags & FD_CLOEXEC);
  assert_int_equal (write (got, "hi", 2), 2);
  assert_int_equal (read (pfd[0], buf, sizeof buf), 2);
  assert_memory_equal (buf, "hi", 2);
  close (got);
  close (pfd[0]);
  close (pfd[1]);
  close (sv[0]);
  close (sv[1]);
}

static void
test_recv_without_fd (void **state)
{
  struct lc_err err = { 0 };
  int sv[2];

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    0);
  assert_int_equal (write (sv[0], "console", 7), 7);
  assert_int_equal (lc_recv_fd (sv[1], &err), -EBADMSG);
  /* Peer gone: no message at all. */
  close (sv[0]);
  assert_int_equal (lc_recv_fd (sv[1], &err), -EBADMSG);
  close (sv[1]);
}

static void
test_send_empty_payload (void **state)
{
  struct lc_err err = { 0 };
  int sv[2], got;

  assert_int_equal (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv),
                    0);
  assert_int_equal (lc_send_fd (sv[0], STDIN_FILENO, NULL, &err), 0);
  got = lc_recv_fd (sv[1], &err);
  assert_true (got > 2);
  close (got);
  close (sv[0]);
  close (sv[1]);
}

static void
test_connect_errors (void **state)
{
  struct lc_err err = { 0 };
  char longpath[200];

  memset (longpath, 'a', sizeof longpath - 1);
  longpath[0] = '/';
  longpath[sizeof longpath - 1] = '\0';
  assert_int_equal (lc_console_connect (longpath, &err), -ENAMETOOLONG);
  assert_int_equal (lc_console_connect ("", &err), -ENAMETOOLONG);
  assert_int_equal (
      lc_console_connect ("/nonexistent/hull-console.sock", &err), -ENOENT);
  assert_non_null (strstr (err.msg, "/nonexistent/hull-console.sock"));
}

static void
test_connect_and_pass (void **state)
{
  /* What a console-socket listener sees: a connection, then one fd with
   * the terminal path as payload. */
  char dir[] = "/tmp/hull-test-console-XXXXXX";
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  struct lc_err err = { 0 };
  int lfd, cfd, afd, got;

  assert_non_null (mkdtemp (dir));
  snprintf (addr.sun_path, sizeof addr.sun_path, "%s/sock", dir);
  lfd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  assert_true (lfd >= 0);
  assert_int_equal (bind (lfd, (struct sockaddr *) &addr, sizeof addr), 0);
  assert_int_equal (listen (lfd, 1), 0);
  cfd = lc_console_connect (addr.sun_path, &err);
  assert_true (cfd >= 0);
  assert_true (fcntl (cfd, F_GETFD) & FD_CLOEXEC);
  afd = accept4 (lfd, NULL, NULL, SOCK_CLOEXEC);
  assert_true (afd >= 0);
  assert_int_equal (lc_send_fd (cfd, STDOUT_FILENO, "console", &err), 0);
  got = lc_recv_fd (afd, &err);
  assert_true (got >= 0);
  close (got);
  close (afd);
  close (cfd);
  close (lfd);
  assert_int_equal (unlink (addr.sun_path), 0);
  assert_int_equal (rmdir (dir), 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_fd_round_trip),
    cmocka_unit_test (test_recv_without_fd),
    cmocka_unit_test (test_send_empty_payload),
    cmocka_unit_test (test_connect_errors),
    cmocka_unit_test (test_connect_and_pass),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
