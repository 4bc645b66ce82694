/* validate.h - pure checks on a parsed spec, and container id rules. */
#ifndef LC_VALIDATE_H
#define LC_VALIDATE_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

struct lc_validate_opts
{
  bool rootless;  /* caller is unprivileged on the host */
  bool in_userns; /* hull already runs inside a user namespace (rootless
                     podman) */
};

/* Container ids: [A-Za-z0-9][A-Za-z0-9_.+-]{0,1023}.  -EINVAL with a
 * message naming the id otherwise. */
int lc_validate_id (const char *id, struct lc_err *err);

/* Cross-field checks before anything is created: process present for
 * create, absolute paths (mounts[i].destination, process.cwd), namespace
 * rules (uidMappings need a user namespace, sysctls need their namespace),
 * hostname needs a uts namespace, ...  Errors name the JSON path. */
int lc_spec_validate (const struct lc_spec *spec,
                      const struct lc_validate_opts *opts, struct lc_err *err);

/* The checks on a process object alone (also run by lc_process_parse for
 * exec --process): process.args non-empty, process.cwd absolute.  -EINVAL
 * with err naming the field. */
int lc_process_validate (const struct lc_process *p, struct lc_err *err);

#endif
