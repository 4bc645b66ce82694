/* spec_hardened.h - the config.json of `hull spec --hardened`.
 *
 * Read-only rootfs, every capability dropped, noNewPrivileges, user
 * 65534:65534, the strict seccomp profile embedded, masked and read-only
 * paths, a noexec tmpfs on /tmp, pids and memory limits, a new namespace of
 * every kind (and a user namespace mapping the caller to 65534 when
 * rootless), no hooks.  It passes `hull audit --policy restricted`. */
#ifndef LC_SPEC_HARDENED_H
#define LC_SPEC_HARDENED_H

#include <stdbool.h>

#include "error.h"

#define LC_HARDENED_MEMORY_LIMIT (512ll << 20) /* bytes */
#define LC_HARDENED_PIDS_LIMIT 512

/* The config as pretty JSON in *ret (free it).  profile_dir: a directory
 * holding strict.json to embed, or NULL for the copy built into hull.
 * fit_host: keep only the limits this host can enforce for this caller
 * (a cgroup v2 controller; rootless: a delegated cgroup).
 * -ENOENT/-EINVAL with err set when the profile cannot be read or parsed. */
int lc_spec_hardened (bool rootless, bool fit_host, const char *profile_dir,
                      char **ret, struct lc_err *err);

/* Same, NULL on any failure (for callers that only report "failed"). */
char *lc_spec_hardened_json (bool rootless, const char *profile_dir);

/* The strict profile built into hull (a linux.seccomp JSON object). */
const char *lc_spec_strict_profile (void);

#endif
