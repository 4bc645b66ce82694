/* cmd_stop.c - hull stop [-t SECONDS] ID */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "hull.h"
#include "supervise.h"
#include "util.h"

#define STOP_DEFAULT_TIMEOUT 10

int
cmd_stop (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  static const struct option opts[]
      = { { "time", required_argument, NULL, 't' },
          { "timeout", required_argument, NULL, 't' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  unsigned long long timeout = STOP_DEFAULT_TIMEOUT;
  const char *id;
  int c;

  while ((c = getopt_long (argc, argv, "t:h", opts, NULL)) != -1)
    switch (c)
      {
      case 't':
        if (lc_parse_u64 (optarg, &timeout) < 0 || timeout > 86400)
          return hull_usage_error (err, "stop",
                                   "-t '%s': expected seconds (0..86400)",
                                   optarg);
        break;
      case 'h':
        printf ("usage: hull stop [-t SECONDS] ID\n");
        exit (0);
      default: return hull_usage_error (err, "stop", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "stop", &id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "stop", "unexpected argument '%s'",
                             argv[optind]);
  if (hull_context (g, err) < 0
      || lc_container_stop (&g->ctx, id, (unsigned) timeout, err) < 0)
    return -1;
  return 0;
}
