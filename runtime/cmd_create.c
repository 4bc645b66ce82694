/* cmd_create.c - hull create [options] ID, and the flags run shares. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup_systemd.h"
#include "hull.h"
#include "logfile.h"
#include "selfexe.h"
#include "supervise.h"
#include "util.h"

enum
{
  OPT_CONSOLE = 300,
  OPT_PID_FILE,
  OPT_NO_PIVOT,
  OPT_NO_KEYRING,
  OPT_PRESERVE,
  OPT_DETACH,
  OPT_KEEP,
  OPT_IGNORED,
  OPT_POLICY,
  OPT_SUPERVISE,
  OPT_RESTART,
  OPT_LOG_PATH,
  OPT_LOG_MAX_SIZE,
  OPT_LOG_MAX_FILES,
  OPT_HEALTH_CMD,
  OPT_HEALTH_INTERVAL,
  OPT_HEALTH_TIMEOUT,
  OPT_HEALTH_RETRIES,
  OPT_HEALTH_START
};

static const struct option create_opts[]
    = { { "bundle", required_argument, NULL, 'b' },
        { "console-socket", required_argument, NULL, OPT_CONSOLE },
        { "pid-file", required_argument, NULL, OPT_PID_FILE },
        { "no-pivot", no_argument, NULL, OPT_NO_PIVOT },
        { "no-new-keyring", no_argument, NULL, OPT_NO_KEYRING },
        { "preserve-fds", required_argument, NULL, OPT_PRESERVE },
        { "detach", no_argument, NULL, 'd' },
        { "keep", no_argument, NULL, OPT_KEEP },
        { "no-subreaper", no_argument, NULL, OPT_IGNORED },
        { "policy", required_argument, NULL, OPT_POLICY },
        { "supervise", no_argument, NULL, OPT_SUPERVISE },
        { "restart", required_argument, NULL, OPT_RESTART },
        { "log-path", required_argument, NULL, OPT_LOG_PATH },
        { "log-max-size", required_argument, NULL, OPT_LOG_MAX_SIZE },
        { "log-max-files", required_argument, NULL, OPT_LOG_MAX_FILES },
        { "health-cmd", required_argument, NULL, OPT_HEALTH_CMD },
        { "health-interval", required_argument, NULL, OPT_HEALTH_INTERVAL },
        { "health-timeout", required_argument, NULL, OPT_HEALTH_TIMEOUT },
        { "health-retries", required_argument, NULL, OPT_HEALTH_RETRIES },
        { "health-start-period", required_argument, NULL, OPT_HEALTH_START },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 } };

static int
parse_preserve (const char *s, int *ret, struct lc_err *err)
{
  unsigned long long v;
  if (lc_parse_u64 (s, &v) < 0 || v > 1024)
    return hull_usage_error (err, "create",
                             "--preserve-fds '%s': expected 0..1024", s);
  *ret = (int) v;
  return 0;
}

static int
parse_ms (const char *flag, const char *s, unsigned long long *ret,
          struct lc_err *err)
{
  long long ns;
  /* At least 1 ms: the duration parser also takes us and ns, which would
   * round down to an interval of 0. */
  if (lc_logfile_parse_duration (s, &ns) < 0 || ns < 1000000)
    return hull_usage_error (err, "run",
                             "%s '%s': expected a duration of at least 1ms, "
                             "like 30s, 1m30s or 500ms",
                             flag, s);
  *ret = (unsigned long long) (ns / 1000000);
  return 0;
}

static int
parse_count (const char *flag, const char *s, unsigned max, unsigned *ret,
             struct lc_err *err)
{
  unsigned long long v;
  if (lc_parse_u64 (s, &v) < 0 || v > max)
    return hull_usage_error (err, "run", "%s '%s': expected 0..%u", flag, s,
                             max);
  *ret = (unsigned) v;
  return 0;
}

/* One supervisor flag of run, any of which implies --supervise; -1 on a
 * bad value. */
static int
parse_run_extra (int c, struct hull_create_args *a, struct lc_err *err)
{
  struct lc_supervise_opts *so = &a->so;
  a->supervise = true;
  switch (c)
    {
    case OPT_SUPERVISE:
      return 0;
    case OPT_RESTART:
      if (lc_restart_parse (optarg, &so->restart, err) < 0)
        return hull_usage_error (err, "run", "%s", err->msg);
      return 0;
    case OPT_LOG_PATH:
      so->log_path = optarg;
      return 0;
    case OPT_LOG_MAX_SIZE:
      if (lc_logfile_parse_size (optarg, &so->log_max_size) < 0)
        return hull_usage_error (err, "run",
                                 "--log-max-size '%s': expected bytes, or "
                                 "a size like 512k, 10M, 1G",
                                 optarg);
      return 0;
    case OPT_LOG_MAX_FILES:
      return parse_count ("--log-max-files", optarg, LC_LOGFILE_FILES_MAX,
                          &so->log_max_files, err);
    case OPT_HEALTH_CMD:
      so->health.cmd = optarg;
      return 0;
    case OPT_HEALTH_INTERVAL:
      return parse_ms ("--health-interval", optarg, &so->health.interval_ms,
                       err);
    case OPT_HEALTH_TIMEOUT:
      return parse_ms ("--health-timeout", optarg, &so->health.timeout_ms,
                       err);
    case OPT_HEALTH_START:
      return parse_ms ("--health-start-period", optarg,
                       &so->health.start_period_ms, err);
    case OPT_HEALTH_RETRIES:
      if (parse_count ("--health-retries", optarg, 1000, &so->health.retries,
                       err)
          < 0)
        return -1;
      if (so->health.retries == 0)
        return hull_usage_error (err, "run", "--health-retries: at least 1");
      return 0;
    }
  return hull_usage_error (err, "run", "unknown option");
}

static bool
is_run_extra (int c)
{
  return c >= OPT_SUPERVISE && c <= OPT_HEALTH_START;
}

static int
parse_policy (const char *cmd, const char *s, struct lc_create_opts *o,
              struct lc_err *err)
{
  if (strcmp (s, "baseline") && strcmp (s, "restricted"))
    return hull_usage_error (err, cmd,
                             "--policy '%s': expected baseline or "
                             "restricted",
                             s);
  o->policy = s;
  return 0;
}

int
hull_parse_create (int argc, char **argv, bool is_run,
                   struct hull_create_args *ret, struct lc_err *err)
{
  const char *cmd = is_run ? "run" : "create";
  struct hull_create_args a = { .o = { .console_fd = -1 } };
  int c;

  lc_supervise_opts_init (&a.so);
  while ((c = getopt_long (argc, argv, is_run ? "b:dh" : "b:h", create_opts,
                           NULL))
         != -1)
    if (is_run_extra (c))
      {
        if (!is_run)
          return hull_usage_error (err, cmd,
                                   "--supervise, --restart, --log-* and "
                                   "--health-* are options of run");
        if (parse_run_extra (c, &a, err) < 0)
          return -1;
      }
    else
      switch (c)
        {
        case 'b':
          a.o.bundle = optarg;
          break;
        case OPT_CONSOLE:
          a.o.console_socket = optarg;
          break;
        case OPT_PID_FILE:
          a.o.pid_file = optarg;
          break;
        case OPT_NO_PIVOT:
          a.o.no_pivot = true;
          break;
        case OPT_NO_KEYRING:
          a.o.no_new_keyring = true;
          break;
        case OPT_IGNORED:
          break;
        case OPT_POLICY:
          if (parse_policy (cmd, optarg, &a.o, err) < 0)
            return -1;
          break;
        case OPT_PRESERVE:
          if (parse_preserve (optarg, &a.o.preserve_fds, err) < 0)
            return -1;
          break;
        case 'd':
          if (!is_run)
            return hull_usage_error (err, cmd, "unknown option '-d'");
          a.detach = true;
          break;
        case OPT_KEEP:
          if (!is_run)
            return hull_usage_error (err, cmd, "unknown option '--keep'");
          a.keep = true;
          break;
        case 'h':
          return HULL_PARSE_HELP;
        default:
          return hull_usage_error (err, cmd, "unknown option");
        }
  if (hull_parse_id_arg (argc, argv, cmd, &a.o.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, cmd, "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

static void
print_create_usage (bool is_run)
{
  printf ("usage: hull %s [-b BUNDLE] [--console-socket PATH] "
          "[--pid-file PATH] [--no-pivot] [--no-new-keyring] "
          "[--preserve-fds N] [--policy baseline|restricted]%s ID\n",
          is_run ? "run" : "create",
          is_run ? " [-d] [--keep]\n"
                   "       [--supervise] [--restart no|on-failure[:MAX]|"
                   "always|unless-stopped]\n"
                   "       [--log-path FILE] [--log-max-size SIZE] "
                   "[--log-max-files N]\n"
                   "       [--health-cmd CMD] [--health-interval D] "
                   "[--health-timeout D]\n"
                   "       [--health-retries N] "
                   "[--health-start-period D]"
                 : "");
}

/* The operator's default policy when no --policy is given: HULL_POLICY,
 * else a `policy = NAME` line of /etc/hull/hull.conf (HULL_CONF for
 * tests).  The flag always wins. */
static int
default_policy (const char *cmd, struct lc_create_opts *o, struct lc_err *err)
{
  static char from_file[32];
  const char *conf = getenv ("HULL_CONF");
  const char *env = getenv ("HULL_POLICY");
  char line[256];
  FILE *f;

  if (o->policy)
    return 0;
  if (env && *env)
    return parse_policy (cmd, env, o, err);
  f = fopen (conf ? conf : "/etc/hull/hull.conf", "re");
  if (!f)
    return 0;
  while (fgets (line, sizeof line, f))
    if (sscanf (line, " policy = %31[a-z]", from_file) == 1)
      {
        fclose (f);
        return parse_policy (cmd, from_file, o, err);
      }
  fclose (f);
  return 0;
}

/* What the environment adds to the parsed flags of create and run. */
static int
from_environment (const char *cmd, struct lc_create_opts *o,
                  struct lc_err *err)
{
  if (default_policy (cmd, o, err) < 0)
    return -1;
  /* systemd socket activation: pass LISTEN_FDS through, as runc does. */
  if (getenv ("LISTEN_FDS"))
    {
      unsigned long long n;
      if (lc_parse_u64 (getenv ("LISTEN_FDS"), &n) == 0 && n < 1024
          && (int) n > o->preserve_fds)
        o->preserve_fds = (int) n;
    }
  return 0;
}

/* Before its execve the init is a copy of hull.  In a new pid namespace
 * nothing of the container can see it (the namespace holds only the init
 * until then); a shared or joined pid namespace could, so hull then runs
 * from a sealed in-memory copy of itself.  Any doubt (a config that does
 * not load: create reports why) means seal.  The spec loaded to decide is
 * the one create uses (*ret_spec): config.json is read and parsed once. */
static int
seal_if_needed (const struct hull_global *g, const struct lc_create_opts *o,
                struct lc_spec **ret_spec, struct lc_err *err)
{
  struct lc_spec *spec = NULL;

  /* After the re-exec, ensure() checks the seals and clears its marker. */
  if (getenv (LC_SELFEXE_ENV))
    return lc_selfexe_ensure (g->argv, err);
  if (lc_selfexe_is_sealed ())
    return 0;
  if (lc_spec_load (o->bundle ? o->bundle : ".", &spec, NULL) >= 0
      && spec->ns[LC_NS_PID].present && !spec->ns[LC_NS_PID].path)
    {
      *ret_spec = spec;
      return 0;
    }
  lc_spec_free (spec);
  return lc_selfexe_ensure (g->argv, err);
}

/* --systemd-cgroup: refused up front, before any re-exec and before the
 * state dir exists, when this build, this host or a missing
 * libsystemd.so.0 cannot do it. */
static int
check_cgroup_manager (const struct hull_global *g, const char *cmd,
                      struct lc_create_opts *o, struct lc_err *err)
{
  if (!g->systemd_cgroup)
    return 0;
  if (lc_systemd_check (err) < 0)
    {
      lc_err_prefix (err, "%s: --systemd-cgroup", cmd);
      return -1;
    }
  o->systemd_cgroup = true;
  return 0;
}

/* The parse and environment steps of create and run; 1 after --help.
 * *ret_spec: the bundle's spec when it was loaded here (free it). */
static int
prepare (const struct hull_global *g, int argc, char **argv, bool is_run,
         struct hull_create_args *a, struct lc_spec **ret_spec,
         struct lc_err *err)
{
  const char *cmd = is_run ? "run" : "create";
  int r = hull_parse_create (argc, argv, is_run, a, err);

  if (r == HULL_PARSE_HELP)
    {
      print_create_usage (is_run);
      return 1;
    }
  if (r < 0)
    return -1;
  a->o.no_cgroup = g->no_cgroup;
  if (from_environment (cmd, &a->o, err) < 0
      || check_cgroup_manager (g, cmd, &a->o, err) < 0
      || seal_if_needed (g, &a->o, ret_spec, err) < 0)
    return -1;
  return 0;
}

int
cmd_create (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_create_args a = { 0 };
  struct lc_spec *spec = NULL;
  pid_t pid;
  int r = prepare (g, argc, argv, false, &a, &spec, err);

  if (r != 0)
    return r < 0 ? -1 : 0;
  a.o.spec = spec;
  r = -1;
  if (hull_context (g, err) >= 0
      && lc_container_create (&g->ctx, &a.o, &pid, err) >= 0)
    r = 0;
  lc_spec_free (spec);
  return r;
}

int
cmd_run (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_create_args a = { 0 };
  struct lc_spec *spec = NULL;
  int status = -1;
  int r = prepare (g, argc, argv, true, &a, &spec, err);

  if (r != 0)
    return r < 0 ? -1 : 0;
  if (a.supervise && a.keep)
    {
      status = hull_usage_error (err, "run",
                                 "--keep has no meaning with --supervise");
      goto out;
    }
  if (hull_context (g, err) < 0)
    goto out;
  /* The supervisor outlives us: run returns once the container runs.  It
   * reads the bundle again at each restart. */
  if (a.supervise)
    {
      status = lc_supervise_run (&g->ctx, &a.o, &a.so, err) < 0 ? -1 : 0;
      goto out;
    }
  a.o.spec = spec;
  if (lc_container_run (&g->ctx, &a.o, a.detach, a.keep, &status, err) < 0)
    status = -1;
out:
  lc_spec_free (spec);
  return status;
}
