/* caps.c - capability names and the five sets, via libcap.
 *
 * Sets arrive as 64-bit masks (bit n = capability n).  The bounding set is
 * reduced while we still hold CAP_SETPCAP (before the user switch); the
 * other four are set after setresuid, which PR_SET_KEEPCAPS survived. */
#include "caps.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "util.h"

#define CAPS_MAX 64 /* masks are uint64_t */
#define CAP_NAME_MAX 40

int
lc_caps_from_name (const char *name)
{
  char lower[CAP_NAME_MAX];
  cap_value_t v;
  size_t i, len;

  /* The spec writes names as "CAP_" plus upper case; libcap wants lower
   * case and would also accept plain numbers, which we refuse. */
  if (!name || strncmp (name, "CAP_", 4) != 0)
    return -EINVAL;
  len = strlen (name);
  if (len <= 4 || len >= sizeof lower)
    return -EINVAL;
  for (i = 0; i < len; i++)
    {
      unsigned char c = (unsigned char) name[i];
      if (!(isupper (c) || c == '_' || (i > 4 && isdigit (c))))
        return -EINVAL;
      lower[i] = (char) tolower (c);
    }
  lower[len] = '\0';
  if (cap_from_name (lower, &v) < 0 || v < 0 || v >= CAPS_MAX)
    return -EINVAL;
  return (int) v;
}

const char *
lc_caps_to_name (int cap)
{
  /* Filled lazily from libcap; static storage as the header promises. */
  static char names[CAPS_MAX][CAP_NAME_MAX];
  char *s;
  size_t i;

  if (cap < 0 || cap >= CAPS_MAX)
    return NULL;
  if (names[cap][0])
    return names[cap];
  s = cap_to_name ((cap_value_t) cap);
  if (!s)
    return NULL;
  /* Capabilities libcap does not know come back as plain numbers. */
  if (strncmp (s, "cap_", 4) != 0 || strlen (s) >= CAP_NAME_MAX)
    {
      cap_free (s);
      return NULL;
    }
  for (i = 0; s[i]; i++)
    names[cap][i] = (char) toupper ((unsigned char) s[i]);
  names[cap][i] = '\0';
  cap_free (s);
  return names[cap];
}

int
lc_caps_last_cap (void)
{
  cleanup_free char *buf = NULL;
  long long v = -1;

  if (lc_read_file_at (AT_FDCWD, "/proc/sys/kernel/cap_last_cap", 64, &buf,
                       NULL, NULL)
      == 0)
    {
      buf[strcspn (buf, "\n")] = '\0';
      if (lc_parse_i64 (buf, &v) < 0)
        v = -1;
    }
  /* No /proc (or a strange value): what libcap found out by probing. */
  if (v < 0)
    v = (long long) cap_max_bits () - 1;
  if (v < 0)
    v = 0;
  return v >= CAPS_MAX ? CAPS_MAX - 1 : (int) v;
}

int
lc_caps_drop_bounding (const struct lc_caps *caps, struct lc_err *err)
{
  uint64_t keep = caps->present ? caps->bounding : 0;
  int last = lc_caps_last_cap ();

  for (int cap = 0; cap <= last; cap++)
    {
      if (keep & (UINT64_C (1) << cap))
        continue;
      /* Dropping an absent capability succeeds; only without
       * CAP_SETPCAP (EPERM) does it matter whether it is still there. */
      if (prctl (PR_CAPBSET_DROP, (unsigned long) cap, 0, 0, 0) == 0
          || errno == EINVAL) /* not known to this kernel */
        continue;
      if (errno == EPERM
          && prctl (PR_CAPBSET_READ, (unsigned long) cap, 0, 0, 0) == 0)
        continue;
      return lc_err_set (err, errno, "drop bounding capability %s",
                         lc_caps_to_name (cap) ?: "?");
    }
  return 0;
}

static int
check_known (const char *set, uint64_t mask, int last, struct lc_err *err)
{
  for (int cap = last + 1; cap < CAPS_MAX; cap++)
    if (mask & (UINT64_C (1) << cap))
      {
        const char *n = lc_caps_to_name (cap);
        return lc_err_setx (err, EINVAL,
                            "process.capabilities.%s: %s (%d) is not "
                            "known to the running kernel",
                            set, n ? n : "capability", cap);
      }
  return 0;
}

static int
fill_flag (cap_t c, cap_flag_t flag, uint64_t mask)
{
  for (int cap = 0; cap < CAPS_MAX; cap++)
    {
      cap_value_t v = cap;
      if (!(mask & (UINT64_C (1) << cap)))
        continue;
      if (cap_set_flag (c, flag, 1, &v, CAP_SET) < 0)
        return -errno;
    }
  return 0;
}

static int
set_proc_caps (const struct lc_caps *caps, struct lc_err *err)
{
  cap_t c = cap_init ();
  int r;

  if (!c)
    return lc_err_set (err, errno, "cap_init");
  if ((r = fill_flag (c, CAP_EFFECTIVE, caps->effective)) < 0
      || (r = fill_flag (c, CAP_PERMITTED, caps->permitted)) < 0
      || (r = fill_flag (c, CAP_INHERITABLE, caps->inheritable)) < 0)
    {
      cap_free (c);
      return lc_err_set (err, -r, "build capability sets");
    }
  if (cap_set_proc (c) < 0)
    {
      r = errno;
      cap_free (c);
      return lc_err_set (err, r, "set process capabilities");
    }
  cap_free (c);
  return 0;
}

static int
raise_ambient (const struct lc_caps *caps, struct lc_err *err)
{
  uint64_t allowed = caps->permitted & caps->inheritable;

  if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0)
    {
      /* Kernels before 4.3 have no ambient set: fine when none is asked. */
      if (errno != EINVAL || caps->ambient)
        return lc_err_set (err, errno, "clear ambient capabilities");
    }
  for (int cap = 0; cap < CAPS_MAX; cap++)
    {
      uint64_t bit = UINT64_C (1) << cap;
      const char *n;
      if (!(caps->ambient & bit))
        continue;
      n = lc_caps_to_name (cap);
      if (!(allowed & bit))
        return lc_err_setx (err, EINVAL,
                            "process.capabilities.ambient: %s must also be "
                            "in the permitted and inheritable sets",
                            n ? n : "capability");
      if (prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, (unsigned long) cap, 0,
                 0)
          < 0)
        return lc_err_set (err, errno,
                           "process.capabilities.ambient: raise %s",
                           n ? n : "capability");
    }
  return 0;
}

int
lc_caps_apply (const struct lc_caps *caps, struct lc_err *err)
{
  static const struct lc_caps none = { 0 };
  const struct lc_caps *c = caps->present ? caps : &none;
  int last = lc_caps_last_cap ();
  int r;

  if ((r = check_known ("effective", c->effective, last, err)) < 0
      || (r = check_known ("permitted", c->permitted, last, err)) < 0
      || (r = check_known ("inheritable", c->inheritable, last, err)) < 0
      || (r = check_known ("ambient", c->ambient, last, err)) < 0)
    return r;
  if (c->effective & ~c->permitted)
    return lc_err_setx (err, EINVAL,
                        "process.capabilities.effective: must be a subset "
                        "of process.capabilities.permitted");
  r = set_proc_caps (c, err);
  if (r < 0)
    return r;
  r = raise_ambient (c, err);
  if (r < 0)
    return r;
  if (prctl (PR_SET_KEEPCAPS, 0, 0, 0, 0) < 0)
    return lc_err_set (err, errno, "prctl PR_SET_KEEPCAPS");
  return 0;
}
