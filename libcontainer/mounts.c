/* mounts.c - applying config mounts inside the container's rootfs (their
 * options are parsed in mount_options.c).
 *
 * Every destination is resolved with openat2 (RESOLVE_IN_ROOT) relative to
 * a dirfd of the rootfs, so a symlink in the image can never point a mount
 * outside of it.  Filesystems are mounted with mount(2) onto the
 * /proc/self/fd/N path of the resolved O_PATH fd (this runs before
 * pivot_root, where /proc is the host's); bind mounts use open_tree +
 * mount_setattr + move_mount so their flags and id mapping are set before
 * the tree is attached. */
#include "mounts.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "idmap.h"
#include "rootfs.h"
#include "util.h"

#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif

#define PROP_MASK (MS_PRIVATE | MS_SHARED | MS_SLAVE | MS_UNBINDABLE)

static void
flags_cleanup (struct lc_mount_flags *f)
{
  lc_mount_flags_clear (f);
}

/* ---- resolution inside the root ------------------------------------- */

static int
openat2_retry (int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
  struct open_how how = { .flags = flags, .resolve = resolve };

  /* RESOLVE_IN_ROOT returns EAGAIN when a rename raced with "..". */
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

static const char *
rel_path (const char *path)
{
  while (*path == '/')
    path++;
  return *path ? path : ".";
}

static int
open_in_root (int rootfd, const char *path, uint64_t flags)
{
  return openat2_retry (rootfd, rel_path (path), flags | O_CLOEXEC,
                        RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
}

int
lc_open_in_root (int rootfd, const char *path, int extra_flags,
                 struct lc_err *err)
{
  int fd = open_in_root (rootfd, path, O_PATH | (uint64_t) extra_flags);
  if (fd < 0)
    return lc_err_set (err, -fd, "open '%s' in the container root", path);
  return fd;
}

static int
create_component (int dirfd, const char *name, bool dir)
{
  int fd;

  if (dir)
    return mkdirat (dirfd, name, 0755) < 0 && errno != EEXIST ? -errno : 0;
  /* O_EXCL|O_NOFOLLOW: an existing name, even a symlink, is left alone. */
  fd = openat (dirfd, name,
               O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0)
    return errno == EEXIST ? 0 : -errno;
  lc_close (fd);
  return 0;
}

int
lc_mkdir_in_root (int rootfd, const char *path, bool last_is_dir,
                  struct lc_err *err)
{
  cleanup_close int dirfd = -1;
  cleanup_free char *buf = NULL;
  size_t i = 0, n = strlen (path);
  int fd, r;

  fd = open_in_root (rootfd, path, O_PATH);
  if (fd >= 0)
    return lc_close (fd), 0;
  if (fd != -ENOENT)
    return lc_err_set (err, -fd, "open '%s' in the container root", path);
  dirfd = fcntl (rootfd, F_DUPFD_CLOEXEC, 3);
  if (dirfd < 0)
    return lc_err_set (err, errno, "dup");
  /* One component at a time; buf cut after it is both the component
   * (from start) and the prefix to reopen inside the root. */
  buf = lc_xstrdup (path);
  while (i < n)
    {
      size_t start, j;
      bool last;

      while (i < n && path[i] == '/')
        i++;
      if (i == n)
        break;
      for (start = i; i < n && path[i] != '/'; i++)
        ;
      for (j = i; j < n && path[j] == '/'; j++)
        ;
      last = j == n;
      buf[i] = '\0';
      r = create_component (dirfd, buf + start, !last || last_is_dir);
      if (r < 0)
        return lc_err_set (err, -r, "create '%s' in the container root", buf);
      if (last)
        break;
      fd = open_in_root (rootfd, buf, O_PATH | O_DIRECTORY);
      if (fd < 0)
        return lc_err_set (err, -fd, "open '%s' in the container root", buf);
      lc_close (dirfd);
      dirfd = fd;
      buf[i] = path[i];
    }
  return 0;
}

/* ---- mount primitives ------------------------------------------------ */

static int
clone_tree (int dirfd, const char *path, bool recursive, struct lc_err *err)
{
  unsigned flags = OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC;
  int fd;

  if (recursive)
    flags |= AT_RECURSIVE;
  if (!path || !*path)
    {
      path = "";
      flags |= AT_EMPTY_PATH;
    }
  fd = open_tree (dirfd, path, flags);
  if (fd < 0)
    return lc_err_set (err, errno, "bind '%s'", *path ? path : "(fd)");
  return fd;
}

static int
attach_tree (int tree, int destfd, struct lc_err *err)
{
  if (move_mount (tree, "", destfd, "",
                  MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH)
      < 0)
    return lc_err_set (err, errno, "move_mount");
  return 0;
}

/* A bind source as given, or taken against the bundle when relative. */
static char *
bind_source_path (const char *source, const char *bundle)
{
  if (source[0] == '/' || !bundle)
    return lc_xstrdup (source);
  return lc_xasprintf ("%s/%s", bundle, source);
}

int
lc_mount_bind_source (const struct lc_mount *m, const char *bundle,
                      bool recursive, char **ret_src, struct lc_err *err)
{
  cleanup_free char *src = NULL;
  int fd;

  if (!m->source)
    return lc_err_setx (err, EINVAL, "a bind mount needs a source");
  src = bind_source_path (m->source, bundle);
  fd = clone_tree (AT_FDCWD, src, recursive, err);
  if (fd < 0)
    return lc_err_set (err, -fd, "bind source '%s'", src);
  *ret_src = TAKE_PTR (src);
  return fd;
}

int
lc_mount_bind_fd (int srcdirfd, const char *src, int destfd, bool recursive,
                  struct lc_err *err)
{
  cleanup_close int tree = clone_tree (srcdirfd, src, recursive, err);
  if (tree < 0)
    return tree;
  return attach_tree (tree, destfd, err);
}

/* mount_setattr; in a user namespace, flags inherited from a more
 * privileged mount are locked, so on EPERM retry without clearing
 * nosuid/nodev/noexec or changing atime (keeping what is locked). */
static int
set_attr (int fd, bool recursive, struct mount_attr *a, bool in_userns,
          struct lc_err *err)
{
  unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);

  if (!a->attr_set && !a->attr_clr && !a->propagation && !a->userns_fd)
    return 0;
  if (mount_setattr (fd, "", flags, a, sizeof *a) == 0)
    return 0;
  if (errno == EPERM && in_userns)
    {
      struct mount_attr b = *a;
      b.attr_clr &= ~(uint64_t) (MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV
                                 | MOUNT_ATTR_NOEXEC | MOUNT_ATTR__ATIME
                                 | MOUNT_ATTR_NODIRATIME);
      b.attr_set &= ~(uint64_t) MOUNT_ATTR__ATIME;
      if (mount_setattr (fd, "", flags, &b, sizeof b) == 0)
        return 0;
      errno = EPERM;
    }
  return lc_err_set (err, errno, "mount_setattr");
}

/* Propagation and the recursive r* attributes, on an attached mount. */
static int
set_post_attrs (int fd, const struct lc_mount_flags *f, bool in_userns,
                struct lc_err *err)
{
  struct mount_attr a = { .attr_set = f->attr_set, .attr_clr = f->attr_clr };
  int r = set_attr (fd, true, &a, in_userns, err);
  if (r < 0 || !f->propagation)
    return r;
  memset (&a, 0, sizeof a);
  a.propagation = f->propagation & PROP_MASK;
  return set_attr (fd, (f->propagation & MS_REC) != 0, &a, in_userns, err);
}

/* ---- applying one mount ---------------------------------------------- */

struct apply_ctx
{
  int rootfd;
  const char *bundle;
  bool in_userns;
  const int *premade; /* idmapped trees by mount index (-1: none), or NULL */
  size_t index;       /* the mount being applied */
  const char **field; /* set by a refusal that names a field of the mount */
};

static bool
under_proc_or_sys (const char *dest)
{
  return lc_path_within (dest, "/proc") || lc_path_within (dest, "/sys");
}

/* A bind on /proc must bring a procfs, from its root (as runc): an empty
 * or fake directory there would take the writes the runtime makes into
 * /proc later (LSM labels, oom_score_adj) and hide what maskedPaths must
 * mask. */
static int
check_proc_source (int tree, const char *src, const struct stat *st,
                   struct lc_err *err)
{
  struct statfs sf;

  /* the tree about to be attached, not the path again */
  if (fstatfs (tree, &sf) < 0)
    return lc_err_set (err, errno, "bind source '%s'", src);
  if (sf.f_type != PROC_SUPER_MAGIC || st->st_ino != 1)
    return lc_err_setx (err, EINVAL,
                        "bind source '%s' is not the root of a procfs: only "
                        "a proc filesystem may be mounted on /proc",
                        src);
  return 0;
}

enum proc_rel
{
  PROC_NONE,
  PROC_ITSELF,  /* the rootfs' proc directory (or what is mounted on it) */
  PROC_BENEATH, /* inside the procfs mounted there */
};

/* Where the opened destination is relative to the rootfs' /proc, by inode
 * once resolved: a destination string can name /proc through the image's
 * symlinks ("/p", with p -> proc), which no check of the string sees. */
static int
proc_relation (int destfd, const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_close int procfd
      = openat (c->rootfd, "proc", O_PATH | O_NOFOLLOW | O_CLOEXEC);
  struct stat d, p;
  struct statfs sf;

  if (procfd < 0)
    return errno == ENOENT
               ? PROC_NONE
               : lc_err_set (err, errno, "open '/proc' in the container root");
  if (fstat (procfd, &p) < 0 || fstat (destfd, &d) < 0)
    return lc_err_set (err, errno, "fstat");
  if (d.st_dev != p.st_dev)
    return PROC_NONE;
  if (d.st_ino == p.st_ino)
    return PROC_ITSELF;
  /* same device as a plain proc directory: just the rootfs */
  if (fstatfs (procfd, &sf) < 0)
    return lc_err_set (err, errno, "statfs '/proc' in the container root");
  return sf.f_type == PROC_SUPER_MAGIC ? PROC_BENEATH : PROC_NONE;
}

/* The /proc rules of validate.c, on what the destination resolved to:
 * /proc takes only a procfs (type "proc", or a bind whose tree, 'tree',
 * is a procfs root), and the procfs there is reached only by a path that
 * names /proc (those validate.c limited to lxcfs's files). */
static int
check_proc_dest (const struct lc_mount *m, int destfd, int tree,
                 const char *src, const struct stat *st,
                 const struct apply_ctx *c, struct lc_err *err)
{
  int rel = proc_relation (destfd, c, err);

  if (rel < 0)
    return rel;
  if (rel == PROC_BENEATH && !lc_path_within (m->destination, "/proc"))
    {
      *c->field = "destination";
      return lc_err_setx (err, EINVAL,
                          "'%s' resolves inside /proc through a symlink "
                          "(mounts there must name /proc)",
                          m->destination);
    }
  if (rel != PROC_ITSELF)
    return 0;
  if (tree >= 0)
    return check_proc_source (tree, src, st, err);
  if (strcmp (m->type, "proc") == 0)
    return 0;
  *c->field = "destination";
  return lc_err_setx (err, EINVAL,
                      "'%s' resolves to /proc, where only a proc filesystem "
                      "may be mounted, got '%s'",
                      m->destination, m->type);
}

/* Create the destination if missing and open it (O_PATH).  Beneath /proc
 * and /sys no symlink at all may be crossed: procfs and sysfs targets are
 * what a malicious image would try to redirect. */
static int
open_dest (const char *dest, bool file, const struct apply_ctx *c,
           struct lc_err *err)
{
  uint64_t resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
  int fd, r;

  if (under_proc_or_sys (dest))
    {
      resolve |= RESOLVE_NO_SYMLINKS;
      fd = openat2_retry (c->rootfd, rel_path (dest), O_PATH | O_CLOEXEC,
                          resolve);
      if (fd == -ELOOP)
        return lc_err_setx (err, ELOOP,
                            "destination '%s' crosses a symlink beneath "
                            "/proc or /sys, refused",
                            dest);
      if (fd >= 0)
        return fd;
    }
  r = lc_mkdir_in_root (c->rootfd, dest, !file, err);
  if (r < 0)
    return r;
  fd = openat2_retry (c->rootfd, rel_path (dest), O_PATH | O_CLOEXEC, resolve);
  if (fd < 0)
    return lc_err_set (err, -fd, "open destination '%s'", dest);
  return fd;
}

static char *
fd_path (int fd)
{
  return lc_xasprintf ("/proc/self/fd/%d", fd);
}

/* Clone 'host' recursively onto destfd with the mount's flags (applied to
 * every submount), read-only when force_ro. */
static int
bind_host_tree (const char *host, int destfd, const struct lc_mount_flags *f,
                bool force_ro, const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_close int tree = clone_tree (AT_FDCWD, host, true, err);
  struct mount_attr a;
  int r;

  if (tree < 0)
    return tree;
  lc_mount_flags_to_attr (f, &a);
  if (force_ro)
    {
      a.attr_set |= MOUNT_ATTR_RDONLY;
      a.attr_clr &= ~(uint64_t) MOUNT_ATTR_RDONLY;
    }
  r = set_attr (tree, true, &a, c->in_userns, err);
  if (r >= 0)
    r = attach_tree (tree, destfd, err);
  if (r >= 0)
    r = set_post_attrs (tree, f, c->in_userns, err);
  if (r < 0)
    lc_err_prefix (err, "bind '%s'", host);
  return r;
}

static const char *
host_cgroup2 (void)
{
  static const char *const paths[]
      = { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" };
  struct statfs sf;
  for (size_t i = 0; i < 2; i++)
    if (statfs (paths[i], &sf) == 0 && sf.f_type == CGROUP2_SUPER_MAGIC)
      return paths[i];
  return paths[0];
}

/* A "cgroup" mount becomes cgroup2.  When the kernel refuses a new
 * instance (a user namespace without a cgroup namespace, say), bind the
 * host's cgroup2 hierarchy read-only instead. */
static int
mount_cgroup (int destfd, const struct lc_mount_flags *f,
              const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_free char *path = fd_path (destfd);
  unsigned long flags = f->set & ~(unsigned long) MS_REMOUNT;

  if (mount ("cgroup2", path, "cgroup2", flags, f->data) == 0)
    return 1; /* mounted; the caller opens the new mount */
  return bind_host_tree (host_cgroup2 (), destfd, f, true, c, err);
}

/* mount(2); in a user namespace where gid 5 (tty) has no mapping,
 * devpts refuses "gid=5": retry without gid= rather than fail. */
static int
mount_data (const struct lc_mount *m, const char *path, unsigned long flags,
            const char *data, bool in_userns)
{
  cleanup_free char *rest = NULL;
  const char *src = m->source ? m->source : m->type;
  int e;

  if (mount (src, path, m->type, flags, data) == 0)
    return 0;
  e = errno;
  if (e != EINVAL || !in_userns || strcmp (m->type, "devpts") != 0 || !data
      || (strncmp (data, "gid=", 4) != 0 && !strstr (data, ",gid=")))
    return -1;
  rest = lc_xstrdup ("");
  for (const char *p = data; p && *p;)
    {
      const char *end = strchrnul (p, ',');
      if (strncmp (p, "gid=", 4) != 0)
        {
          char *next = lc_xasprintf ("%s%s%.*s", rest, *rest ? "," : "",
                                     (int) (end - p), p);
          free (rest);
          rest = next;
        }
      p = *end ? end + 1 : end;
    }
  if (mount (src, path, m->type, flags, rest) == 0)
    return 0;
  errno = e;
  return -1;
}

static int
mount_fs (const struct lc_mount *m, const struct lc_mount_flags *f,
          const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_close int destfd = -1, copyfd = -1, newfd = -1;
  cleanup_free char *path = NULL;
  unsigned long flags = f->set;
  int r;

  destfd = open_dest (m->destination, false, c, err);
  if (destfd < 0)
    return destfd;
  r = check_proc_dest (m, destfd, -1, NULL, NULL, c, err);
  if (r < 0)
    return r;
  path = fd_path (destfd);
  if (strcmp (m->type, "cgroup") == 0 || strcmp (m->type, "cgroup2") == 0)
    {
      r = mount_cgroup (destfd, f, c, err);
      if (r <= 0)
        return r;
    }
  else
    {
      if (f->tmpcopyup)
        {
          copyfd = open_in_root (c->rootfd, m->destination,
                                 O_RDONLY | O_DIRECTORY);
          flags &= ~(unsigned long) MS_RDONLY; /* until the copy is done */
        }
      if (mount_data (m, path, flags, f->data, c->in_userns) < 0)
        {
          int e = errno;
          const char *host = NULL;
          /* Without a net (ipc) namespace of its own a user namespace may
           * not mount sysfs (mqueue): bind the host's instead. */
          if (c->in_userns && (e == EPERM || e == EACCES))
            host = strcmp (m->type, "sysfs") == 0    ? "/sys"
                   : strcmp (m->type, "mqueue") == 0 ? "/dev/mqueue"
                                                     : NULL;
          if (!host)
            return lc_err_set (err, e, "mount '%s'", m->type);
          r = bind_host_tree (host, destfd, f, false, c, err);
          if (r < 0)
            lc_err_prefix (err, "mount '%s': %s; instead", m->type,
                           strerror (e));
          return r;
        }
    }
  newfd = lc_open_in_root (c->rootfd, m->destination, 0, err);
  if (newfd < 0)
    return newfd;
  if (copyfd >= 0)
    {
      struct mount_attr a = { .attr_set = MOUNT_ATTR_RDONLY };
      r = lc_rootfs_copy_up (copyfd, newfd, f->data, err);
      if (r >= 0 && (f->set & MS_RDONLY))
        r = set_attr (newfd, false, &a, c->in_userns, err);
      if (r < 0)
        return r;
    }
  return set_post_attrs (newfd, f, c->in_userns, err);
}

static int
mount_bind (const struct lc_mount *m, const struct lc_mount_flags *f,
            const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_close int destfd = -1, owned = -1, userns = -1;
  cleanup_free char *src = NULL;
  bool premade = c->premade && c->premade[c->index] >= 0;
  struct mount_attr a;
  struct stat st;
  int tree, r;

  if (!m->source)
    return lc_err_setx (err, EINVAL, "a bind mount needs a source");
  /* An idmapped tree the parent made (it has the privilege over the
   * source filesystem that our user namespace lacks); borrowed, the
   * caller closes it. */
  if (premade)
    {
      src = bind_source_path (m->source, c->bundle);
      tree = c->premade[c->index];
    }
  else
    {
      owned
          = lc_mount_bind_source (m, c->bundle, f->recursive_bind, &src, err);
      if (owned < 0)
        return owned;
      tree = owned;
    }
  if (fstat (tree, &st) < 0)
    return lc_err_set (err, errno, "bind source '%s'", src);
  destfd = open_dest (m->destination, !S_ISDIR (st.st_mode), c, err);
  if (destfd < 0)
    return destfd;
  r = check_proc_dest (m, destfd, tree, src, &st, c, err);
  if (r < 0)
    return r;
  if (lc_idmap_wanted (m, f) && !premade)
    {
      userns = lc_idmap_userns (m, err);
      if (userns < 0)
        return userns;
      r = lc_idmap_set (tree, f->recursive_idmap, userns, src, err);
      if (r < 0)
        return r;
    }
  /* Flags go on the detached tree: it is never visible writable. */
  lc_mount_flags_to_attr (f, &a);
  r = set_attr (tree, false, &a, c->in_userns, err);
  if (r < 0)
    {
      lc_err_prefix (err, "bind '%s'", src);
      return r;
    }
  r = attach_tree (tree, destfd, err);
  if (r < 0)
    {
      lc_err_prefix (err, "bind '%s'", src);
      return r;
    }
  return set_post_attrs (tree, f, c->in_userns, err);
}

/* "remount": change the flags of what is already mounted there. */
static int
mount_remount (const struct lc_mount *m, const struct lc_mount_flags *f,
               bool bind, const struct apply_ctx *c, struct lc_err *err)
{
  cleanup_close int fd = lc_open_in_root (c->rootfd, m->destination, 0, err);
  cleanup_free char *path = NULL;
  unsigned long flags = f->set | (bind ? MS_BIND : 0);

  if (fd < 0)
    return fd;
  path = fd_path (fd);
  if (mount (NULL, path, NULL, flags, f->data) < 0)
    return lc_err_set (err, errno, "remount");
  lc_close (fd);
  fd = lc_open_in_root (c->rootfd, m->destination, 0, err);
  if (fd < 0)
    return fd;
  return set_post_attrs (fd, f, c->in_userns, err);
}

static int
apply_one (const struct lc_mount *m, const struct lc_mount_flags *f,
           const struct apply_ctx *c, struct lc_err *err)
{
  bool bind = lc_mount_is_bind (m);

  if (f->set & MS_REMOUNT)
    return mount_remount (m, f, bind, c, err);
  if (bind)
    return mount_bind (m, f, c, err);
  if (!m->type)
    return lc_err_setx (err, EINVAL, "type: required unless bind");
  if (f->idmap)
    return lc_err_setx (err, EINVAL, "idmap: only for bind mounts");
  return mount_fs (m, f, c, err);
}

int
lc_mounts_apply (const struct lc_spec *spec, int rootfd, const char *bundle,
                 bool in_userns, const int *premade, struct lc_err *err)
{
  const char *field = NULL;
  struct apply_ctx c = { rootfd, bundle, in_userns, premade, 0, &field };

  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct lc_mount *m = &spec->mounts[i];
      __attribute__ ((cleanup (flags_cleanup))) struct lc_mount_flags f
          = { 0 };
      cleanup_free char *opath = lc_xasprintf ("mounts[%zu].options", i);
      int r;

      if (!m->destination || !m->destination[0])
        return lc_err_setx (err, EINVAL, "mounts[%zu].destination: missing",
                            i);
      r = lc_mount_parse_options (m->options, opath, &f, err);
      if (r < 0)
        return r;
      c.index = i;
      r = apply_one (m, &f, &c, err);
      if (r < 0 && field)
        lc_err_prefix (err, "mounts[%zu].%s", i, field);
      else if (r < 0)
        lc_err_prefix (err, "mounts[%zu] ('%s')", i, m->destination);
      if (r < 0)
        return r;
    }
  return 0;
}
