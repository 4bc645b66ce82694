/* cmd_exec.c - hull exec [options] ID [COMMAND [ARG...]]. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "hull.h"
#include "util.h"

enum
{
  OPT_CONSOLE = 400,
  OPT_PID_FILE,
  OPT_CWD,
  OPT_ADD_GID,
  OPT_NNP,
  OPT_PRESERVE,
  OPT_IGNORE_PAUSED,
  OPT_IGNORED_ARG,
  OPT_IGNORED
};

static void
push (char ***v, const char *s)
{
  size_t n = lc_strv_len (*v);
  *v = lc_xrealloc (*v, (n + 2) * sizeof (char *));
  (*v)[n] = lc_xstrdup (s);
  (*v)[n + 1] = NULL;
}

void
hull_exec_opts_clear (struct lc_exec_opts *o)
{
  o->env = lc_strv_free (o->env);
  o->caps = lc_strv_free (o->caps);
  o->additional_gids = lc_strv_free (o->additional_gids);
}

int
hull_parse_exec (int argc, char **argv, struct lc_exec_opts *ret,
                 struct lc_err *err)
{
  static const struct option opts[]
      = { { "process", required_argument, NULL, 'p' },
          { "console-socket", required_argument, NULL, OPT_CONSOLE },
          { "tty", no_argument, NULL, 't' },
          { "cwd", required_argument, NULL, OPT_CWD },
          { "env", required_argument, NULL, 'e' },
          { "user", required_argument, NULL, 'u' },
          { "additional-gids", required_argument, NULL, 'g' },
          { "cap", required_argument, NULL, 'c' },
          { "no-new-privs", no_argument, NULL, OPT_NNP },
          { "detach", no_argument, NULL, 'd' },
          { "pid-file", required_argument, NULL, OPT_PID_FILE },
          { "preserve-fds", required_argument, NULL, OPT_PRESERVE },
          { "ignore-paused", no_argument, NULL, OPT_IGNORE_PAUSED },
          { "process-label", required_argument, NULL, OPT_IGNORED_ARG },
          { "apparmor", required_argument, NULL, OPT_IGNORED_ARG },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct lc_exec_opts o = { 0 };
  cleanup_strv char **env = NULL;
  cleanup_strv char **caps = NULL;
  cleanup_strv char **gids = NULL;
  unsigned long long n;
  int c;

  while ((c = getopt_long (argc, argv, "+p:te:u:g:c:dh", opts, NULL)) != -1)
    switch (c)
      {
      case 'p':
        o.process_file = optarg;
        break;
      case OPT_CONSOLE:
        o.console_socket = optarg;
        break;
      case 't':
        o.tty = true;
        break;
      case OPT_CWD:
        o.cwd = optarg;
        break;
      case 'e':
        push (&env, optarg);
        break;
      case 'u':
        o.user = optarg;
        break;
      case 'g':
        push (&gids, optarg);
        break;
      case 'c':
        push (&caps, optarg);
        break;
      case OPT_NNP:
        o.no_new_privs = true;
        break;
      case 'd':
        o.detach = true;
        break;
      case OPT_PID_FILE:
        o.pid_file = optarg;
        break;
      case OPT_IGNORE_PAUSED:
        o.ignore_paused = true;
        break;
      case OPT_IGNORED_ARG:
        break;
      case OPT_PRESERVE:
        if (lc_parse_u64 (optarg, &n) < 0 || n > 1024)
          return hull_usage_error (
              err, "exec", "--preserve-fds '%s': expected 0..1024", optarg);
        o.preserve_fds = (int) n;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "exec", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "exec", &o.id, err) < 0)
    return -1;
  if (optind < argc)
    {
      if (o.process_file)
        return hull_usage_error (err, "exec",
                                 "--process and a command are exclusive");
      o.args = argv + optind;
    }
  o.env = TAKE_PTR (env);
  o.caps = TAKE_PTR (caps);
  o.additional_gids = TAKE_PTR (gids);
  *ret = o;
  return 0;
}

int
cmd_exec (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct lc_exec_opts o = { 0 };
  int r = hull_parse_exec (argc, argv, &o, err), status = 0;

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull exec [--process FILE] [--console-socket PATH] "
              "[--tty] [--cwd DIR] [--env K=V]... [--user UID[:GID]] "
              "[--additional-gids GID]... [--cap CAP]... [--no-new-privs] "
              "[--detach] [--pid-file PATH] [--preserve-fds N] "
              "[--ignore-paused] ID [COMMAND [ARG...]]\n");
      return 0;
    }
  if (r < 0)
    return -1;
  if (hull_context (g, err) < 0
      || lc_container_exec (&g->ctx, &o, &status, err) < 0)
    r = -1;
  hull_exec_opts_clear (&o);
  return r < 0 ? -1 : status;
}
