/* spec_default.h - the config.json that "hull spec" writes. */
#ifndef LC_SPEC_DEFAULT_H
#define LC_SPEC_DEFAULT_H

#include <stdbool.h>

/* A starting config.json (OCI runtime spec 1.3.0) as a pretty-printed
 * string (4-space indent, ending in a newline): "sh" in ./rootfs with a
 * small capability set and the usual /proc, /dev and /sys mounts.  With
 * rootless, it adds a user namespace mapping root to the caller's uid/gid,
 * drops the network namespace, the cgroup mount and the device cgroup
 * rules, and bind-mounts /sys instead of mounting sysfs.  Caller frees;
 * NULL only when out of memory. */
char *lc_spec_default_json (bool rootless);

/* Shared with spec_hardened.c: the default masked and read-only paths
 * (NULL-terminated), and a JSON array of strings from a NULL-terminated
 * list (NULL when out of memory). */
extern const char *const lc_spec_default_masked[];
extern const char *const lc_spec_default_readonly[];
struct json_t;
struct json_t *lc_spec_json_strv (const char *const *v);

#endif
