/* featureset.c - truthful `hull features`: built from the same tables the
 * parser and loaders use, and from what the running kernel offers. */
#include "featureset.h"

#include <fcntl.h>
#include <jansson.h>
#include <seccomp.h>
#include <stdio.h>
#include <unistd.h>

#include "caps.h"
#include "cgroup_systemd.h"
#include "config.h"

const char *const lc_features_mount_options[]
    = { "async",         "atime",        "bind",
        "defaults",      "dev",          "diratime",
        "dirsync",       "exec",         "idmap",
        "iversion",      "lazytime",     "loud",
        "mand",          "noatime",      "nodev",
        "nodiratime",    "noexec",       "noiversion",
        "nolazytime",    "nomand",       "norelatime",
        "nostrictatime", "nosuid",       "nosymfollow",
        "private",       "ratime",       "rbind",
        "rdev",          "rdiratime",    "relatime",
        "remount",       "rexec",        "ridmap",
        "rnoatime",      "rnodev",       "rnodiratime",
        "rnoexec",       "rnorelatime",  "rnostrictatime",
        "rnosuid",       "rnosymfollow", "ro",
        "rprivate",      "rrelatime",    "rro",
        "rrw",           "rshared",      "rslave",
        "rstrictatime",  "rsuid",        "rsymfollow",
        "runbindable",   "rw",           "shared",
        "silent",        "slave",        "strictatime",
        "suid",          "symfollow",    "sync",
        "tmpcopyup",     "unbindable",   NULL };

static const char *const hooks[] = { "prestart",
                                     "createRuntime",
                                     "createContainer",
                                     "startContainer",
                                     "poststart",
                                     "poststop",
                                     NULL };

static const char *const actions[]
    = { "SCMP_ACT_ALLOW",       "SCMP_ACT_ERRNO",
        "SCMP_ACT_KILL",        "SCMP_ACT_KILL_PROCESS",
        "SCMP_ACT_KILL_THREAD", "SCMP_ACT_LOG",
        "SCMP_ACT_NOTIFY",      "SCMP_ACT_TRACE",
        "SCMP_ACT_TRAP",        NULL };

static const char *const operators[]
    = { "SCMP_CMP_EQ", "SCMP_CMP_GE",        "SCMP_CMP_GT", "SCMP_CMP_LE",
        "SCMP_CMP_LT", "SCMP_CMP_MASKED_EQ", "SCMP_CMP_NE", NULL };

/* OCI arch name and libseccomp's name for it. */
static const char *const archs[][2] = {
  { "SCMP_ARCH_X86", "x86" },
  { "SCMP_ARCH_X86_64", "x86_64" },
  { "SCMP_ARCH_X32", "x32" },
  { "SCMP_ARCH_ARM", "arm" },
  { "SCMP_ARCH_AARCH64", "aarch64" },
  { "SCMP_ARCH_MIPS", "mips" },
  { "SCMP_ARCH_MIPS64", "mips64" },
  { "SCMP_ARCH_MIPS64N32", "mips64n32" },
  { "SCMP_ARCH_MIPSEL", "mipsel" },
  { "SCMP_ARCH_MIPSEL64", "mipsel64" },
  { "SCMP_ARCH_MIPSEL64N32", "mipsel64n32" },
  { "SCMP_ARCH_PPC", "ppc" },
  { "SCMP_ARCH_PPC64", "ppc64" },
  { "SCMP_ARCH_PPC64LE", "ppc64le" },
  { "SCMP_ARCH_S390", "s390" },
  { "SCMP_ARCH_S390X", "s390x" },
  { "SCMP_ARCH_PARISC", "parisc" },
  { "SCMP_ARCH_PARISC64", "parisc64" },
  { "SCMP_ARCH_RISCV64", "riscv64" },
};

static json_t *
strings (const char *const *v)
{
  json_t *a = json_array ();
  for (size_t i = 0; v[i]; i++)
    json_array_append_new (a, json_string (v[i]));
  return a;
}

static json_t *
namespaces (void)
{
  static const char *const ns[][2]
      = { { "pid", "pid" },       { "network", "net" }, { "mount", "mnt" },
          { "ipc", "ipc" },       { "uts", "uts" },     { "user", "user" },
          { "cgroup", "cgroup" }, { "time", "time" } };
  json_t *a = json_array ();
  for (size_t i = 0; i < sizeof ns / sizeof ns[0]; i++)
    {
      char path[64];
      snprintf (path, sizeof path, "/proc/self/ns/%s", ns[i][1]);
      if (access (path, F_OK) == 0)
        json_array_append_new (a, json_string (ns[i][0]));
    }
  return a;
}

static json_t *
capabilities (void)
{
  json_t *a = json_array ();
  int last = lc_caps_last_cap ();
  for (int c = 0; c <= last; c++)
    {
      const char *name = lc_caps_to_name (c);
      if (name)
        json_array_append_new (a, json_string (name));
    }
  return a;
}

static json_t *
seccomp (void)
{
  json_t *arch = json_array ();
  json_t *flags = json_array ();
  const struct scmp_version *v = seccomp_version ();
  for (size_t i = 0; i < sizeof archs / sizeof archs[0]; i++)
    if (seccomp_arch_resolve_name (archs[i][1]) != 0)
      json_array_append_new (arch, json_string (archs[i][0]));
  json_array_append_new (flags, json_string ("SECCOMP_FILTER_FLAG_LOG"));
  json_array_append_new (flags,
                         json_string ("SECCOMP_FILTER_FLAG_SPEC_ALLOW"));
  (void) v;
  return json_pack ("{s:b, s:o, s:o, s:o, s:o, s:o}", "enabled", 1, "actions",
                    strings (actions), "operators", strings (operators),
                    "archs", arch, "knownFlags", json_deep_copy (flags),
                    "supportedFlags", flags);
}

char *
lc_features_json (void)
{
  const struct scmp_version *sv = seccomp_version ();
  char ver[32];
  json_t *linux_, *o;
  char *s;

  snprintf (ver, sizeof ver, "%u.%u.%u", sv->major, sv->minor, sv->micro);
  linux_ = json_pack (
      "{s:o, s:o, s:{s:b, s:b, s:b, s:b, s:b}, s:o, s:{s:b}, s:{s:b}, "
      "s:{s:b}, s:{s:{s:b}}, s:{s:b}}",
      "namespaces", namespaces (), "capabilities", capabilities (), "cgroup",
      "v1", 0, "v2", 1, "systemd", lc_systemd_built (),
      /* the user manager is reached the same way but not tested yet */
      "systemdUser", 0, "rdma", 0, "seccomp", seccomp (), "apparmor",
      "enabled", 0, "selinux", "enabled", 0, "intelRdt", "enabled", 0,
      "mountExtensions", "idmap", "enabled", 1, "netDevices", "enabled", 0);
  o = json_pack (
      "{s:s, s:s, s:o, s:o, s:{s:s, s:s}, s:[], s:o}", "ociVersionMin",
      "1.0.0", "ociVersionMax", "1.3.0", "hooks", strings (hooks),
      "mountOptions", strings (lc_features_mount_options), "annotations",
      "org.hull.version", HULL_VERSION, "org.hull.libseccomp.version", ver,
      "potentiallyUnsafeConfigAnnotations", "linux", linux_);
  if (!o)
    return NULL;
  s = json_dumps (o, JSON_INDENT (4));
  json_decref (o);
  return s;
}
