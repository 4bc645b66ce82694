/* seccomp.c - linux.seccomp to a libseccomp filter.
 *
 * The profile is kept as parsed (spec.c): actions are base values without
 * their errno, which is combined here.  The filter is built in one place
 * (build_filter) and then loaded or exported. */
#include "seccomp.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "console.h"
#include "util.h"

static const struct
{
  const char *name;
  uint32_t action;
} action_names[] = {
  { "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD },
  { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
  { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
  { "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
  { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO (0) },
  { "SCMP_ACT_TRACE", SCMP_ACT_TRACE (0) },
  { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
  { "SCMP_ACT_LOG", SCMP_ACT_LOG },
  { "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY },
};

static const struct
{
  const char *name;
  int op;
} op_names[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE },
  { "SCMP_CMP_LT", SCMP_CMP_LT },
  { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_EQ", SCMP_CMP_EQ },
  { "SCMP_CMP_GE", SCMP_CMP_GE },
  { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))
#define SECCOMP_MAX_ARGS 6

int
lc_seccomp_action_from_name (const char *name, uint32_t *ret)
{
  if (!name)
    return -EINVAL;
  for (size_t i = 0; i < N_ELEMENTS (action_names); i++)
    if (strcmp (action_names[i].name, name) == 0)
      {
        *ret = action_names[i].action;
        return 0;
      }
  return -EINVAL;
}

int
lc_seccomp_op_from_name (const char *name, int *ret)
{
  if (!name)
    return -EINVAL;
  for (size_t i = 0; i < N_ELEMENTS (op_names); i++)
    if (strcmp (op_names[i].name, name) == 0)
      {
        *ret = op_names[i].op;
        return 0;
      }
  return -EINVAL;
}

static void
release_ctx (scmp_filter_ctx *ctx)
{
  if (*ctx)
    seccomp_release (*ctx);
  *ctx = NULL;
}
#define cleanup_scmp __attribute__ ((cleanup (release_ctx)))

/* Base action plus errnoRet to the value libseccomp takes.  ERRNO and
 * TRACE carry a return code (EPERM when none is given); other actions
 * refuse one. */
static int
combine_action (uint32_t base, bool has_errno, uint32_t errno_ret,
                const char *field, uint32_t *ret, struct lc_err *err)
{
  uint32_t code = has_errno ? errno_ret : EPERM;

  if (base == SCMP_ACT_ERRNO (0) || base == SCMP_ACT_TRACE (0))
    {
      if (code > 0xffff)
        return lc_err_setx (err, EINVAL, "%s: %u is out of range", field,
                            code);
      *ret = base | code;
      return 0;
    }
  if (has_errno)
    return lc_err_setx (err, EINVAL,
                        "%s: only SCMP_ACT_ERRNO and SCMP_ACT_TRACE take a "
                        "return code",
                        field);
  *ret = base;
  return 0;
}

static int
add_arches (scmp_filter_ctx ctx, char **arches, struct lc_err *err)
{
  for (size_t i = 0; arches && arches[i]; i++)
    {
      char lower[32];
      const char *name = arches[i];
      uint32_t arch;
      size_t j;
      int r;

      if (strncmp (name, "SCMP_ARCH_", 10) != 0
          || strlen (name + 10) >= sizeof lower)
        return lc_err_setx (err, EINVAL,
                            "linux.seccomp.architectures[%zu]: unknown "
                            "architecture '%s'",
                            i, name);
      for (j = 0; name[10 + j]; j++)
        lower[j] = (char) tolower ((unsigned char) name[10 + j]);
      lower[j] = '\0';
      arch = seccomp_arch_resolve_name (lower);
      if (arch == 0)
        return lc_err_setx (err, EINVAL,
                            "linux.seccomp.architectures[%zu]: '%s' is not "
                            "known to this libseccomp",
                            i, name);
      r = seccomp_arch_add (ctx, arch);
      if (r < 0 && r != -EEXIST)
        return lc_err_set (
            err, -r, "linux.seccomp.architectures[%zu]: add '%s'", i, name);
    }
  return 0;
}

static int
set_attr (scmp_filter_ctx ctx, enum scmp_filter_attr attr, uint32_t v,
          const char *what, struct lc_err *err)
{
  int r = seccomp_attr_set (ctx, attr, v);
  if (r < 0)
    return lc_err_set (err, -r, "seccomp: %s", what);
  return 0;
}

static int
set_flags (scmp_filter_ctx ctx, char **flags, struct lc_err *err)
{
  for (size_t i = 0; flags && flags[i]; i++)
    {
      const char *f = flags[i];
      int r;

      if (strcmp (f, "SECCOMP_FILTER_FLAG_TSYNC") == 0)
        continue; /* the init is single-threaded: nothing to sync */
      else if (strcmp (f, "SECCOMP_FILTER_FLAG_LOG") == 0)
        r = set_attr (ctx, SCMP_FLTATR_CTL_LOG, 1, f, err);
      else if (strcmp (f, "SECCOMP_FILTER_FLAG_SPEC_ALLOW") == 0)
        r = set_attr (ctx, SCMP_FLTATR_CTL_SSB, 1, f, err);
      else if (strcmp (f, "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV") == 0)
        {
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 6)
          r = set_attr (ctx, SCMP_FLTATR_CTL_WAITKILL, 1, f, err);
#else
          r = lc_err_setx (err, EOPNOTSUPP,
                           "%s needs libseccomp >= 2.6 (built with %d.%d.%d)",
                           f, SCMP_VER_MAJOR, SCMP_VER_MINOR, SCMP_VER_MICRO);
#endif
        }
      else
        r = lc_err_setx (err, EINVAL, "unknown flag '%s'", f);
      if (r < 0)
        {
          lc_err_prefix (err, "linux.seccomp.flags[%zu]", i);
          return r;
        }
    }
  return 0;
}

static int
fill_cmp (const struct lc_seccomp_arg *a, size_t rule, size_t k,
          struct scmp_arg_cmp *c, struct lc_err *err)
{
  if (a->index >= SECCOMP_MAX_ARGS)
    return lc_err_setx (err, EINVAL,
                        "linux.seccomp.syscalls[%zu].args[%zu].index: %u is "
                        "above 5",
                        rule, k, a->index);
  if (a->op < SCMP_CMP_NE || a->op > SCMP_CMP_MASKED_EQ)
    return lc_err_setx (err, EINVAL,
                        "linux.seccomp.syscalls[%zu].args[%zu].op: invalid",
                        rule, k);
  /* For MASKED_EQ libseccomp takes the mask first, then the datum: the
   * spec's value and valueTwo in that order, as for the other ops. */
  c->arg = a->index;
  c->op = (enum scmp_compare) a->op;
  c->datum_a = a->value;
  c->datum_b = a->value_two;
  return 0;
}

static bool
has_repeated_index (const struct lc_seccomp_rule *rule)
{
  unsigned seen = 0;
  for (size_t k = 0; k < rule->n_args; k++)
    {
      unsigned bit = 1u << (rule->args[k].index % 32);
      if (seen & bit)
        return true;
      seen |= bit;
    }
  return false;
}

/* One syscall of one rule.  Distinct arg indexes are ANDed in one rule;
 * when an index repeats, each comparison becomes its own rule (ORed), which
 * is how profiles written for the established runtimes read. */
static int
add_syscall (scmp_filter_ctx ctx, uint32_t action, int nr, size_t i,
             const struct lc_seccomp_rule *rule, struct lc_err *err)
{
  struct scmp_arg_cmp cmp[SECCOMP_MAX_ARGS];
  int r;

  if (rule->n_args == 0)
    r = seccomp_rule_add_array (ctx, action, nr, 0, NULL);
  else if (has_repeated_index (rule))
    {
      r = 0;
      for (size_t k = 0; k < rule->n_args && r >= 0; k++)
        {
          if ((r = fill_cmp (&rule->args[k], i, k, &cmp[0], err)) < 0)
            return r;
          r = seccomp_rule_add_array (ctx, action, nr, 1, cmp);
        }
    }
  else
    {
      if (rule->n_args > SECCOMP_MAX_ARGS)
        return lc_err_setx (err, EINVAL,
                            "linux.seccomp.syscalls[%zu].args: more than %d",
                            i, SECCOMP_MAX_ARGS);
      for (size_t k = 0; k < rule->n_args; k++)
        if ((r = fill_cmp (&rule->args[k], i, k, &cmp[k], err)) < 0)
          return r;
      r = seccomp_rule_add_array (ctx, action, nr, (unsigned) rule->n_args,
                                  cmp);
    }
  if (r < 0)
    return lc_err_set (err, -r, "linux.seccomp.syscalls[%zu]: add rule", i);
  return 0;
}

static int
add_rules (scmp_filter_ctx ctx, const struct lc_seccomp *sc,
           uint32_t default_action, bool *notify, struct lc_err *err)
{
  for (size_t i = 0; i < sc->n_rules; i++)
    {
      const struct lc_seccomp_rule *rule = &sc->rules[i];
      char field[64];
      uint32_t action = 0;
      int r;

      snprintf (field, sizeof field, "linux.seccomp.syscalls[%zu].errnoRet",
                i);
      r = combine_action (rule->action, rule->has_errno_ret, rule->errno_ret,
                          field, &action, err);
      if (r < 0)
        return r;
      /* libseccomp refuses rules that repeat the default action. */
      if (action == default_action)
        continue;
      if (action == SCMP_ACT_NOTIFY)
        *notify = true;
      for (size_t n = 0; rule->names && rule->names[n]; n++)
        {
          int nr = seccomp_syscall_resolve_name (rule->names[n]);
          if (nr == __NR_SCMP_ERROR)
            continue; /* not a syscall on this architecture */
          r = add_syscall (ctx, action, nr, i, rule, err);
          if (r < 0)
            {
              lc_err_prefix (err, "syscall '%s'", rule->names[n]);
              return r;
            }
        }
    }
  return 0;
}

static int
build_filter (const struct lc_seccomp *sc, scmp_filter_ctx *ret,
              bool *ret_notify, struct lc_err *err)
{
  cleanup_scmp scmp_filter_ctx ctx = NULL;
  uint32_t def = 0;
  bool notify;
  int r;

  r = combine_action (sc->default_action, sc->has_default_errno_ret,
                      sc->default_errno_ret, "linux.seccomp.defaultErrnoRet",
                      &def, err);
  if (r < 0)
    return r;
  notify = def == SCMP_ACT_NOTIFY;
  ctx = seccomp_init (def);
  if (!ctx)
    return lc_err_setx (err, EINVAL,
                        "linux.seccomp.defaultAction: refused by libseccomp");
  /* The init sets no_new_privs itself when the spec asks for it.  TSYNC
   * stays off (the default): the init is single-threaded. */
  if ((r = set_attr (ctx, SCMP_FLTATR_CTL_NNP, 0, "clear NNP", err)) < 0)
    return r;
  if ((r = add_arches (ctx, sc->architectures, err)) < 0
      || (r = set_flags (ctx, sc->flags, err)) < 0
      || (r = add_rules (ctx, sc, def, &notify, err)) < 0)
    return r;
  *ret = TAKE_PTR (ctx);
  if (ret_notify)
    *ret_notify = notify;
  return 0;
}

int
lc_seccomp_load (const struct lc_seccomp *sc, int *ret_notify_fd,
                 struct lc_err *err)
{
  cleanup_scmp scmp_filter_ctx ctx = NULL;
  bool notify = false;
  int r, fd = -1;

  r = build_filter (sc, &ctx, &notify, err);
  if (r < 0)
    return r;
  r = seccomp_load (ctx);
  if (r < 0)
    return lc_err_set (err, -r, "load seccomp filter");
  if (notify)
    {
      fd = seccomp_notify_fd (ctx);
      if (fd < 0)
        return lc_err_set (err, fd == -1 ? EINVAL : -fd, "seccomp notify fd");
    }
  if (ret_notify_fd)
    *ret_notify_fd = fd;
  else if (fd >= 0)
    (void) lc_close (fd);
  return 0;
}

int
lc_seccomp_export_bpf (const struct lc_seccomp *sc, int fd, struct lc_err *err)
{
  cleanup_scmp scmp_filter_ctx ctx = NULL;
  int r = build_filter (sc, &ctx, NULL, err);
  if (r < 0)
    return r;
  r = seccomp_export_bpf (ctx, fd);
  if (r < 0)
    return lc_err_set (err, -r, "export seccomp filter");
  return 0;
}

int
lc_seccomp_export_pfc (const struct lc_seccomp *sc, int fd, struct lc_err *err)
{
  cleanup_scmp scmp_filter_ctx ctx = NULL;
  int r = build_filter (sc, &ctx, NULL, err);
  if (r < 0)
    return r;
  r = seccomp_export_pfc (ctx, fd);
  if (r < 0)
    return lc_err_set (err, -r, "export seccomp filter");
  return 0;
}

int
lc_seccomp_send_listener (int sock, int notify_fd, const char *metadata,
                          pid_t pid, const char *state_json,
                          struct lc_err *err)
{
  json_t *state = state_json ? json_loads (state_json, 0, NULL) : NULL;
  json_t *msg = json_pack (
      "{s:s, s:[s], s:I, s:s, s:o}", "ociVersion", "1.3.0", "fds", "seccompFd",
      "pid", (json_int_t) pid, "metadata", metadata ? metadata : "", "state",
      state ? state : json_object ());
  char *text = msg ? json_dumps (msg, JSON_COMPACT) : NULL;
  int r;

  json_decref (msg);
  if (!text)
    return lc_err_setx (err, ENOMEM, "seccomp listener message");
  r = lc_send_fd (sock, notify_fd, text, err);
  free (text);
  if (r < 0)
    lc_err_prefix (err, "linux.seccomp.listenerPath");
  return r;
}
