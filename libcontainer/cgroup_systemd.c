/* cgroup_systemd.c - the container's transient scope unit, through
 * systemd's manager over D-Bus.
 *
 * Connection: the manager's private socket first (/run/systemd/private as
 * root, $XDG_RUNTIME_DIR/systemd/private for the user manager), as
 * systemctl does as root: it is served by systemd itself, so it works on
 * hosts without a dbus-daemon; the bus (sd_bus_open_system/_user) is the
 * fallback.  On the private socket systemd sends its signals to every
 * peer; on the bus only to subscribers, hence Subscribe. */
#include "cgroup_systemd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "config.h"
#include "util.h"

#if HULL_SYSTEMD
#include <dlfcn.h>
#include <systemd/sd-bus.h>
#endif

#define UNIT_NAME_MAX 255

/* --- names (always built: the plan and the tests need them) ------------- */

static bool
valid_unit_chars (const char *s)
{
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')
          || (*s >= '0' && *s <= '9') || strchr (":-_.\\", *s)))
      return false;
  return true;
}

/* "-.slice" (the root) or dash-separated non-empty words + ".slice". */
static bool
valid_slice (const char *s)
{
  size_t n = strlen (s);
  const char *w;

  if (strcmp (s, "-.slice") == 0)
    return true;
  if (n <= 6 || n > UNIT_NAME_MAX || strcmp (s + n - 6, ".slice") != 0
      || !valid_unit_chars (s))
    return false;
  for (w = s; w < s + n - 6; w++)
    if (*w == '-' && (w == s || w[1] == '-' || w + 1 == s + n - 6))
      return false;
  return true;
}

int
lc_systemd_names (const char *cgroups_path, const char *id, bool rootless,
                  char **ret_slice, char **ret_unit, struct lc_err *err)
{
  cleanup_free char *copy = lc_xstrdup (cgroups_path ? cgroups_path : "");
  const char *slice = "", *prefix = "", *name = "";
  cleanup_free char *unit = NULL;
  bool given = *copy != '\0';
  char *c1, *c2;

  if (given)
    {
      c1 = strchr (copy, ':');
      c2 = c1 ? strchr (c1 + 1, ':') : NULL;
      if (!c2 || strchr (c2 + 1, ':') || strchr (copy, '/'))
        return lc_err_setx (err, EINVAL,
                            "linux.cgroupsPath '%s': with --systemd-cgroup "
                            "it is 'slice:prefix:name' (parts may be empty)",
                            cgroups_path);
      *c1 = *c2 = '\0';
      slice = copy;
      prefix = c1 + 1;
      name = c2 + 1;
    }
  if (!*slice)
    slice = rootless ? "user.slice" : "system.slice";
  if (!*prefix)
    prefix = given ? "" : "hull";
  if (!*name)
    name = id;
  if (!valid_slice (slice))
    return lc_err_setx (err, EINVAL,
                        "linux.cgroupsPath: '%s' is not a slice name "
                        "(want words of [A-Za-z0-9:_.\\] joined by single "
                        "'-', ending in '.slice', e.g. 'machine-web.slice')",
                        slice);
  if (strlen (name) > 6 && !strcmp (name + strlen (name) - 6, ".slice"))
    return lc_err_setx (err, EINVAL,
                        "linux.cgroupsPath: the name '%s' is a slice; hull "
                        "makes a scope, give a plain name",
                        name);
  unit = *prefix ? lc_xasprintf ("%s-%s.scope", prefix, name)
                 : lc_xasprintf ("%s.scope", name);
  if (strlen (unit) > UNIT_NAME_MAX || !valid_unit_chars (unit)
      || unit[0] == '-' || unit[0] == '.')
    return lc_err_setx (err, EINVAL,
                        "linux.cgroupsPath: '%s' is not a valid unit name "
                        "(characters [A-Za-z0-9:_.\\-], at most %d)",
                        unit, UNIT_NAME_MAX);
  *ret_slice = lc_xstrdup (slice);
  *ret_unit = TAKE_PTR (unit);
  return 0;
}

char *
lc_systemd_cgroup_of (const char *slice, const char *unit)
{
  size_t n = strlen (slice) - 6, len = 0, levels = 1;
  char *out;

  if (strcmp (slice, "-.slice") == 0)
    return lc_xasprintf ("/%s", unit);
  for (size_t i = 0; i < n; i++)
    levels += slice[i] == '-';
  /* Each dash opens the next level: a-b.slice lives in a.slice. */
  out = lc_xcalloc (1, levels * (strlen (slice) + 2) + strlen (unit) + 2);
  for (size_t i = 0; i <= n; i++)
    if (i == n || slice[i] == '-')
      len += (size_t) sprintf (out + len, "/%.*s.slice", (int) i, slice);
  sprintf (out + len, "/%s", unit);
  return out;
}

/* --- the manager ----------------------------------------------------------
 */

#if HULL_SYSTEMD
static int load_libsystemd (struct lc_err *err);
#endif

bool
lc_systemd_built (void)
{
#if HULL_SYSTEMD
  struct lc_err e = { 0 };

  /* built with it, and libsystemd.so.0 is there to be opened */
  if (load_libsystemd (&e) == 0)
    return true;
  lc_err_clear (&e);
#endif
  return false;
}

int
lc_systemd_check (struct lc_err *err)
{
  struct stat sb;

  if (stat ("/run/systemd/system", &sb) < 0)
    return lc_err_setx (err, EOPNOTSUPP,
                        "systemd is not PID 1 on this host (no "
                        "/run/systemd/system); leave the flag out "
                        "(cgroupfs placement)");
  if (!HULL_SYSTEMD)
    return lc_err_setx (err, EOPNOTSUPP,
                        "this build of hull has no systemd (D-Bus) cgroup "
                        "manager (built without libsystemd); leave the flag "
                        "out (cgroupfs placement)");
#if HULL_SYSTEMD
  {
    /* The scope is asked for once the state dir and the init exist: a
     * library that cannot be loaded is refused here, before anything is
     * created, with the same dlopen the scope calls use. */
    struct lc_err e = { 0 };
    if (load_libsystemd (&e) < 0)
      return lc_err_setx (err, EOPNOTSUPP,
                          "%s; install libsystemd or leave the flag out "
                          "(cgroupfs placement)",
                          e.msg);
  }
#endif
  return 0;
}

#if HULL_SYSTEMD

#define DEST "org.freedesktop.systemd1"
#define OBJ "/org/freedesktop/systemd1"
#define IFACE "org.freedesktop.systemd1.Manager"
#define JOB_TIMEOUT_USEC (20ULL * 1000000)
#define CALL_TIMEOUT_USEC (10ULL * 1000000)

/* libsystemd is opened only when --systemd-cgroup asks for it: linked
 * in, it and its five libraries (gcrypt, zstd, lzma, lz4, gpg-error) were
 * loaded by every hull command, about 1 MiB of peak RSS and a slower
 * start for a feature most runs never use. */
#define SD_FUNCS(X)                                                           \
  X (sd_bus_call)                                                             \
  X (sd_bus_call_method)                                                      \
  X (sd_bus_error_free)                                                       \
  X (sd_bus_error_has_name)                                                   \
  X (sd_bus_flush_close_unref)                                                \
  X (sd_bus_match_signal)                                                     \
  X (sd_bus_message_append)                                                   \
  X (sd_bus_message_close_container)                                          \
  X (sd_bus_message_new_method_call)                                          \
  X (sd_bus_message_open_container)                                           \
  X (sd_bus_message_read)                                                     \
  X (sd_bus_message_unref)                                                    \
  X (sd_bus_new)                                                              \
  X (sd_bus_open_system)                                                      \
  X (sd_bus_open_user)                                                        \
  X (sd_bus_process)                                                          \
  X (sd_bus_set_address)                                                      \
  X (sd_bus_start)                                                            \
  X (sd_bus_wait)

static struct
{
#define SD_MEMBER(fn) __typeof__ (fn) *fn;
  SD_FUNCS (SD_MEMBER)
#undef SD_MEMBER
  bool loaded;
} sd;

static int
load_libsystemd (struct lc_err *err)
{
  void *h;

  if (sd.loaded)
    return 0;
  h = dlopen ("libsystemd.so.0", RTLD_NOW | RTLD_LOCAL);
  if (!h)
    return lc_err_setx (err, ENOENT, "cannot load libsystemd.so.0 (%s)",
                        dlerror ());
#define SD_LOAD(fn)                                                           \
  if (!(*(void **) &sd.fn = dlsym (h, #fn)))                                  \
    return lc_err_setx (err, ENOENT, "libsystemd.so.0 lacks %s", #fn);
  SD_FUNCS (SD_LOAD)
#undef SD_LOAD
  sd.loaded = true;
  return 0;
}

static sd_bus *
bus_unref (sd_bus *bus)
{
  return bus ? sd.sd_bus_flush_close_unref (bus) : NULL;
}
#define cleanup_bus __attribute__ ((cleanup (bus_unrefp))) sd_bus *
static void
bus_unrefp (sd_bus **b)
{
  *b = bus_unref (*b);
}

static int
connect_private (const char *path, sd_bus **ret)
{
  cleanup_free char *addr = lc_xasprintf ("unix:path=%s", path);
  sd_bus *bus = NULL;
  int r = sd.sd_bus_new (&bus);

  if (r >= 0)
    r = sd.sd_bus_set_address (bus, addr);
  if (r >= 0)
    r = sd.sd_bus_start (bus);
  if (r < 0)
    {
      bus_unref (bus);
      return r;
    }
  *ret = bus;
  return 0;
}

static int
connect_manager (bool user, sd_bus **ret, struct lc_err *err)
{
  cleanup_free char *priv = NULL;
  const char *xdg = getenv ("XDG_RUNTIME_DIR");
  int r;

  r = load_libsystemd (err);
  if (r < 0)
    return r;

  if (!user)
    priv = lc_xstrdup ("/run/systemd/private");
  else if (xdg && *xdg)
    priv = lc_xasprintf ("%s/systemd/private", xdg);
  if (priv && connect_private (priv, ret) == 0)
    return 0;
  r = user ? sd.sd_bus_open_user (ret) : sd.sd_bus_open_system (ret);
  if (r < 0)
    return lc_err_set (err, -r,
                       "connect to systemd's %s manager ('%s', then the %s "
                       "bus)",
                       user ? "user" : "system",
                       priv ? priv : "no XDG_RUNTIME_DIR",
                       user ? "user" : "system");
  return 0;
}

struct job_wait
{
  char *job; /* object path of the job to wait for */
  bool done;
  char result[32];
};

static int
on_job_removed (sd_bus_message *m, void *data, sd_bus_error *e)
{
  struct job_wait *w = data;
  const char *path, *unit, *result;
  uint32_t id;

  if (sd.sd_bus_message_read (m, "uoss", &id, &path, &unit, &result) < 0)
    return 0;
  if (w->job && strcmp (path, w->job) == 0)
    {
      w->done = true;
      snprintf (w->result, sizeof w->result, "%s", result);
    }
  return 0;
}

static uint64_t
now_usec (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

/* Dispatch until the job's JobRemoved arrives; its result must be done. */
static int
wait_job (sd_bus *bus, struct job_wait *w, const char *what, const char *unit,
          struct lc_err *err)
{
  uint64_t deadline = now_usec () + JOB_TIMEOUT_USEC, now;
  int r;

  while (!w->done)
    {
      r = sd.sd_bus_process (bus, NULL);
      if (r < 0)
        return lc_err_set (err, -r, "%s '%s': D-Bus", what, unit);
      if (r > 0)
        continue;
      now = now_usec ();
      if (now >= deadline)
        return lc_err_setx (err, ETIMEDOUT,
                            "%s '%s': systemd did not finish the job in "
                            "%llu s",
                            what, unit, JOB_TIMEOUT_USEC / 1000000);
      r = sd.sd_bus_wait (bus, deadline - now);
      if (r < 0)
        return lc_err_set (err, -r, "%s '%s': D-Bus", what, unit);
    }
  if (strcmp (w->result, "done") != 0)
    return lc_err_setx (err, EIO, "%s '%s': the systemd job ended '%s'", what,
                        unit, w->result);
  return 0;
}

/* Connect, subscribe, watch JobRemoved: ready for a job-making call. */
static int
open_for_jobs (bool user, struct job_wait *w, sd_bus **ret, struct lc_err *err)
{
  cleanup_bus bus = NULL;
  int r = connect_manager (user, &bus, err);

  if (r < 0)
    return r;
  /* Subscribe: needed on the bus, harmless on the private socket.  It
   * fails on old managers that need no subscription; fine either way. */
  (void) sd.sd_bus_call_method (bus, DEST, OBJ, IFACE, "Subscribe", NULL, NULL,
                                NULL);
  r = sd.sd_bus_match_signal (bus, NULL, DEST, OBJ, IFACE, "JobRemoved",
                              on_job_removed, w);
  if (r < 0)
    return lc_err_set (err, -r, "watch systemd's JobRemoved signal");
  *ret = TAKE_PTR (bus);
  return 0;
}

static int
append_properties (sd_bus_message *m, const char *slice, const char *unit,
                   pid_t pid)
{
  cleanup_free char *desc = lc_xasprintf ("hull container %s", unit);
  int r = sd.sd_bus_message_open_container (m, 'a', "(sv)");

  /* Delegate: the scope's cgroup is hull's to write limits into (and the
   * container's to make sub-cgroups in).  CollectMode: a scope that
   * failed (an OOM kill) is unloaded too, so the id can be reused. */
  if (r >= 0)
    r = sd.sd_bus_message_append (
        m, "(sv)(sv)(sv)(sv)(sv)", "Slice", "s", slice, "Description", "s",
        desc, "Delegate", "b", 1, "CollectMode", "s", "inactive-or-failed",
        "PIDs", "au", 1, (uint32_t) pid);
  if (r >= 0)
    r = sd.sd_bus_message_close_container (m);
  /* no auxiliary units */
  if (r >= 0)
    r = sd.sd_bus_message_append (m, "a(sa(sv))", 0);
  return r;
}

int
lc_systemd_scope_start (const char *slice, const char *unit, pid_t pid,
                        bool user, struct lc_err *err)
{
  struct job_wait w = { NULL, false, "" };
  sd_bus_error e = SD_BUS_ERROR_NULL;
  sd_bus_message *m = NULL, *reply = NULL;
  cleanup_bus bus = NULL;
  const char *job;
  int r;

  r = open_for_jobs (user, &w, &bus, err);
  if (r < 0)
    return r;
  r = sd.sd_bus_message_new_method_call (bus, &m, DEST, OBJ, IFACE,
                                         "StartTransientUnit");
  if (r >= 0)
    r = sd.sd_bus_message_append (m, "ss", unit, "fail");
  if (r >= 0)
    r = append_properties (m, slice, unit, pid);
  if (r < 0)
    {
      r = lc_err_set (err, -r, "start scope '%s': build the D-Bus call", unit);
      goto out;
    }
  r = sd.sd_bus_call (bus, m, CALL_TIMEOUT_USEC, &e, &reply);
  if (r < 0
      && sd.sd_bus_error_has_name (&e, "org.freedesktop.systemd1."
                                       "UnitExists"))
    r = lc_err_setx (err, EEXIST,
                     "start scope '%s': the unit exists already (another "
                     "container, or a leftover: systemctl stop %s)",
                     unit, unit);
  else if (r < 0)
    r = lc_err_setx (err, -r, "start scope '%s' in '%s': %s", unit, slice,
                     e.message ? e.message : strerror (-r));
  else if ((r = sd.sd_bus_message_read (reply, "o", &job)) < 0)
    r = lc_err_set (err, -r, "start scope '%s': read the job", unit);
  if (r < 0)
    goto out;
  w.job = lc_xstrdup (job);
  r = wait_job (bus, &w, "start scope", unit, err);
out:
  free (w.job);
  sd.sd_bus_error_free (&e);
  sd.sd_bus_message_unref (m);
  sd.sd_bus_message_unref (reply);
  return r;
}

int
lc_systemd_scope_stop (const char *unit, bool user, struct lc_err *err)
{
  struct job_wait w = { NULL, false, "" };
  sd_bus_error e = SD_BUS_ERROR_NULL;
  sd_bus_message *reply = NULL;
  cleanup_bus bus = NULL;
  const char *job;
  int r;

  r = open_for_jobs (user, &w, &bus, err);
  if (r < 0)
    return r;
  r = sd.sd_bus_call_method (bus, DEST, OBJ, IFACE, "StopUnit", &e, &reply,
                             "ss", unit, "replace");
  if (r < 0
      && (sd.sd_bus_error_has_name (&e, "org.freedesktop.systemd1."
                                        "NoSuchUnit")))
    r = 0; /* gone already: systemd stops an empty scope itself */
  else if (r < 0)
    r = lc_err_setx (err, -r, "stop scope '%s': %s", unit,
                     e.message ? e.message : strerror (-r));
  else if ((r = sd.sd_bus_message_read (reply, "o", &job)) < 0)
    r = lc_err_set (err, -r, "stop scope '%s': read the job", unit);
  else
    {
      w.job = lc_xstrdup (job);
      r = wait_job (bus, &w, "stop scope", unit, err);
    }
  /* A scope that failed stays loaded until reset (CollectMode covers
   * managers that honour it; this covers the rest). */
  if (r >= 0)
    (void) sd.sd_bus_call_method (bus, DEST, OBJ, IFACE, "ResetFailedUnit",
                                  NULL, NULL, "s", unit);
  free (w.job);
  sd.sd_bus_error_free (&e);
  sd.sd_bus_message_unref (reply);
  return r;
}

#else /* !HULL_SYSTEMD */

int
lc_systemd_scope_start (const char *slice, const char *unit, pid_t pid,
                        bool user, struct lc_err *err)
{
  return lc_systemd_check (err);
}

int
lc_systemd_scope_stop (const char *unit, bool user, struct lc_err *err)
{
  return lc_systemd_check (err);
}

#endif
