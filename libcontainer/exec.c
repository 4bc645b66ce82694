/* exec.c - a new process in a running container.
 *
 *   hull --fork--> [exec-inter] join the container's cgroup (unless paused)
 *                               setns(pidfd, differing namespaces)
 *                               clone3(CLONE_PARENT) --> [exec] "hull:exec"
 *                               send INIT_PID, exit      chroot to the init's
 *                                                        root, console, cwd,
 *                                                        privileges, seccomp,
 *                                                        close fds, execve
 *
 * [exec] reports a failure over a CLOEXEC socket; EOF there means execve
 * succeeded.  [exec] is hull's child, so a foreground exec waits for it. */
#include "container.h"

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

#include "caps.h"
#include "cgroup.h"
#include "console.h"
#include "container_cgroup.h"
#include "fault.h"
#include "init.h"
#include "namespaces.h"
#include "process.h"
#include "signals.h"
#include "sync.h"
#include "util.h"

struct exec_ctx
{
  const struct lc_spec *spec;
  struct lc_process *proc;
  int pidfd;
  int nsflags;
  int root_fd;         /* the init's root, opened through /proc/PID/root */
  int console_fd;      /* or -1 */
  pid_t init_pid;      /* for its current cgroup (join_cgroup) */
  struct lc_cgroup cg; /* the container's: dirfd -1 when it has none, or
                          when it is paused (see prepare) */
  int preserve_fds;
  struct lc_listener listener; /* linux.seccomp.listenerPath, pid 0: the
                                  exec'd process's host pid is unknown
                                  to it */
  char *state_json;
};

/* Namespaces of the init that differ from ours (setns to our own user
 * namespace would fail with EINVAL). */
static int
differing_ns (pid_t pid)
{
  static const struct
  {
    const char *name;
    int flag;
  } ns[] = {
    { "user", CLONE_NEWUSER },     { "mnt", CLONE_NEWNS },
    { "pid", CLONE_NEWPID },       { "net", CLONE_NEWNET },
    { "ipc", CLONE_NEWIPC },       { "uts", CLONE_NEWUTS },
    { "cgroup", CLONE_NEWCGROUP }, { "time", CLONE_NEWTIME },
  };
  int flags = 0;
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
    {
      char a[64], b[64];
      struct stat sa, sb;
      snprintf (a, sizeof a, "/proc/%d/ns/%s", (int) pid, ns[i].name);
      snprintf (b, sizeof b, "/proc/self/ns/%s", ns[i].name);
      if (stat (a, &sa) == 0 && stat (b, &sb) == 0
          && (sa.st_ino != sb.st_ino || sa.st_dev != sb.st_dev))
        flags |= ns[i].flag;
    }
  return flags;
}

static int
add_strv (char ***v, const char *s)
{
  size_t n = lc_strv_len (*v);
  *v = lc_xrealloc (*v, (n + 2) * sizeof (char *));
  (*v)[n] = lc_xstrdup (s);
  (*v)[n + 1] = NULL;
  return 0;
}

static void
set_env (char ***env, const char *kv)
{
  const char *eq = strchr (kv, '=');
  size_t klen = eq ? (size_t) (eq - kv) + 1 : strlen (kv);
  for (size_t i = 0; *env && (*env)[i]; i++)
    if (!strncmp ((*env)[i], kv, klen))
      {
        free ((*env)[i]);
        (*env)[i] = lc_xstrdup (kv);
        return;
      }
  add_strv (env, kv);
}

static int
parse_user (const char *s, struct lc_user *u, struct lc_err *err)
{
  unsigned long long uid, gid;
  cleanup_free char *copy = lc_xstrdup (s);
  char *colon = strchr (copy, ':');
  if (colon)
    *colon++ = '\0';
  if (lc_parse_u64 (copy, &uid) < 0 || uid > UINT32_MAX
      || (colon && (lc_parse_u64 (colon, &gid) < 0 || gid > UINT32_MAX)))
    return lc_err_setx (err, EINVAL, "--user '%s': expected UID[:GID]", s);
  u->uid = (uint32_t) uid;
  if (colon)
    u->gid = (uint32_t) gid;
  return 0;
}

/* Flags on top of the config's process (when no --process file). */
static int
apply_flags (const struct lc_exec_opts *o, struct lc_process *p,
             struct lc_err *err)
{
  if (o->args)
    {
      lc_strv_free (p->args);
      p->args = NULL;
      for (size_t i = 0; o->args[i]; i++)
        add_strv (&p->args, o->args[i]);
    }
  if (o->cwd)
    {
      free (p->cwd);
      p->cwd = lc_xstrdup (o->cwd);
    }
  for (size_t i = 0; o->env && o->env[i]; i++)
    set_env (&p->env, o->env[i]);
  if (o->user && parse_user (o->user, &p->user, err) < 0)
    return -EINVAL;
  for (size_t i = 0; o->additional_gids && o->additional_gids[i]; i++)
    {
      unsigned long long g;
      if (lc_parse_u64 (o->additional_gids[i], &g) < 0 || g > UINT32_MAX)
        return lc_err_setx (err, EINVAL, "--additional-gids '%s': not a gid",
                            o->additional_gids[i]);
      p->user.additional_gids
          = lc_xrealloc (p->user.additional_gids,
                         (p->user.n_additional_gids + 1) * sizeof (uint32_t));
      p->user.additional_gids[p->user.n_additional_gids++] = (uint32_t) g;
    }
  for (size_t i = 0; o->caps && o->caps[i]; i++)
    {
      int c = lc_caps_from_name (o->caps[i]);
      if (c < 0)
        return lc_err_setx (err, EINVAL, "--cap '%s': unknown capability",
                            o->caps[i]);
      p->caps.present = true;
      p->caps.bounding |= 1ULL << c;
      p->caps.effective |= 1ULL << c;
      p->caps.permitted |= 1ULL << c;
    }
  if (o->no_new_privs)
    p->no_new_privileges = true;
  /* As with runc: the container's terminal setting is not inherited, a
   * pty is given only with --tty. */
  p->terminal = o->tty;
  return 0;
}

static char **
strv_dup (char *const *v)
{
  size_t n = lc_strv_len (v);
  char **c;
  if (!v)
    return NULL;
  c = lc_xcalloc (n + 1, sizeof (char *));
  for (size_t i = 0; i < n; i++)
    c[i] = lc_xstrdup (v[i]);
  return c;
}

static void *
mem_dup (const void *p, size_t n)
{
  void *c;
  if (!p || !n)
    return NULL;
  c = lc_xmalloc (n);
  memcpy (c, p, n);
  return c;
}

static struct lc_process *
process_dup (const struct lc_process *src)
{
  struct lc_process *p = lc_xcalloc (1, sizeof *p);
  *p = *src; /* scalars; every pointer is replaced below */
  p->user.additional_gids
      = mem_dup (src->user.additional_gids,
                 src->user.n_additional_gids * sizeof (uint32_t));
  p->args = strv_dup (src->args);
  p->env = strv_dup (src->env);
  p->command_line = lc_xstrdup (src->command_line);
  p->cwd = lc_xstrdup (src->cwd);
  p->rlimits = mem_dup (src->rlimits, src->n_rlimits * sizeof *src->rlimits);
  p->apparmor_profile = lc_xstrdup (src->apparmor_profile);
  p->selinux_label = lc_xstrdup (src->selinux_label);
  p->cpu_affinity_initial = lc_xstrdup (src->cpu_affinity_initial);
  p->cpu_affinity_final = lc_xstrdup (src->cpu_affinity_final);
  return p;
}

static int
build_process (const struct lc_exec_opts *o, const struct lc_spec *spec,
               struct lc_process **ret, struct lc_err *err)
{
  struct lc_process *p = NULL;
  cleanup_free char *buf = NULL;
  size_t len;
  int r;

  if (o->process_file)
    {
      r = lc_read_file_at (AT_FDCWD, o->process_file, LC_SPEC_MAX_SIZE, &buf,
                           &len, err);
      if (r >= 0)
        r = lc_process_parse (buf, len, &p, err);
      if (r < 0)
        {
          lc_err_prefix (err, "--process '%s'", o->process_file);
          return r;
        }
      if (o->tty)
        p->terminal = true;
      *ret = p;
      return 0;
    }
  if (!o->args || !o->args[0])
    return lc_err_setx (err, EINVAL, "exec: a command or --process is needed");
  /* Start from the container's own process: its user, caps, env ... */
  p = process_dup (&spec->process);
  r = apply_flags (o, p, err);
  if (r < 0)
    {
      lc_process_free (p);
      return r;
    }
  *ret = p;
  return 0;
}

/* [exec]: in the namespaces; finish and execve.  Never returns. */
static void __attribute__ ((noreturn))
exec_child (struct exec_ctx *x, int sync)
{
  struct lc_err err;
  cleanup_free char *exe = NULL;

  lc_err_clear (&err);
  (void) prctl (PR_SET_NAME, "hull:exec", 0, 0, 0);
  lc_signals_reset ();
  if (fchdir (x->root_fd) < 0 || chroot (".") < 0)
    {
      lc_err_set (&err, errno, "enter the container's root");
      goto fail;
    }
  x->root_fd = lc_close (x->root_fd);
  if (setsid () < 0)
    {
      lc_err_set (&err, errno, "setsid");
      goto fail;
    }
  if (x->proc->terminal && x->console_fd >= 0
      && lc_console_setup (x->console_fd, false, x->proc->console_height,
                           x->proc->console_width, &err)
             < 0)
    goto fail;
  x->console_fd = lc_close (x->console_fd);
  if (lc_init_enter_cwd (x->proc->cwd, &err) < 0)
    goto fail;
  if (lc_process_find_exec (x->proc->args[0], x->proc->env, &exe, &err) < 0)
    goto fail;
  if (lc_init_drop_privileges (x->spec, x->proc, &x->listener, &err) < 0)
    goto fail;
  /* Keep 0-2, the preserved fds and the sync socket (CLOEXEC) for errors. */
  if (syscall (SYS_close_range, 3 + x->preserve_fds, ~0U, CLOSE_RANGE_CLOEXEC)
      < 0)
    {
      lc_err_set (&err, errno, "close_range");
      goto fail;
    }
  execve (exe, x->proc->args, x->proc->env);
  /* E2BIG: args and env together are over the limit (a quarter of
   * RLIMIT_STACK); each one alone was checked by lc_process_validate */
  lc_err_set (&err, errno, "%sexec '%s'",
              errno == E2BIG ? "process.args and process.env: " : "", exe);
fail:
  lc_sync_send_error (sync, &err);
  _exit (127);
}

/* Whether cgroup path lies strictly below cgroup top. */
static bool
below (const char *path, const char *top)
{
  size_t n = strlen (top);
  if (n == 1) /* "/" */
    n = 0;
  return strncmp (path, top, n) == 0 && path[n] == '/' && path[n + 1];
}

/* [exec-inter]: move ourselves into the container's cgroup. */
static int
join_cgroup (const struct exec_ctx *x, struct lc_err *err)
{
  struct lc_cgroup sub = { NULL, NULL, -1 };
  cleanup_free char *path = NULL;
  int r;

  if (x->cg.dirfd < 0)
    return 0;
  r = lc_cgroup_enter (&x->cg, 0, err);
  if (r != -EBUSY)
    return r;
  /* EBUSY: the cgroup enables domain controllers for its children, and
   * cgroup v2 then lets it hold no process of its own.  A container that
   * manages its cgroup (systemd as init, with cgroupns) has moved its init
   * into a child first; join the init's current cgroup instead, so long as
   * it is below the container's. */
  if (lc_cgroup_of_pid (x->init_pid, &path, NULL) < 0
      || !below (path, x->cg.path))
    return r;
  lc_err_clear (err);
  r = lc_cgroup_open (x->cg.mount, path, &sub, err);
  if (r >= 0)
    r = lc_cgroup_enter (&sub, 0, err);
  lc_cgroup_close (&sub);
  return r;
}

static void __attribute__ ((noreturn))
exec_inter (struct exec_ctx *x, int sync)
{
  struct clone_args args;
  struct lc_err err;
  pid_t pid;

  lc_err_clear (&err);
  (void) prctl (PR_SET_NAME, "hull:exec-inter", 0, 0, 0);
  /* Before setns: HULL_FAULT_TRACE is a path on the host. */
  lc_fault_point ("exec-inter");
  /* Into the container's cgroup while we still have the host's
   * credentials and cgroup namespace; the exec'd process inherits it
   * (limits, ps, pause). */
  if (join_cgroup (x, &err) < 0)
    {
      lc_err_prefix (&err, "join the container's cgroup");
      lc_sync_send_error (sync, &err);
      _exit (1);
    }
  lc_cgroup_close (&x->cg);
  if (x->nsflags && setns (x->pidfd, x->nsflags) < 0)
    {
      lc_err_set (&err, errno, "join the container's namespaces");
      lc_sync_send_error (sync, &err);
      _exit (1);
    }
  x->pidfd = lc_close (x->pidfd);
  memset (&args, 0, sizeof args);
  pid = lc_clone_parent (&args);
  if (pid == 0)
    exec_child (x, sync);
  if (pid < 0)
    {
      lc_err_set (&err, errno, "clone exec process");
      lc_sync_send_error (sync, &err);
      _exit (1);
    }
  (void) lc_sync_send (sync, LC_SYNC_INIT_PID, pid, NULL, NULL);
  _exit (0);
}

/* Parent: fork the stages, learn the pid, wait for execve (EOF). */
static int
spawn_exec (struct exec_ctx *x, pid_t *ret_pid, struct lc_err *err)
{
  int sv[2], r;
  int32_t pid = 0;
  pid_t inter;
  struct lc_sync_msg m;
  ssize_t n;

  if (socketpair (AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
    return lc_err_set (err, errno, "socketpair");
  inter = fork ();
  if (inter < 0)
    {
      r = lc_err_set (err, errno, "fork");
      lc_close (sv[0]);
      lc_close (sv[1]);
      return r;
    }
  if (inter == 0)
    {
      lc_close (sv[0]);
      exec_inter (x, sv[1]);
    }
  lc_close (sv[1]);
  r = lc_sync_expect (sv[0], LC_SYNC_INIT_PID, &pid, err);
  while (waitpid (inter, NULL, 0) < 0 && errno == EINTR)
    ;
  if (r < 0)
    {
      lc_close (sv[0]);
      return r;
    }
  /* Nothing more arrives when execve succeeds (the socket is CLOEXEC). */
  do
    n = recv (sv[0], &m, sizeof m, 0);
  while (n < 0 && errno == EINTR);
  lc_close (sv[0]);
  if (n > 0 && m.type == LC_SYNC_ERROR)
    {
      m.text[sizeof m.text - 1] = '\0';
      while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
        ;
      return lc_err_setx (err, m.value > 0 ? m.value : EIO, "%s", m.text);
    }
  *ret_pid = pid;
  return 0;
}

static int
write_pid (const char *path, pid_t pid, struct lc_err *err)
{
  cleanup_free char *tmp = lc_xasprintf ("%s.hull-tmp", path);
  char buf[32];
  int n = snprintf (buf, sizeof buf, "%d", (int) pid);
  cleanup_close int fd = open (
      tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
  if (fd < 0 || lc_write_all (fd, buf, (size_t) n) < 0
      || rename (tmp, path) < 0)
    {
      int e = errno;
      (void) unlink (tmp);
      return lc_err_set (err, e, "--pid-file '%s'", path);
    }
  return 0;
}

static int
prepare (const struct lc_context *ctx, const struct lc_exec_opts *o,
         struct lc_opened *op, struct exec_ctx *x, struct lc_err *err)
{
  char path[64];
  int r = lc_container_open (ctx, o->id, false, op, err);
  if (r < 0)
    return r;
  if (op->status == LC_STATUS_PAUSED && !o->ignore_paused)
    return lc_err_setx (err, EBUSY,
                        "container '%s' is paused: resume it or use "
                        "--ignore-paused",
                        o->id);
  if (op->status != LC_STATUS_RUNNING && op->status != LC_STATUS_CREATED
      && op->status != LC_STATUS_PAUSED)
    return lc_err_setx (err, ESRCH, "cannot exec in container '%s': it is %s",
                        o->id, lc_status_name (op->status));
  r = lc_container_load_spec (op->dirfd, (struct lc_spec **) &x->spec, err);
  if (r < 0)
    return r;
  r = build_process (o, x->spec, &x->proc, err);
  if (r < 0)
    return r;
  if (x->proc->terminal && !o->console_socket && o->detach)
    return lc_err_setx (err, EINVAL,
                        "exec --tty --detach needs --console-socket");
  x->pidfd = r = lc_state_pidfd (&op->st, err);
  if (r < 0)
    return r;
  snprintf (path, sizeof path, "/proc/%d/root", (int) op->st.pid);
  x->root_fd = open (path, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (x->root_fd < 0)
    return lc_err_set (err, errno, "open the container's root");
  x->nsflags = differing_ns (op->st.pid);
  x->preserve_fds = o->preserve_fds;
  x->init_pid = op->st.pid;
  /* Paused (only with --ignore-paused): a process that joined the frozen
   * cgroup would freeze before it could report its pid, and hull would wait
   * until resume.  It runs outside the container's cgroup then, in hull's
   * own: no limits, not in ps, not paused or killed with it. */
  if (op->status != LC_STATUS_PAUSED)
    {
      r = lc_container_cgroup_open (&op->st, &x->cg, err);
      if (r < 0)
        return r;
    }
  if (x->spec->has_seccomp && x->spec->seccomp.listener_path)
    {
      x->state_json = lc_state_to_oci_json (&op->st, LC_STATUS_RUNNING, false);
      x->listener.state_json = x->state_json;
      x->listener.sock = r
          = lc_console_connect (x->spec->seccomp.listener_path, err);
      if (r < 0)
        {
          lc_err_prefix (err, "linux.seccomp.listenerPath");
          return r;
        }
    }
  if (o->console_socket)
    {
      x->console_fd = r = lc_console_connect (o->console_socket, err);
      if (r < 0)
        return r;
    }
  return 0;
}

int
lc_container_exec (const struct lc_context *ctx, const struct lc_exec_opts *o,
                   int *ret_exit, struct lc_err *err)
{
  struct exec_ctx x = { .pidfd = -1,
                        .root_fd = -1,
                        .console_fd = -1,
                        .cg = { NULL, NULL, -1 },
                        .listener = { .sock = -1 } };
  struct lc_opened op;
  cleanup_close int sfd = -1;
  cleanup_close int master = -1;
  int sv[2] = { -1, -1 };
  sigset_t old;
  pid_t pid = 0;
  int r;

  *ret_exit = 0;
  memset (&op, 0, sizeof op);
  op.rootfd = op.dirfd = -1;
  r = prepare (ctx, o, &op, &x, err);
  if (r < 0)
    goto out;
  if (x.proc->terminal && x.console_fd < 0)
    {
      if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        {
          r = lc_err_set (err, errno, "socketpair");
          goto out;
        }
      x.console_fd = sv[1];
    }
  if (!o->detach)
    {
      sfd = r = lc_supervise_signals (&old, err);
      if (r < 0)
        goto out;
    }
  /* The state lock is not held while the process runs. */
  lc_opened_close (&op);
  lc_fault_point ("exec-before-spawn");
  r = spawn_exec (&x, &pid, err);
  if (r >= 0)
    lc_fault_point ("exec-after-spawn");
  if (r >= 0 && sv[0] >= 0)
    master = lc_recv_fd (sv[0], NULL);
  if (r >= 0 && o->pid_file)
    r = write_pid (o->pid_file, pid, err);
  if (r >= 0 && !o->detach)
    r = lc_supervise_wait (pid, sfd, master, ret_exit, err);
  if (sfd >= 0)
    (void) sigprocmask (SIG_SETMASK, &old, NULL);
out:
  lc_close (sv[0]);
  if (x.console_fd != sv[1])
    lc_close (x.console_fd);
  lc_close (sv[1]);
  lc_close (x.pidfd);
  lc_close (x.root_fd);
  lc_cgroup_close (&x.cg);
  lc_close (x.listener.sock);
  free (x.state_json);
  lc_process_free (x.proc);
  lc_spec_free ((struct lc_spec *) x.spec);
  lc_opened_close (&op);
  return r;
}
