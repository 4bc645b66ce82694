/* hull.h - shared by the subcommand files of the hull binary. */
#ifndef HULL_H
#define HULL_H

#include <stdbool.h>

#include "container.h"
#include "error.h"

struct hull_global
{
  const char *root;
  const char *log_path;
  const char *log_format; /* "text" or "json" */
  const char *rootless;   /* "true" "false" "auto" or NULL */
  bool debug;
  bool systemd_cgroup;
  bool no_cgroup; /* --cgroup-manager disabled */
  const char *cgroup_manager;
  char **argv; /* the whole command line, to re-execute sealed */
  struct lc_context ctx;
};

/* Each subcommand: argv[0] is its name.  Returns the process exit status;
 * on failure fills err and returns -1 (main prints it). */
typedef int (*hull_cmd_fn) (struct hull_global *g, int argc, char **argv,
                            struct lc_err *err);

int cmd_create (struct hull_global *g, int argc, char **argv,
                struct lc_err *err);
int cmd_start (struct hull_global *g, int argc, char **argv,
               struct lc_err *err);
int cmd_state (struct hull_global *g, int argc, char **argv,
               struct lc_err *err);
int cmd_kill (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);
int cmd_delete (struct hull_global *g, int argc, char **argv,
                struct lc_err *err);
int cmd_run (struct hull_global *g, int argc, char **argv,
             struct lc_err *err);
int cmd_exec (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);
/* cmd_cgroup.c */
int cmd_pause (struct hull_global *g, int argc, char **argv,
               struct lc_err *err);
int cmd_resume (struct hull_global *g, int argc, char **argv,
                struct lc_err *err);
int cmd_update (struct hull_global *g, int argc, char **argv,
                struct lc_err *err);
int cmd_events (struct hull_global *g, int argc, char **argv,
                struct lc_err *err);
int cmd_ps (struct hull_global *g, int argc, char **argv, struct lc_err *err);
/* cmd_audit.c */
int cmd_audit (struct hull_global *g, int argc, char **argv,
               struct lc_err *err);
int cmd_features (struct hull_global *g, int argc, char **argv,
                  struct lc_err *err);
int cmd_list (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);
/* cmd_logs.c, cmd_stop.c */
int cmd_logs (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);
int cmd_stop (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);
int cmd_spec (struct hull_global *g, int argc, char **argv,
              struct lc_err *err);

/* Usage error: "<cmd>: <message>", for a missing or extra argument. */
int hull_usage_error (struct lc_err *err, const char *cmd, const char *fmt,
                      ...) __attribute__ ((format (printf, 3, 4)));

/* Parse the create flags shared by create and run; 'extra' receives
 * options it does not know (returns their getopt code), -1 at the end. */
int hull_parse_id_arg (int argc, char **argv, const char *cmd,
                       const char **ret_id, struct lc_err *err);

/* Contexts are resolved lazily: only commands that need one pay for it. */
int hull_context (struct hull_global *g, struct lc_err *err);

#endif
