/* sysctl.h - linux.sysctl through a verified /proc/sys. */
#ifndef LC_SYSCTL_H
#define LC_SYSCTL_H

#include "error.h"
#include "spec.h"

/* Is 'key' (dotted or slashed) namespaced by one of the namespaces the
 * container gets new?  Pure; used by validate.c.  Returns 0 or -EPERM with
 * err naming linux.sysctl.<key> (-EINVAL for a malformed key: empty, "."
 * or ".." components).  kernel.msg*, kernel.sem*, kernel.shm* and
 * fs.mqueue.* need an ipc namespace, net.* a network namespace,
 * kernel.hostname and kernel.domainname a uts namespace; nothing else. */
int lc_sysctl_check (const struct lc_spec *spec, const char *key,
                     struct lc_err *err);

/* Write every linux.sysctl value; runs after pivot_root, through /proc
 * checked to be procfs and paths opened beneath it without symlinks.
 * -errno with err naming the key. */
int lc_sysctl_apply (const struct lc_spec *spec, struct lc_err *err);

#endif
