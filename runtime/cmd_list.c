/* cmd_list.c - hull list [--format table|json] [-q]. */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hull.h"

/* Supervised containers also show the supervisor's view. */
static json_t *
entry_json (const struct lc_list_entry *e)
{
  json_t *o = json_pack ("{s:s, s:i, s:s, s:s, s:s, s:I}", "id", e->id, "pid",
                         (int) e->pid, "status", e->status, "bundle",
                         e->bundle, "created", e->created ? e->created : "",
                         "owner", (json_int_t) e->owner);
  if (o && e->supervised)
    {
      json_object_set_new (o, "supervised", json_true ());
      json_object_set_new (o, "supervisor_alive",
                           json_boolean (e->supervisor_alive));
      json_object_set_new (o, "restarts", json_integer (e->restarts));
      json_object_set_new (o, "health",
                           json_string (e->health ? e->health : "none"));
      if (e->has_exit)
        {
          json_object_set_new (o, "last_exit_code",
                               json_integer (e->last_exit));
          if (e->last_exit_time)
            json_object_set_new (o, "last_exit_time",
                                 json_string (e->last_exit_time));
        }
    }
  return o;
}

static void
print_json (const struct lc_list_entry *v, size_t n)
{
  json_t *a = json_array ();
  char *s;
  for (size_t i = 0; i < n; i++)
    json_array_append_new (a, entry_json (&v[i]));
  s = json_dumps (a, JSON_COMPACT);
  printf ("%s\n", s ? s : "[]");
  free (s);
  json_decref (a);
}

static void
print_table (const struct lc_list_entry *v, size_t n)
{
  printf ("%-20s %-8s %-10s %-40s %-31s %-6s %s\n", "ID", "PID", "STATUS",
          "BUNDLE", "CREATED", "OWNER", "SUPERVISOR");
  for (size_t i = 0; i < n; i++)
    {
      char sup[96] = "-", ex[24] = "";
      if (v[i].has_exit)
        snprintf (ex, sizeof ex, " exit=%d", v[i].last_exit);
      if (v[i].supervised)
        snprintf (sup, sizeof sup, "%s restarts=%u%s health=%s",
                  v[i].supervisor_alive ? "up" : "gone", v[i].restarts, ex,
                  v[i].health ? v[i].health : "none");
      printf ("%-20s %-8d %-10s %-40s %-31s %-6u %s\n", v[i].id,
              (int) v[i].pid, v[i].status, v[i].bundle,
              v[i].created ? v[i].created : "", (unsigned) v[i].owner, sup);
    }
}

int
hull_parse_list (int argc, char **argv, struct hull_list_args *ret,
                 struct lc_err *err)
{
  static const struct option opts[]
      = { { "format", required_argument, NULL, 'f' },
          { "quiet", no_argument, NULL, 'q' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_list_args a = { 0 };
  const char *format = "table";
  int c;

  while ((c = getopt_long (argc, argv, "f:qh", opts, NULL)) != -1)
    switch (c)
      {
      case 'f':
        format = optarg;
        break;
      case 'q':
        a.quiet = true;
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "list", "unknown option");
      }
  if (strcmp (format, "table") && strcmp (format, "json"))
    return hull_usage_error (err, "list",
                             "--format '%s': expected table or json", format);
  if (optind < argc)
    return hull_usage_error (err, "list", "unexpected argument '%s'",
                             argv[optind]);
  a.json = !strcmp (format, "json");
  *ret = a;
  return 0;
}

int
cmd_list (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_list_args a = { 0 };
  struct lc_list_entry *v = NULL;
  size_t n = 0;
  int r = hull_parse_list (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull list [--format table|json] [-q]\n");
      return 0;
    }
  if (r < 0 || hull_context (g, err) < 0
      || lc_container_list (&g->ctx, &v, &n, err) < 0)
    return -1;
  if (a.quiet)
    for (size_t i = 0; i < n; i++)
      printf ("%s\n", v[i].id);
  else if (a.json)
    print_json (v, n);
  else
    print_table (v, n);
  lc_list_free (v, n);
  return 0;
}
