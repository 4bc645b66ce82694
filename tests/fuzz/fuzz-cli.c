/* fuzz-cli.c - hull's command line.  The input is split on NUL bytes into
 * argv (after "hull", at most MAX_ARGS words), parsed by the global parser
 * and then by the parser of the subcommand the command word names, handed
 * over as main.c does.  Only the parse step runs (runtime/hull.h): it
 * fills structs and never creates, writes or prints anything.  Each input
 * is parsed twice, to catch getopt or parser state carried between runs. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"
#include "util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_ARGS 64

#define CHECK(cond)                                                           \
  do                                                                          \
    {                                                                         \
      if (!(cond))                                                            \
        {                                                                     \
          fprintf (stderr, "fuzz-cli: %s:%d: %s\n", __FILE__, __LINE__,       \
                   #cond);                                                    \
          abort ();                                                           \
        }                                                                     \
    }                                                                         \
  while (0)

/* The command line of the current run. */
static int cur_argc;
static char **cur_argv;

/* Strings a parser returns point into one of the words (optarg may point
 * past "--root=" or "-b"). */
static bool
in_argv (const char *p)
{
  if (!p)
    return true;
  for (int i = 0; i < cur_argc; i++)
    if (p >= cur_argv[i] && p <= cur_argv[i] + strlen (cur_argv[i]))
      return true;
  return false;
}

static bool
strv_in_argv (char **v, int argc, char **argv)
{
  return !v || (v >= argv && v < argv + argc && !argv[argc]);
}

static int
check_create (int argc, char **argv, bool is_run, struct lc_err *err)
{
  struct hull_create_args a;
  const struct lc_create_opts *o = &a.o;
  int r = hull_parse_create (argc, argv, is_run, &a, err);

  if (r != 0)
    return r;
  CHECK (o->id && in_argv (o->id));
  CHECK (in_argv (o->bundle) && in_argv (o->console_socket)
         && in_argv (o->pid_file) && in_argv (a.so.log_path)
         && in_argv (a.so.health.cmd));
  CHECK (o->policy == NULL || !strcmp (o->policy, "baseline")
         || !strcmp (o->policy, "restricted"));
  CHECK (o->preserve_fds >= 0 && o->preserve_fds <= 1024);
  CHECK (o->console_fd == -1 && !o->no_cgroup);
  CHECK (is_run || (!a.detach && !a.keep && !a.supervise));
  CHECK (a.so.log_max_files <= LC_LOGFILE_FILES_MAX);
  CHECK (a.so.health.retries <= 1000);
  return r;
}

static int
check_exec (int argc, char **argv, struct lc_err *err)
{
  struct lc_exec_opts o;
  size_t n;
  int r = hull_parse_exec (argc, argv, &o, err);

  if (r != 0)
    return r;
  CHECK (o.id && in_argv (o.id));
  CHECK (in_argv (o.process_file) && in_argv (o.console_socket)
         && in_argv (o.pid_file) && in_argv (o.cwd) && in_argv (o.user));
  CHECK (strv_in_argv (o.args, argc, argv));
  CHECK (!(o.args && o.process_file));
  CHECK (o.preserve_fds >= 0 && o.preserve_fds <= 1024);
  /* Each repeated flag takes at least one word. */
  n = lc_strv_len (o.env) + lc_strv_len (o.caps)
      + lc_strv_len (o.additional_gids);
  CHECK (n < (size_t) argc);
  hull_exec_opts_clear (&o);
  CHECK (!o.env && !o.caps && !o.additional_gids);
  return r;
}

static int
check_id_only (int argc, char **argv, struct lc_err *err)
{
  const char *id = NULL;
  int r = hull_parse_id_only (argc, argv, &id, err);
  if (r == 0)
    CHECK (id && in_argv (id) && optind == argc);
  return r;
}

static int
check_kill (int argc, char **argv, struct lc_err *err)
{
  struct hull_kill_args a;
  int r = hull_parse_kill (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id));
  CHECK (a.sig >= 0 && a.sig < _NSIG);
  return r;
}

static int
check_delete (int argc, char **argv, struct lc_err *err)
{
  struct hull_delete_args a;
  int r = hull_parse_delete (argc, argv, &a, err);
  if (r == 0)
    CHECK (a.id && in_argv (a.id) && optind == argc);
  return r;
}

static int
check_features (int argc, char **argv, struct lc_err *err)
{
  int r = hull_parse_features (argc, argv, err);
  if (r == 0)
    CHECK (argc == 1);
  return r;
}

static int
check_list (int argc, char **argv, struct lc_err *err)
{
  struct hull_list_args a;
  int r = hull_parse_list (argc, argv, &a, err);
  if (r == 0)
    CHECK (optind == argc);
  return r;
}

static int
check_logs (int argc, char **argv, struct lc_err *err)
{
  struct hull_logs_args a;
  int r = hull_parse_logs (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id));
  CHECK (a.o.tail >= -1 && a.o.tail <= (1LL << 40));
  CHECK (a.o.until_fd == -1);
  return r;
}

static int
check_stop (int argc, char **argv, struct lc_err *err)
{
  struct hull_stop_args a;
  int r = hull_parse_stop (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id));
  CHECK (a.timeout <= 86400);
  return r;
}

static int
check_spec (int argc, char **argv, struct lc_err *err)
{
  struct hull_spec_args a;
  int r = hull_parse_spec (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.bundle && (!strcmp (a.bundle, ".") || in_argv (a.bundle)));
  return r;
}

static int
check_audit (int argc, char **argv, struct lc_err *err)
{
  struct hull_audit_args a;
  int r = hull_parse_audit (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.path && in_argv (a.path) && optind == argc - 1);
  CHECK (a.policy == LC_AUDIT_BASELINE || a.policy == LC_AUDIT_RESTRICTED);
  return r;
}

static int
check_update (int argc, char **argv, struct lc_err *err)
{
  struct hull_update_args a;
  int r = hull_parse_update (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id) && in_argv (a.file));
  CHECK (in_argv (a.f.cpuset_cpus) && in_argv (a.f.cpuset_mems));
  CHECK (!a.f.has_cpu_shares || a.f.cpu_shares <= 262144);
  CHECK (!a.f.has_cpu_period || a.f.cpu_period <= 1000000);
  CHECK (!a.f.has_cpu_quota || a.f.cpu_quota >= -1);
  CHECK (!a.f.has_pids_limit || a.f.pids_limit >= -1);
  CHECK (!a.f.has_blkio_weight
         || (a.f.blkio_weight >= 10 && a.f.blkio_weight <= 1000));
  return r;
}

static int
check_events (int argc, char **argv, struct lc_err *err)
{
  struct hull_events_args a;
  int r = hull_parse_events (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id));
  CHECK (a.interval_ms >= 1 && a.interval_ms <= 86400000);
  return r;
}

static int
check_ps (int argc, char **argv, struct lc_err *err)
{
  struct hull_ps_args a;
  int r = hull_parse_ps (argc, argv, &a, err);

  if (r != 0)
    return r;
  CHECK (a.id && in_argv (a.id));
  CHECK (strv_in_argv (a.ps_args, argc, argv));
  CHECK (!(a.json && a.ps_args));
  return r;
}

static int
check_create_only (int argc, char **argv, struct lc_err *err)
{
  return check_create (argc, argv, false, err);
}

static int
check_run (int argc, char **argv, struct lc_err *err)
{
  return check_create (argc, argv, true, err);
}

static const struct
{
  const char *name;
  int (*check) (int argc, char **argv, struct lc_err *err);
} commands[] = {
  { "create", check_create_only }, { "run", check_run },
  { "exec", check_exec },          { "start", check_id_only },
  { "state", check_id_only },      { "pause", check_id_only },
  { "resume", check_id_only },     { "kill", check_kill },
  { "delete", check_delete },      { "features", check_features },
  { "list", check_list },          { "logs", check_logs },
  { "stop", check_stop },          { "spec", check_spec },
  { "audit", check_audit },        { "update", check_update },
  { "events", check_events },      { "ps", check_ps },
};

/* What a run decided, compared between the two runs. */
struct outcome
{
  int global;
  int sub; /* the subcommand's parser */
  int sub_optind;
  struct lc_err err;
};

static void
run (int argc, char **argv, struct outcome *out)
{
  struct hull_global g;
  const char *name;

  memset (&g, 0, sizeof g);
  memset (out, 0, sizeof *out);
  lc_err_clear (&out->err);
  cur_argc = argc;
  cur_argv = argv;
  /* 0: glibc forgets the previous input's scan, as in a new process. */
  optind = 0;
  out->global = hull_parse_global (&g, argc, argv);
  CHECK (out->global >= -1 && out->global <= HULL_PARSE_VERSION);
  CHECK (optind >= 1 && optind <= argc);
  if (out->global != 0)
    return;
  CHECK (in_argv (g.root) && in_argv (g.log_path) && in_argv (g.log_format)
         && in_argv (g.rootless) && in_argv (g.cgroup_manager));
  if (hull_check_log_format (&g, &out->err) < 0
      || hull_set_cgroup_manager (&g, &out->err) < 0)
    {
      CHECK (out->err.code == EINVAL && out->err.msg[0]);
      return;
    }
  if (optind >= argc)
    return;
  CHECK (!g.no_cgroup || !strcmp (g.cgroup_manager, "disabled"));
  name = argv[optind];
  for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
    if (!strcmp (commands[i].name, name))
      {
        int sub_argc = argc - optind;
        char **sub_argv = argv + optind;
        hull_subcommand_getopt ();
        out->sub = commands[i].check (sub_argc, sub_argv, &out->err);
        out->sub_optind = optind;
        CHECK (out->sub >= -1 && out->sub <= HULL_PARSE_HELP);
        CHECK (optind >= 1 && optind <= sub_argc);
        break;
      }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *argv[MAX_ARGS + 2], *copy[MAX_ARGS + 2];
  struct outcome first, second;
  char *buf;
  int argc = 1;

  buf = malloc (size + 1);
  if (!buf)
    return 0;
  memcpy (buf, data, size);
  buf[size] = '\0';
  argv[0] = (char *) "hull";
  for (char *p = buf; size && argc <= MAX_ARGS; p += strlen (p) + 1)
    {
      argv[argc++] = p;
      if (p + strlen (p) == buf + size)
        break;
    }
  argv[argc] = NULL;
  /* getopt may permute the pointers: each run gets its own array. */
  memcpy (copy, argv, (size_t) (argc + 1) * sizeof argv[0]);
  opterr = 0;
  run (argc, argv, &first);
  run (argc, copy, &second);
  /* A usage error says what is wrong. */
  CHECK (memchr (first.err.msg, '\0', sizeof first.err.msg));
  CHECK (first.sub >= 0 || (first.err.code > 0 && first.err.msg[0]));
  CHECK (first.global == second.global && first.sub == second.sub);
  CHECK (first.sub_optind == second.sub_optind);
  CHECK (first.err.code == second.err.code);
  CHECK (!strcmp (first.err.msg, second.err.msg));
  free (buf);
  return 0;
}
