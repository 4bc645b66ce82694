/* cmd_simple.c - the subcommands that take just an id and a flag or two:
 * start, state, kill, delete. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "featureset.h"
#include "hull.h"
#include "signals.h"

int
cmd_start (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id = NULL;
  int r = hull_parse_id_only (argc, argv, &id, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull start ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_start (&g->ctx, id, err) < 0)
    return -1;
  return 0;
}

int
cmd_state (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  const char *id = NULL;
  char *json = NULL;
  int r = hull_parse_id_only (argc, argv, &id, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull state ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_state (&g->ctx, id, &json, err) < 0)
    return -1;
  printf ("%s\n", json);
  free (json);
  return 0;
}

int
hull_parse_kill (int argc, char **argv, struct hull_kill_args *ret,
                 struct lc_err *err)
{
  static const struct option opts[] = { { "all", no_argument, NULL, 'a' },
                                        { "help", no_argument, NULL, 'h' },
                                        { NULL, 0, NULL, 0 } };
  struct hull_kill_args a = { 0 };
  const char *signame = "TERM";
  int c;

  while ((c = getopt_long (argc, argv, "ah", opts, NULL)) != -1)
    switch (c)
      {
      case 'a':
        a.all = true;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "kill", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "kill", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    signame = argv[optind++];
  if (optind < argc)
    return hull_usage_error (err, "kill", "unexpected argument '%s'",
                             argv[optind]);
  a.sig = lc_signal_parse (signame);
  if (a.sig < 0)
    return hull_usage_error (err, "kill", "unknown signal '%s'", signame);
  *ret = a;
  return 0;
}

int
cmd_kill (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_kill_args a = { 0 };
  int r = hull_parse_kill (argc, argv, &a, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull kill [--all] ID [SIGNAL]\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_kill (&g->ctx, a.id, a.sig, a.all, err) < 0)
    return -1;
  return 0;
}

int
hull_parse_delete (int argc, char **argv, struct hull_delete_args *ret,
                   struct lc_err *err)
{
  static const struct option opts[] = { { "force", no_argument, NULL, 'f' },
                                        { "help", no_argument, NULL, 'h' },
                                        { NULL, 0, NULL, 0 } };
  struct hull_delete_args a = { 0 };
  int c;

  while ((c = getopt_long (argc, argv, "fh", opts, NULL)) != -1)
    switch (c)
      {
      case 'f':
        a.force = true;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "delete", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "delete", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "delete", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_delete (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_delete_args a = { 0 };
  int r = hull_parse_delete (argc, argv, &a, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull delete [--force] ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_delete (&g->ctx, a.id, a.force, err) < 0)
    return -1;
  return 0;
}

int
hull_parse_features (int argc, char **argv, struct lc_err *err)
{
  if (argc > 1 && (!strcmp (argv[1], "-h") || !strcmp (argv[1], "--help")))
    return HULL_PARSE_HELP;
  if (argc > 1)
    return hull_usage_error (err, "features", "unexpected argument '%s'",
                             argv[1]);
  return 0;
}

int
cmd_features (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  char *json;
  int r = hull_parse_features (argc, argv, err);
  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull features\n");
      return 0;
    }
  if (r < 0)
    return -1;
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
