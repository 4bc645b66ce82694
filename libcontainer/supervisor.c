/* supervisor.c - `run` in the foreground: wait for the init, forward
 * signals to it, proxy a terminal, then delete. */
#include "container.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"
#include "util.h"

struct tty_saved
{
  bool active;
  struct termios tio;
};

static void
tty_raw (struct tty_saved *s)
{
  struct termios raw;
  if (!isatty (STDIN_FILENO) || tcgetattr (STDIN_FILENO, &s->tio) < 0)
    return;
  raw = s->tio;
  cfmakeraw (&raw);
  raw.c_oflag |= OPOST; /* keep \n -> \r\n for our own output */
  if (tcsetattr (STDIN_FILENO, TCSANOW, &raw) == 0)
    s->active = true;
}

static void
tty_restore (struct tty_saved *s)
{
  if (s->active)
    (void) tcsetattr (STDIN_FILENO, TCSANOW, &s->tio);
}

static void
copy_winsize (int master)
{
  struct winsize ws;
  if (master >= 0 && ioctl (STDIN_FILENO, TIOCGWINSZ, &ws) == 0)
    (void) ioctl (master, TIOCSWINSZ, &ws);
}

/* Copy what is readable from 'from' to 'to'; false at EOF or error. */
static bool
pump (int from, int to)
{
  char buf[8192];
  ssize_t n = read (from, buf, sizeof buf);
  if (n <= 0)
    return n < 0 && (errno == EINTR || errno == EAGAIN);
  return lc_write_all (to, buf, (size_t) n) >= 0;
}

static int
exit_code (int status)
{
  if (WIFEXITED (status))
    return WEXITSTATUS (status);
  if (WIFSIGNALED (status))
    return 128 + WTERMSIG (status);
  return 255;
}

/* The main loop: signals go to the init, the pty is proxied, SIGCHLD
 * reaps; returns when the init has exited. */
int
lc_supervise_wait (pid_t pid, int sfd, int master, int *ret_exit,
                   struct lc_err *err)
{
  bool in_open = master >= 0, out_open = master >= 0;
  for (;;)
    {
      struct pollfd p[3]
          = { { .fd = sfd, .events = POLLIN },
              { .fd = in_open ? STDIN_FILENO : -1, .events = POLLIN },
              { .fd = out_open ? master : -1, .events = POLLIN } };
      int status;
      pid_t w;

      if (poll (p, 3, -1) < 0 && errno != EINTR)
        return lc_err_set (err, errno, "poll");
      if (p[1].revents && !pump (STDIN_FILENO, master))
        in_open = false;
      if (p[2].revents && !pump (master, STDOUT_FILENO))
        out_open = false;
      if (p[0].revents & POLLIN)
        {
          struct signalfd_siginfo si;
          if (read (sfd, &si, sizeof si) == (ssize_t) sizeof si)
            {
              if (si.ssi_signo == SIGWINCH)
                copy_winsize (master);
              else if (si.ssi_signo != SIGCHLD)
                (void) kill (pid, (int) si.ssi_signo);
            }
        }
      /* Reap every child: the init, and orphans we are subreaper of. */
      while ((w = waitpid (-1, &status, WNOHANG)) > 0)
        if (w == pid)
          {
            while (out_open && pump (master, STDOUT_FILENO))
              {
                struct pollfd q = { .fd = master, .events = POLLIN };
                if (poll (&q, 1, 0) <= 0)
                  break;
              }
            *ret_exit = exit_code (status);
            return 0;
          }
    }
}

int
lc_supervise_signals (void *old_sigset, struct lc_err *err)
{
  sigset_t all;
  int sfd;
  sigfillset (&all);
  sigdelset (&all, SIGSEGV);
  sigdelset (&all, SIGBUS);
  sigdelset (&all, SIGFPE);
  sigdelset (&all, SIGILL);
  if (sigprocmask (SIG_BLOCK, &all, (sigset_t *) old_sigset) < 0)
    return lc_err_set (err, errno, "sigprocmask");
  sfd = signalfd (-1, &all, SFD_CLOEXEC | SFD_NONBLOCK);
  if (sfd < 0)
    return lc_err_set (err, errno, "signalfd");
  return sfd;
}

int
lc_container_run (const struct lc_context *ctx, const struct lc_create_opts *o,
                  bool detach, bool keep, int *ret_exit, struct lc_err *err)
{
  struct lc_create_opts co = *o;
  struct tty_saved tty = { 0 };
  cleanup_close int sfd = -1;
  cleanup_close int master = -1;
  int sv[2] = { -1, -1 };
  sigset_t old;
  bool created = false, poststart = false;
  pid_t pid;
  int r;

  *ret_exit = 0;
  if (!detach && !o->console_socket)
    {
      /* A terminal without a console socket: receive the pty ourselves. */
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return lc_err_set (err, errno, "socketpair");
      co.console_fd = sv[1];
    }
  if (!detach)
    {
      (void) prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
      sfd = r = lc_supervise_signals (&old, err);
      if (r < 0)
        goto out;
    }
  /* create and start in one: no exec fifo to wait on, no second look-up
   * of the state; only poststart hooks need the container again. */
  r = lc_container_create_started (ctx, &co, &pid, &poststart, err);
  if (r < 0)
    goto out;
  created = true;
  sv[1] = lc_close (sv[1]);
  if (sv[0] >= 0)
    {
      struct pollfd p = { .fd = sv[0], .events = POLLIN };
      if (poll (&p, 1, 0) > 0)
        master = lc_recv_fd (sv[0], NULL);
    }
  if (poststart)
    r = lc_container_poststart (ctx, o->id, err);
  if (r < 0 || detach)
    goto out;
  if (master >= 0)
    {
      copy_winsize (master);
      tty_raw (&tty);
    }
  r = lc_supervise_wait (pid, sfd, master, ret_exit, err);
  tty_restore (&tty);
out:
  lc_close (sv[0]);
  lc_close (sv[1]);
  if (created && (r < 0 || (!detach && !keep)))
    {
      struct lc_err derr;
      lc_err_clear (&derr);
      (void) lc_container_delete_spec (ctx, o->id, o->spec, &derr);
    }
  if (sfd >= 0)
    (void) sigprocmask (SIG_SETMASK, &old, NULL);
  return r;
}
