/* idmap.h - idmapped bind mounts (the idmap/ridmap options and mount-level
 * uidMappings/gidMappings).
 *
 * The kernel lets only a holder of CAP_SYS_ADMIN over the source
 * filesystem's user namespace idmap a mount, which the container's init,
 * inside its new user namespace, never is.  So when hull runs as real root
 * the parent prepares the idmapped trees (detached, not yet visible
 * anywhere) once the container's user namespace exists, and hands them to
 * the init over the sync socket; the init attaches them like any bind. */
#ifndef LC_IDMAP_H
#define LC_IDMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "error.h"
#include "mounts.h"
#include "spec.h"

/* Does this bind mount ask for an id mapping? */
bool lc_idmap_wanted (const struct lc_mount *m,
                      const struct lc_mount_flags *f);

/* The user namespace an idmapped mount maps through: a new one holding the
 * mount's own uidMappings/gidMappings when it has them, else the caller's
 * (which must then be a non-initial one). */
int lc_idmap_userns (const struct lc_mount *m, struct lc_err *err);

/* mount_setattr(MOUNT_ATTR_IDMAP) on a detached tree; src names it in
 * errors. */
int lc_idmap_set (int tree, bool recursive, int userns, const char *src,
                  struct lc_err *err);

/* Whether the parent prepares the trees: real root, a new or joined user
 * namespace, and at least one idmapped bind mount.  Both sides ask this
 * to agree on how many trees travel over the socket. */
size_t lc_idmap_parent_count (const struct lc_spec *spec, bool in_userns);

/* Parent: fds[i] (i < spec->n_mounts) gets the idmapped detached tree of
 * mounts[i], or -1; container_userns is the container's user namespace.
 * On failure every fd made is closed. */
int lc_idmap_prepare (const struct lc_spec *spec, const char *bundle,
                      int container_userns, int *fds, struct lc_err *err);

void lc_idmap_close_all (int *fds, size_t n);

/* Parent: send the prepared trees in mount order.  Init: receive them into
 * fds[spec->n_mounts] (-1 where none). */
int lc_idmap_send (int sock, const int *fds, size_t n, struct lc_err *err);
int lc_idmap_recv (int sock, const struct lc_spec *spec, int *fds,
                   struct lc_err *err);

#endif
