/* global.c - the global flags, and what main.c and every subcommand share:
 * usage errors, the id operand, the lazily resolved context.  Kept apart
 * from main() so that tests/fuzz/fuzz-cli.c can link the parsers. */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hull.h"

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
hull_parse_id_arg (int argc, char **argv, const char *cmd, const char **ret_id,
                   struct lc_err *err)
{
  if (optind >= argc)
    return hull_usage_error (err, cmd, "container id required");
  *ret_id = argv[optind++];
  return 0;
}

int
hull_parse_id_only (int argc, char **argv, const char **ret_id,
                    struct lc_err *err)
{
  static const struct option opts[]
      = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  const char *id = NULL;
  int c;

  while ((c = getopt_long (argc, argv, "h", opts, NULL)) != -1)
    {
      if (c == 'h')
        return HULL_PARSE_HELP;
      return hull_usage_error (err, argv[0], "unknown option");
    }
  if (hull_parse_id_arg (argc, argv, argv[0], &id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, argv[0], "unexpected argument '%s'",
                             argv[optind]);
  *ret_id = id;
  return 0;
}

int
hull_context (struct hull_global *g, struct lc_err *err)
{
  if (g->ctx.root)
    return 0;
  return lc_context_init (&g->ctx, g->root, g->rootless, err) < 0 ? -1 : 0;
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

static bool
known_manager (const char *m)
{
  return !strcmp (m, "cgroupfs") || !strcmp (m, "systemd")
         || !strcmp (m, "disabled");
}

/* --systemd-cgroup and --cgroup-manager name one manager: the last of them
 * wins, as in crun, so both fields are set each time. */
static void
set_manager (struct hull_global *g, const char *m)
{
  g->systemd_cgroup = !strcmp (m, "systemd");
  g->no_cgroup = !strcmp (m, "disabled");
}

int
hull_parse_global (struct hull_global *g, int argc, char **argv)
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
      case OPT_ROOT:
        g->root = optarg;
        break;
      case OPT_LOG:
        g->log_path = optarg;
        break;
      case OPT_LOG_FORMAT:
        g->log_format = optarg;
        break;
      case OPT_DEBUG:
        g->debug = true;
        break;
      case OPT_SYSTEMD:
        set_manager (g, "systemd");
        break;
      case OPT_CGROUP_MANAGER:
        /* An unknown name stays, for hull_set_cgroup_manager to refuse,
         * whatever follows it. */
        if (!g->cgroup_manager || known_manager (g->cgroup_manager))
          g->cgroup_manager = optarg;
        set_manager (g, optarg);
        break;
      case OPT_ROOTLESS:
        g->rootless = optarg;
        break;
      case OPT_CRIU:
        break; /* accepted for runc compatibility */
      case 'v':
      case OPT_VERSION:
        return HULL_PARSE_VERSION;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return -1;
      }
  return 0;
}

int
hull_check_log_format (const struct hull_global *g, struct lc_err *err)
{
  if (g->log_format && strcmp (g->log_format, "json")
      && strcmp (g->log_format, "text"))
    {
      lc_err_setx (err, EINVAL, "--log-format '%s': expected text or json",
                   g->log_format);
      return -1;
    }
  return 0;
}

/* --cgroup-manager, crun's spelling: podman passes "disabled" for
 * --cgroups=disabled to the runtimes in runtime_supports_nocgroup.  The
 * parse has set systemd_cgroup and no_cgroup from the last manager flag;
 * what is left is to refuse a name it does not know. */
int
hull_set_cgroup_manager (struct hull_global *g, struct lc_err *err)
{
  const char *m = g->cgroup_manager;
  if (m && !known_manager (m))
    {
      lc_err_setx (err, EINVAL,
                   "--cgroup-manager '%s': expected cgroupfs, systemd or "
                   "disabled",
                   m);
      return -1;
    }
  return 0;
}

void
hull_subcommand_getopt (void)
{
  /* Not 0: that would make glibc initialise again.  Its state is the
   * global scan's, the "+" ordering included, so a subcommand's options
   * must come before its operands ('hull delete ID --force' is an
   * error), whatever the subcommand's own optstring says. */
  optind = 1;
}
