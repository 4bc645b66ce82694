/* console.h - pty for process.terminal, handed to --console-socket. */
#ifndef LC_CONSOLE_H
#define LC_CONSOLE_H

#include <stdbool.h>

#include "error.h"

/* Connect to the Unix socket at path (SOCK_STREAM, O_CLOEXEC). */
int lc_console_connect (const char *path, struct lc_err *err);

/* In the container after pivot_root: open /dev/pts/ptmx, send the master
 * over socket_fd with SCM_RIGHTS, make the slave the controlling terminal
 * and fds 0-2, bind it onto /dev/console when mount_console. */
int lc_console_setup (int socket_fd, bool mount_console, unsigned height,
                      unsigned width, struct lc_err *err);

/* Send one fd over a Unix socket with SCM_RIGHTS, with a short payload. */
int lc_send_fd (int sock, int fd, const char *payload, struct lc_err *err);
/* Receive one fd sent by lc_send_fd. */
int lc_recv_fd (int sock, struct lc_err *err);

#endif
