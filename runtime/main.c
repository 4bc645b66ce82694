/* main.c - subcommand dispatch and error reporting of the hull binary. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "hull.h"
#include "log.h"
#include "selfexe.h"

static const struct
{
  const char *name;
  hull_cmd_fn fn;
  const char *help;
} commands[] = {
  { "create", cmd_create, "create a container from a bundle" },
  { "start", cmd_start, "start the user process of a created container" },
  { "state", cmd_state, "print the state of a container (JSON)" },
  { "kill", cmd_kill, "send a signal to the container's init" },
  { "delete", cmd_delete, "delete a container and its resources" },
  { "exec", cmd_exec, "run a new process in a running container" },
  { "run", cmd_run, "create and start a container, wait for it" },
  { "list", cmd_list, "list containers" },
  { "logs", cmd_logs, "print the log of a supervised container" },
  { "stop", cmd_stop, "stop a container: stop signal, then SIGKILL" },
  { "ps", cmd_ps, "list the processes of a container" },
  { "pause", cmd_pause, "freeze every process of a container" },
  { "resume", cmd_resume, "thaw a paused container" },
  { "update", cmd_update, "change the resource limits of a container" },
  { "events", cmd_events, "show stats and OOM events of a container" },
  { "features", cmd_features, "print what this runtime supports (JSON)" },
  { "audit", cmd_audit, "report what a bundle leaves open" },
  { "spec", cmd_spec, "write a new config.json" },
};

static void
usage (FILE *f)
{
  fprintf (f, "usage: hull [GLOBAL OPTIONS] COMMAND [OPTIONS] [ARGS]\n\n"
              "A daemonless, rootless OCI container runtime.\n\n"
              "Commands:\n");
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    fprintf (f, "  %-8s %s\n", commands[i].name, commands[i].help);
  fprintf (f, "\nGlobal options:\n"
              "  --root DIR           state directory (default /run/hull, "
              "rootless $XDG_RUNTIME_DIR/hull)\n"
              "  --log FILE           append log lines to FILE\n"
              "  --log-format FORMAT  text or json\n"
              "  --debug              log debug lines\n"
              "  --systemd-cgroup     place containers through systemd\n"
              "  --cgroup-manager M   cgroupfs (default), systemd (as "
              "--systemd-cgroup)\n"
              "                       or disabled (no cgroup, as crun)\n"
              "  --rootless VALUE     true, false or auto (default)\n"
              "  --version, --help\n\n"
              "See hull(8) and hull-COMMAND(8).\n");
}

static void
print_warning (enum lc_log_level level, const char *msg)
{
  if (level == LC_LOG_WARN)
    fprintf (stderr, "hull: warning: %s\n", msg);
}

static void
report (const struct lc_err *err)
{
  const char *msg = err->msg[0] ? err->msg : strerror (err->code);
  fprintf (stderr, "hull: %s\n", msg);
  lc_log (LC_LOG_ERROR, "%s", msg);
}

int
main (int argc, char **argv)
{
  struct hull_global g;
  struct lc_err err;
  const char *name;
  int r;

  memset (&g, 0, sizeof g);
  lc_err_clear (&err);
  switch (hull_parse_global (&g, argc, argv))
    {
    case HULL_PARSE_VERSION:
      printf ("hull version %s\nspec: 1.3.0\n", HULL_VERSION);
      return 0;
    case HULL_PARSE_HELP:
      usage (stdout);
      return 0;
    case -1:
      usage (stderr);
      return 2;
    }
  lc_log_set_sink (print_warning);
  if (hull_check_log_format (&g, &err) < 0)
    {
      report (&err);
      return 1;
    }
  if (lc_log_open (g.log_path, g.log_format && !strcmp (g.log_format, "json"),
                   g.debug, &err)
      < 0)
    {
      report (&err);
      return 1;
    }
  if (hull_set_cgroup_manager (&g, &err) < 0)
    {
      report (&err);
      lc_log_close ();
      return 1;
    }
  if (optind >= argc)
    {
      usage (stderr);
      return 2;
    }
  name = argv[optind];
  /* exec puts a hull process into a running container's pid namespace:
   * it runs from a sealed copy of hull, so nothing inside can rewrite the
   * host's binary through /proc/PID/exe.  create and run decide once
   * they know the config (cmd_create.c). */
  g.argv = argv;
  if (!strcmp (name, "exec") && lc_selfexe_ensure (argv, &err) < 0)
    {
      report (&err);
      return 1;
    }
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp (commands[i].name, name))
      {
        int sub_argc = argc - optind;
        char **sub_argv = argv + optind;
        hull_subcommand_getopt ();
        r = commands[i].fn (&g, sub_argc, sub_argv, &err);
        /* What a command printed (state, list, ps, spec...) must have
         * reached its reader: a full disk or closed pipe is an error. */
        if (r >= 0 && (fflush (stdout) != 0 || ferror (stdout)))
          r = lc_err_set (&err, errno ? errno : EIO, "write standard output");
        if (r < 0)
          {
            report (&err);
            r = 1;
          }
        lc_context_clear (&g.ctx);
        lc_log_close ();
        return r;
      }
  lc_err_setx (&err, EINVAL, "unknown command '%s' (see 'hull --help')", name);
  report (&err);
  return 2;
}
