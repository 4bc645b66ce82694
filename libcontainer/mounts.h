/* mounts.h - mount options to flags (pure, mount_options.c), and applying
 * linux mounts inside the container's rootfs without ever leaving it
 * (mounts.c). */
#ifndef LC_MOUNTS_H
#define LC_MOUNTS_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "spec.h"

struct lc_mount_flags
{
  unsigned long set;         /* MS_* flags to pass to mount(2) */
  unsigned long clear;       /* MS_* flags explicitly cleared (rw, suid...) */
  unsigned long propagation; /* MS_PRIVATE|MS_REC ... or 0 */
  uint64_t attr_set;         /* MOUNT_ATTR_* for recursive r* options */
  uint64_t attr_clr;
  bool bind;           /* bind or rbind */
  bool recursive_bind; /* rbind */
  bool tmpcopyup;      /* podman extension */
  bool idmap;          /* idmap / ridmap */
  bool recursive_idmap;
  char *data; /* comma-joined options for the fs, or NULL */
};

/* Translate options[] (NULL-terminated) into flags.  Unknown options are
 * passed through to the filesystem as data.  'path' names the config field
 * in errors ("mounts[2].options").  Free with lc_mount_flags_clear(). */
int lc_mount_parse_options (char *const *options, const char *path,
                            struct lc_mount_flags *ret, struct lc_err *err);
void lc_mount_flags_clear (struct lc_mount_flags *f);

/* A bind mount: type "bind" or a "bind"/"rbind" option (what sets
 * lc_mount_flags.bind).  Pure; the one definition validate, audit, idmap
 * and apply share. */
bool lc_mount_is_bind (const struct lc_mount *m);

struct mount_attr;
/* The non-recursive MS_* flags of a bind mount as mount_setattr attrs. */
void lc_mount_flags_to_attr (const struct lc_mount_flags *f,
                             struct mount_attr *a);

/* Open 'path' (absolute or relative, interpreted inside rootfd) with every
 * component resolved inside the root (openat2 RESOLVE_IN_ROOT|
 * RESOLVE_NO_MAGICLINKS).  O_PATH|O_CLOEXEC plus 'extra' open flags. */
int lc_open_in_root (int rootfd, const char *path, int extra_flags,
                     struct lc_err *err);

/* Create missing components of 'path' inside rootfd as directories (or the
 * last one as an empty file when !dir), never following a symlink out. */
int lc_mkdir_in_root (int rootfd, const char *path, bool last_is_dir,
                      struct lc_err *err);

/* Clone the mount at 'src' (relative to srcdirfd; NULL or "" for srcdirfd
 * itself) and attach the copy onto destfd, an O_PATH fd, with open_tree +
 * move_mount: no path is resolved again.  recursive: like rbind.  Used for
 * device nodes from the host and masked paths. */
int lc_mount_bind_fd (int srcdirfd, const char *src, int destfd,
                      bool recursive, struct lc_err *err);

/* Clone the source tree of bind mount m (recursive: rbind) with open_tree
 * (OPEN_TREE_CLONE|OPEN_TREE_CLOEXEC), detached.  A relative source is
 * taken against 'bundle' when it is not NULL.  Returns the new fd (the
 * caller owns it); *ret_src (malloc'd, for messages) is the path opened.
 * EINVAL without a source, else open_tree's errno. */
int lc_mount_bind_source (const struct lc_mount *m, const char *bundle,
                          bool recursive, char **ret_src, struct lc_err *err);

/* Apply spec->mounts[i] into the rootfs opened as rootfd.  'bundle' resolves
 * relative bind sources.  in_userns: mounts that need real root (e.g. sysfs
 * without a net namespace) fall back as established runtimes do.
 * premade: idmapped trees the parent made, by mount index, or NULL. */
int lc_mounts_apply (const struct lc_spec *spec, int rootfd,
                     const char *bundle, bool in_userns, const int *premade,
                     struct lc_err *err);

#endif
