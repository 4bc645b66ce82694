/* hooks.h - OCI hooks with the state on stdin and a timeout. */
#ifndef LC_HOOKS_H
#define LC_HOOKS_H

#include "error.h"
#include "spec.h"

/* Run every hook of 'kind' in order, each with state_json on stdin, its
 * args/env, and its timeout (SIGKILL when exceeded).  Stops at the first
 * failure: -ECANCELED with err naming hooks.<kind>[i], its exit status and
 * the first line of its stderr. */
int lc_hooks_run (const struct lc_spec *spec, enum lc_hook_kind kind,
                  const char *state_json, struct lc_err *err);

#endif
