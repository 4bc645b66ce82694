/* cgroup_systemd.h - --systemd-cgroup: the container's transient scope,
 * asked of systemd's manager over D-Bus (sd-bus).  systemd creates the
 * scope's cgroup and moves the init into it; hull then writes the limits
 * into that cgroup itself (the scope is delegated), as it does for
 * cgroupfs.  Without libsystemd at build time every call fails with
 * -EOPNOTSUPP and a message saying so; the name helpers always work. */
#ifndef LC_CGROUP_SYSTEMD_H
#define LC_CGROUP_SYSTEMD_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* True when hull was built with libsystemd and libsystemd.so.0 loads. */
bool lc_systemd_built (void);

/* Whether --systemd-cgroup can work here: systemd running as PID 1
 * (/run/systemd/system), built with libsystemd, and libsystemd.so.0
 * loadable (it is dlopen()ed here, as the scope calls will).  -EOPNOTSUPP
 * with a message saying which is missing. */
int lc_systemd_check (struct lc_err *err);

/* linux.cgroupsPath in systemd's form "slice:prefix:name", as runc and
 * crun read it: the unit is "<prefix>-<name>.scope" ("<name>.scope" with
 * no prefix) in <slice>.  Empty parts take defaults: slice "system.slice"
 * ("user.slice" for the user manager, rootless), prefix "hull", name the
 * container id; an empty or absent cgroupsPath is all defaults.  Names
 * are checked like systemd checks unit names; -EINVAL naming the part.
 * *ret_slice and *ret_unit are malloc'd. */
int lc_systemd_names (const char *cgroups_path, const char *id, bool rootless,
                      char **ret_slice, char **ret_unit, struct lc_err *err);

/* The cgroup systemd gives a unit of a slice, relative to the manager's
 * root cgroup: "a-b.slice", "x.scope" -> "/a.slice/a-b.slice/x.scope".
 * The slice must have passed lc_systemd_names.  malloc'd. */
char *lc_systemd_cgroup_of (const char *slice, const char *unit);

/* StartTransientUnit of the scope unit in slice with PIDs = [pid],
 * Delegate=yes and CollectMode=inactive-or-failed, then wait (bounded,
 * 20 s) for its start job to finish.  user: the caller's own user manager
 * instead of the system one.  -EEXIST when the unit is already loaded,
 * -ETIMEDOUT, -EOPNOTSUPP without libsystemd, else the D-Bus error's
 * errno; the message names the unit. */
int lc_systemd_scope_start (const char *slice, const char *unit, pid_t pid,
                            bool user, struct lc_err *err);

/* StopUnit of the scope and wait for the job (bounded), then
 * ResetFailedUnit; a unit that is not loaded (already gone) is success. */
int lc_systemd_scope_stop (const char *unit, bool user, struct lc_err *err);

#endif
