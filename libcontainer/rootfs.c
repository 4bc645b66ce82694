/* rootfs.c - the bundle's root becomes the container's /: propagation,
 * the self bind, config mounts, /dev, pivot_root; afterwards masked and
 * read-only paths, the read-only root and rootfsPropagation.
 *
 * Runs in the init stage, already in its own mount namespace. */
#include "rootfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "devices.h"
#include "mounts.h"
#include "util.h"

/* ---- before pivot_root ----------------------------------------------- */

static int
parse_propagation (const char *s, unsigned long *ret, struct lc_err *err)
{
  static const struct
  {
    const char *name;
    unsigned long flags;
  } table[] = {
    { "private", MS_PRIVATE },       { "rprivate", MS_PRIVATE | MS_REC },
    { "shared", MS_SHARED },         { "rshared", MS_SHARED | MS_REC },
    { "slave", MS_SLAVE },           { "rslave", MS_SLAVE | MS_REC },
    { "unbindable", MS_UNBINDABLE }, { "runbindable", MS_UNBINDABLE | MS_REC },
  };

  *ret = 0;
  if (!s)
    return 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
    if (strcmp (table[i].name, s) == 0)
      {
        *ret = table[i].flags;
        return 0;
      }
  return lc_err_setx (err, EINVAL, "linux.rootfsPropagation: unknown '%s'", s);
}

/* Cut / off from the host before mounting anything, always recursively.
 * pivot_root refuses shared mounts and binding needs bindable ones, so a
 * shared (unbindable) rootfsPropagation starts as slave (private) and is
 * applied for real by lc_rootfs_finalize. */
static int
isolate_root (unsigned long prop, struct lc_err *err)
{
  unsigned long flags = MS_REC | MS_PRIVATE;

  if (prop & (MS_SLAVE | MS_SHARED))
    flags = MS_REC | MS_SLAVE;
  if (mount (NULL, "/", NULL, flags, NULL) < 0)
    return lc_err_set (err, errno, "make '/' %s",
                       flags & MS_SLAVE ? "rslave" : "rprivate");
  return 0;
}

/* pivot_root(".", ".") stacks the old root on the new one; detaching "."
 * then drops it without a temporary directory.  Make it a slave first so
 * the unmount does not propagate anywhere. */
static int
pivot (int rootfd, struct lc_err *err)
{
  if (fchdir (rootfd) < 0)
    return lc_err_set (err, errno, "chdir to the rootfs");
  if (syscall (SYS_pivot_root, ".", ".") < 0)
    return lc_err_set (err, errno, "pivot_root");
  if (mount (NULL, ".", NULL, MS_SLAVE | MS_REC, NULL) < 0)
    return lc_err_set (err, errno, "make the old root rslave");
  if (umount2 (".", MNT_DETACH) < 0)
    return lc_err_set (err, errno, "detach the old root");
  if (chdir ("/") < 0)
    return lc_err_set (err, errno, "chdir '/'");
  return 0;
}

/* --no-pivot: move the rootfs over / and chroot into it. */
static int
move_root (int rootfd, struct lc_err *err)
{
  if (fchdir (rootfd) < 0)
    return lc_err_set (err, errno, "chdir to the rootfs");
  if (mount (".", "/", NULL, MS_MOVE, NULL) < 0)
    return lc_err_set (err, errno, "move the rootfs to '/'");
  if (chroot (".") < 0)
    return lc_err_set (err, errno, "chroot");
  if (chdir ("/") < 0)
    return lc_err_set (err, errno, "chdir '/'");
  return 0;
}

int
lc_rootfs_prepare (const struct lc_spec *spec,
                   const struct lc_rootfs_opts *opts, struct lc_err *err)
{
  cleanup_close int rootfd = -1;
  unsigned long prop;
  const char *root = spec->root_path;
  struct stat st, top;
  int r;

  if (!root || root[0] != '/')
    return lc_err_setx (err, EINVAL, "root.path: must be absolute");
  r = parse_propagation (spec->rootfs_propagation, &prop, err);
  if (r < 0)
    return r;
  r = isolate_root (prop, err);
  if (r < 0)
    return r;
  /* root.path may be a symlink (followed, as by runc), but not to our own
   * root.  Checked before any mount of the config is made: pivot_root
   * would refuse it only afterwards, and with a bare EINVAL or EBUSY. */
  if (stat (root, &st) == 0 && stat ("/", &top) == 0 && st.st_dev == top.st_dev
      && st.st_ino == top.st_ino)
    return lc_err_setx (err, EINVAL,
                        "root.path: '%s' is the host's root directory", root);
  /* A mount of its own, so that pivot_root can move it. */
  if (mount (root, root, NULL, MS_BIND | MS_REC, NULL) < 0)
    return lc_err_set (err, errno, "root.path: bind '%s'", root);
  rootfd = open (root, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return lc_err_set (err, errno, "root.path: open '%s'", root);
  r = lc_mounts_apply (spec, rootfd, opts->bundle, opts->in_userns,
                       opts->premade_idmap, err);
  if (r < 0)
    return r;
  r = lc_devices_setup (spec, rootfd, opts->in_userns, err);
  if (r < 0)
    return r;
  r = opts->no_pivot ? move_root (rootfd, err) : pivot (rootfd, err);
  if (r < 0)
    lc_err_prefix (err, "root.path ('%s')", root);
  return r;
}

/* ---- after pivot_root ------------------------------------------------ */

/* /proc and /sys, opened once and checked to be procfs and sysfs: an
 * image cannot redirect masked and read-only paths into something else. */
struct base
{
  const char *name;
  long magic;
  bool opened;
  int fd;  /* or -errno */
  bool ok; /* fd is on the right filesystem */
};

static int
open_beneath (int dirfd, const char *path, uint64_t resolve)
{
  struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = resolve };
  for (int i = 0; i < 64; i++)
    {
      long fd = syscall (SYS_openat2, dirfd, path, &how, sizeof how);
      if (fd >= 0)
        return (int) fd;
      if (errno != EAGAIN)
        return -errno;
    }
  return -EAGAIN;
}

static int
base_fd (int rootfd, struct base *b)
{
  struct statfs sf;

  if (!b->opened)
    {
      b->opened = true;
      b->fd = open_beneath (rootfd, b->name,
                            RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
      b->ok = b->fd >= 0 && fstatfs (b->fd, &sf) == 0 && sf.f_type == b->magic;
    }
  return b->fd;
}

/* Open 'path' (O_PATH) for masking or remounting; 0 with *ret = -1 when it
 * does not exist, which the spec says to ignore. */
static int
open_target (int rootfd, struct base *bases, const char *path, int *ret,
             struct lc_err *err)
{
  const char *rel = path;
  int fd;

  *ret = -1;
  while (*rel == '/')
    rel++;
  for (size_t i = 0; i < 2; i++)
    {
      struct base *b = &bases[i];
      size_t n = strlen (b->name);
      const char *sub = rel + n;

      if (strncmp (rel, b->name, n) != 0 || (*sub && *sub != '/'))
        continue;
      fd = base_fd (rootfd, b);
      if (fd == -ENOENT)
        return 0;
      if (fd < 0)
        return lc_err_set (err, -fd, "open '/%s'", b->name);
      while (*sub == '/')
        sub++;
      fd = *sub ? open_beneath (fd, sub, RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS)
                : fcntl (fd, F_DUPFD_CLOEXEC, 3);
      if (fd == -ENOENT || fd == -ENOTDIR)
        return 0;
      if (fd < 0)
        return lc_err_set (err, -fd, "open '%s'", path);
      if (!b->ok)
        {
          lc_close (fd);
          return lc_err_setx (err, EINVAL,
                              "'/%s' is not a %s mount, refusing to touch "
                              "'%s'",
                              b->name, b->name, path);
        }
      *ret = fd;
      return 0;
    }
  fd = open_beneath (rootfd, *rel ? rel : ".",
                     RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
  if (fd == -ENOENT || fd == -ENOTDIR)
    return 0;
  if (fd < 0)
    return lc_err_set (err, -fd, "open '%s'", path);
  *ret = fd;
  return 0;
}

/* The container's /dev/null, only if it really is the null device. */
static int
open_null (int rootfd, struct lc_err *err)
{
  struct stat st;
  int fd = open_beneath (rootfd, "dev/null",
                         RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS);
  if (fd < 0)
    return lc_err_set (err, -fd, "open '/dev/null'");
  if (fstat (fd, &st) < 0 || !S_ISCHR (st.st_mode)
      || st.st_rdev != makedev (1, 3))
    {
      lc_close (fd);
      return lc_err_setx (err, EINVAL, "'/dev/null' is not the null device");
    }
  return fd;
}

/* A read-only empty tmpfs over a directory. */
static int
mask_dir (int fd, struct lc_err *err)
{
  cleanup_close int fs = -1, mnt = -1;

  fs = fsopen ("tmpfs", FSOPEN_CLOEXEC);
  if (fs < 0 || fsconfig (fs, FSCONFIG_SET_STRING, "mode", "0755", 0) < 0
      || fsconfig (fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
    return lc_err_set (err, errno, "tmpfs");
  mnt = fsmount (fs, FSMOUNT_CLOEXEC,
                 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                     | MOUNT_ATTR_NOEXEC);
  if (mnt < 0)
    return lc_err_set (err, errno, "fsmount tmpfs");
  if (move_mount (mnt, "", fd, "",
                  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)
      < 0)
    return lc_err_set (err, errno, "move_mount");
  return 0;
}

static int
mask_path (int rootfd, struct base *bases, const char *path, int *nullfd,
           struct lc_err *err)
{
  cleanup_close int fd = -1;
  struct stat st;
  int r;

  r = open_target (rootfd, bases, path, &fd, err);
  if (r < 0 || fd < 0)
    return r;
  if (fstat (fd, &st) < 0)
    return lc_err_set (err, errno, "stat '%s'", path);
  if (S_ISDIR (st.st_mode))
    return mask_dir (fd, err);
  if (*nullfd < 0)
    {
      r = open_null (rootfd, err);
      if (r < 0)
        return r;
      *nullfd = r;
    }
  return lc_mount_bind_fd (*nullfd, NULL, fd, false, err);
}

/* Bind the path onto itself (recursively) with ro,nosuid,nodev,noexec set
 * on the detached copy: only setting flags keeps locked ones intact. */
static int
readonly_path (int rootfd, struct base *bases, const char *path,
               struct lc_err *err)
{
  cleanup_close int fd = -1, tree = -1;
  struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID
                                      | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC };
  int r;

  r = open_target (rootfd, bases, path, &fd, err);
  if (r < 0 || fd < 0)
    return r;
  tree = open_tree (fd, "",
                    OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_EMPTY_PATH
                        | AT_RECURSIVE);
  if (tree < 0)
    return lc_err_set (err, errno, "bind");
  if (mount_setattr (tree, "", AT_EMPTY_PATH | AT_RECURSIVE, &a, sizeof a) < 0)
    return lc_err_set (err, errno, "mount_setattr");
  if (move_mount (tree, "", fd, "",
                  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)
      < 0)
    return lc_err_set (err, errno, "move_mount");
  return 0;
}

/* MS_REMOUNT|MS_BIND replaces every per-mount flag: carry over the ones
 * already set, which a user namespace may not clear anyway. */
static int
remount_root_ro (struct lc_err *err)
{
  static const struct
  {
    unsigned long st, ms;
  } keep[] = {
    { ST_NOSUID, MS_NOSUID },         { ST_NODEV, MS_NODEV },
    { ST_NOEXEC, MS_NOEXEC },         { ST_NOATIME, MS_NOATIME },
    { ST_NODIRATIME, MS_NODIRATIME }, { ST_RELATIME, MS_RELATIME },
  };
  unsigned long flags = MS_REMOUNT | MS_BIND | MS_RDONLY;
  struct statvfs sv;

  if (statvfs ("/", &sv) < 0)
    return lc_err_set (err, errno, "root.readonly: statvfs '/'");
  for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++)
    if (sv.f_flag & keep[i].st)
      flags |= keep[i].ms;
  if (mount (NULL, "/", NULL, flags, NULL) < 0)
    return lc_err_set (err, errno, "root.readonly: remount '/'");
  return 0;
}

int
lc_rootfs_finalize (const struct lc_spec *spec, struct lc_err *err)
{
  struct base bases[2] = { { "proc", PROC_SUPER_MAGIC, false, -1, false },
                           { "sys", SYSFS_MAGIC, false, -1, false } };
  cleanup_close int rootfd = -1, nullfd = -1;
  unsigned long prop;
  int r = 0;

  r = parse_propagation (spec->rootfs_propagation, &prop, err);
  if (r < 0)
    return r;
  rootfd = open ("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (rootfd < 0)
    return lc_err_set (err, errno, "open '/'");
  /* Read-only first: a recursive bind of /proc/sys keeps masks below it. */
  for (size_t i = 0; r >= 0 && spec->readonly_paths && spec->readonly_paths[i];
       i++)
    {
      r = readonly_path (rootfd, bases, spec->readonly_paths[i], err);
      if (r < 0)
        lc_err_prefix (err, "linux.readonlyPaths[%zu] ('%s')", i,
                       spec->readonly_paths[i]);
    }
  for (size_t i = 0; r >= 0 && spec->masked_paths && spec->masked_paths[i];
       i++)
    {
      r = mask_path (rootfd, bases, spec->masked_paths[i], &nullfd, err);
      if (r < 0)
        lc_err_prefix (err, "linux.maskedPaths[%zu] ('%s')", i,
                       spec->masked_paths[i]);
    }
  for (size_t i = 0; i < 2; i++)
    lc_close (bases[i].fd);
  if (r < 0)
    return r;
  if (spec->root_readonly)
    {
      r = remount_root_ro (err);
      if (r < 0)
        return r;
    }
  if (prop && mount (NULL, "/", NULL, prop, NULL) < 0)
    return lc_err_set (err, errno, "linux.rootfsPropagation: '/'");
  return 0;
}

/* ---- tmpcopyup --------------------------------------------------------- */

#define COPY_DEPTH_MAX 64

static int copy_dir (int src, int dst, unsigned depth, struct lc_err *err);

static int
copy_owner (int fd, const char *name, const struct stat *st, int flags,
            struct lc_err *err)
{
  /* Ids without a mapping in our user namespace cannot be kept. */
  if (fchownat (fd, name, st->st_uid, st->st_gid, flags) < 0
      && errno != EINVAL)
    return lc_err_set (err, errno, "chown '%s'", name);
  return 0;
}

static int
copy_file (int src, int dst, const char *name, const struct stat *st,
           struct lc_err *err)
{
  cleanup_close int in = -1, out = -1;
  char buf[16384];
  ssize_t n;

  in = openat (src, name, O_RDONLY | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC);
  if (in < 0)
    return lc_err_set (err, errno, "open '%s'", name);
  out = openat (dst, name,
                O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (out < 0)
    return lc_err_set (err, errno, "create '%s'", name);
  while ((n = read (in, buf, sizeof buf)) != 0)
    {
      int r;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return lc_err_set (err, errno, "read '%s'", name);
      r = lc_write_all (out, buf, (size_t) n);
      if (r < 0)
        return lc_err_set (err, -r, "write '%s'", name);
    }
  if (copy_owner (out, "", st, AT_EMPTY_PATH, err) < 0)
    return -err->code;
  /* After chown, which drops set-id bits. */
  if (fchmod (out, st->st_mode & 07777) < 0)
    return lc_err_set (err, errno, "chmod '%s'", name);
  return 0;
}

static int
copy_subdir (int src, int dst, const char *name, const struct stat *st,
             unsigned depth, struct lc_err *err)
{
  cleanup_close int s = -1, d = -1;
  int r;

  if (depth >= COPY_DEPTH_MAX)
    return lc_err_setx (err, ELOOP, "'%s': directories nested too deep", name);
  if (mkdirat (dst, name, 0700) < 0)
    return lc_err_set (err, errno, "mkdir '%s'", name);
  s = openat (src, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  d = openat (dst, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (s < 0 || d < 0)
    return lc_err_set (err, errno, "open '%s'", name);
  r = copy_dir (s, d, depth + 1, err);
  if (r < 0)
    return r;
  if (copy_owner (d, "", st, AT_EMPTY_PATH, err) < 0)
    return -err->code;
  if (fchmod (d, st->st_mode & 07777) < 0)
    return lc_err_set (err, errno, "chmod '%s'", name);
  return 0;
}

static int
copy_entry (int src, int dst, const char *name, unsigned depth,
            struct lc_err *err)
{
  char target[PATH_MAX];
  struct stat st;
  ssize_t n;

  if (fstatat (src, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_err_set (err, errno, "stat '%s'", name);
  switch (st.st_mode & S_IFMT)
    {
    case S_IFDIR:
      return copy_subdir (src, dst, name, &st, depth, err);
    case S_IFREG:
      return copy_file (src, dst, name, &st, err);
    case S_IFLNK:
      n = readlinkat (src, name, target, sizeof target);
      if (n < 0 || (size_t) n >= sizeof target)
        return lc_err_set (err, n < 0 ? errno : ENAMETOOLONG, "readlink '%s'",
                           name);
      target[n] = '\0';
      if (symlinkat (target, dst, name) < 0)
        return lc_err_set (err, errno, "symlink '%s'", name);
      return copy_owner (dst, name, &st, AT_SYMLINK_NOFOLLOW, err);
    case S_IFSOCK:
      return 0; /* a socket without its listener is useless */
    default:
      if (mknodat (dst, name, st.st_mode, st.st_rdev) < 0)
        {
          if (errno == EPERM) /* device nodes in a user namespace */
            return 0;
          return lc_err_set (err, errno, "mknod '%s'", name);
        }
      return copy_owner (dst, name, &st, AT_SYMLINK_NOFOLLOW, err);
    }
}

static int
copy_dir (int src, int dst, unsigned depth, struct lc_err *err)
{
  struct dirent *e;
  DIR *d;
  int fd, r = 0;

  fd = openat (src, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return lc_err_set (err, errno, "open directory");
  d = fdopendir (fd);
  if (!d)
    {
      lc_close (fd);
      return lc_err_set (err, errno, "fdopendir");
    }
  while (r >= 0 && (errno = 0, e = readdir (d)))
    {
      if (strcmp (e->d_name, ".") == 0 || strcmp (e->d_name, "..") == 0)
        continue;
      r = copy_entry (src, dst, e->d_name, depth, err);
    }
  if (r >= 0 && errno)
    r = lc_err_set (err, errno, "readdir");
  closedir (d);
  return r;
}

static bool
has_data_key (const char *data, const char *key)
{
  size_t n = strlen (key);
  for (const char *p = data; p && *p;)
    {
      if (strncmp (p, key, n) == 0 && p[n] == '=')
        return true;
      p = strchr (p, ',');
      if (p)
        p++;
    }
  return false;
}

/* Fill a fresh tmpfs with what the image had at its destination, and give
 * its root the directory's owner and mode unless the options set them. */
int
lc_rootfs_copy_up (int src, int dstmnt, const char *data, struct lc_err *err)
{
  cleanup_close int dst = -1;
  struct stat st;
  int r;

  dst = openat (dstmnt, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dst < 0 || fstat (src, &st) < 0)
    return lc_err_set (err, errno, "tmpcopyup");
  r = copy_dir (src, dst, 0, err);
  if (r < 0)
    {
      lc_err_prefix (err, "tmpcopyup");
      return r;
    }
  if (!has_data_key (data, "mode") && fchmod (dst, st.st_mode & 07777) < 0)
    return lc_err_set (err, errno, "tmpcopyup: chmod");
  /* Ids without a mapping in our user namespace cannot be kept. */
  if (!has_data_key (data, "uid") && !has_data_key (data, "gid")
      && fchown (dst, st.st_uid, st.st_gid) < 0 && errno != EINVAL)
    return lc_err_set (err, errno, "tmpcopyup: chown");
  return 0;
}
