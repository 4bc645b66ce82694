/* user.c - user namespace id maps and the switch to process.user.
 *
 * Maps are written by the parent for a child that unshared its user
 * namespace.  Three ways, by privilege:
 *   - euid 0 (real root, or root of the namespace we run in, which owns
 *     the child's namespace): write /proc/PID/{uid,gid}_map directly;
 *   - unprivileged, mapping only our own uid and gid: the kernel allows
 *     that one line once setgroups is "deny";
 *   - unprivileged, anything else: the setuid newuidmap/newgidmap helpers,
 *     which check /etc/subuid and /etc/subgid. */
#include "user.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#define HELPER_STDERR_MAX 1024

char *
lc_user_format_map (const struct lc_id_map *maps, size_t n)
{
  size_t cap = n * 33 + 1; /* three u32 (10 digits), two spaces, newline */
  size_t len = 0;
  char *buf = lc_xmalloc (cap);

  buf[0] = '\0';
  for (size_t i = 0; i < n; i++)
    {
      int w = snprintf (buf + len, cap - len, "%u %u %u\n",
                        maps[i].container_id, maps[i].host_id, maps[i].size);
      if (w < 0 || (size_t) w >= cap - len)
        abort (); /* cannot happen: 33 bytes per line always fit */
      len += (size_t) w;
    }
  return buf;
}

/* The first line of a helper's stderr, for the error message. */
static void
first_line (char *s)
{
  s[strcspn (s, "\n")] = '\0';
}

static int
wait_helper (pid_t pid, int errfd, const char *name, struct lc_err *err)
{
  char out[HELPER_STDERR_MAX + 1];
  ssize_t n;
  int status;

  n = lc_read_all (errfd, out, HELPER_STDERR_MAX);
  out[n > 0 ? n : 0] = '\0';
  if (n == HELPER_STDERR_MAX)
    {
      /* Drain the rest so the helper never blocks on a full pipe. */
      char sink[256];
      while (lc_read_all (errfd, sink, sizeof sink) > 0)
        ;
    }
  first_line (out);
  while (waitpid (pid, &status, 0) < 0)
    if (errno != EINTR)
      return lc_err_set (err, errno, "wait for %s", name);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return 0;
  if (WIFEXITED (status))
    return lc_err_setx (err, EPERM, "%s failed with exit status %d%s%s", name,
                        WEXITSTATUS (status), out[0] ? ": " : "", out);
  return lc_err_setx (err, EPERM, "%s killed by signal %d%s%s", name,
                      WIFSIGNALED (status) ? WTERMSIG (status) : 0,
                      out[0] ? ": " : "", out);
}

/* newuidmap PID c h s [c h s ...]: stderr captured, stdout inherited. */
static int
run_map_helper (const char *helper, pid_t pid, const struct lc_id_map *maps,
                size_t n, struct lc_err *err)
{
  cleanup_strv char **argv = NULL;
  int pipefd[2];
  pid_t child;
  int r;

  argv = lc_xcalloc (3 * n + 3, sizeof *argv);
  argv[0] = lc_xstrdup (helper);
  argv[1] = lc_xasprintf ("%d", (int) pid);
  for (size_t i = 0; i < n; i++)
    {
      argv[2 + 3 * i] = lc_xasprintf ("%u", maps[i].container_id);
      argv[3 + 3 * i] = lc_xasprintf ("%u", maps[i].host_id);
      argv[4 + 3 * i] = lc_xasprintf ("%u", maps[i].size);
    }
  if (pipe2 (pipefd, O_CLOEXEC) < 0)
    return lc_err_set (err, errno, "pipe for %s", helper);
  child = fork ();
  if (child < 0)
    {
      r = errno;
      (void) lc_close (pipefd[0]);
      (void) lc_close (pipefd[1]);
      return lc_err_set (err, r, "fork for %s", helper);
    }
  if (child == 0)
    {
      if (dup2 (pipefd[1], STDERR_FILENO) < 0)
        _exit (126);
      execvp (helper, argv);
      dprintf (STDERR_FILENO, "exec '%s': %s\n", helper, strerror (errno));
      _exit (127);
    }
  (void) lc_close (pipefd[1]);
  r = wait_helper (child, pipefd[0], helper, err);
  (void) lc_close (pipefd[0]);
  if (r < 0)
    lc_err_prefix (err, "write id map of %d", (int) pid);
  return r;
}

static int
write_map_file (int procfd, const char *file, const struct lc_id_map *maps,
                size_t n, struct lc_err *err)
{
  cleanup_free char *text = lc_user_format_map (maps, n);
  return lc_write_file_at (procfd, file, text, strlen (text), err);
}

static bool
is_self_map (const struct lc_id_map *maps, size_t n, uint32_t id)
{
  return n == 1 && maps[0].host_id == id && maps[0].size == 1;
}

int
lc_user_write_maps (pid_t pid, const struct lc_spec *spec, struct lc_err *err)
{
  struct lc_id_map def_uid = { 0, (uint32_t) geteuid (), 1 };
  struct lc_id_map def_gid = { 0, (uint32_t) getegid (), 1 };
  const struct lc_id_map *uids = spec->uid_mappings;
  const struct lc_id_map *gids = spec->gid_mappings;
  size_t nu = spec->n_uid_mappings, ng = spec->n_gid_mappings;
  cleanup_close int procfd = -1;
  char path[64];
  int r;

  /* A new user namespace without mappings: be root in it as ourselves. */
  if (nu == 0)
    uids = &def_uid, nu = 1;
  if (ng == 0)
    gids = &def_gid, ng = 1;

  snprintf (path, sizeof path, "/proc/%d", (int) pid);
  procfd = open (path, O_DIRECTORY | O_CLOEXEC | O_RDONLY);
  if (procfd < 0)
    return lc_err_set (err, errno, "open '%s'", path);

  if (geteuid () == 0)
    {
      if ((r = write_map_file (procfd, "uid_map", uids, nu, err)) < 0
          || (r = write_map_file (procfd, "gid_map", gids, ng, err)) < 0)
        lc_err_prefix (err, "write id maps of %d", (int) pid);
      return r;
    }
  if (is_self_map (uids, nu, (uint32_t) geteuid ())
      && is_self_map (gids, ng, (uint32_t) getegid ()))
    {
      /* Unprivileged gid_map writes need setgroups denied first. */
      if ((r = lc_write_file_at (procfd, "setgroups", "deny", 4, err)) < 0
          || (r = write_map_file (procfd, "uid_map", uids, nu, err)) < 0
          || (r = write_map_file (procfd, "gid_map", gids, ng, err)) < 0)
        lc_err_prefix (err, "write id maps of %d", (int) pid);
      return r;
    }
  r = run_map_helper ("newuidmap", pid, uids, nu, err);
  if (r < 0)
    return r;
  return run_map_helper ("newgidmap", pid, gids, ng, err);
}

/* True when /proc/self/setgroups says "deny" (absent on old kernels). */
static bool
setgroups_denied (void)
{
  cleanup_free char *buf = NULL;
  if (lc_read_file_at (AT_FDCWD, "/proc/self/setgroups", 64, &buf, NULL, NULL)
      < 0)
    return false;
  return strncmp (buf, "deny", 4) == 0;
}

static int
set_groups (const struct lc_user *user, struct lc_err *err)
{
  cleanup_free gid_t *list = NULL;
  size_t n = user->n_additional_gids;

  if (setgroups_denied ())
    {
      if (n > 0)
        return lc_err_setx (err, EPERM,
                            "process.user.additionalGids: setgroups is "
                            "denied in this user namespace");
      return 0;
    }
  if (n > 0)
    {
      list = lc_xcalloc (n, sizeof *list);
      for (size_t i = 0; i < n; i++)
        list[i] = (gid_t) user->additional_gids[i];
    }
  if (setgroups (n, list) < 0)
    return lc_err_set (err, errno, "process.user.additionalGids: setgroups");
  return 0;
}

int
lc_user_switch (const struct lc_user *user, struct lc_err *err)
{
  int r;

  r = set_groups (user, err);
  if (r < 0)
    return r;
  /* Keep the permitted set across setresuid so lc_caps_apply can choose
   * the final sets; it clears KEEPCAPS again. */
  if (prctl (PR_SET_KEEPCAPS, 1, 0, 0, 0) < 0)
    return lc_err_set (err, errno, "prctl PR_SET_KEEPCAPS");
  if (setresgid (user->gid, user->gid, user->gid) < 0)
    return lc_err_set (err, errno, "process.user.gid: setresgid %u",
                       user->gid);
  if (setresuid (user->uid, user->uid, user->uid) < 0)
    return lc_err_set (err, errno, "process.user.uid: setresuid %u",
                       user->uid);
  if (user->has_umask)
    (void) umask ((mode_t) (user->umask & 0777));
  return 0;
}
