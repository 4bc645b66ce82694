/* selfexe.h - run hull from a sealed in-memory copy of its own binary.
 *
 * A process in the container that can reach hull's /proc/PID/exe (while
 * hull's init stage is still hull, or through an exec'd hull) could open
 * and overwrite the host binary (the class of CVE-2019-5736).  Running from
 * a sealed memfd leaves nothing on the host to write: /proc/PID/exe is the
 * memfd, and its seals refuse every write, truncation and growth. */
#ifndef LC_SELFEXE_H
#define LC_SELFEXE_H

#include <stdbool.h>

#include "error.h"

/* Environment marker set just before re-executing; removed again on
 * entry, so it never reaches hooks or containers. */
#define LC_SELFEXE_ENV "_HULL_SEALED_EXE"

/* If the running binary is not already a sealed memfd, copy /proc/self/exe
 * into memfd_create("hull", MFD_CLOEXEC|MFD_ALLOW_SEALING), seal it
 * (F_SEAL_SEAL|F_SEAL_SHRINK|F_SEAL_GROW|F_SEAL_WRITE) and fexecve it with
 * the same argv and environ.  Returns 0 when already sealed (the normal
 * case after the re-exec); does not return on a successful re-exec;
 * -errno with err set otherwise (-ELOOP if the re-exec did not yield a
 * sealed binary).  Call it first thing in main() for create, run and exec. */
int lc_selfexe_ensure (char **argv, struct lc_err *err);

/* True if /proc/self/exe is a memfd carrying all four seals. */
bool lc_selfexe_is_sealed (void);

#endif
