/* cgroup_procs.c - the processes of a container's cgroup: placement,
 * freeze, signals, listing, and removal of the cgroup. */
#include "cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cgroup_internal.h"
#include "util.h"

#define WAIT_MS 10000

/* --- enter, freeze, signal, pids, destroy -------------------------------- */

int
lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid, struct lc_err *err)
{
  char buf[32];
  int r;

  if (cg->dirfd < 0)
    return 0;
  snprintf (buf, sizeof buf, "%d", (int) pid);
  r = lc_write_file_at (cg->dirfd, "cgroup.procs", buf, strlen (buf), NULL);
  if (r < 0)
    return lc_err_set (err, -r, "move pid %d into cgroup '%s'", (int) pid,
                       cg->path);
  return 0;
}

/* Poll cgroup.events until key has value (or WAIT_MS pass). */
static int
wait_events (int dirfd, const char *key, unsigned long long want)
{
  cleanup_close int fd
      = openat (dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  struct timespec start, now;

  if (fd < 0)
    return -errno;
  clock_gettime (CLOCK_MONOTONIC, &start);
  for (;;)
    {
      char buf[256];
      unsigned long long v;
      ssize_t n = pread (fd, buf, sizeof buf - 1, 0);
      struct pollfd pfd = { fd, POLLPRI, 0 };

      if (n < 0)
        return -errno;
      buf[n] = '\0';
      if (lc_cgroup_keyed_value (buf, key, &v) && v == want)
        return 0;
      clock_gettime (CLOCK_MONOTONIC, &now);
      if ((now.tv_sec - start.tv_sec) * 1000
              + (now.tv_nsec - start.tv_nsec) / 1000000
          > WAIT_MS)
        return -ETIMEDOUT;
      /* cgroup.events wakes pollers on change; the timeout covers a
       * change that happened between the read and the poll. */
      (void) poll (&pfd, 1, 50);
    }
}

int
lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze, struct lc_err *err)
{
  int r;

  if (cg->dirfd < 0)
    return lc_err_setx (err, EOPNOTSUPP, "the container has no cgroup");
  r = lc_write_file_at (cg->dirfd, "cgroup.freeze", freeze ? "1" : "0", 1,
                        NULL);
  if (r == -ENOENT)
    return lc_err_setx (err, EOPNOTSUPP,
                        "cgroup.freeze is missing (kernel before 5.2)");
  if (r < 0)
    return lc_err_set (err, -r, "write '%s/cgroup.freeze'", cg->path);
  r = wait_events (cg->dirfd, "frozen", freeze ? 1 : 0);
  if (r < 0)
    return lc_err_set (err, -r, "wait for cgroup '%s' to %s", cg->path,
                       freeze ? "freeze" : "thaw");
  return 0;
}

bool
lc_cgroup_is_frozen (const struct lc_cgroup *cg)
{
  unsigned long long v = 0;
  return cg->dirfd >= 0
         && lc_cgroup_read_keyed (cg->dirfd, "cgroup.events", "frozen", &v)
                == 0
         && v == 1;
}

static int
collect_pids (int dirfd, pid_t **v, size_t *n, size_t *cap, int depth)
{
  cleanup_free char *buf = NULL;
  DIR *d;
  struct dirent *e;
  int r;

  if (depth > 64)
    return -ELOOP;
  r = lc_cgroup_read_small (dirfd, "cgroup.procs", &buf);
  if (r < 0)
    return r;
  for (char *p = buf; *p;)
    {
      char *end;
      long pid = strtol (p, &end, 10);
      if (end == p)
        break;
      if (*n == *cap)
        {
          *cap = *cap ? *cap * 2 : 32;
          *v = lc_xrealloc (*v, *cap * sizeof **v);
        }
      (*v)[(*n)++] = (pid_t) pid;
      p = end + (*end == '\n');
    }
  r = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (r < 0 || !(d = fdopendir (r)))
    return r < 0 ? -errno : (lc_close (r), -ENOMEM);
  r = 0;
  while (r == 0 && (e = readdir (d)))
    {
      int sub;
      if (e->d_type != DT_DIR || e->d_name[0] == '.')
        continue;
      sub = openat (dirfd, e->d_name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub < 0)
        continue;
      r = collect_pids (sub, v, n, cap, depth + 1);
      close (sub);
    }
  closedir (d);
  return r;
}

static int
cmp_pid (const void *a, const void *b)
{
  pid_t x = *(const pid_t *) a, y = *(const pid_t *) b;
  return (x > y) - (x < y);
}

int
lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **ret, size_t *ret_n,
                struct lc_err *err)
{
  pid_t *v = NULL;
  size_t n = 0, cap = 0;
  int r;

  if (cg->dirfd < 0)
    return lc_err_setx (err, EOPNOTSUPP, "the container has no cgroup");
  r = collect_pids (cg->dirfd, &v, &n, &cap, 0);
  if (r < 0)
    {
      free (v);
      return lc_err_set (err, -r, "list the processes of cgroup '%s'",
                         cg->path);
    }
  qsort (v, n, sizeof *v, cmp_pid);
  *ret = v;
  *ret_n = n;
  return 0;
}

int
lc_cgroup_signal (const struct lc_cgroup *cg, int sig, struct lc_err *err)
{
  cleanup_free pid_t *pids = NULL;
  size_t n;
  int r;

  if (cg->dirfd < 0)
    return lc_err_setx (err, EOPNOTSUPP, "the container has no cgroup");
  if (sig == SIGKILL)
    {
      r = lc_write_file_at (cg->dirfd, "cgroup.kill", "1", 1, NULL);
      if (r == 0)
        return 0;
      if (r != -ENOENT)
        return lc_err_set (err, -r, "write '%s/cgroup.kill'", cg->path);
    }
  r = lc_cgroup_pids (cg, &pids, &n, err);
  if (r < 0)
    return r;
  for (size_t i = 0; i < n; i++)
    {
      /* A pidfd pins the process: the signal cannot reach a recycled pid
       * once the fd is open. */
      int pfd = (int) syscall (SYS_pidfd_open, pids[i], 0);
      if (pfd < 0)
        continue;
      if (syscall (SYS_pidfd_send_signal, pfd, sig, NULL, 0) < 0
          && errno != ESRCH)
        {
          r = lc_err_set (err, errno, "signal pid %d", (int) pids[i]);
          close (pfd);
          return r;
        }
      close (pfd);
    }
  return 0;
}

/* rmdir the sub-cgroups a container made (with cgroupns), deepest first. */
static void
remove_children (int dirfd, int depth)
{
  int fd = openat (dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *d = fd >= 0 ? fdopendir (fd) : NULL;
  struct dirent *e;

  if (!d)
    {
      lc_close (fd);
      return;
    }
  while ((e = readdir (d)))
    {
      int sub;
      if (e->d_type != DT_DIR || e->d_name[0] == '.' || depth > 64)
        continue;
      sub = openat (dirfd, e->d_name,
                    O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (sub >= 0)
        {
          remove_children (sub, depth + 1);
          close (sub);
        }
      (void) unlinkat (dirfd, e->d_name, AT_REMOVEDIR);
    }
  closedir (d);
}

int
lc_cgroup_destroy (struct lc_cgroup *cg, struct lc_err *err)
{
  cleanup_close int mountfd = -1;
  unsigned long long populated = 1;
  int r;

  if (!cg || !cg->path || cg->dirfd < 0)
    return 0;
  if (lc_cgroup_read_keyed (cg->dirfd, "cgroup.events", "populated",
                            &populated)
          == 0
      && populated)
    {
      r = lc_cgroup_signal (cg, SIGKILL, err);
      if (r < 0)
        return r;
      r = wait_events (cg->dirfd, "populated", 0);
      if (r < 0)
        return lc_err_set (err, -r, "wait for cgroup '%s' to empty", cg->path);
    }
  remove_children (cg->dirfd, 0);
  mountfd = open (cg->mount, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (mountfd < 0)
    return lc_err_set (err, errno, "open '%s'", cg->mount);
  cg->dirfd = lc_close (cg->dirfd);
  {
    cleanup_free char *parent = lc_xstrdup (cg->path);
    char *slash = strrchr (parent, '/');
    cleanup_close int pfd = -1;
    *slash = '\0';
    pfd = lc_cgroup_open_beneath (mountfd, parent[0] ? parent : "/",
                                  O_PATH | O_DIRECTORY);
    if (pfd < 0)
      return lc_err_set (err, -pfd, "open cgroup '%s'", parent);
    if (unlinkat (pfd, slash + 1, AT_REMOVEDIR) < 0 && errno != ENOENT)
      return lc_err_set (err, errno, "remove cgroup '%s'", cg->path);
  }
  /* The default parent hull made; left alone while other containers use
   * it (rmdir fails with EBUSY then). */
  if (strncmp (cg->path, "/hull/", 6) == 0 && !strchr (cg->path + 6, '/'))
    lc_cgroup_remove_path (mountfd, "/hull", 0);
  return 0;
}
