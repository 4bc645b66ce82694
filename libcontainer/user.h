/* user.h - user namespace id maps and the switch to process.user. */
#ifndef LC_USER_H
#define LC_USER_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

/* Format maps as the kernel's uid_map text ("0 1000 1\n...").  Pure. */
char *lc_user_format_map (const struct lc_id_map *maps, size_t n);

/* Write uid/gid maps for child 'pid' (in a new user namespace).  A single
 * mapping of the caller's own ids is written directly (setgroups "deny"
 * first); anything else as non-root goes through newuidmap/newgidmap. */
int lc_user_write_maps (pid_t pid, const struct lc_spec *spec,
                        struct lc_err *err);

/* setgroups(additionalGids) (skipped when setgroups is denied and the list
 * is empty), setresgid, setresuid.  Keeps capabilities across the switch
 * (PR_SET_KEEPCAPS) so lc_caps_apply can set them afterwards. */
int lc_user_switch (const struct lc_user *user, struct lc_err *err);

#endif
