/* health.h - health checks of a supervised container: a command run
 * inside it (as `hull exec` would) every interval; after 'retries'
 * consecutive failures past the start period the container is unhealthy. */
#ifndef LC_HEALTH_H
#define LC_HEALTH_H

#include <stdbool.h>
#include <sys/types.h>

#include "container.h"
#include "error.h"

enum lc_health_status
{
  LC_HEALTH_NONE, /* no check configured */
  LC_HEALTH_STARTING,
  LC_HEALTH_HEALTHY,
  LC_HEALTH_UNHEALTHY
};

struct lc_health_opts
{
  const char *cmd; /* run with /bin/sh -c; NULL = no check */
  unsigned long long interval_ms;
  unsigned long long timeout_ms;
  unsigned long long start_period_ms;
  unsigned retries;
};

#define LC_HEALTH_DEFAULT_INTERVAL_MS 30000ULL
#define LC_HEALTH_DEFAULT_TIMEOUT_MS 30000ULL
#define LC_HEALTH_DEFAULT_RETRIES 3

struct lc_health
{
  struct lc_health_opts o;
  enum lc_health_status status;
  unsigned failures;     /* consecutive, counted ones */
  long long started_ms;  /* when the container (re)started */
  long long next_ms;     /* when the next check is due */
  pid_t pid;             /* the running check, or 0 */
  long long deadline_ms; /* its timeout */
};

const char *lc_health_name (enum lc_health_status s);
/* "starting" etc. back to the enum; LC_HEALTH_NONE for anything else. */
enum lc_health_status lc_health_from_name (const char *s);

/* Pure state machine (times in ms on any monotonic clock). */
void lc_health_init (struct lc_health *h, const struct lc_health_opts *o);
void lc_health_reset (struct lc_health *h, long long now_ms);
enum lc_health_status lc_health_result (struct lc_health *h, bool ok,
                                        long long now_ms);

/* Start the check in the running container 'id': a process that is our
 * child (waitpid it; the caller's SIGCHLD loop reaps it) with stdio on
 * /dev/null.  dirfd is the container's state dir (for the pid file). */
int lc_health_start (struct lc_health *h, const struct lc_context *ctx,
                     const char *id, long long now_ms, struct lc_err *err);
/* The check's process exited with wait status 'status'. */
enum lc_health_status lc_health_done (struct lc_health *h, int status,
                                      long long now_ms);
/* Past its deadline: kill it (SIGKILL); it is reaped as usual and counts
 * as a failure. */
void lc_health_timeout (struct lc_health *h);

#endif
