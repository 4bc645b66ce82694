/* error.c - bounded error messages. */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A message longer than the buffer keeps its head (the field) and its
 * tail (the cause) around "...": a huge value quoted in the middle (a
 * 1 MiB hostname, say) must not push the cause out.  UTF-8 sequences are
 * not cut. */
static void
store_elided (char *dst, size_t size, const char *msg, size_t len)
{
  size_t head, tail;
  const char *t;

  if (len < size)
    {
      memcpy (dst, msg, len + 1);
      return;
    }
  tail = (size - 4) / 2;
  head = size - 4 - tail;
  while (head > 0 && ((unsigned char) msg[head] & 0xC0) == 0x80)
    head--;
  for (t = msg + len - tail; ((unsigned char) *t & 0xC0) == 0x80; t++)
    tail--;
  memcpy (dst, msg, head);
  memcpy (dst + head, "...", 3);
  memcpy (dst + head + 3, t, tail + 1);
}

static int __attribute__ ((format (printf, 4, 0)))
set_va (struct lc_err *err, int code, int with_errno, const char *fmt,
        va_list ap)
{
  char *msg = NULL;
  va_list aq;
  int n;

  if (code <= 0)
    code = EINVAL;
  if (!err)
    return -code;
  err->code = code;
  va_copy (aq, ap);
  n = vasprintf (&msg, fmt, aq);
  va_end (aq);
  if (n < 0)
    msg = NULL; /* undefined after a failure */
  if (n >= 0 && with_errno)
    {
      char *full = NULL;
      int m = asprintf (&full, "%s: %s", msg, strerror (code));
      free (msg);
      msg = m < 0 ? NULL : full;
      n = m;
    }
  if (n >= 0)
    store_elided (err->msg, sizeof err->msg, msg, (size_t) n);
  else if (vsnprintf (err->msg, sizeof err->msg, fmt, ap) < 0)
    err->msg[0] = '\0'; /* out of memory: truncated */
  free (msg);
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
  char both[2 * LC_ERR_MSG_MAX + 2];
  va_list ap;
  int n;

  if (!err)
    return;
  va_start (ap, fmt);
  if (vsnprintf (prefix, sizeof prefix, fmt, ap) < 0)
    prefix[0] = '\0';
  va_end (ap);
  memcpy (old, err->msg, sizeof old);
  old[sizeof old - 1] = '\0';
  n = snprintf (both, sizeof both, "%s%s%s", prefix, old[0] ? ": " : "", old);
  if (n >= 0)
    store_elided (err->msg, sizeof err->msg, both,
                  (size_t) n < sizeof both ? (size_t) n : sizeof both - 1);
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
