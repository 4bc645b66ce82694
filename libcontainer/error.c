/* error.c - bounded error messages. */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int __attribute__ ((format (printf, 4, 0)))
set_va (struct lc_err *err, int code, int with_errno, const char *fmt,
        va_list ap)
{
  if (code <= 0)
    code = EINVAL;
  if (err)
    {
      int n;
      err->code = code;
      n = vsnprintf (err->msg, sizeof err->msg, fmt, ap);
      if (n < 0)
        err->msg[0] = '\0';
      else if (with_errno && (size_t) n < sizeof err->msg)
        snprintf (err->msg + n, sizeof err->msg - (size_t) n, ": %s",
                  strerror (code));
    }
  return -code;
}

int
lc_err_set (struct lc_err *err, int code, const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start (ap, fmt);
  r = set_va (err, code, 1, fmt, ap);
  va_end (ap);
  return r;
}

int
lc_err_setx (struct lc_err *err, int code, const char *fmt, ...)
{
  va_list ap;
  int r;
  va_start (ap, fmt);
  r = set_va (err, code, 0, fmt, ap);
  va_end (ap);
  return r;
}

void
lc_err_prefix (struct lc_err *err, const char *fmt, ...)
{
  char prefix[LC_ERR_MSG_MAX];
  char old[LC_ERR_MSG_MAX];
  va_list ap;

  if (!err)
    return;
  va_start (ap, fmt);
  if (vsnprintf (prefix, sizeof prefix, fmt, ap) < 0)
    prefix[0] = '\0';
  va_end (ap);
  memcpy (old, err->msg, sizeof old);
  old[sizeof old - 1] = '\0';
  if (old[0])
    snprintf (err->msg, sizeof err->msg, "%s: %s", prefix, old);
  else
    snprintf (err->msg, sizeof err->msg, "%s", prefix);
}

void
lc_err_clear (struct lc_err *err)
{
  if (err)
    {
      err->code = 0;
      err->msg[0] = '\0';
    }
}
