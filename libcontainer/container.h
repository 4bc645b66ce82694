/* container.h - the operations the CLI offers, one call each. */
#ifndef LC_CONTAINER_H
#define LC_CONTAINER_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"

/* Global options resolved once per invocation. */
struct lc_context
{
  char *root;     /* state root (absolute) */
  bool rootless;  /* unprivileged on the host, or inside a user namespace */
  bool in_userns; /* hull itself runs in a non-initial user namespace */
};

/* root_opt: --root or NULL; rootless_opt: "true", "false", "auto" or NULL. */
int lc_context_init (struct lc_context *ctx, const char *root_opt,
                     const char *rootless_opt, struct lc_err *err);
void lc_context_clear (struct lc_context *ctx);

struct lc_create_opts
{
  const char *id;
  const char *bundle;         /* NULL = current directory */
  const char *console_socket; /* NULL = none */
  const char *pid_file;       /* NULL = none */
  bool no_pivot;
  bool no_new_keyring;
  int preserve_fds;
  int console_fd;      /* internal: a connected socket, else -1 */
  const char *policy;  /* --policy baseline|restricted, or NULL */
  bool no_cgroup;      /* --cgroup-manager disabled: make none */
  bool systemd_cgroup; /* --systemd-cgroup: a transient scope */
  /* The bundle's config already loaded by the caller (lc_spec_load of
   * the same bundle; still the caller's), or NULL: create loads it. */
  const struct lc_spec *spec;
};

/* create: the container's init waits on the exec fifo when this returns. */
int lc_container_create (const struct lc_context *ctx,
                         const struct lc_create_opts *o, pid_t *ret_pid,
                         struct lc_err *err);
/* create and start in one, for run: no exec fifo, the init goes on to
 * exec once the state (already "started") is recorded.  *ret_poststart
 * says whether the spec has poststart hooks, which the caller then runs
 * with lc_container_poststart.  Errors and clean-up as create. */
int lc_container_create_started (const struct lc_context *ctx,
                                 const struct lc_create_opts *o,
                                 pid_t *ret_pid, bool *ret_poststart,
                                 struct lc_err *err);
/* start: release a created container, then run poststart hooks. */
int lc_container_start (const struct lc_context *ctx, const char *id,
                        struct lc_err *err);
/* The poststart hooks of a container made by lc_container_create_started,
 * under its lock; a failing hook kills the init and fails (as start). */
int lc_container_poststart (const struct lc_context *ctx, const char *id,
                            struct lc_err *err);
/* state: the OCI state JSON (pretty) in *ret_json (free it). */
int lc_container_state (const struct lc_context *ctx, const char *id,
                        char **ret_json, struct lc_err *err);
/* kill: deliver sig through a pidfd; all = every process of the container. */
int lc_container_kill (const struct lc_context *ctx, const char *id, int sig,
                       bool all, struct lc_err *err);
/* delete: refuses a running container unless force (then SIGKILL and
 * wait); runs poststop hooks; removes the state dir. */
int lc_container_delete (const struct lc_context *ctx, const char *id,
                         bool force, struct lc_err *err);
/* delete --force of a container its caller made from spec (run): the
 * poststop hooks come from spec, the saved copy is not parsed again. */
int lc_container_delete_spec (const struct lc_context *ctx, const char *id,
                              const struct lc_spec *spec, struct lc_err *err);

struct lc_list_entry
{
  char *id;
  pid_t pid;
  const char *status;
  char *bundle;
  char *created;
  uid_t owner;
  /* From supervisor.json (lc_supervise_list_fill); zero when the
   * container was not started with --supervise. */
  bool supervised;
  bool supervisor_alive;
  unsigned restarts;
  bool has_exit;
  int last_exit;        /* 128+N for a signal */
  char *last_exit_time; /* RFC 3339 or NULL */
  const char *health;   /* "none", "starting", "healthy", "unhealthy" */
};

int lc_container_list (const struct lc_context *ctx,
                       struct lc_list_entry **ret, size_t *ret_n,
                       struct lc_err *err);
void lc_list_free (struct lc_list_entry *v, size_t n);

/* run: create + start; unless detach, wait for the init (forwarding
 * signals, proxying a terminal when process.terminal and no console
 * socket), then delete unless keep.  *ret_exit is the container's exit
 * status (128+N for a signal death). */
int lc_container_run (const struct lc_context *ctx,
                      const struct lc_create_opts *o, bool detach, bool keep,
                      int *ret_exit, struct lc_err *err);

/* exec: run a new process in a running container (see exec.c). */
struct lc_exec_opts
{
  const char *id;
  const char *process_file; /* --process FILE (replaces the flags below) */
  const char *console_socket;
  const char *pid_file;
  bool tty;
  bool detach;
  bool no_new_privs;
  bool ignore_paused;
  const char *cwd;        /* NULL = config's */
  const char *user;       /* "UID[:GID]" or NULL */
  char **env;             /* extra K=V, NULL-terminated or NULL */
  char **caps;            /* extra capability names */
  char **additional_gids; /* decimal strings */
  char **args;            /* command; NULL = config's */
  int preserve_fds;
};

int lc_container_exec (const struct lc_context *ctx,
                       const struct lc_exec_opts *o, int *ret_exit,
                       struct lc_err *err);

/* ---- shared by container.c, exec.c and supervisor.c ---- */

#include "spec.h"
#include "state.h"

struct lc_opened
{
  int rootfd;
  int dirfd; /* locked */
  struct lc_state st;
  enum lc_status status;
};

/* Open and lock a container's state dir and read its state. */
int lc_container_open (const struct lc_context *ctx, const char *id,
                       bool exclusive, struct lc_opened *op,
                       struct lc_err *err);
void lc_opened_close (struct lc_opened *op);
/* The config.json saved in the state dir at create. */
int lc_container_load_spec (int dirfd, struct lc_spec **ret,
                            struct lc_err *err);

/* Wait for child 'pid' forwarding signals from sfd (a signalfd) and
 * proxying 'master' (a pty, or -1); *ret_exit as in run. */
int lc_supervise_wait (pid_t pid, int sfd, int master, int *ret_exit,
                       struct lc_err *err);
/* Block signals and return a signalfd for them; *old gets the old mask. */
int lc_supervise_signals (void *old_sigset, struct lc_err *err);

#endif
