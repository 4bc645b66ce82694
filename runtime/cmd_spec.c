/* cmd_spec.c - hull spec [--rootless] [--hardened] [--bundle DIR]: write
 * config.json. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"
#include "spec_default.h"
#include "spec_hardened.h"
#include "util.h"

int
hull_parse_spec (int argc, char **argv, struct hull_spec_args *ret,
                 struct lc_err *err)
{
  static const struct option opts[]
      = { { "rootless", no_argument, NULL, 'r' },
          { "bundle", required_argument, NULL, 'b' },
          { "hardened", no_argument, NULL, 'H' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_spec_args a = { .bundle = "." };
  int c;

  while ((c = getopt_long (argc, argv, "b:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'r':
        a.rootless = true;
        break;
      case 'b':
        a.bundle = optarg;
        break;
      case 'H':
        a.hardened = true;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "spec", "unknown option");
      }
  if (optind < argc)
    return hull_usage_error (err, "spec", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_spec (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_spec_args a = { 0 };
  cleanup_free char *json = NULL;
  cleanup_free char *path = NULL;
  int r = hull_parse_spec (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull spec [--rootless] [--hardened] [--bundle DIR]\n"
              "  --hardened  read-only rootfs, no capabilities, "
              "noNewPrivileges, uid 65534,\n"
              "              the strict seccomp profile, pids and memory "
              "limits\n");
      return 0;
    }
  if (r < 0)
    return -1;
  if (a.hardened)
    {
      if (lc_spec_hardened (a.rootless, true, NULL, &json, err) < 0)
        return -1;
    }
  else
    json = lc_spec_default_json (a.rootless);
  if (!json)
    {
      lc_err_setx (err, 12, "spec: out of memory");
      return -1;
    }
  path = lc_xasprintf ("%s/config.json", a.bundle);
  if (lc_file_create_exclusive (path, json, strlen (json), 0644, err) < 0)
    return -1;
  return 0;
}
