/* validate.c - pure checks on a parsed spec, and container id rules.
 *
 * spec.c checked types and ranges field by field; the rules here look at
 * several fields at once (a setting and the namespace it needs) or at path
 * shapes.  Nothing here touches the system: the caller says whether it is
 * rootless and already inside a user namespace. */
#include "validate.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "mounts.h"
#include "seccomp.h"
#include "sysctl.h"
#include "util.h"

#define ID_MAX 1024
/* sethostname/setdomainname refuse longer names (HOST_NAME_MAX) */
#define UTS_NAME_MAX 64
/* execve refuses a longer argument or environment string (E2BIG) */
#define ARG_STRLEN_MAX (32 * 4096)
/* the kernel's dev_t: 12 bits of major, 20 of minor */
#define DEV_MAJOR_MAX 4095
#define DEV_MINOR_MAX 1048575
#define ID_CHARS                                                              \
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

int
lc_validate_id (const char *id, struct lc_err *err)
{
  size_t len = id ? strlen (id) : 0;

  if (len == 0 || len > ID_MAX || !strchr (ID_CHARS, id[0])
      || strspn (id, ID_CHARS "_.+-") != len)
    return lc_err_setx (err, EINVAL,
                        "invalid container id '%.64s%s': must match "
                        "[A-Za-z0-9][A-Za-z0-9_.+-]{0,1023}",
                        id ? id : "", len > 64 ? "..." : "");
  return 0;
}

/* Absolute, and no ".." component (which could climb out of the rootfs
 * before the mount code resolves it). */
static bool
is_clean_absolute (const char *path)
{
  const char *p;

  if (!path || path[0] != '/')
    return false;
  for (p = path; (p = strstr (p, "..")); p += 2)
    if (p[-1] == '/' && (p[2] == '/' || p[2] == '\0'))
      return false;
  return true;
}

int
lc_process_validate (const struct lc_process *p, struct lc_err *err)
{
  if (!p->args || !p->args[0])
    return lc_err_setx (err, EINVAL, "process.args: must not be empty");
  if (!p->args[0][0])
    return lc_err_setx (err, EINVAL, "process.args[0]: must not be empty");
  if (!p->cwd || p->cwd[0] != '/')
    return lc_err_setx (err, EINVAL,
                        "process.cwd: must be an absolute path, got '%s'",
                        p->cwd ? p->cwd : "");
  if (strlen (p->cwd) >= PATH_MAX)
    return lc_err_setx (err, EINVAL, "process.cwd: longer than %d bytes",
                        PATH_MAX - 1);
  for (size_t i = 0; p->args[i]; i++)
    if (strlen (p->args[i]) >= ARG_STRLEN_MAX)
      return lc_err_setx (err, EINVAL,
                          "process.args[%zu]: longer than %d bytes (the "
                          "kernel's limit for one argument)",
                          i, ARG_STRLEN_MAX - 1);
  for (size_t i = 0; p->env && p->env[i]; i++)
    if (strlen (p->env[i]) >= ARG_STRLEN_MAX)
      return lc_err_setx (err, EINVAL,
                          "process.env[%zu]: longer than %d bytes (the "
                          "kernel's limit for one variable)",
                          i, ARG_STRLEN_MAX - 1);
    else if (!strchr (p->env[i], '=') || p->env[i][0] == '=')
      return lc_err_setx (err, EINVAL,
                          "process.env[%zu]: '%s' is not of the form "
                          "NAME=VALUE",
                          i, p->env[i]);
  for (size_t i = 0; i < p->n_rlimits; i++)
    if (p->rlimits[i].soft > p->rlimits[i].hard)
      return lc_err_setx (err, EINVAL,
                          "process.rlimits[%zu]: soft limit %llu is above "
                          "the hard limit %llu",
                          i, (unsigned long long) p->rlimits[i].soft,
                          (unsigned long long) p->rlimits[i].hard);
  return 0;
}

/* The spec's major version must be the one hull implements. */
static int
check_version (const struct lc_spec *s, struct lc_err *err)
{
  const char *v = s->oci_version;
  if (v && strncmp (v, "1.", 2) && strcmp (v, "1"))
    return lc_err_setx (err, EINVAL,
                        "ociVersion: '%s' is not a 1.x version (hull "
                        "implements 1.3.0)",
                        v);
  return 0;
}

static int
check_hooks (const struct lc_spec *s, struct lc_err *err)
{
  for (int k = 0; k < LC_HOOK_COUNT; k++)
    for (size_t i = 0; i < s->n_hooks[k]; i++)
      if (!s->hooks[k][i].path || s->hooks[k][i].path[0] != '/')
        return lc_err_setx (err, EINVAL,
                            "hooks.%s[%zu].path: must be absolute, got '%s'",
                            lc_hook_name ((enum lc_hook_kind) k), i,
                            s->hooks[k][i].path ? s->hooks[k][i].path : "");
  return 0;
}

static int
check_id_maps (const struct lc_id_map *m, size_t n, const char *where,
               struct lc_err *err)
{
  for (size_t i = 0; i < n; i++)
    {
      if (m[i].size == 0)
        return lc_err_setx (err, EINVAL, "%s[%zu].size: must not be 0", where,
                            i);
      if ((uint64_t) m[i].container_id + m[i].size > UINT64_C (1) << 32
          || (uint64_t) m[i].host_id + m[i].size > UINT64_C (1) << 32)
        return lc_err_setx (err, EINVAL, "%s[%zu]: range goes past 4294967295",
                            where, i);
    }
  return 0;
}

/* As runc: /proc takes a new procfs or a bind of one (mounts.c checks the
 * source), and beneath it only the files lxcfs emulates.  Anything else
 * could stand in for the procfs the runtime writes into afterwards (LSM
 * labels, oom_score_adj) and that maskedPaths must reach. */
static int
check_proc_mount (const struct lc_mount *m, size_t i, struct lc_err *err)
{
  static const char *const lxcfs[]
      = { "/proc/cpuinfo", "/proc/diskstats",
          "/proc/meminfo", "/proc/stat",
          "/proc/swaps",   "/proc/uptime",
          "/proc/loadavg", "/proc/slabinfo",
          "/proc/net/dev", "/proc/sys/kernel/ns_last_pid" };

  if (lc_path_equal (m->destination, "/proc"))
    {
      if ((m->type && strcmp (m->type, "proc") == 0) || lc_mount_is_bind (m))
        return 0;
      return lc_err_setx (err, EINVAL,
                          "mounts[%zu].type: only a proc filesystem may be "
                          "mounted on /proc, got '%s'",
                          i, m->type ? m->type : "");
    }
  if (!lc_path_within (m->destination, "/proc"))
    return 0;
  for (size_t k = 0; k < sizeof lxcfs / sizeof lxcfs[0]; k++)
    if (lc_path_equal (m->destination, lxcfs[k]))
      return 0;
  return lc_err_setx (err, EINVAL,
                      "mounts[%zu].destination: '%s' is inside /proc (only "
                      "the files lxcfs provides may be mounted there)",
                      i, m->destination);
}

static int
check_mounts (const struct lc_spec *s, struct lc_err *err)
{
  char where[64];
  int r;

  for (size_t i = 0; i < s->n_mounts; i++)
    {
      const struct lc_mount *m = &s->mounts[i];

      if (!is_clean_absolute (m->destination))
        return lc_err_setx (err, EINVAL,
                            "mounts[%zu].destination: must be an absolute "
                            "path without '..', got '%s'",
                            i, m->destination);
      if (strlen (m->destination) >= PATH_MAX)
        return lc_err_setx (err, EINVAL,
                            "mounts[%zu].destination: longer than %d bytes", i,
                            PATH_MAX - 1);
      if ((r = check_proc_mount (m, i, err)) < 0)
        return r;
      if ((m->n_uid_mappings == 0) != (m->n_gid_mappings == 0))
        return lc_err_setx (err, EINVAL,
                            "mounts[%zu]: uidMappings and gidMappings go "
                            "together",
                            i);
      snprintf (where, sizeof where, "mounts[%zu].uidMappings", i);
      if ((r = check_id_maps (m->uid_mappings, m->n_uid_mappings, where, err))
          < 0)
        return r;
      snprintf (where, sizeof where, "mounts[%zu].gidMappings", i);
      if ((r = check_id_maps (m->gid_mappings, m->n_gid_mappings, where, err))
          < 0)
        return r;
    }
  return 0;
}

static bool
new_ns (const struct lc_spec *s, enum lc_ns_type t)
{
  return s->ns[t].present && !s->ns[t].path;
}

static int
check_namespaces (const struct lc_spec *s, const struct lc_validate_opts *o,
                  struct lc_err *err)
{
  int r;

  for (int t = 0; t < LC_NS_COUNT; t++)
    if (s->ns[t].path && s->ns[t].path[0] != '/')
      return lc_err_setx (err, EINVAL,
                          "linux.namespaces: path of the %s namespace must "
                          "be absolute, got '%s'",
                          lc_ns_name (t), s->ns[t].path);
  if (o && o->rootless && !s->ns[LC_NS_USER].present && !o->in_userns)
    return lc_err_setx (err, EINVAL,
                        "rootless containers need a user "
                        "namespace (linux.namespaces)");
  /* A new user namespace without mappings is fine: the caller's own ids
   * get mapped to root (user.c). */
  if ((s->n_uid_mappings || s->n_gid_mappings) && !new_ns (s, LC_NS_USER))
    return lc_err_setx (err, EINVAL,
                        "%s: needs a new user namespace "
                        "(linux.namespaces)",
                        s->n_uid_mappings ? "linux.uidMappings"
                                          : "linux.gidMappings");
  if ((r = check_id_maps (s->uid_mappings, s->n_uid_mappings,
                          "linux.uidMappings", err))
      < 0)
    return r;
  if ((r = check_id_maps (s->gid_mappings, s->n_gid_mappings,
                          "linux.gidMappings", err))
      < 0)
    return r;
  if (s->hostname && strlen (s->hostname) > UTS_NAME_MAX)
    return lc_err_setx (err, EINVAL, "hostname: longer than %d bytes",
                        UTS_NAME_MAX);
  if (s->domainname && strlen (s->domainname) > UTS_NAME_MAX)
    return lc_err_setx (err, EINVAL, "domainname: longer than %d bytes",
                        UTS_NAME_MAX);
  /* A joined uts namespace (path) may be renamed too. */
  if (s->hostname && s->hostname[0] && !s->ns[LC_NS_UTS].present)
    return lc_err_setx (err, EINVAL,
                        "hostname: needs a new uts namespace "
                        "(linux.namespaces)");
  if (s->domainname && s->domainname[0] && !s->ns[LC_NS_UTS].present)
    return lc_err_setx (err, EINVAL,
                        "domainname: needs a new uts namespace "
                        "(linux.namespaces)");
  if (s->has_time_offsets && !new_ns (s, LC_NS_TIME))
    return lc_err_setx (err, EINVAL,
                        "linux.timeOffsets: needs a new time "
                        "namespace (linux.namespaces)");
  return 0;
}

static int
check_devices (const struct lc_spec *s, struct lc_err *err)
{
  for (size_t i = 0; i < s->n_devices; i++)
    {
      const struct lc_device *d = &s->devices[i];

      if (!is_clean_absolute (d->path) || strncmp (d->path, "/dev/", 5) != 0
          || !d->path[5])
        return lc_err_setx (err, EINVAL,
                            "linux.devices[%zu].path: must be an absolute "
                            "path under /dev, got '%s'",
                            i, d->path);
      if (d->type != 'p' && (d->major < 0 || d->minor < 0))
        return lc_err_setx (err, EINVAL,
                            "linux.devices[%zu]: type '%c' needs major and "
                            "minor",
                            i, d->type);
      /* makedev and mknod would silently cut larger numbers: major
       * 4294967297 would make 1:1 (/dev/mem) past any check of 1:1 */
      if (d->major > DEV_MAJOR_MAX)
        return lc_err_setx (err, EINVAL,
                            "linux.devices[%zu].major: %lld is above %d", i,
                            (long long) d->major, DEV_MAJOR_MAX);
      if (d->minor > DEV_MINOR_MAX)
        return lc_err_setx (err, EINVAL,
                            "linux.devices[%zu].minor: %lld is above %d", i,
                            (long long) d->minor, DEV_MINOR_MAX);
    }
  return 0;
}

static int
check_path_list (char **paths, const char *where, struct lc_err *err)
{
  for (size_t i = 0; paths && paths[i]; i++)
    if (paths[i][0] != '/')
      return lc_err_setx (err, EINVAL,
                          "%s[%zu]: must be an absolute path, got '%s'", where,
                          i, paths[i]);
    else if (strlen (paths[i]) >= PATH_MAX)
      return lc_err_setx (err, EINVAL, "%s[%zu]: longer than %d bytes", where,
                          i, PATH_MAX - 1);
  return 0;
}

/* Only keys isolated by a namespace of the container (sysctl.c knows
 * which); anything else would change the host. */
static int
check_sysctls (const struct lc_spec *s, struct lc_err *err)
{
  for (size_t i = 0; s->sysctl_keys && s->sysctl_keys[i]; i++)
    {
      int r = lc_sysctl_check (s, s->sysctl_keys[i], err);
      if (r < 0)
        return r;
    }
  return 0;
}

/* SCMP_ACT_NOTIFY hands a listener fd to the agent at listenerPath; as the
 * default action it would also catch the syscalls the runtime itself still
 * makes after loading the filter. */
static int
check_seccomp (const struct lc_spec *s, struct lc_err *err)
{
  bool notify = false;

  if (!s->has_seccomp)
    return 0;
  if (s->seccomp.default_action == SCMP_ACT_NOTIFY)
    return lc_err_setx (err, EINVAL,
                        "linux.seccomp.defaultAction: "
                        "SCMP_ACT_NOTIFY is not allowed here");
  for (size_t i = 0; i < s->seccomp.n_rules; i++)
    notify |= s->seccomp.rules[i].action == SCMP_ACT_NOTIFY;
  if (notify && (!s->seccomp.listener_path || !s->seccomp.listener_path[0]))
    return lc_err_setx (err, EINVAL,
                        "linux.seccomp.listenerPath: required "
                        "with SCMP_ACT_NOTIFY");
  return 0;
}

int
lc_spec_validate (const struct lc_spec *spec,
                  const struct lc_validate_opts *opts, struct lc_err *err)
{
  int r;

  if (!spec->root_path || !spec->root_path[0])
    return lc_err_setx (err, EINVAL, "root.path: must not be empty");
  if (!spec->has_process)
    return lc_err_setx (err, EINVAL,
                        "process: required to create a container");
  if ((r = check_version (spec, err)) < 0
      || (r = lc_process_validate (&spec->process, err)) < 0
      || (r = check_hooks (spec, err)) < 0
      || (r = check_mounts (spec, err)) < 0
      || (r = check_namespaces (spec, opts, err)) < 0
      || (r = check_devices (spec, err)) < 0
      || (r = check_path_list (spec->masked_paths, "linux.maskedPaths", err))
             < 0
      || (r
          = check_path_list (spec->readonly_paths, "linux.readonlyPaths", err))
             < 0
      || (r = check_sysctls (spec, err)) < 0
      || (r = check_seccomp (spec, err)) < 0)
    return r;
  return 0;
}
