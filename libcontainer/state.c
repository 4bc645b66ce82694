/* state.c - state directory, lock and state.json. */
#include "state.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "spec.h"
#include "util.h"

#define STATE_FILE "state.json"
/* state.json carries the config's annotations, so it may be about as large
 * as config.json; the writer refuses what the reader would not take back
 * (a container that not even delete --force could read). */
#define STATE_MAX (LC_SPEC_MAX_SIZE + (1u << 20))

static const char *const status_names[] = {
  [LC_STATUS_CREATING] = "creating", [LC_STATUS_CREATED] = "created",
  [LC_STATUS_RUNNING] = "running",   [LC_STATUS_PAUSED] = "paused",
  [LC_STATUS_STOPPED] = "stopped",
};

const char *
lc_status_name (enum lc_status s)
{
  return status_names[s];
}

char *
lc_state_default_root (bool rootless)
{
  const char *xdg;
  if (!rootless)
    return lc_xstrdup ("/run/hull");
  xdg = getenv ("XDG_RUNTIME_DIR");
  if (xdg && xdg[0] == '/')
    return lc_xasprintf ("%s/hull", xdg);
  return lc_xasprintf ("/tmp/hull-%u", (unsigned) geteuid ());
}

static int
mkdir_parents (const char *path)
{
  cleanup_free char *p = lc_xstrdup (path);
  for (char *s = p + 1; *s; s++)
    {
      if (*s != '/')
        continue;
      *s = '\0';
      if (mkdir (p, 0755) < 0 && errno != EEXIST)
        return -errno;
      *s = '/';
    }
  return 0;
}

int
lc_state_open_root (const char *root, struct lc_err *err)
{
  int fd;
  struct stat sb;

  if (!root || root[0] != '/')
    return lc_err_setx (err, EINVAL, "--root '%s': must be an absolute path",
                        root ? root : "");
  fd = open (root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT)
    {
      int r = mkdir_parents (root);
      if (r < 0)
        return lc_err_set (err, -r, "create state root '%s'", root);
      if (mkdir (root, 0700) < 0 && errno != EEXIST)
        return lc_err_set (err, errno, "create state root '%s'", root);
      fd = open (root, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    }
  if (fd < 0)
    return lc_err_set (err, errno, "open state root '%s'", root);
  if (fstat (fd, &sb) < 0)
    {
      int e = errno;
      lc_close (fd);
      return lc_err_set (err, e, "stat state root '%s'", root);
    }
  if (sb.st_uid != geteuid ())
    {
      lc_close (fd);
      return lc_err_setx (err, EPERM,
                          "state root '%s' is owned by uid %u, not by us",
                          root, (unsigned) sb.st_uid);
    }
  return fd;
}

static int
lock_dir (int fd, bool exclusive)
{
  while (flock (fd, exclusive ? LOCK_EX : LOCK_SH) < 0)
    if (errno != EINTR)
      return -errno;
  return 0;
}

int
lc_state_create_dir (int rootfd, const char *id, struct lc_err *err)
{
  cleanup_close int fd = -1;
  int r;

  if (mkdirat (rootfd, id, 0700) < 0)
    {
      if (errno == EEXIST)
        return lc_err_setx (err, EEXIST, "container id '%s' already exists",
                            id);
      return lc_err_set (err, errno, "create state dir '%s'", id);
    }
  fd = openat (rootfd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return lc_err_set (err, errno, "open state dir '%s'", id);
  r = lock_dir (fd, true);
  if (r < 0)
    return lc_err_set (err, -r, "lock state dir '%s'", id);
  return TAKE_FD (fd);
}

int
lc_state_open_dir (int rootfd, const char *id, bool exclusive,
                   struct lc_err *err)
{
  cleanup_close int fd = -1;
  int r;

  fd = openat (rootfd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    {
      if (errno == ENOENT)
        return lc_err_setx (err, ENOENT, "container '%s' does not exist", id);
      return lc_err_set (err, errno, "open state dir '%s'", id);
    }
  r = lock_dir (fd, exclusive);
  if (r < 0)
    return lc_err_set (err, -r, "lock state dir '%s'", id);
  /* The dir may have been removed while we waited for the lock. */
  if (faccessat (fd, ".", F_OK, 0) < 0
      || faccessat (rootfd, id, F_OK, AT_SYMLINK_NOFOLLOW) < 0)
    return lc_err_setx (err, ENOENT, "container '%s' does not exist", id);
  return TAKE_FD (fd);
}

int
lc_state_remove_dir (int rootfd, const char *id, struct lc_err *err)
{
  cleanup_close int fd = -1;
  DIR *d;
  struct dirent *de;

  fd = openat (rootfd, id, O_DIRECTORY | O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0)
    return errno == ENOENT ? 0 : lc_err_set (err, errno, "open '%s'", id);
  d = fdopendir (fd);
  if (!d)
    return lc_err_set (err, errno, "read '%s'", id);
  fd = -1;
  while ((de = readdir (d)))
    {
      if (!strcmp (de->d_name, ".") || !strcmp (de->d_name, ".."))
        continue;
      if (unlinkat (dirfd (d), de->d_name, 0) < 0 && errno != ENOENT)
        {
          int e = errno;
          closedir (d);
          return lc_err_set (err, e, "remove '%s/%s'", id, de->d_name);
        }
    }
  closedir (d);
  if (unlinkat (rootfd, id, AT_REMOVEDIR) < 0 && errno != ENOENT)
    return lc_err_set (err, errno, "remove state dir '%s'", id);
  return 0;
}

static json_t *
annotations_json (char **keys, char **values)
{
  json_t *o = json_object ();
  for (size_t i = 0; keys && keys[i]; i++)
    json_object_set_new (o, keys[i], json_string (values[i]));
  return o;
}

int
lc_state_write (int dirfd, const struct lc_state *st, struct lc_err *err)
{
  json_t *o;
  char *s;
  cleanup_close int fd = -1;
  int r;

  o = json_pack (
      "{s:s, s:s, s:s?, s:I, s:I, s:s?, s:I, s:s?, s:b, s:o}", "id", st->id,
      "bundle", st->bundle, "rootfs", st->rootfs, "pid", (json_int_t) st->pid,
      "start_time", (json_int_t) st->start_time, "created", st->created,
      "owner", (json_int_t) st->owner, "cgroup_path", st->cgroup_path,
      "started", st->started, "annotations",
      annotations_json (st->annotation_keys, st->annotation_values));
  if (!o)
    return lc_err_setx (err, ENOMEM, "encode state");
  if (st->systemd_unit
      && json_object_set_new (o, "systemd_unit",
                              json_pack ("{s:s, s:b}", "name",
                                         st->systemd_unit, "user",
                                         st->systemd_user))
             < 0)
    {
      json_decref (o);
      return lc_err_setx (err, ENOMEM, "encode state");
    }
  s = json_dumps (o, JSON_COMPACT);
  json_decref (o);
  if (!s)
    return lc_err_setx (err, ENOMEM, "encode state");
  if (strlen (s) > STATE_MAX)
    {
      r = lc_err_setx (err, EFBIG,
                       "annotations: the state would be %zu bytes, over the "
                       "%u hull reads back",
                       strlen (s), STATE_MAX);
      free (s);
      return r;
    }
  fd = openat (dirfd, STATE_FILE ".tmp",
               O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0)
    {
      free (s);
      return lc_err_set (err, errno, "write state");
    }
  /* No fsync: the rename makes the update atomic for concurrent readers,
   * and the state describes processes that do not outlive a reboot
   * (runc and crun do not sync it either).  On a disk-backed root an
   * fsync per write was a tenth of `hull run` (docs/performance.md). */
  r = lc_write_all (fd, s, strlen (s));
  free (s);
  if (r < 0)
    {
      r = -r;
      (void) unlinkat (dirfd, STATE_FILE ".tmp", 0);
      return lc_err_set (err, r, "write state");
    }
  if (renameat (dirfd, STATE_FILE ".tmp", dirfd, STATE_FILE) < 0)
    {
      r = errno;
      (void) unlinkat (dirfd, STATE_FILE ".tmp", 0);
      return lc_err_set (err, r, "write state");
    }
  return 0;
}

static char *
dup_json_str (json_t *o, const char *key)
{
  json_t *v = json_object_get (o, key);
  return json_is_string (v) ? lc_xstrdup (json_string_value (v)) : NULL;
}

int
lc_state_read (int dirfd, struct lc_state *ret, struct lc_err *err)
{
  cleanup_free char *buf = NULL;
  size_t len;
  json_t *o, *ann;
  json_error_t je;
  struct lc_state st;
  int r;

  memset (&st, 0, sizeof st);
  r = lc_read_file_at (dirfd, STATE_FILE, STATE_MAX, &buf, &len, err);
  if (r < 0)
    return r;
  o = json_loadb (buf, len, 0, &je);
  if (!o || !json_is_object (o))
    {
      json_decref (o);
      return lc_err_setx (err, EIO, "state.json is corrupt: %s", je.text);
    }
  st.id = dup_json_str (o, "id");
  st.bundle = dup_json_str (o, "bundle");
  st.rootfs = dup_json_str (o, "rootfs");
  st.created = dup_json_str (o, "created");
  st.cgroup_path = dup_json_str (o, "cgroup_path");
  st.systemd_unit = dup_json_str (json_object_get (o, "systemd_unit"), "name");
  st.systemd_user = json_is_true (
      json_object_get (json_object_get (o, "systemd_unit"), "user"));
  st.pid = (pid_t) json_integer_value (json_object_get (o, "pid"));
  st.start_time = (unsigned long long) json_integer_value (
      json_object_get (o, "start_time"));
  st.owner = (uid_t) json_integer_value (json_object_get (o, "owner"));
  st.started = json_is_true (json_object_get (o, "started"));
  ann = json_object_get (o, "annotations");
  if (json_is_object (ann))
    {
      size_t n = json_object_size (ann), i = 0;
      const char *k;
      json_t *v;
      st.annotation_keys = lc_xcalloc (n + 1, sizeof (char *));
      st.annotation_values = lc_xcalloc (n + 1, sizeof (char *));
      json_object_foreach (ann, k, v)
      {
        if (!json_is_string (v))
          continue;
        st.annotation_keys[i] = lc_xstrdup (k);
        st.annotation_values[i++] = lc_xstrdup (json_string_value (v));
      }
    }
  json_decref (o);
  if (!st.id || !st.bundle)
    {
      lc_state_clear (&st);
      return lc_err_setx (err, EIO, "state.json is missing id or bundle");
    }
  *ret = st;
  return 0;
}

void
lc_state_clear (struct lc_state *st)
{
  free (st->id);
  free (st->bundle);
  free (st->rootfs);
  free (st->created);
  free (st->cgroup_path);
  free (st->systemd_unit);
  lc_strv_free (st->annotation_keys);
  lc_strv_free (st->annotation_values);
  memset (st, 0, sizeof *st);
}

/* Reads /proc/PID/stat: the state letter and field 22 (starttime).  comm
 * (field 2) may contain spaces and parentheses: parse after the last ')'. */
static int
read_proc_stat (pid_t pid, char *ret_state, unsigned long long *ret_start)
{
  char path[64], buf[1024];
  cleanup_close int fd = -1;
  ssize_t n;
  char *p;
  unsigned long long v = 0;

  snprintf (path, sizeof path, "/proc/%d/stat", (int) pid);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return -errno;
  n = lc_read_all (fd, buf, sizeof buf - 1);
  if (n <= 0)
    return n < 0 ? (int) n : -ESRCH;
  buf[n] = '\0';
  p = strrchr (buf, ')');
  if (!p || p[1] != ' ' || !p[2])
    return -EIO;
  *ret_state = p[2];
  /* p + 4 is the start of field 4; starttime is field 22. */
  p += 4;
  for (int field = 4; field < 22; field++)
    {
      p = strchr (p, ' ');
      if (!p)
        return -EIO;
      p++;
    }
  if (sscanf (p, "%llu", &v) != 1)
    return -EIO;
  *ret_start = v;
  return 0;
}

int
lc_proc_start_time (pid_t pid, unsigned long long *ret)
{
  char s;
  return read_proc_stat (pid, &s, ret);
}

static bool
process_alive (const struct lc_state *st)
{
  char s;
  unsigned long long start;
  if (st->pid <= 0 || read_proc_stat (st->pid, &s, &start) < 0)
    return false;
  if (start != st->start_time)
    return false; /* recycled pid */
  return s != 'Z' && s != 'X';
}

enum lc_status
lc_state_status (int dirfd, const struct lc_state *st)
{
  if (st->pid <= 0)
    return LC_STATUS_CREATING;
  if (!process_alive (st))
    return LC_STATUS_STOPPED;
  if (!st->started
      && faccessat (dirfd, "exec.fifo", F_OK, AT_SYMLINK_NOFOLLOW) == 0)
    return LC_STATUS_CREATED;
  return LC_STATUS_RUNNING;
}

int
lc_state_pidfd (const struct lc_state *st, struct lc_err *err)
{
  int fd;
  if (st->pid <= 0)
    return lc_err_setx (err, ESRCH, "container '%s' has no process", st->id);
  fd = (int) syscall (SYS_pidfd_open, st->pid, 0);
  if (fd < 0)
    return lc_err_set (err, errno, "container '%s': open process %d", st->id,
                       (int) st->pid);
  /* The pidfd pins the process: if the start time still matches now, the
   * fd refers to the container's init and not to a recycled pid. */
  if (!process_alive (st))
    {
      lc_close (fd);
      return lc_err_set (err, ESRCH, "container '%s' is not running", st->id);
    }
  return fd;
}

char *
lc_state_to_oci_json (const struct lc_state *st, enum lc_status status,
                      bool pretty)
{
  json_t *o;
  char *s;
  const char *name = status == LC_STATUS_CREATING && st->pid > 0
                         ? "created"
                         : lc_status_name (status);

  o = json_pack ("{s:s, s:s, s:s, s:s}", "ociVersion", "1.3.0", "id", st->id,
                 "status", name, "bundle", st->bundle);
  if (!o)
    return NULL;
  if (status != LC_STATUS_STOPPED && st->pid > 0)
    json_object_set_new (o, "pid", json_integer (st->pid));
  else
    json_object_set_new (o, "pid", json_integer (0));
  if (st->rootfs)
    json_object_set_new (o, "rootfs", json_string (st->rootfs));
  if (st->created)
    json_object_set_new (o, "created", json_string (st->created));
  json_object_set_new (o, "owner", json_string (""));
  json_object_set_new (
      o, "annotations",
      annotations_json (st->annotation_keys, st->annotation_values));
  s = json_dumps (o, pretty ? JSON_INDENT (2) : JSON_COMPACT);
  json_decref (o);
  return s;
}

static int
cmp_str (const void *a, const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

int
lc_state_list (int rootfd, char ***ret, struct lc_err *err)
{
  int fd;
  DIR *d;
  struct dirent *de;
  char **v = NULL;
  size_t n = 0;

  fd = openat (rootfd, ".", O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return lc_err_set (err, errno, "open state root");
  d = fdopendir (fd);
  if (!d)
    {
      lc_close (fd);
      return lc_err_set (err, errno, "read state root");
    }
  while ((de = readdir (d)))
    {
      if (de->d_name[0] == '.' || de->d_type != DT_DIR)
        continue;
      v = lc_xrealloc (v, (n + 2) * sizeof (char *));
      v[n++] = lc_xstrdup (de->d_name);
      v[n] = NULL;
    }
  closedir (d);
  if (!v)
    v = lc_xcalloc (1, sizeof (char *));
  qsort (v, n, sizeof (char *), cmp_str);
  *ret = v;
  return 0;
}
