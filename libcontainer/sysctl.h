/* sysctl.h - linux.sysctl through a verified /proc/sys. */
#ifndef LC_SYSCTL_H
#define LC_SYSCTL_H

#include "error.h"
#include "spec.h"

/* Is 'key' (dotted or slashed) namespaced by one of the namespaces the
 * container gets new?  Pure; used by validate.c.  Returns 0 or -EPERM with
 * err naming linux.sysctl.<key>. */
int lc_sysctl_check (const struct lc_spec *spec, const char *key,
                     struct lc_err *err);

/* Write every linux.sysctl value; runs after pivot_root. */
int lc_sysctl_apply (const struct lc_spec *spec, struct lc_err *err);

#endif
