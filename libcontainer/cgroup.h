/* cgroup.h - cgroup v2 for containers: discovery (pure v2 or hybrid),
 * placement, linux.resources, freeze, kill, stats, removal.  Every write is
 * relative to the container's cgroup dirfd and never follows a symlink. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

struct lc_cgroup
{
  char *mount; /* the cgroup2 mount: "/sys/fs/cgroup" or ".../unified" */
  char *path;  /* the container's cgroup relative to mount, e.g. "/hull/c1" */
  int dirfd;   /* O_DIRECTORY|O_CLOEXEC of mount+path, or -1 */
};

/* Find the cgroup2 mount from /proc/self/mountinfo.  -ENOENT with a clear
 * message on a v1-only host. */
int lc_cgroup_find_mount (char **ret_mount, struct lc_err *err);

/* Create the container's cgroup: linux.cgroupsPath (absolute = from the
 * mount root; relative = under the caller's own cgroup) or /hull/<id> as
 * root; rootless: a child of the caller's cgroup when writable, else no
 * cgroup (ret->path NULL, a warning logged) unless resources were asked
 * for, which is then an error naming the missing delegation.  Enables the
 * needed controllers in the parents and applies spec->resources; refuses
 * (before creating anything) resources whose controller is unavailable on
 * this host, naming the field.  On failure nothing is left behind. */
int lc_cgroup_create (const struct lc_spec *spec, const char *id,
                      bool rootless, struct lc_cgroup *ret,
                      struct lc_err *err);

/* Re-open an existing container's cgroup (mount + path from the state). */
int lc_cgroup_open (const char *mount, const char *path,
                    struct lc_cgroup *ret, struct lc_err *err);

/* Write pid into cgroup.procs. */
int lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid,
                     struct lc_err *err);

/* Apply (or re-apply, for update) resources to the cgroup. */
int lc_cgroup_apply (const struct lc_cgroup *cg,
                     const struct lc_resources *res, struct lc_err *err);

/* cgroup.freeze = 1/0, waiting until cgroup.events says frozen 1/0. */
int lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze,
                      struct lc_err *err);
bool lc_cgroup_is_frozen (const struct lc_cgroup *cg);

/* Signal every process in the cgroup (cgroup.kill for SIGKILL when the
 * kernel has it). */
int lc_cgroup_signal (const struct lc_cgroup *cg, int sig,
                      struct lc_err *err);

/* Host pids in the cgroup (recursively), sorted. */
int lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **ret, size_t *ret_n,
                    struct lc_err *err);

/* Stats as JSON text (runc events --stats shape). */
int lc_cgroup_stats_json (const struct lc_cgroup *cg, char **ret,
                          struct lc_err *err);

/* Kill stragglers, wait for the cgroup to empty, rmdir it (and the parents
 * hull created, when empty). */
int lc_cgroup_destroy (struct lc_cgroup *cg, struct lc_err *err);

void lc_cgroup_close (struct lc_cgroup *cg);

#endif
