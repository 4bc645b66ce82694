/* hooks.h - OCI hooks with the state on stdin and a timeout. */
#ifndef LC_HOOKS_H
#define LC_HOOKS_H

#include "error.h"
#include "spec.h"
#include "state.h"

/* Run every hook of 'kind' in order, each with state_json on stdin, its
 * args/env, and its timeout (SIGKILL when exceeded).  Stops at the first
 * failure: -ECANCELED with err naming hooks.<kind>[i], its exit status and
 * the first line of its stderr.  With no hook of 'kind' it returns 0 and
 * does nothing else (no syscall).  A SIGPIPE pending before the call is
 * still pending after it; none raised by a hook is. */
int lc_hooks_run (const struct lc_spec *spec, enum lc_hook_kind kind,
                  const char *state_json, struct lc_err *err);

/* lc_hooks_run with the OCI state of 'st' as 'status' on stdin, made only
 * when there is a hook of 'kind' to run.  Same errors. */
int lc_hooks_run_state (const struct lc_spec *spec, enum lc_hook_kind kind,
                        const struct lc_state *st, enum lc_status status,
                        struct lc_err *err);

#endif
