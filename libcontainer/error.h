/* error.h - bounded error values passed up through every libcontainer call.
 *
 * Convention: functions return int, >= 0 on success and -errno on failure;
 * the last argument is a struct lc_err * that receives errno and a message.
 * Messages are lowercase, paths in quotes, config fields as JSON paths. */
#ifndef LC_ERROR_H
#define LC_ERROR_H

#include <stddef.h>

#define LC_ERR_MSG_MAX 1024

struct lc_err
{
  int code;                 /* positive errno; 0 when unset */
  char msg[LC_ERR_MSG_MAX]; /* NUL-terminated, truncated if too long */
};

/* Record errno 'code' with a printf-style message; the strerror text of
 * 'code' is appended (": No such file or directory").  Returns -code
 * (or -EINVAL if code <= 0) so callers can 'return lc_err_set (...)'. */
int lc_err_set (struct lc_err *err, int code, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Same, without the strerror suffix: for validation errors whose message
 * already says everything ("mounts[3].destination: must be absolute"). */
int lc_err_setx (struct lc_err *err, int code, const char *fmt, ...)
    __attribute__ ((format (printf, 3, 4)));

/* Prepend context: "<prefix>: <old message>".  Keeps err->code. */
void lc_err_prefix (struct lc_err *err, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

void lc_err_clear (struct lc_err *err);

#endif
