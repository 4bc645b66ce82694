/* log.c - append log lines to the --log file. */
#include "log.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static int log_fd = -1;
static bool log_json;
static bool log_debug;

static void (*log_sink) (enum lc_log_level, const char *);

void
lc_log_set_sink (void (*sink) (enum lc_log_level level, const char *msg))
{
  log_sink = sink;
}

static const char *const level_names[]
    = { "error", "warning", "info", "debug" };

int
lc_log_open (const char *path, bool json, bool debug, struct lc_err *err)
{
  log_json = json;
  log_debug = debug;
  if (!path || !*path)
    return 0;
  log_fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
                 0600);
  if (log_fd < 0)
    return lc_err_set (err, errno, "open log file '%s'", path);
  return 0;
}

void
lc_log_close (void)
{
  log_fd = lc_close (log_fd);
}

void
lc_log_timestamp (char *buf, unsigned long size)
{
  struct timespec ts;
  struct tm tm;
  char base[32];

  (void) clock_gettime (CLOCK_REALTIME, &ts);
  (void) gmtime_r (&ts.tv_sec, &tm);
  if (strftime (base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
    base[0] = '\0';
  snprintf (buf, size, "%s.%09ldZ", base, ts.tv_nsec);
}

void
lc_log (enum lc_log_level level, const char *fmt, ...)
{
  char msg[LC_ERR_MSG_MAX];
  char when[64];
  char *line = NULL;
  va_list ap;
  int saved = errno;

  if (level == LC_LOG_DEBUG && !log_debug)
    return;
  va_start (ap, fmt);
  if (vsnprintf (msg, sizeof msg, fmt, ap) < 0)
    msg[0] = '\0';
  va_end (ap);
  if (log_sink && level <= LC_LOG_WARN)
    log_sink (level, msg);
  if (log_fd < 0)
    return;
  lc_log_timestamp (when, sizeof when);
  if (log_json)
    {
      json_t *o = json_pack ("{s:s, s:s, s:s}", "level", level_names[level],
                             "msg", msg, "time", when);
      if (o)
        {
          char *s = json_dumps (o, JSON_COMPACT);
          if (s)
            line = lc_xasprintf ("%s\n", s);
          free (s);
          json_decref (o);
        }
    }
  else
    line = lc_xasprintf ("%s %s: %s\n", when, level_names[level], msg);
  if (line)
    (void) lc_write_all (log_fd, line, strlen (line));
  free (line);
  errno = saved;
}
