/* spec_default.c - the config.json that "hull spec" writes.
 *
 * Built with jansson so the output is always well-formed; the layout
 * follows what users of other OCI runtimes expect from "spec". */
#include "spec_default.h"

#include "profile_default.h" /* generated: lc_profile_default_json */

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static const char *const caps[]
    = { "CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE", NULL };

const char *const lc_spec_default_masked[] = { "/proc/acpi",
                                               "/proc/asound",
                                               "/proc/kcore",
                                               "/proc/keys",
                                               "/proc/latency_stats",
                                               "/proc/timer_list",
                                               "/proc/timer_stats",
                                               "/proc/sched_debug",
                                               "/proc/scsi",
                                               "/sys/firmware",
                                               "/sys/devices/virtual/powercap",
                                               NULL };

const char *const lc_spec_default_readonly[]
    = { "/proc/bus",           "/proc/fs", "/proc/irq", "/proc/sys",
        "/proc/sysrq-trigger", NULL };

json_t *
lc_spec_json_strv (const char *const *v)
{
  json_t *a = json_array ();

  for (; a && *v; v++)
    if (json_array_append_new (a, json_string (*v)) < 0)
      {
        json_decref (a);
        return NULL;
      }
  return a;
}

static int
add_mount (json_t *mounts, const char *dst, const char *type, const char *src,
           const char *const *options)
{
  json_t *m = json_pack ("{s:s, s:s, s:s}", "destination", dst, "type", type,
                         "source", src);

  if (m && options
      && json_object_set_new (m, "options", lc_spec_json_strv (options)) < 0)
    {
      json_decref (m);
      return -1;
    }
  return json_array_append_new (mounts, m);
}

static json_t *
build_mounts (bool rootless)
{
  static const char *const dev[]
      = { "nosuid", "strictatime", "mode=755", "size=65536k", NULL };
  static const char *const pts[]
      = { "nosuid",    "noexec", "newinstance", "ptmxmode=0666",
          "mode=0620", "gid=5",  NULL };
  /* An unprivileged user namespace has no gid 5 to give the ptys. */
  static const char *const pts_rootless[] = { "nosuid",      "noexec",
                                              "newinstance", "ptmxmode=0666",
                                              "mode=0620",   NULL };
  static const char *const shm[]
      = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL };
  static const char *const mqueue[] = { "nosuid", "noexec", "nodev", NULL };
  static const char *const sysfs[]
      = { "nosuid", "noexec", "nodev", "ro", NULL };
  static const char *const sysbind[]
      = { "rbind", "nosuid", "noexec", "nodev", "ro", NULL };
  static const char *const cgroup[]
      = { "nosuid", "noexec", "nodev", "relatime", "ro", NULL };
  json_t *m = json_array ();
  int r = 0;

  r |= add_mount (m, "/proc", "proc", "proc", NULL);
  r |= add_mount (m, "/dev", "tmpfs", "tmpfs", dev);
  r |= add_mount (m, "/dev/pts", "devpts", "devpts",
                  rootless ? pts_rootless : pts);
  r |= add_mount (m, "/dev/shm", "tmpfs", "shm", shm);
  r |= add_mount (m, "/dev/mqueue", "mqueue", "mqueue", mqueue);
  /* sysfs needs a network namespace we own; rootless has none. */
  if (rootless)
    r |= add_mount (m, "/sys", "none", "/sys", sysbind);
  else
    r |= add_mount (m, "/sys", "sysfs", "sysfs", sysfs);
  if (!rootless)
    r |= add_mount (m, "/sys/fs/cgroup", "cgroup", "cgroup", cgroup);
  if (!m || r)
    {
      json_decref (m);
      return NULL;
    }
  return m;
}

static json_t *
build_process (void)
{
  static const char *const args[] = { "sh", NULL };
  static const char *const env[]
      = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "TERM=xterm", NULL };

  return json_pack (
      "{s:b, s:{s:i, s:i}, s:o, s:o, s:s,"
      " s:{s:o, s:o, s:o}, s:[{s:s, s:i, s:i}], s:b}",
      "terminal", 1, "user", "uid", 0, "gid", 0, "args",
      lc_spec_json_strv (args), "env", lc_spec_json_strv (env), "cwd", "/",
      "capabilities", "bounding", lc_spec_json_strv (caps), "effective",
      lc_spec_json_strv (caps), "permitted", lc_spec_json_strv (caps),
      "rlimits", "type", "RLIMIT_NOFILE", "hard", 1024, "soft", 1024,
      "noNewPrivileges", 1);
}

static json_t *
build_linux (bool rootless)
{
  static const char *const ns_root[]
      = { "pid", "network", "ipc", "uts", "mount", "cgroup", NULL };
  static const char *const ns_rootless[]
      = { "pid", "ipc", "uts", "mount", "cgroup", "user", NULL };
  const char *const *ns = rootless ? ns_rootless : ns_root;
  json_t *lx, *list = json_array ();

  for (; list && *ns; ns++)
    if (json_array_append_new (list, json_pack ("{s:s}", "type", *ns)) < 0)
      break;
  /* The general-purpose allow-list profile of seccomp-profiles/. */
  lx = json_pack ("{s:o, s:o, s:o, s:o}", "namespaces", list, "maskedPaths",
                  lc_spec_json_strv (lc_spec_default_masked), "readonlyPaths",
                  lc_spec_json_strv (lc_spec_default_readonly), "seccomp",
                  json_loads (lc_profile_default_json, 0, NULL));
  if (!lx || *ns)
    {
      json_decref (lx);
      return NULL;
    }
  if (rootless)
    {
      json_int_t uid = (json_int_t) getuid (), gid = (json_int_t) getgid ();
      if (json_object_set_new (lx, "uidMappings",
                               json_pack ("[{s:i, s:I, s:i}]", "containerID",
                                          0, "hostID", uid, "size", 1))
              < 0
          || json_object_set_new (lx, "gidMappings",
                                  json_pack ("[{s:i, s:I, s:i}]",
                                             "containerID", 0, "hostID", gid,
                                             "size", 1))
                 < 0)
        {
          json_decref (lx);
          return NULL;
        }
    }
  else if (json_object_set_new (lx, "resources",
                                json_pack ("{s:[{s:b, s:s}]}", "devices",
                                           "allow", 0, "access", "rwm"))
           < 0)
    {
      json_decref (lx);
      return NULL;
    }
  return lx;
}

char *
lc_spec_default_json (bool rootless)
{
  json_t *root;
  char *text, *out;
  size_t len;

  root = json_pack ("{s:s, s:o, s:{s:s, s:b}, s:s, s:o, s:o}", "ociVersion",
                    "1.3.0", "process", build_process (), "root", "path",
                    "rootfs", "readonly", 1, "hostname", "hull", "mounts",
                    build_mounts (rootless), "linux", build_linux (rootless));
  if (!root)
    return NULL;
  text = json_dumps (root, JSON_INDENT (4));
  json_decref (root);
  if (!text)
    return NULL;
  len = strlen (text);
  out = realloc (text, len + 2);
  if (!out)
    {
      free (text);
      return NULL;
    }
  memcpy (out + len, "\n", 2);
  return out;
}
