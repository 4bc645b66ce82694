/* main.c - global flags and subcommand dispatch of the hull binary. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
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

int
hull_usage_error (struct lc_err *err, const char *cmd, const char *fmt, ...)
{
  char msg[LC_ERR_MSG_MAX];
  va_list ap;
  va_start (ap, fmt);
  if (vsnprintf (msg, sizeof msg, fmt, ap) < 0)
    msg[0] = '\0';
  va_end (ap);
  lc_err_setx (err, EINVAL, "%s: %s (see 'hull %s --help')", cmd, msg, cmd);
  return -1;
}

int
hull_parse_id_arg (int argc, char **argv, const char *cmd,
                   const char **ret_id, struct lc_err *err)
{
  if (optind >= argc)
    return hull_usage_error (err, cmd, "container id required");
  *ret_id = argv[optind++];
  return 0;
}

int
hull_context (struct hull_global *g, struct lc_err *err)
{
  if (g->ctx.root)
    return 0;
  return lc_context_init (&g->ctx, g->root, g->rootless, err) < 0 ? -1 : 0;
}

static void
print_warning (enum lc_log_level level, const char *msg)
{
  if (level == LC_LOG_WARN)
    fprintf (stderr, "hull: warning: %s\n", msg);
}

enum
{
  OPT_ROOT = 256,
  OPT_LOG,
  OPT_LOG_FORMAT,
  OPT_DEBUG,
  OPT_SYSTEMD,
  OPT_ROOTLESS,
  OPT_VERSION,
  OPT_CRIU,
  OPT_CGROUP_MANAGER
};

static int
parse_global (struct hull_global *g, int argc, char **argv)
{
  static const struct option opts[]
      = { { "root", required_argument, NULL, OPT_ROOT },
          { "log", required_argument, NULL, OPT_LOG },
          { "log-format", required_argument, NULL, OPT_LOG_FORMAT },
          { "debug", no_argument, NULL, OPT_DEBUG },
          { "systemd-cgroup", no_argument, NULL, OPT_SYSTEMD },
          { "cgroup-manager", required_argument, NULL, OPT_CGROUP_MANAGER },
          { "rootless", required_argument, NULL, OPT_ROOTLESS },
          { "criu", required_argument, NULL, OPT_CRIU },
          { "version", no_argument, NULL, OPT_VERSION },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  int c;
  while ((c = getopt_long (argc, argv, "+hv", opts, NULL)) != -1)
    switch (c)
      {
      case OPT_ROOT: g->root = optarg; break;
      case OPT_LOG: g->log_path = optarg; break;
      case OPT_LOG_FORMAT: g->log_format = optarg; break;
      case OPT_DEBUG: g->debug = true; break;
      case OPT_SYSTEMD: g->systemd_cgroup = true; break;
      case OPT_CGROUP_MANAGER: g->cgroup_manager = optarg; break;
      case OPT_ROOTLESS: g->rootless = optarg; break;
      case OPT_CRIU: break; /* accepted for runc compatibility */
      case 'v':
      case OPT_VERSION:
        printf ("hull version %s\nspec: 1.3.0\n", HULL_VERSION);
        exit (0);
      case 'h': usage (stdout); exit (0);
      default: usage (stderr); exit (2);
      }
  return 0;
}

/* --cgroup-manager, crun's spelling: podman passes "disabled" for
 * --cgroups=disabled to the runtimes in runtime_supports_nocgroup. */
static int
set_cgroup_manager (struct hull_global *g, struct lc_err *err)
{
  const char *m = g->cgroup_manager;
  if (!m || !strcmp (m, "cgroupfs"))
    return 0;
  if (!strcmp (m, "systemd"))
    g->systemd_cgroup = true;
  else if (!strcmp (m, "disabled"))
    g->no_cgroup = true;
  else
    return lc_err_setx (err, EINVAL,
                        "--cgroup-manager '%s': expected cgroupfs, systemd "
                        "or disabled",
                        m);
  return 0;
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
  parse_global (&g, argc, argv);
  lc_log_set_sink (print_warning);
  if (g.log_format && strcmp (g.log_format, "json")
      && strcmp (g.log_format, "text"))
    {
      lc_err_setx (&err, EINVAL, "--log-format '%s': expected text or json",
                   g.log_format);
      report (&err);
      return 1;
    }
  if (lc_log_open (g.log_path, g.log_format && !strcmp (g.log_format, "json"),
                   g.debug, &err) < 0)
    {
      report (&err);
      return 1;
    }
  if (set_cgroup_manager (&g, &err) < 0)
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
        optind = 1;
        r = commands[i].fn (&g, sub_argc, sub_argv, &err);
        if (r < 0)
          {
            report (&err);
            r = 1;
          }
        lc_context_clear (&g.ctx);
        lc_log_close ();
        return r;
      }
  lc_err_setx (&err, EINVAL, "unknown command '%s' (see 'hull --help')",
               name);
  report (&err);
  return 2;
}
