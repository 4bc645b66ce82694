/* hooks.c - OCI hooks with the state on stdin and a timeout.
 *
 * Each hook runs as a direct child: the state goes down a pipe on its
 * stdin, its stderr comes back through another pipe (kept up to 4 KiB for
 * the error message), and its stdout is inherited.  A pidfd tells us when
 * it exits; poll on it, the two pipes and the deadline.  SIGPIPE is not an
 * issue: the stdin pipe is written non-blocking and with SIGPIPE blocked,
 * so a hook that exits without reading its stdin only gives us EPIPE. */
#include "hooks.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

#define HOOK_STDERR_MAX 4096
#define PIDFD_FALLBACK_TICK_MS 20

struct hook_run
{
  pid_t pid;
  int pidfd;
  int in_fd;  /* write end of the hook's stdin; -1 once closed */
  int err_fd; /* read end of the hook's stderr; -1 at EOF */
  const char *data;
  size_t data_left;
  char err_buf[HOOK_STDERR_MAX + 1];
  size_t err_len;
  bool reaped; /* status below is valid */
  int status;
};

static void
close_run (struct hook_run *h)
{
  h->in_fd = lc_close (h->in_fd);
  h->err_fd = lc_close (h->err_fd);
  h->pidfd = lc_close (h->pidfd);
}

static void
exec_hook (const struct lc_hook *hook, int in_fd, int err_fd)
{
  char *def_args[] = { hook->path, NULL };
  char *no_env[] = { NULL };
  sigset_t none;

  /* Whatever the runtime blocked or ignored must not leak into the hook. */
  sigemptyset (&none);
  (void) sigprocmask (SIG_SETMASK, &none, NULL);
  (void) signal (SIGPIPE, SIG_DFL);
  if (dup2 (in_fd, STDIN_FILENO) < 0 || dup2 (err_fd, STDERR_FILENO) < 0)
    _exit (126);
  execve (hook->path, hook->args ? hook->args : def_args,
          hook->env ? hook->env : no_env);
  dprintf (STDERR_FILENO, "exec '%s': %s\n", hook->path, strerror (errno));
  _exit (127);
}

static int
spawn_hook (const struct lc_hook *hook, struct hook_run *h, struct lc_err *err)
{
  int in[2], out[2];

  if (pipe2 (in, O_CLOEXEC) < 0)
    return lc_err_set (err, errno, "pipe");
  if (pipe2 (out, O_CLOEXEC) < 0)
    {
      int e = errno;
      (void) lc_close (in[0]);
      (void) lc_close (in[1]);
      return lc_err_set (err, e, "pipe");
    }
  h->pid = fork ();
  if (h->pid == 0)
    exec_hook (hook, in[0], out[1]);
  (void) lc_close (in[0]);
  (void) lc_close (out[1]);
  h->in_fd = in[1];
  h->err_fd = out[0];
  if (h->pid < 0)
    return lc_err_set (err, errno, "fork");
  if (fcntl (h->in_fd, F_SETFL, O_NONBLOCK) < 0
      || fcntl (h->err_fd, F_SETFL, O_NONBLOCK) < 0)
    return lc_err_set (err, errno, "set pipes non-blocking");
  /* Without pidfd_open (before Linux 5.3, or under valgrind) the loop
   * polls the child with WNOHANG instead. */
  h->pidfd = (int) syscall (SYS_pidfd_open, h->pid, 0);
  if (h->pidfd < 0 && errno != ENOSYS)
    return lc_err_set (err, errno, "pidfd_open");
  if (h->data_left == 0)
    h->in_fd = lc_close (h->in_fd);
  return 0;
}

static void
feed_stdin (struct hook_run *h)
{
  ssize_t n = write (h->in_fd, h->data, h->data_left);
  if (n < 0 && (errno == EAGAIN || errno == EINTR))
    return;
  if (n < 0)
    {
      /* EPIPE: the hook does not read its stdin, which is its business. */
      h->in_fd = lc_close (h->in_fd);
      return;
    }
  h->data += n;
  h->data_left -= (size_t) n;
  if (h->data_left == 0)
    h->in_fd = lc_close (h->in_fd);
}

static void
collect_stderr (struct hook_run *h)
{
  char sink[512];
  for (;;)
    {
      size_t room = HOOK_STDERR_MAX - h->err_len;
      ssize_t n = room ? read (h->err_fd, h->err_buf + h->err_len, room)
                       : read (h->err_fd, sink, sizeof sink);
      if (n < 0 && errno == EINTR)
        continue;
      if (n == 0 || (n < 0 && errno != EAGAIN))
        h->err_fd = lc_close (h->err_fd);
      if (n <= 0)
        return;
      if (room)
        h->err_len += (size_t) n;
    }
}

static long long
now_ms (void)
{
  struct timespec ts;
  (void) clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Wait for the hook to exit; 1 when it did, 0 on timeout. */
static int
supervise_hook (struct hook_run *h, int timeout_s, struct lc_err *err)
{
  long long deadline = timeout_s > 0 ? now_ms () + timeout_s * 1000LL : -1;

  for (;;)
    {
      struct pollfd p[3] = {
        { .fd = h->pidfd, .events = POLLIN },
        { .fd = h->in_fd, .events = POLLOUT },
        { .fd = h->err_fd, .events = POLLIN },
      };
      int wait_ms = -1, r;

      if (deadline >= 0)
        {
          long long left = deadline - now_ms ();
          if (left <= 0)
            return 0;
          wait_ms = left > 60000 ? 60000 : (int) left;
        }
      if (h->pidfd < 0)
        {
          pid_t w = waitpid (h->pid, &h->status, WNOHANG);
          if (w < 0 && errno != EINTR)
            return lc_err_set (err, errno, "wait");
          if (w == h->pid)
            {
              h->reaped = true;
              if (h->err_fd >= 0)
                collect_stderr (h);
              return 1;
            }
          if (wait_ms < 0 || wait_ms > PIDFD_FALLBACK_TICK_MS)
            wait_ms = PIDFD_FALLBACK_TICK_MS;
        }
      r = poll (p, 3, wait_ms);
      if (r < 0 && errno != EINTR)
        return lc_err_set (err, errno, "poll");
      if (r <= 0)
        continue;
      if (p[1].revents)
        feed_stdin (h);
      if (p[2].revents)
        collect_stderr (h);
      if (p[0].revents)
        {
          /* Pick up what is already in the pipe; a daemon the hook left
           * behind may keep it open, so do not wait for EOF. */
          if (h->err_fd >= 0)
            collect_stderr (h);
          return 1;
        }
    }
}

static int
reap (pid_t pid, int *ret_status)
{
  while (waitpid (pid, ret_status, 0) < 0)
    if (errno != EINTR)
      return -errno;
  return 0;
}

static int
report_status (const struct lc_hook *hook, const char *where, int status,
               struct hook_run *h, struct lc_err *err)
{
  char *line;

  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  h->err_buf[h->err_len] = '\0';
  line = h->err_buf;
  line += strspn (line, "\n");
  line[strcspn (line, "\n")] = '\0';
  if (WIFEXITED (status))
    return lc_err_setx (err, ECANCELED, "%s: '%s' exited with status %d%s%s",
                        where, hook->path, WEXITSTATUS (status),
                        line[0] ? ": " : "", line);
  return lc_err_setx (
      err, ECANCELED, "%s: '%s' killed by signal %d%s%s", where, hook->path,
      WIFSIGNALED (status) ? WTERMSIG (status) : 0, line[0] ? ": " : "", line);
}

static int
run_hook (const struct lc_hook *hook, const char *where,
          const char *state_json, struct lc_err *err)
{
  struct hook_run h = { .pid = -1, .pidfd = -1, .in_fd = -1, .err_fd = -1 };
  int status = 0, r;

  h.data = state_json ? state_json : "";
  h.data_left = strlen (h.data);
  r = spawn_hook (hook, &h, err);
  if (r >= 0)
    r = supervise_hook (&h, hook->timeout, err);
  if (r <= 0 && h.pid > 0)
    (void) kill (h.pid, SIGKILL); /* failed or timed out */
  close_run (&h);
  if (h.reaped)
    status = h.status;
  else if (h.pid > 0 && reap (h.pid, &status) < 0 && r > 0)
    return lc_err_set (err, errno, "%s: wait for '%s'", where, hook->path);
  if (r < 0)
    {
      lc_err_prefix (err, "%s: '%s'", where, hook->path);
      return r;
    }
  if (r == 0)
    return lc_err_setx (err, ECANCELED, "%s: '%s' timed out after %d s", where,
                        hook->path, hook->timeout);
  return report_status (hook, where, status, &h, err);
}

int
lc_hooks_run (const struct lc_spec *spec, enum lc_hook_kind kind,
              const char *state_json, struct lc_err *err)
{
  sigset_t pipe_set, old, pending;
  bool was_pending;
  int r = 0;

  if (kind < 0 || kind >= LC_HOOK_COUNT)
    return lc_err_setx (err, EINVAL, "invalid hook kind %d", (int) kind);
  if (!spec->n_hooks[kind])
    return 0;
  sigemptyset (&pipe_set);
  sigaddset (&pipe_set, SIGPIPE);
  if (sigprocmask (SIG_BLOCK, &pipe_set, &old) < 0)
    return lc_err_set (err, errno, "block SIGPIPE");
  /* Pending already, it was blocked by the caller (`run`, for its
   * signalfd): a signal for it to forward, not ours to consume. */
  was_pending = sigpending (&pending) == 0 && sigismember (&pending, SIGPIPE);
  for (size_t i = 0; i < spec->n_hooks[kind] && r >= 0; i++)
    {
      char where[64];
      snprintf (where, sizeof where, "hooks.%s[%zu]", lc_hook_name (kind), i);
      r = run_hook (&spec->hooks[kind][i], where, state_json, err);
    }
  /* Consume the SIGPIPE a hook that closed its stdin early raised, even
   * when the caller had SIGPIPE blocked already: `run` blocks every
   * signal for its signalfd, and would otherwise die of it when it
   * restores its mask (exit 141), or forward it to the container.  One
   * the caller had pending is put back (still blocked: it stays so). */
  {
    struct timespec zero = { 0, 0 };
    while (sigtimedwait (&pipe_set, NULL, &zero) == SIGPIPE)
      ;
    if (was_pending)
      (void) raise (SIGPIPE);
  }
  (void) sigprocmask (SIG_SETMASK, &old, NULL);
  return r;
}

int
lc_hooks_run_state (const struct lc_spec *spec, enum lc_hook_kind kind,
                    const struct lc_state *st, enum lc_status status,
                    struct lc_err *err)
{
  cleanup_free char *json = NULL;

  if (kind >= 0 && kind < LC_HOOK_COUNT && !spec->n_hooks[kind])
    return 0;
  json = lc_state_to_oci_json (st, status, false);
  return lc_hooks_run (spec, kind, json, err);
}
