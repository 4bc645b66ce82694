/* audit.c - the audit rules over a parsed config (see audit.h and
 * docs/audit.md, which lists every rule with the control it comes from). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "audit.h"
#include "audit_int.h"
#include "caps.h"
#include "seccomp.h"
#include "util.h"

void
lc_audit_add_finding (struct audit *a, const struct rule *r,
                      enum lc_audit_severity sev, const char *risk, char *path,
                      const char *fmt, ...)
{
  struct lc_audit_finding *f;
  char *detail = NULL;
  va_list ap;

  va_start (ap, fmt);
  if (vasprintf (&detail, fmt, ap) < 0)
    detail = NULL;
  va_end (ap);
  if (!detail)
    detail = lc_xstrdup ("");
  if (a->rep->n_findings == a->cap)
    {
      a->cap = a->cap ? a->cap * 2 : 16;
      a->rep->findings
          = lc_xrealloc (a->rep->findings, a->cap * sizeof *a->rep->findings);
    }
  f = &a->rep->findings[a->rep->n_findings++];
  f->rule = r->id;
  f->severity = sev;
  f->level = r->level;
  f->path = path;
  f->detail = detail;
  f->risk = risk ? risk : r->risk;
  f->fix = r->fix;
}

bool
lc_audit_strv_contains (char *const *v, const char *s)
{
  for (size_t i = 0; v && v[i]; i++)
    if (!strcmp (v[i], s))
      return true;
  return false;
}

/* --- process.capabilities ------------------------------------------------ */

static const struct rule R_CAPS_PRIV = {
  "capabilities-privileged", LC_AUDIT_BASELINE, NULL,
  "remove the capability from every set of process.capabilities; grant only "
  "what the workload needs (at most the baseline set)"
};
static const struct rule R_CAPS_EXTRA
    = { "capabilities-not-dropped", LC_AUDIT_RESTRICTED,
        "a compromised process keeps privileges it can use against files and "
        "processes inside the container (ownership, setuid binaries, signals)",
        "drop every capability; only CAP_NET_BIND_SERVICE may be added back" };

static const struct
{
  int cap;
  enum lc_audit_severity sev;
  const char *risk;
} priv_caps[] = {
  { 21, LC_AUDIT_CRITICAL,
    "mount, namespaces, bpf and most admin syscalls: "
    "the usual first step of a container escape" },
  { 16, LC_AUDIT_CRITICAL, "load kernel modules: arbitrary kernel code" },
  { 17, LC_AUDIT_CRITICAL, "raw I/O ports and /dev/mem: host memory access" },
  { 2, LC_AUDIT_CRITICAL,
    "open_by_handle_at and bypassing directory read "
    "checks: reading host files outside the rootfs" },
  { 19, LC_AUDIT_CRITICAL,
    "ptrace any process it can see: injecting code "
    "into other processes, including the runtime's" },
  { 39, LC_AUDIT_CRITICAL,
    "load eBPF programs: kernel attack surface and "
    "reading kernel memory" },
  { 32, LC_AUDIT_CRITICAL, "override the LSM (AppArmor/SELinux) policy" },
  { 33, LC_AUDIT_CRITICAL, "change the LSM policy" },
  { 12, LC_AUDIT_HIGH,
    "reconfigure interfaces, routes and firewall of the "
    "network namespace (the host's if shared)" },
  { 22, LC_AUDIT_HIGH, "reboot and kexec" },
  { 25, LC_AUDIT_HIGH, "set the system clock of the whole host" },
  { 38, LC_AUDIT_HIGH,
    "perf_event_open: observe other processes and the "
    "kernel" },
  { 34, LC_AUDIT_HIGH, "read the kernel log (kernel addresses)" },
  { 30, LC_AUDIT_HIGH, "change or disable the host's audit rules" },
  { 40, LC_AUDIT_HIGH,
    "checkpoint/restore: choose pids, read other "
    "processes' state" },
  { 24, LC_AUDIT_MEDIUM,
    "override resource limits and quotas: host-wide "
    "denial of service" },
  { 13, LC_AUDIT_MEDIUM,
    "raw and packet sockets: spoofing and sniffing on "
    "the container's network" },
  { 20, LC_AUDIT_MEDIUM, "process accounting to a file of its choice" },
  { 26, LC_AUDIT_MEDIUM, "configure ttys" },
  { 9, LC_AUDIT_MEDIUM, "set immutable and append-only file flags" },
  { 15, LC_AUDIT_MEDIUM, "bypass IPC object permissions" },
  { 37, LC_AUDIT_MEDIUM, "read the audit log over netlink" },
};

/* Kubernetes Pod Security Standards "baseline" allows these to be added. */
static const int baseline_caps[]
    = { 29, 0, 1, 3, 4, 5, 27, 10, 31, 6, 8, 7, 18 };

static const char *
cap_name (int cap, char *buf, size_t len)
{
  const char *n = lc_caps_to_name (cap);
  if (n)
    return n;
  snprintf (buf, len, "capability %d", cap);
  return buf;
}

/* The first set holding cap, in the order that matters most. */
static const char *
cap_first_set (const struct lc_caps *c, uint64_t bit)
{
  if (c->effective & bit)
    return "effective";
  if (c->permitted & bit)
    return "permitted";
  if (c->ambient & bit)
    return "ambient";
  if (c->inheritable & bit)
    return "inheritable";
  return "bounding";
}

static void
check_one_cap (struct audit *a, const struct lc_caps *c, int cap)
{
  uint64_t bit = 1ull << cap;
  char buf[32];
  const char *name = cap_name (cap, buf, sizeof buf);
  char *path
      = lc_xasprintf ("process.capabilities.%s", cap_first_set (c, bit));

  for (size_t i = 0; i < sizeof baseline_caps / sizeof baseline_caps[0]; i++)
    if (baseline_caps[i] == cap)
      {
        if (cap == 10)
          free (path);
        else
          lc_audit_add_finding (a, &R_CAPS_EXTRA, LC_AUDIT_LOW, NULL, path,
                                "%s", name);
        return;
      }
  for (size_t i = 0; i < sizeof priv_caps / sizeof priv_caps[0]; i++)
    if (priv_caps[i].cap == cap)
      {
        lc_audit_add_finding (a, &R_CAPS_PRIV, priv_caps[i].sev,
                              priv_caps[i].risk, path, "%s", name);
        return;
      }
  lc_audit_add_finding (a, &R_CAPS_PRIV, LC_AUDIT_LOW,
                        "a capability outside the baseline set", path, "%s",
                        name);
}

static void
check_caps (struct audit *a)
{
  const struct lc_caps *c = &a->spec->process.caps;
  uint64_t all;

  if (!a->spec->has_process || !c->present)
    return;
  all = c->bounding | c->effective | c->permitted | c->inheritable
        | c->ambient;
  for (int cap = 0; cap < 64; cap++)
    if (all & (1ull << cap))
      check_one_cap (a, c, cap);
}

/* --- process ------------------------------------------------------------ */

static const struct rule R_USER_ROOT = {
  "user-root", LC_AUDIT_RESTRICTED,
  "a process that breaks out of the other controls is root; files owned by "
  "root and root-only kernel interfaces are open to it",
  "set process.user.uid (and gid) to a non-zero id, e.g. 65534"
};
static const struct rule R_NNP = {
  "no-new-privileges-off", LC_AUDIT_RESTRICTED,
  "setuid/setgid binaries and file capabilities in the image can raise the "
  "process' privileges",
  "set process.noNewPrivileges to true"
};
static const struct rule R_APPARMOR
    = { "apparmor-unconfined", LC_AUDIT_BASELINE,
        "the AppArmor confinement of the host is switched off for the process",
        "remove process.apparmorProfile or name a confining profile" };
static const struct rule R_SELINUX
    = { "selinux-type", LC_AUDIT_BASELINE,
        "an SELinux type outside the container types is not confined like a "
        "container (spc_t and unconfined_t are not confined at all)",
        "use container_t (or container_init_t, container_kvm_t, "
        "container_engine_t), or leave process.selinuxLabel unset" };

static void
check_selinux (struct audit *a, const char *label)
{
  static const char *const ok[]
      = { "container_t", "container_init_t", "container_kvm_t",
          "container_engine_t", NULL };
  const char *t = label;
  size_t len;

  /* user:role:type[:level] */
  for (int i = 0; i < 2 && t; i++)
    {
      t = strchr (t, ':');
      if (t)
        t++;
    }
  if (!t)
    return;
  len = strcspn (t, ":");
  for (size_t i = 0; ok[i]; i++)
    if (strlen (ok[i]) == len && !strncmp (ok[i], t, len))
      return;
  lc_audit_add_finding (a, &R_SELINUX, LC_AUDIT_HIGH, NULL,
                        lc_xstrdup ("process.selinuxLabel"), "type '%.*s'",
                        (int) len, t);
}

static void
check_process (struct audit *a)
{
  const struct lc_spec *s = a->spec;
  const struct lc_process *p = &s->process;

  if (!s->has_process)
    return;
  if (p->user.uid == 0)
    lc_audit_add_finding (
        a, &R_USER_ROOT,
        s->ns[LC_NS_USER].present ? LC_AUDIT_MEDIUM : LC_AUDIT_HIGH, NULL,
        lc_xstrdup ("process.user.uid"), "0%s",
        s->ns[LC_NS_USER].present ? " (inside a user namespace)" : "");
  if (!p->no_new_privileges)
    lc_audit_add_finding (a, &R_NNP, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("process.noNewPrivileges"),
                          "false or unset");
  if (p->apparmor_profile && !strcmp (p->apparmor_profile, "unconfined"))
    lc_audit_add_finding (a, &R_APPARMOR, LC_AUDIT_HIGH, NULL,
                          lc_xstrdup ("process.apparmorProfile"),
                          "'unconfined'");
  if (p->selinux_label && *p->selinux_label)
    check_selinux (a, p->selinux_label);
}

static const struct rule R_ROOTFS = {
  "rootfs-writable", LC_AUDIT_RESTRICTED,
  "an intruder can modify binaries and libraries of the image and persist "
  "changes for the container's lifetime",
  "set root.readonly to true; give writable tmpfs or volume mounts only "
  "where the workload writes"
};

static void
check_rootfs (struct audit *a)
{
  if (!a->spec->root_readonly)
    lc_audit_add_finding (a, &R_ROOTFS, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("root.readonly"), "false or unset");
}

/* --- linux.seccomp ------------------------------------------------------ */

static const struct rule R_SC_MISSING
    = { "seccomp-missing", LC_AUDIT_RESTRICTED,
        "every system call of the kernel is reachable, including rarely used "
        "ones with a history of privilege-escalation bugs",
        "add linux.seccomp, e.g. the default or strict profile shipped in "
        "$datadir/hull/seccomp" };
static const struct rule R_SC_UNCONFINED
    = { "seccomp-unconfined", LC_AUDIT_BASELINE,
        "the profile allows every system call: it is the same as no profile",
        "use an allow-list profile (defaultAction SCMP_ACT_ERRNO)" };
static const struct rule R_SC_DENYLIST
    = { "seccomp-denylist", LC_AUDIT_RESTRICTED,
        "a deny-list misses every dangerous system call it does not name, "
        "including those added by newer kernels",
        "use an allow-list profile (defaultAction SCMP_ACT_ERRNO)" };
static const struct rule R_SC_DANGEROUS
    = { "seccomp-allows-dangerous", LC_AUDIT_ADVISORY,
        "the profile lets the process reach kernel interfaces that containers "
        "rarely need and that often appear in escapes",
        "remove the names from the allow rules unless the workload needs them "
        "(the strict profile denies all of them)" };

static bool
action_allows (uint32_t action)
{
  return action == SCMP_ACT_ALLOW || action == SCMP_ACT_LOG;
}

static void
check_seccomp_allowed (struct audit *a, const struct lc_seccomp *sc)
{
  static const char *const dangerous[] = { "add_key",
                                           "bpf",
                                           "clone3",
                                           "delete_module",
                                           "finit_module",
                                           "fsconfig",
                                           "fsmount",
                                           "fsopen",
                                           "fspick",
                                           "init_module",
                                           "ioperm",
                                           "iopl",
                                           "kexec_file_load",
                                           "kexec_load",
                                           "keyctl",
                                           "lookup_dcookie",
                                           "mount",
                                           "mount_setattr",
                                           "move_mount",
                                           "open_by_handle_at",
                                           "open_tree",
                                           "perf_event_open",
                                           "personality",
                                           "pivot_root",
                                           "ptrace",
                                           "quotactl",
                                           "reboot",
                                           "request_key",
                                           "setns",
                                           "swapoff",
                                           "swapon",
                                           "umount",
                                           "umount2",
                                           "unshare",
                                           "userfaultfd",
                                           "clone",
                                           "acct",
                                           "settimeofday",
                                           "clock_settime",
                                           "uselib",
                                           "vm86",
                                           "vm86old",
                                           NULL };
  cleanup_free char *list = NULL;
  const char *first_path_rule = NULL;
  size_t first = 0;

  for (size_t i = 0; i < sc->n_rules; i++)
    {
      const struct lc_seccomp_rule *r = &sc->rules[i];
      if (!action_allows (r->action) || r->n_args > 0)
        continue;
      for (size_t n = 0; r->names && r->names[n]; n++)
        {
          char *old = list;
          if (!lc_audit_strv_contains ((char *const *) dangerous, r->names[n]))
            continue;
          list = old ? lc_xasprintf ("%s, %s", old, r->names[n])
                     : lc_xstrdup (r->names[n]);
          free (old);
          if (!first_path_rule)
            first_path_rule = r->names[n], first = i;
        }
    }
  if (list)
    lc_audit_add_finding (a, &R_SC_DANGEROUS, LC_AUDIT_LOW, NULL,
                          lc_xasprintf ("linux.seccomp.syscalls[%zu]", first),
                          "allowed without argument filter: %s", list);
}

static void
check_seccomp (struct audit *a)
{
  const struct lc_seccomp *sc = &a->spec->seccomp;
  bool denies = false;

  if (!a->spec->has_seccomp)
    {
      lc_audit_add_finding (a, &R_SC_MISSING, LC_AUDIT_HIGH, NULL,
                            lc_xstrdup ("linux.seccomp"),
                            "no seccomp profile");
      return;
    }
  if (!action_allows (sc->default_action))
    {
      check_seccomp_allowed (a, sc);
      return;
    }
  for (size_t i = 0; i < sc->n_rules; i++)
    if (!action_allows (sc->rules[i].action))
      denies = true;
  if (denies)
    lc_audit_add_finding (a, &R_SC_DENYLIST, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("linux.seccomp.defaultAction"),
                          "allows every system call not listed");
  else
    lc_audit_add_finding (a, &R_SC_UNCONFINED, LC_AUDIT_HIGH, NULL,
                          lc_xstrdup ("linux.seccomp.defaultAction"),
                          "allows every system call");
}

/* --- linux.namespaces ---------------------------------------------------- */

static const struct rule R_HOST_NS
    = { "host-namespace", LC_AUDIT_BASELINE, NULL,
        "add the namespace to linux.namespaces without a path (a new one), or "
        "with the path of another container's namespace" };
static const struct rule R_NS_JOINED = {
  "namespace-joined", LC_AUDIT_ADVISORY,
  "the container shares the namespace with whatever else is in it",
  "make sure the path names a namespace of the same pod, not the host's"
};
static const struct rule R_USERNS = {
  "user-namespace-missing", LC_AUDIT_ADVISORY,
  "ids in the container are the host's ids: root in the container is root "
  "on the host for everything the other controls let through",
  "add a user namespace with uid/gid mappings to unprivileged host ids"
};
static const struct rule R_CGROUPNS = {
  "cgroup-namespace-missing", LC_AUDIT_ADVISORY,
  "the process sees the host's cgroup paths (information about the host)",
  "add a cgroup namespace to linux.namespaces"
};

static const struct
{
  enum lc_ns_type type;
  enum lc_audit_severity sev;
  const char *risk;
} host_ns[] = {
  { LC_NS_MNT, LC_AUDIT_CRITICAL,
    "the container sees and changes the "
    "host's mounts" },
  { LC_NS_PID, LC_AUDIT_HIGH,
    "the container sees every host process and "
    "can signal or ptrace those of its user; "
    "/proc/PID/root of host processes is reachable" },
  { LC_NS_NET, LC_AUDIT_HIGH,
    "the container uses the host's interfaces: "
    "reaches services bound to localhost, sniffs "
    "and binds host ports" },
  { LC_NS_IPC, LC_AUDIT_HIGH,
    "the container reads and writes the host's "
    "shared memory and message queues" },
  { LC_NS_UTS, LC_AUDIT_MEDIUM,
    "the container can change the host's "
    "hostname (with CAP_SYS_ADMIN)" },
};

static bool
is_host_ns_path (const char *p)
{
  return !strncmp (p, "/proc/1/ns/", 11) || !strncmp (p, "/proc/self/ns/", 14)
         || !strncmp (p, "/proc/thread-self/ns/", 21);
}

static void
check_namespaces (struct audit *a)
{
  const struct lc_spec *s = a->spec;

  for (size_t i = 0; i < sizeof host_ns / sizeof host_ns[0]; i++)
    {
      const struct lc_namespace *ns = &s->ns[host_ns[i].type];
      const char *name = lc_ns_name (host_ns[i].type);
      if (!ns->present || (ns->path && is_host_ns_path (ns->path)))
        lc_audit_add_finding (a, &R_HOST_NS, host_ns[i].sev, host_ns[i].risk,
                              lc_xstrdup ("linux.namespaces"),
                              ns->present
                                  ? "joins the host's %s namespace ('%s')"
                                  : "shares the host's %s namespace%s",
                              name, ns->present ? ns->path : "");
      else if (ns->path)
        lc_audit_add_finding (a, &R_NS_JOINED, LC_AUDIT_INFO, NULL,
                              lc_xstrdup ("linux.namespaces"),
                              "joins the %s namespace at '%s'", name,
                              ns->path);
    }
  if (!s->ns[LC_NS_USER].present)
    lc_audit_add_finding (
        a, &R_USERNS,
        s->has_process && s->process.user.uid == 0 ? LC_AUDIT_MEDIUM
                                                   : LC_AUDIT_LOW,
        NULL, lc_xstrdup ("linux.namespaces"), "no user namespace");
  if (!s->ns[LC_NS_CGROUP].present)
    lc_audit_add_finding (a, &R_CGROUPNS, LC_AUDIT_LOW, NULL,
                          lc_xstrdup ("linux.namespaces"),
                          "no cgroup namespace");
}

/* --- resources, sysctls, hooks ---------------------------------------------
 */

static const struct rule R_MEMORY
    = { "memory-limit-missing", LC_AUDIT_RESTRICTED,
        "the container can exhaust host memory and trigger the OOM killer "
        "against other workloads",
        "set linux.resources.memory.limit" };
static const struct rule R_PIDS
    = { "pids-limit-missing", LC_AUDIT_RESTRICTED,
        "a fork bomb in the container exhausts the host's process table",
        "set linux.resources.pids.limit" };
static const struct rule R_SYSCTL = {
  "sysctl-unsafe", LC_AUDIT_BASELINE,
  "a kernel setting outside the namespaced safe set may affect the host or "
  "other containers",
  "remove the key, or set it on the host if it is really needed"
};
static const struct rule R_HOOK = {
  "hook-host-binary", LC_AUDIT_RESTRICTED,
  "the hook runs a host binary with the runtime's privileges (root on a "
  "rootful host), driven by a config that may come from an image",
  "remove the hook, or make sure the config comes from a trusted engine"
};

static const char *
unified_value (const struct lc_resources *r, const char *key)
{
  for (size_t i = 0; r->unified_keys && r->unified_keys[i]; i++)
    if (!strcmp (r->unified_keys[i], key))
      return r->unified_values[i];
  return NULL;
}

static void
check_resources (struct audit *a)
{
  const struct lc_resources *r = &a->spec->resources;
  const char *mem = unified_value (r, "memory.max");
  const char *pids = unified_value (r, "pids.max");

  if (!(r->has_mem_limit && r->mem_limit > 0) && !(mem && strcmp (mem, "max")))
    lc_audit_add_finding (a, &R_MEMORY, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("linux.resources.memory.limit"),
                          "no limit");
  if (!(r->has_pids_limit && r->pids_limit > 0)
      && !(pids && strcmp (pids, "max")))
    lc_audit_add_finding (a, &R_PIDS, LC_AUDIT_MEDIUM, NULL,
                          lc_xstrdup ("linux.resources.pids.limit"),
                          "no limit");
}

static void
check_sysctls (struct audit *a)
{
  /* The Pod Security Standards' safe set (baseline). */
  static const char *const safe[] = { "kernel.shm_rmid_forced",
                                      "net.ipv4.ip_local_port_range",
                                      "net.ipv4.ip_unprivileged_port_start",
                                      "net.ipv4.tcp_syncookies",
                                      "net.ipv4.ping_group_range",
                                      "net.ipv4.ip_local_reserved_ports",
                                      "net.ipv4.tcp_keepalive_time",
                                      "net.ipv4.tcp_fin_timeout",
                                      "net.ipv4.tcp_keepalive_intvl",
                                      "net.ipv4.tcp_keepalive_probes",
                                      NULL };
  char *const *k = a->spec->sysctl_keys;

  for (size_t i = 0; k && k[i]; i++)
    if (!lc_audit_strv_contains ((char *const *) safe, k[i]))
      lc_audit_add_finding (a, &R_SYSCTL, LC_AUDIT_MEDIUM, NULL,
                            lc_xasprintf ("linux.sysctl.%s", k[i]),
                            "'%s' = '%s'", k[i], a->spec->sysctl_values[i]);
}

static void
check_hooks (struct audit *a)
{
  for (int k = 0; k < LC_HOOK_COUNT; k++)
    {
      /* startContainer runs in the container, from the container's
       * filesystem: not a host binary. */
      if (k == LC_HOOK_START_CONTAINER)
        continue;
      for (size_t i = 0; i < a->spec->n_hooks[k]; i++)
        lc_audit_add_finding (
            a, &R_HOOK, LC_AUDIT_HIGH, NULL,
            lc_xasprintf ("hooks.%s[%zu].path",
                          lc_hook_name ((enum lc_hook_kind) k), i),
            "'%s'", a->spec->hooks[k][i].path);
    }
}

/* --- run ---------------------------------------------------------------- */

int
lc_audit_run (const struct lc_spec *spec, struct lc_audit_report *ret,
              struct lc_err *err)
{
  struct lc_audit_report rep = { NULL, 0 };
  struct audit a = { spec, &rep, 0 };

  check_caps (&a);
  check_process (&a);
  check_rootfs (&a);
  check_seccomp (&a);
  check_namespaces (&a);
  lc_audit_check_mounts (&a);
  lc_audit_check_masks (&a);
  lc_audit_check_devices (&a);
  check_resources (&a);
  check_sysctls (&a);
  check_hooks (&a);
  /* Stable insertion sort: most severe first, rule order otherwise. */
  for (size_t i = 1; i < rep.n_findings; i++)
    {
      struct lc_audit_finding f = rep.findings[i];
      size_t j = i;
      for (; j > 0 && rep.findings[j - 1].severity < f.severity; j--)
        rep.findings[j] = rep.findings[j - 1];
      rep.findings[j] = f;
    }
  *ret = rep;
  return 0;
}
