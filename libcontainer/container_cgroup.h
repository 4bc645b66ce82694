/* container_cgroup.h - the container operations' use of its cgroup:
 * creation from config.json at create, placement of the init, status
 * (paused), kill --all, removal at delete. */
#ifndef LC_CONTAINER_CGROUP_H
#define LC_CONTAINER_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "error.h"
#include "spec.h"
#include "state.h"

/* Create the container's cgroup with every linux.resources field of the
 * config spec was loaded from (lc_spec_load) applied.  cg->path is NULL
 * when a rootless caller has no delegated cgroup (and asked for no
 * resources). */
int lc_container_cgroup_create (const struct lc_spec *spec, const char *id,
                                bool rootless, struct lc_cgroup *cg,
                                struct lc_err *err);

/* --cgroup-manager disabled: no cgroup at all, so -EINVAL when
 * linux.resources asks for a limit (device rules are not enforced). */
int lc_container_cgroup_none (const struct lc_spec *spec, struct lc_err *err);

/* lc_launch.enter_cgroup: data is a struct lc_cgroup. */
int lc_container_cgroup_enter (void *data, pid_t pid, struct lc_err *err);

/* --systemd-cgroup: the transient scope the init is placed in.  prepare
 * reads and checks everything (names, values, controllers) and creates
 * nothing; enter (lc_launch.enter_cgroup, data is the scope) asks systemd
 * to start the scope with the init in it, then applies the resources to
 * the scope's cgroup and fills *cg.  Strings are owned; clear frees. */
struct lc_container_scope
{
  char *slice, *unit;
  bool user;    /* the caller's user manager (rootless) */
  bool started; /* set by enter: the unit is ours to stop */
  const struct lc_spec *spec;
  struct lc_cgroup_resources res;
  struct lc_cgroup *cg;
};

/* -EINVAL for a bad cgroupsPath or resource value, -EOPNOTSUPP for a
 * controller this host lacks. */
int lc_container_scope_prepare (const struct lc_spec *spec, const char *id,
                                bool rootless, struct lc_cgroup *cg,
                                struct lc_container_scope *ret,
                                struct lc_err *err);
/* The cgroup the scope will have ("mount:path"), for the state written
 * before it exists; NULL for a user manager (its root is not known). */
char *lc_container_scope_plan (const struct lc_container_scope *s);
int lc_container_scope_enter (void *data, pid_t pid, struct lc_err *err);
void lc_container_scope_clear (struct lc_container_scope *s);

/* Open the cgroup recorded in the container's state: 0 when opened (the
 * caller closes *cg), 1 when the container has none (*cg has dirfd -1 and
 * nothing to close), -errno with err set when the recorded cgroup cannot be
 * opened (-ENOENT: it is gone). */
int lc_container_cgroup_open (const struct lc_state *st, struct lc_cgroup *cg,
                              struct lc_err *err);

/* A running container whose cgroup is frozen is paused. */
enum lc_status lc_container_cgroup_status (const struct lc_state *st,
                                           enum lc_status status);

/* Signal every process in the container's cgroup.  0 when done, -ENOENT
 * when the container has no cgroup (the caller falls back). */
int lc_container_cgroup_signal (const struct lc_state *st, int sig);

/* Kill what is left in the cgroup and remove it, then stop the systemd
 * scope when there is one; no cgroup (or scope) is fine. */
int lc_container_cgroup_remove (const struct lc_state *st, struct lc_err *err);

#endif
