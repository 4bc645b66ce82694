/* spec.h - config.json as typed C structs (OCI runtime spec v1.3.0, Linux).
 *
 * lc_spec_parse() turns JSON into struct lc_spec, checking types, required
 * fields and ranges as it goes; every error names the JSON path of the
 * offending field ("mounts[3].destination: expected a string").  Unknown
 * keys are ignored, as the spec requires.  Semantic checks that need more
 * than one field live in validate.c.  All strings are heap-owned by the
 * struct and released by lc_spec_free(). */
#ifndef LC_SPEC_H
#define LC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct json_t;

/* Parse a JSON document (duplicate keys and NUL in strings refused).  An
 * error names the field where jansson stopped, below 'base' (the document's
 * own path, e.g. "linux.resources", or NULL).  spec_json.c */
int lc_json_load (const char *buf, size_t len, const char *base,
                  struct json_t **ret, struct lc_err *err);

#define LC_SPEC_MAX_SIZE                                                      \
  (16u << 20) /* config.json larger than this: refused */

enum lc_ns_type
{
  LC_NS_PID,
  LC_NS_NET,
  LC_NS_MNT,
  LC_NS_IPC,
  LC_NS_UTS,
  LC_NS_USER,
  LC_NS_CGROUP,
  LC_NS_TIME,
  LC_NS_COUNT
};

struct lc_namespace
{
  bool present; /* listed in linux.namespaces */
  char *path;   /* join this one (setns) instead of creating; NULL = new */
};

struct lc_id_map
{
  uint32_t container_id;
  uint32_t host_id;
  uint32_t size;
};

struct lc_mount
{
  char *destination; /* absolute, as written in the config */
  char *type;        /* may be NULL (bind mounts) */
  char *source;      /* may be NULL; relative sources are against the bundle */
  char **options;    /* NULL-terminated; may be NULL */
  struct lc_id_map *uid_mappings; /* for idmap/ridmap mounts */
  size_t n_uid_mappings;
  struct lc_id_map *gid_mappings;
  size_t n_gid_mappings;
};

struct lc_rlimit
{
  int resource; /* RLIMIT_* */
  uint64_t soft;
  uint64_t hard;
};

/* Capability sets as bit masks of CAP_* numbers (bit n = capability n). */
struct lc_caps
{
  bool present; /* process.capabilities was given */
  uint64_t bounding;
  uint64_t effective;
  uint64_t inheritable;
  uint64_t permitted;
  uint64_t ambient;
};

struct lc_user
{
  uint32_t uid;
  uint32_t gid;
  bool has_umask;
  uint32_t umask;
  uint32_t *additional_gids;
  size_t n_additional_gids;
};

struct lc_scheduler
{
  bool present;
  int policy; /* SCHED_* */
  int nice;
  int priority;
  uint32_t flags; /* SCHED_FLAG_* */
  uint64_t runtime, deadline, period;
};

struct lc_process
{
  bool terminal;
  unsigned console_height, console_width;
  struct lc_user user;
  char **args;        /* NULL-terminated, at least one element */
  char *command_line; /* Windows only; ignored */
  char **env;         /* NULL-terminated; may be empty */
  char *cwd;          /* absolute */
  struct lc_caps caps;
  struct lc_rlimit *rlimits;
  size_t n_rlimits;
  bool no_new_privileges;
  bool has_oom_score_adj;
  int oom_score_adj;
  char *apparmor_profile;
  char *selinux_label;
  bool has_io_priority;
  int io_class; /* IOPRIO_CLASS_* */
  int io_priority;
  struct lc_scheduler scheduler;
  char *cpu_affinity_initial; /* execCPUAffinity.initial, a cpu list */
  char *cpu_affinity_final;
};

enum lc_hook_kind
{
  LC_HOOK_PRESTART,
  LC_HOOK_CREATE_RUNTIME,
  LC_HOOK_CREATE_CONTAINER,
  LC_HOOK_START_CONTAINER,
  LC_HOOK_POSTSTART,
  LC_HOOK_POSTSTOP,
  LC_HOOK_COUNT
};

struct lc_hook
{
  char *path;
  char **args; /* may be NULL */
  char **env;  /* may be NULL */
  int timeout; /* seconds, 0 = none */
};

struct lc_device
{
  char *path;
  char type; /* 'c', 'b', 'u', 'p' */
  int64_t major, minor;
  bool has_file_mode;
  uint32_t file_mode;
  bool has_uid, has_gid;
  uint32_t uid, gid;
};

struct lc_seccomp_arg
{
  unsigned index;
  uint64_t value;
  uint64_t value_two;
  int op; /* enum scmp_compare (SCMP_CMP_*) */
};

struct lc_seccomp_rule
{
  char **names;    /* NULL-terminated */
  uint32_t action; /* SCMP_ACT_* base value (without errno) */
  bool has_errno_ret;
  uint32_t errno_ret;
  struct lc_seccomp_arg *args;
  size_t n_args;
};

struct lc_seccomp
{
  uint32_t default_action;
  bool has_default_errno_ret;
  uint32_t default_errno_ret;
  char **
      architectures; /* "SCMP_ARCH_X86_64" ...; NULL-terminated, may be NULL */
  char **flags;      /* "SECCOMP_FILTER_FLAG_LOG" ...; may be NULL */
  char *listener_path;
  char *listener_metadata;
  struct lc_seccomp_rule *rules;
  size_t n_rules;
};

struct lc_personality
{
  bool present;
  unsigned long domain; /* PER_LINUX or PER_LINUX32 */
};

/* linux.resources is kept as parsed, type-checked values; the cgroup module
 * turns them into cgroup v2 files.  INT64_MIN / absent flags mean "unset". */
struct lc_device_rule
{
  bool allow;
  char type;            /* 'a', 'c', 'b' */
  int64_t major, minor; /* -1 = wildcard */
  char access[4];       /* subset of "rwm" */
};

struct lc_resources
{
  bool present;
  struct lc_device_rule *devices;
  size_t n_devices;
  /* memory */
  bool has_mem_limit, has_mem_reservation, has_mem_swap, has_mem_kernel;
  int64_t mem_limit, mem_reservation, mem_swap, mem_kernel;
  bool has_mem_swappiness;
  uint64_t mem_swappiness;
  bool disable_oom_killer;
  /* cpu */
  bool has_cpu_shares, has_cpu_quota, has_cpu_period, has_cpu_burst;
  uint64_t cpu_shares, cpu_period, cpu_burst;
  int64_t cpu_quota;
  bool has_cpu_idle;
  int64_t cpu_idle;
  bool has_cpu_rt;
  char *cpu_cpus, *cpu_mems;
  /* pids */
  bool has_pids_limit;
  int64_t pids_limit;
  /* unified: key/value pairs, NULL-terminated parallel arrays */
  char **unified_keys;
  char **unified_values;
};

struct lc_spec
{
  char *oci_version;
  char *root_path; /* absolute after lc_spec_load (resolved against bundle) */
  bool root_readonly;
  struct lc_mount *mounts;
  size_t n_mounts;
  bool has_process;
  struct lc_process process;
  char *hostname;
  char *domainname;
  struct lc_hook *hooks[LC_HOOK_COUNT];
  size_t n_hooks[LC_HOOK_COUNT];
  char **annotation_keys; /* NULL-terminated parallel arrays */
  char **annotation_values;

  /* linux */
  struct lc_namespace ns[LC_NS_COUNT];
  struct lc_id_map *uid_mappings;
  size_t n_uid_mappings;
  struct lc_id_map *gid_mappings;
  size_t n_gid_mappings;
  struct lc_device *devices;
  size_t n_devices;
  char *cgroups_path;
  struct lc_resources resources;
  char *rootfs_propagation; /* "private", "rslave", ...; NULL = default */
  char **masked_paths;
  char **readonly_paths;
  char **sysctl_keys; /* NULL-terminated parallel arrays */
  char **sysctl_values;
  char *mount_label;
  bool has_seccomp;
  struct lc_seccomp seccomp;
  struct lc_personality personality;
  /* linux.timeOffsets: seconds/nanoseconds for the time namespace */
  bool has_time_offsets;
  int64_t time_monotonic_secs, time_boottime_secs;
  uint32_t time_monotonic_nsecs, time_boottime_nsecs;

  /* The document as read by lc_spec_load (NULL after lc_spec_parse): the
   * one copy create saves and reads linux.resources from, so every part
   * of a create sees the same config. */
  char *raw;
  size_t raw_len;
};

/* Parse a config.json document.  On success *ret owns a new struct; free it
 * with lc_spec_free().  -EINVAL with err naming the JSON path on bad input. */
int lc_spec_parse (const char *json, size_t len, struct lc_spec **ret,
                   struct lc_err *err);

/* Read <bundle>/config.json (bounded by LC_SPEC_MAX_SIZE), parse it and make
 * root_path absolute against the bundle directory; the spec keeps the bytes
 * read (raw, raw_len). */
int lc_spec_load (const char *bundle, struct lc_spec **ret,
                  struct lc_err *err);

/* Parse a standalone process object (exec --process FILE); *ret is
 * heap-allocated, release with lc_process_free(). */
int lc_process_parse (const char *json, size_t len, struct lc_process **ret,
                      struct lc_err *err);

struct lc_spec *lc_spec_free (struct lc_spec *spec);
void lc_process_clear (struct lc_process *p);
struct lc_process *lc_process_free (struct lc_process *p);

/* Name lookups shared with the CLI ("pid" -> LC_NS_PID, "network" ...). */
const char *lc_ns_name (enum lc_ns_type t);
const char *lc_ns_proc_name (enum lc_ns_type t); /* /proc/PID/ns/<name> */
const char *lc_hook_name (enum lc_hook_kind k);  /* "prestart" ... */

/* Look up an annotation; NULL if absent. */
const char *lc_spec_annotation (const struct lc_spec *spec, const char *key);

#endif
