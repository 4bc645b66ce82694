/* recvtty.c - minimal --console-socket receiver for the integration tests.
 *
 * recvtty SOCKET [OUTFILE]
 * Listens on the unix socket SOCKET, accepts one connection, receives the
 * pty master sent with SCM_RIGHTS, then copies everything the container
 * writes to the terminal to OUTFILE (default stdout) until the pty closes.
 * Exits 0 when the terminal hangs up, 1 on errors, and gives up after 60 s.
 *
 * recvtty --seccomp SOCKET OUTFILE
 * The seccomp listener side: accepts one connection, receives the notify
 * fd and the process state sent with it, writes the state and then a line
 * "fd: <what the fd is>" to OUTFILE, and closes the fd (so notified
 * syscalls then fail with ENOSYS). */
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

static char payload[65536];
static size_t payload_len;

static int
recv_fd (int conn)
{
  char *name = payload;
  union
  {
    char buf[CMSG_SPACE (sizeof (int))];
    struct cmsghdr align;
  } u;
  struct iovec iov = { .iov_base = name, .iov_len = sizeof payload - 1 };
  struct msghdr msg = { .msg_iov = &iov,
                        .msg_iovlen = 1,
                        .msg_control = u.buf,
                        .msg_controllen = sizeof u.buf };
  struct cmsghdr *c;
  ssize_t got;
  int fd;

  got = recvmsg (conn, &msg, MSG_CMSG_CLOEXEC);
  if (got < 0)
    return -1;
  payload_len = (size_t) got;
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

/* --seccomp SOCKET OUTFILE */
static int
seccomp_listener (const char *path, const char *outfile)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char link[256], fdpath[64];
  ssize_t k;
  int sock, conn, fd;
  FILE *out;

  if (strlen (path) >= sizeof addr.sun_path)
    return 2;
  strcpy (addr.sun_path, path);
  sock = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (sock < 0 || bind (sock, (struct sockaddr *) &addr, sizeof addr) < 0
      || listen (sock, 1) < 0)
    return die (path);
  conn = accept4 (sock, NULL, NULL, SOCK_CLOEXEC);
  if (conn < 0)
    return die ("accept");
  fd = recv_fd (conn);
  if (fd < 0)
    return die ("recvmsg");
  snprintf (fdpath, sizeof fdpath, "/proc/self/fd/%d", fd);
  k = readlink (fdpath, link, sizeof link - 1);
  link[k > 0 ? k : 0] = '\0';
  out = fopen (outfile, "we");
  if (!out)
    return die (outfile);
  fprintf (out, "%.*s\nfd: %s\n", (int) payload_len, payload, link);
  fclose (out);
  close (fd);
  close (conn);
  close (sock);
  return 0;
}

int
main (int argc, char **argv)
{
  struct sockaddr_un addr = { .sun_family = AF_UNIX };
  char buf[4096];
  ssize_t n;
  int sock, conn, master, out = STDOUT_FILENO;

  if (argc == 4 && !strcmp (argv[1], "--seccomp"))
    {
      alarm (60);
      return seccomp_listener (argv[2], argv[3]);
    }
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
