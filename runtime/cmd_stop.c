/* cmd_stop.c - hull stop [-t SECONDS] ID */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "hull.h"
#include "supervise.h"
#include "util.h"

#define STOP_DEFAULT_TIMEOUT 10

int
hull_parse_stop (int argc, char **argv, struct hull_stop_args *ret,
                 struct lc_err *err)
{
  static const struct option opts[]
      = { { "time", required_argument, NULL, 't' },
          { "timeout", required_argument, NULL, 't' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_stop_args a = { .timeout = STOP_DEFAULT_TIMEOUT };
  unsigned long long t;
  int c;

  while ((c = getopt_long (argc, argv, "t:h", opts, NULL)) != -1)
    switch (c)
      {
      case 't':
        if (lc_parse_u64 (optarg, &t) < 0 || t > 86400)
          return hull_usage_error (
              err, "stop", "-t '%s': expected seconds (0..86400)", optarg);
        a.timeout = (unsigned) t;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "stop", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "stop", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "stop", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_stop (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_stop_args a = { 0 };
  int r = hull_parse_stop (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull stop [-t SECONDS] ID\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_stop (&g->ctx, a.id, a.timeout, err) < 0)
    return -1;
  return 0;
}
