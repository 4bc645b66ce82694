/* cmd_audit.c - hull audit [--policy baseline|restricted]
 * [--format text|json] BUNDLE_OR_CONFIG: report what a config leaves open.
 * Exit status: 0 compliant, 1 policy violated, 2 bad input (for CI). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit.h"
#include "hull.h"
#include "util.h"

#define AUDIT_BAD_INPUT 2

static const char audit_usage[]
    = "usage: hull audit [--policy baseline|restricted] [--format text|json] "
      "BUNDLE_OR_CONFIG\n"
      "\n"
      "Check a bundle directory (its config.json) or a config file against "
      "a policy.\n"
      "Exit status: 0 compliant, 1 policy violated, 2 bad input.\n"
      "\n"
      "  --policy NAME   baseline (default) or restricted\n"
      "  --format FMT    text (default) or json\n";

static int
bad_input (const struct lc_err *err)
{
  fprintf (stderr, "hull: %s\n", err->msg);
  return AUDIT_BAD_INPUT;
}

int
hull_parse_audit (int argc, char **argv, struct hull_audit_args *ret,
                  struct lc_err *err)
{
  static const struct option opts[]
      = { { "policy", required_argument, NULL, 'p' },
          { "format", required_argument, NULL, 'f' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_audit_args a = { 0 };
  const char *policy_name = "baseline", *format = "text";
  int c;

  while ((c = getopt_long (argc, argv, "+p:f:h", opts, NULL)) != -1)
    switch (c)
      {
      case 'p':
        policy_name = optarg;
        break;
      case 'f':
        format = optarg;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "audit", "unknown option");
      }
  if (lc_audit_policy_from_name (policy_name, &a.policy, err) < 0)
    return -1;
  if (strcmp (format, "text") && strcmp (format, "json"))
    return hull_usage_error (err, "audit",
                             "--format '%s': expected text or json", format);
  if (optind + 1 != argc)
    return hull_usage_error (err, "audit",
                             optind >= argc ? "bundle or config required"
                                            : "one bundle or config only");
  a.json = !strcmp (format, "json");
  a.path = argv[optind];
  *ret = a;
  return 0;
}

int
cmd_audit (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_audit_args a = { 0 };
  struct lc_audit_report rep;
  struct lc_spec *spec = NULL;
  cleanup_free char *out = NULL;
  size_t nv;
  int r = hull_parse_audit (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      fputs (audit_usage, stdout);
      return 0;
    }
  if (r < 0 || lc_audit_load (a.path, &spec, err) < 0)
    return bad_input (err);
  lc_audit_run (spec, &rep, err);
  nv = lc_audit_count_violations (&rep, a.policy);
  out = a.json ? lc_audit_format_json (&rep, a.policy)
               : lc_audit_format_text (&rep, a.policy);
  fputs (out, stdout);
  if (a.json)
    fputc ('\n', stdout);
  lc_audit_clear (&rep);
  lc_spec_free (spec);
  return nv ? 1 : 0;
}
