/* cgroup.c - the container's cgroup v2: discovery of the cgroup2 mount
 * (pure v2 or hybrid), the path, creation with the controllers the
 * resources need, placement, freeze, signal, pids and removal.  Limits are
 * written by cgroup_apply.c, the device program by cgroup_devices.c.
 *
 * Every file is opened relative to the cgroup's dirfd without following a
 * symlink; the dirfd itself is resolved beneath the mount with openat2
 * (RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS). */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "log.h"
#include "util.h"

/* --- small file helpers -------------------------------------------------- */

int
lc_cgroup_open_beneath (int dirfd, const char *path, int flags)
{
  struct open_how how = { .flags = (uint64_t) (flags | O_CLOEXEC),
                          .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS
                                     | RESOLVE_NO_MAGICLINKS };
  long fd;

  while (*path == '/')
    path++;
  if (*path == '\0')
    path = ".";
  fd = syscall (SYS_openat2, dirfd, path, &how, sizeof how);
  if (fd < 0 && errno == ENOSYS)
    fd = openat (dirfd, path, flags | O_CLOEXEC | O_NOFOLLOW);
  return fd < 0 ? -errno : (int) fd;
}

int
lc_cgroup_read_small (int dirfd, const char *name, char **ret)
{
  return lc_read_file_at (dirfd, name, 1 << 20, ret, NULL, NULL);
}

/* Whether a space-separated list (cgroup.controllers) has word. */
static bool
has_word (const char *list, const char *word)
{
  size_t n = strlen (word);
  for (const char *p = list; p && (p = strstr (p, word)); p += n)
    if ((p == list || p[-1] == ' ')
        && (p[n] == ' ' || p[n] == '\n' || p[n] == '\0'))
      return true;
  return false;
}

/* "key value" line of a flat-keyed file (cgroup.events, memory.events). */
bool
lc_cgroup_keyed_value (const char *text, const char *key,
                       unsigned long long *ret)
{
  size_t n = strlen (key);
  for (const char *p = text; p && *p; p = strchr (p, '\n'), p = p ? p + 1 : p)
    if (strncmp (p, key, n) == 0 && p[n] == ' ')
      {
        *ret = strtoull (p + n + 1, NULL, 10);
        return true;
      }
  return false;
}

int
lc_cgroup_read_keyed (int dirfd, const char *file, const char *key,
                      unsigned long long *ret)
{
  cleanup_free char *buf = NULL;
  int r = lc_cgroup_read_small (dirfd, file, &buf);
  if (r < 0)
    return r;
  return lc_cgroup_keyed_value (buf, key, ret) ? 0 : -ENOENT;
}

/* --- discovery ----------------------------------------------------------- */

static void
unescape_mountinfo (char *s)
{
  char *d = s;
  for (; *s; s++)
    if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] && s[3])
      {
        *d++ = (char) (((s[1] - '0') << 6) | ((s[2] - '0') << 3)
                       | (s[3] - '0'));
        s += 3;
      }
    else
      *d++ = *s;
  *d = '\0';
}

int
lc_cgroup_find_mount (char **ret_mount, struct lc_err *err)
{
  cleanup_free char *buf = NULL;
  cleanup_free char *best = NULL;
  bool v1 = false;
  char *save = NULL;
  int r;

  r = lc_read_file_at (AT_FDCWD, "/proc/self/mountinfo", 16 << 20, &buf, NULL,
                       err);
  if (r < 0)
    return r;
  for (char *line = strtok_r (buf, "\n", &save); line;
       line = strtok_r (NULL, "\n", &save))
    {
      char mnt[4096], fstype[64];
      char *sep = strstr (line, " - ");
      if (!sep || sscanf (line, "%*s %*s %*s %*s %4095s", mnt) != 1
          || sscanf (sep + 3, "%63s", fstype) != 1)
        continue;
      unescape_mountinfo (mnt);
      if (strcmp (fstype, "cgroup") == 0)
        v1 = true;
      if (strcmp (fstype, "cgroup2") != 0)
        continue;
      /* /sys/fs/cgroup itself wins over a hybrid .../unified. */
      if (!best || strcmp (mnt, "/sys/fs/cgroup") == 0)
        {
          free (best);
          best = lc_xstrdup (mnt);
        }
    }
  if (!best)
    return lc_err_setx (err, ENOENT,
                        v1 ? "this host has only cgroup v1 hierarchies; hull "
                             "needs a cgroup2 mount (unified or hybrid)"
                           : "no cgroup2 filesystem is mounted");
  *ret_mount = TAKE_PTR (best);
  return 0;
}

/* Whether a v2 controller is bound to a v1 hierarchy (/proc/cgroups). */
static bool
bound_to_v1 (const char *ctrl)
{
  cleanup_free char *buf = NULL;
  const char *v1name = strcmp (ctrl, "io") == 0 ? "blkio" : ctrl;
  char *save = NULL;

  if (lc_read_file_at (AT_FDCWD, "/proc/cgroups", 1 << 16, &buf, NULL, NULL)
      < 0)
    return false;
  for (char *l = strtok_r (buf, "\n", &save); l;
       l = strtok_r (NULL, "\n", &save))
    {
      char name[64];
      int hier;
      if (sscanf (l, "%63s %d", name, &hier) == 2
          && strcmp (name, v1name) == 0)
        return hier != 0;
    }
  return false;
}

static const char *const controller_fields[LC_CGROUP_N_CONTROLLERS]
    = { "linux.resources.memory",        "linux.resources.cpu",
        "linux.resources.cpu.cpus/mems", "linux.resources.pids",
        "linux.resources.blockIO",       "linux.resources.hugepageLimits",
        "linux.resources.rdma" };

/* Every controller in 'need' must be listed in the cgroup.controllers of
 * dirfd; the error names the field and says when v1 holds it. */
static int
check_controllers (int dirfd, unsigned need, const char *where,
                   struct lc_err *err)
{
  cleanup_free char *avail = NULL;
  int r;

  if (!need)
    return 0;
  r = lc_cgroup_read_small (dirfd, "cgroup.controllers", &avail);
  if (r < 0)
    return lc_err_set (err, -r, "read '%s/cgroup.controllers'", where);
  for (unsigned i = 0; i < LC_CGROUP_N_CONTROLLERS; i++)
    {
      const char *c = lc_cgroup_controller_name (i);
      if (!(need & (1u << i)) || has_word (avail, c))
        continue;
      if (bound_to_v1 (c))
        return lc_err_setx (err, EOPNOTSUPP,
                            "%s: the %s controller is bound to a cgroup v1 "
                            "hierarchy on this host (hybrid cgroups); hull "
                            "applies limits through cgroup v2 only",
                            controller_fields[i], c);
      return lc_err_setx (err, EOPNOTSUPP,
                          "%s: the %s controller is not available in '%s'",
                          controller_fields[i], c, where);
    }
  return 0;
}

/* --- paths --------------------------------------------------------------- */

int
lc_cgroup_of_pid (pid_t pid, char **ret, struct lc_err *err)
{
  static const char deleted[] = " (deleted)";
  char file[64];
  cleanup_free char *buf = NULL;
  char *p;
  int r;

  if (pid > 0)
    snprintf (file, sizeof file, "/proc/%d/cgroup", (int) pid);
  else
    snprintf (file, sizeof file, "/proc/self/cgroup");
  r = lc_read_file_at (AT_FDCWD, file, 1 << 16, &buf, NULL, err);
  if (r < 0)
    return r;
  for (p = buf; p; p = strchr (p, '\n'), p = p ? p + 1 : NULL)
    if (strncmp (p, "0::/", 4) == 0)
      {
        size_t n = strcspn (p + 3, "\n");
        /* a cgroup removed under the process: one we cannot build on */
        if (n >= sizeof deleted - 1
            && memcmp (p + 3 + n - (sizeof deleted - 1), deleted,
                       sizeof deleted - 1)
                   == 0)
          n -= sizeof deleted - 1;
        *ret = strndup (p + 3, n);
        return *ret ? 0 : lc_err_set (err, ENOMEM, "read '%s'", file);
      }
  return lc_err_setx (err, ENOENT, "no cgroup v2 entry in '%s'", file);
}

/* The caller's own cgroup. */
static int
own_cgroup (char **ret, struct lc_err *err)
{
  return lc_cgroup_of_pid (0, ret, err);
}

/* Normalised "/a/b": no empty, "." or ".." components. */
static int
normalize_path (const char *in, char **ret, struct lc_err *err)
{
  cleanup_free char *copy = lc_xstrdup (in);
  char *out = lc_xcalloc (1, strlen (in) + 2);
  char *save = NULL;

  for (char *c = strtok_r (copy, "/", &save); c;
       c = strtok_r (NULL, "/", &save))
    {
      if (strcmp (c, ".") == 0 || strcmp (c, "..") == 0)
        {
          free (out);
          return lc_err_setx (err, EINVAL,
                              "linux.cgroupsPath: '%s' has a '%s' component",
                              in, c);
        }
      strcat (out, "/");
      strcat (out, c);
    }
  if (!out[0])
    strcpy (out, "/");
  *ret = out;
  return 0;
}

static int
resolve_path (const struct lc_spec *spec, const char *id, bool rootless,
              char **ret, struct lc_err *err)
{
  const char *cp = spec ? spec->cgroups_path : NULL;
  cleanup_free char *own = NULL;
  cleanup_free char *joined = NULL;
  int r;

  if (cp && *cp && cp[0] != '/' && strchr (cp, ':') && !strchr (cp, '/'))
    return lc_err_setx (err, EINVAL,
                        "linux.cgroupsPath: '%s' is a systemd "
                        "slice:prefix:name; hull places it only with "
                        "--systemd-cgroup",
                        cp);
  if (cp && cp[0] == '/')
    return normalize_path (cp, ret, err);
  if ((cp && *cp) || rootless)
    {
      r = own_cgroup (&own, err);
      if (r < 0)
        return r;
    }
  if (cp && *cp)
    joined = lc_xasprintf ("%s/%s", own, cp);
  else if (rootless)
    joined = lc_xasprintf ("%s/hull-%s", own, id);
  else
    joined = lc_xasprintf ("/hull/%s", id);
  r = normalize_path (joined, ret, err);
  if (r == 0 && strcmp (*ret, "/") == 0)
    {
      free (*ret);
      return lc_err_setx (err, EINVAL,
                          "linux.cgroupsPath: the root cgroup "
                          "cannot hold a container");
    }
  return r;
}

/* --- create -------------------------------------------------------------- */

/* "+memory +pids" into the subtree_control of every ancestor of path that
 * lacks them (mount root first). */
static int
enable_controllers (int mountfd, const char *path, unsigned need,
                    struct lc_err *err)
{
  cleanup_free char *prefix = lc_xcalloc (1, strlen (path) + 2);
  const char *p = path;

  if (!need)
    return 0;
  for (;;)
    {
      cleanup_close int fd = -1;
      cleanup_free char *have = NULL;
      size_t n;

      fd = lc_cgroup_open_beneath (mountfd, prefix[0] ? prefix : "/",
                                   O_RDONLY | O_DIRECTORY);
      if (fd < 0)
        return lc_err_set (err, -fd, "open cgroup '%s'", prefix);
      if (lc_cgroup_read_small (fd, "cgroup.subtree_control", &have) < 0)
        have = lc_xstrdup ("");
      for (unsigned i = 0; i < LC_CGROUP_N_CONTROLLERS; i++)
        {
          const char *c = lc_cgroup_controller_name (i);
          char word[32];
          int r;
          if (!(need & (1u << i)) || has_word (have, c))
            continue;
          snprintf (word, sizeof word, "+%s", c);
          r = lc_write_file_at (fd, "cgroup.subtree_control", word,
                                strlen (word), NULL);
          if (r == -EBUSY)
            return lc_err_setx (err, EBUSY,
                                "enable the %s controller in '%s': the cgroup "
                                "holds processes (cgroup v2 enables "
                                "controllers only for cgroups without them)",
                                c, prefix[0] ? prefix : "/");
          if (r < 0)
            return lc_err_set (err, -r, "enable the %s controller in '%s'", c,
                               prefix[0] ? prefix : "/");
        }
      /* next component; stop before the leaf */
      while (*p == '/')
        p++;
      n = strcspn (p, "/");
      if (p[n] == '\0')
        return 0;
      strcat (prefix, "/");
      strncat (prefix, p, n);
      p += n;
    }
}

/* mkdir each component; *ret_first_new is the length of the path prefix
 * that existed before (so rollback removes only what we made). */
static int
make_path (int mountfd, const char *path, size_t *ret_existing,
           struct lc_err *err)
{
  cleanup_free char *cur = lc_xcalloc (1, strlen (path) + 1);
  const char *p = path;
  bool made = false;

  *ret_existing = strlen (path);
  while (*p)
    {
      cleanup_close int parent = -1;
      size_t n;
      const char *name;

      while (*p == '/')
        p++;
      n = strcspn (p, "/");
      if (n == 0)
        break;
      parent = lc_cgroup_open_beneath (mountfd, cur[0] ? cur : "/",
                                       O_PATH | O_DIRECTORY);
      if (parent < 0)
        return lc_err_set (err, -parent, "open cgroup '%s'", cur);
      strcat (cur, "/");
      strncat (cur, p, n);
      name = strrchr (cur, '/') + 1;
      if (mkdirat (parent, name, 0755) == 0)
        {
          if (!made)
            *ret_existing = strlen (cur) - n - 1;
          made = true;
        }
      else if (errno != EEXIST)
        return lc_err_set (err, errno, "create cgroup '%s'", cur);
      p += n;
    }
  return 0;
}

/* rmdir path and its parents down to (not including) the first keep
 * bytes of it; stops quietly at the first that is busy. */
void
lc_cgroup_remove_path (int mountfd, const char *path, size_t keep)
{
  cleanup_free char *cur = lc_xstrdup (path);
  char *slash;

  while (strlen (cur) > keep && (slash = strrchr (cur, '/')))
    {
      cleanup_close int parent = -1;
      *slash = '\0';
      parent = lc_cgroup_open_beneath (mountfd, cur[0] ? cur : "/",
                                       O_PATH | O_DIRECTORY);
      if (parent < 0 || unlinkat (parent, slash + 1, AT_REMOVEDIR) < 0)
        return;
    }
}

static int
writable (int mountfd, const char *path)
{
  cleanup_close int fd
      = lc_cgroup_open_beneath (mountfd, path, O_PATH | O_DIRECTORY);
  if (fd < 0)
    return fd;
  if (faccessat (fd, ".", W_OK, AT_EACCESS) < 0
      || faccessat (fd, "cgroup.procs", W_OK, AT_EACCESS) < 0)
    return -errno;
  return 0;
}

/* The cgroup2 mount (*ret_mount) and an O_PATH fd on it; -errno. */
static int
open_mount (char **ret_mount, struct lc_err *err)
{
  int r = lc_cgroup_find_mount (ret_mount, err);
  if (r < 0)
    return r;
  r = open (*ret_mount, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (r < 0)
    return lc_err_set (err, errno, "open '%s'", *ret_mount);
  return r;
}

bool
lc_cgroup_has_controller (const char *name)
{
  cleanup_free char *mount = NULL;
  cleanup_free char *avail = NULL;
  cleanup_close int mountfd = -1;

  mountfd = open_mount (&mount, NULL);
  return mountfd >= 0
         && lc_cgroup_read_small (mountfd, "cgroup.controllers", &avail) >= 0
         && has_word (avail, name);
}

bool
lc_cgroup_own_writable (void)
{
  cleanup_free char *mount = NULL;
  cleanup_free char *own = NULL;
  cleanup_close int mountfd = -1;

  if (own_cgroup (&own, NULL) < 0)
    return false;
  mountfd = open_mount (&mount, NULL);
  return mountfd >= 0 && writable (mountfd, own) == 0;
}

/* linux.devices entries are allowed in the device program, after the
 * resource rules (a device the config creates is meant to be usable). */
static void
device_rules (const struct lc_spec *spec, const struct lc_cgroup_resources *r,
              struct lc_device_rule **ret, size_t *ret_n)
{
  size_t nd = spec ? spec->n_devices : 0, n = 0;
  struct lc_device_rule *v = lc_xcalloc (r->n_devices + nd + 1, sizeof *v);

  for (size_t i = 0; i < r->n_devices; i++)
    v[n++] = r->devices[i];
  for (size_t i = 0; i < nd; i++)
    {
      const struct lc_device *d = &spec->devices[i];
      if (d->type == 'p')
        continue;
      v[n] = (struct lc_device_rule){ true, d->type == 'b' ? 'b' : 'c',
                                      d->major, d->minor, "rwm" };
      n++;
    }
  *ret = v;
  *ret_n = n;
}

/* A rootless caller without a usable cgroup: go on without one, unless
 * resources were asked for. */
static int
no_delegation (const struct lc_cgroup_resources *res, const char *path, int r,
               struct lc_err *err)
{
  if (lc_cgroup_resources_any (res, true))
    return lc_err_setx (err, EACCES,
                        "linux.resources needs a delegated cgroup: '%s' is "
                        "not writable by this user (%s); delegate one (e.g. "
                        "systemd Delegate=yes, or chown a cgroup to the user) "
                        "and set linux.cgroupsPath inside it",
                        path, strerror (-r));
  /* The caller warns once the container exists (a failing create says
   * one thing only: why it failed). */
  return 0;
}

/* An existing cgroup made the container's: controllers enabled above it
 * (when 'enable'), its dirfd opened, the limits and, as root, the device
 * program applied. */
static int
configure (int mountfd, const struct lc_spec *spec,
           const struct lc_cgroup_resources *res, bool rootless, bool enable,
           struct lc_cgroup *cg, struct lc_err *err)
{
  cleanup_free struct lc_device_rule *rules = NULL;
  size_t n;
  int r = 0;

  if (enable)
    r = enable_controllers (mountfd, cg->path,
                            lc_cgroup_needed_controllers (res), err);
  if (r < 0)
    return r;
  cg->dirfd
      = lc_cgroup_open_beneath (mountfd, cg->path, O_RDONLY | O_DIRECTORY);
  if (cg->dirfd < 0)
    return lc_err_set (err, -cg->dirfd, "open cgroup '%s'", cg->path);
  r = lc_cgroup_apply_full (cg, res, rootless, err);
  if (r < 0 || rootless)
    return r;
  device_rules (spec, res, &rules, &n);
  return lc_cgroup_devices_apply (cg->dirfd, rules, n, err);
}

static int
create_in (int mountfd, const struct lc_spec *spec,
           const struct lc_cgroup_resources *res, bool rootless,
           struct lc_cgroup *cg, struct lc_err *err)
{
  cleanup_free char *parent = lc_xstrdup (cg->path);
  size_t existing;
  int r;

  *strrchr (parent, '/') = '\0';
  if (rootless && (r = writable (mountfd, parent[0] ? parent : "/")) < 0
      && r != -ENOENT)
    return no_delegation (res, parent[0] ? parent : "/", r, err) < 0 ? -EACCES
                                                                     : 1;
  r = make_path (mountfd, cg->path, &existing, err);
  if (r == -EACCES && rootless)
    return no_delegation (res, cg->path, r, err) < 0 ? -EACCES : 1;
  if (r < 0)
    return r;
  r = configure (mountfd, spec, res, rootless, true, cg, err);
  if (r < 0)
    {
      cg->dirfd = lc_close (cg->dirfd);
      lc_cgroup_remove_path (mountfd, cg->path, existing);
    }
  return r;
}

char *
lc_cgroup_plan (const struct lc_spec *spec, const char *id, bool rootless)
{
  struct lc_cgroup cg = { NULL, NULL, -1 };
  char *s = NULL;

  if (lc_cgroup_find_mount (&cg.mount, NULL) >= 0
      && resolve_path (spec, id, rootless, &cg.path, NULL) >= 0)
    s = lc_cgroup_format_state (&cg);
  lc_cgroup_close (&cg);
  return s;
}

int
lc_cgroup_create_full (const struct lc_spec *spec,
                       const struct lc_cgroup_resources *res, const char *id,
                       bool rootless, struct lc_cgroup *ret,
                       struct lc_err *err)
{
  struct lc_cgroup cg = { NULL, NULL, -1 };
  cleanup_close int mountfd = -1;
  int r;

  r = lc_cgroup_resources_validate (res, err);
  if (r < 0)
    return r;
  mountfd = r = open_mount (&cg.mount, err);
  if (r < 0)
    goto fail;
  /* Refuse what this host cannot do before creating anything. */
  r = check_controllers (mountfd, lc_cgroup_needed_controllers (res), cg.mount,
                         err);
  if (r < 0)
    goto fail;
  r = resolve_path (spec, id, rootless, &cg.path, err);
  if (r < 0)
    goto fail;
  r = create_in (mountfd, spec, res, rootless, &cg, err);
  if (r < 0)
    goto fail;
  if (r == 1) /* rootless without a cgroup */
    {
      free (cg.path);
      cg.path = NULL;
    }
  *ret = cg;
  return 0;
fail:
  lc_cgroup_close (&cg);
  return r;
}

int
lc_cgroup_check_host (const struct lc_cgroup_resources *res,
                      struct lc_err *err)
{
  cleanup_free char *mount = NULL;
  cleanup_close int mountfd = -1;
  int r;

  r = lc_cgroup_resources_validate (res, err);
  if (r < 0)
    return r;
  mountfd = r = open_mount (&mount, err);
  if (r < 0)
    return r;
  return check_controllers (mountfd, lc_cgroup_needed_controllers (res), mount,
                            err);
}

int
lc_cgroup_adopt (const struct lc_spec *spec,
                 const struct lc_cgroup_resources *res, const char *path,
                 bool rootless, struct lc_cgroup *ret, struct lc_err *err)
{
  struct lc_cgroup cg = { NULL, NULL, -1 };
  cleanup_close int mountfd = -1;
  int r;

  r = normalize_path (path, &cg.path, err);
  if (r < 0)
    goto fail;
  mountfd = r = open_mount (&cg.mount, err);
  if (r < 0)
    goto fail;
  /* The owner enables what it delegates; hugetlb and rdma, which systemd
   * does not manage, may still be missing above the cgroup. */
  r = configure (mountfd, spec, res, rootless, !rootless, &cg, err);
  if (r < 0)
    goto fail;
  *ret = cg;
  return 0;
fail:
  lc_cgroup_close (&cg);
  return r;
}

int
lc_cgroup_create (const struct lc_spec *spec, const char *id, bool rootless,
                  struct lc_cgroup *ret, struct lc_err *err)
{
  struct lc_cgroup_resources res;
  int r;

  lc_cgroup_resources_from_spec (spec ? &spec->resources : NULL, &res);
  r = lc_cgroup_create_full (spec, &res, id, rootless, ret, err);
  lc_cgroup_resources_clear (&res);
  return r;
}

int
lc_cgroup_apply (const struct lc_cgroup *cg, const struct lc_resources *res,
                 struct lc_err *err)
{
  struct lc_cgroup_resources full;
  int r;

  lc_cgroup_resources_from_spec (res, &full);
  r = lc_cgroup_resources_validate (&full, err);
  if (r >= 0)
    r = lc_cgroup_apply_full (cg, &full, false, err);
  lc_cgroup_resources_clear (&full);
  return r;
}

int
lc_cgroup_ensure_controllers (const struct lc_cgroup *cg, unsigned need,
                              struct lc_err *err)
{
  cleanup_close int mountfd = -1;

  if (!need || !cg->mount || !cg->path)
    return 0;
  mountfd = open (cg->mount, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (mountfd < 0)
    return lc_err_set (err, errno, "open '%s'", cg->mount);
  if (check_controllers (mountfd, need, cg->mount, err) < 0)
    return -EOPNOTSUPP;
  return enable_controllers (mountfd, cg->path, need, err);
}

/* --- open, state form ---------------------------------------------------- */

int
lc_cgroup_open (const char *mount, const char *path, struct lc_cgroup *ret,
                struct lc_err *err)
{
  struct lc_cgroup cg = { NULL, NULL, -1 };
  cleanup_close int mountfd = -1;
  int r;

  mountfd = open (mount, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (mountfd < 0)
    return lc_err_set (err, errno, "open '%s'", mount);
  r = normalize_path (path, &cg.path, err);
  if (r < 0)
    return r;
  cg.dirfd = lc_cgroup_open_beneath (mountfd, cg.path, O_RDONLY | O_DIRECTORY);
  if (cg.dirfd < 0)
    {
      r = lc_err_set (err, -cg.dirfd, "open cgroup '%s%s'", mount, cg.path);
      free (cg.path);
      return r;
    }
  cg.mount = lc_xstrdup (mount);
  *ret = cg;
  return 0;
}

char *
lc_cgroup_format_state (const struct lc_cgroup *cg)
{
  if (!cg || !cg->mount || !cg->path)
    return NULL;
  return lc_xasprintf ("%s:%s", cg->mount, cg->path);
}

int
lc_cgroup_open_state (const char *s, struct lc_cgroup *ret, struct lc_err *err)
{
  cleanup_free char *mount = NULL;
  const char *colon = strchr (s, ':');
  int r;

  if (!colon) /* a bare path: under this host's cgroup2 mount */
    {
      r = lc_cgroup_find_mount (&mount, err);
      if (r < 0)
        return r;
      return lc_cgroup_open (mount, s, ret, err);
    }
  mount = strndup (s, (size_t) (colon - s));
  if (!mount)
    return lc_err_set (err, ENOMEM, "cgroup state");
  return lc_cgroup_open (mount, colon + 1, ret, err);
}

void
lc_cgroup_close (struct lc_cgroup *cg)
{
  if (!cg)
    return;
  free (cg->mount);
  free (cg->path);
  cg->mount = cg->path = NULL;
  cg->dirfd = lc_close (cg->dirfd);
}
