/* cmd_spec.c - hull spec [--rootless] [--bundle DIR]: write config.json. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"
#include "spec_default.h"
#include "util.h"

int
cmd_spec (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  static const struct option opts[]
      = { { "rootless", no_argument, NULL, 'r' },
          { "bundle", required_argument, NULL, 'b' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  const char *bundle = ".";
  bool rootless = false;
  cleanup_free char *json = NULL;
  cleanup_free char *path = NULL;
  int c;

  while ((c = getopt_long (argc, argv, "b:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'r': rootless = true; break;
      case 'b': bundle = optarg; break;
      case 'h':
        printf ("usage: hull spec [--rootless] [--bundle DIR]\n");
        exit (0);
      default: return hull_usage_error (err, "spec", "unknown option");
      }
  if (optind < argc)
    return hull_usage_error (err, "spec", "unexpected argument '%s'",
                             argv[optind]);
  json = lc_spec_default_json (rootless);
  if (!json)
    {
      lc_err_setx (err, 12, "spec: out of memory");
      return -1;
    }
  path = lc_xasprintf ("%s/config.json", bundle);
  if (lc_file_create_exclusive (path, json, strlen (json), 0644, err) < 0)
    return -1;
  return 0;
}
