/* test-memtrim.c - which mappings of /proc/PID/smaps the idle supervisor
 * may drop (lc_memtrim_parse), and lc_memtrim on this very process. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "memtrim.h"

/* One smaps entry: header, then the fields lc_memtrim_parse reads among
 * some it must ignore. */
static void
entry (char *buf, size_t size, const char *range, const char *perms,
       const char *inode_path, unsigned rss, unsigned anon, const char *flags)
{
  size_t n = strlen (buf);
  snprintf (buf + n, size - n,
            "%s %s 00001000 fe:00 %s\n"
            "Size:                 64 kB\n"
            "Rss:                %4u kB\n"
            "Pss:                 10 kB\n"
            "Anonymous:          %4u kB\n"
            "Swap:                 0 kB\n"
            "SwapPss:              0 kB\n"
            "AnonHugePages:        0 kB\n"
            "Locked:               0 kB\n"
            "VmFlags: %s\n",
            range, perms, inode_path, rss, anon, flags);
}

static size_t
parse (const char *text, struct lc_memtrim_range *r, size_t max)
{
  return lc_memtrim_parse (text, r, max);
}

static void
test_which (void **state)
{
  static char buf[8192];
  struct lc_memtrim_range r[16];

  buf[0] = '\0';
  /* 1: text of a library: dropped */
  entry (buf, sizeof buf, "7f0000001000-7f0000003000", "r-xp", "12 /lib/a.so",
         8, 0, "rd ex mr mw me");
  /* RELRO with relocated (anonymous) pages: kept */
  entry (buf, sizeof buf, "7f0000003000-7f0000004000", "r--p", "12 /lib/a.so",
         4, 4, "rd mr mw me ac");
  /* writable data: kept */
  entry (buf, sizeof buf, "7f0000004000-7f0000005000", "rw-p", "12 /lib/a.so",
         4, 0, "rd wr mr mw me ac");
  /* shared file mapping: kept */
  entry (buf, sizeof buf, "7f0000005000-7f0000006000", "r--s", "13 /dev/shm/x",
         4, 0, "rd sh mr mw me ms");
  /* vvar (no file, PFN map) and vdso (no file): kept */
  entry (buf, sizeof buf, "7f0000006000-7f0000008000", "r--p", "0 [vvar]", 4,
         0, "rd mr pf io de dd");
  entry (buf, sizeof buf, "7f0000008000-7f0000009000", "r-xp", "0 [vdso]", 4,
         0, "rd ex mr mw me de");
  /* locked: kept; nothing resident: skipped */
  entry (buf, sizeof buf, "7f0000009000-7f000000a000", "r--p", "14 /lib/b.so",
         4, 0, "rd mr mw me lo");
  entry (buf, sizeof buf, "7f000000a000-7f000000b000", "r--p", "14 /lib/b.so",
         0, 0, "rd mr mw me");
  /* 2: read-only constants of a file: dropped (last entry of the text) */
  entry (buf, sizeof buf, "7f000000b000-7f000000c000", "r--p", "14 /lib/b.so",
         4, 0, "rd mr mw me");

  assert_int_equal (parse (buf, r, 16), 2);
  assert_true (r[0].start == 0x7f0000001000UL && r[0].end == 0x7f0000003000UL);
  assert_true (r[1].start == 0x7f000000b000UL && r[1].end == 0x7f000000c000UL);
  /* at most max */
  assert_int_equal (parse (buf, r, 1), 1);
  assert_true (r[0].start == 0x7f0000001000UL);
  assert_int_equal (parse (buf, r, 0), 0);
}

/* A flag of a later entry must not count for an earlier one: each line is
 * read on its own. */
static void
test_flags_per_line (void **state)
{
  static char buf[4096];
  struct lc_memtrim_range r[4];

  buf[0] = '\0';
  entry (buf, sizeof buf, "1000-2000", "r-xp", "7 /bin/x", 4, 0,
         "rd ex mr mw me");
  entry (buf, sizeof buf, "3000-4000", "r--p", "0 [vvar]", 4, 0,
         "rd mr pf io");
  assert_int_equal (parse (buf, r, 4), 1);
  assert_true (r[0].start == 0x1000 && r[0].end == 0x2000);
  /* "lo" inside another word is not the locked flag */
  buf[0] = '\0';
  entry (buf, sizeof buf, "1000-2000", "r-xp", "7 /bin/x", 4, 0, "rd ex xlox");
  assert_int_equal (parse (buf, r, 4), 1);
}

/* A copied page that was swapped out shows under Swap, not Anonymous:
 * dropping the mapping would bring back the file's bytes. */
static void
test_swapped (void **state)
{
  struct lc_memtrim_range r[2];

  assert_int_equal (parse ("1000-2000 r--p 00000000 fe:00 7 /lib/a.so\n"
                           "Rss: 4 kB\nAnonymous: 0 kB\nSwap: 8 kB\n"
                           "SwapPss: 8 kB\nVmFlags: rd mr mw me ac\n",
                           r, 2),
                    0);
}

/* Missing Anonymous, Swap or VmFlags (an older or odd kernel): left
 * alone. */
static void
test_missing_fields (void **state)
{
  struct lc_memtrim_range r[4];

  assert_int_equal (
      parse ("1000-2000 r-xp 00000000 fe:00 7 /bin/x\nRss: 4 kB\n"
             "VmFlags: rd ex\n",
             r, 4),
      0);
  assert_int_equal (
      parse ("1000-2000 r-xp 00000000 fe:00 7 /bin/x\nRss: 4 kB\n"
             "Anonymous: 0 kB\nSwap: 0 kB\n",
             r, 4),
      0);
  assert_int_equal (
      parse ("1000-2000 r-xp 00000000 fe:00 7 /bin/x\nRss: 4 kB\n"
             "Anonymous: 0 kB\nVmFlags: rd ex\n",
             r, 4),
      0);
  assert_int_equal (parse ("", r, 4), 0);
  assert_int_equal (
      parse ("garbage\nRss: 4 kB\nAnonymous: 0 kB\nSwap: 0 kB\n", r, 4), 0);
  /* no trailing newline */
  assert_int_equal (
      parse ("1000-2000 r-xp 00000000 fe:00 7 /bin/x\nRss: 4 kB\n"
             "Anonymous: 0 kB\nSwap: 0 kB\nVmFlags: rd ex",
             r, 4),
      1);
  /* end before start, or a malformed header */
  assert_int_equal (
      parse ("2000-1000 r-xp 00000000 fe:00 7 /bin/x\nRss: 4 kB\n"
             "Anonymous: 0 kB\nSwap: 0 kB\nVmFlags: rd ex\n",
             r, 4),
      0);
  assert_int_equal (parse ("1000-2000 r-xp 0 fe 7 /bin/x\nRss: 4 kB\n"
                           "Anonymous: 0 kB\nSwap: 0 kB\nVmFlags: rd ex\n",
                           r, 4),
                    0);
}

/* A header longer than any line buffer (a path near PATH_MAX) still
 * parses: everything read sits at its start. */
static void
test_long_path (void **state)
{
  struct lc_memtrim_range r[2];
  size_t n = 6000;
  char *path = malloc (n + 1), *buf = malloc (n + 512);

  assert_non_null (path);
  assert_non_null (buf);
  memset (path, 'p', n);
  path[0] = '/';
  path[n] = '\0';
  snprintf (buf, n + 512,
            "1000-2000 r-xp 00000000 fe:00 7 %s\nRss: 4 kB\n"
            "Anonymous: 0 kB\nSwap: 0 kB\nVmFlags: rd ex\n",
            path);
  assert_int_equal (parse (buf, r, 2), 1);
  free (path);
  free (buf);
}

/* On this process: some ranges go, and the code and constants it runs on
 * come back on the next touch. */
static void
test_self (void **state)
{
  static const char probe[] = "still here";
  struct lc_err err = { 0 };
  int r = lc_memtrim (&err);

  assert_true (r > 0);
  assert_string_equal (probe, "still here");
  assert_int_equal (lc_memtrim (&err) > 0, 1);
}

static void *
wait_for_go (void *arg)
{
  int *fds = arg;
  char c;
  ssize_t n = read (fds[0], &c, 1);
  return (void *) (long) n;
}

/* With a second thread, nothing is dropped. */
static void
test_threads (void **state)
{
  struct lc_err err = { 0 };
  pthread_t th;
  int fds[2];

  assert_int_equal (pipe (fds), 0);
  assert_int_equal (pthread_create (&th, NULL, wait_for_go, fds), 0);
  assert_int_equal (lc_memtrim (&err), 0);
  assert_int_equal (write (fds[1], "x", 1), 1);
  assert_int_equal (pthread_join (th, NULL), 0);
  close (fds[0]);
  close (fds[1]);
  assert_true (lc_memtrim (&err) > 0);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_which),     cmocka_unit_test (test_flags_per_line),
    cmocka_unit_test (test_swapped),   cmocka_unit_test (test_missing_fields),
    cmocka_unit_test (test_long_path), cmocka_unit_test (test_self),
    cmocka_unit_test (test_threads),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
