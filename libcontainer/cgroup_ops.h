/* cgroup_ops.h - the cgroup subcommands on an existing container: pause,
 * resume, update, events, ps.  Each opens the container's state (locked),
 * re-opens its cgroup from st.cgroup_path ("mount:path") and acts on it;
 * none of them prints: output goes through the caller's buffers or
 * callback. */
#ifndef LC_CGROUP_OPS_H
#define LC_CGROUP_OPS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "container.h"
#include "error.h"

/* pause: freeze a created or running container (cgroup.freeze, waiting for
 * cgroup.events "frozen 1").  -EINVAL "container 'x' is not running" when
 * stopped; -EOPNOTSUPP when it has no cgroup. */
int lc_container_pause (const struct lc_context *ctx, const char *id,
                        struct lc_err *err);
/* resume: thaw a paused container; -EINVAL "container 'x' is not paused". */
int lc_container_resume (const struct lc_context *ctx, const char *id,
                         struct lc_err *err);

/* update's flags (runc's): each has_* marks a given flag.  Sizes are
 * bytes, -1 = unlimited. */
struct lc_update_flags
{
  bool has_memory, has_memory_reservation, has_memory_swap;
  int64_t memory, memory_reservation, memory_swap;
  bool has_cpu_shares, has_cpu_period, has_cpu_quota;
  uint64_t cpu_shares, cpu_period;
  int64_t cpu_quota;
  const char *cpuset_cpus, *cpuset_mems; /* NULL = not given */
  bool has_pids_limit;
  int64_t pids_limit;
  bool has_blkio_weight;
  uint16_t blkio_weight;
};

/* update: apply a linux.resources JSON document (resources_json, may be
 * NULL) or the flags to a live container's cgroup; the two are exclusive
 * (-EINVAL when both are given). */
int lc_container_update (const struct lc_context *ctx, const char *id,
                         const char *resources_json,
                         const struct lc_update_flags *f, struct lc_err *err);

/* events: calls emit() with one JSON line per event ({"type":"stats",
 * "id":...,"data":{...}} and {"type":"oom","id":...}).  stats: one stats
 * event, then return.  Otherwise a stats event every interval_ms and an
 * oom event whenever memory.events oom_kill grows, until the container
 * stops or emit returns < 0. */
typedef int (*lc_event_fn) (void *data, const char *json_line);
int lc_container_events (const struct lc_context *ctx, const char *id,
                         bool stats, int interval_ms, lc_event_fn emit,
                         void *data, struct lc_err *err);

/* ps: the host pids of every process in the container's cgroup, sorted
 * (*ret malloc'd). */
int lc_container_ps (const struct lc_context *ctx, const char *id, pid_t **ret,
                     size_t *ret_n, struct lc_err *err);

/* ps --format table: runs ps(1) with ps_args (NULL = "-ef") and keeps the
 * header plus the lines whose PID column is one of pids; *ret_text is
 * malloc'd. */
int lc_ps_table (char *const *ps_args, const pid_t *pids, size_t n,
                 char **ret_text, struct lc_err *err);

#endif
