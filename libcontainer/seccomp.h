/* seccomp.h - linux.seccomp to a libseccomp filter. */
#ifndef LC_SECCOMP_H
#define LC_SECCOMP_H

#include "error.h"
#include "spec.h"

/* Parse helpers shared with spec.c: names to values, -EINVAL if unknown. */
int lc_seccomp_action_from_name (const char *name, uint32_t *ret);
int lc_seccomp_op_from_name (const char *name, int *ret);

/* Build and load the filter.  When the profile uses SCMP_ACT_NOTIFY,
 * *ret_notify_fd receives the listener fd (else -1).  Syscall names unknown
 * on this architecture are skipped. */
int lc_seccomp_load (const struct lc_seccomp *sc, int *ret_notify_fd,
                     struct lc_err *err);

#endif
