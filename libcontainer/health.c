/* health.c - health check state and the check process. */
#include "health.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

static const char *const health_names[] = {
  [LC_HEALTH_NONE] = "none",
  [LC_HEALTH_STARTING] = "starting",
  [LC_HEALTH_HEALTHY] = "healthy",
  [LC_HEALTH_UNHEALTHY] = "unhealthy",
};

const char *
lc_health_name (enum lc_health_status s)
{
  return s <= LC_HEALTH_UNHEALTHY ? health_names[s] : "none";
}

enum lc_health_status
lc_health_from_name (const char *s)
{
  for (int i = LC_HEALTH_STARTING; s && i <= LC_HEALTH_UNHEALTHY; i++)
    if (!strcmp (s, health_names[i]))
      return (enum lc_health_status) i;
  return LC_HEALTH_NONE;
}

void
lc_health_init (struct lc_health *h, const struct lc_health_opts *o)
{
  memset (h, 0, sizeof *h);
  h->o = *o;
  if (!h->o.interval_ms)
    h->o.interval_ms = LC_HEALTH_DEFAULT_INTERVAL_MS;
  if (!h->o.timeout_ms)
    h->o.timeout_ms = LC_HEALTH_DEFAULT_TIMEOUT_MS;
  if (!h->o.retries)
    h->o.retries = LC_HEALTH_DEFAULT_RETRIES;
  h->status = o->cmd ? LC_HEALTH_STARTING : LC_HEALTH_NONE;
}

void
lc_health_reset (struct lc_health *h, long long now_ms)
{
  if (!h->o.cmd)
    return;
  h->status = LC_HEALTH_STARTING;
  h->failures = 0;
  h->started_ms = now_ms;
  h->next_ms = now_ms + (long long) h->o.interval_ms;
  h->pid = 0;
}

enum lc_health_status
lc_health_result (struct lc_health *h, bool ok, long long now_ms)
{
  h->next_ms = now_ms + (long long) h->o.interval_ms;
  if (ok)
    {
      h->failures = 0;
      h->status = LC_HEALTH_HEALTHY;
      return h->status;
    }
  /* Failures while the service starts up do not count (but a success
   * there already makes it healthy). */
  if (now_ms < h->started_ms + (long long) h->o.start_period_ms)
    return h->status;
  if (++h->failures >= h->o.retries)
    h->status = LC_HEALTH_UNHEALTHY;
  return h->status;
}

/* Run f with /dev/null on fds 1 and 2, restoring them after. */
static int
with_quiet_stdio (int (*f) (void *), void *data, struct lc_err *err)
{
  cleanup_close int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  cleanup_close int out = fcntl (STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
  cleanup_close int errfd = fcntl (STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
  int r;

  if (null < 0 || out < 0 || errfd < 0)
    return lc_err_set (err, errno, "health check: redirect stdio");
  if (dup2 (null, STDOUT_FILENO) < 0 || dup2 (null, STDERR_FILENO) < 0)
    r = lc_err_set (err, errno, "health check: redirect stdio");
  else
    r = f (data);
  if (dup2 (out, STDOUT_FILENO) < 0 || dup2 (errfd, STDERR_FILENO) < 0)
    return lc_err_set (err, errno, "health check: restore stdio");
  return r;
}

struct exec_call
{
  const struct lc_context *ctx;
  struct lc_exec_opts eo;
  struct lc_err *err;
};

static int
call_exec (void *data)
{
  struct exec_call *c = data;
  int unused;
  return lc_container_exec (c->ctx, &c->eo, &unused, c->err);
}

static int
read_pid (const char *path, pid_t *ret)
{
  cleanup_free char *buf = NULL;
  long long v;
  size_t len;
  int r = lc_read_file_at (AT_FDCWD, path, 64, &buf, &len, NULL);
  if (r < 0)
    return r;
  if (lc_parse_i64 (buf, &v) < 0 || v <= 0)
    return -EINVAL;
  *ret = (pid_t) v;
  return 0;
}

int
lc_health_start (struct lc_health *h, const struct lc_context *ctx,
                 const char *id, long long now_ms, struct lc_err *err)
{
  cleanup_free char *pid_file
      = lc_xasprintf ("%s/%s/health.pid", ctx->root, id);
  char *args[]
      = { (char *) "/bin/sh", (char *) "-c", (char *) h->o.cmd, NULL };
  struct exec_call c = { .ctx = ctx, .err = err };
  pid_t pid;
  int r;

  /* Detached: the check process is our own child (the exec stages
   * clone it with CLONE_PARENT), so the supervisor's loop reaps it and a
   * timeout can kill it. */
  c.eo.id = id;
  c.eo.detach = true;
  c.eo.pid_file = pid_file;
  c.eo.args = args;
  h->deadline_ms = now_ms + (long long) h->o.timeout_ms;
  r = with_quiet_stdio (call_exec, &c, err);
  if (r < 0)
    return r;
  r = read_pid (pid_file, &pid);
  (void) unlink (pid_file);
  if (r < 0)
    return lc_err_set (err, -r, "health check: read its pid");
  h->pid = pid;
  return 0;
}

enum lc_health_status
lc_health_done (struct lc_health *h, int status, long long now_ms)
{
  h->pid = 0;
  return lc_health_result (h, WIFEXITED (status) && WEXITSTATUS (status) == 0,
                           now_ms);
}

void
lc_health_timeout (struct lc_health *h)
{
  if (h->pid > 0)
    (void) kill (h->pid, SIGKILL);
  /* Counted as a failure when it is reaped; no second kill meanwhile. */
  h->deadline_ms = (long long) 1 << 62;
}
