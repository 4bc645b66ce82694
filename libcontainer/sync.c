/* sync.c - framed request/ack messages between hull's stages. */
#include "sync.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

static const char *const type_names[] = {
  [LC_SYNC_ERROR] = "ERROR",
  [LC_SYNC_MAP_REQ] = "MAP_REQ",
  [LC_SYNC_MAP_DONE] = "MAP_DONE",
  [LC_SYNC_INIT_PID] = "INIT_PID",
  [LC_SYNC_HOOKS_DONE] = "HOOKS_DONE",
  [LC_SYNC_READY] = "READY",
  [LC_SYNC_GO] = "GO",
};

const char *
lc_sync_type_name (uint32_t type)
{
  if (type < sizeof type_names / sizeof type_names[0] && type_names[type])
    return type_names[type];
  return "unknown";
}

int
lc_sync_send (int fd, enum lc_sync_type type, int32_t value, const char *text,
              struct lc_err *err)
{
  struct lc_sync_msg m;
  ssize_t n;
  size_t len = offsetof (struct lc_sync_msg, text);

  memset (&m, 0, sizeof m);
  m.type = type;
  m.value = value;
  if (text)
    {
      size_t tl = strnlen (text, sizeof m.text - 1);
      memcpy (m.text, text, tl);
      len += tl + 1;
    }
  do
    n = send (fd, &m, len, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return lc_err_set (err, errno, "send %s", lc_sync_type_name (type));
  return 0;
}

int
lc_sync_expect (int fd, enum lc_sync_type expect, int32_t *ret_value,
                struct lc_err *err)
{
  return lc_sync_expect_text (fd, expect, ret_value, NULL, 0, err);
}

int
lc_sync_expect_text (int fd, enum lc_sync_type expect, int32_t *ret_value,
                     char *text, size_t size, struct lc_err *err)
{
  struct lc_sync_msg m;
  ssize_t n;

  memset (&m, 0, sizeof m);
  do
    n = recv (fd, &m, sizeof m, 0);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return lc_err_set (err, errno, "waiting for %s",
                       lc_sync_type_name (expect));
  if (n == 0)
    return lc_err_setx (err, EPIPE, "container setup exited before %s",
                        lc_sync_type_name (expect));
  if ((size_t) n < offsetof (struct lc_sync_msg, text))
    return lc_err_setx (err, EPROTO, "short sync message");
  m.text[sizeof m.text - 1] = '\0';
  if (m.type == LC_SYNC_ERROR)
    return lc_err_setx (err, m.value > 0 ? m.value : EIO, "%s", m.text);
  if (m.type != (uint32_t) expect)
    return lc_err_setx (err, EPROTO, "expected %s, got %s",
                        lc_sync_type_name (expect),
                        lc_sync_type_name (m.type));
  if (ret_value)
    *ret_value = m.value;
  if (text && size)
    snprintf (text, size, "%s", m.text);
  return 0;
}

void
lc_sync_send_error (int fd, const struct lc_err *err)
{
  int code = err && err->code > 0 ? err->code : EIO;
  (void) lc_sync_send (fd, LC_SYNC_ERROR, code,
                       err && err->msg[0] ? err->msg : "unknown error", NULL);
}
