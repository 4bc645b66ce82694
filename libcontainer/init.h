/* init.h - the container's init stage (see process.h for the diagram). */
#ifndef LC_INIT_H
#define LC_INIT_H

#include "process.h"

/* Runs in the new namespaces as the future pid 1; never returns.  Failures
 * before READY go to the parent over 'sync'; later ones to stderr. */
void lc_init_main (const struct lc_launch *l, int sync)
    __attribute__ ((noreturn));

#endif
