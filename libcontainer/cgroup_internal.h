/* cgroup_internal.h - helpers shared by the cgroup module's files (not
 * part of its interface). */
#ifndef LC_CGROUP_INTERNAL_H
#define LC_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* openat2 beneath dirfd, no symlinks; -errno. */
int lc_cgroup_open_beneath (int dirfd, const char *path, int flags);
/* A small cgroup file into *ret (malloc'd); -errno. */
int lc_cgroup_read_small (int dirfd, const char *name, char **ret);
/* "key value" of a flat-keyed text / file (cgroup.events, memory.events). */
bool lc_cgroup_keyed_value (const char *text, const char *key,
                            unsigned long long *ret);
int lc_cgroup_read_keyed (int dirfd, const char *file, const char *key,
                          unsigned long long *ret);
/* rmdir path and its parents while longer than keep bytes; quiet. */
void lc_cgroup_remove_path (int mountfd, const char *path, size_t keep);

#endif
