/* audit_mounts.c - audit rules about the filesystem: host mounts, mount
 * options and propagation, masked and read-only paths, devices. */
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "audit_int.h"
#include "mounts.h"
#include "util.h"

/* --- mounts -------------------------------------------------------------- */

static const struct rule R_MOUNT_HOST
    = { "mount-sensitive-host-path", LC_AUDIT_BASELINE, NULL,
        "remove the mount, or bind only the specific file or directory the "
        "workload needs, read-only" };
static const struct rule R_MOUNT_OPTS = {
  "bind-mount-options", LC_AUDIT_RESTRICTED,
  "setuid binaries or device nodes placed in the host directory (by the "
  "host or by another container) work inside the container",
  "add nosuid and nodev (and noexec where possible) to the mount's options"
};
static const struct rule R_PROPAGATION
    = { "mount-propagation-shared", LC_AUDIT_RESTRICTED,
        "mounts made inside the container propagate to the host's mount "
        "namespace (and back)",
        "use private or slave propagation (rprivate, rslave)" };
static const struct rule R_KERNFS_RW
    = { "kernel-fs-writable", LC_AUDIT_RESTRICTED,
        "writable sysfs or cgroupfs exposes kernel and device settings, and "
        "cgroup release agents in cgroup v1",
        "add ro to the mount's options" };

static const char *const engine_words[]
    = { "docker", "containerd", "crio", "podman", "buildkit", "hull", NULL };

static const struct
{
  const char *path;
  bool subtree; /* everything below is sensitive too */
  enum lc_audit_severity sev;
  const char *risk;
} sensitive[] = {
  { "/var/run/docker.sock", false, LC_AUDIT_CRITICAL, NULL },
  { "/run/docker.sock", false, LC_AUDIT_CRITICAL, NULL },
  { "/run/containerd", true, LC_AUDIT_CRITICAL, NULL },
  { "/var/run/crio", true, LC_AUDIT_CRITICAL, NULL },
  { "/run/crio", true, LC_AUDIT_CRITICAL, NULL },
  { "/run/podman", true, LC_AUDIT_CRITICAL, NULL },
  { "/run/buildkit", true, LC_AUDIT_CRITICAL, NULL },
  { "/run/hull", true, LC_AUDIT_CRITICAL, NULL },
  { "/run/systemd/private", false, LC_AUDIT_CRITICAL, NULL },
  { "/run/dbus/system_bus_socket", false, LC_AUDIT_HIGH, NULL },
  { "/proc", true, LC_AUDIT_CRITICAL,
    "host /proc: host processes, kernel settings (core_pattern) and "
    "/proc/PID/root of host processes" },
  { "/sys", true, LC_AUDIT_HIGH, "host sysfs: device and kernel settings" },
  { "/dev", true, LC_AUDIT_HIGH, "host device nodes: disks, memory, ttys" },
  { "/boot", true, LC_AUDIT_HIGH, "the host's kernels and boot loader" },
  { "/lib/modules", true, LC_AUDIT_HIGH, "the host's kernel modules" },
  { "/usr/lib/modules", true, LC_AUDIT_HIGH, "the host's kernel modules" },
  { "/root", true, LC_AUDIT_HIGH, "root's home: keys and credentials" },
  { "/etc", false, LC_AUDIT_HIGH,
    "the host's configuration: passwords, sudoers, cron, systemd units" },
  { "/var/lib/docker", false, LC_AUDIT_HIGH, "every container's data" },
  { "/var/lib/containers", false, LC_AUDIT_HIGH, "every container's data" },
  { "/var/lib/kubelet", false, LC_AUDIT_HIGH, "every pod's secrets" },
};

#define RUNTIME_SOCKET_RISK                                                   \
  "a container engine's API socket: start a privileged container, i.e. "      \
  "root on the host"

/* Copy of p with repeated and trailing slashes removed. */
static char *
normalize_path (const char *p)
{
  char *out = lc_xmalloc (strlen (p) + 1), *o = out;
  for (; *p; p++)
    if (!(*p == '/' && o > out && o[-1] == '/'))
      *o++ = *p;
  if (o > out + 1 && o[-1] == '/')
    o--;
  *o = '\0';
  return out;
}

/* true if a is b or an ancestor directory of b. */
static bool
path_covers (const char *a, const char *b)
{
  size_t n = strlen (a);
  if (!strcmp (a, "/"))
    return true;
  return !strncmp (a, b, n) && (b[n] == '\0' || b[n] == '/');
}

static bool
is_runtime_socket (const char *src)
{
  const char *base = strrchr (src, '/');
  size_t n;
  base = base ? base + 1 : src;
  n = strlen (base);
  if (n < 5 || strcmp (base + n - 5, ".sock"))
    return false;
  for (size_t i = 0; engine_words[i]; i++)
    if (strstr (base, engine_words[i]))
      return true;
  return false;
}

static void
check_mount_source (struct audit *a, size_t i, const char *src)
{
  cleanup_free char *s = normalize_path (src);
  const char *hit = NULL, *risk = NULL;
  enum lc_audit_severity sev = LC_AUDIT_INFO;
  bool ro = lc_audit_strv_contains (a->spec->mounts[i].options, "ro");

  if (is_runtime_socket (s))
    hit = s, risk = RUNTIME_SOCKET_RISK, sev = LC_AUDIT_CRITICAL;
  for (size_t k = 0; k < sizeof sensitive / sizeof sensitive[0]; k++)
    {
      bool match
          = path_covers (s, sensitive[k].path)
            || (sensitive[k].subtree && path_covers (sensitive[k].path, s));
      if (!match || sensitive[k].sev <= sev)
        continue;
      hit = sensitive[k].path;
      sev = sensitive[k].sev;
      risk = sensitive[k].risk ? sensitive[k].risk : RUNTIME_SOCKET_RISK;
    }
  /* A read-only bind of /sys shows what a read-only sysfs mount shows
   * (rootless configs use it when the network namespace is shared). */
  if (!hit || (ro && path_covers ("/sys", s)))
    return;
  if (!strcmp (s, "/"))
    risk = "the host's whole filesystem";
  lc_audit_add_finding (
      a, &R_MOUNT_HOST, sev, risk, lc_xasprintf ("mounts[%zu].source", i),
      "'%s' exposes '%s'%s", s, hit, ro ? " (read-only)" : "");
}

static void
check_one_mount (struct audit *a, size_t i)
{
  const struct lc_mount *m = &a->spec->mounts[i];
  char *const *o = m->options;

  if (lc_audit_strv_contains (o, "shared")
      || lc_audit_strv_contains (o, "rshared"))
    lc_audit_add_finding (a, &R_PROPAGATION, LC_AUDIT_MEDIUM, NULL,
                          lc_xasprintf ("mounts[%zu].options", i),
                          "'%s' is shared", m->destination);
  if (m->type
      && (!strcmp (m->type, "sysfs") || !strcmp (m->type, "cgroup")
          || !strcmp (m->type, "cgroup2"))
      && !lc_audit_strv_contains (o, "ro"))
    lc_audit_add_finding (a, &R_KERNFS_RW, LC_AUDIT_MEDIUM, NULL,
                          lc_xasprintf ("mounts[%zu].options", i),
                          "%s at '%s' without ro", m->type, m->destination);
  if (!lc_mount_is_bind (m) || !m->source)
    return;
  if (m->source[0] == '/')
    check_mount_source (a, i, m->source);
  if (!lc_audit_strv_contains (o, "nosuid")
      || !lc_audit_strv_contains (o, "nodev"))
    lc_audit_add_finding (a, &R_MOUNT_OPTS, LC_AUDIT_LOW, NULL,
                          lc_xasprintf ("mounts[%zu].options", i),
                          "bind mount of '%s' without%s%s", m->source,
                          lc_audit_strv_contains (o, "nosuid") ? ""
                                                               : " nosuid",
                          lc_audit_strv_contains (o, "nodev") ? "" : " nodev");
}

void
lc_audit_check_mounts (struct audit *a)
{
  const char *prop = a->spec->rootfs_propagation;

  for (size_t i = 0; i < a->spec->n_mounts; i++)
    check_one_mount (a, i);
  if (prop && (!strcmp (prop, "shared") || !strcmp (prop, "rshared")))
    lc_audit_add_finding (a, &R_PROPAGATION, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("linux.rootfsPropagation"), "'%s'",
                          prop);
}

/* --- masked and read-only paths ------------------------------------------ */

static const struct rule R_MASKED = {
  "masked-paths-removed", LC_AUDIT_BASELINE,
  "kernel memory, keys and timing data of the host are readable through "
  "procfs and sysfs",
  "add the paths to linux.maskedPaths (hull spec writes the full list)"
};
static const struct rule R_READONLY = {
  "readonly-paths-removed", LC_AUDIT_BASELINE,
  "kernel settings under /proc are writable: sysctls of the host, "
  "sysrq-trigger, irq affinity",
  "add the paths to linux.readonlyPaths (hull spec writes the full list)"
};

static bool
mounted_type (const struct lc_spec *s, const char *type, const char *dest)
{
  for (size_t i = 0; i < s->n_mounts; i++)
    if ((s->mounts[i].type && !strcmp (s->mounts[i].type, type))
        || !strcmp (s->mounts[i].destination, dest))
      return true;
  return false;
}

/* true if path or one of its ancestors is in v. */
static bool
listed (char *const *v, const char *path)
{
  for (size_t i = 0; v && v[i]; i++)
    {
      cleanup_free char *n = normalize_path (v[i]);
      if (path_covers (n, path))
        return true;
    }
  return false;
}

static void
check_path_list (struct audit *a, const struct rule *r, char *const *have,
                 const char *const *want, const char *json)
{
  bool proc = mounted_type (a->spec, "proc", "/proc");
  bool sys = mounted_type (a->spec, "sysfs", "/sys");
  cleanup_free char *missing = NULL;

  for (size_t i = 0; want[i]; i++)
    {
      char *old = missing;
      if ((!strncmp (want[i], "/proc/", 6) && !proc)
          || (!strncmp (want[i], "/sys/", 5) && !sys)
          || listed (have, want[i]))
        continue;
      missing
          = old ? lc_xasprintf ("%s, %s", old, want[i]) : lc_xstrdup (want[i]);
      free (old);
    }
  if (missing)
    lc_audit_add_finding (a, r, LC_AUDIT_MEDIUM, NULL, lc_xstrdup (json),
                          "missing %s", missing);
}

void
lc_audit_check_masks (struct audit *a)
{
  static const char *const masked[]
      = { "/proc/acpi",          "/proc/kcore",      "/proc/keys",
          "/proc/latency_stats", "/proc/timer_list", "/proc/sched_debug",
          "/proc/scsi",          "/sys/firmware",    NULL };
  static const char *const ro[]
      = { "/proc/bus",           "/proc/fs", "/proc/irq", "/proc/sys",
          "/proc/sysrq-trigger", NULL };
  check_path_list (a, &R_MASKED, a->spec->masked_paths, masked,
                   "linux.maskedPaths");
  check_path_list (a, &R_READONLY, a->spec->readonly_paths, ro,
                   "linux.readonlyPaths");
}

/* --- devices ------------------------------------------------------------- */

static const struct rule R_DEVICE
    = { "device-granted", LC_AUDIT_BASELINE, NULL,
        "remove the device from linux.devices unless the workload needs it; "
        "never pass block devices or memory devices" };
static const struct rule R_DEVICE_CGROUP
    = { "device-cgroup-open", LC_AUDIT_BASELINE,
        "the device controller lets the container open (and with m, create) "
        "device nodes it was not given: host disks and memory",
        "start linux.resources.devices with {\"allow\": false, \"access\": "
        "\"rwm\"} and allow only specific devices" };

static void
check_device (struct audit *a, size_t i)
{
  static const struct
  {
    int64_t major, minor;
  } safe[] = { { 1, 3 }, { 1, 5 }, { 1, 7 }, { 1, 8 },
               { 1, 9 }, { 5, 0 }, { 5, 1 }, { 5, 2 } };
  const struct lc_device *d = &a->spec->devices[i];
  enum lc_audit_severity sev = LC_AUDIT_MEDIUM;
  const char *risk = "direct access to a host device";

  if (d->type != 'b')
    for (size_t k = 0; k < sizeof safe / sizeof safe[0]; k++)
      if (safe[k].major == d->major && safe[k].minor == d->minor)
        return;
  if (d->type == 'b')
    sev = LC_AUDIT_HIGH, risk = "raw access to a host block device: read "
                                "and change any file on it";
  else if (d->major == 1 && (d->minor == 1 || d->minor == 2 || d->minor == 4))
    sev = LC_AUDIT_CRITICAL, risk = "host physical memory or I/O ports";
  else if (d->major == 1 && d->minor == 11)
    sev = LC_AUDIT_HIGH, risk = "the kernel log (kernel addresses)";
  lc_audit_add_finding (a, &R_DEVICE, sev, risk,
                        lc_xasprintf ("linux.devices[%zu]", i),
                        "%c %lld:%lld '%s'", d->type, (long long) d->major,
                        (long long) d->minor, d->path);
}

void
lc_audit_check_devices (struct audit *a)
{
  const struct lc_resources *res = &a->spec->resources;

  for (size_t i = 0; i < a->spec->n_devices; i++)
    check_device (a, i);
  for (size_t i = 0; i < res->n_devices; i++)
    {
      const struct lc_device_rule *d = &res->devices[i];
      bool wide = d->type == 'a' || d->major == -1;
      if (!d->allow || !wide)
        continue;
      /* a later deny-all takes it back */
      bool revoked = false;
      for (size_t k = i + 1; k < res->n_devices; k++)
        if (!res->devices[k].allow && res->devices[k].type == 'a')
          revoked = true;
      if (!revoked)
        lc_audit_add_finding (a, &R_DEVICE_CGROUP, LC_AUDIT_HIGH, NULL,
                              lc_xasprintf ("linux.resources.devices[%zu]", i),
                              "allows %s devices '%s'",
                              d->type == 'a'   ? "all"
                              : d->type == 'b' ? "all block"
                                               : "all character",
                              d->access);
    }
}
