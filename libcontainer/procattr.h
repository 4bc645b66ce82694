/* procattr.h - per-process attributes set in the init before exec:
 * rlimits, oomScoreAdj, ioPriority, scheduler, personality, execCPUAffinity.
 */
#ifndef LC_PROCATTR_H
#define LC_PROCATTR_H

#include "error.h"
#include "spec.h"

/* RLIMIT_* name ("RLIMIT_NOFILE") to number; -EINVAL when unknown. */
int lc_rlimit_from_name (const char *name);
/* RLIMIT_NOFILE -> "RLIMIT_NOFILE" (static storage) or NULL. */
const char *lc_rlimit_name (int resource);

/* setrlimit for each process.rlimits entry.  Raising a hard limit needs
 * CAP_SYS_RESOURCE; the error then names process.rlimits[i]. */
int lc_procattr_rlimits (const struct lc_process *p, struct lc_err *err);

/* oom_score_adj, ioprio_set, sched_setattr, execCPUAffinity.initial. */
int lc_procattr_apply (const struct lc_process *p, struct lc_err *err);

/* personality(2) from linux.personality. */
int lc_procattr_personality (const struct lc_personality *p,
                             struct lc_err *err);

/* Parse a cpu list "0-3,7" into a cpu_set_t-compatible mask; pure. */
int lc_parse_cpu_list (const char *s, void *cpuset, size_t setsize,
                       struct lc_err *err);

#endif
