/* cmd_logs.c - hull logs [-f] [--tail N] [--since TIME] [--timestamps] ID */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "hull.h"
#include "logfile.h"
#include "supervise.h"
#include "util.h"

struct printer
{
  bool timestamps;
  bool follow;
  bool at_start[2]; /* per stream: the next record begins a line */
  struct lc_err *err;
};

static int
write_failed (struct lc_err *err, FILE *f)
{
  return lc_err_set (err, errno ? errno : EIO, "write standard %s",
                     f == stdout ? "output" : "error");
}

/* stdout records to stdout, stderr records to stderr, P parts joined. */
static int
print_record (void *data, const struct lc_log_record *r)
{
  struct printer *p = data;
  FILE *f = r->stream == LC_LOG_STDOUT ? stdout : stderr;
  if (p->timestamps && p->at_start[r->stream])
    fprintf (f, "%.*s ", (int) r->ts_len, r->ts);
  if (r->msg_len && fwrite (r->msg, 1, r->msg_len, f) != r->msg_len)
    return write_failed (p->err, f);
  if (!r->partial)
    fputc ('\n', f);
  p->at_start[r->stream] = !r->partial;
  if (p->follow)
    fflush (f);
  return ferror (f) ? write_failed (p->err, f) : 0;
}

int
hull_parse_logs (int argc, char **argv, struct hull_logs_args *ret,
                 struct lc_err *err)
{
  static const struct option opts[]
      = { { "follow", no_argument, NULL, 'f' },
          { "tail", required_argument, NULL, 'n' },
          { "since", required_argument, NULL, 's' },
          { "timestamps", no_argument, NULL, 't' },
          { "help", no_argument, NULL, 'h' },
          { NULL, 0, NULL, 0 } };
  struct hull_logs_args a = { .o = { .tail = -1, .until_fd = -1 } };
  int c;

  while ((c = getopt_long (argc, argv, "fn:s:th", opts, NULL)) != -1)
    switch (c)
      {
      case 'f':
        a.o.follow = true;
        break;
      case 't':
        a.timestamps = true;
        break;
      case 'n':
        {
          unsigned long long n;
          if (lc_parse_u64 (optarg, &n) < 0 || n > (1ULL << 40))
            return hull_usage_error (err, "logs",
                                     "--tail '%s': expected a number of "
                                     "lines",
                                     optarg);
          a.o.tail = (long long) n;
          break;
        }
      case 's':
        if (lc_logfile_parse_time (optarg, 0, &a.o.since_ns) < 0)
          return hull_usage_error (err, "logs",
                                   "--since '%s': expected RFC 3339, Unix "
                                   "seconds or a duration like 10m",
                                   optarg);
        break;
      case 'h':
        return HULL_PARSE_HELP;
      default:
        return hull_usage_error (err, "logs", "unknown option");
      }
  if (hull_parse_id_arg (argc, argv, "logs", &a.id, err) < 0)
    return -1;
  if (optind < argc)
    return hull_usage_error (err, "logs", "unexpected argument '%s'",
                             argv[optind]);
  *ret = a;
  return 0;
}

int
cmd_logs (struct hull_global *g, int argc, char **argv, struct lc_err *err)
{
  struct hull_logs_args a = { 0 };
  struct printer p = { .at_start = { true, true } };
  int r = hull_parse_logs (argc, argv, &a, err);

  if (r == HULL_PARSE_HELP)
    {
      printf ("usage: hull logs [-f] [--tail N] [--since TIME] "
              "[--timestamps] ID\n");
      return 0;
    }
  if (r < 0)
    return -1;
  p.timestamps = a.timestamps;
  p.follow = a.o.follow;
  p.err = err;
  if (hull_context (g, err) < 0
      || lc_container_logs (&g->ctx, a.id, &a.o, print_record, &p, err) < 0)
    return -1;
  if (fflush (stdout) != 0)
    {
      (void) write_failed (err, stdout);
      return -1;
    }
  return 0;
}
