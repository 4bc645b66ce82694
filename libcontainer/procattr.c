/* procattr.c - per-process attributes set in the init before exec. */
#include "procattr.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

static const struct
{
  const char *name;
  int resource;
} rlimit_names[] = {
  { "RLIMIT_AS", RLIMIT_AS },
  { "RLIMIT_CORE", RLIMIT_CORE },
  { "RLIMIT_CPU", RLIMIT_CPU },
  { "RLIMIT_DATA", RLIMIT_DATA },
  { "RLIMIT_FSIZE", RLIMIT_FSIZE },
  { "RLIMIT_LOCKS", RLIMIT_LOCKS },
  { "RLIMIT_MEMLOCK", RLIMIT_MEMLOCK },
  { "RLIMIT_MSGQUEUE", RLIMIT_MSGQUEUE },
  { "RLIMIT_NICE", RLIMIT_NICE },
  { "RLIMIT_NOFILE", RLIMIT_NOFILE },
  { "RLIMIT_NPROC", RLIMIT_NPROC },
  { "RLIMIT_RSS", RLIMIT_RSS },
  { "RLIMIT_RTPRIO", RLIMIT_RTPRIO },
  { "RLIMIT_RTTIME", RLIMIT_RTTIME },
  { "RLIMIT_SIGPENDING", RLIMIT_SIGPENDING },
  { "RLIMIT_STACK", RLIMIT_STACK },
};

int
lc_rlimit_from_name (const char *name)
{
  if (!name)
    return -EINVAL;
  for (size_t i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
    if (strcmp (rlimit_names[i].name, name) == 0)
      return rlimit_names[i].resource;
  return -EINVAL;
}

const char *
lc_rlimit_name (int resource)
{
  for (size_t i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
    if (rlimit_names[i].resource == resource)
      return rlimit_names[i].name;
  return NULL;
}

/* setrlimit answers EPERM both to a raise without CAP_SYS_RESOURCE and to
 * an RLIMIT_NOFILE above fs.nr_open, which no capability lifts; *ret_max
 * is that ceiling when it is the cause. */
static bool
above_nr_open (const struct lc_rlimit *rl, unsigned long long *ret_max)
{
  cleanup_free char *buf = NULL;
  unsigned long long max;

  if (rl->resource != RLIMIT_NOFILE
      || lc_read_file_at (AT_FDCWD, "/proc/sys/fs/nr_open", 64, &buf, NULL,
                          NULL)
             < 0)
    return false;
  max = strtoull (buf, NULL, 10);
  if (max == 0 || rl->hard <= max)
    return false;
  *ret_max = max;
  return true;
}

int
lc_procattr_rlimits (const struct lc_process *p, struct lc_err *err)
{
  for (size_t i = 0; i < p->n_rlimits; i++)
    {
      const struct lc_rlimit *rl = &p->rlimits[i];
      const char *name = lc_rlimit_name (rl->resource);
      unsigned long long max;
      struct rlimit lim
          = { .rlim_cur = (rlim_t) rl->soft, .rlim_max = (rlim_t) rl->hard };

      if (!name)
        name = "unknown";
      if (rl->soft > rl->hard)
        return lc_err_setx (err, EINVAL,
                            "process.rlimits[%zu] (%s): soft limit %llu is "
                            "above the hard limit %llu",
                            i, name, (unsigned long long) rl->soft,
                            (unsigned long long) rl->hard);
      if (setrlimit ((__rlimit_resource_t) rl->resource, &lim) == 0)
        continue;
      if (errno == EPERM && above_nr_open (rl, &max))
        return lc_err_setx (err, EPERM,
                            "process.rlimits[%zu] (%s): hard limit %llu is "
                            "above fs.nr_open (%llu)",
                            i, name, (unsigned long long) rl->hard, max);
      if (errno == EPERM)
        return lc_err_setx (err, EPERM,
                            "process.rlimits[%zu] (%s): raising the hard "
                            "limit needs CAP_SYS_RESOURCE",
                            i, name);
      return lc_err_set (err, errno, "process.rlimits[%zu] (%s): setrlimit", i,
                         name);
    }
  return 0;
}

static int
set_oom_score_adj (int v, struct lc_err *err)
{
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", v);
  int r = lc_write_file_at (AT_FDCWD, "/proc/self/oom_score_adj", buf,
                            (size_t) n, err);
  if (r == -EACCES || r == -EPERM)
    lc_err_prefix (err, "process.oomScoreAdj: lowering it needs "
                        "CAP_SYS_RESOURCE");
  else if (r < 0)
    lc_err_prefix (err, "process.oomScoreAdj");
  return r;
}

#define IOPRIO_WHO_PROCESS 1
#define IOPRIO_CLASS_SHIFT 13

static int
set_io_priority (int io_class, int prio, struct lc_err *err)
{
  int v;
  if (io_class < 0 || io_class > 3 || prio < 0 || prio > 7)
    return lc_err_setx (err, EINVAL,
                        "process.ioPriority: class %d / priority %d out of "
                        "range",
                        io_class, prio);
  v = (io_class << IOPRIO_CLASS_SHIFT) | prio;
  if (syscall (SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, v) < 0)
    return lc_err_set (err, errno, "process.ioPriority: ioprio_set");
  return 0;
}

/* The kernel ABI (include/uapi/linux/sched/types.h), version 1 layout. */
struct sched_attr_v1
{
  uint32_t size;
  uint32_t sched_policy;
  uint64_t sched_flags;
  int32_t sched_nice;
  uint32_t sched_priority;
  uint64_t sched_runtime;
  uint64_t sched_deadline;
  uint64_t sched_period;
  uint32_t sched_util_min;
  uint32_t sched_util_max;
};

static int
set_scheduler (const struct lc_scheduler *s, struct lc_err *err)
{
  struct sched_attr_v1 attr;

  memset (&attr, 0, sizeof attr);
  attr.size = sizeof attr;
  attr.sched_policy = (uint32_t) s->policy;
  attr.sched_flags = s->flags;
  attr.sched_nice = s->nice;
  attr.sched_priority = (uint32_t) s->priority;
  attr.sched_runtime = s->runtime;
  attr.sched_deadline = s->deadline;
  attr.sched_period = s->period;
  if (syscall (SYS_sched_setattr, 0, &attr, 0) < 0)
    return lc_err_set (err, errno, "process.scheduler: sched_setattr");
  return 0;
}

static int
set_affinity (const char *list, const char *field, struct lc_err *err)
{
  long ncpu = sysconf (_SC_NPROCESSORS_CONF);
  size_t setsize;
  cleanup_free cpu_set_t *set = NULL;
  int r;

  /* Room for every configured CPU, and at least the default 1024. */
  if (ncpu < CPU_SETSIZE)
    ncpu = CPU_SETSIZE;
  setsize = CPU_ALLOC_SIZE (ncpu);
  set = lc_xcalloc (1, setsize);
  r = lc_parse_cpu_list (list, set, setsize, err);
  if (r < 0)
    {
      lc_err_prefix (err, "process.execCPUAffinity.%s", field);
      return r;
    }
  if (sched_setaffinity (0, setsize, set) < 0)
    return lc_err_set (err, errno,
                       "process.execCPUAffinity.%s: sched_setaffinity '%s'",
                       field, list);
  return 0;
}

int
lc_procattr_apply (const struct lc_process *p, struct lc_err *err)
{
  int r;

  if (p->has_oom_score_adj
      && (r = set_oom_score_adj (p->oom_score_adj, err)) < 0)
    return r;
  if (p->has_io_priority
      && (r = set_io_priority (p->io_class, p->io_priority, err)) < 0)
    return r;
  if (p->scheduler.present && (r = set_scheduler (&p->scheduler, err)) < 0)
    return r;
  /* We are in the container's cgroup by now: the process runs with the
   * final set when one is given, else with the initial one. */
  if (p->cpu_affinity_final)
    return set_affinity (p->cpu_affinity_final, "final", err);
  if (p->cpu_affinity_initial)
    return set_affinity (p->cpu_affinity_initial, "initial", err);
  return 0;
}

int
lc_procattr_personality (const struct lc_personality *p, struct lc_err *err)
{
  if (!p->present)
    return 0;
  if (personality (p->domain) < 0)
    return lc_err_set (err, errno, "linux.personality: personality(0x%lx)",
                       p->domain);
  return 0;
}

/* One decimal cpu number; advances *s past it. */
static int
parse_cpu (const char **s, unsigned long *ret)
{
  const char *p = *s;
  unsigned long v = 0;

  if (*p < '0' || *p > '9')
    return -EINVAL;
  while (*p >= '0' && *p <= '9')
    {
      if (v > 1000000)
        return -ERANGE;
      v = v * 10 + (unsigned long) (*p - '0');
      p++;
    }
  *s = p;
  *ret = v;
  return 0;
}

int
lc_parse_cpu_list (const char *s, void *cpuset, size_t setsize,
                   struct lc_err *err)
{
  const char *p = s;
  unsigned long max = setsize * 8;

  if (!s || !*s)
    return lc_err_setx (err, EINVAL, "empty cpu list");
  memset (cpuset, 0, setsize);
  for (;;)
    {
      unsigned long lo, hi;
      if (parse_cpu (&p, &lo) < 0)
        return lc_err_setx (err, EINVAL, "invalid cpu list '%s'", s);
      hi = lo;
      if (*p == '-')
        {
          p++;
          if (parse_cpu (&p, &hi) < 0)
            return lc_err_setx (err, EINVAL, "invalid cpu list '%s'", s);
          if (hi < lo)
            return lc_err_setx (err, EINVAL,
                                "invalid cpu list '%s': range %lu-%lu is "
                                "reversed",
                                s, lo, hi);
        }
      if (hi >= max)
        return lc_err_setx (err, ERANGE,
                            "invalid cpu list '%s': cpu %lu is beyond %lu", s,
                            hi, max - 1);
      for (unsigned long c = lo; c <= hi; c++)
        CPU_SET_S (c, setsize, (cpu_set_t *) cpuset);
      if (*p == '\0')
        return 0;
      if (*p != ',')
        return lc_err_setx (err, EINVAL, "invalid cpu list '%s'", s);
      p++;
    }
}
