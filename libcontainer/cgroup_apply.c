/* cgroup_apply.c - write linux.resources into a cgroup v2 directory, one
 * controller at a time, each value converted as docs/cgroups.md says.
 * Every write is relative to the cgroup's dirfd (O_NOFOLLOW, no O_CREAT:
 * a missing file is a missing controller or feature, reported by name). */
#include "cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static int
put (const struct lc_cgroup *cg, const char *file, const char *field,
     const char *value, struct lc_err *err)
{
  int r = lc_write_file_at (cg->dirfd, file, value, strlen (value), NULL);
  if (r == -ENOENT)
    return lc_err_setx (err, EOPNOTSUPP,
                        "%s: the cgroup has no '%s' (controller not enabled "
                        "or not supported by this kernel)",
                        field, file);
  if (r < 0)
    return lc_err_set (err, -r, "%s: write '%s' to '%s'", field, value, file);
  return 0;
}

static bool
exists (const struct lc_cgroup *cg, const char *file)
{
  return faccessat (cg->dirfd, file, F_OK, AT_SYMLINK_NOFOLLOW) == 0;
}

static void
fmt_limit (char *buf, size_t size, int64_t v)
{
  if (v < 0)
    snprintf (buf, size, "max");
  else
    snprintf (buf, size, "%" PRId64, v);
}

/* Current numeric value of a single-value file; "max" reads as -1. */
static int
read_value (const struct lc_cgroup *cg, const char *file, int64_t *ret)
{
  cleanup_free char *buf = NULL;
  long long v;
  int r;

  r = lc_read_file_at (cg->dirfd, file, 4096, &buf, NULL, NULL);
  if (r < 0)
    return r;
  buf[strcspn (buf, "\n ")] = '\0';
  if (strcmp (buf, "max") == 0)
    v = -1;
  else if (lc_parse_i64 (buf, &v) < 0)
    return -EINVAL;
  *ret = v;
  return 0;
}

static int
apply_memory (const struct lc_cgroup *cg, const struct lc_cgroup_resources *r,
              struct lc_err *err)
{
  char buf[32];
  int64_t limit = r->mem_limit, swap;
  bool has_limit = r->has_mem_limit && r->mem_limit != 0;
  int ret;

  /* 0 means "unset" for limit and reservation, as in every runtime. */
  if (has_limit)
    {
      if (r->check_before_update && limit > 0)
        {
          int64_t cur;
          if (read_value (cg, "memory.current", &cur) == 0 && cur > limit)
            return lc_err_setx (err, EBUSY,
                                "linux.resources.memory.limit: %" PRId64
                                " is below the current usage %" PRId64
                                " (checkBeforeUpdate)",
                                limit, cur);
        }
      fmt_limit (buf, sizeof buf, limit);
      if ((ret
           = put (cg, "memory.max", "linux.resources.memory.limit", buf, err))
          < 0)
        return ret;
    }
  if (r->has_mem_reservation && r->mem_reservation != 0)
    {
      fmt_limit (buf, sizeof buf, r->mem_reservation);
      if ((ret = put (cg, "memory.low", "linux.resources.memory.reservation",
                      buf, err))
          < 0)
        return ret;
    }
  if (r->has_mem_swap && r->mem_swap != 0)
    {
      /* update may give swap alone: the limit in force counts then */
      if (!has_limit && read_value (cg, "memory.max", &limit) == 0)
        has_limit = true;
      if ((ret
           = lc_cgroup_swap_to_v2 (r->mem_swap, has_limit, limit, &swap, err))
          < 0)
        return ret;
      fmt_limit (buf, sizeof buf, swap);
      if (!exists (cg, "memory.swap.max") && (swap == 0 || swap == -1))
        return 0; /* no swap accounting: nothing to limit */
      if ((ret = put (cg, "memory.swap.max", "linux.resources.memory.swap",
                      buf, err))
          < 0)
        return ret;
    }
  else if (has_limit && limit == -1 && exists (cg, "memory.swap.max"))
    /* an unlimited memory with swap unset: swap unlimited too */
    return put (cg, "memory.swap.max", "linux.resources.memory.swap", "max",
                err);
  return 0;
}

static int
apply_cpu (const struct lc_cgroup *cg, const struct lc_cgroup_resources *r,
           struct lc_err *err)
{
  char buf[64];
  int ret;

  if (r->cpus && *r->cpus
      && (ret
          = put (cg, "cpuset.cpus", "linux.resources.cpu.cpus", r->cpus, err))
             < 0)
    return ret;
  if (r->mems && *r->mems
      && (ret
          = put (cg, "cpuset.mems", "linux.resources.cpu.mems", r->mems, err))
             < 0)
    return ret;
  if (r->has_cpu_shares && r->cpu_shares != 0)
    {
      snprintf (buf, sizeof buf, "%" PRIu64,
                lc_cgroup_shares_to_weight (r->cpu_shares));
      if ((ret
           = put (cg, "cpu.weight", "linux.resources.cpu.shares", buf, err))
          < 0)
        return ret;
    }
  if (r->has_cpu_quota || r->has_cpu_period)
    {
      int64_t quota = r->cpu_quota;
      uint64_t period = r->cpu_period;
      bool hq = r->has_cpu_quota, hp = r->has_cpu_period && period;
      cleanup_free char *cur = NULL;

      /* a partial update keeps the other half of cpu.max */
      if ((!hq || !hp)
          && lc_read_file_at (cg->dirfd, "cpu.max", 256, &cur, NULL, NULL)
                 == 0)
        {
          long long q;
          unsigned long long p;
          char qs[32];
          if (sscanf (cur, "%31s %llu", qs, &p) == 2)
            {
              if (!hp)
                period = p, hp = true;
              if (!hq && lc_parse_i64 (qs, &q) == 0)
                quota = q, hq = true;
            }
        }
      lc_cgroup_cpu_max (hq, quota, hp, period, buf, sizeof buf);
      if ((ret = put (cg, "cpu.max", "linux.resources.cpu.quota", buf, err))
          < 0)
        return ret;
    }
  if (r->has_cpu_burst)
    {
      snprintf (buf, sizeof buf, "%" PRIu64, r->cpu_burst);
      if ((ret
           = put (cg, "cpu.max.burst", "linux.resources.cpu.burst", buf, err))
          < 0)
        return ret;
    }
  if (r->has_cpu_idle)
    {
      snprintf (buf, sizeof buf, "%" PRId64, r->cpu_idle);
      if ((ret = put (cg, "cpu.idle", "linux.resources.cpu.idle", buf, err))
          < 0)
        return ret;
    }
  return 0;
}

static int
apply_pids (const struct lc_cgroup *cg, const struct lc_cgroup_resources *r,
            struct lc_err *err)
{
  char buf[32];

  if (!r->has_pids_limit)
    return 0;
  /* v1.3.0: 0 is a real limit, negative means "max", absent leaves it. */
  fmt_limit (buf, sizeof buf, r->pids_limit);
  return put (cg, "pids.max", "linux.resources.pids.limit", buf, err);
}

static int
apply_io (const struct lc_cgroup *cg, const struct lc_cgroup_resources *r,
          struct lc_err *err)
{
  static const char *const keys[LC_THROTTLE_COUNT]
      = { "rbps", "wbps", "riops", "wiops" };
  /* BFQ takes the v1 range as is; io.weight needs the conversion. */
  bool bfq = exists (cg, "io.bfq.weight");
  const char *wfile = bfq ? "io.bfq.weight" : "io.weight";
  char buf[96];
  int ret;

  if (r->has_blkio_weight && r->blkio_weight)
    {
      snprintf (buf, sizeof buf, "default %" PRIu64,
                bfq ? r->blkio_weight
                    : lc_cgroup_blkio_to_io_weight (r->blkio_weight));
      if ((ret = put (cg, wfile, "linux.resources.blockIO.weight", buf, err))
          < 0)
        return ret;
    }
  for (size_t i = 0; i < r->n_weight_devices; i++)
    {
      const struct lc_cgroup_dev_weight *d = &r->weight_devices[i];
      if (!d->has_weight || !d->weight)
        continue;
      snprintf (buf, sizeof buf, "%" PRId64 ":%" PRId64 " %" PRIu64, d->major,
                d->minor,
                bfq ? d->weight : lc_cgroup_blkio_to_io_weight (d->weight));
      if ((ret
           = put (cg, wfile, "linux.resources.blockIO.weightDevice", buf, err))
          < 0)
        return ret;
    }
  for (int t = 0; t < LC_THROTTLE_COUNT; t++)
    for (size_t i = 0; i < r->n_throttle[t]; i++)
      {
        const struct lc_cgroup_dev_rate *d = &r->throttle[t][i];
        if (d->rate)
          snprintf (buf, sizeof buf, "%" PRId64 ":%" PRId64 " %s=%" PRIu64,
                    d->major, d->minor, keys[t], d->rate);
        else
          snprintf (buf, sizeof buf, "%" PRId64 ":%" PRId64 " %s=max",
                    d->major, d->minor, keys[t]);
        if ((ret = put (cg, "io.max", "linux.resources.blockIO.throttle*", buf,
                        err))
            < 0)
          return ret;
      }
  return 0;
}

static int
apply_hugetlb_rdma (const struct lc_cgroup *cg,
                    const struct lc_cgroup_resources *r, struct lc_err *err)
{
  char file[64], buf[160];
  int ret;

  for (size_t i = 0; i < r->n_hugepages; i++)
    {
      const struct lc_cgroup_hugepage *h = &r->hugepages[i];
      snprintf (buf, sizeof buf, "%" PRIu64, h->limit);
      snprintf (file, sizeof file, "hugetlb.%s.max", h->page_size);
      if ((ret = put (cg, file, "linux.resources.hugepageLimits", buf, err))
          < 0)
        return ret;
      /* Reservations (5.7+) get the same limit, so a mapping cannot
       * reserve more than it may fault in. */
      snprintf (file, sizeof file, "hugetlb.%s.rsvd.max", h->page_size);
      if (exists (cg, file)
          && (ret = put (cg, file, "linux.resources.hugepageLimits", buf, err))
                 < 0)
        return ret;
    }
  for (size_t i = 0; i < r->n_rdma; i++)
    {
      const struct lc_cgroup_rdma *d = &r->rdma[i];
      char h[16] = "max", o[16] = "max";
      if (d->has_handles)
        snprintf (h, sizeof h, "%u", d->handles);
      if (d->has_objects)
        snprintf (o, sizeof o, "%u", d->objects);
      snprintf (buf, sizeof buf, "%s hca_handle=%s hca_object=%s", d->device,
                h, o);
      if ((ret = put (cg, "rdma.max", "linux.resources.rdma", buf, err)) < 0)
        return ret;
    }
  return 0;
}

static int
apply_unified (const struct lc_cgroup *cg, const struct lc_cgroup_resources *r,
               struct lc_err *err)
{
  for (size_t i = 0; r->unified_keys && r->unified_keys[i]; i++)
    {
      const char *k = r->unified_keys[i], *v = r->unified_values[i];
      int ret = lc_cgroup_check_unified_key (k, err);
      if (ret < 0)
        return ret;
      ret = lc_write_file_at (cg->dirfd, k, v, strlen (v), NULL);
      if (ret == -ENOENT)
        return lc_err_setx (err, EINVAL,
                            "linux.resources.unified.%s: no such file in the "
                            "cgroup (unknown key, or its controller is not "
                            "enabled)",
                            k);
      if (ret < 0)
        return lc_err_set (err, -ret,
                           "linux.resources.unified.%s: write "
                           "'%s'",
                           k, v);
    }
  return 0;
}

/* Controllers the cgroup itself can use (its cgroup.controllers). */
static int
check_available (const struct lc_cgroup *cg,
                 const struct lc_cgroup_resources *r, struct lc_err *err)
{
  unsigned need = lc_cgroup_needed_controllers (r);
  cleanup_free char *avail = NULL;
  int ret;

  if (!need)
    return 0;
  ret = lc_read_file_at (cg->dirfd, "cgroup.controllers", 4096, &avail, NULL,
                         NULL);
  if (ret < 0)
    return lc_err_set (err, -ret, "read '%s/cgroup.controllers'", cg->path);
  for (unsigned i = 0; i < LC_CGROUP_N_CONTROLLERS; i++)
    {
      const char *c = lc_cgroup_controller_name (i);
      size_t n = strlen (c);
      const char *p = avail;
      bool found = false;
      if (!(need & (1u << i)))
        continue;
      while (!found && (p = strstr (p, c)))
        {
          found = (p == avail || p[-1] == ' ')
                  && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0');
          p += n;
        }
      if (!found)
        return lc_err_setx (err, EOPNOTSUPP,
                            "linux.resources: the %s controller is not "
                            "enabled for cgroup '%s'",
                            c, cg->path ? cg->path : "?");
    }
  return 0;
}

int
lc_cgroup_apply_full (const struct lc_cgroup *cg,
                      const struct lc_cgroup_resources *r, bool rootless,
                      struct lc_err *err)
{
  int ret;

  (void) rootless;
  if (cg->dirfd < 0)
    {
      if (lc_cgroup_resources_any (r, true))
        return lc_err_setx (err, EOPNOTSUPP,
                            "linux.resources: the container has no cgroup");
      return 0;
    }
  if ((ret = lc_cgroup_resources_validate (r, err)) < 0
      || (ret = check_available (cg, r, err)) < 0
      || (ret = apply_cpu (cg, r, err)) < 0
      || (ret = apply_memory (cg, r, err)) < 0
      || (ret = apply_pids (cg, r, err)) < 0
      || (ret = apply_io (cg, r, err)) < 0
      || (ret = apply_hugetlb_rdma (cg, r, err)) < 0
      || (ret = apply_unified (cg, r, err)) < 0)
    return ret;
  return 0;
}
