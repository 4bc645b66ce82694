/* process.c - parent and intermediate stages of container creation. */
#include "process.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fault.h"
#include "idmap.h"
#include "init.h"
#include "namespaces.h"
#include "sync.h"
#include "user.h"
#include "util.h"

/* Clone the init, straight into the cgroup when we can; *placed says
 * whether CLONE_INTO_CGROUP did it.  From [inter] (flags 0) it is a
 * CLONE_PARENT sibling, so hull's own child either way; from the parent
 * (direct) it is a plain child created in the new namespaces 'flags'. */
static pid_t
clone_init (int cgroup_fd, bool direct, uint64_t flags, bool *placed)
{
  struct clone_args args;
  pid_t pid;

  memset (&args, 0, sizeof args);
  *placed = false;
  /* A failed clone3 may leave a new pid namespace unable to get its init
   * (ENOMEM from then on), so only try when the kernel's permission check
   * (write access to cgroup.procs, as this uid) will pass; otherwise the
   * parent places the init before it runs anything. */
  if (cgroup_fd >= 0
      && faccessat (cgroup_fd, "cgroup.procs", W_OK, AT_EACCESS) == 0)
    {
      args.flags = flags | CLONE_INTO_CGROUP;
      args.cgroup = (uint64_t) cgroup_fd;
      args.exit_signal = SIGCHLD;
      pid = direct ? lc_clone (&args) : lc_clone_parent (&args);
      if (pid >= 0)
        {
          *placed = true;
          return pid;
        }
      memset (&args, 0, sizeof args);
    }
  args.flags = flags;
  args.exit_signal = SIGCHLD;
  return direct ? lc_clone (&args) : lc_clone_parent (&args);
}

/* The one choice between the two ways of making the init.  With no user
 * namespace there are no maps to write between creating namespaces and
 * cloning, so the parent clones the init itself with the namespace flags
 * and no [inter] stage exists.  Joining a namespace by path still goes
 * through [inter] (setns of a pid namespace only applies to children, and
 * hull must not enter the others itself), and so does a new time
 * namespace (its offsets must be written before any process enters it). */
static bool
clone_direct (const struct lc_spec *spec)
{
  if (spec->ns[LC_NS_USER].present || spec->ns[LC_NS_TIME].present)
    return false;
  for (int t = 0; t < LC_NS_COUNT; t++)
    if (spec->ns[t].present && spec->ns[t].path)
      return false;
  return true;
}

/* Offsets for a new time namespace, before any process enters it. */
static int
write_time_offsets (const struct lc_spec *spec, struct lc_err *err)
{
  char buf[128];
  int n;
  if (!spec->has_time_offsets)
    return 0;
  n = snprintf (
      buf, sizeof buf, "monotonic %lld %u\nboottime %lld %u\n",
      (long long) spec->time_monotonic_secs, spec->time_monotonic_nsecs,
      (long long) spec->time_boottime_secs, spec->time_boottime_nsecs);
  if (n < 0 || (size_t) n >= sizeof buf)
    return lc_err_setx (err, EINVAL, "linux.timeOffsets: too long");
  return lc_write_file_at (AT_FDCWD, "/proc/self/timens_offsets", buf,
                           (size_t) n, err);
}

/* [inter]: enter or create the user namespace, then the others, then
 * clone the init into them.  Never returns. */
static void __attribute__ ((noreturn))
inter_main (const struct lc_launch *l, int sync, int ns_fds[LC_NS_COUNT])
{
  const struct lc_spec *spec = l->spec;
  struct lc_err err;
  pid_t pid;
  bool placed;
  int flags;

  lc_err_clear (&err);
  (void) prctl (PR_SET_NAME, "hull:inter", 0, 0, 0);
  (void) prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

  if (ns_fds[LC_NS_USER] >= 0)
    {
      if (setns (ns_fds[LC_NS_USER], CLONE_NEWUSER) < 0)
        {
          lc_err_set (&err, errno, "linux.namespaces (user): setns");
          goto fail;
        }
    }
  else if (spec->ns[LC_NS_USER].present)
    {
      if (unshare (CLONE_NEWUSER) < 0)
        {
          lc_err_set (&err, errno, "create user namespace");
          goto fail;
        }
      /* MAP_REQ: the parent writes our uid_map/gid_map. */
      if (lc_sync_send (sync, LC_SYNC_MAP_REQ, 0, NULL, &err) < 0
          || lc_sync_expect (sync, LC_SYNC_MAP_DONE, NULL, &err) < 0)
        goto fail;
    }
  if (spec->ns[LC_NS_USER].present)
    {
      /* Become root of the namespace when 0 is mapped; otherwise keep the
       * full capability set the namespace's creator has anyway. */
      (void) setresgid (0, 0, 0);
      (void) setresuid (0, 0, 0);
    }
  if (lc_ns_join (ns_fds, &err) < 0)
    goto fail;
  flags = lc_ns_new_flags (spec);
  if (flags && unshare (flags) < 0)
    {
      lc_err_set (&err, errno, "create namespaces (flags 0x%x)", flags);
      goto fail;
    }
  if ((flags & CLONE_NEWTIME) && write_time_offsets (spec, &err) < 0)
    goto fail;
  lc_fault_point ("create-inter");

  pid = clone_init (l->cgroup_fd, false, 0, &placed);
  if (pid < 0)
    {
      lc_err_set (&err, errno, "clone container init");
      goto fail;
    }
  if (pid == 0)
    {
      lc_ns_close_paths (ns_fds);
      lc_init_main (l, sync);
    }
  /* INIT_PID: text says whether the parent must still place it. */
  if (lc_sync_send (sync, LC_SYNC_INIT_PID, pid, placed ? "placed" : "", &err)
      < 0)
    _exit (1);
  _exit (0);

fail:
  lc_sync_send_error (sync, &err);
  _exit (1);
}

static void
kill_and_reap (pid_t pid)
{
  if (pid > 0)
    {
      (void) kill (pid, SIGKILL);
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
}

static int
reap_inter (pid_t inter, struct lc_err *err)
{
  int status;
  while (waitpid (inter, &status, 0) < 0)
    if (errno != EINTR)
      return lc_err_set (err, errno, "wait for setup stage");
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    return lc_err_setx (err, EIO, "setup stage failed (status 0x%x)", status);
  return 0;
}

/* The idmapped trees of the container's mounts, made here where the
 * source filesystems' owner has the privilege (idmap.h). */
static int
prepare_idmaps (const struct lc_launch *l, pid_t inter, int *idfds,
                struct lc_err *err)
{
  const struct lc_spec *spec = l->spec;
  cleanup_free char *path = NULL;
  cleanup_close int userns = -1;

  if (!l->n_idmap)
    return 0;
  path = spec->ns[LC_NS_USER].path
             ? lc_xstrdup (spec->ns[LC_NS_USER].path)
             : lc_xasprintf ("/proc/%d/ns/user", (int) inter);
  userns = open (path, O_RDONLY | O_CLOEXEC);
  if (userns < 0)
    return lc_err_set (err, errno, "idmap: open '%s'", path);
  return lc_idmap_prepare (spec, l->bundle, userns, idfds, err);
}

/* Parent side of [inter]: MAP_REQ (if a new user ns), INIT_PID, the
 * cgroup when CLONE_INTO_CGROUP did not place the init. */
static int
drive_inter (const struct lc_launch *l, int sync, pid_t inter, int *idfds,
             pid_t *ret_init, struct lc_err *err)
{
  const struct lc_spec *spec = l->spec;
  int32_t init_pid = 0;
  char text[16];
  int r;

  if (spec->ns[LC_NS_USER].present && !spec->ns[LC_NS_USER].path)
    {
      /* MAP_REQ -> MAP_DONE */
      r = lc_sync_expect (sync, LC_SYNC_MAP_REQ, NULL, err);
      if (r < 0)
        return r;
      r = lc_user_write_maps (inter, spec, err);
      if (r < 0)
        return r;
      /* While [inter] waits, its user namespace is the container's. */
      r = prepare_idmaps (l, inter, idfds, err);
      if (r < 0)
        return r;
      r = lc_sync_send (sync, LC_SYNC_MAP_DONE, 0, NULL, err);
      if (r < 0)
        return r;
    }
  else
    {
      r = prepare_idmaps (l, inter, idfds, err);
      if (r < 0)
        return r;
    }
  r = lc_sync_expect_text (sync, LC_SYNC_INIT_PID, &init_pid, text,
                           sizeof text, err);
  if (r < 0)
    return r;
  *ret_init = init_pid;
  lc_fault_point ("create-after-init-pid");
  if (strcmp (text, "placed") && l->enter_cgroup)
    {
      r = l->enter_cgroup (l->cgroup_data, init_pid, err);
      if (r < 0)
        return r;
    }
  return 0;
}

/* Parent side once the init exists and is in its cgroup: HOOKS_DONE,
 * READY. */
static int
drive_init (const struct lc_launch *l, int sync, pid_t init_pid, int *idfds,
            struct lc_err *err)
{
  int r;

  /* HOOKS_DONE (value: the init's host pid).  The init waits for it
   * without asking: it may share the socket with [inter], so only the
   * parent may speak first, once INIT_PID is in. */
  if (l->run_hooks)
    {
      r = l->run_hooks (l->data, init_pid, err);
      if (r < 0)
        return r;
    }
  r = lc_sync_send (sync, LC_SYNC_HOOKS_DONE, init_pid, NULL, err);
  if (r < 0)
    return r;
  r = lc_idmap_send (sync, idfds, l->spec->n_mounts, err);
  if (r < 0)
    return r;
  lc_fault_point ("create-after-hooks");
  return lc_sync_expect (sync, LC_SYNC_READY, NULL, err);
}

/* Without [inter] (clone_direct): the parent clones the init into new
 * namespaces and its cgroup itself.  Fault stages keep their meaning:
 * "create-after-fork" once a child exists, "create-inter" in the child
 * before it does anything. */
static int
spawn_direct (const struct lc_launch *l, int sv[2], pid_t *ret_init,
              struct lc_err *err)
{
  bool placed;
  pid_t pid;
  int r;

  pid = clone_init (l->cgroup_fd, true, (uint64_t) lc_ns_new_flags (l->spec),
                    &placed);
  if (pid < 0)
    return lc_err_set (err, errno,
                       "create namespaces and clone container "
                       "init (flags 0x%x)",
                       lc_ns_new_flags (l->spec));
  if (pid == 0)
    {
      lc_close (sv[0]);
      lc_fault_point ("create-inter");
      lc_init_main (l, sv[1]);
    }
  *ret_init = pid;
  lc_fault_point ("create-after-fork");
  lc_fault_point ("create-after-init-pid");
  if (!placed && l->enter_cgroup)
    {
      r = l->enter_cgroup (l->cgroup_data, pid, err);
      if (r < 0)
        return r;
    }
  return 0;
}

/* With [inter]: fork it, then drive it until it has cloned the init. */
static int
spawn_inter (const struct lc_launch *l, int sv[2], int *idfds, pid_t *ret_init,
             struct lc_err *err)
{
  int ns_fds[LC_NS_COUNT];
  pid_t inter;
  int r;

  r = lc_ns_open_paths (l->spec, ns_fds, err);
  if (r < 0)
    return r;
  inter = fork ();
  if (inter < 0)
    {
      r = lc_err_set (err, errno, "fork");
      lc_ns_close_paths (ns_fds);
      return r;
    }
  if (inter == 0)
    {
      lc_close (sv[0]);
      inter_main (l, sv[1], ns_fds);
    }
  lc_ns_close_paths (ns_fds);
  lc_fault_point ("create-after-fork");
  r = drive_inter (l, sv[0], inter, idfds, ret_init, err);
  if (r < 0)
    {
      kill_and_reap (inter);
      return r;
    }
  return reap_inter (inter, err);
}

int
lc_process_spawn (const struct lc_launch *launch, pid_t *ret_pid,
                  int *ret_sync, struct lc_err *err)
{
  struct lc_launch lx = *launch;
  const struct lc_launch *l = &lx;
  cleanup_free int *idfds = NULL;
  int sv[2];
  pid_t init_pid = 0;
  int r;

  lx.n_idmap = lc_idmap_parent_count (lx.spec, lx.in_userns);
  idfds = lc_xcalloc (lx.spec->n_mounts + 1, sizeof (int));
  for (size_t i = 0; i <= lx.spec->n_mounts; i++)
    idfds[i] = -1;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return lc_err_set (err, errno, "socketpair");
  r = clone_direct (l->spec) ? spawn_direct (l, sv, &init_pid, err)
                             : spawn_inter (l, sv, idfds, &init_pid, err);
  lc_close (sv[1]);
  if (r >= 0)
    r = drive_init (l, sv[0], init_pid, idfds, err);
  lc_idmap_close_all (idfds, lx.spec->n_mounts);
  if (r < 0)
    {
      kill_and_reap (init_pid);
      lc_close (sv[0]);
      return r;
    }
  *ret_pid = init_pid;
  *ret_sync = sv[0];
  return 0;
}

int
lc_process_find_exec (const char *cmd, char *const *env, char **ret,
                      struct lc_err *err)
{
  const char *path = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:"
                     "/sbin:/bin";
  cleanup_free char *copy = NULL;
  char *save = NULL;

  if (!cmd || !*cmd)
    return lc_err_setx (err, EINVAL, "process.args[0]: empty");
  if (strchr (cmd, '/'))
    {
      struct stat sb;
      if (stat (cmd, &sb) < 0)
        return lc_err_set (err, errno, "process.args[0]: '%s'", cmd);
      if (!S_ISREG (sb.st_mode) || access (cmd, X_OK) < 0)
        return lc_err_setx (err, EACCES,
                            "process.args[0]: '%s' is not an executable "
                            "file",
                            cmd);
      *ret = lc_xstrdup (cmd);
      return 0;
    }
  for (size_t i = 0; env && env[i]; i++)
    if (!strncmp (env[i], "PATH=", 5))
      path = env[i] + 5;
  copy = lc_xstrdup (path);
  for (char *dir = strtok_r (copy, ":", &save); dir;
       dir = strtok_r (NULL, ":", &save))
    {
      cleanup_free char *full = lc_xasprintf ("%s/%s", *dir ? dir : ".", cmd);
      struct stat sb;
      if (stat (full, &sb) == 0 && S_ISREG (sb.st_mode)
          && access (full, X_OK) == 0)
        {
          *ret = TAKE_PTR (full);
          return 0;
        }
    }
  return lc_err_setx (
      err, ENOENT, "process.args[0]: executable '%s' not found in $PATH", cmd);
}
