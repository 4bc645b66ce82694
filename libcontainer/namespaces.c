/* namespaces.c - create and join namespaces. */
#include "namespaces.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/nsfs.h>
#include <sched.h>
#include <sys/ioctl.h>

#include "util.h"

static const int clone_flags[LC_NS_COUNT] = {
  [LC_NS_PID] = CLONE_NEWPID,       [LC_NS_NET] = CLONE_NEWNET,
  [LC_NS_MNT] = CLONE_NEWNS,        [LC_NS_IPC] = CLONE_NEWIPC,
  [LC_NS_UTS] = CLONE_NEWUTS,       [LC_NS_USER] = CLONE_NEWUSER,
  [LC_NS_CGROUP] = CLONE_NEWCGROUP, [LC_NS_TIME] = CLONE_NEWTIME,
};

int
lc_ns_clone_flag (enum lc_ns_type t)
{
  return clone_flags[t];
}

int
lc_ns_new_flags (const struct lc_spec *spec)
{
  int flags = 0;
  for (int t = 0; t < LC_NS_COUNT; t++)
    if (t != LC_NS_USER && t != LC_NS_CGROUP && spec->ns[t].present
        && !spec->ns[t].path)
      flags |= clone_flags[t];
  return flags;
}

void
lc_ns_close_paths (int fds[LC_NS_COUNT])
{
  for (int t = 0; t < LC_NS_COUNT; t++)
    fds[t] = lc_close (fds[t]);
}

int
lc_ns_open_paths (const struct lc_spec *spec, int fds[LC_NS_COUNT],
                  struct lc_err *err)
{
  for (int t = 0; t < LC_NS_COUNT; t++)
    fds[t] = -1;
  for (int t = 0; t < LC_NS_COUNT; t++)
    {
      const char *path = spec->ns[t].present ? spec->ns[t].path : NULL;
      int type;
      if (!path)
        continue;
      fds[t] = open (path, O_RDONLY | O_CLOEXEC);
      if (fds[t] < 0)
        {
          int e = errno;
          lc_ns_close_paths (fds);
          return lc_err_set (err, e, "linux.namespaces (%s): open '%s'",
                             lc_ns_name (t), path);
        }
      type = ioctl (fds[t], NS_GET_NSTYPE);
      if (type < 0)
        {
          int e = errno;
          lc_ns_close_paths (fds);
          return lc_err_set (err, e == ENOTTY ? EINVAL : e,
                             "linux.namespaces (%s): '%s' is not a "
                             "namespace",
                             lc_ns_name (t), path);
        }
      if (type != clone_flags[t])
        {
          lc_ns_close_paths (fds);
          return lc_err_setx (err, EINVAL,
                              "linux.namespaces (%s): '%s' is not a %s "
                              "namespace",
                              lc_ns_name (t), path, lc_ns_name (t));
        }
    }
  return 0;
}

int
lc_ns_join (const int fds[LC_NS_COUNT], struct lc_err *err)
{
  /* The mount namespace last: after it, paths resolve differently. */
  static const enum lc_ns_type order[]
      = { LC_NS_IPC,    LC_NS_UTS,  LC_NS_NET, LC_NS_PID,
          LC_NS_CGROUP, LC_NS_TIME, LC_NS_MNT };
  for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
    {
      enum lc_ns_type t = order[i];
      if (fds[t] < 0)
        continue;
      if (setns (fds[t], clone_flags[t]) < 0)
        return lc_err_set (err, errno, "linux.namespaces (%s): setns",
                           lc_ns_name (t));
    }
  return 0;
}
