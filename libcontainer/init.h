/* init.h - the container's init stage (see process.h for the diagram). */
#ifndef LC_INIT_H
#define LC_INIT_H

#include "process.h"

/* Runs in the new namespaces as the future pid 1; never returns.  Failures
 * before READY go to the parent over 'sync'; later ones to stderr. */
void lc_init_main (const struct lc_launch *l, int sync)
    __attribute__ ((noreturn));

/* chdir to process.cwd and check it is inside the root. */
int lc_init_enter_cwd (const char *cwd, struct lc_err *err);

/* Identity, privileges and filters in the order the kernel needs: rlimits,
 * process attributes, personality, umask, bounding set, seccomp (before the
 * user switch without no_new_privs), user, capabilities, no_new_privs,
 * seccomp (last with no_new_privs).  p may differ from spec->process
 * (exec); spec supplies seccomp and personality. */
struct lc_listener
{
  int sock;               /* connected to linux.seccomp.listenerPath, or -1 */
  pid_t pid;              /* the process's host pid */
  const char *state_json; /* the container's state */
};
int lc_init_drop_privileges (const struct lc_spec *spec,
                             const struct lc_process *p,
                             const struct lc_listener *l, struct lc_err *err);

#endif
