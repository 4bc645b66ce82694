/* cgtool.c - drives hull's cgroup module directly, for the VM tests and the
 * host's hybrid checks: the same code path the runtime uses to create a
 * container's cgroup, without the rest of the runtime.
 *
 *   cgtool start BUNDLE ID CMD...   cgroup from BUNDLE/config.json, CMD
 *                                   placed in it before it runs; prints
 *                                   "<state> <pid>" and does not wait
 *   cgtool run BUNDLE ID CMD...     same, waits; exit status of CMD
 *                                   (128+sig); keeps the cgroup
 *   cgtool freeze STATE 0|1   cgtool kill STATE SIG   cgtool pids STATE
 *   cgtool stats STATE        cgtool update STATE JSON
 *   cgtool destroy STATE
 *   cgtool asuser UID CMD...        setgid/setuid to UID, then exec CMD
 * STATE is "mount:path" as the runtime records it. */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "spec.h"
#include "util.h"

static int
die (struct lc_err *err)
{
  fprintf (stderr, "cgtool: %s\n", err->msg);
  return 1;
}

static int
start (int argc, char **argv, bool wait_it)
{
  struct lc_err err = { 0 };
  struct lc_spec *spec = NULL;
  struct lc_cgroup_resources res;
  struct lc_cgroup cg;
  cleanup_free char *path = NULL, *buf = NULL, *st = NULL;
  size_t len;
  int p[2], status;
  pid_t pid;
  char c = 0;

  if (argc < 5)
    return 2;
  if (lc_spec_load (argv[2], &spec, &err) < 0)
    return die (&err);
  path = lc_xasprintf ("%s/config.json", argv[2]);
  if (lc_read_file_at (AT_FDCWD, path, 1 << 24, &buf, &len, &err) < 0
      || lc_cgroup_resources_parse (buf, len, true, &res, &err) < 0)
    return die (&err);
  if (lc_cgroup_create_full (spec, &res, argv[3], geteuid () != 0, &cg, &err)
      < 0)
    return die (&err);
  if (pipe2 (p, O_CLOEXEC) < 0)
    return 1;
  pid = fork ();
  if (pid == 0)
    {
      /* wait until placed, then run */
      if (read (p[0], &c, 1) != 1)
        _exit (126);
      if (!wait_it) /* detached: keep the caller's pipes free */
        {
          int nul = open ("/dev/null", O_RDWR | O_CLOEXEC);
          dup2 (nul, 1);
          dup2 (nul, 2);
        }
      execvp (argv[4], argv + 4);
      _exit (127);
    }
  if (cg.dirfd >= 0 && lc_cgroup_enter (&cg, pid, &err) < 0)
    {
      kill (pid, SIGKILL);
      return die (&err);
    }
  if (write (p[1], &c, 1) != 1)
    return 1;
  close (p[0]);
  close (p[1]);
  st = lc_cgroup_format_state (&cg);
  printf ("%s %d\n", st ? st : "-", (int) pid);
  fflush (stdout);
  lc_cgroup_close (&cg);
  lc_cgroup_resources_clear (&res);
  lc_spec_free (spec);
  if (!wait_it)
    return 0;
  while (waitpid (pid, &status, 0) < 0 && errno == EINTR)
    ;
  return WIFEXITED (status) ? WEXITSTATUS (status) : 128 + WTERMSIG (status);
}

static int
on_state (int argc, char **argv)
{
  struct lc_err err = { 0 };
  struct lc_cgroup cg;
  const char *cmd = argv[1];
  int r = 0;

  if (argc < 3)
    return 2;
  if (lc_cgroup_open_state (argv[2], &cg, &err) < 0)
    return die (&err);
  if (strcmp (cmd, "freeze") == 0 && argc > 3)
    r = lc_cgroup_freeze (&cg, atoi (argv[3]) != 0, &err);
  else if (strcmp (cmd, "kill") == 0 && argc > 3)
    r = lc_cgroup_signal (&cg, atoi (argv[3]), &err);
  else if (strcmp (cmd, "destroy") == 0)
    r = lc_cgroup_destroy (&cg, &err);
  else if (strcmp (cmd, "pids") == 0)
    {
      pid_t *v;
      size_t n;
      r = lc_cgroup_pids (&cg, &v, &n, &err);
      for (size_t i = 0; r == 0 && i < n; i++)
        printf ("%d\n", (int) v[i]);
      if (r == 0)
        free (v);
    }
  else if (strcmp (cmd, "stats") == 0)
    {
      char *s;
      r = lc_cgroup_stats_json (&cg, &s, &err);
      if (r == 0)
        printf ("%s\n", s), free (s);
    }
  else if (strcmp (cmd, "update") == 0 && argc > 3)
    {
      struct lc_cgroup_resources res;
      r = lc_cgroup_resources_parse (argv[3], strlen (argv[3]), false, &res,
                                     &err);
      if (r == 0)
        r = lc_cgroup_ensure_controllers (
            &cg, lc_cgroup_needed_controllers (&res), &err);
      if (r == 0)
        r = lc_cgroup_apply_full (&cg, &res, false, &err);
      if (r == 0 && res.has_devices)
        r = lc_cgroup_devices_apply (cg.dirfd, res.devices, res.n_devices,
                                     &err);
      lc_cgroup_resources_clear (&res);
    }
  else
    return 2;
  lc_cgroup_close (&cg);
  return r < 0 ? die (&err) : 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    return 2;
  if (strcmp (argv[1], "start") == 0)
    return start (argc, argv, false);
  if (strcmp (argv[1], "run") == 0)
    return start (argc, argv, true);
  if (strcmp (argv[1], "asuser") == 0 && argc > 3)
    {
      uid_t u = (uid_t) atoi (argv[2]);
      if (setgroups (0, NULL) < 0 || setgid (u) < 0 || setuid (u) < 0)
        return 1;
      prctl (PR_SET_DUMPABLE, 1, 0, 0, 0);
      execvp (argv[3], argv + 3);
      return 127;
    }
  return on_state (argc, argv);
}
