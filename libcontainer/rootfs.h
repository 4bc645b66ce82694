/* rootfs.h - turn the bundle's root into the container's /: propagation,
 * bind, mounts, /dev, pivot_root; then masked/readonly paths and the
 * read-only remount.  Runs in the init stage, in its mount namespace. */
#ifndef LC_ROOTFS_H
#define LC_ROOTFS_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

struct lc_rootfs_opts
{
  const char *bundle; /* absolute bundle dir, for relative mount sources */
  bool no_pivot;      /* --no-pivot: MS_MOVE + chroot */
  bool in_userns;     /* no mknod: bind-mount device nodes from the host */
  const int *premade_idmap; /* idmapped trees from the parent, or NULL */
};

/* Everything up to and including pivot_root: make / private (or
 * rootfsPropagation), bind the rootfs onto itself, apply spec->mounts in
 * order, set up /dev (default nodes, symlinks, /dev/pts/ptmx, an empty
 * /dev/console file when process.terminal), linux.devices.  On return the
 * cwd and root are the container's /. */
int lc_rootfs_prepare (const struct lc_spec *spec,
                       const struct lc_rootfs_opts *opts, struct lc_err *err);

/* After pivot_root: linux.maskedPaths, linux.readonlyPaths (through a
 * verified procfs/sysfs), root.readonly remount, rootfsPropagation. */
int lc_rootfs_finalize (const struct lc_spec *spec, struct lc_err *err);

/* The tmpcopyup mount option: copy the content of directory src (opened
 * O_RDONLY|O_DIRECTORY before the mount hid it) into the fresh mount dstmnt
 * (any fd of its root): files, directories, symlinks, fifos and, when
 * permitted, device nodes, keeping owners and modes and never following a
 * symlink.  The mount's root gets src's mode and owner unless the mount
 * data (comma-separated, may be NULL) sets mode= or uid=/gid=.  -errno
 * with err naming the entry that failed. */
int lc_rootfs_copy_up (int src, int dstmnt, const char *data,
                       struct lc_err *err);

#endif
