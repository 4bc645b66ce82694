/* supervise_int.h - shared by supervise.c and supervise_ctl.c only. */
#ifndef LC_SUPERVISE_INT_H
#define LC_SUPERVISE_INT_H

#include "supervise.h"

#define LC_SUP_FILE "supervisor.json"
/* <root>/.<id>.sup holds supervisor.json (and a default log) while the
 * supervisor deletes and recreates the container; ids never start with
 * '.', and listings skip dot names. */
#define LC_SUP_SIDE_SUFFIX ".sup"
/* The stop request: SIGTERM via sigqueue, value = timeout | flags. */
#define LC_SUP_STOP_TIMEOUT_MASK 0x3fffffff
#define LC_SUP_STOP_FOR_DELETE 0x40000000
#define LC_STOP_SIGNAL_ANNOTATION "org.opencontainers.image.stopSignal"

struct lc_sup_record
{
  pid_t pid;
  unsigned long long start_time;
  const char *started;
  enum lc_restart_policy policy;
  unsigned restarts;
  bool has_exit;
  int last_exit;
  const char *last_exit_time;
  enum lc_health_status health;
  unsigned health_failures;
  bool stopping;
  bool poststop_done;
  const char *log_path;
  unsigned long long log_dropped;
};

/* Atomic write (temp file + rename) of supervisor.json into dirfd. */
int lc_sup_record_write (int dirfd, const struct lc_sup_record *rec,
                         struct lc_err *err);
/* The container's stop signal (annotation, else SIGTERM). */
int lc_sup_stop_signal (const struct lc_context *ctx, const char *id);

#endif
