/* test-logfile.c - CRI log records, rotation, reading, and the pure parts
 * of the supervisor (restart policy, backoff, health state). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "health.h"
#include "logfile.h"
#include "supervise.h"
#include "util.h"

#define NS 1000000000LL
/* 2026-11-22T08:00:00Z */
#define T0 1795334400LL

static long long fake_ns = T0 * NS;

static long long
fake_now (void)
{
  return fake_ns += 1000; /* 1 us per record */
}

static char *
make_tmpdir (void)
{
  char tmpl[] = "/tmp/hull-test-logfile-XXXXXX";
  assert_non_null (mkdtemp (tmpl));
  return lc_xstrdup (tmpl);
}

static void
rm_rf (const char *dir)
{
  char *cmd = lc_xasprintf ("rm -rf '%s'", dir);
  assert_int_equal (system (cmd), 0);
  free (cmd);
}

static char *
slurp (const char *path)
{
  char *buf = NULL;
  size_t len;
  if (lc_read_file_at (AT_FDCWD, path, 1 << 24, &buf, &len, NULL) < 0)
    return NULL;
  return buf;
}

static void
open_log (struct lc_logfile *lf, const char *path, unsigned long long max_size,
          unsigned max_files)
{
  struct lc_err err;
  lc_err_clear (&err);
  if (lc_logfile_open (lf, path, max_size, max_files, &err) < 0)
    fail_msg ("open: %s", err.msg);
  lf->now = fake_now;
}

/* ---- formatting and parsing ------------------------------------------ */

static void
test_timestamp (void **state)
{
  char buf[64];
  (void) state;
  lc_logfile_timestamp (buf, sizeof buf, 0);
  assert_string_equal (buf, "1970-01-01T00:00:00.000000000Z");
  lc_logfile_timestamp (buf, sizeof buf, T0 * NS + 123456789);
  assert_string_equal (buf, "2026-11-22T08:00:00.123456789Z");
}

static void
test_parse_record (void **state)
{
  struct lc_log_record r;
  const char *l1 = "2026-11-22T08:00:00.123456789Z stdout F hello world";
  const char *l2 = "2026-11-22T08:00:01Z stderr P part";
  const char *l3 = "2026-11-22T08:00:02.5+01:00 stdout F";
  const char *l4 = "2026-11-22T08:00:00Z stdout F:x tagged";
  const char *bad[] = { "",
                        "garbage",
                        "2026-11-22T08:00:00Z stdin F x",
                        "2026-11-22T08:00:00Z stdout X x",
                        "2026-13-22T08:00:00Z stdout F x",
                        "2026-11-22 stdout F x" };
  (void) state;

  assert_int_equal (lc_logfile_parse (l1, strlen (l1), &r), 0);
  assert_int_equal (r.ns, T0 * NS + 123456789);
  assert_int_equal (r.stream, LC_LOG_STDOUT);
  assert_false (r.partial);
  assert_int_equal (r.msg_len, 11);
  assert_memory_equal (r.msg, "hello world", 11);
  assert_int_equal (r.ts_len, 30);

  assert_int_equal (lc_logfile_parse (l2, strlen (l2), &r), 0);
  assert_int_equal (r.stream, LC_LOG_STDERR);
  assert_true (r.partial);
  assert_int_equal (r.ns, (T0 + 1) * NS);
  assert_memory_equal (r.msg, "part", 4);

  assert_int_equal (lc_logfile_parse (l3, strlen (l3), &r), 0);
  assert_int_equal (r.ns, (T0 + 2 - 3600) * NS + NS / 2);
  assert_int_equal (r.msg_len, 0);

  assert_int_equal (lc_logfile_parse (l4, strlen (l4), &r), 0);
  assert_memory_equal (r.msg, "tagged", 6);

  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (lc_logfile_parse (bad[i], strlen (bad[i]), &r) != -EINVAL)
      fail_msg ("accepted '%s'", bad[i]);
}

static void
test_parse_time (void **state)
{
  long long now = (T0 + 7200) * NS, v;
  (void) state;
  assert_int_equal (lc_logfile_parse_time ("2026-11-22T08:00:00Z", now, &v),
                    0);
  assert_int_equal (v, T0 * NS);
  assert_int_equal (
      lc_logfile_parse_time ("2026-11-22T09:00:00.25+01:00", now, &v), 0);
  assert_int_equal (v, T0 * NS + NS / 4);
  assert_int_equal (lc_logfile_parse_time ("1795334400", now, &v), 0);
  assert_int_equal (v, T0 * NS);
  assert_int_equal (lc_logfile_parse_time ("1795334400.5", now, &v), 0);
  assert_int_equal (v, T0 * NS + NS / 2);
  assert_int_equal (lc_logfile_parse_time ("10m", now, &v), 0);
  assert_int_equal (v, now - 600 * NS);
  assert_int_equal (lc_logfile_parse_time ("1h30m", now, &v), 0);
  assert_int_equal (v, now - 5400 * NS);
  assert_int_equal (lc_logfile_parse_time ("yesterday", now, &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("10x", now, &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("", now, &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("2026-11-22T08:00:00", now, &v),
                    -EINVAL);
  /* Beyond the ns a long long holds (2262): refused, no overflow
   * (fuzz-cli, `logs --since`). */
  assert_int_equal (lc_logfile_parse_time ("4052-11-22T08:00:00Z", now, &v),
                    -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("1500-01-01T00:00:00Z", now, &v),
                    -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("9223372036.9", now, &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_time ("2262-04-11T00:00:00Z", now, &v),
                    0);
  assert_int_equal (lc_logfile_parse_time ("9223372035.999999999", now, &v),
                    0);
  assert_int_equal (v, 9223372035999999999LL);
}

static void
test_parse_size_duration (void **state)
{
  unsigned long long v;
  long long d;
  (void) state;
  assert_int_equal (lc_logfile_parse_size ("1048576", &v), 0);
  assert_int_equal (v, 1048576);
  assert_int_equal (lc_logfile_parse_size ("512k", &v), 0);
  assert_int_equal (v, 512 * 1024);
  assert_int_equal (lc_logfile_parse_size ("10M", &v), 0);
  assert_int_equal (v, 10 * 1024 * 1024);
  assert_int_equal (lc_logfile_parse_size ("1GB", &v), 0);
  assert_int_equal (v, 1ULL << 30);
  assert_int_equal (lc_logfile_parse_size ("", &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_size ("M", &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_size ("-1", &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_size ("1T", &v), -EINVAL);
  assert_int_equal (lc_logfile_parse_duration ("30", &d), 0);
  assert_int_equal (d, 30 * NS);
  assert_int_equal (lc_logfile_parse_duration ("500ms", &d), 0);
  assert_int_equal (d, NS / 2);
  assert_int_equal (lc_logfile_parse_duration ("1m30s", &d), 0);
  assert_int_equal (d, 90 * NS);
  assert_int_equal (lc_logfile_parse_duration ("1m30", &d), -EINVAL);
  assert_int_equal (lc_logfile_parse_duration ("-5s", &d), -EINVAL);
  assert_int_equal (lc_logfile_parse_duration ("s", &d), -EINVAL);
}

/* What Go's time.ParseDuration takes for positive values (runc's events
 * --interval), plus a bare number as seconds and "d". */
static void
test_parse_duration_go (void **state)
{
  static const struct
  {
    const char *s;
    long long ns;
  } ok[] = {
    { "1.5s", 3 * NS / 2 },
    { "1.5", 3 * NS / 2 },
    { ".5s", NS / 2 },
    { "1.s", NS },
    { "300ms", 300000000LL },
    { "2h45m", (2 * 3600 + 45 * 60) * NS },
    { "1.5h", 5400 * NS },
    { "1h30m", 5400 * NS },
    { "1m30.5s", 90 * NS + NS / 2 },
    { "1ns", 1 },
    { "1us", 1000 },
    { "1\xc2\xb5s", 1000 },
    { "1\xce\xbcs", 1000 },
    { "0.000000001s", 1 },
    { "1.0000000001s", NS },
    { "+5s", 5 * NS },
    { "0", 0 },
    { "1d", 86400 * NS },
    { "9223372036854775807ns", 9223372036854775807LL },
    { "2562047h", 2562047LL * 3600 * NS },
  };
  static const char *const bad[]
      = { "nan", "inf",   "NaN", "",     ".",     ".s",     "5sec",
          " 5s", "5 s",   "5s ", "1e3s", "0x10s", "1.5.5s", "+",
          "-0",  "-1.5s", "5S",  "s5",   "1..5s", "1,5s" };
  long long d;
  (void) state;
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    {
      d = -1;
      if (lc_logfile_parse_duration (ok[i].s, &d) != 0 || d != ok[i].ns)
        fail_msg ("'%s': got %lld, want %lld", ok[i].s, d, ok[i].ns);
    }
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
    if (lc_logfile_parse_duration (bad[i], &d) != -EINVAL)
      fail_msg ("'%s' accepted", bad[i]);
  assert_int_equal (lc_logfile_parse_duration ("9223372036854775808ns", &d),
                    -ERANGE);
  assert_int_equal (lc_logfile_parse_duration ("2562048h", &d), -ERANGE);
  assert_int_equal (lc_logfile_parse_duration ("99999999999999999999s", &d),
                    -ERANGE);
  assert_int_equal (lc_logfile_parse_duration ("9223372036854775807ns1ns", &d),
                    -ERANGE);
}

/* ---- writing --------------------------------------------------------- */

static void
test_write_lines (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  cleanup_free char *got = NULL;
  struct lc_logfile lf;
  (void) state;

  fake_ns = T0 * NS;
  open_log (&lf, path, 0, 0);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "one\ntw", 6);
  assert_true (lc_logfile_pending (&lf, LC_LOG_STDOUT));
  lc_logfile_feed (&lf, LC_LOG_STDERR, "err\n\n", 5);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "o\nthr", 5);
  lc_logfile_flush (&lf, LC_LOG_STDOUT, false); /* idle: P */
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "ee\nlast", 7);
  lc_logfile_close (&lf); /* EOF: F */
  got = slurp (path);
  assert_non_null (got);
  assert_string_equal (got, "2026-11-22T08:00:00.000001000Z stdout F one\n"
                            "2026-11-22T08:00:00.000002000Z stderr F err\n"
                            "2026-11-22T08:00:00.000003000Z stderr F \n"
                            "2026-11-22T08:00:00.000004000Z stdout F two\n"
                            "2026-11-22T08:00:00.000005000Z stdout P thr\n"
                            "2026-11-22T08:00:00.000006000Z stdout F ee\n"
                            "2026-11-22T08:00:00.000007000Z stdout F last\n");
  rm_rf (dir);
}

static void
test_long_line (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  cleanup_free char *got = NULL;
  size_t n = LC_LOGFILE_LINE_MAX * 2 + 10;
  cleanup_free char *big = lc_xmalloc (n + 1);
  struct lc_logfile lf;
  const char *p;
  int records = 0;
  (void) state;

  memset (big, 'x', n);
  big[n] = '\n';
  open_log (&lf, path, 0, 0);
  /* Fed in odd chunks: the split must not depend on read sizes. */
  for (size_t off = 0; off <= n; off += 7000)
    lc_logfile_feed (&lf, LC_LOG_STDOUT, big + off,
                     off + 7000 > n + 1 ? n + 1 - off : 7000);
  lc_logfile_close (&lf);
  got = slurp (path);
  assert_non_null (got);
  for (p = got; *p; records++)
    {
      const char *nl = strchr (p, '\n');
      struct lc_log_record r;
      assert_non_null (nl);
      assert_int_equal (lc_logfile_parse (p, (size_t) (nl - p), &r), 0);
      assert_int_equal (r.partial, records < 2);
      assert_int_equal (r.msg_len, records < 2 ? LC_LOGFILE_LINE_MAX : 10);
      p = nl + 1;
    }
  assert_int_equal (records, 3);
  rm_rf (dir);
}

static void
test_rotation (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  struct lc_logfile lf;
  struct stat sb;
  char line[32];
  (void) state;

  /* Each record is 30+10+4+1 = 45 bytes: 4 fit in 200. */
  open_log (&lf, path, 200, 2);
  for (int i = 0; i < 40; i++)
    {
      snprintf (line, sizeof line, "l%03d\n", i);
      lc_logfile_feed (&lf, LC_LOG_STDOUT, line, 5);
    }
  lc_logfile_close (&lf);
  for (int k = 0; k <= 3; k++)
    {
      cleanup_free char *p
          = k ? lc_xasprintf ("%s.%d", path, k) : lc_xstrdup (path);
      if (k == 3)
        {
          assert_int_equal (stat (p, &sb), -1);
          continue;
        }
      assert_int_equal (stat (p, &sb), 0);
      assert_true (sb.st_size <= 200);
      assert_int_equal (sb.st_size, 4 * 45);
    }
  {
    cleanup_free char *p2 = lc_xasprintf ("%s.2", path);
    cleanup_free char *got = slurp (p2);
    assert_non_null (strstr (got, "stdout F l028\n"));
    assert_null (strstr (got, "l027"));
  }
  rm_rf (dir);
}

static void
test_dropped (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  cleanup_free char *got = NULL;
  struct lc_logfile lf;
  int good;
  (void) state;

  open_log (&lf, path, 0, 0);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "kept\n", 5);
  /* Make writes fail as a full disk would. */
  good = lf.fd;
  lf.fd = open (path, O_RDONLY | O_CLOEXEC);
  assert_true (lf.fd >= 0);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "lost1\nlost22\n", 13);
  assert_int_equal (lf.dropped_total, 11);
  close (lf.fd);
  lf.fd = good;
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "back\n", 5);
  lc_logfile_close (&lf);
  got = slurp (path);
  assert_non_null (strstr (got, "stdout F kept\n"));
  assert_null (strstr (got, "lost"));
  assert_non_null (strstr (got, "stdout F [hull: 11 bytes of stdout "
                                "dropped]\n"));
  assert_true (strstr (got, "dropped]") < strstr (got, "F back\n"));
  rm_rf (dir);
}

/* ---- reading --------------------------------------------------------- */

struct collect
{
  char out[65536];
  size_t len;
  int n;
  struct lc_logfile *writer; /* feeds more while following */
  int until_w;
};

static int
collect (void *data, const struct lc_log_record *r)
{
  struct collect *c = data;
  int n = snprintf (c->out + c->len, sizeof c->out - c->len, "%c%c%.*s%s",
                    r->stream == LC_LOG_STDOUT ? 'o' : 'e',
                    r->partial ? 'P' : 'F', (int) r->msg_len, r->msg,
                    r->partial ? "" : "|");
  assert_true (n > 0 && (size_t) n < sizeof c->out - c->len);
  c->len += (size_t) n;
  c->n++;
  if (c->writer && r->msg_len == 2 && !memcmp (r->msg, "go", 2))
    {
      /* A writer running while we follow: 30 more lines, several
       * rotations, then the "supervisor" exits. */
      char line[16];
      for (int i = 0; i < 30; i++)
        {
          int m = snprintf (line, sizeof line, "f%02d\n", i);
          lc_logfile_feed (c->writer, LC_LOG_STDOUT, line, (size_t) m);
        }
      assert_int_equal (write (c->until_w, "x", 1), 1);
    }
  return 0;
}

static void
write_sample (const char *path)
{
  struct lc_logfile lf;
  char line[16];
  fake_ns = T0 * NS;
  open_log (&lf, path, 200, 3);
  for (int i = 0; i < 10; i++)
    {
      int m = snprintf (line, sizeof line, "l%d\n", i);
      lc_logfile_feed (&lf, i % 3 ? LC_LOG_STDOUT : LC_LOG_STDERR, line,
                       (size_t) m);
    }
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "par", 3);
  lc_logfile_flush (&lf, LC_LOG_STDOUT, false);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "tial\n", 5);
  lc_logfile_close (&lf);
}

static const char *
read_all (const char *path, long long tail, long long since, struct collect *c)
{
  struct lc_logread_opts o
      = { .tail = tail, .since_ns = since, .until_fd = -1 };
  struct lc_err err;
  lc_err_clear (&err);
  memset (c, 0, sizeof *c);
  if (lc_logfile_read (path, &o, collect, c, &err) < 0)
    fail_msg ("read: %s", err.msg);
  return c->out;
}

static void
test_read_tail_since (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  cleanup_free char *missing = lc_xasprintf ("%s/none.log", dir);
  struct lc_logread_opts o = { .tail = -1, .until_fd = -1 };
  struct collect c;
  struct lc_err err;
  (void) state;

  write_sample (path);
  /* The sample spans several files. */
  {
    cleanup_free char *p1 = lc_xasprintf ("%s.1", path);
    assert_int_equal (access (p1, F_OK), 0);
  }
  assert_string_equal (read_all (path, -1, 0, &c),
                       "eFl0|oFl1|oFl2|eFl3|oFl4|oFl5|eFl6|oFl7|oFl8|eFl9|"
                       "oPparoFtial|");
  /* The partial line counts once, with both parts. */
  assert_string_equal (read_all (path, 2, 0, &c), "eFl9|oPparoFtial|");
  assert_string_equal (read_all (path, 0, 0, &c), "");
  assert_string_equal (read_all (path, 100, 0, &c),
                       "eFl0|oFl1|oFl2|eFl3|oFl4|oFl5|eFl6|oFl7|oFl8|eFl9|"
                       "oPparoFtial|");
  /* Record i was written at T0 + (i+1) us. */
  assert_string_equal (read_all (path, -1, T0 * NS + 8000, &c),
                       "oFl7|oFl8|eFl9|oPparoFtial|");
  assert_string_equal (read_all (path, 1, T0 * NS + 8000, &c), "oPparoFtial|");
  {
    /* A stream that ends unfinished: that part is the last line. */
    struct lc_logfile lf;
    open_log (&lf, path, 200, 3);
    lc_logfile_feed (&lf, LC_LOG_STDOUT, "more\nunfin", 10);
    lc_logfile_flush (&lf, LC_LOG_STDOUT, false);
    lf.line_len[LC_LOG_STDOUT] = 0; /* as if the writer were still alive */
    lc_logfile_close (&lf);
    assert_string_equal (read_all (path, 2, 0, &c), "oFmore|oPunfin");
  }
  lc_err_clear (&err);
  assert_int_equal (lc_logfile_read (missing, &o, collect, &c, &err), -ENOENT);
  assert_non_null (strstr (err.msg, "does not exist"));
  rm_rf (dir);
}

static void
test_follow_rotation (void **state)
{
  cleanup_free char *dir = make_tmpdir ();
  cleanup_free char *path = lc_xasprintf ("%s/c.log", dir);
  struct lc_logfile lf;
  struct lc_logread_opts o = { .tail = 1, .follow = true };
  struct collect *c = lc_xcalloc (1, sizeof *c);
  struct lc_err err;
  int until[2];
  (void) state;

  assert_int_equal (pipe2 (until, O_CLOEXEC), 0);
  open_log (&lf, path, 200, 10);
  lc_logfile_feed (&lf, LC_LOG_STDOUT, "old\ngo\n", 7);
  c->writer = &lf;
  c->until_w = until[1];
  o.until_fd = until[0];
  lc_err_clear (&err);
  assert_int_equal (lc_logfile_read (path, &o, collect, c, &err), 0);
  /* Every line written while following, across the rotations, once. */
  assert_int_equal (c->n, 31);
  assert_non_null (strstr (c->out, "oFgo|oFf00|oFf01|"));
  assert_non_null (strstr (c->out, "oFf28|oFf29|"));
  assert_null (strstr (c->out, "old"));
  lc_logfile_close (&lf);
  close (until[0]);
  close (until[1]);
  free (c);
  rm_rf (dir);
}

/* ---- supervisor policy ----------------------------------------------- */

static void
test_restart_parse (void **state)
{
  struct lc_restart r;
  (void) state;
  assert_int_equal (lc_restart_parse ("no", &r, NULL), 0);
  assert_int_equal (r.policy, LC_RESTART_NO);
  assert_int_equal (lc_restart_parse ("always", &r, NULL), 0);
  assert_int_equal (r.policy, LC_RESTART_ALWAYS);
  assert_int_equal (lc_restart_parse ("unless-stopped", &r, NULL), 0);
  assert_int_equal (r.policy, LC_RESTART_UNLESS_STOPPED);
  assert_int_equal (lc_restart_parse ("on-failure", &r, NULL), 0);
  assert_int_equal (r.policy, LC_RESTART_ON_FAILURE);
  assert_int_equal (r.max, 0);
  assert_int_equal (lc_restart_parse ("on-failure:5", &r, NULL), 0);
  assert_int_equal (r.max, 5);
  assert_int_equal (lc_restart_parse ("on-failure:", &r, NULL), -EINVAL);
  assert_int_equal (lc_restart_parse ("on-failure:x", &r, NULL), -EINVAL);
  assert_int_equal (lc_restart_parse ("always:3", &r, NULL), -EINVAL);
  assert_int_equal (lc_restart_parse ("sometimes", &r, NULL), -EINVAL);
}

static void
test_restart_decision (void **state)
{
  struct lc_restart no = { LC_RESTART_NO, 0 };
  struct lc_restart fail3 = { LC_RESTART_ON_FAILURE, 3 };
  struct lc_restart always = { LC_RESTART_ALWAYS, 0 };
  (void) state;
  assert_false (lc_restart_wanted (&no, 1, 0, false, false));
  assert_false (lc_restart_wanted (&no, 0, 0, false, true));
  assert_true (lc_restart_wanted (&fail3, 1, 2, false, false));
  assert_false (lc_restart_wanted (&fail3, 1, 3, false, false));
  assert_false (lc_restart_wanted (&fail3, 0, 0, false, false));
  assert_true (lc_restart_wanted (&fail3, 0, 0, false, true));
  assert_true (lc_restart_wanted (&always, 0, 100, false, false));
  assert_false (lc_restart_wanted (&always, 1, 0, true, false));
  assert_false (lc_restart_wanted (&fail3, 1, 0, true, true));
}

static void
test_backoff (void **state)
{
  (void) state;
  /* First retry within a second, doubling, capped at 5 minutes. */
  assert_true (lc_restart_delay_ms (0) <= 1000);
  for (unsigned i = 1; i < 9; i++)
    assert_int_equal (lc_restart_delay_ms (i),
                      2 * lc_restart_delay_ms (i - 1));
  assert_int_equal (lc_restart_delay_ms (10), 300000);
  assert_int_equal (lc_restart_delay_ms (1000), 300000);
  assert_int_equal (lc_restart_delay_ms (~0U), 300000);
  /* Up for 10 minutes: the next failure starts over. */
  assert_int_equal (lc_restart_next_attempt (5, 599999), 5);
  assert_int_equal (lc_restart_next_attempt (5, 600000), 0);
}

static void
test_health_state (void **state)
{
  struct lc_health_opts o = { .cmd = "true",
                              .interval_ms = 1000,
                              .timeout_ms = 500,
                              .retries = 2,
                              .start_period_ms = 5000 };
  struct lc_health h;
  (void) state;
  lc_health_init (&h, &o);
  lc_health_reset (&h, 100000);
  assert_int_equal (h.status, LC_HEALTH_STARTING);
  assert_int_equal (h.next_ms, 101000);
  /* Failures inside the start period do not count. */
  assert_int_equal (lc_health_result (&h, false, 102000), LC_HEALTH_STARTING);
  assert_int_equal (lc_health_result (&h, false, 104000), LC_HEALTH_STARTING);
  assert_int_equal (h.failures, 0);
  assert_int_equal (lc_health_result (&h, false, 106000), LC_HEALTH_STARTING);
  assert_int_equal (lc_health_result (&h, false, 107000), LC_HEALTH_UNHEALTHY);
  assert_int_equal (lc_health_result (&h, true, 108000), LC_HEALTH_HEALTHY);
  assert_int_equal (h.failures, 0);
  assert_int_equal (h.next_ms, 109000);
  assert_int_equal (lc_health_result (&h, false, 109000), LC_HEALTH_HEALTHY);
  assert_int_equal (lc_health_result (&h, false, 110000), LC_HEALTH_UNHEALTHY);
  assert_string_equal (lc_health_name (LC_HEALTH_UNHEALTHY), "unhealthy");
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_timestamp),
    cmocka_unit_test (test_parse_record),
    cmocka_unit_test (test_parse_time),
    cmocka_unit_test (test_parse_size_duration),
    cmocka_unit_test (test_parse_duration_go),
    cmocka_unit_test (test_write_lines),
    cmocka_unit_test (test_long_line),
    cmocka_unit_test (test_rotation),
    cmocka_unit_test (test_dropped),
    cmocka_unit_test (test_read_tail_since),
    cmocka_unit_test (test_follow_rotation),
    cmocka_unit_test (test_restart_parse),
    cmocka_unit_test (test_restart_decision),
    cmocka_unit_test (test_backoff),
    cmocka_unit_test (test_health_state),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
