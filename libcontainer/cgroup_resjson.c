/* cgroup_resjson.c - a linux.resources JSON object into struct
 * lc_cgroup_resources, every field the spec defines (the spec parser keeps
 * a subset).  Types are checked; errors name the JSON path; unknown keys
 * are ignored and null counts as absent, as in spec.c. */
#include "cgroup.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>

#include "spec.h"
#include "util.h"

#define P "linux.resources."
#define MAX_ENTRIES 4096

static json_t *
get (json_t *o, const char *key)
{
  json_t *v = json_object_get (o, key);
  return json_is_null (v) ? NULL : v;
}

static int
get_i64 (json_t *o, const char *key, const char *path, bool *has, int64_t *dst,
         struct lc_err *err)
{
  json_t *v = get (o, key);
  if (!v)
    return 0;
  if (!json_is_integer (v))
    return lc_err_setx (err, EINVAL, P "%s.%s: expected an integer", path,
                        key);
  *dst = json_integer_value (v);
  if (has)
    *has = true;
  return 0;
}

static int
get_u64 (json_t *o, const char *key, const char *path, bool *has,
         uint64_t *dst, uint64_t max, struct lc_err *err)
{
  json_t *v = get (o, key);
  if (!v)
    return 0;
  /* jansson holds integers as long long: uint64 above INT64_MAX is not
   * representable, which no cgroup value needs. */
  if (!json_is_integer (v) || json_integer_value (v) < 0
      || (uint64_t) json_integer_value (v) > max)
    return lc_err_setx (err, EINVAL,
                        P "%s.%s: expected an unsigned integer up to %llu",
                        path, key, (unsigned long long) max);
  *dst = (uint64_t) json_integer_value (v);
  if (has)
    *has = true;
  return 0;
}

static int
get_bool (json_t *o, const char *key, const char *path, bool *dst,
          struct lc_err *err)
{
  json_t *v = get (o, key);
  if (!v)
    return 0;
  if (!json_is_boolean (v))
    return lc_err_setx (err, EINVAL, P "%s.%s: expected a boolean", path, key);
  *dst = json_is_true (v);
  return 0;
}

static int
get_str (json_t *o, const char *key, const char *path, char **dst,
         struct lc_err *err)
{
  json_t *v = get (o, key);
  if (!v)
    return 0;
  if (!json_is_string (v))
    return lc_err_setx (err, EINVAL, P "%s.%s: expected a string", path, key);
  free (*dst);
  *dst = lc_xstrdup (json_string_value (v));
  return 0;
}

static int
get_obj (json_t *o, const char *key, json_t **ret, struct lc_err *err)
{
  json_t *v = get (o, key);
  *ret = NULL;
  if (!v)
    return 0;
  if (!json_is_object (v))
    return lc_err_setx (err, EINVAL, P "%s: expected an object", key);
  *ret = v;
  return 0;
}

static int
get_arr (json_t *o, const char *key, const char *path, json_t **ret,
         struct lc_err *err)
{
  json_t *v = get (o, key);
  *ret = NULL;
  if (!v)
    return 0;
  if (!json_is_array (v) || json_array_size (v) > MAX_ENTRIES)
    return lc_err_setx (err, EINVAL, P "%s%s%s: expected an array", path,
                        *path ? "." : "", key);
  *ret = v;
  return 0;
}

static int
parse_memory (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  json_t *m;
  bool ignored = false;
  int64_t kernel;
  int ret;

  if ((ret = get_obj (o, "memory", &m, err)) < 0 || !m)
    return ret;
  if ((ret
       = get_i64 (m, "limit", "memory", &r->has_mem_limit, &r->mem_limit, err))
          < 0
      || (ret = get_i64 (m, "reservation", "memory", &r->has_mem_reservation,
                         &r->mem_reservation, err))
             < 0
      || (ret
          = get_i64 (m, "swap", "memory", &r->has_mem_swap, &r->mem_swap, err))
             < 0
      || (ret = get_i64 (m, "kernel", "memory", NULL, &kernel, err)) < 0
      || (ret = get_i64 (m, "kernelTCP", "memory", NULL, &kernel, err)) < 0
      || (ret = get_u64 (m, "swappiness", "memory", &r->has_mem_swappiness,
                         &r->mem_swappiness, 100, err))
             < 0
      || (ret = get_bool (m, "disableOOMKiller", "memory",
                          &r->disable_oom_killer, err))
             < 0
      || (ret = get_bool (m, "useHierarchy", "memory", &ignored, err)) < 0
      || (ret = get_bool (m, "checkBeforeUpdate", "memory",
                          &r->check_before_update, err))
             < 0)
    return ret;
  return 0;
}

static int
parse_cpu (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  json_t *c;
  int64_t rt = 0;
  uint64_t rtp = 0;
  bool has_rt = false, has_rtp = false;
  int ret;

  if ((ret = get_obj (o, "cpu", &c, err)) < 0 || !c)
    return ret;
  if ((ret = get_u64 (c, "shares", "cpu", &r->has_cpu_shares, &r->cpu_shares,
                      UINT64_MAX, err))
          < 0
      || (ret
          = get_i64 (c, "quota", "cpu", &r->has_cpu_quota, &r->cpu_quota, err))
             < 0
      || (ret = get_u64 (c, "period", "cpu", &r->has_cpu_period,
                         &r->cpu_period, UINT64_MAX, err))
             < 0
      || (ret = get_u64 (c, "burst", "cpu", &r->has_cpu_burst, &r->cpu_burst,
                         UINT64_MAX, err))
             < 0
      || (ret
          = get_i64 (c, "idle", "cpu", &r->has_cpu_idle, &r->cpu_idle, err))
             < 0
      || (ret = get_i64 (c, "realtimeRuntime", "cpu", &has_rt, &rt, err)) < 0
      || (ret = get_u64 (c, "realtimePeriod", "cpu", &has_rtp, &rtp,
                         UINT64_MAX, err))
             < 0
      || (ret = get_str (c, "cpus", "cpu", &r->cpus, err)) < 0
      || (ret = get_str (c, "mems", "cpu", &r->mems, err)) < 0)
    return ret;
  /* Zero realtime values are what engines send by default: not a request. */
  r->has_cpu_rt = (has_rt && rt != 0) || (has_rtp && rtp != 0);
  return 0;
}

static int
parse_dev_entry (json_t *e, const char *path, size_t i, int64_t *major,
                 int64_t *minor, struct lc_err *err)
{
  bool has_ma = false, has_mi = false;
  char p[64];
  int ret;

  snprintf (p, sizeof p, "%s[%zu]", path, i);
  if (!json_is_object (e))
    return lc_err_setx (err, EINVAL, P "%s: expected an object", p);
  if ((ret = get_i64 (e, "major", p, &has_ma, major, err)) < 0
      || (ret = get_i64 (e, "minor", p, &has_mi, minor, err)) < 0)
    return ret;
  if (!has_ma || !has_mi || *major < 0 || *minor < 0)
    return lc_err_setx (err, EINVAL,
                        P "%s: needs a non-negative major and minor", p);
  return 0;
}

static int
parse_throttle (json_t *b, const char *key, struct lc_cgroup_dev_rate **ret,
                size_t *ret_n, struct lc_err *err)
{
  char path[64];
  json_t *a, *e;
  size_t i;
  int r;

  snprintf (path, sizeof path, "blockIO.%s", key);
  if ((r = get_arr (b, key, "blockIO", &a, err)) < 0 || !a)
    return r;
  *ret = lc_xcalloc (json_array_size (a) + 1, sizeof **ret);
  json_array_foreach (a, i, e)
  {
    struct lc_cgroup_dev_rate *d = &(*ret)[i];
    char p[80];
    if ((r = parse_dev_entry (e, path, i, &d->major, &d->minor, err)) < 0)
      return r;
    snprintf (p, sizeof p, "%s[%zu]", path, i);
    if ((r = get_u64 (e, "rate", p, NULL, &d->rate, UINT64_MAX, err)) < 0)
      return r;
    (*ret_n)++;
  }
  return 0;
}

static int
parse_blockio (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  static const char *const keys[LC_THROTTLE_COUNT]
      = { "throttleReadBpsDevice", "throttleWriteBpsDevice",
          "throttleReadIOPSDevice", "throttleWriteIOPSDevice" };
  json_t *b, *a, *e;
  uint64_t w = 0, leaf;
  size_t i;
  int ret;

  if ((ret = get_obj (o, "blockIO", &b, err)) < 0 || !b)
    return ret;
  if ((ret = get_u64 (b, "weight", "blockIO", &r->has_blkio_weight, &w,
                      UINT16_MAX, err))
          < 0
      || (ret
          = get_u64 (b, "leafWeight", "blockIO", NULL, &leaf, UINT16_MAX, err))
             < 0)
    return ret;
  r->blkio_weight = (uint16_t) w;
  if ((ret = get_arr (b, "weightDevice", "blockIO", &a, err)) < 0)
    return ret;
  if (a)
    {
      r->weight_devices
          = lc_xcalloc (json_array_size (a) + 1, sizeof *r->weight_devices);
      json_array_foreach (a, i, e)
      {
        struct lc_cgroup_dev_weight *d = &r->weight_devices[i];
        char p[64];
        if ((ret = parse_dev_entry (e, "blockIO.weightDevice", i, &d->major,
                                    &d->minor, err))
            < 0)
          return ret;
        snprintf (p, sizeof p, "blockIO.weightDevice[%zu]", i);
        if ((ret
             = get_u64 (e, "weight", p, &d->has_weight, &w, UINT16_MAX, err))
                < 0
            || (ret
                = get_u64 (e, "leafWeight", p, NULL, &leaf, UINT16_MAX, err))
                   < 0)
          return ret;
        d->weight = (uint16_t) w;
        r->n_weight_devices++;
      }
    }
  for (int t = 0; t < LC_THROTTLE_COUNT; t++)
    if ((ret = parse_throttle (b, keys[t], &r->throttle[t], &r->n_throttle[t],
                               err))
        < 0)
      return ret;
  return 0;
}

static int
parse_hugepages (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  json_t *a, *e;
  size_t i;
  int ret;

  if ((ret = get_arr (o, "hugepageLimits", "", &a, err)) < 0 || !a)
    return ret;
  r->hugepages = lc_xcalloc (json_array_size (a) + 1, sizeof *r->hugepages);
  json_array_foreach (a, i, e)
  {
    struct lc_cgroup_hugepage *h = &r->hugepages[i];
    char p[48];
    const char *s;
    size_t n;

    snprintf (p, sizeof p, "hugepageLimits[%zu]", i);
    r->n_hugepages++;
    if (!json_is_object (e))
      return lc_err_setx (err, EINVAL, P "%s: expected an object", p);
    if ((ret = get_str (e, "pageSize", p, &h->page_size, err)) < 0
        || (ret = get_u64 (e, "limit", p, NULL, &h->limit, UINT64_MAX, err))
               < 0)
      return ret;
    /* "2MB", "1GB": the kernel's own file names (hugetlb.2MB.max). */
    s = h->page_size;
    n = s ? strspn (s, "0123456789") : 0;
    /* s[n] first: strchr also finds the terminating NUL ("2"). */
    if (!s || n == 0 || s[0] == '0' || !s[n] || !strchr ("KMG", s[n])
        || strcmp (s + n + 1, "B") != 0)
      return lc_err_setx (err, EINVAL,
                          P "%s.pageSize: expected <size><K|M|G>B", p);
  }
  return 0;
}

static int
parse_rdma (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  json_t *m, *v;
  const char *k;
  int ret;

  if ((ret = get_obj (o, "rdma", &m, err)) < 0 || !m)
    return ret;
  r->rdma = lc_xcalloc (json_object_size (m) + 1, sizeof *r->rdma);
  json_object_foreach (m, k, v)
  {
    struct lc_cgroup_rdma *d = &r->rdma[r->n_rdma++];
    uint64_t h = 0, ob = 0;
    char p[300];

    d->device = lc_xstrdup (k);
    snprintf (p, sizeof p, "rdma.%s", k);
    if (!json_is_object (v) || !*k || strpbrk (k, " \n/"))
      return lc_err_setx (err, EINVAL, P "%s: invalid entry", p);
    if ((ret
         = get_u64 (v, "hcaHandles", p, &d->has_handles, &h, UINT32_MAX, err))
            < 0
        || (ret = get_u64 (v, "hcaObjects", p, &d->has_objects, &ob,
                           UINT32_MAX, err))
               < 0)
      return ret;
    d->handles = (uint32_t) h;
    d->objects = (uint32_t) ob;
  }
  return 0;
}

static int
parse_device_rule (json_t *e, size_t i, struct lc_device_rule *d,
                   struct lc_err *err)
{
  json_t *allow = get (e, "allow");
  char p[48];
  cleanup_free char *type = NULL, *access = NULL;
  bool has_ma = false, has_mi = false;
  int ret;

  snprintf (p, sizeof p, "devices[%zu]", i);
  if (!json_is_object (e))
    return lc_err_setx (err, EINVAL, P "%s: expected an object", p);
  if (!json_is_boolean (allow))
    return lc_err_setx (err, EINVAL, P "%s.allow: expected a boolean", p);
  d->allow = json_is_true (allow);
  if ((ret = get_str (e, "type", p, &type, err)) < 0
      || (ret = get_str (e, "access", p, &access, err)) < 0
      || (ret = get_i64 (e, "major", p, &has_ma, &d->major, err)) < 0
      || (ret = get_i64 (e, "minor", p, &has_mi, &d->minor, err)) < 0)
    return ret;
  d->type = type ? type[0] : 'a';
  if (type && (strlen (type) != 1 || !strchr ("acbup", type[0])))
    return lc_err_setx (err, EINVAL, P "%s.type: expected a, c, b, u or p", p);
  if (d->type == 'u')
    d->type = 'c';
  if (!has_ma || d->major < 0)
    d->major = -1;
  if (!has_mi || d->minor < 0)
    d->minor = -1;
  if (d->major > INT32_MAX || d->minor > INT32_MAX)
    return lc_err_setx (err, EINVAL, P "%s: major/minor too large", p);
  if (!access)
    access = lc_xstrdup ("rwm");
  if (strlen (access) > 3 || strspn (access, "rwm") != strlen (access))
    return lc_err_setx (err, EINVAL, P "%s.access: expected letters of rwm",
                        p);
  memcpy (d->access, access, strlen (access) + 1);
  return 0;
}

static int
parse_devices_unified (json_t *o, struct lc_cgroup_resources *r,
                       struct lc_err *err)
{
  json_t *a, *e, *u, *v;
  const char *k;
  size_t i, n = 0;
  int ret;

  if ((ret = get_arr (o, "devices", "", &a, err)) < 0)
    return ret;
  if (a)
    {
      r->has_devices = true;
      r->devices = lc_xcalloc (json_array_size (a) + 1, sizeof *r->devices);
      json_array_foreach (a, i, e)
      {
        if ((ret = parse_device_rule (e, i, &r->devices[i], err)) < 0)
          return ret;
        r->n_devices++;
      }
    }
  if ((ret = get_obj (o, "unified", &u, err)) < 0 || !u)
    return ret;
  r->unified_keys = lc_xcalloc (json_object_size (u) + 1, sizeof (char *));
  r->unified_values = lc_xcalloc (json_object_size (u) + 1, sizeof (char *));
  json_object_foreach (u, k, v)
  {
    if (!json_is_string (v))
      return lc_err_setx (err, EINVAL, P "unified.%s: expected a string", k);
    r->unified_keys[n] = lc_xstrdup (k);
    r->unified_values[n++] = lc_xstrdup (json_string_value (v));
  }
  return 0;
}

static int
parse_resources (json_t *o, struct lc_cgroup_resources *r, struct lc_err *err)
{
  json_t *pids, *net;
  int ret;

  if (!json_is_object (o))
    return lc_err_setx (err, EINVAL, "linux.resources: expected an object");
  if ((ret = parse_memory (o, r, err)) < 0 || (ret = parse_cpu (o, r, err)) < 0
      || (ret = parse_blockio (o, r, err)) < 0
      || (ret = parse_hugepages (o, r, err)) < 0
      || (ret = parse_rdma (o, r, err)) < 0
      || (ret = parse_devices_unified (o, r, err)) < 0)
    return ret;
  if ((ret = get_obj (o, "pids", &pids, err)) < 0)
    return ret;
  if (pids
      && (ret = get_i64 (pids, "limit", "pids", &r->has_pids_limit,
                         &r->pids_limit, err))
             < 0)
    return ret;
  if ((ret = get_obj (o, "network", &net, err)) < 0)
    return ret;
  /* An empty network object asks for nothing. */
  r->has_network = net
                   && (get (net, "classID")
                       || json_array_size (get (net, "priorities")) > 0);
  return 0;
}

int
lc_cgroup_resources_parse (const char *json, size_t len, bool whole_config,
                           struct lc_cgroup_resources *ret, struct lc_err *err)
{
  json_auto_t *root = NULL;
  struct lc_cgroup_resources r = { 0 };
  json_t *o = NULL;
  int rc;

  rc = lc_json_load (json, len, whole_config ? NULL : "linux.resources", &root,
                     err);
  if (rc < 0)
    return rc;
  o = root;
  if (whole_config)
    {
      json_t *linux_ = get (root, "linux");
      o = linux_ ? get (linux_, "resources") : NULL;
      if (!o)
        {
          memset (ret, 0, sizeof *ret);
          return 0;
        }
    }
  rc = parse_resources (o, &r, err);
  if (rc < 0)
    {
      lc_cgroup_resources_clear (&r);
      return rc;
    }
  *ret = r;
  return 0;
}
