/* container.c - open, start, state, kill, delete, list (create is in
 * container_create.c). */
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
#include "container_cgroup.h"
#include "fault.h"
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
    return lc_absolute_path (root_opt, &ctx->root, err);
  ctx->root = lc_state_default_root (ctx->rootless);
  return 0;
}

void
lc_context_clear (struct lc_context *ctx)
{
  free (ctx->root);
  ctx->root = NULL;
}

/* ---- open helpers --------------------------------------------------------
 */

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

/* ---- start ---------------------------------------------------------------
 */

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
        return lc_err_setx (
            err, ESRCH, "container '%s' init exited before start", op->st.id);
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
  int r;

  r = lc_hooks_run_state (spec, LC_HOOK_POSTSTART, &op->st, LC_STATUS_RUNNING,
                          err);
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

/* ---- state, list ----------------------------------------------------------
 */

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

/* ---- kill -----------------------------------------------------------------
 */

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
  if (op.status == LC_STATUS_STOPPED)
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

/* ---- delete ---------------------------------------------------------------
 */

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
  if (spec && !poststop_ran (op.dirfd))
    {
      struct lc_err herr;
      lc_err_clear (&herr);
      /* poststop failures are warnings: the lifecycle continues. */
      if (lc_hooks_run_state (spec, LC_HOOK_POSTSTOP, &op.st,
                              LC_STATUS_STOPPED, &herr)
          < 0)
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
