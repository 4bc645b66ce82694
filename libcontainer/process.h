/* process.h - the container's process stages.
 *
 *   parent (hull)  --fork-->  [inter]  unshare(user) MAP_REQ / MAP_DONE,
 *                                      setns + unshare(rest),
 *                                      clone3(CLONE_PARENT) -> [init],
 *                                      INIT_PID, exit
 *   or, with no user namespace, nothing to join and no new time namespace:
 *   parent (hull)  --clone3(CLONE_NEW*[|CLONE_INTO_CGROUP])--> [init]
 *   [init] close fds, setsid, lo up, HOOKS_DONE, createContainer hooks,
 *          hostname, rootfs + pivot_root, console, sysctl, masked paths,
 *          READY / GO, then blocks on the exec fifo until `start`,
 *          startContainer hooks, rlimits, user, caps, seccomp, close fds,
 *          execve.
 *
 * The init is created with CLONE_PARENT (or by hull itself), so it is a
 * child of hull: `run` can wait for it, and after `create` exits it is
 * reparented to the caller's subreaper (conmon, the containerd shim) or to
 * the host's init. */
#ifndef LC_PROCESS_H
#define LC_PROCESS_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

struct lc_launch
{
  const struct lc_spec *spec;
  const char *id;
  const char *bundle; /* absolute */
  int state_dirfd;    /* the container's state dir (holds exec.fifo),
                         or -1 when started */
  bool started;       /* run: no exec fifo, exec right after GO */
  int console_fd;     /* connected console socket, or -1 */
  int listener_fd;    /* connected linux.seccomp.listenerPath, or -1 */
  int preserve_fds;   /* fds 3..3+n-1 are passed to the container */
  bool no_pivot;
  bool no_new_keyring;
  bool in_userns; /* hull already runs in a non-initial user ns */
  size_t n_idmap; /* idmapped trees the parent sends (set by
                     lc_process_spawn) */
  int cgroup_fd;  /* the container's cgroup dir for CLONE_INTO_CGROUP,
                     or -1; closed in the init at once */
  /* Called by the parent with the init's host pid when CLONE_INTO_CGROUP
   * did not place it, before the init may run anything (NULL: no cgroup;
   * --systemd-cgroup has no cgroup_fd and always places here). */
  int (*enter_cgroup) (void *cgroup_data, pid_t init_pid, struct lc_err *err);
  void *cgroup_data;
  /* Called by the parent when the init asks for the runtime-namespace
   * hooks (prestart, createRuntime); init_pid is its host pid. */
  int (*run_hooks) (void *data, pid_t init_pid, struct lc_err *err);
  void *data;
};

/* Create the container's init, stopped on the exec fifo.  On success
 * *ret_pid is its host pid and *ret_sync the parent end of the sync socket
 * (send LC_SYNC_GO on it once the state is recorded, then close it).  On
 * failure every process it made is killed and reaped. */
int lc_process_spawn (const struct lc_launch *l, pid_t *ret_pid, int *ret_sync,
                      struct lc_err *err);

/* Resolve a command against PATH from env[] ("PATH=..."), inside the
 * current root.  Returns a newly allocated absolute path. */
int lc_process_find_exec (const char *cmd, char *const *env, char **ret,
                          struct lc_err *err);

#endif
