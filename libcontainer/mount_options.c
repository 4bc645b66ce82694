/* mount_options.c - the spec's mount options (mounts[].options) to MS_*
 * flags, propagation, MOUNT_ATTR_* and filesystem data. */
#include "mounts.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "util.h"

#define MOUNT_DATA_MAX 4095 /* mount(2) copies one page of data */

/* ---- options ---------------------------------------------------------- */

enum opt_special
{
  SP_NONE,
  SP_BIND,
  SP_RBIND,
  SP_TMPCOPYUP,
  SP_NOTMPCOPYUP,
  SP_IDMAP,
  SP_RIDMAP,
};

struct opt_def
{
  const char *name;
  unsigned long set, clear; /* MS_* */
  unsigned long propagation;
  uint64_t attr_set, attr_clr; /* MOUNT_ATTR_*, applied with AT_RECURSIVE */
  enum opt_special special;
};

/* Atime modes are an enum inside MOUNT_ATTR__ATIME: choosing one means
 * clearing the whole field and setting the value. */
#define ATIME(v) .attr_set = (v), .attr_clr = MOUNT_ATTR__ATIME

static const struct opt_def opt_table[] = {
  { "defaults", .set = 0 },
  { "ro", .set = MS_RDONLY },
  { "rw", .clear = MS_RDONLY },
  { "nosuid", .set = MS_NOSUID },
  { "suid", .clear = MS_NOSUID },
  { "nodev", .set = MS_NODEV },
  { "dev", .clear = MS_NODEV },
  { "noexec", .set = MS_NOEXEC },
  { "exec", .clear = MS_NOEXEC },
  { "sync", .set = MS_SYNCHRONOUS },
  { "async", .clear = MS_SYNCHRONOUS },
  { "dirsync", .set = MS_DIRSYNC },
  { "remount", .set = MS_REMOUNT },
  { "mand", .set = MS_MANDLOCK },
  { "nomand", .clear = MS_MANDLOCK },
  { "silent", .set = MS_SILENT },
  { "loud", .clear = MS_SILENT },
  { "lazytime", .set = MS_LAZYTIME },
  { "nolazytime", .clear = MS_LAZYTIME },
  { "relatime", .set = MS_RELATIME },
  { "norelatime", .clear = MS_RELATIME },
  { "strictatime", .set = MS_STRICTATIME },
  { "nostrictatime", .clear = MS_STRICTATIME },
  { "noatime", .set = MS_NOATIME },
  { "atime", .clear = MS_NOATIME },
  { "nodiratime", .set = MS_NODIRATIME },
  { "diratime", .clear = MS_NODIRATIME },
  { "nosymfollow", .set = MS_NOSYMFOLLOW },
  { "symfollow", .clear = MS_NOSYMFOLLOW },
  { "bind", .special = SP_BIND },
  { "rbind", .special = SP_RBIND },
  { "private", .propagation = MS_PRIVATE },
  { "rprivate", .propagation = MS_PRIVATE | MS_REC },
  { "shared", .propagation = MS_SHARED },
  { "rshared", .propagation = MS_SHARED | MS_REC },
  { "slave", .propagation = MS_SLAVE },
  { "rslave", .propagation = MS_SLAVE | MS_REC },
  { "unbindable", .propagation = MS_UNBINDABLE },
  { "runbindable", .propagation = MS_UNBINDABLE | MS_REC },
  { "rro", .attr_set = MOUNT_ATTR_RDONLY },
  { "rrw", .attr_clr = MOUNT_ATTR_RDONLY },
  { "rnosuid", .attr_set = MOUNT_ATTR_NOSUID },
  { "rsuid", .attr_clr = MOUNT_ATTR_NOSUID },
  { "rnodev", .attr_set = MOUNT_ATTR_NODEV },
  { "rdev", .attr_clr = MOUNT_ATTR_NODEV },
  { "rnoexec", .attr_set = MOUNT_ATTR_NOEXEC },
  { "rexec", .attr_clr = MOUNT_ATTR_NOEXEC },
  { "rnodiratime", .attr_set = MOUNT_ATTR_NODIRATIME },
  { "rdiratime", .attr_clr = MOUNT_ATTR_NODIRATIME },
  { "rnosymfollow", .attr_set = MOUNT_ATTR_NOSYMFOLLOW },
  { "rsymfollow", .attr_clr = MOUNT_ATTR_NOSYMFOLLOW },
  /* Without noatime or strictatime the kernel default is relatime. */
  { "rrelatime", ATIME (MOUNT_ATTR_RELATIME) },
  { "rnorelatime", ATIME (MOUNT_ATTR_STRICTATIME) },
  { "rstrictatime", ATIME (MOUNT_ATTR_STRICTATIME) },
  { "rnostrictatime", ATIME (MOUNT_ATTR_RELATIME) },
  { "rnoatime", ATIME (MOUNT_ATTR_NOATIME) },
  { "ratime", ATIME (MOUNT_ATTR_RELATIME) },
  { "tmpcopyup", .special = SP_TMPCOPYUP },
  { "notmpcopyup", .special = SP_NOTMPCOPYUP },
  { "idmap", .special = SP_IDMAP },
  { "ridmap", .special = SP_RIDMAP },
};

static const struct opt_def *
find_option (const char *name)
{
  for (size_t i = 0; i < sizeof opt_table / sizeof opt_table[0]; i++)
    if (strcmp (opt_table[i].name, name) == 0)
      return &opt_table[i];
  return NULL;
}

static void
apply_option (struct lc_mount_flags *f, const struct opt_def *d)
{
  f->set = (f->set & ~d->clear) | d->set;
  f->clear = (f->clear & ~d->set) | d->clear;
  f->attr_set = (f->attr_set & ~d->attr_clr) | d->attr_set;
  f->attr_clr = (f->attr_clr & ~d->attr_set) | d->attr_clr;
  if (d->propagation)
    f->propagation = d->propagation;
  switch (d->special)
    {
    case SP_BIND:
      f->bind = true;
      break;
    case SP_RBIND:
      f->bind = f->recursive_bind = true;
      break;
    case SP_TMPCOPYUP:
      f->tmpcopyup = true;
      break;
    case SP_NOTMPCOPYUP:
      f->tmpcopyup = false;
      break;
    case SP_IDMAP:
      f->idmap = true;
      break;
    case SP_RIDMAP:
      f->idmap = f->recursive_idmap = true;
      break;
    case SP_NONE:
      break;
    }
}

static int
append_data (struct lc_mount_flags *f, const char *opt, const char *path,
             struct lc_err *err)
{
  size_t old = f->data ? strlen (f->data) : 0;
  size_t add = strlen (opt) + (old ? 1 : 0);
  if (old + add > MOUNT_DATA_MAX)
    return lc_err_setx (err, EINVAL,
                        "%s: filesystem options longer than %d bytes", path,
                        MOUNT_DATA_MAX);
  f->data = lc_xrealloc (f->data, old + add + 1);
  snprintf (f->data + old, add + 1, "%s%s", old ? "," : "", opt);
  return 0;
}

int
lc_mount_parse_options (char *const *options, const char *path,
                        struct lc_mount_flags *ret, struct lc_err *err)
{
  struct lc_mount_flags f = { 0 };

  for (size_t i = 0; options && options[i]; i++)
    {
      const struct opt_def *d;
      int r;

      if (!options[i][0])
        {
          lc_mount_flags_clear (&f);
          return lc_err_setx (err, EINVAL, "%s[%zu]: empty option", path, i);
        }
      d = find_option (options[i]);
      if (d)
        {
          apply_option (&f, d);
          continue;
        }
      r = append_data (&f, options[i], path, err);
      if (r < 0)
        {
          lc_mount_flags_clear (&f);
          return r;
        }
    }
  *ret = f;
  return 0;
}

bool
lc_mount_is_bind (const struct lc_mount *m)
{
  if (m->type && strcmp (m->type, "bind") == 0)
    return true;
  for (size_t i = 0; m->options && m->options[i]; i++)
    {
      const struct opt_def *d = find_option (m->options[i]);
      if (d && (d->special == SP_BIND || d->special == SP_RBIND))
        return true;
    }
  return false;
}

void
lc_mount_flags_clear (struct lc_mount_flags *f)
{
  if (!f)
    return;
  free (f->data);
  memset (f, 0, sizeof *f);
}

void
lc_mount_flags_to_attr (const struct lc_mount_flags *f, struct mount_attr *a)
{
  static const struct
  {
    unsigned long ms;
    uint64_t attr;
  } map[] = {
    { MS_RDONLY, MOUNT_ATTR_RDONLY },
    { MS_NOSUID, MOUNT_ATTR_NOSUID },
    { MS_NODEV, MOUNT_ATTR_NODEV },
    { MS_NOEXEC, MOUNT_ATTR_NOEXEC },
    { MS_NODIRATIME, MOUNT_ATTR_NODIRATIME },
    { MS_NOSYMFOLLOW, MOUNT_ATTR_NOSYMFOLLOW },
  };
  memset (a, 0, sizeof *a);
  for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
    {
      if (f->set & map[i].ms)
        a->attr_set |= map[i].attr;
      if (f->clear & map[i].ms)
        a->attr_clr |= map[i].attr;
    }
  /* Same precedence as mount(2): noatime, then strictatime, else relatime
   * when any atime option was named; otherwise the source's mode stays. */
  if ((f->set | f->clear) & (MS_NOATIME | MS_STRICTATIME | MS_RELATIME))
    {
      a->attr_clr |= MOUNT_ATTR__ATIME;
      if (f->set & MS_NOATIME)
        a->attr_set |= MOUNT_ATTR_NOATIME;
      else if (f->set & MS_STRICTATIME)
        a->attr_set |= MOUNT_ATTR_STRICTATIME;
    }
}
