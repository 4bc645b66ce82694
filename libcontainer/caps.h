/* caps.h - capability names and the five sets, via libcap. */
#ifndef LC_CAPS_H
#define LC_CAPS_H

#include <stdint.h>

#include "error.h"
#include "spec.h"

/* "CAP_SYS_ADMIN" -> 21; -EINVAL for names this libcap does not know. */
int lc_caps_from_name (const char *name);
/* 21 -> "CAP_SYS_ADMIN" (static storage) or NULL. */
const char *lc_caps_to_name (int cap);
/* Highest capability number the running kernel knows. */
int lc_caps_last_cap (void);

/* Drop every capability not in caps->bounding from the bounding set.
 * Needs CAP_SETPCAP: call before switching user. */
int lc_caps_drop_bounding (const struct lc_caps *caps, struct lc_err *err);

/* After setresuid (with PR_SET_KEEPCAPS set): set effective, permitted,
 * inheritable exactly, then raise ambient.  When !caps->present, all sets
 * become empty. */
int lc_caps_apply (const struct lc_caps *caps, struct lc_err *err);

#endif
