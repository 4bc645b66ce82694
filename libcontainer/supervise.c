/* supervise.c - the supervisor process of `hull run -d --supervise`.
 *
 *   hull --fork--> [middle] setsid --fork--> [supervisor] exits at once
 *   hull waits for the middle, then reads "started" or an error from the
 *   ready pipe; the supervisor, a child subreaper in its own session, is
 *   the container's parent:
 *
 *     fds 1, 2 = pipes -> lc_container_create/start -> poll loop:
 *       pipes   -> CRI log (lc_logfile)
 *       SIGCHLD -> exit code -> restart with backoff, or finish
 *       SIGTERM -> stop: stop signal, SIGKILL after the timeout
 *       timers  -> health check, restart, SIGKILL, partial-line flush
 *     finish: poststop hooks, supervisor.json, exit
 *
 * A restart deletes the container and creates it again from its bundle;
 * supervisor.json (and a log kept in the state dir) wait in <root>/.<id>.sup
 * meanwhile. */
#include "supervise.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hooks.h"
#include "log.h"
#include "logfile.h"
#include "memtrim.h"
#include "state.h"
#include "supervise_int.h"
#include "util.h"
#include "validate.h"

#define STOP_TIMEOUT_DEFAULT_S 10
#define UNHEALTHY_KILL_MS 10000
#define FLUSH_MS 1000
#define READS_PER_WAKE 16

struct sup
{
  const struct lc_context *ctx;
  struct lc_create_opts co;
  struct lc_supervise_opts so;
  const char *id;
  char *log_path;
  bool log_in_state; /* the default log: moves along at restarts */
  int rootfd;
  int sfd;
  int pipes[2]; /* read ends of the container's stdout and stderr */
  struct lc_logfile log;
  struct lc_health health;
  pid_t pid; /* the container's init; 0 while there is none */
  long long up_since;
  unsigned restarts;
  unsigned attempt;
  bool has_exit;
  int last_exit;
  char last_exit_time[64];
  char started[64];
  unsigned long long start_time;
  bool stopping, for_delete, unhealthy_kill, done, poststop_done;
  bool trim; /* set-up, a restart or a health check ran: lc_memtrim */
  long long restart_at, kill_at, flush_at; /* monotonic ms; 0 = unset */
};

struct ready_msg
{
  int32_t code;
  char msg[LC_ERR_MSG_MAX];
};

static long long
now_ms (void)
{
  struct timespec ts;
  (void) clock_gettime (CLOCK_MONOTONIC, &ts);
  return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *
side_name (const char *id)
{
  return lc_xasprintf (".%s" LC_SUP_SIDE_SUFFIX, id);
}

/* supervisor.json into the state dir, or the side dir while there is no
 * state dir. */
static void
save (struct sup *s)
{
  cleanup_free char *side = side_name (s->id);
  struct lc_sup_record rec = {
    .pid = getpid (),
    .start_time = s->start_time,
    .started = s->started,
    .policy = s->so.restart.policy,
    .restarts = s->restarts,
    .has_exit = s->has_exit,
    .last_exit = s->last_exit,
    .last_exit_time = s->last_exit_time,
    .health = s->health.status,
    .health_failures = s->health.failures,
    .stopping = s->stopping,
    .poststop_done = s->poststop_done,
    .log_path = s->log_path,
    .log_dropped = s->log.dropped_total,
  };
  cleanup_close int dfd = openat (
      s->rootfd, s->id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct lc_err err;
  if (dfd < 0)
    dfd = openat (s->rootfd, side,
                  O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  lc_err_clear (&err);
  if (dfd < 0 || lc_sup_record_write (dfd, &rec, &err) < 0)
    lc_log (LC_LOG_WARN, "supervisor '%s': %s", s->id,
            dfd < 0 ? "no state dir" : err.msg);
}

/* ---- signals around the calls that spawn processes ------------------- */

/* The supervisor keeps every signal blocked for its signalfd; children
 * would inherit that mask through execve.  So calls that spawn run with
 * signals unblocked, and a stop request meanwhile is noted here. */
static volatile sig_atomic_t pending_stop;
static volatile sig_atomic_t pending_value;

static void
note_stop (int sig, siginfo_t *si, void *uc)
{
  (void) uc;
  if (sig == SIGHUP)
    return;
  pending_value = si->si_code == SI_QUEUE ? si->si_value.sival_int : -1;
  pending_stop = 1;
}

static int
unblocked (int (*f) (struct sup *, struct lc_err *), struct sup *s,
           struct lc_err *err)
{
  struct sigaction sa, old[3];
  static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };
  sigset_t none, all;
  int r;

  memset (&sa, 0, sizeof sa);
  sa.sa_sigaction = note_stop;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigfillset (&sa.sa_mask);
  for (int i = 0; i < 3; i++)
    (void) sigaction (sigs[i], &sa, &old[i]);
  sigemptyset (&none);
  (void) sigprocmask (SIG_SETMASK, &none, &all);
  r = f (s, err);
  (void) sigprocmask (SIG_SETMASK, &all, NULL);
  for (int i = 0; i < 3; i++)
    (void) sigaction (sigs[i], &old[i], NULL);
  return r;
}

/* ---- the container --------------------------------------------------- */

static int
create_and_start (struct sup *s, struct lc_err *err)
{
  pid_t pid;
  int r = lc_container_create (s->ctx, &s->co, &pid, err);
  if (r < 0)
    return r;
  r = lc_container_start (s->ctx, s->id, err);
  if (r < 0)
    {
      struct lc_err derr;
      lc_err_clear (&derr);
      (void) lc_container_delete (s->ctx, s->id, true, &derr);
      while (waitpid (pid, NULL, WNOHANG) < 0 && errno == EINTR)
        ;
      return r;
    }
  s->pid = pid;
  return 0;
}

static int
start_container (struct sup *s, struct lc_err *err)
{
  int r = unblocked (create_and_start, s, err);
  if (r < 0)
    return r;
  s->up_since = now_ms ();
  lc_health_reset (&s->health, s->up_since);
  return 0;
}

static void
kill_container (struct sup *s, int sig)
{
  struct lc_err err;
  lc_err_clear (&err);
  if (s->pid > 0
      && lc_container_kill (s->ctx, s->id, sig, sig == SIGKILL, &err) < 0
      && err.code != ESRCH)
    lc_log (LC_LOG_WARN, "supervisor '%s': %s", s->id, err.msg);
}

/* The stop signal now, SIGKILL at the deadline (at once for 0). */
static void
begin_stop (struct sup *s, unsigned timeout_s)
{
  long long deadline = now_ms () + (long long) timeout_s * 1000;
  if (s->pid <= 0)
    return;
  if (timeout_s == 0)
    {
      kill_container (s, SIGKILL);
      s->kill_at = now_ms () + 1000; /* again, for stragglers */
      return;
    }
  kill_container (s, lc_sup_stop_signal (s->ctx, s->id));
  if (!s->kill_at || deadline < s->kill_at)
    s->kill_at = deadline;
}

static void
stop_request (struct sup *s, int value)
{
  unsigned timeout = value < 0 ? STOP_TIMEOUT_DEFAULT_S
                               : (unsigned) (value & LC_SUP_STOP_TIMEOUT_MASK);
  if (value >= 0 && (value & LC_SUP_STOP_FOR_DELETE))
    {
      s->for_delete = true;
      timeout = 0;
    }
  s->stopping = true;
  s->restart_at = 0;
  if (s->pid > 0)
    begin_stop (s, timeout);
  else
    s->done = true;
  save (s);
}

/* ---- logs ------------------------------------------------------------ */

static void
read_stream (struct sup *s, int k)
{
  char buf[16384];
  for (int i = 0; i < READS_PER_WAKE; i++)
    {
      ssize_t n = read (s->pipes[k], buf, sizeof buf);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      lc_logfile_feed (&s->log, (enum lc_log_stream) k, buf, (size_t) n);
    }
  if (!s->flush_at && lc_logfile_pending (&s->log, (enum lc_log_stream) k))
    s->flush_at = now_ms () + FLUSH_MS;
}

/* Everything the container wrote before it exited (bounded: a process
 * left behind may keep writing). */
static void
drain (struct sup *s)
{
  for (int k = 0; k < 2; k++)
    {
      struct pollfd p = { .fd = s->pipes[k], .events = POLLIN };
      for (int i = 0; i < 64 && poll (&p, 1, 0) > 0 && (p.revents & POLLIN);
           i++)
        read_stream (s, k);
      lc_logfile_flush (&s->log, (enum lc_log_stream) k, true);
    }
  s->flush_at = 0;
}

/* ---- restart --------------------------------------------------------- */

static void
move_one (struct sup *s, const char *from, const char *to, const char *name)
{
  cleanup_free char *a = lc_xasprintf ("%s/%s", from, name);
  cleanup_free char *b = lc_xasprintf ("%s/%s", to, name);
  (void) renameat (s->rootfd, a, s->rootfd, b);
}

/* Our files in the state dir: they survive the delete in the side dir. */
static void
move_files (struct sup *s, const char *from, const char *to)
{
  move_one (s, from, to, LC_SUP_FILE);
  if (!s->log_in_state)
    return;
  move_one (s, from, to, LC_SUPERVISE_LOG_NAME);
  for (unsigned k = 1; k <= s->so.log_max_files; k++)
    {
      cleanup_free char *name = lc_xasprintf (LC_SUPERVISE_LOG_NAME ".%u", k);
      move_one (s, from, to, name);
    }
}

static void
remove_side (struct sup *s)
{
  cleanup_free char *side = side_name (s->id);
  (void) lc_state_remove_dir (s->rootfd, side, NULL);
}

static void
schedule_restart (struct sup *s)
{
  unsigned long long delay = lc_restart_delay_ms (s->attempt);
  if (s->attempt < UINT_MAX)
    s->attempt++;
  s->restart_at = now_ms () + (long long) delay;
  lc_log (LC_LOG_INFO, "supervisor '%s': restart in %llu ms", s->id, delay);
}

static void
note_exit (struct sup *s, int code)
{
  s->has_exit = true;
  s->last_exit = code;
  lc_log_timestamp (s->last_exit_time, sizeof s->last_exit_time);
}

static void
restart (struct sup *s)
{
  cleanup_free char *side = side_name (s->id);
  struct lc_err err;
  int r;

  s->restart_at = 0;
  lc_err_clear (&err);
  if (mkdirat (s->rootfd, side, 0700) < 0 && errno != EEXIST)
    lc_log (LC_LOG_WARN, "supervisor '%s': mkdir '%s': %s", s->id, side,
            strerror (errno));
  move_files (s, s->id, side);
  r = lc_container_delete (s->ctx, s->id, true, &err);
  if (r < 0 && r != -ENOENT)
    lc_log (LC_LOG_WARN, "supervisor '%s': %s", s->id, err.msg);
  s->restarts++;
  s->trim = true;
  lc_err_clear (&err);
  r = start_container (s, &err);
  if (r >= 0)
    {
      move_files (s, side, s->id);
      remove_side (s);
      save (s);
      return;
    }
  /* Could not even start: counts as a failed run. */
  lc_log (LC_LOG_WARN, "supervisor '%s': restart: %s", s->id, err.msg);
  note_exit (s, 127);
  if (!s->stopping && !pending_stop
      && lc_restart_wanted (&s->so.restart, 127, s->restarts, false, false))
    schedule_restart (s);
  else
    s->done = true;
  save (s);
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

static void
container_exited (struct sup *s, int status)
{
  long long up = now_ms () - s->up_since;
  bool unhealthy = s->unhealthy_kill;

  drain (s);
  note_exit (s, exit_code (status));
  s->pid = 0;
  s->kill_at = 0;
  s->unhealthy_kill = false;
  if (s->health.pid > 0)
    lc_health_timeout (&s->health);
  if (lc_restart_wanted (&s->so.restart, s->last_exit, s->restarts,
                         s->stopping, unhealthy))
    {
      s->attempt = lc_restart_next_attempt (
          s->attempt, up > 0 ? (unsigned long long) up : 0);
      schedule_restart (s);
    }
  else
    s->done = true;
  save (s);
}

/* ---- health ---------------------------------------------------------- */

static int
health_call (struct sup *s, struct lc_err *err)
{
  return lc_health_start (&s->health, s->ctx, s->id, now_ms (), err);
}

static void
health_changed (struct sup *s, enum lc_health_status before)
{
  if (s->health.status == before)
    return;
  save (s);
  if (s->health.status == LC_HEALTH_UNHEALTHY && !s->stopping
      && s->so.restart.policy != LC_RESTART_NO && s->pid > 0)
    {
      lc_log (LC_LOG_WARN, "supervisor '%s': unhealthy, restarting", s->id);
      s->unhealthy_kill = true;
      begin_stop (s, UNHEALTHY_KILL_MS / 1000);
    }
}

static void
health_tick (struct sup *s, long long now)
{
  struct lc_health *h = &s->health;
  enum lc_health_status before = h->status;
  struct lc_err err;

  if (h->status == LC_HEALTH_NONE || s->pid <= 0 || s->stopping)
    return;
  if (h->pid > 0)
    {
      if (now >= h->deadline_ms)
        lc_health_timeout (h);
      return;
    }
  if (now < h->next_ms)
    return;
  lc_err_clear (&err);
  if (unblocked (health_call, s, &err) < 0)
    {
      lc_log (LC_LOG_INFO, "supervisor '%s': health check: %s", s->id,
              err.msg);
      lc_health_result (h, false, now);
      health_changed (s, before);
    }
}

/* ---- the loop -------------------------------------------------------- */

static void
reap (struct sup *s)
{
  int status;
  pid_t w;
  while ((w = waitpid (-1, &status, WNOHANG)) > 0)
    {
      if (w == s->pid)
        container_exited (s, status);
      else if (w == s->health.pid)
        {
          enum lc_health_status before = s->health.status;
          lc_health_done (&s->health, status, now_ms ());
          health_changed (s, before);
          s->trim = true;
        }
    }
}

static void
handle_signals (struct sup *s)
{
  struct signalfd_siginfo si;
  while (read (s->sfd, &si, sizeof si) == (ssize_t) sizeof si)
    {
      if (si.ssi_signo == SIGCHLD)
        reap (s);
      else if (si.ssi_signo == SIGTERM || si.ssi_signo == SIGINT)
        stop_request (s, si.ssi_code == SI_QUEUE ? si.ssi_int : -1);
    }
  /* The init may have exited before the signalfd saw SIGCHLD. */
  reap (s);
}

static void
min_deadline (long long *t, long long v)
{
  if (v > 0 && (*t < 0 || v < *t))
    *t = v;
}

static int
next_timeout (struct sup *s, long long now)
{
  long long t = -1;
  min_deadline (&t, s->restart_at);
  min_deadline (&t, s->kill_at);
  min_deadline (&t, s->flush_at);
  if (s->health.status != LC_HEALTH_NONE && s->pid > 0 && !s->stopping)
    min_deadline (&t, s->health.pid > 0 ? s->health.deadline_ms
                                        : s->health.next_ms);
  if (t < 0)
    return -1;
  return t <= now ? 0 : (int) (t - now > INT_MAX ? INT_MAX : t - now);
}

static void
timers (struct sup *s)
{
  long long now = now_ms ();
  if (s->flush_at && now >= s->flush_at)
    {
      s->flush_at = 0;
      for (int k = 0; k < 2; k++)
        lc_logfile_flush (&s->log, (enum lc_log_stream) k, false);
    }
  if (s->kill_at && now >= s->kill_at)
    {
      s->kill_at = 0;
      kill_container (s, SIGKILL);
    }
  if (s->restart_at && now >= s->restart_at)
    restart (s);
  health_tick (s, now);
}

/* Idle again after a start or a health check: drop what it left resident
 * (lc_memtrim; the supervisor has a single thread). */
static void
trim (struct sup *s)
{
  struct lc_err err;

  s->trim = false;
  lc_err_clear (&err);
  if (lc_memtrim (&err) < 0)
    lc_log (LC_LOG_INFO, "supervisor '%s': %s", s->id, err.msg);
}

static void
loop (struct sup *s)
{
  while (!s->done)
    {
      if (s->trim)
        trim (s);
      struct pollfd p[3] = { { .fd = s->sfd, .events = POLLIN },
                             { .fd = s->pipes[0], .events = POLLIN },
                             { .fd = s->pipes[1], .events = POLLIN } };
      int r = poll (p, 3, next_timeout (s, now_ms ()));
      if (r < 0 && errno != EINTR)
        break;
      for (int k = 0; k < 2; k++)
        if (r > 0 && p[k + 1].revents)
          read_stream (s, k);
      if (r > 0 && p[0].revents)
        handle_signals (s);
      if (pending_stop)
        {
          pending_stop = 0;
          stop_request (s, pending_value);
        }
      if (!s->done)
        timers (s);
      /* A child that exited while spawning ran with signals unblocked
       * left no SIGCHLD in the signalfd: reap every round. */
      reap (s);
    }
}

/* The end: poststop hooks (unless delete runs them), last record. */
static void
finish (struct sup *s)
{
  struct lc_opened op;
  struct lc_spec *spec = NULL;
  drain (s);
  if (!s->for_delete
      && lc_container_open (s->ctx, s->id, false, &op, NULL) >= 0)
    {
      if (lc_container_load_spec (op.dirfd, &spec, NULL) >= 0)
        {
          struct lc_err herr;
          lc_err_clear (&herr);
          if (lc_hooks_run_state (spec, LC_HOOK_POSTSTOP, &op.st,
                                  LC_STATUS_STOPPED, &herr)
              < 0)
            lc_log (LC_LOG_WARN, "%s", herr.msg);
          lc_spec_free (spec);
        }
      lc_opened_close (&op);
      s->poststop_done = true;
    }
  save (s);
  /* No container left to show: a failed restart leaves only the side
   * dir. */
  if (faccessat (s->rootfd, s->id, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
    remove_side (s);
  lc_logfile_close (&s->log);
}

/* ---- setting up ------------------------------------------------------ */

/* stdin from /dev/null, stdout and stderr into pipes we read. */
static int
setup_stdio (struct sup *s, struct lc_err *err)
{
  cleanup_close int null = open ("/dev/null", O_RDWR | O_CLOEXEC);
  int fds[2][2];

  if (null < 0 || dup2 (null, STDIN_FILENO) < 0)
    return lc_err_set (err, errno, "open /dev/null");
  for (int k = 0; k < 2; k++)
    {
      if (pipe2 (fds[k], O_CLOEXEC) < 0)
        return lc_err_set (err, errno, "pipe");
      /* dup2 leaves the copy without O_CLOEXEC: the container's init
       * inherits fds 1 and 2 and nothing else of ours. */
      if (dup2 (fds[k][1], STDOUT_FILENO + k) < 0)
        return lc_err_set (err, errno, "dup2");
      lc_close (fds[k][1]);
      s->pipes[k] = fds[k][0];
      (void) fcntl (s->pipes[k], F_SETFL, O_NONBLOCK);
      /* Room for bursts; failure (a rootless pipe quota) is fine. */
      (void) fcntl (s->pipes[k], F_SETPIPE_SZ, 256 * 1024);
    }
  return 0;
}

static int
setup (struct sup *s, struct lc_err *err)
{
  sigset_t old;
  int r;

  (void) prctl (PR_SET_NAME, "hull-supervise", 0, 0, 0);
  if (prctl (PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) < 0)
    return lc_err_set (err, errno, "PR_SET_CHILD_SUBREAPER");
  if (chdir ("/") < 0)
    return lc_err_set (err, errno, "chdir /");
  lc_log_set_sink (NULL);
  /* Not the fds passed on with --preserve-fds: the container must not get
   * the rest, and a caller waiting for EOF must not wait for us. */
  lc_close_inherited (3 + s->co.preserve_fds);
  s->sfd = r = lc_supervise_signals (&old, err);
  if (r < 0)
    return r;
  s->rootfd = r = lc_state_open_root (s->ctx->root, err);
  if (r < 0)
    return r;
  r = setup_stdio (s, err);
  if (r < 0)
    return r;
  r = lc_proc_start_time (getpid (), &s->start_time);
  if (r < 0)
    return lc_err_set (err, -r, "read own start time");
  lc_log_timestamp (s->started, sizeof s->started);
  lc_health_init (&s->health, &s->so.health);
  return 0;
}

/* The first start: the state dir is new, the log goes next to it. */
static int
first_start (struct sup *s, struct lc_err *err)
{
  int r = start_container (s, err);
  if (r < 0)
    return r;
  r = lc_logfile_open (&s->log, s->log_path, s->so.log_max_size,
                       s->so.log_max_files, err);
  if (r < 0)
    {
      struct lc_err derr;
      lc_err_clear (&derr);
      kill_container (s, SIGKILL);
      (void) lc_container_delete (s->ctx, s->id, true, &derr);
      return r;
    }
  save (s);
  return 0;
}

static void __attribute__ ((noreturn))
supervisor_main (struct sup *s, int ready)
{
  struct ready_msg m;
  struct lc_err err;
  int r;

  lc_err_clear (&err);
  memset (&m, 0, sizeof m);
  s->log.fd = -1;
  r = setup (s, &err);
  if (r >= 0)
    r = first_start (s, &err);
  if (r < 0)
    {
      m.code = err.code ? err.code : EIO;
      snprintf (m.msg, sizeof m.msg, "%s", err.msg);
    }
  (void) lc_write_all (ready, &m, sizeof m);
  lc_close (ready);
  if (r < 0)
    _exit (1);
  s->trim = true;
  loop (s);
  finish (s);
  _exit (0);
}

static int
wait_ready (pid_t middle, int ready, struct lc_err *err)
{
  struct ready_msg m;
  ssize_t n;
  while (waitpid (middle, NULL, 0) < 0 && errno == EINTR)
    ;
  n = lc_read_all (ready, &m, sizeof m);
  if (n != (ssize_t) sizeof m)
    return lc_err_setx (err, EIO,
                        "the supervisor exited before the container "
                        "started");
  if (m.code != 0)
    {
      m.msg[sizeof m.msg - 1] = '\0';
      return lc_err_setx (err, m.code, "%s", m.msg);
    }
  return 0;
}

int
lc_supervise_run (const struct lc_context *ctx, const struct lc_create_opts *o,
                  const struct lc_supervise_opts *so, struct lc_err *err)
{
  struct sup s;
  cleanup_free char *bundle = NULL;
  cleanup_free char *log_path = NULL;
  int ready[2];
  pid_t middle;
  int r;

  r = lc_validate_id (o->id, err);
  if (r < 0)
    return r;
  r = lc_absolute_path (o->bundle ? o->bundle : ".", &bundle, err);
  if (r >= 0 && so->log_path)
    r = lc_absolute_path (so->log_path, &log_path, err);
  if (r < 0)
    return r;
  if (!log_path)
    log_path = lc_xasprintf ("%s/%s/" LC_SUPERVISE_LOG_NAME, ctx->root, o->id);
  memset (&s, 0, sizeof s);
  s.ctx = ctx;
  s.co = *o;
  s.co.bundle = bundle;
  s.so = *so;
  s.id = o->id;
  s.log_path = log_path;
  s.log_in_state = !so->log_path;
  s.rootfd = s.sfd = s.pipes[0] = s.pipes[1] = -1;
  if (pipe2 (ready, O_CLOEXEC) < 0)
    return lc_err_set (err, errno, "pipe");
  middle = fork ();
  if (middle < 0)
    {
      r = lc_err_set (err, errno, "fork");
      lc_close (ready[0]);
      lc_close (ready[1]);
      return r;
    }
  if (middle == 0)
    {
      lc_close (ready[0]);
      if (setsid () < 0)
        _exit (1);
      r = fork ();
      if (r == 0)
        supervisor_main (&s, ready[1]);
      _exit (r < 0 ? 1 : 0);
    }
  lc_close (ready[1]);
  r = wait_ready (middle, ready[0], err);
  lc_close (ready[0]);
  return r;
}
