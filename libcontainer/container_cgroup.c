/* container_cgroup.c - the container's cgroup across its lifecycle. */
#include "container_cgroup.h"

#include <errno.h>
#include <fcntl.h>

#include "util.h"

/* Every linux.resources field of the bundle's config.json (the full
 * form: the spec struct keeps only what the other modules need). */
static int
read_resources (const char *bundle, struct lc_cgroup_resources *res,
                struct lc_err *err)
{
  cleanup_free char *path = lc_xasprintf ("%s/config.json", bundle);
  cleanup_free char *json = NULL;
  size_t len;
  int r;

  r = lc_read_file_at (AT_FDCWD, path, LC_SPEC_MAX_SIZE, &json, &len, err);
  if (r < 0)
    return r;
  return lc_cgroup_resources_parse (json, len, true, res, err);
}

int
lc_container_cgroup_create (const struct lc_spec *spec, const char *bundle,
                            const char *id, bool rootless,
                            struct lc_cgroup *cg, struct lc_err *err)
{
  struct lc_cgroup_resources res;
  int r;

  r = read_resources (bundle, &res, err);
  if (r < 0)
    return r;
  r = lc_cgroup_create_full (spec, &res, id, rootless, cg, err);
  lc_cgroup_resources_clear (&res);
  return r;
}

int
lc_container_cgroup_none (const char *bundle, struct lc_err *err)
{
  struct lc_cgroup_resources res;
  bool any;
  int r;

  r = read_resources (bundle, &res, err);
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

static int
open_recorded (const struct lc_state *st, struct lc_cgroup *cg,
               struct lc_err *err)
{
  if (!st->cgroup_path || !*st->cgroup_path)
    return -ENOENT;
  return lc_cgroup_open_state (st->cgroup_path, cg, err);
}

enum lc_status
lc_container_cgroup_status (const struct lc_state *st, enum lc_status status)
{
  struct lc_cgroup cg;
  if (status != LC_STATUS_RUNNING && status != LC_STATUS_CREATED)
    return status;
  if (open_recorded (st, &cg, NULL) < 0)
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
  int r = open_recorded (st, &cg, NULL);
  if (r < 0)
    return r;
  r = lc_cgroup_signal (&cg, sig, NULL);
  lc_cgroup_close (&cg);
  return r;
}

int
lc_container_cgroup_remove (const struct lc_state *st, struct lc_err *err)
{
  struct lc_cgroup cg;
  int r = open_recorded (st, &cg, NULL);
  if (r == -ENOENT)
    return 0; /* no cgroup, or already removed */
  if (r < 0)
    return lc_err_set (err, -r, "open cgroup '%s'", st->cgroup_path);
  r = lc_cgroup_destroy (&cg, err);
  lc_cgroup_close (&cg);
  return r;
}
