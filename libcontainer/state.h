/* state.h - the per-container state directory under the runtime root:
 * <root>/<id>/{state.json,config.json,exec.fifo}, a lock on the directory,
 * atomic writes, and the live status computed from the process. */
#ifndef LC_STATE_H
#define LC_STATE_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

enum lc_status
{
  LC_STATUS_CREATING,
  LC_STATUS_CREATED,
  LC_STATUS_RUNNING,
  LC_STATUS_PAUSED,
  LC_STATUS_STOPPED
};

struct lc_state
{
  char *id;
  char *bundle;
  char *rootfs;
  pid_t pid;                     /* host pid of the init, 0 while creating */
  unsigned long long start_time; /* /proc/PID/stat field 22 */
  char *created;                 /* RFC 3339 */
  uid_t owner;
  char *cgroup_path;      /* may be NULL */
  char *systemd_unit;     /* --systemd-cgroup: the scope, or NULL */
  bool systemd_user;      /* the scope is the user manager's */
  bool started;           /* start was called */
  char **annotation_keys; /* NULL-terminated parallel arrays */
  char **annotation_values;
};

/* Default state root: /run/hull as root, else $XDG_RUNTIME_DIR/hull, else
 * /tmp/hull-$UID.  rootless selects the second form. */
char *lc_state_default_root (bool rootless);

/* Open (creating 0700 if missing, with parents) the runtime root. */
int lc_state_open_root (const char *root, struct lc_err *err);

/* Create <root>/<id> (0700) atomically: -EEXIST "container id already
 * exists" if present.  Returns an O_DIRECTORY fd, locked exclusively. */
int lc_state_create_dir (int rootfd, const char *id, struct lc_err *err);

/* Open and lock (LOCK_EX or LOCK_SH) an existing container's dir;
 * -ENOENT "container 'id' does not exist". */
int lc_state_open_dir (int rootfd, const char *id, bool exclusive,
                       struct lc_err *err);

/* Remove the container dir and its files (dirfd stays valid). */
int lc_state_remove_dir (int rootfd, const char *id, struct lc_err *err);

/* state.json read/write; the write goes to a temp file then rename(2). */
int lc_state_write (int dirfd, const struct lc_state *st, struct lc_err *err);
int lc_state_read (int dirfd, struct lc_state *ret, struct lc_err *err);
void lc_state_clear (struct lc_state *st);

/* The process's start time from /proc/PID/stat (0 with -errno if gone). */
int lc_proc_start_time (pid_t pid, unsigned long long *ret);

/* Live status: checks the pid against its start time (a recycled pid is
 * never taken for the container), a zombie counts as stopped, and the exec
 * fifo tells created from running. */
enum lc_status lc_state_status (int dirfd, const struct lc_state *st);
const char *lc_status_name (enum lc_status s);

/* Open a pidfd on the container's init, verified against its start time;
 * -ESRCH when the process is gone or the pid was recycled. */
int lc_state_pidfd (const struct lc_state *st, struct lc_err *err);

/* OCI state JSON (spec's state-schema) as a newly allocated string. */
char *lc_state_to_oci_json (const struct lc_state *st, enum lc_status status,
                            bool pretty);

/* List container ids under the root (sorted, NULL-terminated). */
int lc_state_list (int rootfd, char ***ret, struct lc_err *err);

#endif
