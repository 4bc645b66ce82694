/* devices.c - device nodes and /dev symlinks inside the container. */
#include "devices.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "mounts.h"
#include "util.h"

struct node
{
  const char *path; /* in the container, and on the host for binds */
  char type;        /* 'c', 'u', 'b', 'p' */
  unsigned major, minor;
  mode_t mode;
  bool has_uid, has_gid;
  uid_t uid;
  gid_t gid;
};

static const struct node default_nodes[] = {
  { "/dev/null", 'c', 1, 3, 0666, false, false, 0, 0 },
  { "/dev/zero", 'c', 1, 5, 0666, false, false, 0, 0 },
  { "/dev/full", 'c', 1, 7, 0666, false, false, 0, 0 },
  { "/dev/random", 'c', 1, 8, 0666, false, false, 0, 0 },
  { "/dev/urandom", 'c', 1, 9, 0666, false, false, 0, 0 },
  { "/dev/tty", 'c', 5, 0, 0666, false, false, 0, 0 },
};

static const char *const default_links[][2] = {
  { "fd", "/proc/self/fd" },       { "stdin", "/proc/self/fd/0" },
  { "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
  { "ptmx", "pts/ptmx" },
};

/* Is the last mount on /dev a tmpfs?  Only then is /dev ours to fill. */
static bool
dev_is_our_tmpfs (const struct lc_spec *spec)
{
  for (size_t i = spec->n_mounts; i-- > 0;)
    if (spec->mounts[i].destination
        && lc_path_equal (spec->mounts[i].destination, "/dev"))
      return spec->mounts[i].type
             && strcmp (spec->mounts[i].type, "tmpfs") == 0;
  return false;
}

static bool
listed_device (const struct lc_spec *spec, const char *path)
{
  for (size_t i = 0; i < spec->n_devices; i++)
    if (spec->devices[i].path && lc_path_equal (spec->devices[i].path, path))
      return true;
  return false;
}

/* A mount in config.json puts something at path (rootless podman
 * --privileged binds the host's /dev/null and the other nodes). */
static bool
mounted_over (const struct lc_spec *spec, const char *path)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    if (spec->mounts[i].destination
        && lc_path_equal (spec->mounts[i].destination, path))
      return true;
  return false;
}

/* Replace whatever non-directory is at name. */
static int
clear_name (int dirfd, const char *name, struct lc_err *err)
{
  struct stat st;

  if (fstatat (dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return errno == ENOENT ? 0 : lc_err_set (err, errno, "stat");
  if (S_ISDIR (st.st_mode))
    return lc_err_setx (err, EEXIST, "exists and is a directory");
  if (unlinkat (dirfd, name, 0) < 0)
    return lc_err_set (err, errno, "unlink");
  return 0;
}

/* In a user namespace mknod is refused: bind the host's node onto an
 * empty file.  Its owner and mode stay the host's (never chown a host
 * inode through a bind). */
static int
bind_node (int dirfd, const char *name, const char *host, struct lc_err *err)
{
  cleanup_close int fd = -1;

  fd = openat (dirfd, name,
               O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0000);
  if (fd < 0)
    return lc_err_set (err, errno, "create mount point");
  lc_close (fd);
  fd = openat (dirfd, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return lc_err_set (err, errno, "open mount point");
  return lc_mount_bind_fd (AT_FDCWD, host, fd, false, err);
}

/* 0 when created, 1 when mknod is not permitted, -errno on failure. */
static int
mknod_node (int dirfd, const char *name, const struct node *n,
            struct lc_err *err)
{
  mode_t fmt = n->type == 'p' ? S_IFIFO : n->type == 'b' ? S_IFBLK : S_IFCHR;
  dev_t dev = n->type == 'p' ? 0 : makedev (n->major, n->minor);

  if (mknodat (dirfd, name, fmt | (n->mode & 0777), dev) < 0)
    {
      if (errno == EPERM && fmt != S_IFIFO)
        return 1; /* not real root after all: the caller binds */
      return lc_err_set (err, errno, "mknod");
    }
  /* mknod applied the umask; set the exact mode. */
  if (fchmodat (dirfd, name, n->mode & 07777, 0) < 0)
    return lc_err_set (err, errno, "chmod");
  if ((n->has_uid || n->has_gid)
      && fchownat (dirfd, name, n->has_uid ? n->uid : (uid_t) -1,
                   n->has_gid ? n->gid : (gid_t) -1, AT_SYMLINK_NOFOLLOW)
             < 0)
    return lc_err_set (err, errno, "chown");
  return 0;
}

static int
make_node (int rootfd, const struct node *n, bool in_userns,
           struct lc_err *err)
{
  cleanup_free char *dir = lc_xstrdup (n->path);
  cleanup_close int dirfd = -1;
  char *slash = strrchr (dir, '/');
  const char *name;
  int r;

  name = slash ? slash + 1 : dir;
  if (!*name || strcmp (name, ".") == 0 || strcmp (name, "..") == 0)
    return lc_err_setx (err, EINVAL, "not a file path");
  if (slash)
    *slash = '\0';
  r = lc_mkdir_in_root (rootfd, slash && dir[0] ? dir : "/", true, err);
  if (r < 0)
    return r;
  dirfd = lc_open_in_root (rootfd, slash && dir[0] ? dir : "/", O_DIRECTORY,
                           err);
  if (dirfd < 0)
    return dirfd;
  r = clear_name (dirfd, name, err);
  if (r < 0)
    return r;
  if (!in_userns || n->type == 'p')
    {
      r = mknod_node (dirfd, name, n, err);
      if (r != 1)
        return r;
    }
  return bind_node (dirfd, name, n->path, err);
}

static int
default_devices (int rootfd, const struct lc_spec *spec, bool in_userns,
                 struct lc_err *err)
{
  cleanup_close int devfd = -1;
  int r;

  for (size_t i = 0; i < sizeof default_nodes / sizeof default_nodes[0]; i++)
    {
      if (listed_device (spec, default_nodes[i].path)
          || mounted_over (spec, default_nodes[i].path))
        continue; /* linux.devices or mounts say how */
      r = make_node (rootfd, &default_nodes[i], in_userns, err);
      if (r < 0)
        {
          lc_err_prefix (err, "'%s'", default_nodes[i].path);
          return r;
        }
    }
  devfd = lc_open_in_root (rootfd, "/dev", O_DIRECTORY, err);
  if (devfd < 0)
    return devfd;
  /* An image's /dev/ptmx node would bypass the container's devpts. */
  if (unlinkat (devfd, "ptmx", 0) < 0 && errno != ENOENT)
    return lc_err_set (err, errno, "unlink '/dev/ptmx'");
  for (size_t i = 0; i < sizeof default_links / sizeof default_links[0]; i++)
    if (symlinkat (default_links[i][1], devfd, default_links[i][0]) < 0
        && errno != EEXIST)
      return lc_err_set (err, errno, "symlink '/dev/%s'", default_links[i][0]);
  return 0;
}

static int
config_devices (int rootfd, const struct lc_spec *spec, bool in_userns,
                struct lc_err *err)
{
  for (size_t i = 0; i < spec->n_devices; i++)
    {
      const struct lc_device *d = &spec->devices[i];
      struct node n = { .path = d->path,
                        .type = d->type,
                        .major = (unsigned) d->major,
                        .minor = (unsigned) d->minor,
                        .mode = d->has_file_mode ? d->file_mode : 0666,
                        .has_uid = d->has_uid && !in_userns,
                        .has_gid = d->has_gid && !in_userns,
                        .uid = d->uid,
                        .gid = d->gid };
      int r;

      if (!d->path || d->path[0] != '/')
        return lc_err_setx (err, EINVAL,
                            "linux.devices[%zu].path: must be absolute", i);
      r = make_node (rootfd, &n, in_userns, err);
      if (r < 0)
        {
          lc_err_prefix (err, "linux.devices[%zu] ('%s')", i, d->path);
          return r;
        }
    }
  return 0;
}

int
lc_devices_setup (const struct lc_spec *spec, int rootfd, bool in_userns,
                  struct lc_err *err)
{
  int r;

  if (dev_is_our_tmpfs (spec))
    {
      r = default_devices (rootfd, spec, in_userns, err);
      if (r < 0)
        return r;
    }
  r = config_devices (rootfd, spec, in_userns, err);
  if (r < 0)
    return r;
  /* The console module binds the pty onto this file later. */
  if (spec->has_process && spec->process.terminal)
    {
      r = lc_mkdir_in_root (rootfd, "/dev/console", false, err);
      if (r < 0)
        {
          lc_err_prefix (err, "'/dev/console'");
          return r;
        }
    }
  return 0;
}
