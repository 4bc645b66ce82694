/* container.c - create, start, state, kill, delete, list. */
#include "container.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "console.h"
#include "fault.h"
#include "container_cgroup.h"
#include "hooks.h"
#include "log.h"
#include "process.h"
#include "spec.h"
#include "state.h"
#include "supervise.h"
#include "sync.h"
#include "util.h"
#include "validate.h"

#define STOP_TIMEOUT_MS 10000

int
lc_context_init (struct lc_context *ctx, const char *root_opt,
                 const char *rootless_opt, struct lc_err *err)
{
  memset (ctx, 0, sizeof *ctx);
  ctx->in_userns = lc_in_user_namespace ();
  if (!rootless_opt || !strcmp (rootless_opt, "auto"))
    ctx->rootless = geteuid () != 0 || ctx->in_userns;
  else if (!strcmp (rootless_opt, "true"))
    ctx->rootless = true;
  else if (!strcmp (rootless_opt, "false"))
    ctx->rootless = false;
  else
    return lc_err_setx (err, EINVAL,
                        "--rootless '%s': expected true, false or auto",
                        rootless_opt);
  if (root_opt)
    {
      char abs[PATH_MAX];
      if (root_opt[0] != '/')
        {
          if (!getcwd (abs, sizeof abs))
            return lc_err_set (err, errno, "getcwd");
          ctx->root = lc_xasprintf ("%s/%s", abs, root_opt);
        }
      else
        ctx->root = lc_xstrdup (root_opt);
    }
  else
    ctx->root = lc_state_default_root (ctx->rootless);
  return 0;
}

void
lc_context_clear (struct lc_context *ctx)
{
  free (ctx->root);
  ctx->root = NULL;
}

/* ---- create ---------------------------------------------------------- */

/* The init is our child (CLONE_PARENT): reap it after killing it. */
static void
reap (pid_t pid)
{
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

struct create_run
{
  const struct lc_spec *spec;
  struct lc_state *st;
};

/* Parent-side hooks: prestart (deprecated) then createRuntime. */
static int
run_runtime_hooks (void *data, pid_t init_pid, struct lc_err *err)
{
  struct create_run *c = data;
  cleanup_free char *json = NULL;
  int r;

  c->st->pid = init_pid;
  json = lc_state_to_oci_json (c->st, LC_STATUS_CREATING, false);
  r = lc_hooks_run (c->spec, LC_HOOK_PRESTART, json, err);
  if (r < 0)
    return r;
  return lc_hooks_run (c->spec, LC_HOOK_CREATE_RUNTIME, json, err);
}

static int
write_pid_file (const char *path, pid_t pid, struct lc_err *err)
{
  cleanup_free char *tmp = lc_xasprintf ("%s.hull-tmp", path);
  char buf[32];
  int fd, r, n;

  n = snprintf (buf, sizeof buf, "%d", (int) pid);
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
             0644);
  if (fd < 0)
    return lc_err_set (err, errno, "--pid-file '%s'", path);
  r = lc_write_all (fd, buf, (size_t) n);
  lc_close (fd);
  if (r < 0 || rename (tmp, path) < 0)
    {
      int e = r < 0 ? -r : errno;
      (void) unlink (tmp);
      return lc_err_set (err, e, "--pid-file '%s'", path);
    }
  return 0;
}

/* In a user namespace whose root is another host uid, the init must still
 * be able to open the fifo at start: hand it to the container's root. */
static int
share_fifo (const struct lc_spec *spec, int dirfd, struct lc_err *err)
{
  uid_t uid = (uid_t) -1;
  gid_t gid = (gid_t) -1;
  if (geteuid () != 0 || !spec->ns[LC_NS_USER].present)
    return 0;
  for (size_t i = 0; i < spec->n_uid_mappings; i++)
    if (spec->uid_mappings[i].container_id == 0)
      uid = spec->uid_mappings[i].host_id;
  for (size_t i = 0; i < spec->n_gid_mappings; i++)
    if (spec->gid_mappings[i].container_id == 0)
      gid = spec->gid_mappings[i].host_id;
  if (uid == (uid_t) -1 || uid == 0)
    return 0;
  if (fchownat (dirfd, "exec.fifo", uid, gid, AT_SYMLINK_NOFOLLOW) < 0
      || fchmod (dirfd, 0711) < 0)
    return lc_err_set (err, errno, "hand exec fifo to uid %u", uid);
  return 0;
}

/* The config as parsed (not read again: it may have changed since). */
static int
copy_config (const struct lc_spec *spec, int dirfd, struct lc_err *err)
{
  cleanup_close int fd = -1;
  int r;

  fd = openat (dirfd, "config.json",
               O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    return lc_err_set (err, errno, "save config.json");
  r = lc_write_all (fd, spec->raw, spec->raw_len);
  if (r < 0)
    return lc_err_set (err, -r, "save config.json");
  return 0;
}

static void
fill_state (struct lc_state *st, const struct lc_create_opts *o,
            const char *bundle, const struct lc_spec *spec)
{
  char when[64];
  lc_log_timestamp (when, sizeof when);
  st->id = lc_xstrdup (o->id);
  st->bundle = lc_xstrdup (bundle);
  st->rootfs = lc_xstrdup (spec->root_path);
  st->created = lc_xstrdup (when);
  st->owner = geteuid ();
  for (size_t n = lc_strv_len (spec->annotation_keys), i = 0; i < n; i++)
    {
      if (i == 0)
        {
          st->annotation_keys = lc_xcalloc (n + 1, sizeof (char *));
          st->annotation_values = lc_xcalloc (n + 1, sizeof (char *));
        }
      st->annotation_keys[i] = lc_xstrdup (spec->annotation_keys[i]);
      st->annotation_values[i] = lc_xstrdup (spec->annotation_values[i]);
    }
}

/* The caller's spec (o->spec, loaded from the same bundle) or the
 * bundle's config.json, checked; *ret_owned is what to free. */
static int
load_checked_spec (const struct lc_context *ctx,
                   const struct lc_create_opts *o, const char *bundle,
                   const struct lc_spec **ret, struct lc_spec **ret_owned,
                   struct lc_err *err)
{
  struct lc_validate_opts vo = { .rootless = ctx->rootless,
                                 .in_userns = ctx->in_userns };
  struct lc_spec *owned = NULL;
  const struct lc_spec *spec = o->spec;
  int r;

  if (!spec)
    {
      r = lc_spec_load (bundle, &owned, err);
      if (r < 0)
        return r;
      spec = owned;
    }
  r = lc_spec_validate (spec, &vo, err);
  if (r >= 0 && !spec->has_process)
    r = lc_err_setx (err, EINVAL, "process: required to create");
  if (r >= 0)
    r = lc_audit_enforce (spec, o->policy, err);
  if (r < 0)
    {
      lc_spec_free (owned);
      return r;
    }
  *ret = spec;
  *ret_owned = owned;
  return 0;
}

/* After the state dir exists: spawn, record, release.  Any failure here
 * is undone by the caller removing the dir.  With 'start' (run) there is
 * no exec fifo: the init goes on to exec after GO, and the state that
 * first records its pid already says started. */
static int
create_in_dir (const struct lc_context *ctx, const struct lc_create_opts *o,
               const struct lc_spec *spec, const char *bundle, int dirfd,
               bool start, pid_t *ret_pid, struct lc_err *err)
{
  struct lc_state st;
  struct create_run cr = { .spec = spec, .st = &st };
  struct lc_launch l;
  cleanup_close int console_fd = -1;
  cleanup_close int init_dirfd = -1;
  struct lc_cgroup cg = { NULL, NULL, -1 };
  struct lc_container_scope scope;
  int sync = -1, r;
  pid_t pid = 0;

  memset (&st, 0, sizeof st);
  memset (&scope, 0, sizeof scope);
  fill_state (&st, o, bundle, spec);
  /* --systemd-cgroup: nothing exists until the init does (systemd moves
   * it into the new scope while it waits for HOOKS_DONE). */
  if (o->systemd_cgroup)
    {
      r = lc_container_scope_prepare (spec, o->id, ctx->rootless,
                                      &cg, &scope, err);
      if (r < 0)
        goto out;
      st.systemd_unit = lc_xstrdup (scope.unit);
      st.systemd_user = scope.user;
    }
  /* On disk before anything is made, naming the cgroup about to be
   * created: a create killed at any later point leaves a state from which
   * delete --force finds everything. */
  st.cgroup_path = o->no_cgroup        ? NULL
                   : o->systemd_cgroup ? lc_container_scope_plan (&scope)
                                      : lc_cgroup_plan (spec, o->id,
                                                        ctx->rootless);
  r = lc_state_write (dirfd, &st, err);
  if (r < 0)
    goto out;
  r = o->no_cgroup        ? lc_container_cgroup_none (spec, err)
      : o->systemd_cgroup ? 0
                          : lc_container_cgroup_create (spec, o->id,
                                                        ctx->rootless, &cg,
                                                        err);
  if (r < 0)
    goto out;
  lc_fault_point ("create-after-cgroup");
  if (!o->systemd_cgroup)
    {
      char *made = cg.path ? lc_cgroup_format_state (&cg) : NULL;
      /* Written again only if the cgroup is not the one planned (usually
       * it is: a rootless caller without a delegated cgroup gets none). */
      bool same = made && st.cgroup_path && !strcmp (made, st.cgroup_path);
      free (st.cgroup_path);
      st.cgroup_path = made;
      if (!same)
        r = lc_state_write (dirfd, &st, err);
    }
  else
    r = lc_state_write (dirfd, &st, err);
  if (r >= 0)
    r = copy_config (spec, dirfd, err);
  if (r >= 0 && !start && mkfifoat (dirfd, "exec.fifo", 0600) < 0)
    r = lc_err_set (err, errno, "create exec fifo");
  if (r >= 0)
    lc_fault_point ("create-after-fifo");
  if (r >= 0 && o->console_socket)
    r = console_fd = lc_console_connect (o->console_socket, err);
  if (r < 0)
    goto out;
  if (spec->process.terminal && console_fd < 0 && o->console_fd < 0)
    {
      r = lc_err_setx (err, EINVAL,
                       "process.terminal is true: --console-socket is "
                       "required");
      goto out;
    }
  /* The init waits on the fifo long after we are gone: give it its own
   * open of the dir, which does not carry our lock. */
  if (!start)
    init_dirfd = openat (dirfd, ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (!start && init_dirfd < 0)
    {
      r = lc_err_set (err, errno, "reopen state dir");
      goto out;
    }
  memset (&l, 0, sizeof l);
  l.spec = spec;
  l.id = o->id;
  l.bundle = bundle;
  l.state_dirfd = init_dirfd;
  l.started = start;
  l.console_fd = console_fd >= 0 ? console_fd : o->console_fd;
  l.preserve_fds = o->preserve_fds;
  l.no_pivot = o->no_pivot;
  l.no_new_keyring = o->no_new_keyring;
  l.in_userns = ctx->in_userns;
  l.cgroup_fd = cg.dirfd;
  if (o->systemd_cgroup)
    {
      l.enter_cgroup = lc_container_scope_enter;
      l.cgroup_data = &scope;
    }
  else if (cg.dirfd >= 0)
    {
      l.enter_cgroup = lc_container_cgroup_enter;
      l.cgroup_data = &cg;
    }
  l.run_hooks = run_runtime_hooks;
  l.data = &cr;
  r = lc_process_spawn (&l, &pid, &sync, err);
  if (o->systemd_cgroup && cg.path)
    {
      /* where systemd put it, recorded with the pid below */
      free (st.cgroup_path);
      st.cgroup_path = lc_cgroup_format_state (&cg);
    }
  if (r < 0)
    goto out;
  lc_fault_point ("create-after-spawn");
  st.pid = pid;
  st.started = start;
  r = lc_proc_start_time (pid, &st.start_time);
  if (r < 0)
    r = lc_err_set (err, -r, "read start time of %d", (int) pid);
  if (r >= 0)
    r = lc_state_write (dirfd, &st, err);
  if (r >= 0)
    lc_fault_point ("create-after-pid");
  if (r >= 0 && !start)
    r = share_fifo (spec, dirfd, err);
  if (r >= 0 && o->pid_file)
    r = write_pid_file (o->pid_file, pid, err);
  /* GO: the state is on disk, the init may now wait on the fifo (or,
   * started, go on to exec). */
  if (r >= 0)
    lc_fault_point ("create-before-go");
  if (r >= 0)
    r = lc_sync_send (sync, LC_SYNC_GO, 0, NULL, err);
  if (r >= 0)
    lc_fault_point ("create-after-go");
  if (r < 0)
    {
      (void) kill (pid, SIGKILL);
      reap (pid);
      goto out;
    }
  *ret_pid = pid;
  if (!cg.path && !o->no_cgroup && !o->systemd_cgroup)
    lc_log (LC_LOG_WARN,
            "container '%s' has no cgroup: this user's cgroup is not "
            "delegated (writable); pause, ps, update and limits need one",
            o->id);
out:
  lc_close (sync);
  init_dirfd = lc_close (init_dirfd);
  console_fd = lc_close (console_fd);
  if (r < 0 && st.systemd_unit && !scope.started)
    {
      /* never stop a unit of that name that is not ours (UnitExists) */
      free (st.systemd_unit);
      st.systemd_unit = NULL;
    }
  if (r < 0 && (cg.path || st.systemd_unit))
    {
      /* Our fds go first: short of fds, removal still has what it needs. */
      lc_cgroup_close (&cg);
      (void) lc_container_cgroup_remove (&st, NULL);
    }
  lc_cgroup_close (&cg);
  lc_container_scope_clear (&scope);
  lc_state_clear (&st);
  return r;
}

static int
create_container (const struct lc_context *ctx,
                  const struct lc_create_opts *o, bool start, pid_t *ret_pid,
                  bool *ret_poststart, struct lc_err *err)
{
  const struct lc_spec *spec = NULL;
  struct lc_spec *owned = NULL;
  char bundle[PATH_MAX];
  cleanup_close int rootfd = -1;
  cleanup_close int dirfd = -1;
  int r;

  r = lc_validate_id (o->id, err);
  if (r < 0)
    return r;
  if (!realpath (o->bundle ? o->bundle : ".", bundle))
    return lc_err_set (err, errno, "bundle '%s'", o->bundle ? o->bundle : ".");
  r = load_checked_spec (ctx, o, bundle, &spec, &owned, err);
  if (r < 0)
    return r;
  rootfd = r = lc_state_open_root (ctx->root, err);
  if (r < 0)
    goto out;
  dirfd = r = lc_state_create_dir (rootfd, o->id, err);
  if (r < 0)
    goto out;
  lc_fault_point ("create-after-state-dir");
  r = create_in_dir (ctx, o, spec, bundle, dirfd, start, ret_pid, err);
  if (r >= 0 && ret_poststart)
    *ret_poststart = spec->n_hooks[LC_HOOK_POSTSTART] > 0;
  /* Short of fds (maybe why create failed), the removal needs the one the
   * dir holds: give it up and retry. */
  if (r < 0 && lc_state_remove_dir (rootfd, o->id, NULL) < 0)
    {
      dirfd = lc_close (dirfd);
      (void) lc_state_remove_dir (rootfd, o->id, NULL);
    }
out:
  lc_spec_free (owned);
  return r;
}

int
lc_container_create (const struct lc_context *ctx,
                     const struct lc_create_opts *o, pid_t *ret_pid,
                     struct lc_err *err)
{
  return create_container (ctx, o, false, ret_pid, NULL, err);
}

int
lc_container_create_started (const struct lc_context *ctx,
                             const struct lc_create_opts *o, pid_t *ret_pid,
                             bool *ret_poststart, struct lc_err *err)
{
  return create_container (ctx, o, true, ret_pid, ret_poststart, err);
}

/* ---- open helpers -------------------------------------------------------- */

void
lc_opened_close (struct lc_opened *op)
{
  op->dirfd = lc_close (op->dirfd);
  op->rootfd = lc_close (op->rootfd);
  lc_state_clear (&op->st);
}

int
lc_container_open (const struct lc_context *ctx, const char *id,
                   bool exclusive, struct lc_opened *op, struct lc_err *err)
{
  int r;
  memset (op, 0, sizeof *op);
  op->rootfd = op->dirfd = -1;
  r = lc_validate_id (id, err);
  if (r < 0)
    return r;
  op->rootfd = open (ctx->root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (op->rootfd < 0)
    {
      if (errno == ENOENT)
        return lc_err_setx (err, ENOENT, "container '%s' does not exist", id);
      return lc_err_set (err, errno, "open state root '%s'", ctx->root);
    }
  op->dirfd = lc_state_open_dir (op->rootfd, id, exclusive, err);
  if (op->dirfd < 0)
    {
      r = op->dirfd;
      lc_opened_close (op);
      return r;
    }
  r = lc_state_read (op->dirfd, &op->st, err);
  if (r == -ENOENT)
    {
      /* Only a create killed between mkdir and its first state write
       * leaves a dir without state.json (as runc, it does not exist). */
      lc_opened_close (op);
      return lc_err_setx (err, ENOENT,
                          "container '%s' does not exist (an interrupted "
                          "create left its state dir: delete --force "
                          "removes it)",
                          id);
    }
  if (r < 0)
    {
      lc_err_prefix (err, "container '%s'", id);
      lc_opened_close (op);
      return r;
    }
  op->status = lc_container_cgroup_status (
      &op->st, lc_state_status (op->dirfd, &op->st));
  /* create holds the dir's lock until it is done: having it, a container
   * still without a pid is one whose create died. */
  if (op->status == LC_STATUS_CREATING)
    op->status = LC_STATUS_STOPPED;
  return 0;
}

int
lc_container_load_spec (int dirfd, struct lc_spec **ret, struct lc_err *err)
{
  cleanup_free char *buf = NULL;
  size_t len;
  int r = lc_read_file_at (dirfd, "config.json", LC_SPEC_MAX_SIZE, &buf, &len,
                           err);
  if (r < 0)
    return r;
  return lc_spec_parse (buf, len, ret, err);
}

/* Wait (bounded) for a process we may not be the parent of to exit. */
static int
wait_exit (int pidfd, int timeout_ms)
{
  struct pollfd p = { .fd = pidfd, .events = POLLIN };
  int r;
  do
    r = poll (&p, 1, timeout_ms);
  while (r < 0 && errno == EINTR);
  return r > 0 ? 0 : -ETIMEDOUT;
}

/* ---- start --------------------------------------------------------------- */

static int
release_init (struct lc_opened *op, struct lc_err *err)
{
  cleanup_close int fifo = -1;
  cleanup_close int pidfd = -1;
  struct pollfd p[2];
  char c;

  /* The pidfd first: opening the fifo releases the init, which may exec a
   * short command that exits (and is reaped by conmon or the shim) before
   * a later pidfd_open, failing a start that did its job. */
  pidfd = lc_state_pidfd (&op->st, err);
  if (pidfd < 0)
    return pidfd;
  fifo = openat (op->dirfd, "exec.fifo",
                 O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOFOLLOW);
  if (fifo < 0)
    return lc_err_set (err, errno, "open exec fifo");
  p[0] = (struct pollfd){ .fd = fifo, .events = POLLIN };
  p[1] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
  for (;;)
    {
      int r = poll (p, 2, -1);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        return lc_err_set (err, errno, "wait for container init");
      if (p[0].revents & POLLIN)
        break;
      if (p[1].revents)
        return lc_err_setx (err, ESRCH,
                            "container '%s' init exited before start",
                            op->st.id);
    }
  if (read (fifo, &c, 1) != 1)
    return lc_err_set (err, errno ? errno : EIO, "read exec fifo");
  (void) unlinkat (op->dirfd, "exec.fifo", 0);
  return 0;
}

/* poststart hooks, under the dir's lock; v1.3.0: a failing one fails
 * start, and the container is stopped. */
static int
run_poststart (const struct lc_opened *op, const struct lc_spec *spec,
               struct lc_err *err)
{
  cleanup_free char *json = NULL;
  int r;

  if (!spec->n_hooks[LC_HOOK_POSTSTART])
    return 0;
  json = lc_state_to_oci_json (&op->st, LC_STATUS_RUNNING, false);
  r = lc_hooks_run (spec, LC_HOOK_POSTSTART, json, err);
  if (r < 0)
    {
      int pidfd = lc_state_pidfd (&op->st, NULL);
      if (pidfd >= 0)
        {
          (void) syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0);
          lc_close (pidfd);
        }
    }
  return r;
}

int
lc_container_start (const struct lc_context *ctx, const char *id,
                    struct lc_err *err)
{
  struct lc_opened op;
  struct lc_spec *spec = NULL;
  int r;

  r = lc_container_open (ctx, id, true, &op, err);
  if (r < 0)
    return r;
  if (op.status != LC_STATUS_CREATED)
    {
      r = lc_err_setx (err, EINVAL, "cannot start container '%s': it is %s",
                       id, lc_status_name (op.status));
      goto out;
    }
  r = lc_container_load_spec (op.dirfd, &spec, err);
  if (r < 0)
    goto out;
  lc_fault_point ("start-before-release");
  r = release_init (&op, err);
  if (r < 0)
    goto out;
  lc_fault_point ("start-after-release");
  op.st.started = true;
  r = lc_state_write (op.dirfd, &op.st, err);
  if (r < 0)
    goto out;
  lc_fault_point ("start-after-state");
  r = run_poststart (&op, spec, err);
out:
  lc_spec_free (spec);
  lc_opened_close (&op);
  return r;
}

int
lc_container_poststart (const struct lc_context *ctx, const char *id,
                        struct lc_err *err)
{
  struct lc_opened op;
  struct lc_spec *spec = NULL;
  int r;

  r = lc_container_open (ctx, id, true, &op, err);
  if (r < 0)
    return r;
  r = lc_container_load_spec (op.dirfd, &spec, err);
  if (r >= 0)
    r = run_poststart (&op, spec, err);
  lc_spec_free (spec);
  lc_opened_close (&op);
  return r;
}

/* ---- state, list ---------------------------------------------------------- */

int
lc_container_state (const struct lc_context *ctx, const char *id,
                    char **ret_json, struct lc_err *err)
{
  struct lc_opened op;
  char *json;
  int r = lc_container_open (ctx, id, false, &op, err);
  if (r < 0)
    return r;
  json = lc_state_to_oci_json (&op.st, op.status, true);
  lc_opened_close (&op);
  if (!json)
    return lc_err_setx (err, ENOMEM, "encode state");
  *ret_json = json;
  return 0;
}

void
lc_list_free (struct lc_list_entry *v, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      free (v[i].id);
      free (v[i].bundle);
      free (v[i].created);
      free (v[i].last_exit_time);
    }
  free (v);
}

int
lc_container_list (const struct lc_context *ctx, struct lc_list_entry **ret,
                   size_t *ret_n, struct lc_err *err)
{
  cleanup_close int rootfd = -1;
  cleanup_strv char **ids = NULL;
  struct lc_list_entry *v = NULL;
  size_t n = 0;
  int r;

  rootfd = open (ctx->root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (rootfd < 0 && errno == ENOENT)
    {
      *ret = NULL;
      *ret_n = 0;
      return 0;
    }
  if (rootfd < 0)
    return lc_err_set (err, errno, "open state root '%s'", ctx->root);
  r = lc_state_list (rootfd, &ids, err);
  if (r < 0)
    return r;
  v = lc_xcalloc (lc_strv_len (ids) + 1, sizeof *v);
  for (size_t i = 0; ids[i]; i++)
    {
      struct lc_opened op;
      if (lc_container_open (ctx, ids[i], false, &op, NULL) < 0)
        continue; /* removed meanwhile, or not a container dir */
      v[n].id = TAKE_PTR (op.st.id);
      v[n].pid = op.status == LC_STATUS_STOPPED ? 0 : op.st.pid;
      v[n].status = lc_status_name (op.status);
      v[n].bundle = TAKE_PTR (op.st.bundle);
      v[n].created = TAKE_PTR (op.st.created);
      v[n].owner = op.st.owner;
      lc_supervise_list_fill (op.dirfd, &v[n]);
      n++;
      lc_opened_close (&op);
    }
  *ret = v;
  *ret_n = n;
  return 0;
}

/* ---- kill ----------------------------------------------------------------- */

static bool
same_ns (pid_t a, pid_t b, const char *ns)
{
  char pa[64], pb[64];
  struct stat sa, sb;
  snprintf (pa, sizeof pa, "/proc/%d/ns/%s", (int) a, ns);
  snprintf (pb, sizeof pb, "/proc/%d/ns/%s", (int) b, ns);
  return stat (pa, &sa) == 0 && stat (pb, &sb) == 0 && sa.st_ino == sb.st_ino
         && sa.st_dev == sb.st_dev;
}

/* Signal every process sharing the init's pid namespace (when it has its
 * own), the init last.  A cgroup-based kill replaces this with cgroup.kill
 * where the container has a cgroup. */
static void
signal_all (pid_t init, int sig)
{
  DIR *d;
  struct dirent *de;
  if (!same_ns (init, getpid (), "pid") && (d = opendir ("/proc")))
    {
      while ((de = readdir (d)))
        {
          long long p;
          if (lc_parse_i64 (de->d_name, &p) < 0 || p == init)
            continue;
          if (same_ns ((pid_t) p, init, "pid"))
            (void) kill ((pid_t) p, sig);
        }
      closedir (d);
    }
}

int
lc_container_kill (const struct lc_context *ctx, const char *id, int sig,
                   bool all, struct lc_err *err)
{
  struct lc_opened op;
  int pidfd, r;

  r = lc_container_open (ctx, id, false, &op, err);
  if (r < 0)
    return r;
  if (op.status == LC_STATUS_STOPPED || op.status == LC_STATUS_CREATING)
    {
      /* "...: No such process": the containerd shim reads that (as runc's
       * "container not running") as already exited, not as a failure. */
      r = lc_err_set (err, ESRCH, "container '%s' is not running", id);
      goto out;
    }
  pidfd = r = lc_state_pidfd (&op.st, err);
  if (r < 0)
    goto out;
  if (all && lc_container_cgroup_signal (&op.st, sig) < 0)
    signal_all (op.st.pid, sig);
  /* After --all the init may already be dead and reaped by its parent
   * (the containerd shim reaps at once): ESRCH then means delivered. */
  if (syscall (SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0
      && !(all && errno == ESRCH))
    r = lc_err_set (err, errno, "kill container '%s'", id);
  lc_close (pidfd);
out:
  lc_opened_close (&op);
  return r < 0 ? r : 0;
}

/* ---- delete --------------------------------------------------------------- */

static int
stop_container (struct lc_opened *op, struct lc_err *err)
{
  cleanup_close int pidfd = lc_state_pidfd (&op->st, err);
  /* Only ESRCH means gone.  Any other failure (EMFILE, ENOSYS...) leaves
   * a live init we could not signal: fail, keeping the state for a retry,
   * rather than forget a running container. */
  if (pidfd == -ESRCH)
    {
      lc_err_clear (err);
      return 0;
    }
  if (pidfd < 0)
    return pidfd;
  if (lc_container_cgroup_signal (&op->st, SIGKILL) < 0)
    signal_all (op->st.pid, SIGKILL);
  if (syscall (SYS_pidfd_send_signal, pidfd, SIGKILL, NULL, 0) < 0
      && errno != ESRCH)
    return lc_err_set (err, errno, "kill container '%s'", op->st.id);
  if (wait_exit (pidfd, STOP_TIMEOUT_MS) < 0)
    return lc_err_setx (err, ETIMEDOUT,
                        "container '%s' did not exit after SIGKILL",
                        op->st.id);
  return 0;
}

/* delete --force of a dir without state.json (see lc_container_open):
 * under its lock, so never while its create still runs. */
static int
remove_abandoned (const struct lc_context *ctx, const char *id,
                  struct lc_err *err)
{
  cleanup_close int rootfd = -1;
  cleanup_close int dirfd = -1;
  struct lc_err ignored;

  rootfd = open (ctx->root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (rootfd >= 0)
    dirfd = lc_state_open_dir (rootfd, id, true, &ignored);
  if (dirfd < 0)
    {
      /* Nothing there: as with runc, --force of an id that is gone is
       * not an error (engines call it to clean up a failed create). */
      lc_err_clear (err);
      return 0;
    }
  if (faccessat (dirfd, "state.json", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return lc_err_setx (err, EAGAIN,
                        "container '%s' changed while deleting: retry", id);
  lc_err_clear (err);
  return lc_state_remove_dir (rootfd, id, err);
}

/* A supervisor that saw the container exit has run the poststop hooks
 * already: they run once. */
static bool
poststop_ran (int dirfd)
{
  struct lc_supervise_info si;
  bool done = false;
  if (lc_supervise_info_read (dirfd, &si, NULL) >= 0)
    {
      done = si.present && si.poststop_done;
      lc_supervise_info_clear (&si);
    }
  return done;
}

/* spec: the container's config when the caller has it, else NULL (read
 * from the state dir's copy, for the poststop hooks). */
static int
delete_container (const struct lc_context *ctx, const char *id, bool force,
                  const struct lc_spec *spec, struct lc_err *err)
{
  struct lc_opened op;
  struct lc_spec *owned = NULL;
  int r;

  /* A supervised container: its supervisor stops it for good first (or
   * it would restart it). */
  if (force)
    {
      r = lc_supervise_stop_for_delete (ctx, id, err);
      if (r < 0)
        return r;
    }
  r = lc_container_open (ctx, id, true, &op, err);
  if (r == -ENOENT && force)
    return remove_abandoned (ctx, id, err);
  if (r < 0)
    return r;
  if ((op.status == LC_STATUS_RUNNING || op.status == LC_STATUS_PAUSED)
      && !force)
    {
      r = lc_err_setx (err, EBUSY,
                       "cannot delete container '%s' that is %s: stop it or "
                       "use --force",
                       id, lc_status_name (op.status));
      goto out;
    }
  lc_fault_point ("delete-after-open");
  if (op.status != LC_STATUS_STOPPED)
    {
      r = stop_container (&op, err);
      if (r < 0)
        goto out;
    }
  lc_fault_point ("delete-after-stop");
  if (!spec && lc_container_load_spec (op.dirfd, &owned, NULL) >= 0)
    spec = owned;
  if (spec && spec->n_hooks[LC_HOOK_POSTSTOP] && !poststop_ran (op.dirfd))
    {
      struct lc_err herr;
      cleanup_free char *json
          = lc_state_to_oci_json (&op.st, LC_STATUS_STOPPED, false);
      lc_err_clear (&herr);
      /* poststop failures are warnings: the lifecycle continues. */
      if (lc_hooks_run (spec, LC_HOOK_POSTSTOP, json, &herr) < 0)
        lc_log (LC_LOG_WARN, "%s", herr.msg);
    }
  r = lc_container_cgroup_remove (&op.st, err);
  if (r >= 0)
    lc_fault_point ("delete-after-cgroup");
  if (r >= 0)
    r = lc_state_remove_dir (op.rootfd, id, err);
out:
  lc_spec_free (owned);
  lc_opened_close (&op);
  return r;
}

int
lc_container_delete (const struct lc_context *ctx, const char *id, bool force,
                     struct lc_err *err)
{
  return delete_container (ctx, id, force, NULL, err);
}

int
lc_container_delete_spec (const struct lc_context *ctx, const char *id,
                          const struct lc_spec *spec, struct lc_err *err)
{
  return delete_container (ctx, id, true, spec, err);
}
