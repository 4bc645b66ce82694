/* spec_process.c - the "process" object of config.json (and of
 * `hull exec --process`): the tables for user, consoleSize, capabilities,
 * rlimits, ioPriority, scheduler and execCPUAffinity, the checks that need
 * the whole object, lc_process_parse and the process destructors. */
#include "spec_int.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "caps.h"
#include "procattr.h"
#include "util.h"
#include "validate.h"

/* --- tables ------------------------------------------------------------- */

static const struct spec_field user_fields[] = {
  VAL ("uid", spec_parse_u32, struct lc_user, uid),
  VAL ("gid", spec_parse_u32, struct lc_user, gid),
  VAL_HAS ("umask", spec_parse_mode, struct lc_user, umask, has_umask),
  ARRAY_OF ("additionalGids", spec_parse_u32, struct lc_user, additional_gids,
            n_additional_gids),
  CHECK ("username", spec_parse_string),
};
static const struct spec_object user_object = OBJECT (user_fields, NULL);

static const struct spec_field console_fields[] = {
  VAL_REQ ("height", spec_parse_uint, struct lc_process, console_height),
  VAL_REQ ("width", spec_parse_uint, struct lc_process, console_width),
};
static const struct spec_object console_object = OBJECT (console_fields, NULL);

static int
parse_capset (json_t *v, void *dst, const struct spec_jpath *p,
              struct lc_err *err)
{
  uint64_t mask = 0;
  size_t i;
  json_t *e;
  int r = spec_parse_strv (v, NULL, p, err);

  if (r < 0)
    return r;
  json_array_foreach (v, i, e)
  {
    int cap = lc_caps_from_name (json_string_value (e));
    if (cap < 0)
      return spec_fail (err, &(struct spec_jpath){ p, NULL, i },
                        "unknown capability '%s'", json_string_value (e));
    mask |= UINT64_C (1) << cap;
  }
  if (dst)
    *(uint64_t *) dst = mask;
  return 0;
}

static const struct spec_field caps_fields[] = {
  VAL ("bounding", parse_capset, struct lc_caps, bounding),
  VAL ("effective", parse_capset, struct lc_caps, effective),
  VAL ("inheritable", parse_capset, struct lc_caps, inheritable),
  VAL ("permitted", parse_capset, struct lc_caps, permitted),
  VAL ("ambient", parse_capset, struct lc_caps, ambient),
};
static const struct spec_object caps_object = OBJECT (caps_fields, NULL);

static int
parse_rlimit_type (json_t *v, void *dst, const struct spec_jpath *p,
                   struct lc_err *err)
{
  int res;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  res = lc_rlimit_from_name (json_string_value (v));
  if (res < 0)
    return spec_fail (err, p, "unknown rlimit '%s'", json_string_value (v));
  if (dst)
    *(int *) dst = res;
  return 0;
}

static const struct spec_field rlimit_fields[] = {
  VAL_REQ ("type", parse_rlimit_type, struct lc_rlimit, resource),
  VAL_REQ ("soft", spec_parse_u64, struct lc_rlimit, soft),
  VAL_REQ ("hard", spec_parse_u64, struct lc_rlimit, hard),
};
static const struct spec_object rlimit_object = OBJECT (rlimit_fields, NULL);

static const char *const io_class_names[]
    = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
static const long io_class_values[] = { 1, 2, 3 }; /* IOPRIO_CLASS_* */
DEFINE_ENUM_PARSER (parse_io_class, int, io_class_names, io_class_values)

static const struct spec_field io_priority_fields[] = {
  VAL_REQ ("class", parse_io_class, struct lc_process, io_class),
  VAL ("priority", spec_parse_i32, struct lc_process, io_priority),
};
static const struct spec_object io_priority_object
    = OBJECT (io_priority_fields, NULL);

/* Values from the kernel's uapi/linux/sched.h (SCHED_ISO is reserved). */
static const char *const policy_names[]
    = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
        "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE" };
DEFINE_ENUM_PARSER (parse_sched_policy, int, policy_names, NULL)

static int
parse_sched_flags (json_t *v, void *dst, const struct spec_jpath *p,
                   struct lc_err *err)
{
  static const char *const names[]
      = { "SCHED_FLAG_RESET_ON_FORK", "SCHED_FLAG_RECLAIM",
          "SCHED_FLAG_DL_OVERRUN",    "SCHED_FLAG_KEEP_POLICY",
          "SCHED_FLAG_KEEP_PARAMS",   "SCHED_FLAG_UTIL_CLAMP_MIN",
          "SCHED_FLAG_UTIL_CLAMP_MAX" }; /* bit i = 1 << i */
  uint32_t flags = 0;
  size_t i;
  json_t *e;

  if (!json_is_array (v))
    return spec_fail (err, p, "expected an array");
  json_array_foreach (v, i, e)
  {
    long bit;
    int r = spec_parse_enum (e, names, NULL, N_ELEMENTS (names), &bit,
                             &(struct spec_jpath){ p, NULL, i }, err);
    if (r < 0)
      return r;
    flags |= UINT32_C (1) << bit;
  }
  if (dst)
    *(uint32_t *) dst = flags;
  return 0;
}

static const struct spec_field scheduler_fields[] = {
  VAL_REQ ("policy", parse_sched_policy, struct lc_scheduler, policy),
  VAL ("nice", spec_parse_i32, struct lc_scheduler, nice),
  VAL ("priority", spec_parse_i32, struct lc_scheduler, priority),
  VAL ("flags", parse_sched_flags, struct lc_scheduler, flags),
  VAL ("runtime", spec_parse_u64, struct lc_scheduler, runtime),
  VAL ("deadline", spec_parse_u64, struct lc_scheduler, deadline),
  VAL ("period", spec_parse_u64, struct lc_scheduler, period),
};
static const struct spec_object scheduler_object
    = OBJECT (scheduler_fields, NULL);

static int
parse_cpu_list (json_t *v, void *dst, const struct spec_jpath *p,
                struct lc_err *err)
{
  int r = spec_parse_string (v, NULL, p, err);
  const char *s = json_string_value (v);

  if (r < 0)
    return r;
  if (strspn (s, "0123456789, -") != strlen (s))
    return spec_fail (err, p, "invalid cpu list '%s'", s);
  return spec_parse_string (v, dst, p, err);
}

static const struct spec_field affinity_fields[] = {
  F_ ("initial", parse_cpu_list, NULL,
      OFF (struct lc_process, cpu_affinity_initial), NO_DST, 0, 0, OWNS_STR,
      0),
  F_ ("final", parse_cpu_list, NULL,
      OFF (struct lc_process, cpu_affinity_final), NO_DST, 0, 0, OWNS_STR, 0),
};
static const struct spec_object affinity_object
    = OBJECT (affinity_fields, NULL);

#define PROC struct lc_process
static const struct spec_field process_fields[] = {
  VAL ("terminal", spec_parse_bool, PROC, terminal),
  SAME ("consoleSize", console_object),
  OBJ ("user", PROC, user, user_object),
  STRV ("args", PROC, args),
  STR ("commandLine", PROC, command_line),
  STRV ("env", PROC, env),
  STR_REQ ("cwd", PROC, cwd),
  OBJ_HAS ("capabilities", PROC, caps, caps.present, caps_object),
  ARRAY ("rlimits", PROC, rlimits, n_rlimits, rlimit_object),
  VAL ("noNewPrivileges", spec_parse_bool, PROC, no_new_privileges),
  VAL_HAS ("oomScoreAdj", spec_parse_oom_score_adj, PROC, oom_score_adj,
           has_oom_score_adj),
  STR ("apparmorProfile", PROC, apparmor_profile),
  STR ("selinuxLabel", PROC, selinux_label),
  SAME_HAS ("ioPriority", PROC, has_io_priority, io_priority_object),
  OBJ_HAS ("scheduler", PROC, scheduler, scheduler.present, scheduler_object),
  SAME ("execCPUAffinity", affinity_object),
};
#undef PROC
const struct spec_object spec_process_object = OBJECT (process_fields, NULL);

/* --- entry points ------------------------------------------------------- */

int
spec_finish_process (struct lc_process *proc, const struct spec_jpath *p,
                     struct lc_err *err)
{
  struct spec_jpath rp = { p, "rlimits", 0 };
  uint64_t seen = 0;

  /* Later stages may hand these straight to execve. */
  if (!proc->args)
    proc->args = lc_xcalloc (1, sizeof (char *));
  if (!proc->env)
    proc->env = lc_xcalloc (1, sizeof (char *));
  for (size_t i = 0; i < proc->n_rlimits; i++)
    {
      int res = proc->rlimits[i].resource; /* RLIMIT_* are below 64 */
      uint64_t bit = res >= 0 && res < 64 ? UINT64_C (1) << res : 0;
      if (seen & bit)
        return spec_fail (err, &(struct spec_jpath){ &rp, NULL, i },
                          "duplicate rlimit '%s'", lc_rlimit_name (res));
      seen |= bit;
    }
  return 0;
}

int
lc_process_parse (const char *json, size_t len, struct lc_process **ret,
                  struct lc_err *err)
{
  json_auto_t *root = NULL; /* jansson's cleanup type */
  struct spec_jpath p = { NULL, "process", 0 };
  struct lc_process *proc;
  int r;

  r = lc_json_load (json, len, "process", &root, err);
  if (r < 0)
    return r;
  proc = lc_xcalloc (1, sizeof *proc);
  r = spec_parse_object (root, &spec_process_object, proc, &p, err);
  if (r == 0)
    r = spec_finish_process (proc, &p, err);
  if (r == 0)
    r = lc_process_validate (proc, err);
  if (r < 0)
    {
      lc_process_free (proc);
      return r;
    }
  *ret = proc;
  return 0;
}

/* --- freeing ------------------------------------------------------------- */

void
lc_process_clear (struct lc_process *p)
{
  if (!p)
    return;
  spec_free_object (&spec_process_object, p);
  memset (p, 0, sizeof *p);
}

struct lc_process *
lc_process_free (struct lc_process *p)
{
  lc_process_clear (p);
  free (p);
  return NULL;
}
