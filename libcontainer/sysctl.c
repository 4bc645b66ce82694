/* sysctl.c - linux.sysctl: only keys the container's own namespaces
 * isolate, written through a /proc verified to be procfs. */
#include "sysctl.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdbool.h>
#include <string.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define SYSCTL_KEY_MAX 256

/* Which namespace isolates a key (dotted form); prefixes end in '.' or
 * stand for a family (kernel.shm covers shmmax, shmall, shm_rmid_forced). */
static const struct
{
  const char *prefix;
  bool exact;
  enum lc_ns_type ns;
} ns_keys[] = {
  { "kernel.msg", false, LC_NS_IPC },
  { "kernel.sem", false, LC_NS_IPC },
  { "kernel.shm", false, LC_NS_IPC },
  { "fs.mqueue.", false, LC_NS_IPC },
  { "net.", false, LC_NS_NET },
  { "kernel.hostname", true, LC_NS_UTS },
  { "kernel.domainname", true, LC_NS_UTS },
};

/* The dotted form of a key: "net/ipv4/ip_forward" -> "net.ipv4.ip_forward".
 * Every component must be a plain name: no empty, "." or ".." ones, which
 * could walk from a namespaced directory into one that is not. */
static int
normalize_key (const char *key, char *buf, size_t size, struct lc_err *err)
{
  char sep = strchr (key, '/') ? '/' : '.';
  size_t n = strlen (key), start = 0;

  if (n == 0 || n >= size)
    return lc_err_setx (err, EINVAL, "linux.sysctl.%s: invalid key", key);
  for (size_t i = 0; i <= n; i++)
    {
      size_t len = i - start;
      if (key[i] != sep && key[i] != '\0')
        continue;
      if (len == 0 || (len == 1 && key[start] == '.')
          || (len == 2 && strncmp (key + start, "..", 2) == 0))
        return lc_err_setx (err, EINVAL, "linux.sysctl.%s: invalid key", key);
      start = i + 1;
    }
  for (size_t i = 0; i <= n; i++)
    buf[i] = key[i] == '/' ? '.' : key[i];
  return 0;
}

int
lc_sysctl_check (const struct lc_spec *spec, const char *key,
                 struct lc_err *err)
{
  char k[SYSCTL_KEY_MAX];
  int r;

  r = normalize_key (key, k, sizeof k, err);
  if (r < 0)
    return r;
  for (size_t i = 0; i < sizeof ns_keys / sizeof ns_keys[0]; i++)
    {
      const char *p = ns_keys[i].prefix;
      bool match = ns_keys[i].exact ? strcmp (k, p) == 0
                                    : strncmp (k, p, strlen (p)) == 0;
      if (!match)
        continue;
      if (!spec->ns[ns_keys[i].ns].present)
        return lc_err_setx (err, EPERM,
                            "linux.sysctl.%s: needs a %s namespace", key,
                            lc_ns_name (ns_keys[i].ns));
      return 0;
    }
  return lc_err_setx (err, EPERM, "linux.sysctl.%s: not namespaced, refused",
                      key);
}

/* /proc of the container (after pivot_root), only if it is procfs. */
static int
open_proc (struct lc_err *err)
{
  struct statfs sf;
  int fd = open ("/proc", O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

  if (fd < 0)
    return lc_err_set (err, errno, "linux.sysctl: open '/proc'");
  if (fstatfs (fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
    {
      lc_close (fd);
      return lc_err_setx (err, EINVAL, "linux.sysctl: '/proc' is not procfs");
    }
  return fd;
}

static int
write_sysctl (int procfd, const char *key, const char *value,
              struct lc_err *err)
{
  cleanup_free char *path = NULL;
  struct open_how how = { .flags = O_WRONLY | O_CLOEXEC | O_NOCTTY,
                          .resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS
                                     | RESOLVE_NO_MAGICLINKS };
  cleanup_close int fd = -1;
  int r;

  path = lc_xasprintf ("sys/%s", key);
  /* Dotted keys use dots as separators; slashed keys are paths already. */
  if (!strchr (key, '/'))
    for (char *p = path; *p; p++)
      if (*p == '.')
        *p = '/';
  fd = (int) syscall (SYS_openat2, procfd, path, &how, sizeof how);
  if (fd < 0)
    return lc_err_set (err, errno, "linux.sysctl.%s: open '/proc/%s'", key,
                       path);
  r = lc_write_all (fd, value, strlen (value));
  if (r < 0)
    return lc_err_set (err, -r, "linux.sysctl.%s: write '/proc/%s'", key,
                       path);
  return 0;
}

int
lc_sysctl_apply (const struct lc_spec *spec, struct lc_err *err)
{
  cleanup_close int procfd = -1;

  if (!spec->sysctl_keys || !spec->sysctl_keys[0])
    return 0;
  procfd = open_proc (err);
  if (procfd < 0)
    return procfd;
  for (size_t i = 0; spec->sysctl_keys[i]; i++)
    {
      const char *value = spec->sysctl_values ? spec->sysctl_values[i] : NULL;
      int r = lc_sysctl_check (spec, spec->sysctl_keys[i], err);
      if (r < 0)
        return r;
      r = write_sysctl (procfd, spec->sysctl_keys[i], value ? value : "", err);
      if (r < 0)
        return r;
    }
  return 0;
}
