/* cmd_cgroup.c - pause, resume, update, events, ps (runc's flags). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "cgroup_ops.h"
#include "hull.h"
#include "util.h"

int
cmd_pause (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id = NULL;
  int r = hull_parse_id_only (argc, argv, &id, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull pause ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_pause (&g->ctx, id, err) < 0)
    return -1;
  return 0;
}

int
cmd_resume (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id = NULL;
  int r = hull_parse_id_only (argc, argv, &id, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull resume ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_resume (&g->ctx, id, err) < 0)
    return -1;
  return 0;
}

/* --- update -------------------------------------------------------------- */

enum
{
  OPT_MEMORY = 256,
  OPT_MEMORY_RESERVATION,
  OPT_MEMORY_SWAP,
  OPT_CPU_SHARES,
  OPT_CPU_PERIOD,
  OPT_CPU_QUOTA,
  OPT_CPUSET_CPUS,
  OPT_CPUSET_MEMS,
  OPT_PIDS_LIMIT,
  OPT_BLKIO_WEIGHT,
};

static const char update_usage[]
    = "usage: hull update [-r FILE|-] [--memory N] [--memory-reservation N]\n"
      "         [--memory-swap N] [--cpu-shares N] [--cpu-period N]\n"
      "         [--cpu-quota N] [--cpuset-cpus LIST] [--cpuset-mems LIST]\n"
      "         [--pids-limit N] [--blkio-weight N] ID\n"
      "Sizes take k, m, g suffixes; -1 means unlimited.  -r reads a\n"
      "linux.resources JSON object (- for standard input).\n";

static int
size_arg (const char *flag, const char *v, bool *has, int64_t *dst,
          struct lc_err *err)
{
  if (lc_cgroup_parse_size (v, dst) < 0)
    return hull_usage_error (err, "update", "%s: invalid size '%s'", flag, v);
  *has = true;
  return 0;
}

static int
num_arg (const char *flag, const char *v, long long min, long long max,
         long long *dst, struct lc_err *err)
{
  long long x;
  if (lc_parse_i64 (v, &x) < 0 || x < min || x > max)
    return hull_usage_error (err, "update", "%s: invalid value '%s'", flag, v);
  *dst = x;
  return 0;
}

static int
update_opt (int c, const char *v, struct lc_update_flags *f,
            struct lc_err *err)
{
  long long x = 0;
  switch (c)
    {
    case OPT_MEMORY:
      return size_arg ("--memory", v, &f->has_memory, &f->memory, err);
    case OPT_MEMORY_RESERVATION:
      return size_arg ("--memory-reservation", v, &f->has_memory_reservation,
                       &f->memory_reservation, err);
    case OPT_MEMORY_SWAP:
      return size_arg ("--memory-swap", v, &f->has_memory_swap,
                       &f->memory_swap, err);
    case OPT_CPU_SHARES:
      if (num_arg ("--cpu-shares", v, 0, 262144, &x, err) < 0)
        return -1;
      f->has_cpu_shares = true, f->cpu_shares = (uint64_t) x;
      return 0;
    case OPT_CPU_PERIOD:
      if (num_arg ("--cpu-period", v, 0, 1000000, &x, err) < 0)
        return -1;
      f->has_cpu_period = true, f->cpu_period = (uint64_t) x;
      return 0;
    case OPT_CPU_QUOTA:
      if (num_arg ("--cpu-quota", v, -1, INT64_MAX, &x, err) < 0)
        return -1;
      f->has_cpu_quota = true, f->cpu_quota = x;
      return 0;
    case OPT_CPUSET_CPUS:
      f->cpuset_cpus = v;
      return 0;
    case OPT_CPUSET_MEMS:
      f->cpuset_mems = v;
      return 0;
    case OPT_PIDS_LIMIT:
      if (num_arg ("--pids-limit", v, -1, INT64_MAX, &x, err) < 0)
        return -1;
      f->has_pids_limit = true, f->pids_limit = x;
      return 0;
    case OPT_BLKIO_WEIGHT:
      if (num_arg ("--blkio-weight", v, 10, 1000, &x, err) < 0)
        return -1;
      f->has_blkio_weight = true, f->blkio_weight = (uint16_t) x;
      return 0;
    }
  return hull_usage_error (err, "update", "unknown option");
}

/* The bound of -r: a linux.resources object is a few KiB. */
#define RESOURCES_MAX (16u << 20)

/* -r -: standard input, bounded like a file.  stdio, not a reopen of
 * /dev/stdin, which fails on a socket (ssh's sessions) and starts a
 * regular file over. */
static int
read_stdin (char **ret, struct lc_err *err)
{
  cleanup_free char *buf = NULL;
  size_t len = 0, cap = 0;

  /* Up to one byte past the bound, to tell a longer input from one
   * exactly at it. */
  while (len <= RESOURCES_MAX)
    {
      size_t want, n;
      if (len == cap)
        {
          cap = cap ? cap * 2 : 65536;
          if (cap > RESOURCES_MAX + 1)
            cap = RESOURCES_MAX + 1;
          buf = lc_xrealloc (buf, cap + 1);
        }
      want = cap - len;
      n = fread (buf + len, 1, want, stdin);
      len += n;
      if (n < want)
        {
          if (ferror (stdin))
            return lc_err_set (err, errno ? errno : EIO,
                               "-r -: read standard input");
          break;
        }
    }
  if (len > RESOURCES_MAX)
    return lc_err_setx (err, EFBIG,
                        "-r -: standard input is larger than %u bytes",
                        RESOURCES_MAX);
  buf[len] = '\0';
  *ret = TAKE_PTR (buf);
  return 0;
}

static int
read_resources (const char *file, char **ret, struct lc_err *err)
{
  if (strcmp (file, "-") == 0)
    return read_stdin (ret, err);
  return lc_read_file_at (AT_FDCWD, file, RESOURCES_MAX, ret, NULL, err);
}

int
hull_parse_update (int argc, char **argv, struct hull_update_args *ret,
                   struct lc_err *err)
{
  static const struct option opts[]
      = { { "resources", required_argument, NULL, 'r' },
          { "memory", required_argument, NULL, OPT_MEMORY },
          { "memory-reservation", required_argument, NULL,
            OPT_MEMORY_RESERVATION },
          { "memory-swap", required_argument, NULL, OPT_MEMORY_SWAP },
          { "cpu-shares", required_argument, NULL, OPT_CPU_SHARES },
          { "cpu-period", required_argument, NULL, OPT_CPU_PERIOD },
          { "cpu-quota", required_argument, NULL, OPT_CPU_QUOTA },
          { "cpuset-cpus", required_argument, NULL, OPT_CPUSET_CPUS },
          { "cpuset-mems", required_argument, NULL, OPT_CPUSET_MEMS },
          { "pids-limit", required_argument, NULL, OPT_PIDS_LIMIT },
          { "blkio-weight", required_argument, NULL, OPT_BLKIO_WEIGHT },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_update_args a = { 0 };
  int c;

  while ((c = getopt_long (argc, argv, "r:h", opts, NULL)) != -1)
    {
      if (c == 'h')
        return HULL_PARSE_HELP;
      if (c == 'r')
        a.file = optarg;
      else if (update_opt (c, optarg, &a.f, err) < 0)
        return -1;
    }
  if (hull_parse_id_arg (argc, argv, "update", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "update", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_update (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_update_args a = { 0 };
  cleanup_free char *json = NULL;
  int r = hull_parse_update (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      fputs (update_usage, stdout);
      return 0;
    }
  if (r < 0)
    return -1;
  if (a.file && read_resources (a.file, &json, err) < 0)
    return -1;
  if (hull_context (g, err) < 0
      || lc_container_update (&g->ctx, a.id, json, &a.f, err) < 0)
    return -1;
  return 0;
}

/* --- events -------------------------------------------------------------- */

static int
print_event (void *data, const char *line)
{
  struct lc_err *err = data;
  if (printf ("%s\n", line) < 0 || fflush (stdout) != 0)
    return lc_err_set (err, errno ? errno : EIO, "write standard output");
  return 0;
}

/* --interval: a duration as runc's (Go's) "5s", "1.5s", "300ms", "1m30s";
 * a bare number is seconds.  From 1 ms to 24 h. */
static int
parse_interval (const char *s, int *ret)
{
  long long ns;

  if (lc_logfile_parse_duration (s, &ns) < 0 || ns < 1000000LL
      || ns > 86400LL * 1000000000LL)
    return -1;
  *ret = (int) (ns / 1000000);
  return 0;
}

int
hull_parse_events (int argc, char **argv, struct hull_events_args *ret,
                   struct lc_err *err)
{
  static const struct option opts[]
      = { { "stats", no_argument, NULL, 's' },
          { "interval", required_argument, NULL, 'i' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_events_args a = { .interval_ms = 5000 };
  int c;

  while ((c = getopt_long (argc, argv, "h", opts, NULL)) != -1)
    switch (c)
      {
      case 's':
        a.stats = true;
        break;
      case 'i':
        if (parse_interval (optarg, &a.interval_ms) < 0)
          return hull_usage_error (err, "events",
                                   "--interval '%s': expected a duration "
                                   "from 1ms to 24h, like 5s, 1.5s or 300ms",
                                   optarg);
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "events", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "events", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "events", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_events (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_events_args a = { 0 };
  int r = hull_parse_events (argc, argv, &a, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull events [--stats] [--interval 5s] ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_events (&g->ctx, a.id, a.stats, a.interval_ms,
                              print_event, err, err)
             < 0)
    return -1;
  return 0;
}

/* --- ps ------------------------------------------------------------------ */

int
hull_parse_ps (int argc, char **argv, struct hull_ps_args *ret,
               struct lc_err *err)
{
  static const struct option opts[]
      = { { "format", required_argument, NULL, 'f' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_ps_args a = { 0 };
  const char *format = "table";
  int c;

  /* "+": options stop at the id, the rest belongs to ps(1) */
  while ((c = getopt_long (argc, argv, "+f:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'f':
        format = optarg;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "ps", "unknown option");
      }
  if (strcmp (format, "table") && strcmp (format, "json"))
    return hull_usage_error (err, "ps", "invalid format '%s'", format);
  a.json = !strcmp (format, "json");
  if (hull_parse_id_arg (argc, argv, "ps", &a.id, err) < 0)
    return -1;
  if (a.json && optind < argc)
    return hull_usage_error (err, "ps", "ps options need --format table");
  a.ps_args = optind < argc ? argv + optind : NULL;
  *ret = a;
  return 0;
}

int
cmd_ps (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_ps_args a = { 0 };
  cleanup_free pid_t *pids = NULL;
  cleanup_free char *text = NULL;
  size_t n;
  int r = hull_parse_ps (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull ps [--format table|json] ID [ps options]\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_ps (&g->ctx, a.id, &pids, &n, err) < 0)
    return -1;
  if (a.json)
    {
      printf ("[");
      for (size_t i = 0; i < n; i++)
        printf ("%s%d", i ? "," : "", (int) pids[i]);
      printf ("]\n");
      return 0;
    }
  if (lc_ps_table (a.ps_args, pids, n, &text, err) < 0)
    return -1;
  fputs (text, stdout);
  return 0;
}
