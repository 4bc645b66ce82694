/* cgroup_resources.c - linux.resources as a complete struct: parsed from
 * JSON (config.json or `update -r`), copied from the spec's subset, checked,
 * and the pure v1 -> v2 conversions (docs/cgroups.md has each formula). */
#include "cgroup.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* --- conversions --------------------------------------------------------- */

uint64_t
lc_cgroup_shares_to_weight (uint64_t shares)
{
  /* Linear map of the v1 range [2, 262144] onto the v2 range [1, 10000];
   * 0 means "unset" and maps to 0. */
  if (shares == 0)
    return 0;
  if (shares < 2)
    shares = 2;
  if (shares > 262144)
    shares = 262144;
  return 1 + ((shares - 2) * 9999) / 262142;
}

uint64_t
lc_cgroup_blkio_to_io_weight (uint64_t weight)
{
  /* blkio [10, 1000] onto io.weight [1, 10000]; 0 = unset. */
  if (weight == 0)
    return 0;
  if (weight < 10)
    weight = 10;
  if (weight > 1000)
    weight = 1000;
  return 1 + ((weight - 10) * 9999) / 990;
}

int
lc_cgroup_swap_to_v2 (int64_t swap, bool has_limit, int64_t limit,
                      int64_t *ret, struct lc_err *err)
{
  /* The spec's swap is memory+swap (v1 memsw); v2 limits swap alone. */
  if (swap == -1)
    {
      *ret = -1;
      return 0;
    }
  if (swap < 0)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.memory.swap: invalid value %" PRId64,
                        swap);
  if (!has_limit || limit <= 0)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.memory.swap: a swap limit needs a "
                        "memory limit");
  if (swap < limit)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.memory.swap: %" PRId64
                        " is below memory.limit %" PRId64
                        " (swap counts memory plus swap)",
                        swap, limit);
  *ret = swap - limit;
  return 0;
}

int
lc_cgroup_cpu_max (bool has_quota, int64_t quota, bool has_period,
                   uint64_t period, char *buf, size_t size)
{
  int n;

  if (!has_period || period == 0)
    period = 100000;
  if (has_quota && quota > 0)
    n = snprintf (buf, size, "%" PRId64 " %" PRIu64, quota, period);
  else
    n = snprintf (buf, size, "max %" PRIu64, period);
  return n < 0 || (size_t) n >= size ? -ENOBUFS : 0;
}

int
lc_cgroup_check_cpu_list (const char *s)
{
  /* N | N-M, comma separated, N <= M; no empty elements. */
  const char *p = s;

  if (!s || !*s)
    return -EINVAL;
  for (;;)
    {
      unsigned long a, b;
      char *end;

      if (*p < '0' || *p > '9')
        return -EINVAL;
      a = strtoul (p, &end, 10);
      b = a;
      p = end;
      if (*p == '-')
        {
          p++;
          if (*p < '0' || *p > '9')
            return -EINVAL;
          b = strtoul (p, &end, 10);
          p = end;
        }
      if (a > b || b > 1u << 20)
        return -EINVAL;
      if (*p == '\0')
        return 0;
      if (*p != ',')
        return -EINVAL;
      p++;
    }
}

int
lc_cgroup_check_unified_key (const char *key, struct lc_err *err)
{
  static const char *const managed[]
      = { "cgroup.procs",  "cgroup.threads",    "cgroup.subtree_control",
          "cgroup.type",   "cgroup.kill",       "cgroup.freeze",
          "cgroup.events", "cgroup.controllers" };
  const char *dot = strchr (key, '.');

  if (strchr (key, '/') || strstr (key, "..") || key[0] == '.' || !dot
      || dot[1] == '\0' || strlen (key) > NAME_MAX)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.unified: invalid key '%s' (expected "
                        "'<controller>.<file>' naming a file of the cgroup)",
                        key);
  for (size_t i = 0; i < sizeof managed / sizeof managed[0]; i++)
    if (strcmp (key, managed[i]) == 0)
      return lc_err_setx (err, EINVAL,
                          "linux.resources.unified: '%s' is managed by hull "
                          "and cannot be set",
                          key);
  return 0;
}

int
lc_cgroup_parse_size (const char *s, int64_t *ret)
{
  unsigned long long v;
  uint64_t mult = 1;
  char *end;

  if (!s || !*s)
    return -EINVAL;
  if (strcmp (s, "-1") == 0)
    {
      *ret = -1;
      return 0;
    }
  if (*s < '0' || *s > '9')
    return -EINVAL;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno)
    return -EINVAL;
  switch (*end)
    {
    case '\0':
      break;
    case 'k':
    case 'K':
      mult = 1ULL << 10;
      end++;
      break;
    case 'm':
    case 'M':
      mult = 1ULL << 20;
      end++;
      break;
    case 'g':
    case 'G':
      mult = 1ULL << 30;
      end++;
      break;
    case 't':
    case 'T':
      mult = 1ULL << 40;
      end++;
      break;
    default:
      return -EINVAL;
    }
  if (*end == 'b' || *end == 'B')
    end++;
  if (*end != '\0' || v > (uint64_t) INT64_MAX / mult)
    return -EINVAL;
  *ret = (int64_t) (v * mult);
  return 0;
}

/* --- controllers --------------------------------------------------------- */

static const char *const controller_names[LC_CGROUP_N_CONTROLLERS]
    = { "memory", "cpu", "cpuset", "pids", "io", "hugetlb", "rdma" };

const char *
lc_cgroup_controller_name (unsigned i)
{
  return i < LC_CGROUP_N_CONTROLLERS ? controller_names[i] : NULL;
}

static unsigned
controller_bit (const char *name, size_t len)
{
  for (unsigned i = 0; i < LC_CGROUP_N_CONTROLLERS; i++)
    if (strlen (controller_names[i]) == len
        && strncmp (controller_names[i], name, len) == 0)
      return 1u << i;
  return 0;
}

unsigned
lc_cgroup_needed_controllers (const struct lc_cgroup_resources *r)
{
  unsigned m = 0;

  if (r->has_mem_limit || r->has_mem_reservation || r->has_mem_swap)
    m |= 1u << 0;
  if (r->has_cpu_shares || r->has_cpu_quota || r->has_cpu_period
      || r->has_cpu_burst || r->has_cpu_idle)
    m |= 1u << 1;
  if (r->cpus || r->mems)
    m |= 1u << 2;
  if (r->has_pids_limit)
    m |= 1u << 3;
  if (r->has_blkio_weight || r->n_weight_devices)
    m |= 1u << 4;
  for (int t = 0; t < LC_THROTTLE_COUNT; t++)
    if (r->n_throttle[t])
      m |= 1u << 4;
  if (r->n_hugepages)
    m |= 1u << 5;
  if (r->n_rdma)
    m |= 1u << 6;
  for (size_t i = 0; r->unified_keys && r->unified_keys[i]; i++)
    m |= controller_bit (r->unified_keys[i],
                         strcspn (r->unified_keys[i], "."));
  return m;
}

bool
lc_cgroup_resources_any (const struct lc_cgroup_resources *r,
                         bool ignore_devices)
{
  if (lc_cgroup_needed_controllers (r) || r->has_network
      || (r->unified_keys && r->unified_keys[0]))
    return true;
  return !ignore_devices && r->has_devices;
}

/* --- validation ---------------------------------------------------------- */

int
lc_cgroup_resources_validate (const struct lc_cgroup_resources *r,
                              struct lc_err *err)
{
  int64_t swap;
  int ret;

  if (r->has_cpu_rt)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.realtimeRuntime/realtimePeriod: "
                        "not supported on cgroup v2");
  if (r->has_network)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.network: net_cls/net_prio exist "
                        "only on cgroup v1; hull is a cgroup v2 runtime");
  if (r->cpus && *r->cpus && lc_cgroup_check_cpu_list (r->cpus) < 0)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.cpus: invalid cpu list '%s'",
                        r->cpus);
  if (r->mems && *r->mems && lc_cgroup_check_cpu_list (r->mems) < 0)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.mems: invalid node list '%s'",
                        r->mems);
  if (r->has_cpu_shares && r->cpu_shares != 0
      && (r->cpu_shares < 2 || r->cpu_shares > 262144))
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.shares: %" PRIu64
                        " is outside [2, 262144]",
                        r->cpu_shares);
  if (r->has_cpu_idle && r->cpu_idle != 0 && r->cpu_idle != 1)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.idle: must be 0 or 1");
  if (r->has_cpu_quota && r->cpu_quota < -1)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.cpu.quota: invalid value %" PRId64,
                        r->cpu_quota);
  if (r->has_mem_limit && r->mem_limit < -1)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.memory.limit: invalid value %" PRId64,
                        r->mem_limit);
  if (r->has_mem_reservation && r->mem_reservation < -1)
    return lc_err_setx (err, EINVAL,
                        "linux.resources.memory.reservation: invalid value "
                        "%" PRId64,
                        r->mem_reservation);
  /* Without a limit here, update reads the current memory.max instead. */
  if (r->has_mem_swap && r->has_mem_limit)
    {
      ret = lc_cgroup_swap_to_v2 (r->mem_swap, true, r->mem_limit, &swap, err);
      if (ret < 0)
        return ret;
    }
  if (r->has_blkio_weight && (r->blkio_weight < 10 || r->blkio_weight > 1000))
    return lc_err_setx (err, EINVAL,
                        "linux.resources.blockIO.weight: %u is outside "
                        "[10, 1000]",
                        r->blkio_weight);
  for (size_t i = 0; i < r->n_weight_devices; i++)
    if (r->weight_devices[i].has_weight
        && (r->weight_devices[i].weight < 10
            || r->weight_devices[i].weight > 1000))
      return lc_err_setx (err, EINVAL,
                          "linux.resources.blockIO.weightDevice[%zu].weight: "
                          "outside [10, 1000]",
                          i);
  for (size_t i = 0; r->unified_keys && r->unified_keys[i]; i++)
    {
      ret = lc_cgroup_check_unified_key (r->unified_keys[i], err);
      if (ret < 0)
        return ret;
      if (strpbrk (r->unified_values[i], "\n"))
        return lc_err_setx (err, EINVAL,
                            "linux.resources.unified.%s: the value has a "
                            "newline",
                            r->unified_keys[i]);
    }
  return 0;
}

/* --- copy from the spec's subset and clear ------------------------------- */

void
lc_cgroup_resources_from_spec (const struct lc_resources *s,
                               struct lc_cgroup_resources *r)
{
  memset (r, 0, sizeof *r);
  if (!s)
    return;
  r->has_mem_limit = s->has_mem_limit;
  r->mem_limit = s->mem_limit;
  r->has_mem_reservation = s->has_mem_reservation;
  r->mem_reservation = s->mem_reservation;
  r->has_mem_swap = s->has_mem_swap;
  r->mem_swap = s->mem_swap;
  r->has_mem_swappiness = s->has_mem_swappiness;
  r->mem_swappiness = s->mem_swappiness;
  r->disable_oom_killer = s->disable_oom_killer;
  r->has_cpu_shares = s->has_cpu_shares;
  r->cpu_shares = s->cpu_shares;
  r->has_cpu_quota = s->has_cpu_quota;
  r->cpu_quota = s->cpu_quota;
  r->has_cpu_period = s->has_cpu_period;
  r->cpu_period = s->cpu_period;
  r->has_cpu_burst = s->has_cpu_burst;
  r->cpu_burst = s->cpu_burst;
  r->has_cpu_idle = s->has_cpu_idle;
  r->cpu_idle = s->cpu_idle;
  r->has_cpu_rt = s->has_cpu_rt;
  r->cpus = s->cpu_cpus ? lc_xstrdup (s->cpu_cpus) : NULL;
  r->mems = s->cpu_mems ? lc_xstrdup (s->cpu_mems) : NULL;
  r->has_pids_limit = s->has_pids_limit;
  r->pids_limit = s->pids_limit;
  /* The spec struct cannot tell an absent list from an empty one. */
  r->has_devices = s->present && s->n_devices > 0;
  if (s->n_devices)
    {
      r->devices = lc_xcalloc (s->n_devices, sizeof *r->devices);
      memcpy (r->devices, s->devices, s->n_devices * sizeof *r->devices);
      r->n_devices = s->n_devices;
    }
  if (s->unified_keys)
    {
      size_t n = lc_strv_len (s->unified_keys);
      r->unified_keys = lc_xcalloc (n + 1, sizeof (char *));
      r->unified_values = lc_xcalloc (n + 1, sizeof (char *));
      for (size_t i = 0; i < n; i++)
        {
          r->unified_keys[i] = lc_xstrdup (s->unified_keys[i]);
          r->unified_values[i] = lc_xstrdup (s->unified_values[i]);
        }
    }
}

void
lc_cgroup_resources_clear (struct lc_cgroup_resources *r)
{
  if (!r)
    return;
  free (r->cpus);
  free (r->mems);
  free (r->weight_devices);
  for (int t = 0; t < LC_THROTTLE_COUNT; t++)
    free (r->throttle[t]);
  for (size_t i = 0; i < r->n_hugepages; i++)
    free (r->hugepages[i].page_size);
  free (r->hugepages);
  for (size_t i = 0; i < r->n_rdma; i++)
    free (r->rdma[i].device);
  free (r->rdma);
  free (r->devices);
  lc_strv_free (r->unified_keys);
  lc_strv_free (r->unified_values);
  memset (r, 0, sizeof *r);
}
