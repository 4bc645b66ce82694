/* seccomp.h - linux.seccomp to a libseccomp filter. */

/* This header shares its name with libseccomp's.  With libcontainer/ on the
 * include path <seccomp.h> would find this file, so pull in the system one
 * from the rest of the search path.  Outside the guard on purpose: when this
 * file was found through the includer's own directory, the first
 * include_next lands on this file again, and that second pass reaches the
 * system header.  libseccomp's own guard stops any repeat. */
#ifdef __clang__
#pragma clang diagnostic push
#pragma clang diagnostic ignored "-Winclude-next-absolute-path"
#endif
#include_next <seccomp.h>
#ifdef __clang__
#pragma clang diagnostic pop
#endif

#ifndef LC_SECCOMP_H
#define LC_SECCOMP_H

#include <sys/types.h>

#include "error.h"
#include "spec.h"

/* Parse helpers shared with spec.c: names to values, -EINVAL if unknown. */
int lc_seccomp_action_from_name (const char *name, uint32_t *ret);
int lc_seccomp_op_from_name (const char *name, int *ret);

/* Build and load the filter.  When the profile uses SCMP_ACT_NOTIFY,
 * *ret_notify_fd receives the listener fd (else -1).  Syscall names unknown
 * on this architecture are skipped. */
/* Send the notify fd to the listener with the spec's "container process
 * state" ({ociVersion, fds: ["seccompFd"], pid, metadata, state}). */
int lc_seccomp_send_listener (int sock, int notify_fd, const char *metadata,
                              pid_t pid, const char *state_json,
                              struct lc_err *err);

int lc_seccomp_load (const struct lc_seccomp *sc, int *ret_notify_fd,
                     struct lc_err *err);

/* Build the filter (without loading it) and write it to fd, as raw BPF or
 * as libseccomp's pseudo-filter-code text.  For tests and debugging. */
int lc_seccomp_export_bpf (const struct lc_seccomp *sc, int fd,
                           struct lc_err *err);
int lc_seccomp_export_pfc (const struct lc_seccomp *sc, int fd,
                           struct lc_err *err);

#endif
