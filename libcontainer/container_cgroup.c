/* container_cgroup.c - the container's cgroup across its lifecycle. */
#include "container_cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_systemd.h"
#include "util.h"

/* Every linux.resources field of the config the spec was loaded from
 * (the full form: the spec struct keeps only what the other modules
 * need).  Without linux.resources there is nothing to parse again. */
static int
read_resources (const struct lc_spec *spec, struct lc_cgroup_resources *res,
                struct lc_err *err)
{
  if (!spec->resources.present)
    {
      memset (res, 0, sizeof *res);
      return 0;
    }
  if (!spec->raw)
    return lc_err_setx (err, EINVAL,
                        "linux.resources: spec not loaded "
                        "from a bundle");
  return lc_cgroup_resources_parse (spec->raw, spec->raw_len, true, res, err);
}

int
lc_container_cgroup_create (const struct lc_spec *spec, const char *id,
                            bool rootless, struct lc_cgroup *cg,
                            struct lc_err *err)
{
  struct lc_cgroup_resources res;
  int r;

  r = read_resources (spec, &res, err);
  if (r < 0)
    return r;
  r = lc_cgroup_create_full (spec, &res, id, rootless, cg, err);
  lc_cgroup_resources_clear (&res);
  return r;
}

int
lc_container_cgroup_none (const struct lc_spec *spec, struct lc_err *err)
{
  struct lc_cgroup_resources res;
  bool any;
  int r;

  r = read_resources (spec, &res, err);
  if (r < 0)
    return r;
  any = lc_cgroup_resources_any (&res, true);
  lc_cgroup_resources_clear (&res);
  if (any)
    return lc_err_setx (err, EINVAL,
                        "linux.resources: limits need a cgroup, and "
                        "--cgroup-manager disabled makes none");
  return 0;
}

int
lc_container_cgroup_enter (void *data, pid_t pid, struct lc_err *err)
{
  return lc_cgroup_enter (data, pid, err);
}

int
lc_container_scope_prepare (const struct lc_spec *spec, const char *id,
                            bool rootless, struct lc_cgroup *cg,
                            struct lc_container_scope *ret, struct lc_err *err)
{
  struct lc_container_scope s = { .spec = spec, .user = rootless, .cg = cg };
  int r;

  r = lc_systemd_names (spec->cgroups_path, id, rootless, &s.slice, &s.unit,
                        err);
  if (r < 0)
    return r;
  r = read_resources (spec, &s.res, err);
  if (r < 0)
    {
      free (s.slice);
      free (s.unit);
      return r;
    }
  r = lc_cgroup_check_host (&s.res, err);
  if (r < 0)
    {
      lc_container_scope_clear (&s);
      return r;
    }
  *ret = s;
  return 0;
}

char *
lc_container_scope_plan (const struct lc_container_scope *s)
{
  cleanup_free char *mount = NULL;
  cleanup_free char *path = NULL;

  if (s->user || lc_cgroup_find_mount (&mount, NULL) < 0)
    return NULL;
  path = lc_systemd_cgroup_of (s->slice, s->unit);
  return lc_xasprintf ("%s:%s", mount, path);
}

int
lc_container_scope_enter (void *data, pid_t pid, struct lc_err *err)
{
  struct lc_container_scope *s = data;
  cleanup_free char *path = NULL;
  size_t n, u = strlen (s->unit);
  int r;

  r = lc_systemd_scope_start (s->slice, s->unit, pid, s->user, err);
  if (r < 0)
    return r;
  s->started = true;
  /* The real place, as systemd made it (a user manager's root is not
   * ours to guess). */
  r = lc_cgroup_of_pid (pid, &path, err);
  if (r < 0)
    return r;
  n = strlen (path);
  if (n <= u || path[n - u - 1] != '/' || strcmp (path + n - u, s->unit))
    return lc_err_setx (err, EIO,
                        "scope '%s' started, but the init is in '%s'", s->unit,
                        path);
  r = lc_cgroup_adopt (s->spec, &s->res, path, s->user, s->cg, err);
  if (r < 0)
    lc_err_prefix (err, "scope '%s'", s->unit);
  return r;
}

void
lc_container_scope_clear (struct lc_container_scope *s)
{
  if (!s)
    return;
  free (s->slice);
  free (s->unit);
  s->slice = s->unit = NULL;
  lc_cgroup_resources_clear (&s->res);
}

int
lc_container_cgroup_open (const struct lc_state *st, struct lc_cgroup *cg,
                          struct lc_err *err)
{
  int r;

  if (!st->cgroup_path || !*st->cgroup_path)
    {
      *cg = (struct lc_cgroup){ NULL, NULL, -1 };
      return 1;
    }
  r = lc_cgroup_open_state (st->cgroup_path, cg, err);
  return r < 0 ? r : 0;
}

enum lc_status
lc_container_cgroup_status (const struct lc_state *st, enum lc_status status)
{
  struct lc_cgroup cg;
  if (status != LC_STATUS_RUNNING && status != LC_STATUS_CREATED)
    return status;
  if (lc_container_cgroup_open (st, &cg, NULL) != 0)
    return status;
  if (lc_cgroup_is_frozen (&cg))
    status = LC_STATUS_PAUSED;
  lc_cgroup_close (&cg);
  return status;
}

int
lc_container_cgroup_signal (const struct lc_state *st, int sig)
{
  struct lc_cgroup cg;
  int r = lc_container_cgroup_open (st, &cg, NULL);
  if (r != 0)
    return r > 0 ? -ENOENT : r;
  r = lc_cgroup_signal (&cg, sig, NULL);
  lc_cgroup_close (&cg);
  return r;
}

int
lc_container_cgroup_remove (const struct lc_state *st, struct lc_err *err)
{
  struct lc_cgroup cg;
  int r = lc_container_cgroup_open (st, &cg, NULL);

  if (r == 0)
    {
      r = lc_cgroup_destroy (&cg, err);
      lc_cgroup_close (&cg);
    }
  else if (r == 1 || r == -ENOENT) /* no cgroup, or already removed */
    r = 0;
  else
    r = lc_err_set (err, -r, "open cgroup '%s'", st->cgroup_path);
  /* The scope after its cgroup is empty: stopping a scope with processes
   * would wait for them to take SIGTERM. */
  if (r >= 0 && st->systemd_unit)
    r = lc_systemd_scope_stop (st->systemd_unit, st->systemd_user, err);
  return r;
}
