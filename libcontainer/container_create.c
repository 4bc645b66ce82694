/* container_create.c - create: the state dir, the init launched and held
 * at the exec fifo (or, for run, let go to exec), hooks, pid file. */
#include "container.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "audit.h"
#include "console.h"
#include "container_cgroup.h"
#include "fault.h"
#include "hooks.h"
#include "log.h"
#include "process.h"
#include "spec.h"
#include "state.h"
#include "sync.h"
#include "util.h"
#include "validate.h"

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
  int r;

  c->st->pid = init_pid;
  r = lc_hooks_run_state (c->spec, LC_HOOK_PRESTART, c->st, LC_STATUS_CREATING,
                          err);
  if (r < 0)
    return r;
  return lc_hooks_run_state (c->spec, LC_HOOK_CREATE_RUNTIME, c->st,
                             LC_STATUS_CREATING, err);
}

static int
write_pid_file (const char *path, pid_t pid, struct lc_err *err)
{
  cleanup_free char *tmp = lc_xasprintf ("%s.hull-tmp", path);
  char buf[32];
  int fd, r, n;

  n = snprintf (buf, sizeof buf, "%d", (int) pid);
  fd = open (tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
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
  struct lc_validate_opts vo
      = { .rootless = ctx->rootless, .in_userns = ctx->in_userns };
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
  cleanup_close int listener_fd = -1;
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
      r = lc_container_scope_prepare (spec, o->id, ctx->rootless, &cg, &scope,
                                      err);
      if (r < 0)
        goto out;
      st.systemd_unit = lc_xstrdup (scope.unit);
      st.systemd_user = scope.user;
    }
  /* On disk before anything is made, naming the cgroup about to be
   * created: a create killed at any later point leaves a state from which
   * delete --force finds everything. */
  st.cgroup_path = o->no_cgroup ? NULL
                   : o->systemd_cgroup
                       ? lc_container_scope_plan (&scope)
                       : lc_cgroup_plan (spec, o->id, ctx->rootless);
  r = lc_state_write (dirfd, &st, err);
  if (r < 0)
    goto out;
  r = o->no_cgroup ? lc_container_cgroup_none (spec, err)
      : o->systemd_cgroup
          ? 0
          : lc_container_cgroup_create (spec, o->id, ctx->rootless, &cg, err);
  if (r < 0)
    goto out;
  lc_fault_point ("create-after-cgroup");
  if (!o->systemd_cgroup)
    {
      char *made = cg.path ? lc_cgroup_format_state (&cg) : NULL;
      /* Written again only if the cgroup is not the one planned (usually
       * it is: a rootless caller without a delegated cgroup gets none;
       * --cgroup-manager=disabled planned none and made none). */
      bool same = made && st.cgroup_path ? !strcmp (made, st.cgroup_path)
                                         : made == st.cgroup_path;
      free (st.cgroup_path);
      st.cgroup_path = made;
      if (!same)
        r = lc_state_write (dirfd, &st, err);
    }
  /* --systemd-cgroup: nothing changed since the write above (the scope's
   * cgroup is known only once the init is in it, recorded with the pid). */
  if (r >= 0)
    r = copy_config (spec, dirfd, err);
  if (r >= 0 && !start && mkfifoat (dirfd, "exec.fifo", 0600) < 0)
    r = lc_err_set (err, errno, "create exec fifo");
  if (r >= 0)
    lc_fault_point ("create-after-fifo");
  if (r >= 0 && o->console_socket)
    r = console_fd = lc_console_connect (o->console_socket, err);
  /* Here, as exec does: the path is the host's, and the connect is made
   * with our credentials, not the init's (its mount namespace may be one
   * it joined, its user namespace maps it to another uid). */
  if (r >= 0 && spec->has_seccomp && spec->seccomp.listener_path)
    {
      r = listener_fd = lc_console_connect (spec->seccomp.listener_path, err);
      if (r < 0)
        lc_err_prefix (err, "linux.seccomp.listenerPath");
    }
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
  l.listener_fd = listener_fd;
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
  listener_fd = lc_close (listener_fd);
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
create_container (const struct lc_context *ctx, const struct lc_create_opts *o,
                  bool start, pid_t *ret_pid, bool *ret_poststart,
                  struct lc_err *err)
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
