/* supervise.h - the per-container supervisor of `hull run -d --supervise`:
 * a small process of its own (double fork, new session, child subreaper)
 * that is the container's parent, writes its stdout/stderr to a CRI log,
 * restarts it by policy with exponential backoff, runs health checks, and
 * stops it on `hull stop`.  Its record is <state dir>/supervisor.json. */
#ifndef LC_SUPERVISE_H
#define LC_SUPERVISE_H

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "error.h"
#include "health.h"

enum lc_restart_policy
{
  LC_RESTART_NO,
  LC_RESTART_ON_FAILURE,
  LC_RESTART_ALWAYS,
  LC_RESTART_UNLESS_STOPPED
};

struct lc_restart
{
  enum lc_restart_policy policy;
  unsigned max; /* on-failure:MAX; 0 = no limit */
};

/* "no", "on-failure[:MAX]", "always", "unless-stopped"; -EINVAL. */
int lc_restart_parse (const char *s, struct lc_restart *ret,
                      struct lc_err *err);
const char *lc_restart_name (enum lc_restart_policy p);

/* Should the container be started again?  exit_code as `run` reports it,
 * restarts done so far, stopped = `hull stop`/`delete -f` asked for the
 * end, unhealthy = the health check gave up on it. */
bool lc_restart_wanted (const struct lc_restart *r, int exit_code,
                        unsigned restarts, bool stopped, bool unhealthy);

/* Backoff before restart attempt n (0 = the first after a good run):
 * 500 ms doubling, capped at 5 minutes. */
unsigned long long lc_restart_delay_ms (unsigned attempt);
#define LC_RESTART_RESET_MS (10ULL * 60 * 1000)
#define LC_RESTART_MAX_DELAY_MS (5ULL * 60 * 1000)
/* The attempt number after a run of up_ms: reset after 10 minutes up. */
unsigned lc_restart_next_attempt (unsigned attempt, unsigned long long up_ms);

#define LC_SUPERVISE_DEFAULT_LOG_SIZE (10ULL << 20)
#define LC_SUPERVISE_DEFAULT_LOG_FILES 2
#define LC_SUPERVISE_LOG_NAME "container.log"

struct lc_supervise_opts
{
  struct lc_restart restart;
  const char *log_path;            /* NULL = <state dir>/container.log */
  unsigned long long log_max_size; /* 0 = no rotation */
  unsigned log_max_files;
  struct lc_health_opts health;
};

void lc_supervise_opts_init (struct lc_supervise_opts *so);

/* run -d --supervise: start a supervisor that creates and starts the
 * container, and return once it runs (or with the error that stopped it).
 * The container's stdout/stderr go to the log; stdin is /dev/null. */
int lc_supervise_run (const struct lc_context *ctx,
                      const struct lc_create_opts *o,
                      const struct lc_supervise_opts *so, struct lc_err *err);

/* What supervisor.json says, for `list` (all zero when not supervised). */
struct lc_supervise_info
{
  bool present; /* the container has (had) a supervisor */
  bool alive;   /* its supervisor process runs */
  pid_t pid;
  unsigned restarts;
  bool has_exit;
  int last_exit;        /* 128+N for a signal */
  char *last_exit_time; /* RFC 3339, or NULL */
  enum lc_health_status health;
  bool poststop_done; /* the supervisor ran the poststop hooks */
  char *log_path;
  unsigned long long log_dropped;
};

/* Fill the supervisor fields of a `list` entry from the state dir. */
void lc_supervise_list_fill (int dirfd, struct lc_list_entry *e);

int lc_supervise_info_read (int dirfd, struct lc_supervise_info *ret,
                            struct lc_err *err);
void lc_supervise_info_clear (struct lc_supervise_info *i);

/* stop: the stop signal (annotation org.opencontainers.image.stopSignal,
 * else SIGTERM), SIGKILL after timeout_s, no more restarts; returns when
 * the container (and its supervisor, which runs the poststop hooks) is
 * gone.  Works on unsupervised containers too.  -ESRCH when not running
 * and not supervised. */
int lc_container_stop (const struct lc_context *ctx, const char *id,
                       unsigned timeout_s, struct lc_err *err);

/* For delete --force: if a live supervisor owns the container, make it
 * stop the container for good (SIGKILL at once) and wait for it.  0 when
 * there is none. */
int lc_supervise_stop_for_delete (const struct lc_context *ctx, const char *id,
                                  struct lc_err *err);

struct lc_logread_opts;
struct lc_log_record;
/* logs: replay (and follow until the supervisor exits) the container's
 * log.  -ENOENT when the container has no log. */
int lc_container_logs (const struct lc_context *ctx, const char *id,
                       const struct lc_logread_opts *o,
                       int (*emit) (void *data,
                                    const struct lc_log_record *rec),
                       void *data, struct lc_err *err);

#endif
