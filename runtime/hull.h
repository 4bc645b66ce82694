/* hull.h - shared by the subcommand files of the hull binary. */
#ifndef HULL_H
#define HULL_H

#include <stdbool.h>

#include "audit.h"
#include "cgroup_ops.h"
#include "container.h"
#include "error.h"
#include "logfile.h"
#include "supervise.h"

struct hull_global
{
  const char *root;
  const char *log_path;
  const char *log_format; /* "text" or "json" */
  const char *rootless;   /* "true" "false" "auto" or NULL */
  bool debug;
  /* The cgroup manager: the last of --systemd-cgroup and --cgroup-manager
   * wins (as in crun).  Neither flag set: cgroupfs. */
  bool systemd_cgroup; /* systemd */
  bool no_cgroup;      /* disabled */
  /* The --cgroup-manager name to check: the last given, or the first
   * unknown one, which is refused wherever it stands. */
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
int cmd_run (struct hull_global *g, int argc, char **argv, struct lc_err *err);
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

/* Usage error: "<cmd>: <message>", for a missing or extra argument.
 * Sets err (EINVAL) and returns -1. */
int hull_usage_error (struct lc_err *err, const char *cmd, const char *fmt,
                      ...) __attribute__ ((format (printf, 3, 4)));

/* The container id at optind (advanced past it); a usage error of cmd if
 * there is none. */
int hull_parse_id_arg (int argc, char **argv, const char *cmd,
                       const char **ret_id, struct lc_err *err);

/* Contexts are resolved lazily: only commands that need one pay for it. */
int hull_context (struct hull_global *g, struct lc_err *err);

/* ---- parsing: argv to a struct, and nothing else ----------------------
 * Each parser reads argv with getopt_long from optind on and fills its
 * result, whose strings point into argv, only when it returns 0.  It
 * prints nothing (getopt's own complaints aside, unless opterr is 0),
 * never exits and reads no file or environment, so that
 * tests/fuzz/fuzz-cli.c can call it.  A subcommand's parser returns 0,
 * HULL_PARSE_HELP (the caller prints its usage and succeeds) or -1 with
 * err set to a usage error. */
enum
{
  HULL_PARSE_HELP = 1,
  HULL_PARSE_VERSION = 2
};

/* The global flags of argv into g, up to the command word (left at
 * optind).  0, HULL_PARSE_HELP, HULL_PARSE_VERSION, or -1 on an unknown
 * or incomplete option (getopt has said which; main prints the usage). */
int hull_parse_global (struct hull_global *g, int argc, char **argv);
/* --log-format: text or json; -1 with err set otherwise. */
int hull_check_log_format (const struct hull_global *g, struct lc_err *err);
/* -1 with err set when a --cgroup-manager names a manager it does not
 * know (hull_parse_global has set systemd_cgroup and no_cgroup). */
int hull_set_cgroup_manager (struct hull_global *g, struct lc_err *err);
/* Call before a subcommand's parser, whose argv[0] is the command word. */
void hull_subcommand_getopt (void);

/* start, state, pause, resume: [-h] ID. */
int hull_parse_id_only (int argc, char **argv, const char **ret_id,
                        struct lc_err *err);

/* create and run (is_run: also -d, --keep and the supervisor's flags).
 * The operator's default policy and LISTEN_FDS are the caller's: they
 * come from the environment. */
struct hull_create_args
{
  struct lc_create_opts o; /* console_fd -1, no_cgroup false */
  bool detach;
  bool keep;
  bool supervise; /* --supervise, or a flag that implies it */
  struct lc_supervise_opts so;
};
int hull_parse_create (int argc, char **argv, bool is_run,
                       struct hull_create_args *ret, struct lc_err *err);

/* exec: env, caps and additional_gids are allocated (free them with
 * hull_exec_opts_clear); args points into argv, NULL when none. */
int hull_parse_exec (int argc, char **argv, struct lc_exec_opts *ret,
                     struct lc_err *err);
void hull_exec_opts_clear (struct lc_exec_opts *o);

struct hull_kill_args
{
  const char *id;
  bool all;
  int sig;
};
int hull_parse_kill (int argc, char **argv, struct hull_kill_args *ret,
                     struct lc_err *err);

struct hull_delete_args
{
  const char *id;
  bool force;
};
int hull_parse_delete (int argc, char **argv, struct hull_delete_args *ret,
                       struct lc_err *err);

/* features: no operand. */
int hull_parse_features (int argc, char **argv, struct lc_err *err);

struct hull_list_args
{
  bool json;
  bool quiet;
};
int hull_parse_list (int argc, char **argv, struct hull_list_args *ret,
                     struct lc_err *err);

/* logs: a --since duration ("10m") is counted back from the clock. */
struct hull_logs_args
{
  const char *id;
  struct lc_logread_opts o;
  bool timestamps;
};
int hull_parse_logs (int argc, char **argv, struct hull_logs_args *ret,
                     struct lc_err *err);

struct hull_stop_args
{
  const char *id;
  unsigned timeout; /* seconds */
};
int hull_parse_stop (int argc, char **argv, struct hull_stop_args *ret,
                     struct lc_err *err);

struct hull_spec_args
{
  const char *bundle;
  bool rootless;
  bool hardened;
};
int hull_parse_spec (int argc, char **argv, struct hull_spec_args *ret,
                     struct lc_err *err);

/* audit: its usage errors are bad input (exit status 2). */
struct hull_audit_args
{
  const char *path; /* the bundle or config */
  enum lc_audit_level policy;
  bool json;
};
int hull_parse_audit (int argc, char **argv, struct hull_audit_args *ret,
                      struct lc_err *err);

struct hull_update_args
{
  const char *id;
  const char *file; /* -r FILE, "-" = stdin, NULL = the flags */
  struct lc_update_flags f;
};
int hull_parse_update (int argc, char **argv, struct hull_update_args *ret,
                       struct lc_err *err);

struct hull_events_args
{
  const char *id;
  bool stats;
  int interval_ms;
};
int hull_parse_events (int argc, char **argv, struct hull_events_args *ret,
                       struct lc_err *err);

struct hull_ps_args
{
  const char *id;
  bool json;
  char **ps_args; /* for ps(1), into argv; NULL = none */
};
int hull_parse_ps (int argc, char **argv, struct hull_ps_args *ret,
                   struct lc_err *err);

#endif
