/* init.c - the container's init: set up inside, wait for start, exec. */
#include "init.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/close_range.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "caps.h"
#include "console.h"
#include "hooks.h"
#include "idmap.h"
#include "netlink.h"
#include "procattr.h"
#include "rootfs.h"
#include "seccomp.h"
#include "signals.h"
#include "state.h"
#include "sync.h"
#include "sysctl.h"
#include "user.h"
#include "util.h"

#ifndef KEYCTL_JOIN_SESSION_KEYRING
#define KEYCTL_JOIN_SESSION_KEYRING 1
#endif

/* The state passed to hooks that run inside the container (borrowed
 * strings: not for lc_state_clear). */
static struct lc_state
hook_state (const struct lc_launch *l, pid_t host_pid)
{
  struct lc_state s;
  memset (&s, 0, sizeof s);
  s.id = (char *) l->id;
  s.bundle = (char *) l->bundle;
  s.pid = host_pid;
  s.annotation_keys = l->spec->annotation_keys;
  s.annotation_values = l->spec->annotation_values;
  return s;
}

static int
set_names (const struct lc_spec *spec, struct lc_err *err)
{
  if (spec->hostname
      && sethostname (spec->hostname, strlen (spec->hostname)) < 0)
    return lc_err_set (err, errno, "hostname: sethostname '%s'",
                       spec->hostname);
  if (spec->domainname
      && setdomainname (spec->domainname, strlen (spec->domainname)) < 0)
    return lc_err_set (err, errno, "domainname: setdomainname '%s'",
                       spec->domainname);
  return 0;
}

/* process.cwd is created when missing (before a read-only remount), owned
 * by the process's user, as engines expect.  We are at the container's
 * root already, so every path resolves inside it. */
static int
make_cwd (const struct lc_process *p, struct lc_err *err)
{
  cleanup_free char *path = lc_xstrdup (p->cwd);
  struct stat sb;

  if (stat (path, &sb) == 0)
    return 0;
  for (char *c = path + 1;; c++)
    if (*c == '/' || *c == '\0')
      {
        char saved = *c;
        *c = '\0';
        if (mkdir (path, 0755) == 0)
          {
            if (lchown (path, p->user.uid, p->user.gid) < 0)
              return lc_err_set (err, errno, "process.cwd: chown '%s'", path);
          }
        else if (errno != EEXIST)
          return lc_err_set (err, errno, "process.cwd: create '%s'", path);
        *c = saved;
        if (!saved)
          return 0;
      }
}

/* Everything done inside the namespaces before the container is "created". */
static int
setup_inside (const struct lc_launch *l, int sync, char **ret_exe,
              int32_t *ret_host_pid, struct lc_err *err)
{
  const struct lc_spec *spec = l->spec;
  struct lc_rootfs_opts ro
      = { .bundle = l->bundle,
          .no_pivot = l->no_pivot,
          .in_userns = l->in_userns || spec->ns[LC_NS_USER].present };
  struct lc_state state;
  cleanup_free int *idfds = NULL;
  int32_t host_pid = 0;
  int r;

  if (setsid () < 0)
    return lc_err_set (err, errno, "setsid");
  if (!l->no_new_keyring)
    (void) syscall (SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING, NULL);
  if (spec->ns[LC_NS_NET].present && !spec->ns[LC_NS_NET].path)
    {
      r = lc_netlink_loopback_up (err);
      if (r < 0)
        return r;
    }
  /* HOOKS_DONE: the parent has our pid, placed us in the cgroup and ran
   * prestart and createRuntime. */
  r = lc_sync_expect (sync, LC_SYNC_HOOKS_DONE, &host_pid, err);
  if (r < 0)
    return r;
  *ret_host_pid = host_pid;
  if (l->n_idmap)
    {
      idfds = lc_xcalloc (spec->n_mounts + 1, sizeof (int));
      r = lc_idmap_recv (sync, spec, idfds, err);
      if (r < 0)
        return r;
      ro.premade_idmap = idfds;
    }
  /* Now in its cgroup: a new cgroup namespace makes it the root. */
  if (spec->ns[LC_NS_CGROUP].present && !spec->ns[LC_NS_CGROUP].path
      && unshare (CLONE_NEWCGROUP) < 0)
    return lc_err_set (err, errno, "create cgroup namespace");
  /* createContainer: container namespaces, before pivot_root. */
  state = hook_state (l, host_pid);
  r = lc_hooks_run_state (spec, LC_HOOK_CREATE_CONTAINER, &state,
                          LC_STATUS_CREATED, err);
  if (r < 0)
    return r;
  r = set_names (spec, err);
  if (r < 0)
    return r;
  r = lc_rootfs_prepare (spec, &ro, err);
  if (idfds)
    lc_idmap_close_all (idfds, spec->n_mounts);
  if (r < 0)
    return r;
  if (spec->process.terminal && l->console_fd >= 0)
    {
      r = lc_console_setup (l->console_fd, true, spec->process.console_height,
                            spec->process.console_width, err);
      if (r < 0)
        return r;
    }
  r = lc_sysctl_apply (spec, err);
  if (r < 0)
    return r;
  r = make_cwd (&spec->process, err);
  if (r < 0)
    return r;
  r = lc_rootfs_finalize (spec, err);
  if (r < 0)
    return r;
  return lc_process_find_exec (spec->process.args[0], spec->process.env,
                               ret_exe, err);
}

/* Block until `start` opens the fifo for reading, then tell it we go. */
static int
wait_for_start (int state_dirfd, struct lc_err *err)
{
  int fd;
  do
    fd = openat (state_dirfd, "exec.fifo", O_WRONLY | O_CLOEXEC);
  while (fd < 0 && errno == EINTR);
  if (fd < 0)
    return lc_err_set (err, errno, "open exec fifo");
  if (lc_write_all (fd, "0", 1) < 0)
    {
      int e = errno;
      lc_close (fd);
      return lc_err_set (err, e, "write exec fifo");
    }
  lc_close (fd);
  return 0;
}

int
lc_init_enter_cwd (const char *cwd, struct lc_err *err)
{
  char buf[4096];
  if (chdir (cwd) < 0)
    return lc_err_set (err, errno, "process.cwd: chdir '%s'", cwd);
  /* A cwd reached through a leaked host fd would show as unreachable. */
  if (!getcwd (buf, sizeof buf) && errno != ERANGE)
    return lc_err_set (err, errno, "process.cwd: '%s' is outside the root",
                       cwd);
  return 0;
}

/* Load the filter; with SCMP_ACT_NOTIFY rules its notify fd goes to the
 * listener (connected by hull, the parent) with the process state. */
static int
load_seccomp (const struct lc_spec *spec, const struct lc_listener *l,
              struct lc_err *err)
{
  int nfd = -1, r;

  r = lc_seccomp_load (&spec->seccomp, &nfd, err);
  if (r >= 0 && nfd >= 0)
    {
      if (!l || l->sock < 0)
        r = lc_err_setx (err, EINVAL,
                         "linux.seccomp: notify rules need "
                         "linux.seccomp.listenerPath");
      else
        r = lc_seccomp_send_listener (l->sock, nfd,
                                      spec->seccomp.listener_metadata, l->pid,
                                      l->state_json, err);
    }
  lc_close (nfd);
  return r;
}

int
lc_init_drop_privileges (const struct lc_spec *spec,
                         const struct lc_process *p,
                         const struct lc_listener *l, struct lc_err *err)
{
  int r;

  r = lc_procattr_rlimits (p, err);
  if (r < 0)
    return r;
  r = lc_procattr_apply (p, err);
  if (r < 0)
    return r;
  r = lc_procattr_personality (&spec->personality, err);
  if (r < 0)
    return r;
  if (p->user.has_umask)
    umask ((mode_t) p->user.umask);
  r = lc_caps_drop_bounding (&p->caps, err);
  if (r < 0)
    return r;
  /* Without no_new_privs, loading a filter needs CAP_SYS_ADMIN: load it
   * while we still have it. */
  if (spec->has_seccomp && !p->no_new_privileges)
    {
      r = load_seccomp (spec, l, err);
      if (r < 0)
        return r;
    }
  r = lc_user_switch (&p->user, err);
  if (r < 0)
    return r;
  r = lc_caps_apply (&p->caps, err);
  if (r < 0)
    return r;
  if (p->no_new_privileges && prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
    return lc_err_set (err, errno, "process.noNewPrivileges");
  if (spec->has_seccomp && p->no_new_privileges)
    {
      r = load_seccomp (spec, l, err);
      if (r < 0)
        return r;
    }
  return 0;
}

static void __attribute__ ((noreturn))
die_after_start (const struct lc_err *err)
{
  char line[LC_ERR_MSG_MAX + 16];
  int n = snprintf (line, sizeof line, "hull: %s\n", err->msg);
  if (n > 0)
    (void) lc_write_all (STDERR_FILENO, line,
                         (size_t) n < sizeof line ? (size_t) n
                                                  : sizeof line - 1);
  _exit (127);
}

void
lc_init_main (const struct lc_launch *l, int sync)
{
  const struct lc_spec *spec = l->spec;
  cleanup_free char *exe = NULL;
  cleanup_free char *state_json = NULL;
  struct lc_state state;
  struct lc_err err;
  int state_dirfd = l->state_dirfd;
  struct lc_listener lis = { .sock = l->listener_fd };
  int32_t host_pid = 0;

  lc_err_clear (&err);
  (void) prctl (PR_SET_NAME, "hull:init", 0, 0, 0);
  (void) prctl (PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
  /* Nothing hull had open comes along but what the init needs: the sync
   * socket, the console, the seccomp listener (connected by hull), the
   * (unlocked) state dir and the preserved fds.  The cgroup dir fd is
   * never carried into the container. */
  {
    int keep[] = { sync, l->console_fd, lis.sock, state_dirfd };
    if (lc_close_fds_except (3 + l->preserve_fds, keep, 4) < 0)
      _exit (1);
  }
  lc_signals_reset ();
  if (setup_inside (l, sync, &exe, &host_pid, &err) < 0)
    {
      lc_sync_send_error (sync, &err);
      _exit (1);
    }
  /* READY -> GO: the parent records the state, then lets us wait.  The
   * parent may exit as soon as GO is sent, so the death signal goes first;
   * should hull die before GO, the sync socket reads EOF and we exit. */
  (void) prctl (PR_SET_PDEATHSIG, 0, 0, 0, 0);
  if (lc_sync_send (sync, LC_SYNC_READY, 0, NULL, &err) < 0
      || lc_sync_expect (sync, LC_SYNC_GO, NULL, &err) < 0)
    _exit (1);
  lc_close (sync);
  if (l->console_fd >= 0)
    lc_close (l->console_fd);

  if (!l->started && wait_for_start (state_dirfd, &err) < 0)
    die_after_start (&err);
  lc_close (state_dirfd);
  state = hook_state (l, host_pid);
  /* The listener is sent the same state (made once for both). */
  if (lis.sock >= 0)
    state_json = lc_state_to_oci_json (&state, LC_STATUS_RUNNING, false);
  if ((state_json
           ? lc_hooks_run (spec, LC_HOOK_START_CONTAINER, state_json, &err)
           : lc_hooks_run_state (spec, LC_HOOK_START_CONTAINER, &state,
                                 LC_STATUS_RUNNING, &err))
      < 0)
    die_after_start (&err);
  if (lc_init_enter_cwd (spec->process.cwd, &err) < 0)
    die_after_start (&err);
  lis.pid = host_pid;
  lis.state_json = state_json;
  if (lc_init_drop_privileges (spec, &spec->process, &lis, &err) < 0)
    die_after_start (&err);
  lis.sock = lc_close (lis.sock);
  /* The listener was the last: no fd to the host that hull opened
   * survives past this point (close_range drops anything else). */
  if (syscall (SYS_close_range, 3 + l->preserve_fds, ~0U, 0) < 0)
    {
      lc_err_set (&err, errno, "close_range");
      die_after_start (&err);
    }
  execve (exe, spec->process.args, spec->process.env);
  /* E2BIG: args and env together are over the limit (a quarter of
   * RLIMIT_STACK); each one alone was checked by lc_process_validate */
  lc_err_set (&err, errno, "%sexec '%s'",
              errno == E2BIG ? "process.args and process.env: " : "", exe);
  die_after_start (&err);
}
