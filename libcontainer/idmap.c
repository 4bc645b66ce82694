/* idmap.c - idmapped bind mounts: the user namespace to map through, and
 * the trees the parent prepares for the init (see idmap.h). */
#include "idmap.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "console.h"
#include "util.h"

bool
lc_idmap_wanted (const struct lc_mount *m, const struct lc_mount_flags *f)
{
  /* Mount-level mappings imply an idmapped mount, as in the spec. */
  return f->idmap || m->n_uid_mappings || m->n_gid_mappings;
}

/* A user namespace for an idmapped mount: the container's own when the
 * mount has no mappings, else a new one holding mounts[i].uidMappings and
 * gidMappings, made by a child that waits until its /proc/ns file is open. */
static int
write_map (const char *pidstr, const char *file, const struct lc_id_map *m,
           size_t n, struct lc_err *err)
{
  cleanup_free char *buf = lc_xstrdup ("");
  cleanup_free char *path = lc_xasprintf ("/proc/%s/%s", pidstr, file);
  for (size_t i = 0; i < n; i++)
    {
      char *next = lc_xasprintf ("%s%u %u %u\n", buf, m[i].container_id,
                                 m[i].host_id, m[i].size);
      free (buf);
      buf = next;
    }
  return lc_write_file_at (AT_FDCWD, path, buf, strlen (buf), err);
}

static int
userns_with_maps (const struct lc_mount *m, struct lc_err *err)
{
  int ready[2], hold[2], fd = -1, r;
  char pidstr[32] = "";
  ssize_t len;
  pid_t pid;

  if (pipe2 (ready, O_CLOEXEC) < 0)
    return lc_err_set (err, errno, "pipe");
  if (pipe2 (hold, O_CLOEXEC) < 0)
    {
      r = lc_err_set (err, errno, "pipe");
      goto out_ready;
    }
  pid = fork ();
  if (pid < 0)
    {
      r = lc_err_set (err, errno, "fork");
      goto out_hold;
    }
  if (pid == 0)
    {
      char c;
      /* Report the pid as the mounted /proc names it (pid namespaces). */
      ssize_t k = readlink ("/proc/self", pidstr, sizeof pidstr - 1);
      if (k <= 0 || unshare (CLONE_NEWUSER) < 0)
        _exit (1);
      (void) !write (ready[1], pidstr, (size_t) k);
      close (ready[1]);
      (void) !read (hold[0], &c, 1);
      _exit (0);
    }
  close (ready[1]);
  ready[1] = -1;
  len = read (ready[0], pidstr, sizeof pidstr - 1);
  if (len <= 0)
    {
      r = lc_err_setx (err, EIO, "idmap: user namespace helper failed");
      goto out_child;
    }
  pidstr[len] = '\0';
  r = write_map (pidstr, "uid_map", m->uid_mappings, m->n_uid_mappings, err);
  if (r >= 0)
    r = write_map (pidstr, "gid_map", m->gid_mappings, m->n_gid_mappings, err);
  if (r >= 0)
    {
      cleanup_free char *p = lc_xasprintf ("/proc/%s/ns/user", pidstr);
      fd = open (p, O_RDONLY | O_CLOEXEC);
      r = fd < 0 ? lc_err_set (err, errno, "open '%s'", p) : fd;
    }
out_child:
  (void) kill (pid, SIGKILL);
  while (waitpid (pid, NULL, 0) < 0 && errno == EINTR)
    ;
out_hold:
  lc_close (hold[0]);
  lc_close (hold[1]);
out_ready:
  lc_close (ready[0]);
  lc_close (ready[1]);
  return r;
}

int
lc_idmap_userns (const struct lc_mount *m, struct lc_err *err)
{
  int fd;

  if (m->n_uid_mappings || m->n_gid_mappings)
    {
      if (!m->n_uid_mappings || !m->n_gid_mappings)
        return lc_err_setx (err, EINVAL,
                            "idmap needs both uidMappings and gidMappings");
      return userns_with_maps (m, err);
    }
  if (!lc_in_user_namespace ())
    return lc_err_setx (err, EINVAL,
                        "idmap without uidMappings/gidMappings needs a user "
                        "namespace");
  fd = open ("/proc/self/ns/user", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return lc_err_set (err, errno, "open '/proc/self/ns/user'");
  return fd;
}

int
lc_idmap_set (int tree, bool recursive, int userns, const char *src,
              struct lc_err *err)
{
  struct mount_attr a
      = { .attr_set = MOUNT_ATTR_IDMAP, .userns_fd = (uint64_t) userns };
  unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);

  if (mount_setattr (tree, "", flags, &a, sizeof a) == 0)
    return 0;
  /* The kernel wants CAP_SYS_ADMIN over the source filesystem's user
   * namespace, which a container's own one never has. */
  return lc_err_set (err, errno, "idmap '%s'%s: mount_setattr", src,
                     errno == EPERM && lc_in_user_namespace ()
                         ? " from inside a user namespace"
                         : "");
}

/* Parse the options of mounts[i] into f; false when it is not a bind. */
static bool
bind_flags (const struct lc_mount *m, struct lc_mount_flags *f)
{
  return lc_mount_is_bind (m)
         && lc_mount_parse_options (m->options, "options", f, NULL) >= 0;
}

size_t
lc_idmap_parent_count (const struct lc_spec *spec, bool in_userns)
{
  size_t n = 0;
  if (in_userns || geteuid () != 0 || !spec->ns[LC_NS_USER].present)
    return 0;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      struct lc_mount_flags f = { 0 };
      if (bind_flags (&spec->mounts[i], &f)
          && lc_idmap_wanted (&spec->mounts[i], &f))
        n++;
      lc_mount_flags_clear (&f);
    }
  return n;
}

static int
prepare_one (const struct lc_mount *m, const struct lc_mount_flags *f,
             const char *bundle, int container_userns, struct lc_err *err)
{
  cleanup_free char *src = NULL;
  cleanup_close int tree = -1, own_userns = -1;
  int userns, r;

  tree = lc_mount_bind_source (m, bundle, f->recursive_bind, &src, err);
  if (tree < 0)
    return tree;
  /* the container's user namespace is borrowed: the caller keeps it */
  userns = container_userns;
  if (m->n_uid_mappings || m->n_gid_mappings)
    {
      userns = own_userns = lc_idmap_userns (m, err);
      if (userns < 0)
        return userns;
    }
  r = lc_idmap_set (tree, f->recursive_idmap, userns, src, err);
  if (r < 0)
    return r;
  return TAKE_FD (tree);
}

int
lc_idmap_prepare (const struct lc_spec *spec, const char *bundle,
                  int container_userns, int *fds, struct lc_err *err)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    fds[i] = -1;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      const struct lc_mount *m = &spec->mounts[i];
      struct lc_mount_flags f = { 0 };
      int r = 0;

      if (bind_flags (m, &f) && lc_idmap_wanted (m, &f))
        r = fds[i] = prepare_one (m, &f, bundle, container_userns, err);
      lc_mount_flags_clear (&f);
      if (r < 0)
        {
          lc_err_prefix (err, "mounts[%zu] ('%s')", i, m->destination);
          lc_idmap_close_all (fds, spec->n_mounts);
          return r;
        }
    }
  return 0;
}

void
lc_idmap_close_all (int *fds, size_t n)
{
  for (size_t i = 0; fds && i < n; i++)
    fds[i] = lc_close (fds[i]);
}

int
lc_idmap_send (int sock, const int *fds, size_t n, struct lc_err *err)
{
  for (size_t i = 0; i < n; i++)
    if (fds[i] >= 0)
      {
        int r = lc_send_fd (sock, fds[i], "M", err);
        if (r < 0)
          return r;
      }
  return 0;
}

int
lc_idmap_recv (int sock, const struct lc_spec *spec, int *fds,
               struct lc_err *err)
{
  for (size_t i = 0; i < spec->n_mounts; i++)
    fds[i] = -1;
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      struct lc_mount_flags f = { 0 };
      bool want = bind_flags (&spec->mounts[i], &f)
                  && lc_idmap_wanted (&spec->mounts[i], &f);
      lc_mount_flags_clear (&f);
      if (want && (fds[i] = lc_recv_fd (sock, err)) < 0)
        {
          int r = fds[i];
          fds[i] = -1;
          lc_idmap_close_all (fds, spec->n_mounts);
          return r;
        }
    }
  return 0;
}
