/* cmd_simple.c - the subcommands that take just an id and a flag or two:
 * start, state, kill, delete. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"
#include "featureset.h"
#include "signals.h"

static int
only_id (int argc, char **argv, const char *usage, const char **ret_id,
         struct lc_err *err)
{
  static const struct option opts[]
      = { { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
  int c;
  while ((c = getopt_long (argc, argv, "h", opts, NULL)) != -1)
    {
      if (c == 'h')
        {
          printf ("usage: hull %s\n", usage);
          exit (0);
        }
      return hull_usage_error (err, argv[0], "unknown option");
    }
  if (hull_parse_id_arg (argc, argv, argv[0], ret_id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, argv[0], "unexpected argument '%s'",
                             argv[optind]);
  return 0;
}

int
cmd_start (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id;
  if (only_id (argc, argv, "start ID", &id, err) < 0
      || hull_context (g, err) < 0
      || lc_container_start (&g->ctx, id, err) < 0)
    return -1;
  return 0;
}

int
cmd_state (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id;
  char *json = NULL;
  if (only_id (argc, argv, "state ID", &id, err) < 0
      || hull_context (g, err) < 0
      || lc_container_state (&g->ctx, id, &json, err) < 0)
    return -1;
  printf ("%s\n", json);
  free (json);
  return 0;
}

int
cmd_kill (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  static const struct option opts[]
      = { { "all", no_argument, NULL, 'a' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  const char *id, *signame = "TERM";
  bool all = false;
  int c, sig;

  while ((c = getopt_long (argc, argv, "ah", opts, NULL)) != -1)
    switch (c)
      {
      case 'a': all = true; break;
      case 'h':
        printf ("usage: hull kill [--all] ID [SIGNAL]\n");
        exit (0);
      default: return hull_usage_error (err, "kill", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "kill", &id, err) < 0)
    return -1;
  if (optind < argc)
    signame = argv[optind++];
  if (optind < argc)
    return hull_usage_error (err, "kill", "unexpected argument '%s'",
                             argv[optind]);
  sig = lc_signal_parse (signame);
  if (sig < 0)
    return hull_usage_error (err, "kill", "unknown signal '%s'", signame);
  if (hull_context (g, err) < 0
      || lc_container_kill (&g->ctx, id, sig, all, err) < 0)
    return -1;
  return 0;
}

int
cmd_delete (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  static const struct option opts[]
      = { { "force", no_argument, NULL, 'f' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  const char *id;
  bool force = false;
  int c;

  while ((c = getopt_long (argc, argv, "fh", opts, NULL)) != -1)
    switch (c)
      {
      case 'f': force = true; break;
      case 'h':
        printf ("usage: hull delete [--force] ID\n");
        exit (0);
      default: return hull_usage_error (err, "delete", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "delete", &id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "delete", "unexpected argument '%s'",
                             argv[optind]);
  if (hull_context (g, err) < 0
      || lc_container_delete (&g->ctx, id, force, err) < 0)
    return -1;
  return 0;
}

int
cmd_features (struct hull_global *g, int argc, char **argv,
              struct lc_err *err)
{
  char *json;
  if (argc > 1 && (!strcmp (argv[1], "-h") || !strcmp (argv[1], "--help")))
    {
      printf ("usage: hull features\n");
      return 0;
    }
  if (argc > 1)
    return hull_usage_error (err, "features", "unexpected argument '%s'",
                             argv[1]);
  json = lc_features_json ();
  if (!json)
    {
      lc_err_setx (err, 12, "features: out of memory");
      return -1;
    }
  printf ("%s\n", json);
  free (json);
  return 0;
}
