/* console.c - pty for process.terminal, handed to --console-socket.
 *
 * The pty is allocated inside the container (after pivot_root) so it comes
 * from the container's devpts instance; the master goes to whoever listens
 * on the console socket, the slave becomes the process's stdio. */
#include "console.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <termios.h>
#include <unistd.h>

#include "util.h"

#define FD_PAYLOAD_MAX 4096

int
lc_console_connect (const char *path, struct lc_err *err)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  cleanup_close int fd = -1;
  size_t len = strlen (path);

  if (len == 0 || len >= sizeof addr.sun_path)
    return lc_err_setx (err, ENAMETOOLONG,
                        "console socket path '%s' is empty or longer than "
                        "%zu bytes",
                        path, sizeof addr.sun_path - 1);
  memcpy (addr.sun_path, path, len + 1);
  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    return lc_err_set (err, errno, "socket");
  while (connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    if (errno != EINTR)
      return lc_err_set (err, errno, "connect to console socket '%s'", path);
  return TAKE_FD (fd);
}

int
lc_send_fd (int sock, int fd, const char *payload, struct lc_err *err)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } ctl;
  const char *data = payload && *payload ? payload : "\0";
  size_t len = payload && *payload ? strlen (payload) : 1;
  struct iovec iov = { .iov_base = (void *) data, .iov_len = len };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = ctl.buf,
                        .msg_controllen = sizeof ctl.buf };
  struct cmsghdr *c;
  ssize_t n;

  if (len > FD_PAYLOAD_MAX)
    return lc_err_setx (err, EMSGSIZE, "fd payload longer than %d bytes",
                        FD_PAYLOAD_MAX);
  memset (&ctl, 0, sizeof ctl);
  c = CMSG_FIRSTHDR (&msg);
  c->cmsg_level = SOL_SOCKET;
  c->cmsg_type = SCM_RIGHTS;
  c->cmsg_len = CMSG_LEN (sizeof (int));
  memcpy (CMSG_DATA (c), &fd, sizeof (int));
  do
    n = sendmsg (sock, &msg, MSG_NOSIGNAL);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return lc_err_set (err, errno, "send fd");
  if ((size_t) n != len)
    return lc_err_setx (err, EIO, "send fd: short write");
  return 0;
}

/* Close every fd a cmsg carried; used when the message is not what we
 * expected so nothing leaks into this process. */
static void
close_cmsg_fds (struct msghdr *msg)
{
  for (struct cmsghdr *c = CMSG_FIRSTHDR (msg); c; c = CMSG_NXTHDR (msg, c))
    if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_RIGHTS)
      {
        size_t n = (c->cmsg_len - CMSG_LEN (0)) / sizeof (int);
        for (size_t i = 0; i < n; i++)
          {
            int fd;
            memcpy (&fd, CMSG_DATA (c) + i * sizeof (int), sizeof fd);
            (void) lc_close (fd);
          }
      }
}

int
lc_recv_fd (int sock, struct lc_err *err)
{
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } ctl;
  char data[FD_PAYLOAD_MAX];
  struct iovec iov = { .iov_base = data, .iov_len = sizeof data };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = ctl.buf,
                        .msg_controllen = sizeof ctl.buf };
  struct cmsghdr *c;
  ssize_t n;
  int fd;

  memset (&ctl, 0, sizeof ctl);
  do
    n = recvmsg (sock, &msg, MSG_CMSG_CLOEXEC);
  while (n < 0 && errno == EINTR);
  if (n < 0)
    return lc_err_set (err, errno, "receive fd");
  c = CMSG_FIRSTHDR (&msg);
  if (n == 0 || !c || (msg.msg_flags & MSG_CTRUNC)
      || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS
      || c->cmsg_len != CMSG_LEN (sizeof (int)))
    {
      close_cmsg_fds (&msg);
      return lc_err_setx (err, EBADMSG,
                          "receive fd: message carries no single fd");
    }
  memcpy (&fd, CMSG_DATA (c), sizeof fd);
  return fd;
}

/* Open the slave side: TIOCGPTPEER avoids a path lookup; older kernels
 * get ptsname_r. */
static int
open_slave (int master, const char *pts, struct lc_err *err)
{
  int fd = ioctl (master, TIOCGPTPEER, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd >= 0)
    return fd;
  if (errno != EINVAL && errno != ENOTTY)
    return lc_err_set (err, errno, "TIOCGPTPEER");
  fd = open (pts, O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return lc_err_set (err, errno, "open '%s'", pts);
  return fd;
}

/* Bind the slave onto /dev/console; the target is opened O_NOFOLLOW (and
 * created if missing) so a symlink in the image cannot redirect it. */
static int
bind_console (int slave, struct lc_err *err)
{
  cleanup_close int target = -1;
  char src[64], dst[64];

  target = open ("/dev/console", O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (target < 0 && errno == ENOENT)
    target = open ("/dev/console",
                   O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (target < 0)
    return lc_err_set (err, errno, "open '/dev/console'");
  snprintf (src, sizeof src, "/proc/self/fd/%d", slave);
  snprintf (dst, sizeof dst, "/proc/self/fd/%d", target);
  if (mount (src, dst, NULL, MS_BIND, NULL) < 0)
    return lc_err_set (err, errno, "bind the terminal onto '/dev/console'");
  return 0;
}

static int
make_stdio (int slave, struct lc_err *err)
{
  if (ioctl (slave, TIOCSCTTY, 0) < 0)
    return lc_err_set (err, errno, "make the terminal the controlling tty");
  for (int i = 0; i <= 2; i++)
    {
      if (slave != i && dup2 (slave, i) < 0)
        return lc_err_set (err, errno, "dup2 terminal to %d", i);
      /* dup2 clears close-on-exec, but not on the slave itself. */
      if (slave == i && fcntl (i, F_SETFD, 0) < 0)
        return lc_err_set (err, errno, "fcntl terminal");
    }
  return 0;
}

int
lc_console_setup (int socket_fd, bool mount_console, unsigned height,
                  unsigned width, struct lc_err *err)
{
  cleanup_close int master = -1;
  cleanup_close int slave = -1;
  char pts[64];
  int r;

  master = open ("/dev/pts/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC);
  if (master < 0)
    return lc_err_set (err, errno, "open '/dev/pts/ptmx'");
  if (unlockpt (master) < 0)
    return lc_err_set (err, errno, "unlockpt");
  if ((r = ptsname_r (master, pts, sizeof pts)) != 0)
    return lc_err_set (err, r, "ptsname");
  slave = open_slave (master, pts, err);
  if (slave < 0)
    return slave;
  if (height || width)
    {
      struct winsize ws = { .ws_row = (unsigned short) height,
                            .ws_col = (unsigned short) width };
      if (ioctl (slave, TIOCSWINSZ, &ws) < 0)
        return lc_err_set (err, errno, "set terminal size");
    }
  r = lc_send_fd (socket_fd, master, pts, err);
  if (r < 0)
    {
      lc_err_prefix (err, "console socket");
      return r;
    }
  lc_closep (&master); /* the socket's peer holds it now */
  if ((r = make_stdio (slave, err)) < 0)
    return r;
  if (mount_console && (r = bind_console (slave, err)) < 0)
    return r;
  if (slave <= 2)
    (void) TAKE_FD (slave); /* it is one of the stdio fds now */
  return 0;
}
