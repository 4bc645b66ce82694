/* cgroup_ops.c - pause, resume, update, events and ps on an existing
 * container, through the cgroup recorded in its state. */
#include "cgroup_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "util.h"

extern char **environ;

/* Open the container (locked) and its cgroup. */
static int
open_both (const struct lc_context *ctx, const char *id, bool exclusive,
           struct lc_opened *op, struct lc_cgroup *cg, struct lc_err *err)
{
  int r = lc_container_open (ctx, id, exclusive, op, err);
  if (r < 0)
    return r;
  if (!op->st.cgroup_path || !*op->st.cgroup_path)
    {
      lc_opened_close (op);
      return lc_err_setx (err, EOPNOTSUPP,
                          "container '%s' has no cgroup (rootless without a "
                          "delegated cgroup)",
                          id);
    }
  r = lc_cgroup_open_state (op->st.cgroup_path, cg, err);
  if (r < 0)
    {
      lc_err_prefix (err, "container '%s'", id);
      lc_opened_close (op);
    }
  return r;
}

static void
close_both (struct lc_opened *op, struct lc_cgroup *cg)
{
  lc_cgroup_close (cg);
  lc_opened_close (op);
}

static int
freeze (const struct lc_context *ctx, const char *id, bool on,
        struct lc_err *err)
{
  struct lc_opened op;
  struct lc_cgroup cg;
  int r;

  r = open_both (ctx, id, true, &op, &cg, err);
  if (r < 0)
    return r;
  if (op.status == LC_STATUS_STOPPED)
    r = lc_err_setx (err, EINVAL, "container '%s' is not running", id);
  else if (lc_cgroup_is_frozen (&cg) == on)
    r = lc_err_setx (err, EINVAL,
                     on ? "container '%s' is already paused"
                        : "container '%s' is not paused",
                     id);
  else
    r = lc_cgroup_freeze (&cg, on, err);
  close_both (&op, &cg);
  return r;
}

int
lc_container_pause (const struct lc_context *ctx, const char *id,
                    struct lc_err *err)
{
  return freeze (ctx, id, true, err);
}

int
lc_container_resume (const struct lc_context *ctx, const char *id,
                     struct lc_err *err)
{
  return freeze (ctx, id, false, err);
}

/* --- update -------------------------------------------------------------- */

static bool
any_flag (const struct lc_update_flags *f)
{
  return f
         && (f->has_memory || f->has_memory_reservation || f->has_memory_swap
             || f->has_cpu_shares || f->has_cpu_period || f->has_cpu_quota
             || f->cpuset_cpus || f->cpuset_mems || f->has_pids_limit
             || f->has_blkio_weight);
}

static void
from_flags (const struct lc_update_flags *f, struct lc_cgroup_resources *r)
{
  memset (r, 0, sizeof *r);
  r->has_mem_limit = f->has_memory;
  r->mem_limit = f->memory;
  r->has_mem_reservation = f->has_memory_reservation;
  r->mem_reservation = f->memory_reservation;
  r->has_mem_swap = f->has_memory_swap;
  r->mem_swap = f->memory_swap;
  r->has_cpu_shares = f->has_cpu_shares;
  r->cpu_shares = f->cpu_shares;
  r->has_cpu_period = f->has_cpu_period;
  r->cpu_period = f->cpu_period;
  r->has_cpu_quota = f->has_cpu_quota;
  r->cpu_quota = f->cpu_quota;
  r->cpus = f->cpuset_cpus ? lc_xstrdup (f->cpuset_cpus) : NULL;
  r->mems = f->cpuset_mems ? lc_xstrdup (f->cpuset_mems) : NULL;
  r->has_pids_limit = f->has_pids_limit;
  r->pids_limit = f->pids_limit;
  r->has_blkio_weight = f->has_blkio_weight;
  r->blkio_weight = f->blkio_weight;
}

/* A new device list replaces the program; linux.devices stay allowed. */
static int
update_devices (const struct lc_opened *op, const struct lc_cgroup *cg,
                const struct lc_cgroup_resources *r, struct lc_err *err)
{
  struct lc_spec *spec = NULL;
  struct lc_device_rule *rules;
  size_t n = 0;
  int ret;

  ret = lc_container_load_spec (op->dirfd, &spec, err);
  if (ret < 0)
    return ret;
  rules = lc_xcalloc (r->n_devices + spec->n_devices + 1, sizeof *rules);
  for (size_t i = 0; i < r->n_devices; i++)
    rules[n++] = r->devices[i];
  for (size_t i = 0; i < spec->n_devices; i++)
    if (spec->devices[i].type != 'p')
      rules[n++] = (struct lc_device_rule){
        true, spec->devices[i].type == 'b' ? 'b' : 'c', spec->devices[i].major,
        spec->devices[i].minor, "rwm"
      };
  ret = lc_cgroup_devices_apply (cg->dirfd, rules, n, err);
  free (rules);
  lc_spec_free (spec);
  return ret;
}

int
lc_container_update (const struct lc_context *ctx, const char *id,
                     const char *resources_json,
                     const struct lc_update_flags *f, struct lc_err *err)
{
  struct lc_cgroup_resources r;
  struct lc_opened op;
  struct lc_cgroup cg;
  int ret;

  if (resources_json && any_flag (f))
    return lc_err_setx (err, EINVAL,
                        "update: give either a resources "
                        "document (-r) or flags, not both");
  if (resources_json)
    ret = lc_cgroup_resources_parse (resources_json, strlen (resources_json),
                                     false, &r, err);
  else
    {
      from_flags (f, &r);
      ret = 0;
    }
  if (ret < 0)
    return ret;
  ret = lc_cgroup_resources_validate (&r, err);
  if (ret >= 0)
    ret = open_both (ctx, id, true, &op, &cg, err);
  if (ret < 0)
    {
      lc_cgroup_resources_clear (&r);
      return ret;
    }
  if (op.status == LC_STATUS_STOPPED)
    ret = lc_err_setx (err, EINVAL, "container '%s' is not running", id);
  if (ret >= 0)
    ret = lc_cgroup_ensure_controllers (&cg, lc_cgroup_needed_controllers (&r),
                                        err);
  if (ret >= 0)
    ret = lc_cgroup_apply_full (&cg, &r, ctx->rootless, err);
  if (ret >= 0 && r.has_devices && !ctx->rootless)
    ret = update_devices (&op, &cg, &r, err);
  close_both (&op, &cg);
  lc_cgroup_resources_clear (&r);
  return ret;
}

/* --- events -------------------------------------------------------------- */

static int
emit_event (lc_event_fn emit, void *data, const char *type, const char *id,
            const char *stats_json)
{
  json_t *o = json_pack ("{s:s,s:s}", "type", type, "id", id);
  char *line;
  int r;

  if (stats_json)
    json_object_set_new (o, "data", json_loads (stats_json, 0, NULL));
  line = json_dumps (o, JSON_COMPACT);
  json_decref (o);
  if (!line)
    return -ENOMEM;
  r = emit (data, line);
  free (line);
  return r;
}

static int
emit_stats (const struct lc_cgroup *cg, const char *id, lc_event_fn emit,
            void *data, struct lc_err *err)
{
  cleanup_free char *s = NULL;
  int r = lc_cgroup_stats_json (cg, &s, err);
  if (r < 0)
    return r;
  return emit_event (emit, data, "stats", id, s);
}

static long long
now_ms (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return (long long) t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

static bool
populated (const struct lc_cgroup *cg)
{
  cleanup_free char *buf = NULL;
  const char *p;
  if (lc_read_file_at (cg->dirfd, "cgroup.events", 4096, &buf, NULL, NULL) < 0)
    return false;
  p = strstr (buf, "populated ");
  return p && p[10] == '1';
}

int
lc_container_events (const struct lc_context *ctx, const char *id, bool stats,
                     int interval_ms, lc_event_fn emit, void *data,
                     struct lc_err *err)
{
  struct lc_opened op;
  struct lc_cgroup cg;
  unsigned long long ooms = 0, now_ooms;
  long long next;
  int r;

  r = open_both (ctx, id, false, &op, &cg, err);
  if (r < 0)
    return r;
  /* The state lock is not held while streaming: delete must not wait. */
  lc_opened_close (&op);
  if (stats || interval_ms <= 0)
    {
      r = emit_stats (&cg, id, emit, data, err);
      lc_cgroup_close (&cg);
      return r;
    }
  (void) lc_cgroup_oom_kills (&cg, &ooms);
  next = now_ms ();
  while (populated (&cg))
    {
      if (lc_cgroup_oom_kills (&cg, &now_ooms) == 0 && now_ooms > ooms)
        {
          ooms = now_ooms;
          if ((r = emit_event (emit, data, "oom", id, NULL)) < 0)
            break;
        }
      if (now_ms () >= next)
        {
          if ((r = emit_stats (&cg, id, emit, data, err)) < 0)
            break;
          next = now_ms () + interval_ms;
        }
      (void) poll (NULL, 0, interval_ms < 200 ? interval_ms : 200);
    }
  lc_cgroup_close (&cg);
  return r < 0 ? r : 0;
}

/* --- ps ------------------------------------------------------------------ */

int
lc_container_ps (const struct lc_context *ctx, const char *id, pid_t **ret,
                 size_t *ret_n, struct lc_err *err)
{
  struct lc_opened op;
  struct lc_cgroup cg;
  int r;

  r = open_both (ctx, id, false, &op, &cg, err);
  if (r < 0)
    return r;
  r = lc_cgroup_pids (&cg, ret, ret_n, err);
  close_both (&op, &cg);
  return r;
}

/* Index of the PID column in ps's header line. */
static int
pid_column (const char *header)
{
  int col = 0;
  for (const char *p = header; *p;)
    {
      size_t n;
      p += strspn (p, " \t");
      n = strcspn (p, " \t\n");
      if (n == 0)
        break;
      if (n == 3 && strncmp (p, "PID", 3) == 0)
        return col;
      col++;
      p += n;
    }
  return -1;
}

static bool
line_has_pid (const char *line, int col, const pid_t *pids, size_t n)
{
  const char *p = line;
  for (int i = 0; *p; i++)
    {
      size_t len;
      p += strspn (p, " \t");
      len = strcspn (p, " \t\n");
      if (len == 0)
        return false;
      if (i == col)
        {
          long v = strtol (p, NULL, 10);
          for (size_t k = 0; k < n; k++)
            if (pids[k] == v)
              return true;
          return false;
        }
      p += len;
    }
  return false;
}

static int
run_ps (char *const *ps_args, char **ret, struct lc_err *err)
{
  size_t nargs = ps_args ? lc_strv_len (ps_args) : 0;
  cleanup_free char **argv = lc_xcalloc (nargs + 3, sizeof (char *));
  posix_spawn_file_actions_t fa;
  cleanup_close int rfd = -1;
  int fds[2], status, r;
  char *out = NULL;
  size_t len = 0;
  pid_t pid;

  argv[0] = (char *) "ps";
  for (size_t i = 0; i < nargs; i++)
    argv[i + 1] = ps_args[i];
  if (nargs == 0)
    argv[1] = (char *) "-ef";
  if (pipe2 (fds, O_CLOEXEC) < 0)
    return lc_err_set (err, errno, "pipe");
  rfd = fds[0];
  posix_spawn_file_actions_init (&fa);
  posix_spawn_file_actions_adddup2 (&fa, fds[1], STDOUT_FILENO);
  r = posix_spawnp (&pid, "ps", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy (&fa);
  close (fds[1]);
  if (r != 0)
    return lc_err_set (err, r, "run ps");
  for (;;)
    {
      ssize_t k;
      out = lc_xrealloc (out, len + 4097);
      k = read (rfd, out + len, 4096);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0 || len > (16u << 20))
        break;
      len += (size_t) k;
    }
  out[len] = '\0';
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      free (out);
      return lc_err_setx (err, EINVAL, "ps failed (status %d)", status);
    }
  *ret = out;
  return 0;
}

int
lc_ps_table (char *const *ps_args, const pid_t *pids, size_t n,
             char **ret_text, struct lc_err *err)
{
  cleanup_free char *out = NULL;
  char *res, *save = NULL, *line;
  size_t used = 0;
  int col, r;

  r = run_ps (ps_args, &out, err);
  if (r < 0)
    return r;
  res = lc_xcalloc (1, strlen (out) + 2);
  line = strtok_r (out, "\n", &save);
  if (!line || (col = pid_column (line)) < 0)
    {
      free (res);
      return lc_err_setx (err, EINVAL, "ps output has no PID column");
    }
  used += (size_t) sprintf (res + used, "%s\n", line);
  while ((line = strtok_r (NULL, "\n", &save)))
    if (line_has_pid (line, col, pids, n))
      used += (size_t) sprintf (res + used, "%s\n", line);
  *ret_text = res;
  return 0;
}
