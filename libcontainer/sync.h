/* sync.h - framed messages between hull and its container stages over a
 * SOCK_SEQPACKET socketpair.  Each request has a matching ack; a stage that
 * fails sends LC_SYNC_ERROR with (errno, text) instead of its next message,
 * and the receiver turns it into its own lc_err. */
#ifndef LC_SYNC_H
#define LC_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

enum lc_sync_type
{
  LC_SYNC_ERROR = 1,  /* any stage -> parent: value = errno, text = message */
  LC_SYNC_MAP_REQ,    /* inter -> parent: write my id maps */
  LC_SYNC_MAP_DONE,   /* parent -> inter: maps written */
  LC_SYNC_INIT_PID,   /* inter -> parent: value = init's pid */
  LC_SYNC_HOOKS_DONE, /* parent -> init: hooks ran */
  LC_SYNC_READY,      /* init -> parent: created, blocking on exec fifo */
  LC_SYNC_GO,         /* parent -> init: start when the fifo opens, or at
                         once (run) */
};

struct lc_sync_msg
{
  uint32_t type;
  int32_t value;
  char text[LC_ERR_MSG_MAX];
};

/* Send a message (text may be NULL). */
int lc_sync_send (int fd, enum lc_sync_type type, int32_t value,
                  const char *text, struct lc_err *err);

/* Receive the next message and require it to be 'expect'.  An ERROR
 * message becomes err (-errno returned); an unexpected type is -EPROTO;
 * EOF is -EPIPE ("stage exited").  *ret_value may be NULL. */
int lc_sync_expect (int fd, enum lc_sync_type expect, int32_t *ret_value,
                    struct lc_err *err);

/* Same, also copying the message text (bounded by size). */
int lc_sync_expect_text (int fd, enum lc_sync_type expect, int32_t *ret_value,
                         char *text, size_t size, struct lc_err *err);

/* Report err to the peer as LC_SYNC_ERROR (best effort). */
void lc_sync_send_error (int fd, const struct lc_err *err);

const char *lc_sync_type_name (uint32_t type);

#endif
