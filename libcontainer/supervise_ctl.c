/* supervise_ctl.c - the supervisor seen from outside: restart policy and
 * backoff, supervisor.json, stop, delete --force, logs. */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "logfile.h"
#include "signals.h"
#include "state.h"
#include "supervise_int.h"
#include "util.h"
#include "validate.h"

/* ---- policy ------------------------------------------------------------ */

static const char *const policy_names[] = {
  [LC_RESTART_NO] = "no",
  [LC_RESTART_ON_FAILURE] = "on-failure",
  [LC_RESTART_ALWAYS] = "always",
  [LC_RESTART_UNLESS_STOPPED] = "unless-stopped",
};

const char *
lc_restart_name (enum lc_restart_policy p)
{
  return policy_names[p];
}

int
lc_restart_parse (const char *s, struct lc_restart *ret, struct lc_err *err)
{
  struct lc_restart r = { LC_RESTART_NO, 0 };
  const char *colon = strchr (s, ':');
  size_t len = colon ? (size_t) (colon - s) : strlen (s);
  bool found = false;

  for (int i = 0; i <= LC_RESTART_UNLESS_STOPPED; i++)
    if (strlen (policy_names[i]) == len && !strncmp (s, policy_names[i], len))
      {
        r.policy = (enum lc_restart_policy) i;
        found = true;
      }
  if (found && colon)
    {
      unsigned long long max;
      if (r.policy != LC_RESTART_ON_FAILURE
          || lc_parse_u64 (colon + 1, &max) < 0 || max > 1000000)
        found = false;
      else
        r.max = (unsigned) max;
    }
  if (!found)
    return lc_err_setx (err, EINVAL,
                        "--restart '%s': expected no, on-failure[:MAX], "
                        "always or unless-stopped",
                        s);
  *ret = r;
  return 0;
}

bool
lc_restart_wanted (const struct lc_restart *r, int exit_code,
                   unsigned restarts, bool stopped, bool unhealthy)
{
  if (stopped)
    return false;
  switch (r->policy)
    {
    case LC_RESTART_NO:
      return false;
    case LC_RESTART_ON_FAILURE:
      return (exit_code != 0 || unhealthy) && (!r->max || restarts < r->max);
    case LC_RESTART_ALWAYS:
    case LC_RESTART_UNLESS_STOPPED:
      return true;
    }
  return false;
}

unsigned long long
lc_restart_delay_ms (unsigned attempt)
{
  if (attempt >= 10)
    return LC_RESTART_MAX_DELAY_MS;
  unsigned long long d = 500ULL << attempt;
  return d > LC_RESTART_MAX_DELAY_MS ? LC_RESTART_MAX_DELAY_MS : d;
}

unsigned
lc_restart_next_attempt (unsigned attempt, unsigned long long up_ms)
{
  return up_ms >= LC_RESTART_RESET_MS ? 0 : attempt;
}

void
lc_supervise_opts_init (struct lc_supervise_opts *so)
{
  memset (so, 0, sizeof *so);
  so->log_max_size = LC_SUPERVISE_DEFAULT_LOG_SIZE;
  so->log_max_files = LC_SUPERVISE_DEFAULT_LOG_FILES;
}

/* ---- supervisor.json ------------------------------------------------- */

int
lc_sup_record_write (int dirfd, const struct lc_sup_record *rec,
                     struct lc_err *err)
{
  json_t *o = json_pack (
      "{s:I, s:I, s:s, s:s, s:I, s:o, s:o, s:s, s:I, s:b, s:b, s:s, s:I}",
      "pid", (json_int_t) rec->pid, "start_time", (json_int_t) rec->start_time,
      "started", rec->started, "policy", lc_restart_name (rec->policy),
      "restarts", (json_int_t) rec->restarts, "last_exit_code",
      rec->has_exit ? json_integer (rec->last_exit) : json_null (),
      "last_exit_time",
      rec->has_exit ? json_string (rec->last_exit_time) : json_null (),
      "health", lc_health_name (rec->health), "health_failures",
      (json_int_t) rec->health_failures, "stopping", rec->stopping,
      "poststop_done", rec->poststop_done, "log_path", rec->log_path,
      "log_dropped_bytes", (json_int_t) rec->log_dropped);
  cleanup_close int fd = -1;
  char *s;
  int r;

  if (!o)
    return lc_err_setx (err, ENOMEM, "encode supervisor.json");
  s = json_dumps (o, JSON_COMPACT);
  json_decref (o);
  if (!s)
    return lc_err_setx (err, ENOMEM, "encode supervisor.json");
  fd = openat (dirfd, LC_SUP_FILE ".tmp",
               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  r = fd < 0 ? -errno : lc_write_all (fd, s, strlen (s));
  free (s);
  if (r >= 0 && renameat (dirfd, LC_SUP_FILE ".tmp", dirfd, LC_SUP_FILE) < 0)
    r = -errno;
  if (r < 0)
    {
      (void) unlinkat (dirfd, LC_SUP_FILE ".tmp", 0);
      return lc_err_set (err, -r, "write supervisor.json");
    }
  return 0;
}

static bool
process_matches (pid_t pid, unsigned long long start_time)
{
  unsigned long long now;
  char path[64], buf[256];
  cleanup_close int fd = -1;
  ssize_t n;
  char *p;

  if (pid <= 0 || lc_proc_start_time (pid, &now) < 0 || now != start_time)
    return false;
  /* A zombie supervisor is gone for our purposes. */
  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || (n = lc_read_all (fd, buf, sizeof buf - 1)) <= 0)
    return false;
  buf[n] = '\0';
  p = strrchr (buf, ')');
  return p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
}

int
lc_supervise_info_read (int dirfd, struct lc_supervise_info *ret,
                        struct lc_err *err)
{
  cleanup_free char *buf = NULL;
  struct lc_supervise_info i;
  json_t *o, *v;
  json_error_t je;
  json_int_t pid = 0, st = 0, restarts = 0, dropped = 0;
  size_t len;
  int r;

  memset (ret, 0, sizeof *ret);
  r = lc_read_file_at (dirfd, LC_SUP_FILE, 1 << 16, &buf, &len, NULL);
  if (r == -ENOENT)
    return 0;
  if (r < 0)
    return lc_err_set (err, -r, "read supervisor.json");
  o = json_loadb (buf, len, 0, &je);
  if (!o)
    return lc_err_setx (err, EINVAL, "supervisor.json: %s", je.text);
  memset (&i, 0, sizeof i);
  i.present = true;
  (void) json_unpack (o, "{s?I, s?I, s?I, s?I, s?b}", "pid", &pid,
                      "start_time", &st, "restarts", &restarts,
                      "log_dropped_bytes", &dropped, "poststop_done",
                      &i.poststop_done);
  i.pid = (pid_t) pid;
  i.restarts = (unsigned) restarts;
  i.log_dropped = (unsigned long long) dropped;
  i.alive = process_matches (i.pid, (unsigned long long) st);
  v = json_object_get (o, "last_exit_code");
  if (json_is_integer (v))
    {
      i.has_exit = true;
      i.last_exit = (int) json_integer_value (v);
    }
  v = json_object_get (o, "last_exit_time");
  if (json_is_string (v))
    i.last_exit_time = lc_xstrdup (json_string_value (v));
  v = json_object_get (o, "log_path");
  if (json_is_string (v))
    i.log_path = lc_xstrdup (json_string_value (v));
  i.health = lc_health_from_name (
      json_string_value (json_object_get (o, "health")));
  /* A health state is only current while someone checks it. */
  json_decref (o);
  *ret = i;
  return 0;
}

void
lc_supervise_info_clear (struct lc_supervise_info *i)
{
  free (i->last_exit_time);
  free (i->log_path);
  memset (i, 0, sizeof *i);
}

/* The container's supervisor.json: in its state dir, or in the side dir
 * it stays in while the supervisor recreates the container. */
static int
find_info (const struct lc_context *ctx, const char *id,
           struct lc_supervise_info *ret, struct lc_err *err)
{
  cleanup_close int rootfd = -1;
  cleanup_free char *side = lc_xasprintf (".%s" LC_SUP_SIDE_SUFFIX, id);
  int r = lc_validate_id (id, err);
  if (r < 0)
    return r;
  memset (ret, 0, sizeof *ret);
  rootfd = open (ctx->root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (rootfd < 0)
    return errno == ENOENT ? 0
                           : lc_err_set (err, errno, "open '%s'", ctx->root);
  for (int k = 0; k < 2 && !ret->present; k++)
    {
      cleanup_close int dfd
          = openat (rootfd, k ? side : id,
                    O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
      if (dfd < 0)
        continue;
      r = lc_supervise_info_read (dfd, ret, err);
      if (r < 0)
        return r;
    }
  return 0;
}

/* ---- stop ------------------------------------------------------------ */

static int
wait_pidfd (int pidfd, long long timeout_ms)
{
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  int r;
  do
    r = poll (&p, 1, (int) timeout_ms);
  while (r < 0 && errno == EINTR);
  return r > 0 ? 0 : -ETIMEDOUT;
}

/* Ask the supervisor: SIGTERM carrying the timeout and flags. */
static int
signal_supervisor (const struct lc_supervise_info *i, unsigned timeout_s,
                   bool for_delete, struct lc_err *err)
{
  cleanup_close int pidfd = (int) syscall (SYS_pidfd_open, i->pid, 0);
  siginfo_t si;
  if (pidfd < 0)
    return errno == ESRCH ? 0 : lc_err_set (err, errno, "open supervisor");
  memset (&si, 0, sizeof si);
  si.si_signo = SIGTERM;
  si.si_code = SI_QUEUE;
  si.si_pid = getpid ();
  si.si_uid = getuid ();
  si.si_value.sival_int = (int) ((timeout_s & LC_SUP_STOP_TIMEOUT_MASK)
                                 | (for_delete ? LC_SUP_STOP_FOR_DELETE : 0));
  if (syscall (SYS_pidfd_send_signal, pidfd, SIGTERM, &si, 0) < 0)
    return errno == ESRCH ? 0 : lc_err_set (err, errno, "signal supervisor");
  /* The supervisor escalates to SIGKILL itself; give it time for that
   * and for the poststop hooks. */
  if (wait_pidfd (pidfd, (long long) timeout_s * 1000 + 30000) < 0)
    return lc_err_setx (err, ETIMEDOUT,
                        "supervisor %d did not finish stopping the "
                        "container",
                        (int) i->pid);
  return 0;
}

static int
stop_signal_of (const struct lc_state *st)
{
  for (size_t k = 0; st->annotation_keys && st->annotation_keys[k]; k++)
    if (!strcmp (st->annotation_keys[k], LC_STOP_SIGNAL_ANNOTATION))
      {
        int sig = lc_signal_parse (st->annotation_values[k]);
        if (sig > 0)
          return sig;
      }
  return SIGTERM;
}

int
lc_sup_stop_signal (const struct lc_context *ctx, const char *id)
{
  struct lc_opened op;
  int sig;
  if (lc_container_open (ctx, id, false, &op, NULL) < 0)
    return SIGTERM;
  sig = stop_signal_of (&op.st);
  lc_opened_close (&op);
  return sig;
}

/* No supervisor: signal, wait, SIGKILL everything, wait. */
static int
stop_direct (const struct lc_context *ctx, const char *id, unsigned timeout_s,
             bool supervised, struct lc_err *err)
{
  struct lc_opened op;
  cleanup_close int pidfd = -1;
  int sig, r;

  r = lc_container_open (ctx, id, false, &op, err);
  if (r < 0)
    return r;
  if (op.status == LC_STATUS_STOPPED)
    {
      lc_opened_close (&op);
      return supervised ? 0
                        : lc_err_setx (err, ESRCH,
                                       "container '%s' is not running", id);
    }
  sig = stop_signal_of (&op.st);
  pidfd = lc_state_pidfd (&op.st, err);
  lc_opened_close (&op);
  /* Only ESRCH means it exited meanwhile; any other failure leaves a
   * running container we could not signal. */
  if (pidfd == -ESRCH)
    {
      lc_err_clear (err);
      return 0;
    }
  if (pidfd < 0)
    return pidfd;
  if (syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0
      && errno != ESRCH)
    return lc_err_set (err, errno, "signal container '%s'", id);
  if (timeout_s > 0 && wait_pidfd (pidfd, (long long) timeout_s * 1000) == 0)
    return 0;
  r = lc_container_kill (ctx, id, SIGKILL, true, NULL);
  if (r < 0 && wait_pidfd (pidfd, 0) == 0)
    return 0;
  if (wait_pidfd (pidfd, 10000) < 0)
    return lc_err_setx (err, ETIMEDOUT,
                        "container '%s' did not exit after SIGKILL", id);
  return 0;
}

int
lc_container_stop (const struct lc_context *ctx, const char *id,
                   unsigned timeout_s, struct lc_err *err)
{
  struct lc_supervise_info i;
  int r = find_info (ctx, id, &i, err);
  if (r < 0)
    return r;
  if (i.alive && i.pid != getpid ())
    r = signal_supervisor (&i, timeout_s, false, err);
  else
    r = stop_direct (ctx, id, timeout_s, i.present, err);
  lc_supervise_info_clear (&i);
  return r;
}

int
lc_supervise_stop_for_delete (const struct lc_context *ctx, const char *id,
                              struct lc_err *err)
{
  struct lc_supervise_info i;
  int r = find_info (ctx, id, &i, err);
  if (r < 0)
    return r;
  if (i.alive && i.pid != getpid ())
    r = signal_supervisor (&i, 0, true, err);
  lc_supervise_info_clear (&i);
  return r;
}

/* ---- logs ------------------------------------------------------------ */

int
lc_container_logs (const struct lc_context *ctx, const char *id,
                   const struct lc_logread_opts *o,
                   int (*emit) (void *data, const struct lc_log_record *rec),
                   void *data, struct lc_err *err)
{
  struct lc_supervise_info i;
  struct lc_logread_opts ro = *o;
  cleanup_close int pidfd = -1;
  int r = find_info (ctx, id, &i, err);
  if (r < 0)
    return r;
  if (!i.present || !i.log_path)
    {
      struct lc_opened op;
      lc_supervise_info_clear (&i);
      r = lc_container_open (ctx, id, false, &op, err);
      if (r < 0)
        return r;
      lc_opened_close (&op);
      return lc_err_setx (err, ENOENT,
                          "container '%s' has no log: it was not started "
                          "with --supervise",
                          id);
    }
  ro.until_fd = -1;
  if (ro.follow)
    {
      if (i.alive)
        pidfd = (int) syscall (SYS_pidfd_open, i.pid, 0);
      /* Nobody writes any more: print what there is and stop. */
      if (pidfd < 0)
        ro.follow = false;
      ro.until_fd = pidfd;
    }
  r = lc_logfile_read (i.log_path, &ro, emit, data, err);
  lc_supervise_info_clear (&i);
  return r;
}

/* ---- list ------------------------------------------------------------ */

void
lc_supervise_list_fill (int dirfd, struct lc_list_entry *e)
{
  struct lc_supervise_info i;
  e->health = lc_health_name (LC_HEALTH_NONE);
  if (lc_supervise_info_read (dirfd, &i, NULL) < 0 || !i.present)
    return;
  e->supervised = true;
  e->supervisor_alive = i.alive;
  e->restarts = i.restarts;
  e->has_exit = i.has_exit;
  e->last_exit = i.last_exit;
  e->last_exit_time = TAKE_PTR (i.last_exit_time);
  /* Health is only current while the supervisor checks it. */
  if (i.alive)
    e->health = lc_health_name (i.health);
  lc_supervise_info_clear (&i);
}
