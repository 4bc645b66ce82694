/* cgroup.h - cgroup v2 for containers: discovery (pure v2 or hybrid),
 * placement, linux.resources, freeze, kill, stats, removal.  Every write is
 * relative to the container's cgroup dirfd and never follows a symlink. */
#ifndef LC_CGROUP_H
#define LC_CGROUP_H

#include <stdbool.h>
#include <sys/types.h>

#include "error.h"
#include "spec.h"

struct lc_cgroup
{
  char *mount; /* the cgroup2 mount: "/sys/fs/cgroup" or ".../unified" */
  char *path;  /* the container's cgroup relative to mount, e.g. "/hull/c1" */
  int dirfd;   /* O_DIRECTORY|O_CLOEXEC of mount+path, or -1 */
};

/* Find the cgroup2 mount from /proc/self/mountinfo.  -ENOENT with a clear
 * message on a v1-only host. */
int lc_cgroup_find_mount (char **ret_mount, struct lc_err *err);

/* Create the container's cgroup: linux.cgroupsPath (absolute = from the
 * mount root; relative = under the caller's own cgroup) or /hull/<id> as
 * root; rootless: a child of the caller's cgroup when writable, else no
 * cgroup (ret->path NULL; the caller warns) unless resources were asked
 * for, which is then an error naming the missing delegation.  Enables the
 * needed controllers in the parents and applies spec->resources; refuses
 * (before creating anything) resources whose controller is unavailable on
 * this host, naming the field.  On failure nothing is left behind. */
int lc_cgroup_create (const struct lc_spec *spec, const char *id,
                      bool rootless, struct lc_cgroup *ret,
                      struct lc_err *err);

/* True when the caller may create cgroups under its own (delegated)
 * cgroup: what a rootless container needs for limits. */
bool lc_cgroup_own_writable (void);
/* True when the cgroup v2 hierarchy offers controller name ("memory"). */
bool lc_cgroup_has_controller (const char *name);

/* The cgroup v2 path of pid (0: the caller), from the "0::/path" line of
 * /proc/PID/cgroup: relative to the cgroup2 mount as seen from the
 * caller's cgroup namespace, with a trailing " (deleted)" dropped.  *ret
 * is malloc'd.  -ENOENT when the process is gone or has no v2 entry (a
 * v1-only host). */
int lc_cgroup_of_pid (pid_t pid, char **ret, struct lc_err *err);

/* Re-open an existing container's cgroup (mount + path from the state). */
int lc_cgroup_open (const char *mount, const char *path, struct lc_cgroup *ret,
                    struct lc_err *err);

/* Write pid into cgroup.procs. */
int lc_cgroup_enter (const struct lc_cgroup *cg, pid_t pid,
                     struct lc_err *err);

/* Apply (or re-apply, for update) resources to the cgroup. */
int lc_cgroup_apply (const struct lc_cgroup *cg,
                     const struct lc_resources *res, struct lc_err *err);

/* cgroup.freeze = 1/0, waiting until cgroup.events says frozen 1/0. */
int lc_cgroup_freeze (const struct lc_cgroup *cg, bool freeze,
                      struct lc_err *err);
bool lc_cgroup_is_frozen (const struct lc_cgroup *cg);

/* Signal every process in the cgroup (cgroup.kill for SIGKILL when the
 * kernel has it). */
int lc_cgroup_signal (const struct lc_cgroup *cg, int sig, struct lc_err *err);

/* Host pids in the cgroup (recursively), sorted. */
int lc_cgroup_pids (const struct lc_cgroup *cg, pid_t **ret, size_t *ret_n,
                    struct lc_err *err);

/* Stats as JSON text (runc events --stats shape). */
int lc_cgroup_stats_json (const struct lc_cgroup *cg, char **ret,
                          struct lc_err *err);

/* Kill stragglers, wait for the cgroup to empty, rmdir it (and the parents
 * hull created, when empty). */
int lc_cgroup_destroy (struct lc_cgroup *cg, struct lc_err *err);

void lc_cgroup_close (struct lc_cgroup *cg);

/* ---- added by the cgroup module ---------------------------------------- */

#include <stddef.h>
#include <stdint.h>

/* The whole linux.resources object.  struct lc_resources (spec.h) carries
 * memory, cpu, pids, devices and unified only; blockIO, hugepageLimits,
 * rdma and network are parsed here from the JSON (config.json or the
 * `update -r` document).  Strings and arrays are owned. */
struct lc_cgroup_dev_weight
{
  int64_t major, minor;
  bool has_weight;
  uint16_t weight;
};

struct lc_cgroup_dev_rate
{
  int64_t major, minor;
  uint64_t rate;
};

enum
{
  LC_THROTTLE_READ_BPS,
  LC_THROTTLE_WRITE_BPS,
  LC_THROTTLE_READ_IOPS,
  LC_THROTTLE_WRITE_IOPS,
  LC_THROTTLE_COUNT
};

struct lc_cgroup_hugepage
{
  char *page_size; /* "2MB" */
  uint64_t limit;
};

struct lc_cgroup_rdma
{
  char *device;
  bool has_handles, has_objects;
  uint32_t handles, objects;
};

struct lc_cgroup_resources
{
  /* memory */
  bool has_mem_limit, has_mem_reservation, has_mem_swap, has_mem_swappiness;
  int64_t mem_limit, mem_reservation, mem_swap;
  uint64_t mem_swappiness;
  bool disable_oom_killer, check_before_update;
  /* cpu */
  bool has_cpu_shares, has_cpu_quota, has_cpu_period, has_cpu_burst;
  bool has_cpu_idle, has_cpu_rt;
  uint64_t cpu_shares, cpu_period, cpu_burst;
  int64_t cpu_quota, cpu_idle;
  char *cpus, *mems;
  /* pids */
  bool has_pids_limit;
  int64_t pids_limit;
  /* blockIO */
  bool has_blkio_weight;
  uint16_t blkio_weight;
  struct lc_cgroup_dev_weight *weight_devices;
  size_t n_weight_devices;
  struct lc_cgroup_dev_rate *throttle[LC_THROTTLE_COUNT];
  size_t n_throttle[LC_THROTTLE_COUNT];
  /* hugepageLimits, rdma, network */
  struct lc_cgroup_hugepage *hugepages;
  size_t n_hugepages;
  struct lc_cgroup_rdma *rdma;
  size_t n_rdma;
  bool has_network;
  /* devices: has_devices = the key was present (even empty) */
  bool has_devices;
  struct lc_device_rule *devices;
  size_t n_devices;
  /* unified */
  char **unified_keys;
  char **unified_values;
};

/* Parse a linux.resources object (whole_config: a config.json document,
 * from which linux.resources is taken; absent = no resources).  Errors name
 * the JSON path ("linux.resources.blockIO.weight: ..."). */
int lc_cgroup_resources_parse (const char *json, size_t len, bool whole_config,
                               struct lc_cgroup_resources *ret,
                               struct lc_err *err);
/* Copy the subset struct lc_resources carries (deep copy). */
void lc_cgroup_resources_from_spec (const struct lc_resources *res,
                                    struct lc_cgroup_resources *ret);
void lc_cgroup_resources_clear (struct lc_cgroup_resources *r);
/* True when any field would need a cgroup (devices excluded when
 * ignore_devices). */
bool lc_cgroup_resources_any (const struct lc_cgroup_resources *r,
                              bool ignore_devices);

/* Pure checks of values (no cgroup needed): cpus/mems lists, unified keys,
 * swap vs limit, realtime fields, network.  -EINVAL naming the field. */
int lc_cgroup_resources_validate (const struct lc_cgroup_resources *r,
                                  struct lc_err *err);

/* The v1 -> v2 conversions (docs/cgroups.md gives each formula). */
uint64_t lc_cgroup_shares_to_weight (uint64_t shares);
uint64_t lc_cgroup_blkio_to_io_weight (uint64_t weight);
/* memory.swap.max from the spec's swap (memory+swap) and limit; -1 in
 * *ret means "max".  -EINVAL with a message when inconsistent. */
int lc_cgroup_swap_to_v2 (int64_t swap, bool has_limit, int64_t limit,
                          int64_t *ret, struct lc_err *err);
/* cpu.max text ("max 100000", "50000 100000") into buf. */
int lc_cgroup_cpu_max (bool has_quota, int64_t quota, bool has_period,
                       uint64_t period, char *buf, size_t size);
/* A cpuset list "0-3,5": 0 if well-formed. */
int lc_cgroup_check_cpu_list (const char *s);
/* A unified key: "<controller>.<name>", no '/', no "..", not a cgroup.*
 * core file hull manages itself. */
int lc_cgroup_check_unified_key (const char *key, struct lc_err *err);
/* "32m", "1G", "1024", "-1" -> bytes (-1 stays -1). */
int lc_cgroup_parse_size (const char *s, int64_t *ret);

/* Controllers a resource set needs ("memory", "cpu", ...), as a bit set
 * over lc_cgroup_controller_name(i). */
unsigned lc_cgroup_needed_controllers (const struct lc_cgroup_resources *r);
const char *lc_cgroup_controller_name (unsigned i);
#define LC_CGROUP_N_CONTROLLERS 7

/* Where lc_cgroup_create_full would put the cgroup, in the state's
 * "mount:path" form, without creating anything: recorded before the
 * cgroup exists so that a create killed midway leaves nothing delete
 * cannot find.  NULL when there is no cgroup2 mount or no valid path. */
char *lc_cgroup_plan (const struct lc_spec *spec, const char *id,
                      bool rootless);

/* The full form of create and apply (every linux.resources field). */
int lc_cgroup_create_full (const struct lc_spec *spec,
                           const struct lc_cgroup_resources *res,
                           const char *id, bool rootless,
                           struct lc_cgroup *ret, struct lc_err *err);
/* The checks lc_cgroup_create_full makes before creating anything:
 * values, and the controllers the resources need on this host. */
int lc_cgroup_check_host (const struct lc_cgroup_resources *res,
                          struct lc_err *err);

/* Take over a cgroup another manager made and delegated (systemd's
 * scope, path relative to the cgroup2 mount): open it, enable missing
 * controllers above it (root only), apply res and the device program.
 * Nothing is removed on failure: the cgroup is its owner's. */
int lc_cgroup_adopt (const struct lc_spec *spec,
                     const struct lc_cgroup_resources *res, const char *path,
                     bool rootless, struct lc_cgroup *ret, struct lc_err *err);

int lc_cgroup_apply_full (const struct lc_cgroup *cg,
                          const struct lc_cgroup_resources *res, bool rootless,
                          struct lc_err *err);

/* Enable the controllers in 'need' (lc_cgroup_needed_controllers) in every
 * ancestor of the cgroup, for an update that asks for a new one. */
int lc_cgroup_ensure_controllers (const struct lc_cgroup *cg, unsigned need,
                                  struct lc_err *err);

/* memory.events oom_kill (cgroup_stats.c). */
int lc_cgroup_oom_kills (const struct lc_cgroup *cg, unsigned long long *ret);

/* "mount:path" as stored in the state, and back. */
char *lc_cgroup_format_state (const struct lc_cgroup *cg);
int lc_cgroup_open_state (const char *state_path, struct lc_cgroup *ret,
                          struct lc_err *err);

/* Device eBPF (cgroup_devices.c).  The program for a rule list: the rules
 * in order, last match wins, default deny; each deny-all rule (and an empty
 * list) is followed by the standard allow list (null zero full random
 * urandom tty console ptmx pts); the same baseline lies below the first
 * rule.  *ret is malloc'd, *ret_n instructions. */
struct bpf_insn;
int lc_cgroup_devices_program (const struct lc_device_rule *rules, size_t n,
                               struct bpf_insn **ret, size_t *ret_n,
                               struct lc_err *err);
/* Load the program and attach it to the cgroup (BPF_F_ALLOW_MULTI),
 * replacing the programs hull attached before. */
int lc_cgroup_devices_apply (int dirfd, const struct lc_device_rule *rules,
                             size_t n, struct lc_err *err);

#endif
