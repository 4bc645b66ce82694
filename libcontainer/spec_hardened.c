/* spec_hardened.c - the config.json of `hull spec --hardened`: every
 * control of `hull audit --policy restricted` switched on (see
 * docs/hardening.md for why each field is what it is). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "spec_hardened.h"

#include "spec_default.h"

#include "cgroup.h"
#include "profile_strict.h" /* generated: lc_profile_strict_json */
#include "util.h"

#define NOBODY 65534

const char *
lc_spec_strict_profile (void)
{
  return lc_profile_strict_json;
}

static json_t *
hardened_process (void)
{
  static const char *const env[]
      = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
          "HOME=/", NULL };
  static const char *const none[] = { NULL };
  static const char *const args[] = { "sh", NULL };

  /* Every set present and empty: nothing is inherited, nothing raised, and
   * the bounding set is emptied so no exec can gain a capability. */
  return json_pack (
      "{s:b, s:{s:i, s:i}, s:o, s:o, s:s, s:{s:o, s:o, s:o, s:o, s:o},"
      " s:[{s:s, s:I, s:I}, {s:s, s:I, s:I}], s:b}",
      "terminal", 0, "user", "uid", NOBODY, "gid", NOBODY, "args",
      lc_spec_json_strv (args), "env", lc_spec_json_strv (env), "cwd", "/",
      "capabilities", "bounding", lc_spec_json_strv (none), "effective",
      lc_spec_json_strv (none), "inheritable", lc_spec_json_strv (none),
      "permitted", lc_spec_json_strv (none), "ambient",
      lc_spec_json_strv (none), "rlimits", "type", "RLIMIT_NOFILE", "hard",
      (json_int_t) 1024, "soft", (json_int_t) 1024, "type", "RLIMIT_CORE",
      "hard", (json_int_t) 0, "soft", (json_int_t) 0, "noNewPrivileges", 1);
}

static json_t *
mount_entry (const char *dest, const char *type, const char *src,
             const char *const *opts)
{
  return json_pack ("{s:s, s:s, s:s, s:o}", "destination", dest, "type", type,
                    "source", src, "options", lc_spec_json_strv (opts));
}

static json_t *
hardened_mounts (bool rootless)
{
  static const char *const proc[] = { "nosuid", "noexec", "nodev", NULL };
  static const char *const dev[]
      = { "nosuid", "noexec", "strictatime", "mode=755", "size=65536k", NULL };
  static const char *const pts_root[]
      = { "nosuid",    "noexec", "newinstance", "ptmxmode=0666",
          "mode=0620", "gid=5",  NULL };
  static const char *const pts_rootless[] = { "nosuid",      "noexec",
                                              "newinstance", "ptmxmode=0666",
                                              "mode=0620",   NULL };
  static const char *const shm[]
      = { "nosuid", "noexec", "nodev", "mode=1777", "size=65536k", NULL };
  static const char *const mqueue[] = { "nosuid", "noexec", "nodev", NULL };
  static const char *const sys[] = { "nosuid", "noexec", "nodev", "ro", NULL };
  static const char *const tmp[]
      = { "nosuid", "nodev", "noexec", "mode=1777", "size=65536k", NULL };
  json_t *m = json_pack (
      "[o, o, o, o, o, o, o]", mount_entry ("/proc", "proc", "proc", proc),
      mount_entry ("/dev", "tmpfs", "tmpfs", dev),
      mount_entry ("/dev/pts", "devpts", "devpts",
                   rootless ? pts_rootless : pts_root),
      mount_entry ("/dev/shm", "tmpfs", "shm", shm),
      mount_entry ("/dev/mqueue", "mqueue", "mqueue", mqueue),
      mount_entry ("/sys", "sysfs", "sysfs", sys),
      mount_entry ("/tmp", "tmpfs", "tmpfs", tmp));
  return m;
}

static json_t *
hardened_namespaces (bool rootless)
{
  static const char *const types[]
      = { "pid", "network", "ipc", "uts", "mount", "cgroup", NULL };
  json_t *a = json_array ();
  if (!a)
    abort ();
  /* The user namespace first: the others are then owned by it. */
  if (rootless
      && json_array_append_new (a, json_pack ("{s:s}", "type", "user")) < 0)
    abort ();
  for (size_t i = 0; types[i]; i++)
    if (json_array_append_new (a, json_pack ("{s:s}", "type", types[i])) < 0)
      abort ();
  return a;
}

/* The default masked paths and /proc/interrupts (interrupt counts per
 * CPU: a timing side channel a single service has no use for). */
static json_t *
masked_paths (void)
{
  json_t *a = lc_spec_json_strv (lc_spec_default_masked);
  if (a && json_array_append_new (a, json_string ("/proc/interrupts")) < 0)
    {
      json_decref (a);
      return NULL;
    }
  return a;
}

static json_t *
hardened_linux (bool rootless, bool fit_host, json_t *seccomp)
{
  json_t *l = json_pack (
      "{s:o, s:{s:{s:I}, s:{s:I}}, s:o, s:o, s:o}", "namespaces",
      hardened_namespaces (rootless), "resources", "memory", "limit",
      (json_int_t) LC_HARDENED_MEMORY_LIMIT, "pids", "limit",
      (json_int_t) LC_HARDENED_PIDS_LIMIT, "maskedPaths", masked_paths (),
      "readonlyPaths", lc_spec_json_strv (lc_spec_default_readonly), "seccomp",
      seccomp);
  if (!l)
    abort ();
  /* Limits need a cgroup v2 controller, and rootless a delegated cgroup:
   * create would refuse a limit this host cannot enforce, so the config
   * carries only those it can (docs/hardening.md). */
  if (!fit_host)
    ;
  else if (rootless && !lc_cgroup_own_writable ())
    json_object_del (l, "resources");
  else
    {
      json_t *res = json_object_get (l, "resources");
      if (!lc_cgroup_has_controller ("memory"))
        json_object_del (res, "memory");
      if (!lc_cgroup_has_controller ("pids"))
        json_object_del (res, "pids");
      if (json_object_size (res) == 0)
        json_object_del (l, "resources");
    }
  if (rootless)
    {
      /* An unprivileged caller may map exactly its own ids; map them to
       * 65534 so the process is nobody inside and the caller outside, and
       * no id inside is root. */
      json_t *uid = json_pack ("[{s:i, s:I, s:i}]", "containerID", NOBODY,
                               "hostID", (json_int_t) geteuid (), "size", 1);
      json_t *gid = json_pack ("[{s:i, s:I, s:i}]", "containerID", NOBODY,
                               "hostID", (json_int_t) getegid (), "size", 1);
      if (!uid || !gid || json_object_set_new (l, "uidMappings", uid) < 0
          || json_object_set_new (l, "gidMappings", gid) < 0)
        abort ();
    }
  return l;
}

static int
load_profile (const char *dir, json_t **ret, struct lc_err *err)
{
  cleanup_free char *path = NULL;
  cleanup_free char *text = NULL;
  json_error_t je;
  json_t *p;
  int r;

  if (dir)
    {
      path = lc_xasprintf ("%s/strict.json", dir);
      r = lc_read_file_at (AT_FDCWD, path, 1 << 20, &text, NULL, err);
      if (r < 0)
        return r;
    }
  p = json_loads (dir ? text : lc_profile_strict_json, 0, &je);
  if (!p || !json_is_object (p))
    {
      json_decref (p);
      return lc_err_setx (err, EINVAL, "seccomp profile '%s': %s (line %d)",
                          path ? path : "strict.json (built in)", je.text,
                          je.line);
    }
  *ret = p;
  return 0;
}

int
lc_spec_hardened (bool rootless, bool fit_host, const char *profile_dir,
                  char **ret, struct lc_err *err)
{
  json_t *seccomp = NULL, *doc;
  char *out;
  int r;

  if ((r = load_profile (profile_dir, &seccomp, err)) < 0)
    return r;
  doc = json_pack ("{s:s, s:o, s:{s:s, s:b}, s:s, s:o, s:o}", "ociVersion",
                   "1.3.0", "process", hardened_process (), "root", "path",
                   "rootfs", "readonly", 1, "hostname", "hull", "mounts",
                   hardened_mounts (rootless), "linux",
                   hardened_linux (rootless, fit_host, seccomp));
  if (!doc)
    abort ();
  out = json_dumps (doc, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  json_decref (doc);
  if (!out)
    abort ();
  *ret = out;
  return 0;
}

char *
lc_spec_hardened_json (bool rootless, const char *profile_dir)
{
  struct lc_err err;
  char *out = NULL;

  lc_err_clear (&err);
  if (lc_spec_hardened (rootless, false, profile_dir, &out, &err) < 0)
    return NULL;
  return out;
}
