/* logfile.c - CRI log records: writing with rotation, parsing, times. */
#include "logfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static const char *const stream_names[] = { "stdout", "stderr" };

#define NS_PER_SEC 1000000000LL

static long long
real_now (void)
{
  struct timespec ts;
  (void) clock_gettime (CLOCK_REALTIME, &ts);
  return (long long) ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

void
lc_logfile_timestamp (char *buf, size_t size, long long ns)
{
  time_t sec = (time_t) (ns / NS_PER_SEC);
  long frac = (long) (ns % NS_PER_SEC);
  struct tm tm;
  char base[32];

  if (frac < 0)
    {
      frac += NS_PER_SEC;
      sec--;
    }
  if (!gmtime_r (&sec, &tm)
      || strftime (base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    base[0] = '\0';
  snprintf (buf, size, "%s.%09ldZ", base, frac);
}

/* ---- writer ---------------------------------------------------------- */

static int
open_log (const char *path)
{
  return open (
      path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
      0600);
}

int
lc_logfile_open (struct lc_logfile *lf, const char *path,
                 unsigned long long max_size, unsigned max_files,
                 struct lc_err *err)
{
  struct stat sb;
  int fd;

  memset (lf, 0, sizeof *lf);
  lf->fd = -1;
  if (!path || path[0] != '/')
    return lc_err_setx (err, EINVAL, "log path '%s': must be absolute",
                        path ? path : "");
  if (max_files > LC_LOGFILE_FILES_MAX)
    return lc_err_setx (err, EINVAL, "--log-max-files %u: at most %d",
                        max_files, LC_LOGFILE_FILES_MAX);
  fd = open_log (path);
  if (fd < 0)
    return lc_err_set (err, errno, "open log '%s'", path);
  if (fstat (fd, &sb) < 0 || !S_ISREG (sb.st_mode))
    {
      int e = errno ? errno : EINVAL;
      lc_close (fd);
      return lc_err_set (err, S_ISREG (sb.st_mode) ? e : EINVAL,
                         "log '%s': not a regular file", path);
    }
  lf->fd = fd;
  lf->size = (unsigned long long) sb.st_size;
  lf->path = lc_xstrdup (path);
  lf->max_size = max_size;
  lf->max_files = max_files;
  for (int s = 0; s < 2; s++)
    lf->line[s] = lc_xmalloc (LC_LOGFILE_LINE_MAX);
  return 0;
}

/* path.k for k > 0, else path. */
static char *
numbered (const char *path, unsigned k)
{
  return k ? lc_xasprintf ("%s.%u", path, k) : lc_xstrdup (path);
}

/* Shift path.(N-1) -> path.N ... path -> path.1 and start a new file.  On
 * failure the current file stays in use (it grows past the limit rather
 * than lose lines). */
static void
rotate (struct lc_logfile *lf)
{
  int fd;

  if (lf->max_files == 0)
    {
      if (ftruncate (lf->fd, 0) == 0)
        lf->size = 0;
      return;
    }
  for (unsigned k = lf->max_files; k > 0; k--)
    {
      cleanup_free char *from = numbered (lf->path, k - 1);
      cleanup_free char *to = numbered (lf->path, k);
      if (rename (from, to) < 0 && errno != ENOENT && k == 1)
        return;
    }
  fd = open_log (lf->path);
  if (fd < 0)
    return;
  lc_close (lf->fd);
  lf->fd = fd;
  lf->size = 0;
}

/* One record, one writev(2): readers never see half of one unless the
 * disk is full. */
static int
write_record (struct lc_logfile *lf, enum lc_log_stream s, bool partial,
              const char *msg, size_t len)
{
  char head[80];
  char ts[48];
  struct iovec iov[3];
  size_t total;
  ssize_t n;
  int hl;

  lc_logfile_timestamp (ts, sizeof ts, lf->now ? lf->now () : real_now ());
  hl = snprintf (head, sizeof head, "%s %s %c ", ts, stream_names[s],
                 partial ? 'P' : 'F');
  if (hl < 0 || (size_t) hl >= sizeof head)
    return -EOVERFLOW;
  total = (size_t) hl + len + 1;
  if (lf->max_size && lf->size > 0 && lf->size + total > lf->max_size)
    rotate (lf);
  iov[0] = (struct iovec){ head, (size_t) hl };
  iov[1] = (struct iovec){ (void *) msg, len };
  iov[2] = (struct iovec){ "\n", 1 };
  do
    n = writev (lf->fd, iov, 3);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return -errno;
  lf->size += (unsigned long long) n;
  if ((size_t) n < total)
    {
      /* Disk full in the middle: end the line so the file stays
       * readable; the rest of the message counts as dropped. */
      if (write (lf->fd, "\n", 1) == 1)
        lf->size++;
      return (
          int) (len
                - ((size_t) n > (size_t) hl ? (size_t) n - (size_t) hl : 0));
    }
  return 0;
}

static void
report_dropped (struct lc_logfile *lf, enum lc_log_stream s)
{
  char msg[96];
  int n;
  if (!lf->dropped[s])
    return;
  n = snprintf (msg, sizeof msg, "[hull: %llu bytes of %s dropped]",
                lf->dropped[s], stream_names[s]);
  if (n > 0 && write_record (lf, s, false, msg, (size_t) n) == 0)
    lf->dropped[s] = 0;
}

static void
emit_line (struct lc_logfile *lf, enum lc_log_stream s, bool partial)
{
  int r;
  if (partial && lf->line_len[s] == 0)
    return;
  report_dropped (lf, s);
  r = write_record (lf, s, partial, lf->line[s], lf->line_len[s]);
  if (r != 0)
    {
      size_t lost = r < 0 ? lf->line_len[s] : (size_t) r;
      lf->dropped[s] += lost;
      lf->dropped_total += lost;
    }
  lf->line_len[s] = 0;
}

void
lc_logfile_feed (struct lc_logfile *lf, enum lc_log_stream s, const char *data,
                 size_t len)
{
  while (len > 0)
    {
      const char *nl = memchr (data, '\n', len);
      size_t seg = nl ? (size_t) (nl - data) : len;
      size_t room = LC_LOGFILE_LINE_MAX - lf->line_len[s];

      if (seg > room)
        {
          /* Longer than the line buffer: write what fits as P. */
          memcpy (lf->line[s] + lf->line_len[s], data, room);
          lf->line_len[s] += room;
          emit_line (lf, s, true);
          data += room;
          len -= room;
          continue;
        }
      memcpy (lf->line[s] + lf->line_len[s], data, seg);
      lf->line_len[s] += seg;
      data += seg;
      len -= seg;
      if (nl)
        {
          emit_line (lf, s, false);
          data++;
          len--;
        }
    }
}

void
lc_logfile_flush (struct lc_logfile *lf, enum lc_log_stream s, bool eof)
{
  if (lf->line_len[s] > 0)
    emit_line (lf, s, !eof);
  else if (lf->dropped[s])
    report_dropped (lf, s);
}

bool
lc_logfile_pending (const struct lc_logfile *lf, enum lc_log_stream s)
{
  return lf->line_len[s] > 0 || lf->dropped[s] > 0;
}

void
lc_logfile_close (struct lc_logfile *lf)
{
  if (lf->fd >= 0)
    for (int s = 0; s < 2; s++)
      lc_logfile_flush (lf, (enum lc_log_stream) s, true);
  lf->fd = lc_close (lf->fd);
  for (int s = 0; s < 2; s++)
    {
      free (lf->line[s]);
      lf->line[s] = NULL;
    }
  free (lf->path);
  lf->path = NULL;
}

/* ---- parsing --------------------------------------------------------- */

static bool
digits (const char *s, int n, int *ret)
{
  int v = 0;
  for (int i = 0; i < n; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        return false;
      v = v * 10 + (s[i] - '0');
    }
  *ret = v;
  return true;
}

/* RFC 3339 at s (length len): date, 'T' or ' ', time, optional fraction,
 * 'Z' or +hh:mm / -hh:mm; must use all of len. */
static int
parse_rfc3339 (const char *s, size_t len, long long *ret)
{
  struct tm tm;
  int y, mo, d, h, mi, sec, oh, om;
  long long frac = 0, scale = NS_PER_SEC, off = 0;
  size_t i = 19;
  time_t t;

  if (len < 20 || !digits (s, 4, &y) || s[4] != '-' || !digits (s + 5, 2, &mo)
      || s[7] != '-' || !digits (s + 8, 2, &d)
      || (s[10] != 'T' && s[10] != 't' && s[10] != ' ')
      || !digits (s + 11, 2, &h) || s[13] != ':' || !digits (s + 14, 2, &mi)
      || s[16] != ':' || !digits (s + 17, 2, &sec))
    return -EINVAL;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 60)
    return -EINVAL;
  if (s[i] == '.')
    {
      for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        if (scale > 1)
          {
            scale /= 10;
            frac += (s[i] - '0') * scale;
          }
      if (s[i - 1] == '.')
        return -EINVAL;
    }
  if (i + 1 == len && (s[i] == 'Z' || s[i] == 'z'))
    off = 0;
  else if (i + 6 == len && (s[i] == '+' || s[i] == '-')
           && digits (s + i + 1, 2, &oh) && s[i + 3] == ':'
           && digits (s + i + 4, 2, &om) && oh < 24 && om < 60)
    off = (s[i] == '-' ? -1 : 1) * (oh * 3600LL + om * 60LL);
  else
    return -EINVAL;
  memset (&tm, 0, sizeof tm);
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  t = timegm (&tm);
  if (t == (time_t) -1 && y != 1969)
    return -EINVAL;
  /* ns since the epoch fit a long long from 1677 to 2262 only. */
  if ((long long) t - off < LLONG_MIN / NS_PER_SEC
      || (long long) t - off >= LLONG_MAX / NS_PER_SEC)
    return -EINVAL;
  *ret = ((long long) t - off) * NS_PER_SEC + frac;
  return 0;
}

int
lc_logfile_parse (const char *line, size_t len, struct lc_log_record *ret)
{
  const char *sp = memchr (line, ' ', len);
  struct lc_log_record r;
  size_t rest;
  const char *p;

  if (!sp)
    return -EINVAL;
  memset (&r, 0, sizeof r);
  r.ts = line;
  r.ts_len = (size_t) (sp - line);
  if (parse_rfc3339 (line, r.ts_len, &r.ns) < 0)
    return -EINVAL;
  p = sp + 1;
  rest = len - r.ts_len - 1;
  if (rest >= 7 && !memcmp (p, "stdout ", 7))
    r.stream = LC_LOG_STDOUT;
  else if (rest >= 7 && !memcmp (p, "stderr ", 7))
    r.stream = LC_LOG_STDERR;
  else
    return -EINVAL;
  p += 7;
  rest -= 7;
  /* The tag may carry more flags after ':' (CRI); only P/F matter. */
  if (rest < 1 || (p[0] != 'P' && p[0] != 'F'))
    return -EINVAL;
  r.partial = p[0] == 'P';
  sp = memchr (p, ' ', rest);
  if (!sp)
    {
      /* "TS stdout F" with nothing after: an empty message. */
      r.msg = p + rest;
      r.msg_len = 0;
    }
  else
    {
      r.msg = sp + 1;
      r.msg_len = rest - (size_t) (sp + 1 - p);
    }
  *ret = r;
  return 0;
}

/* One number of a duration as Go's time.ParseDuration reads it: digits
 * with an optional fraction ("1.5", ".5", "1."), value = v + f / scale.
 * Fraction digits past what f holds are dropped, as Go does: they are far
 * below a nanosecond. */
static int
duration_number (const char **s, unsigned long long *ret_v,
                 unsigned long long *ret_f, double *ret_scale)
{
  const char *p = *s;
  unsigned long long v = 0, f = 0;
  double scale = 1;
  bool pre = false, post = false;

  for (; *p >= '0' && *p <= '9'; p++, pre = true)
    {
      unsigned d = (unsigned) (*p - '0');
      if (v > (unsigned long long) (LLONG_MAX - d) / 10)
        return -ERANGE;
      v = v * 10 + d;
    }
  if (*p == '.')
    for (p++; *p >= '0' && *p <= '9'; p++, post = true)
      if (f <= (unsigned long long) (LLONG_MAX - 9) / 10)
        {
          f = f * 10 + (unsigned) (*p - '0');
          scale *= 10;
        }
  if (!pre && !post)
    return -EINVAL;
  *s = p;
  *ret_v = v;
  *ret_f = f;
  *ret_scale = scale;
  return 0;
}

/* Go's units, and "d"; 0 for an unknown one. */
static long long
duration_unit (const char *u, size_t n)
{
  static const struct
  {
    const char *name;
    long long ns;
  } units[] = {
    { "ns", 1 },
    { "us", 1000 },
    { "\xc2\xb5s", 1000 }, /* U+00B5 micro sign */
    { "\xce\xbcs", 1000 }, /* U+03BC Greek mu */
    { "ms", 1000000 },
    { "s", NS_PER_SEC },
    { "m", 60 * NS_PER_SEC },
    { "h", 3600 * NS_PER_SEC },
    { "d", 86400 * NS_PER_SEC },
  };
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strlen (units[i].name) == n && !memcmp (units[i].name, u, n))
      return units[i].ns;
  return 0;
}

int
lc_logfile_parse_duration (const char *s, long long *ret)
{
  long long total = 0;
  const char *p = s;

  /* Go takes a sign too; no caller has a use for a negative duration. */
  if (*p == '+')
    p++;
  if (!*p)
    return -EINVAL;
  while (*p)
    {
      const char *num = p;
      unsigned long long v, f;
      double scale;
      long long unit, add;
      size_t n;
      int r = duration_number (&p, &v, &f, &scale);

      if (r < 0)
        return r;
      n = strcspn (p, "0123456789.");
      if (n == 0 && !*p && num == s + (*s == '+'))
        unit = NS_PER_SEC; /* a bare number: seconds */
      else if (n == 0 || !(unit = duration_unit (p, n)))
        return -EINVAL;
      p += n;
      if (v > (unsigned long long) (LLONG_MAX / unit))
        return -ERANGE;
      add = (long long) v * unit;
      /* below one unit, so no overflow; double, as in Go, is exact to
       * the nanosecond for fractions of an hour */
      if (f > 0)
        {
          long long frac = (long long) ((double) f * ((double) unit / scale));
          if (frac > LLONG_MAX - add)
            return -ERANGE;
          add += frac;
        }
      if (add > LLONG_MAX - total)
        return -ERANGE;
      total += add;
    }
  *ret = total;
  return 0;
}

int
lc_logfile_parse_time (const char *s, long long now_ns, long long *ret)
{
  long long v;
  size_t len = strlen (s);
  const char *dot = strchr (s, '.');

  if (parse_rfc3339 (s, len, &v) == 0)
    {
      *ret = v;
      return 0;
    }
  /* Unix seconds, optionally with a fraction: digits only. */
  if (len > 0 && strspn (s, "0123456789.") == len && s[0] != '.'
      && (!dot || !strchr (dot + 1, '.')))
    {
      unsigned long long sec;
      long long frac = 0, scale = NS_PER_SEC;
      cleanup_free char *whole = lc_xstrdup (s);
      if (dot)
        whole[dot - s] = '\0';
      /* >=: the fraction is added after the multiplication. */
      if (lc_parse_u64 (whole, &sec) < 0
          || sec >= (unsigned long long) (LLONG_MAX / NS_PER_SEC))
        return -EINVAL;
      for (const char *p = dot ? dot + 1 : ""; *p && scale > 1; p++)
        {
          scale /= 10;
          frac += (*p - '0') * scale;
        }
      *ret = (long long) sec * NS_PER_SEC + frac;
      return 0;
    }
  if (lc_logfile_parse_duration (s, &v) == 0)
    {
      *ret = (now_ns > 0 ? now_ns : real_now ()) - v;
      return 0;
    }
  return -EINVAL;
}

int
lc_logfile_parse_size (const char *s, unsigned long long *ret)
{
  cleanup_free char *num = lc_xstrdup (s);
  size_t len = strlen (num);
  unsigned long long v, mult = 1;
  char u;

  if (len == 0)
    return -EINVAL;
  if (len > 1 && (num[len - 1] == 'b' || num[len - 1] == 'B')
      && strchr ("kKmMgG", num[len - 2]))
    num[--len] = '\0'; /* "10MB" as "10M" */
  u = num[len - 1];
  if (u == 'k' || u == 'K')
    mult = 1ULL << 10;
  else if (u == 'm' || u == 'M')
    mult = 1ULL << 20;
  else if (u == 'g' || u == 'G')
    mult = 1ULL << 30;
  if (mult > 1)
    num[--len] = '\0';
  if (lc_parse_u64 (num, &v) < 0 || v > ULLONG_MAX / mult)
    return -EINVAL;
  *ret = v * mult;
  return 0;
}

/* ---- reading --------------------------------------------------------- */

#define READ_CAP (LC_LOGFILE_LINE_MAX + 256)
#define FOLLOW_POLL_MS 200

struct line_reader
{
  int fd;
  dev_t dev;
  ino_t ino;
  char *buf;
  size_t start, end;
  bool skipping; /* inside a line too long to be a record */
};

static int
reader_open (struct line_reader *r, const char *path)
{
  struct stat sb;
  memset (r, 0, sizeof *r);
  r->fd = open (path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
  if (r->fd < 0)
    return -errno;
  if (fstat (r->fd, &sb) < 0)
    {
      int e = errno;
      r->fd = lc_close (r->fd);
      return -e;
    }
  r->dev = sb.st_dev;
  r->ino = sb.st_ino;
  r->buf = lc_xmalloc (READ_CAP);
  return 0;
}

static void
reader_close (struct line_reader *r)
{
  r->fd = lc_close (r->fd);
  free (r->buf);
  r->buf = NULL;
}

static void
reader_rewind (struct line_reader *r)
{
  (void) lseek (r->fd, 0, SEEK_SET);
  r->start = r->end = 0;
  r->skipping = false;
}

/* The next complete line (valid until the next call): 1, or 0 when only
 * an unfinished line (or nothing) is left for now. */
static int
next_line (struct line_reader *r, const char **line, size_t *len)
{
  for (;;)
    {
      char *nl = memchr (r->buf + r->start, '\n', r->end - r->start);
      ssize_t n;
      if (nl)
        {
          bool skip = r->skipping;
          *line = r->buf + r->start;
          *len = (size_t) (nl - *line);
          r->start = (size_t) (nl - r->buf) + 1;
          r->skipping = false;
          if (skip)
            continue;
          return 1;
        }
      if (r->start > 0)
        {
          memmove (r->buf, r->buf + r->start, r->end - r->start);
          r->end -= r->start;
          r->start = 0;
        }
      if (r->end == READ_CAP)
        {
          r->skipping = true;
          r->end = 0;
        }
      n = read (r->fd, r->buf + r->end, READ_CAP - r->end);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return 0;
      r->end += (size_t) n;
    }
}

struct read_ctx
{
  const struct lc_logread_opts *o;
  lc_log_emit_fn emit;
  void *data;
  long long skip; /* whole lines still to skip for --tail */
  bool counting;  /* first pass: count lines only */
  long long lines;
  bool dangling[2]; /* the stream ends in an unfinished line */
};

static int
handle_line (struct read_ctx *c, const char *line, size_t len)
{
  struct lc_log_record rec;
  if (lc_logfile_parse (line, len, &rec) < 0 || rec.ns < c->o->since_ns)
    return 0;
  if (c->counting)
    {
      c->lines += !rec.partial;
      c->dangling[rec.stream] = rec.partial;
      return 0;
    }
  if (c->skip > 0)
    {
      c->skip -= !rec.partial;
      return 0;
    }
  return c->emit (c->data, &rec);
}

static int
drain (struct read_ctx *c, struct line_reader *r, struct lc_err *err)
{
  const char *line = NULL;
  size_t len = 0;
  int n;
  while ((n = next_line (r, &line, &len)) > 0)
    {
      int e = handle_line (c, line, len);
      if (e < 0)
        return e;
    }
  if (n < 0)
    return lc_err_set (err, -n, "read log");
  return 0;
}

/* Open path.K .. path.1, path: oldest first.  Returns how many. */
static size_t
open_all (const char *path, struct line_reader *v)
{
  unsigned k = 0;
  size_t n = 0;
  for (k = 1; k <= LC_LOGFILE_FILES_MAX; k++)
    {
      cleanup_free char *p = numbered (path, k);
      if (access (p, F_OK) < 0)
        break;
    }
  while (k-- > 0)
    {
      cleanup_free char *p = numbered (path, k);
      if (reader_open (&v[n], p) == 0)
        n++;
    }
  return n;
}

/* path now names another file than the one r reads: it was rotated. */
static bool
rotated (const char *path, const struct line_reader *r)
{
  struct stat sb;
  if (stat (path, &sb) < 0)
    return false; /* gone for a moment (restart) or not yet there */
  return sb.st_ino != r->ino || sb.st_dev != r->dev;
}

/* After r's file was rotated away: open the file written after it. */
static int
open_next (const char *path, struct line_reader *r)
{
  struct line_reader v[LC_LOGFILE_FILES_MAX + 1];
  size_t n = open_all (path, v), pick = 0;
  for (size_t i = 0; i < n; i++)
    if (v[i].ino == r->ino && v[i].dev == r->dev)
      pick = i + 1;
  if (pick >= n)
    pick = n ? n - 1 : 0;
  for (size_t i = 0; i < n; i++)
    if (i != pick)
      reader_close (&v[i]);
  if (n == 0)
    return -ENOENT;
  reader_close (r);
  *r = v[pick];
  return 0;
}

static void
check_truncated (struct line_reader *r)
{
  struct stat sb;
  off_t pos = lseek (r->fd, 0, SEEK_CUR);
  if (pos > 0 && fstat (r->fd, &sb) == 0 && sb.st_size < pos)
    reader_rewind (r);
}

static int
follow (const char *path, struct read_ctx *c, struct line_reader *cur,
        struct lc_err *err)
{
  bool last = false;
  for (;;)
    {
      struct pollfd p = { .fd = c->o->until_fd, .events = POLLIN };
      int r;
      if (cur->fd < 0 && reader_open (cur, path) < 0)
        cur->fd = -1;
      if (cur->fd >= 0)
        {
          check_truncated (cur);
          r = drain (c, cur, err);
          if (r < 0)
            return r;
          if (rotated (path, cur))
            {
              r = drain (c, cur, err);
              if (r < 0)
                return r;
              if (open_next (path, cur) == 0)
                continue;
            }
        }
      if (last)
        return 0;
      r = poll (&p, 1, FOLLOW_POLL_MS);
      if (r > 0 && c->o->until_fd >= 0)
        last = true; /* one more round for what was written before */
    }
}

int
lc_logfile_read (const char *path, const struct lc_logread_opts *o,
                 lc_log_emit_fn emit, void *data, struct lc_err *err)
{
  struct line_reader v[LC_LOGFILE_FILES_MAX + 1];
  struct read_ctx c = { .o = o, .emit = emit, .data = data };
  size_t n = open_all (path, v);
  struct line_reader cur = { .fd = -1 };
  int r = 0;

  if (n == 0 && !o->follow)
    return lc_err_setx (err, ENOENT, "log '%s' does not exist", path);
  if (o->tail >= 0)
    {
      c.counting = true;
      for (size_t i = 0; i < n && r >= 0; i++)
        r = drain (&c, &v[i], err);
      c.counting = false;
      /* An unfinished last line counts as a line, as it prints as one. */
      c.lines += c.dangling[0] + c.dangling[1];
      c.skip = c.lines > o->tail ? c.lines - o->tail : 0;
      for (size_t i = 0; i < n; i++)
        reader_rewind (&v[i]);
    }
  for (size_t i = 0; i < n && r >= 0; i++)
    r = drain (&c, &v[i], err);
  if (r >= 0 && o->follow)
    {
      /* Continue with the newest file; follow () moves on from it if it
       * was rotated meanwhile. */
      if (n > 0)
        {
          cur = v[--n];
          v[n].fd = -1;
          v[n].buf = NULL;
        }
      c.skip = 0;
      r = follow (path, &c, &cur, err);
      reader_close (&cur);
    }
  for (size_t i = 0; i < n; i++)
    reader_close (&v[i]);
  return r;
}
