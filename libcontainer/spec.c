/* spec.c - config.json to struct lc_spec (OCI runtime spec v1.3.0, Linux).
 *
 * The tables for the top-level object and its root, mounts, hooks and
 * linux sections (devices, namespaces, resources, seccomp, the rest of
 * linux), lc_spec_parse/lc_spec_load/lc_spec_free and the name lookups.
 * The table machinery and scalar parsers are in spec_json.c, the process
 * object in spec_process.c.  Unknown keys are ignored, as the spec
 * requires; null counts as absent. */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/stat.h>

#include "seccomp.h"
#include "spec_int.h"
#include "util.h"

/* --- the tables, leaves first ------------------------------------------- */

static const char *const ns_names[LC_NS_COUNT] = {
  [LC_NS_PID] = "pid",       [LC_NS_NET] = "network", [LC_NS_MNT] = "mount",
  [LC_NS_IPC] = "ipc",       [LC_NS_UTS] = "uts",     [LC_NS_USER] = "user",
  [LC_NS_CGROUP] = "cgroup", [LC_NS_TIME] = "time"
};

static const struct spec_field id_map_fields[] = {
  VAL_REQ ("containerID", spec_parse_u32, struct lc_id_map, container_id),
  VAL_REQ ("hostID", spec_parse_u32, struct lc_id_map, host_id),
  VAL_REQ ("size", spec_parse_u32, struct lc_id_map, size),
};
static const struct spec_object id_map_object = OBJECT (id_map_fields, NULL);

static const struct spec_field mount_fields[] = {
  STR_REQ ("destination", struct lc_mount, destination),
  STR ("type", struct lc_mount, type),
  STR ("source", struct lc_mount, source),
  STRV ("options", struct lc_mount, options),
  ARRAY ("uidMappings", struct lc_mount, uid_mappings, n_uid_mappings,
         id_map_object),
  ARRAY ("gidMappings", struct lc_mount, gid_mappings, n_gid_mappings,
         id_map_object),
};
static const struct spec_object mount_object = OBJECT (mount_fields, NULL);

static const struct spec_field hook_fields[] = {
  STR_REQ ("path", struct lc_hook, path),
  STRV ("args", struct lc_hook, args),
  STRV ("env", struct lc_hook, env),
  VAL ("timeout", spec_parse_timeout, struct lc_hook, timeout),
};
static const struct spec_object hook_object = OBJECT (hook_fields, NULL);

#define HOOKS(k, kind)                                                        \
  ARRAY (k, struct lc_spec, hooks[kind], n_hooks[kind], hook_object)
static const struct spec_field hooks_fields[] = {
  HOOKS ("prestart", LC_HOOK_PRESTART),
  HOOKS ("createRuntime", LC_HOOK_CREATE_RUNTIME),
  HOOKS ("createContainer", LC_HOOK_CREATE_CONTAINER),
  HOOKS ("startContainer", LC_HOOK_START_CONTAINER),
  HOOKS ("poststart", LC_HOOK_POSTSTART),
  HOOKS ("poststop", LC_HOOK_POSTSTOP),
};
static const struct spec_object hooks_object = OBJECT (hooks_fields, NULL);

static const struct spec_field root_fields[] = {
  STR_REQ ("path", struct lc_spec, root_path),
  VAL ("readonly", spec_parse_bool, struct lc_spec, root_readonly),
};
static const struct spec_object root_object = OBJECT (root_fields, NULL);

/* linux.devices, linux.namespaces */

static int
parse_dev_type (json_t *v, void *dst, const struct spec_jpath *p,
                struct lc_err *err)
{
  return spec_parse_letter (v, dst, "cbup", p, err);
}

/* fileMode: engines pass the host node's st_mode (podman: 020666 for
 * /dev/fuse), file type bits included, as runc and crun accept; keep the
 * permission bits. */
static int
parse_dev_mode (json_t *v, void *dst, const struct spec_jpath *p,
                struct lc_err *err)
{
  uint32_t m = 0, type;
  int r = spec_parse_u32 (v, &m, p, err);
  if (r < 0)
    return r;
  type = m & S_IFMT;
  if ((m & ~(uint32_t) S_IFMT) > 0777
      || (type && type != S_IFCHR && type != S_IFBLK && type != S_IFIFO))
    return spec_fail (err, p,
                      "expected a file mode: permission bits (at most "
                      "0777), with or without a device or fifo type, got "
                      "0%o",
                      (unsigned) m);
  if (dst)
    *(uint32_t *) dst = m & 0777;
  return 0;
}

static void
init_device (void *dst)
{
  struct lc_device *d = dst;
  d->major = d->minor = -1; /* absent; validate.c wants them for c, b, u */
}

static const struct spec_field device_fields[] = {
  VAL_REQ ("type", parse_dev_type, struct lc_device, type),
  STR_REQ ("path", struct lc_device, path),
  VAL_HAS ("fileMode", parse_dev_mode, struct lc_device, file_mode,
           has_file_mode),
  VAL ("major", spec_parse_i64, struct lc_device, major),
  VAL ("minor", spec_parse_i64, struct lc_device, minor),
  VAL_HAS ("uid", spec_parse_u32, struct lc_device, uid, has_uid),
  VAL_HAS ("gid", spec_parse_u32, struct lc_device, gid, has_gid),
};
static const struct spec_object device_object
    = OBJECT (device_fields, init_device);

static const struct spec_field net_device_fields[] = {
  CHECK ("name", spec_parse_string),
};
static const struct spec_object net_device_object
    = OBJECT (net_device_fields, NULL);

static int
parse_namespace (json_t *v, struct lc_spec *s, const struct spec_jpath *p,
                 struct lc_err *err)
{
  struct spec_jpath tp = { p, "type", 0 };
  json_t *path = json_is_object (v) ? json_object_get (v, "path") : NULL;
  long t;
  int r;

  if (!json_is_object (v))
    return spec_fail (err, p, "expected an object");
  if (!json_object_get (v, "type")
      || json_is_null (json_object_get (v, "type")))
    return spec_fail (err, &tp, "missing required field");
  r = spec_parse_enum (json_object_get (v, "type"), ns_names, NULL,
                       LC_NS_COUNT, &t, &tp, err);
  if (r < 0 && json_is_string (json_object_get (v, "type")))
    return spec_fail (err, &tp, "unknown namespace '%s'",
                      json_string_value (json_object_get (v, "type")));
  if (r < 0)
    return r;
  if (s->ns[t].present)
    return spec_fail (err, &tp, "duplicate namespace '%s'", ns_names[t]);
  s->ns[t].present = true;
  if (path && !json_is_null (path))
    return spec_parse_string (path, &s->ns[t].path,
                              &(struct spec_jpath){ p, "path", 0 }, err);
  return 0;
}

static int
parse_namespaces (json_t *v, void *dst, const struct spec_jpath *p,
                  struct lc_err *err)
{
  size_t i;
  json_t *e;

  if (!json_is_array (v))
    return spec_fail (err, p, "expected an array");
  json_array_foreach (v, i, e)
  {
    int r = parse_namespace (e, dst, &(struct spec_jpath){ p, NULL, i }, err);
    if (r < 0)
      return r;
  }
  return 0;
}

/* linux.resources */

static int
parse_rule_type (json_t *v, void *dst, const struct spec_jpath *p,
                 struct lc_err *err)
{
  return spec_parse_letter (v, dst, "acb", p, err);
}

static int
parse_access (json_t *v, void *dst, const struct spec_jpath *p,
              struct lc_err *err)
{
  const char *s;
  size_t len;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  s = json_string_value (v);
  len = strlen (s);
  if (len > 3 || strspn (s, "rwm") != len
      || (len > 1
          && (s[0] == s[1] || (len > 2 && (s[2] == s[0] || s[2] == s[1])))))
    return spec_fail (err, p, "invalid access '%s' (expected a subset of rwm)",
                      s);
  if (dst)
    memcpy (dst, s, len + 1);
  return 0;
}

static void
init_device_rule (void *dst)
{
  struct lc_device_rule *d = dst;

  /* Absent fields mean "any": every type and number, all access. */
  d->type = 'a';
  d->major = d->minor = -1;
  memcpy (d->access, "rwm", sizeof d->access);
}

static const struct spec_field device_rule_fields[] = {
  VAL_REQ ("allow", spec_parse_bool, struct lc_device_rule, allow),
  VAL ("type", parse_rule_type, struct lc_device_rule, type),
  VAL ("major", spec_parse_i64, struct lc_device_rule, major),
  VAL ("minor", spec_parse_i64, struct lc_device_rule, minor),
  VAL ("access", parse_access, struct lc_device_rule, access),
};
static const struct spec_object device_rule_object
    = OBJECT (device_rule_fields, init_device_rule);

#define RES struct lc_resources
static const struct spec_field memory_fields[] = {
  VAL_HAS ("limit", spec_parse_i64, RES, mem_limit, has_mem_limit),
  VAL_HAS ("reservation", spec_parse_i64, RES, mem_reservation,
           has_mem_reservation),
  VAL_HAS ("swap", spec_parse_i64, RES, mem_swap, has_mem_swap),
  VAL_HAS ("kernel", spec_parse_i64, RES, mem_kernel, has_mem_kernel),
  CHECK ("kernelTCP", spec_parse_i64),
  VAL_HAS ("swappiness", spec_parse_u64, RES, mem_swappiness,
           has_mem_swappiness),
  VAL ("disableOOMKiller", spec_parse_bool, RES, disable_oom_killer),
  CHECK ("useHierarchy", spec_parse_bool),
  CHECK ("checkBeforeUpdate", spec_parse_bool),
};
static const struct spec_object memory_object = OBJECT (memory_fields, NULL);

static const struct spec_field cpu_fields[] = {
  VAL_HAS ("shares", spec_parse_u64, RES, cpu_shares, has_cpu_shares),
  VAL_HAS ("quota", spec_parse_i64, RES, cpu_quota, has_cpu_quota),
  VAL_HAS ("period", spec_parse_u64, RES, cpu_period, has_cpu_period),
  VAL_HAS ("burst", spec_parse_u64, RES, cpu_burst, has_cpu_burst),
  VAL_HAS ("idle", spec_parse_i64, RES, cpu_idle, has_cpu_idle),
  F_ ("realtimePeriod", spec_parse_u64, NULL, NO_DST, OFF (RES, has_cpu_rt), 0,
      0, 0, 0),
  F_ ("realtimeRuntime", spec_parse_i64, NULL, NO_DST, OFF (RES, has_cpu_rt),
      0, 0, 0, 0),
  STR ("cpus", RES, cpu_cpus),
  STR ("mems", RES, cpu_mems),
};
static const struct spec_object cpu_object = OBJECT (cpu_fields, NULL);

static const struct spec_field pids_fields[] = {
  F_ ("limit", spec_parse_i64, NULL, OFF (RES, pids_limit),
      OFF (RES, has_pids_limit), 0, 0, 0, REQUIRED),
};
static const struct spec_object pids_object = OBJECT (pids_fields, NULL);

static int
parse_unified (json_t *v, void *dst, const struct spec_jpath *p,
               struct lc_err *err)
{
  RES *res = dst;
  return spec_parse_string_map (v, &res->unified_keys, &res->unified_values, p,
                                err);
}

/* Controllers hull does not drive on cgroup v2 are only type-checked. */
static const struct spec_field block_device_fields[] = {
  CHECK_REQ ("major", spec_parse_i64), CHECK_REQ ("minor", spec_parse_i64),
  CHECK ("weight", spec_parse_u16),    CHECK ("leafWeight", spec_parse_u16),
  CHECK ("rate", spec_parse_u64),
};
static const struct spec_object block_device_object
    = OBJECT (block_device_fields, NULL);

static const struct spec_field block_io_fields[] = {
  CHECK ("weight", spec_parse_u16),
  CHECK ("leafWeight", spec_parse_u16),
  CHECK_ARRAY ("weightDevice", block_device_object),
  CHECK_ARRAY ("throttleReadBpsDevice", block_device_object),
  CHECK_ARRAY ("throttleWriteBpsDevice", block_device_object),
  CHECK_ARRAY ("throttleReadIOPSDevice", block_device_object),
  CHECK_ARRAY ("throttleWriteIOPSDevice", block_device_object),
};
static const struct spec_object block_io_object
    = OBJECT (block_io_fields, NULL);

static int
check_page_size (json_t *v, void *dst, const struct spec_jpath *p,
                 struct lc_err *err)
{
  return spec_check_number_unit (v, "KMG", p, err); /* ^[1-9][0-9]*[KMG]B$ */
}

static const struct spec_field hugepage_fields[] = {
  CHECK_REQ ("pageSize", check_page_size),
  CHECK_REQ ("limit", spec_parse_u64),
};
static const struct spec_object hugepage_object
    = OBJECT (hugepage_fields, NULL);

static const struct spec_field net_prio_fields[] = {
  CHECK_REQ ("name", spec_parse_string),
  CHECK_REQ ("priority", spec_parse_u32),
};
static const struct spec_object net_prio_object
    = OBJECT (net_prio_fields, NULL);

static const struct spec_field network_fields[] = {
  CHECK ("classID", spec_parse_u32),
  CHECK_ARRAY ("priorities", net_prio_object),
};
static const struct spec_object network_object = OBJECT (network_fields, NULL);

static const struct spec_field rdma_fields[] = {
  CHECK ("hcaHandles", spec_parse_u32),
  CHECK ("hcaObjects", spec_parse_u32),
};
static const struct spec_object rdma_object = OBJECT (rdma_fields, NULL);

static const struct spec_field resources_fields[] = {
  ARRAY ("devices", RES, devices, n_devices, device_rule_object),
  SAME ("memory", memory_object),
  SAME ("cpu", cpu_object),
  SAME ("pids", pids_object),
  CUSTOM ("unified", parse_unified),
  CHECK_OBJ ("blockIO", block_io_object),
  CHECK_ARRAY ("hugepageLimits", hugepage_object),
  CHECK_OBJ ("network", network_object),
  CHECK_MAP ("rdma", rdma_object),
};
#undef RES
static const struct spec_object resources_object
    = OBJECT (resources_fields, NULL);

/* linux.seccomp */

static int
parse_seccomp_action (json_t *v, void *dst, const struct spec_jpath *p,
                      struct lc_err *err)
{
  uint32_t action;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  if (lc_seccomp_action_from_name (json_string_value (v), &action) < 0)
    return spec_fail (err, p, "unknown seccomp action '%s'",
                      json_string_value (v));
  if (dst)
    *(uint32_t *) dst = action;
  return 0;
}

static int
parse_seccomp_op (json_t *v, void *dst, const struct spec_jpath *p,
                  struct lc_err *err)
{
  int op;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  if (lc_seccomp_op_from_name (json_string_value (v), &op) < 0)
    return spec_fail (err, p, "unknown seccomp operator '%s'",
                      json_string_value (v));
  if (dst)
    *(int *) dst = op;
  return 0;
}

static int
parse_seccomp_flags (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err)
{
  static const char *const names[]
      = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
          "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
          "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
  return spec_parse_strv_in (v, dst, names, N_ELEMENTS (names), p, err);
}

static int
parse_seccomp_arches (json_t *v, void *dst, const struct spec_jpath *p,
                      struct lc_err *err)
{
  static const char *const names[] = {
    "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",  "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",         "SCMP_ARCH_AARCH64", "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",        "SCMP_ARCH_MIPS",    "SCMP_ARCH_MIPS64",
    "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64",
    "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",     "SCMP_ARCH_PPC64",
    "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",    "SCMP_ARCH_S390X",
    "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",    "SCMP_ARCH_PARISC",
    "SCMP_ARCH_PARISC64",    "SCMP_ARCH_RISCV64",
  };
  return spec_parse_strv_in (v, dst, names, N_ELEMENTS (names), p, err);
}

static int
parse_syscall_names (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err)
{
  size_t i;
  json_t *e;
  int r = spec_parse_strv (v, NULL, p, err);

  if (r == 0 && json_array_size (v) == 0)
    return spec_fail (err, p, "must not be empty");
  json_array_foreach (
      v, i,
      e) if (r == 0
             && !*json_string_value (
                 e)) return spec_fail (err, &(struct spec_jpath){ p, NULL, i },
                                       "must not be empty");
  return r < 0 ? r : spec_parse_strv (v, dst, p, err);
}

#define ARG struct lc_seccomp_arg
static const struct spec_field seccomp_arg_fields[] = {
  VAL_REQ ("index", spec_parse_uint, ARG, index),
  VAL_REQ ("value", spec_parse_u64, ARG, value),
  VAL ("valueTwo", spec_parse_u64, ARG, value_two),
  VAL_REQ ("op", parse_seccomp_op, ARG, op),
};
#undef ARG
static const struct spec_object seccomp_arg_object
    = OBJECT (seccomp_arg_fields, NULL);

#define RULE struct lc_seccomp_rule
static const struct spec_field syscall_fields[] = {
  STRV_REQ ("names", parse_syscall_names, RULE, names),
  VAL_REQ ("action", parse_seccomp_action, RULE, action),
  VAL_HAS ("errnoRet", spec_parse_u32, RULE, errno_ret, has_errno_ret),
  ARRAY ("args", RULE, args, n_args, seccomp_arg_object),
};
#undef RULE
static const struct spec_object syscall_object = OBJECT (syscall_fields, NULL);

#define SC struct lc_seccomp
static const struct spec_field seccomp_fields[] = {
  VAL_REQ ("defaultAction", parse_seccomp_action, SC, default_action),
  VAL_HAS ("defaultErrnoRet", spec_parse_u32, SC, default_errno_ret,
           has_default_errno_ret),
  STRV_WITH ("flags", parse_seccomp_flags, SC, flags),
  STR ("listenerPath", SC, listener_path),
  STR ("listenerMetadata", SC, listener_metadata),
  STRV_WITH ("architectures", parse_seccomp_arches, SC, architectures),
  ARRAY ("syscalls", SC, rules, n_rules, syscall_object),
};
#undef SC
static const struct spec_object seccomp_object = OBJECT (seccomp_fields, NULL);

/* the rest of linux */

static const char *const propagation_names[]
    = { "private",  "shared",  "slave",  "unbindable",
        "rprivate", "rshared", "rslave", "runbindable" };

static int
parse_propagation (json_t *v, void *dst, const struct spec_jpath *p,
                   struct lc_err *err)
{
  long unused;
  int r = spec_parse_enum (v, propagation_names, NULL,
                           N_ELEMENTS (propagation_names), &unused, p, err);
  return r < 0 ? r : spec_parse_string (v, dst, p, err);
}

static int
parse_sysctl (json_t *v, void *dst, const struct spec_jpath *p,
              struct lc_err *err)
{
  struct lc_spec *s = dst;
  return spec_parse_string_map (v, &s->sysctl_keys, &s->sysctl_values, p, err);
}

static const struct spec_field intel_rdt_fields[] = {
  CHECK ("closID", spec_parse_string),
  CHECK ("schemata", spec_parse_strv),
  CHECK ("l3CacheSchema", spec_parse_string),
  CHECK ("memBwSchema", spec_parse_string),
  CHECK ("enableMonitoring", spec_parse_bool),
};
static const struct spec_object intel_rdt_object
    = OBJECT (intel_rdt_fields, NULL);

static const struct spec_field memory_policy_fields[] = {
  CHECK ("mode", spec_parse_string),
  CHECK ("nodes", spec_parse_string),
  CHECK ("flags", spec_parse_strv),
};
static const struct spec_object memory_policy_object
    = OBJECT (memory_policy_fields, NULL);

static const char *const domain_names[] = { "LINUX", "LINUX32" };
static const long domain_values[] = { PER_LINUX, PER_LINUX32 };
DEFINE_ENUM_PARSER (parse_domain, unsigned long, domain_names, domain_values)

static const struct spec_field personality_fields[] = {
  VAL ("domain", parse_domain, struct lc_personality, domain),
  CHECK ("flags", spec_parse_strv),
};
static const struct spec_object personality_object
    = OBJECT (personality_fields, NULL);

static const struct spec_field boottime_fields[] = {
  VAL ("secs", spec_parse_i64, struct lc_spec, time_boottime_secs),
  VAL ("nanosecs", spec_parse_nsecs, struct lc_spec, time_boottime_nsecs),
};
static const struct spec_object boottime_object
    = OBJECT (boottime_fields, NULL);

static const struct spec_field monotonic_fields[] = {
  VAL ("secs", spec_parse_i64, struct lc_spec, time_monotonic_secs),
  VAL ("nanosecs", spec_parse_nsecs, struct lc_spec, time_monotonic_nsecs),
};
static const struct spec_object monotonic_object
    = OBJECT (monotonic_fields, NULL);

static const struct spec_field time_offsets_fields[] = {
  SAME ("boottime", boottime_object),
  SAME ("monotonic", monotonic_object),
};
static const struct spec_object time_offsets_object
    = OBJECT (time_offsets_fields, NULL);

#define SPEC struct lc_spec
static const struct spec_field linux_fields[] = {
  ARRAY ("devices", SPEC, devices, n_devices, device_object),
  CHECK_MAP ("netDevices", net_device_object),
  ARRAY ("uidMappings", SPEC, uid_mappings, n_uid_mappings, id_map_object),
  ARRAY ("gidMappings", SPEC, gid_mappings, n_gid_mappings, id_map_object),
  CUSTOM ("namespaces", parse_namespaces),
  OBJ_HAS ("resources", SPEC, resources, resources.present, resources_object),
  STR ("cgroupsPath", SPEC, cgroups_path),
  F_ ("rootfsPropagation", parse_propagation, NULL,
      OFF (SPEC, rootfs_propagation), NO_DST, 0, 0, OWNS_STR, 0),
  OBJ_HAS ("seccomp", SPEC, seccomp, has_seccomp, seccomp_object),
  CUSTOM ("sysctl", parse_sysctl),
  STRV ("maskedPaths", SPEC, masked_paths),
  STRV ("readonlyPaths", SPEC, readonly_paths),
  STR ("mountLabel", SPEC, mount_label),
  CHECK_OBJ ("intelRdt", intel_rdt_object),
  CHECK_OBJ ("memoryPolicy", memory_policy_object),
  OBJ_HAS ("personality", SPEC, personality, personality.present,
           personality_object),
  SAME_HAS ("timeOffsets", SPEC, has_time_offsets, time_offsets_object),
};
static const struct spec_object linux_object = OBJECT (linux_fields, NULL);

static int
parse_annotations (json_t *v, void *dst, const struct spec_jpath *p,
                   struct lc_err *err)
{
  struct lc_spec *s = dst;
  return spec_parse_string_map (v, &s->annotation_keys, &s->annotation_values,
                                p, err);
}

static const struct spec_field spec_fields[] = {
  STR_REQ ("ociVersion", SPEC, oci_version),
  /* Optional in the schema, but required on every platform but Windows. */
  SAME_REQ ("root", root_object),
  ARRAY ("mounts", SPEC, mounts, n_mounts, mount_object),
  OBJ_HAS ("process", SPEC, process, has_process, spec_process_object),
  STR ("hostname", SPEC, hostname),
  STR ("domainname", SPEC, domainname),
  SAME ("hooks", hooks_object),
  CUSTOM ("annotations", parse_annotations),
  SAME ("linux", linux_object),
};
#undef SPEC
static const struct spec_object config_object = OBJECT (spec_fields, NULL);

/* --- entry points ------------------------------------------------------- */

int
lc_spec_parse (const char *json, size_t len, struct lc_spec **ret,
               struct lc_err *err)
{
  json_auto_t *root = NULL; /* jansson's cleanup type */
  struct spec_jpath pp = { NULL, "process", 0 };
  struct lc_spec *s;
  int r;

  r = lc_json_load (json, len, NULL, &root, err);
  if (r < 0)
    return r;
  s = lc_xcalloc (1, sizeof *s);
  r = spec_parse_object (root, &config_object, s, NULL, err);
  if (r == 0 && s->has_process)
    r = spec_finish_process (&s->process, &pp, err);
  if (r < 0)
    {
      lc_spec_free (s);
      return r;
    }
  *ret = s;
  return 0;
}

int
lc_spec_load (const char *bundle, struct lc_spec **ret, struct lc_err *err)
{
  cleanup_free char *dir = NULL;
  cleanup_free char *buf = NULL;
  cleanup_close int dirfd = -1;
  struct lc_spec *s = NULL;
  size_t len;
  int r;

  dir = realpath (bundle, NULL);
  if (!dir)
    return lc_err_set (err, errno, "bundle '%s'", bundle);
  dirfd = open (dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0)
    return lc_err_set (err, errno, "bundle '%s'", dir);
  r = lc_read_file_at (dirfd, "config.json", LC_SPEC_MAX_SIZE, &buf, &len,
                       err);
  if (r < 0)
    {
      lc_err_prefix (err, "bundle '%s'", dir);
      return r;
    }
  r = lc_spec_parse (buf, len, &s, err);
  if (r < 0)
    {
      lc_err_prefix (err, "'%s/config.json'", dir);
      return r;
    }
  if (s->root_path[0] != '/')
    {
      char *abs = lc_xasprintf ("%s%s%s", dir, strcmp (dir, "/") ? "/" : "",
                                s->root_path);
      free (s->root_path);
      s->root_path = abs;
    }
  s->raw = TAKE_PTR (buf);
  s->raw_len = len;
  *ret = s;
  return 0;
}

/* --- names and lookups ----------------------------------------------------
 */

const char *
lc_ns_name (enum lc_ns_type t)
{
  return (unsigned) t < LC_NS_COUNT ? ns_names[t] : NULL;
}

const char *
lc_ns_proc_name (enum lc_ns_type t)
{
  static const char *const names[LC_NS_COUNT] = {
    [LC_NS_PID] = "pid",       [LC_NS_NET] = "net",  [LC_NS_MNT] = "mnt",
    [LC_NS_IPC] = "ipc",       [LC_NS_UTS] = "uts",  [LC_NS_USER] = "user",
    [LC_NS_CGROUP] = "cgroup", [LC_NS_TIME] = "time"
  };
  return (unsigned) t < LC_NS_COUNT ? names[t] : NULL;
}

const char *
lc_hook_name (enum lc_hook_kind k)
{
  static const char *const names[LC_HOOK_COUNT]
      = { [LC_HOOK_PRESTART] = "prestart",
          [LC_HOOK_CREATE_RUNTIME] = "createRuntime",
          [LC_HOOK_CREATE_CONTAINER] = "createContainer",
          [LC_HOOK_START_CONTAINER] = "startContainer",
          [LC_HOOK_POSTSTART] = "poststart",
          [LC_HOOK_POSTSTOP] = "poststop" };
  return (unsigned) k < LC_HOOK_COUNT ? names[k] : NULL;
}

const char *
lc_spec_annotation (const struct lc_spec *spec, const char *key)
{
  for (size_t i = 0; spec && spec->annotation_keys && spec->annotation_keys[i];
       i++)
    if (strcmp (spec->annotation_keys[i], key) == 0)
      return spec->annotation_values[i];
  return NULL;
}

/* --- freeing ------------------------------------------------------------- */

struct lc_spec *
lc_spec_free (struct lc_spec *s)
{
  if (!s)
    return NULL;
  /* The tables own everything but the CUSTOM fields. */
  spec_free_object (&config_object, s);
  free (s->raw);
  lc_strv_free (s->annotation_keys);
  lc_strv_free (s->annotation_values);
  for (int t = 0; t < LC_NS_COUNT; t++)
    free (s->ns[t].path);
  lc_strv_free (s->resources.unified_keys);
  lc_strv_free (s->resources.unified_values);
  lc_strv_free (s->sysctl_keys);
  lc_strv_free (s->sysctl_values);
  free (s);
  return NULL;
}
