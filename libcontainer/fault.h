/* fault.h - fault injection for the reliability tests: with the build
 * option fault_injection, lc_fault_point ("create-after-spawn") SIGKILLs
 * the calling process when $HULL_FAULT names that stage.  Without the
 * option (every release build) it compiles to nothing. */
#ifndef LC_FAULT_H
#define LC_FAULT_H

#include "config.h"

#ifdef HULL_FAULT_INJECTION
/* Stop dead at 'stage' if HULL_FAULT=stage.  With HULL_FAULT_TRACE=FILE,
 * every stage crossed is first appended to FILE, one name a line (the
 * tests learn the list of stages from it).  Never returns on a match. */
void lc_fault_point (const char *stage);
#else
#define lc_fault_point(stage) ((void) 0)
#endif

#endif
