/* devices.h - /dev inside the container: the default nodes and symlinks on
 * a /dev tmpfs, linux.devices, and the /dev/console placeholder. */
#ifndef LC_DEVICES_H
#define LC_DEVICES_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

/* Runs before pivot_root with rootfd the container's root (O_PATH).
 * When the config mounts a tmpfs on /dev: null zero full random urandom
 * tty (mknod, or in a user namespace an empty file with the host's node
 * bound onto it) and the fd, stdin, stdout, stderr and ptmx symlinks.
 * Always: linux.devices (parents created, uid/gid applied unless in a user
 * namespace), and an empty /dev/console file when process.terminal.
 * Errors name the device ("linux.devices[2] ('/dev/fuse'): ...");
 * -errno of the failing call. */
int lc_devices_setup (const struct lc_spec *spec, int rootfd, bool in_userns,
                      struct lc_err *err);

#endif
