/* util.c - small helpers shared by every module. */

#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/sched.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

void
lc_freep (void *p)
{
  free (*(void **) p);
}

void
lc_closep (int *fd)
{
  if (*fd >= 0)
    (void) lc_close (*fd);
  *fd = -1;
}

void
lc_strv_freep (char ***v)
{
  *v = lc_strv_free (*v);
}

int
lc_close (int fd)
{
  if (fd >= 0)
    {
      int saved = errno;
      (void) close (fd);
      errno = saved;
    }
  return -1;
}

size_t
lc_strv_len (char *const *v)
{
  size_t n = 0;
  while (v && v[n])
    n++;
  return n;
}

char **
lc_strv_free (char **v)
{
  if (v)
    {
      for (size_t i = 0; v[i]; i++)
        free (v[i]);
      free (v);
    }
  return NULL;
}

void *
lc_xmalloc (size_t n)
{
  void *p = malloc (n ? n : 1);
  if (!p)
    abort ();
  return p;
}

void *
lc_xcalloc (size_t n, size_t size)
{
  void *p = calloc (n ? n : 1, size ? size : 1);
  if (!p)
    abort ();
  return p;
}

void *
lc_xrealloc (void *p, size_t n)
{
  void *q = realloc (p, n ? n : 1);
  if (!q)
    abort ();
  return q;
}

char *
lc_xstrdup (const char *s)
{
  char *p;
  if (!s)
    return NULL;
  p = strdup (s);
  if (!p)
    abort ();
  return p;
}

char *
lc_xasprintf (const char *fmt, ...)
{
  va_list ap;
  char *s = NULL;
  int n;
  va_start (ap, fmt);
  n = vasprintf (&s, fmt, ap);
  va_end (ap);
  if (n < 0)
    abort ();
  return s;
}

int
lc_read_file_at (int dirfd, const char *path, size_t max, char **ret,
                 size_t *ret_len, struct lc_err *err)
{
  cleanup_close int fd = -1;
  cleanup_free char *buf = NULL;
  size_t len = 0, cap = 4096;

  fd = openat (dirfd, path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return lc_err_set (err, errno, "open '%s'", path);
  buf = lc_xmalloc (cap + 1);
  for (;;)
    {
      ssize_t n;
      if (len == cap)
        {
          if (cap >= max)
            return lc_err_setx (err, EFBIG, "'%s' is larger than %zu bytes",
                                path, max);
          cap = cap * 2 > max ? max : cap * 2;
          buf = lc_xrealloc (buf, cap + 1);
        }
      n = read (fd, buf + len, cap - len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return lc_err_set (err, errno, "read '%s'", path);
      if (n == 0)
        break;
      len += (size_t) n;
    }
  buf[len] = '\0';
  *ret = TAKE_PTR (buf);
  if (ret_len)
    *ret_len = len;
  return 0;
}

int
lc_write_file_at (int dirfd, const char *path, const char *data, size_t len,
                  struct lc_err *err)
{
  cleanup_close int fd = -1;
  int r;

  fd = openat (dirfd, path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY);
  if (fd < 0)
    return lc_err_set (err, errno, "open '%s'", path);
  r = lc_write_all (fd, data, len);
  if (r < 0)
    return lc_err_set (err, -r, "write '%s'", path);
  return 0;
}

int
lc_file_create_exclusive (const char *path, const char *data, size_t len,
                          mode_t mode, struct lc_err *err)
{
  cleanup_close int fd = -1;
  int r;

  fd = open (path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0 && errno == EEXIST)
    return lc_err_setx (err, EEXIST, "'%s' already exists", path);
  if (fd < 0)
    return lc_err_set (err, errno, "create '%s'", path);
  r = lc_write_all (fd, data, len);
  if (r < 0)
    return lc_err_set (err, -r, "write '%s'", path);
  return 0;
}

int
lc_write_all (int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0)
    {
      ssize_t n = write (fd, p, len);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      p += n;
      len -= (size_t) n;
    }
  return 0;
}

ssize_t
lc_read_all (int fd, void *buf, size_t len)
{
  char *p = buf;
  size_t got = 0;
  while (got < len)
    {
      ssize_t n = read (fd, p + got, len - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        break;
      got += (size_t) n;
    }
  return (ssize_t) got;
}

int
lc_parse_u64 (const char *s, unsigned long long *ret)
{
  char *end;
  unsigned long long v;
  if (!s || !*s || *s == '-' || *s == '+' || *s == ' ')
    return -EINVAL;
  errno = 0;
  v = strtoull (s, &end, 10);
  if (errno)
    return -errno;
  if (*end)
    return -EINVAL;
  *ret = v;
  return 0;
}

int
lc_parse_i64 (const char *s, long long *ret)
{
  char *end;
  long long v;
  if (!s || !*s || *s == ' ')
    return -EINVAL;
  errno = 0;
  v = strtoll (s, &end, 10);
  if (errno)
    return -errno;
  if (*end)
    return -EINVAL;
  *ret = v;
  return 0;
}

bool
lc_in_user_namespace (void)
{
  char *buf = NULL;
  unsigned long a, b, c;
  bool in = false;
  if (lc_read_file_at (AT_FDCWD, "/proc/self/uid_map", 4096, &buf, NULL, NULL)
      < 0)
    return false;
  if (sscanf (buf, "%lu %lu %lu", &a, &b, &c) != 3 || a != 0 || b != 0
      || c != 4294967295UL)
    in = true;
  free (buf);
  return in;
}

int
lc_close_fds_except (int from, const int *keep, size_t n)
{
  int top = from - 1;
  for (size_t i = 0; i < n; i++)
    if (keep[i] > top)
      top = keep[i];
  for (int fd = from; fd <= top; fd++)
    {
      bool kept = false;
      for (size_t i = 0; i < n; i++)
        kept = kept || keep[i] == fd;
      if (!kept)
        (void) close (fd);
    }
  if (syscall (SYS_close_range, (unsigned) (top + 1), ~0U, 0) < 0)
    return -errno;
  return 0;
}

void
lc_close_inherited (int from)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *de;
  if (!d)
    return;
  while ((de = readdir (d)))
    {
      long long fd;
      int flags;
      if (lc_parse_i64 (de->d_name, &fd) < 0 || fd < from || fd == dirfd (d))
        continue;
      flags = fcntl ((int) fd, F_GETFD);
      if (flags >= 0 && !(flags & FD_CLOEXEC))
        (void) close ((int) fd);
    }
  closedir (d);
}

int
lc_absolute_path (const char *path, char **ret, struct lc_err *err)
{
  char cwd[PATH_MAX];
  if (path[0] == '/')
    {
      *ret = lc_xstrdup (path);
      return 0;
    }
  if (!getcwd (cwd, sizeof cwd))
    return lc_err_set (err, errno, "getcwd");
  *ret = lc_xasprintf ("%s/%s", cwd, path);
  return 0;
}

/* The next name in *p, skipping "" and "." components; its length, 0 at
 * the end.  *p moves past it. */
static size_t
next_name (const char **p, const char **name)
{
  for (;;)
    {
      size_t len;
      while (**p == '/')
        (*p)++;
      len = strcspn (*p, "/");
      *name = *p;
      *p += len;
      if (len != 1 || (*name)[0] != '.')
        return len;
    }
}

/* Compare path with dir name by name: 0 equal, 1 path is beneath dir,
 * -1 otherwise. */
static int
cmp_names (const char *path, const char *dir)
{
  for (;;)
    {
      const char *a, *b;
      size_t na = next_name (&path, &a), nb = next_name (&dir, &b);
      if (nb == 0)
        return na == 0 ? 0 : 1;
      if (na != nb || memcmp (a, b, na) != 0)
        return -1;
    }
}

bool
lc_path_equal (const char *a, const char *b)
{
  return cmp_names (a, b) == 0;
}

bool
lc_path_within (const char *path, const char *dir)
{
  return cmp_names (path, dir) >= 0;
}

pid_t
lc_clone (struct clone_args *args)
{
  long pid = syscall (SYS_clone3, args, sizeof *args);
  /* valgrind (3.19 at least) answers ENOSYS to every clone3, so glibc
   * falls back to clone; so do we, with the same meaning.  The flags that
   * only clone3 has (CLONE_INTO_CGROUP) are left to the caller's retry. */
  if (pid < 0 && errno == ENOSYS && (args->flags >> 32) == 0)
    pid = syscall (SYS_clone,
                   (unsigned long) args->flags
                       | (unsigned long) (args->exit_signal & 0xff),
                   NULL, NULL, NULL, 0UL);
  return (pid_t) pid;
}

pid_t
lc_clone_parent (struct clone_args *args)
{
  args->flags |= CLONE_PARENT;
  /* clone3 refuses exit_signal with CLONE_PARENT: the child inherits
   * ours (SIGCHLD, we were forked), delivered to our parent.  clone(2)
   * also gives a CLONE_PARENT child its caller's exit signal. */
  args->exit_signal = 0;
  return lc_clone (args);
}
