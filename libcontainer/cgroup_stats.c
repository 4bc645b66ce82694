/* cgroup_stats.c - statistics of a container's cgroup as JSON in the shape
 * `runc events --stats` prints under "data": cpu (cpu.stat), memory
 * (memory.current/max/peak/stat/events, memory.swap.*), pids, blkio
 * (io.stat) and hugetlb.  Files that do not exist (a controller not
 * enabled) leave their section out. */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static char *
read_text (int dirfd, const char *file)
{
  char *buf = NULL;
  if (lc_read_file_at (dirfd, file, 1 << 20, &buf, NULL, NULL) < 0)
    return NULL;
  return buf;
}

/* A single value; "max" is reported as UINT64_MAX like runc does. */
static bool
read_u64 (int dirfd, const char *file, json_int_t *ret)
{
  cleanup_free char *t = read_text (dirfd, file);
  if (!t)
    return false;
  if (strncmp (t, "max", 3) == 0)
    *ret = (json_int_t) -1; /* jansson has no unsigned: -1 stands for max */
  else
    *ret = (json_int_t) strtoull (t, NULL, 10);
  return true;
}

/* "key value" lines into a JSON object of integers. */
static json_t *
read_flat (int dirfd, const char *file)
{
  cleanup_free char *t = read_text (dirfd, file);
  char *save = NULL;
  json_t *o;

  if (!t)
    return NULL;
  o = json_object ();
  for (char *l = strtok_r (t, "\n", &save); l;
       l = strtok_r (NULL, "\n", &save))
    {
      char key[128];
      unsigned long long v;
      if (sscanf (l, "%127s %llu", key, &v) == 2)
        json_object_set_new (o, key, json_integer ((json_int_t) v));
    }
  return o;
}

static json_int_t
get_int (json_t *o, const char *key)
{
  return o ? json_integer_value (json_object_get (o, key)) : 0;
}

static void
add_cpu (int dirfd, json_t *data)
{
  json_t *st = read_flat (dirfd, "cpu.stat");
  if (!st)
    return;
  json_object_set_new (
      data, "cpu",
      json_pack ("{s:{s:I,s:[],s:I,s:I},s:{s:I,s:I,s:I}}", "usage", "total",
                 get_int (st, "usage_usec") * 1000, "percpu", "kernel",
                 get_int (st, "system_usec") * 1000, "user",
                 get_int (st, "user_usec") * 1000, "throttling", "periods",
                 get_int (st, "nr_periods"), "throttledPeriods",
                 get_int (st, "nr_throttled"), "throttledTime",
                 get_int (st, "throttled_usec") * 1000));
  json_decref (st);
}

static void
add_memory (int dirfd, json_t *data)
{
  json_int_t usage = 0, limit = 0, peak = 0, susage = 0, slimit = 0;
  json_t *stat, *events, *mem;

  if (!read_u64 (dirfd, "memory.current", &usage))
    return;
  (void) read_u64 (dirfd, "memory.max", &limit);
  (void) read_u64 (dirfd, "memory.peak", &peak);
  (void) read_u64 (dirfd, "memory.swap.current", &susage);
  (void) read_u64 (dirfd, "memory.swap.max", &slimit);
  stat = read_flat (dirfd, "memory.stat");
  events = read_flat (dirfd, "memory.events");
  mem = json_pack ("{s:I,s:{s:I,s:I,s:I,s:I},s:{s:I,s:I}}", "cache",
                   get_int (stat, "file"), "usage", "usage", usage, "limit",
                   limit, "max", peak, "failcnt", get_int (events, "max"),
                   "swap", "usage", susage, "limit", slimit);
  if (stat)
    json_object_set_new (mem, "raw", stat);
  if (events)
    json_object_set_new (mem, "events", events);
  json_object_set_new (data, "memory", mem);
}

static void
add_pids (int dirfd, json_t *data)
{
  json_int_t cur, lim = 0;
  if (!read_u64 (dirfd, "pids.current", &cur))
    return;
  (void) read_u64 (dirfd, "pids.max", &lim);
  json_object_set_new (
      data, "pids",
      json_pack ("{s:I,s:I}", "current", cur, "limit", lim == -1 ? 0 : lim));
}

/* io.stat: "MAJ:MIN rbytes=N wbytes=N rios=N wios=N dbytes=N dios=N". */
static void
add_io (int dirfd, json_t *data)
{
  cleanup_free char *t = read_text (dirfd, "io.stat");
  json_t *bytes, *ios;
  char *save = NULL;

  if (!t)
    return;
  bytes = json_array ();
  ios = json_array ();
  for (char *l = strtok_r (t, "\n", &save); l;
       l = strtok_r (NULL, "\n", &save))
    {
      unsigned ma, mi;
      unsigned long long rb = 0, wb = 0, ri = 0, wi = 0;
      char *p;
      if (sscanf (l, "%u:%u", &ma, &mi) != 2)
        continue;
      if ((p = strstr (l, "rbytes=")))
        rb = strtoull (p + 7, NULL, 10);
      if ((p = strstr (l, "wbytes=")))
        wb = strtoull (p + 7, NULL, 10);
      if ((p = strstr (l, "rios=")))
        ri = strtoull (p + 5, NULL, 10);
      if ((p = strstr (l, "wios=")))
        wi = strtoull (p + 5, NULL, 10);
      json_array_append_new (bytes, json_pack ("{s:i,s:i,s:s,s:I}", "major",
                                               ma, "minor", mi, "op", "Read",
                                               "value", (json_int_t) rb));
      json_array_append_new (bytes, json_pack ("{s:i,s:i,s:s,s:I}", "major",
                                               ma, "minor", mi, "op", "Write",
                                               "value", (json_int_t) wb));
      json_array_append_new (ios, json_pack ("{s:i,s:i,s:s,s:I}", "major", ma,
                                             "minor", mi, "op", "Read",
                                             "value", (json_int_t) ri));
      json_array_append_new (ios, json_pack ("{s:i,s:i,s:s,s:I}", "major", ma,
                                             "minor", mi, "op", "Write",
                                             "value", (json_int_t) wi));
    }
  json_object_set_new (data, "blkio",
                       json_pack ("{s:o,s:o}", "ioServiceBytesRecursive",
                                  bytes, "ioServicedRecursive", ios));
}

static void
add_hugetlb (int dirfd, json_t *data)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *e;
  json_t *h;

  if (!d)
    {
      lc_close (fd);
      return;
    }
  h = json_object ();
  while ((e = readdir (d)))
    {
      char size[32], file[96];
      json_int_t cur = 0, max = 0;
      json_t *ev;
      size_t n;
      if (strncmp (e->d_name, "hugetlb.", 8) != 0)
        continue;
      n = strlen (e->d_name);
      if (n < 16 || strcmp (e->d_name + n - 8, ".current") != 0
          || strstr (e->d_name, ".rsvd.") || n - 16 >= sizeof size)
        continue;
      memcpy (size, e->d_name + 8, n - 16);
      size[n - 16] = '\0';
      (void) read_u64 (dirfd, e->d_name, &cur);
      snprintf (file, sizeof file, "hugetlb.%s.max", size);
      (void) read_u64 (dirfd, file, &max);
      snprintf (file, sizeof file, "hugetlb.%s.events", size);
      ev = read_flat (dirfd, file);
      json_object_set_new (h, size,
                           json_pack ("{s:I,s:I,s:I}", "usage", cur, "max",
                                      max, "failcnt", get_int (ev, "max")));
      json_decref (ev);
    }
  closedir (d);
  json_object_set_new (data, "hugetlb", h);
}

int
lc_cgroup_stats_json (const struct lc_cgroup *cg, char **ret,
                      struct lc_err *err)
{
  json_t *data;
  char *s;

  if (cg->dirfd < 0)
    return lc_err_setx (err, EOPNOTSUPP, "the container has no cgroup");
  data = json_object ();
  add_cpu (cg->dirfd, data);
  add_memory (cg->dirfd, data);
  add_pids (cg->dirfd, data);
  add_io (cg->dirfd, data);
  add_hugetlb (cg->dirfd, data);
  s = json_dumps (data, JSON_COMPACT | JSON_SORT_KEYS);
  json_decref (data);
  if (!s)
    return lc_err_set (err, ENOMEM, "stats json");
  *ret = s;
  return 0;
}

int
lc_cgroup_oom_kills (const struct lc_cgroup *cg, unsigned long long *ret)
{
  json_t *ev;
  if (cg->dirfd < 0)
    return -EOPNOTSUPP;
  ev = read_flat (cg->dirfd, "memory.events");
  if (!ev)
    return -ENOENT;
  *ret = (unsigned long long) get_int (ev, "oom_kill");
  json_decref (ev);
  return 0;
}
