/* log.h - the --log file: runc-style JSON lines ({"level","msg","time"})
 * or text lines, which engines read back after a failed call. */
#ifndef LC_LOG_H
#define LC_LOG_H

#include <stdbool.h>

#include "error.h"

enum lc_log_level
{
  LC_LOG_ERROR,
  LC_LOG_WARN,
  LC_LOG_INFO,
  LC_LOG_DEBUG
};

/* Open (append, create 0600) the log file; path NULL = no file.  json
 * selects the JSON line format; debug enables debug lines. */
int lc_log_open (const char *path, bool json, bool debug, struct lc_err *err);
void lc_log_close (void);

/* Append one line; silently does nothing without a log file. */
void lc_log (enum lc_log_level level, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

/* The CLI registers a sink to show warnings and errors on stderr. */
void lc_log_set_sink (void (*sink) (enum lc_log_level level, const char *msg));

/* Format the current time as RFC 3339 with nanoseconds into buf. */
void lc_log_timestamp (char *buf, unsigned long size);

#endif
