/* logfile.h - container logs in the CRI format kubelet and conmon use:
 *
 *   2026-11-22T08:00:00.123456789Z stdout F a whole line
 *   2026-11-22T08:00:00.123456789Z stderr P the first part of a long line
 *
 * The writer turns pipe data into records (one write(2) each), buffering an
 * unfinished line up to LC_LOGFILE_LINE_MAX bytes, rotates by size into
 * path.1 .. path.N, and counts what it could not write so that a marker
 * record tells how much was dropped.  The reader replays path.N .. path
 * with --tail/--since and follows the file across rotations. */
#ifndef LC_LOGFILE_H
#define LC_LOGFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

#define LC_LOGFILE_LINE_MAX 16384
/* Rotated files are numbered 1..N; N is bounded to keep names short. */
#define LC_LOGFILE_FILES_MAX 100

enum lc_log_stream
{
  LC_LOG_STDOUT,
  LC_LOG_STDERR
};

struct lc_logfile
{
  char *path;
  int fd;
  unsigned long long size;
  unsigned long long max_size;      /* 0 = never rotate */
  unsigned max_files;               /* rotated files kept; 0 = truncate */
  unsigned long long dropped[2];    /* not yet reported */
  unsigned long long dropped_total; /* since open */
  char *line[2];                    /* unfinished line per stream */
  size_t line_len[2];
  long long (*now) (void); /* ns since the epoch; NULL = real */
};

/* Open (append, create 0600, never following a symlink) the log at an
 * absolute path.  -EINVAL for a relative path or too many files. */
int lc_logfile_open (struct lc_logfile *lf, const char *path,
                     unsigned long long max_size, unsigned max_files,
                     struct lc_err *err);
/* Write every buffered unfinished line (as F) and close. */
void lc_logfile_close (struct lc_logfile *lf);

/* Feed bytes read from a stream.  Never fails: what cannot be written is
 * counted and reported by a marker record once writing works again. */
void lc_logfile_feed (struct lc_logfile *lf, enum lc_log_stream s,
                      const char *data, size_t len);
/* Write the stream's unfinished line now: as P (more may follow), or as F
 * when eof (the stream ended). */
void lc_logfile_flush (struct lc_logfile *lf, enum lc_log_stream s, bool eof);
/* True when the stream holds an unfinished line. */
bool lc_logfile_pending (const struct lc_logfile *lf, enum lc_log_stream s);

/* ---- records --------------------------------------------------------- */

struct lc_log_record
{
  long long ns; /* timestamp, ns since the epoch */
  enum lc_log_stream stream;
  bool partial;
  const char *ts; /* the timestamp text as written */
  size_t ts_len;
  const char *msg; /* without the newline */
  size_t msg_len;
};

/* Format ns since the epoch as RFC 3339 with nanoseconds, UTC ("Z"). */
void lc_logfile_timestamp (char *buf, size_t size, long long ns);

/* Parse one line (without its newline); -EINVAL if it is not a record.
 * ret points into line. */
int lc_logfile_parse (const char *line, size_t len, struct lc_log_record *ret);

/* RFC 3339 ("2026-11-22T08:00:00Z", fraction and +hh:mm allowed), Unix
 * seconds ("1700000000.5"), or a duration before now ("10m", "1h30m") to
 * ns since the epoch (now_ns <= 0: the current time).  -EINVAL. */
int lc_logfile_parse_time (const char *s, long long now_ns, long long *ret);

/* A positive duration as Go's time.ParseDuration reads it (runc's flags
 * take those): numbers with an optional fraction, each with a unit of ns,
 * us (or µs), ms, s, m, h, and here also d ("1h30m", "1.5s", ".5h",
 * "300ms", "+2m"), to ns.  A bare number ("30", "1.5") is seconds.
 * -EINVAL (a sign '-', a missing or unknown unit, no digits), -ERANGE past
 * LLONG_MAX ns. */
int lc_logfile_parse_duration (const char *s, long long *ret);

/* "1048576", "512k", "10M", "1G" (binary units) to bytes.  -EINVAL. */
int lc_logfile_parse_size (const char *s, unsigned long long *ret);

/* ---- reading --------------------------------------------------------- */

struct lc_logread_opts
{
  long long tail;     /* last N lines (F records); -1 = all */
  long long since_ns; /* records at or after; 0 = all */
  bool follow;        /* wait for more, across rotations */
  int until_fd;       /* with follow: stop once this fd (a pidfd) is
                         readable and everything written is read; -1 =
                         follow until the callback fails */
};

/* Called for each record; a negative return stops reading and is
 * returned. */
typedef int (*lc_log_emit_fn) (void *data, const struct lc_log_record *rec);

/* Read path.N .. path.1, path (oldest first) and then follow.  -ENOENT
 * "log 'path' does not exist" when there is no file at all. */
int lc_logfile_read (const char *path, const struct lc_logread_opts *o,
                     lc_log_emit_fn emit, void *data, struct lc_err *err);

#endif
