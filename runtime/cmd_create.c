/* cmd_create.c - hull create [options] ID, and the flags run shares. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"
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
  OPT_IGNORED
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

/* Options common to create and run; is_run enables -d and --keep. */
static int
parse_create (int argc, char **argv, bool is_run, struct lc_create_opts *o,
              bool *detach, bool *keep, struct lc_err *err)
{
  const char *cmd = is_run ? "run" : "create";
  int c;
  while ((c = getopt_long (argc, argv, is_run ? "b:dh" : "b:h", create_opts,
                           NULL))
         != -1)
    switch (c)
      {
      case 'b': o->bundle = optarg; break;
      case OPT_CONSOLE: o->console_socket = optarg; break;
      case OPT_PID_FILE: o->pid_file = optarg; break;
      case OPT_NO_PIVOT: o->no_pivot = true; break;
      case OPT_NO_KEYRING: o->no_new_keyring = true; break;
      case OPT_IGNORED: break;
      case OPT_PRESERVE:
        if (parse_preserve (optarg, &o->preserve_fds, err) < 0)
          return -1;
        break;
      case 'd':
        if (!is_run)
          return hull_usage_error (err, cmd, "unknown option '-d'");
        *detach = true;
        break;
      case OPT_KEEP:
        if (!is_run)
          return hull_usage_error (err, cmd, "unknown option '--keep'");
        *keep = true;
        break;
      case 'h':
        printf ("usage: hull %s [-b BUNDLE] [--console-socket PATH] "
                "[--pid-file PATH] [--no-pivot] [--no-new-keyring] "
                "[--preserve-fds N]%s ID\n",
                cmd, is_run ? " [-d] [--keep]" : "");
        exit (0);
      default: return hull_usage_error (err, cmd, "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, cmd, &o->id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, cmd, "unexpected argument '%s'",
                             argv[optind]);
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

int
cmd_create (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct lc_create_opts o = { .console_fd = -1 };
  bool detach = false, keep = false;
  pid_t pid;

  if (parse_create (argc, argv, false, &o, &detach, &keep, err) < 0)
    return -1;
  if (hull_context (g, err) < 0)
    return -1;
  if (lc_container_create (&g->ctx, &o, &pid, err) < 0)
    return -1;
  return 0;
}

int
cmd_run (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct lc_create_opts o = { .console_fd = -1 };
  bool detach = false, keep = false;
  int status = 0;

  if (parse_create (argc, argv, true, &o, &detach, &keep, err) < 0)
    return -1;
  if (hull_context (g, err) < 0)
    return -1;
  if (lc_container_run (&g->ctx, &o, detach, keep, &status, err) < 0)
    return -1;
  return status;
}
