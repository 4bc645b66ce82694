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
 * bundle's config.json applied.  cg->path is NULL when a rootless caller
 * has no delegated cgroup (and asked for no resources). */
int lc_container_cgroup_create (const struct lc_spec *spec,
                                const char *bundle, const char *id,
                                bool rootless, struct lc_cgroup *cg,
                                struct lc_err *err);

/* --cgroup-manager disabled: no cgroup at all, so -EINVAL when
 * linux.resources asks for a limit (device rules are not enforced). */
int lc_container_cgroup_none (const char *bundle, struct lc_err *err);

/* lc_launch.enter_cgroup: data is a struct lc_cgroup. */
int lc_container_cgroup_enter (void *data, pid_t pid, struct lc_err *err);

/* A running container whose cgroup is frozen is paused. */
enum lc_status lc_container_cgroup_status (const struct lc_state *st,
                                           enum lc_status status);

/* Signal every process in the container's cgroup.  0 when done, -ENOENT
 * when the container has no cgroup (the caller falls back). */
int lc_container_cgroup_signal (const struct lc_state *st, int sig);

/* Kill what is left in the cgroup and remove it; no cgroup is fine. */
int lc_container_cgroup_remove (const struct lc_state *st,
                                struct lc_err *err);

#endif
