/* recvtty.c - minimal --console-socket receiver for the integration tests.
 *
 * recvtty SOCKET [OUTFILE]
 * Listens on the unix socket SOCKET, accepts one connection, receives the
 * pty master sent with SCM_RIGHTS, then copies everything the container
 * writes to the terminal to OUTFILE (default stdout) until the pty closes.
 * Exits 0 when the terminal hangs up, 1 on errors, and gives up after 60 s. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int
die (const char *what)
{
  fprintf (stderr, "recvtty: %s: %s\n", what, strerror (errno));
  return 1;
}

static int
recv_fd (int conn)
{
  char name[256];
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = name, .iov_len = sizeof name };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
  struct cmsghdr *c;
  int fd;

  if (recvmsg (conn, &msg, MSG_CMSG_CLOEXEC) < 0)
    return -1;
  c = CMSG_FIRSTHDR (&msg);
  if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS
      || c->cmsg_len != CMSG_LEN (sizeof (int)))
    {
      errno = EBADMSG;
      return -1;
    }
  memcpy (&fd, CMSG_DATA (c), sizeof fd);
  return fd;
}

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[4096];
  ssize_t n;
  int sock, conn, master, out = STDOUT_FILENO;

  if (argc < 2 || argc > 3 || strlen (argv[1]) >= sizeof addr.sun_path)
    {
      fprintf (stderr, "usage: recvtty SOCKET [OUTFILE]\n");
      return 2;
    }
  alarm (60);
  if (argc == 3)
    {
      out = open (argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
      if (out < 0)
        return die (argv[2]);
    }
  strcpy (addr.sun_path, argv[1]);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    return die ("socket");
  if (bind (sock, (struct sockaddr *) &addr, sizeof addr) < 0
      || listen (sock, 1) < 0)
    return die (argv[1]);
  conn = accept4 (sock, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0)
    return die ("accept");
  master = recv_fd (conn);
  if (master < 0)
    return die ("recvmsg");
  close (conn);
  close (sock);
  while ((n = read (master, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0 && write (out, buf, (size_t) n) != n)
      return die ("write");
  /* EIO is how a pty master reports that every slave fd is closed. */
  if (n < 0 && errno != EIO)
    return die ("read");
  return 0;
}
