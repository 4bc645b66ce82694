/* spec.c - config.json to struct lc_spec (OCI runtime spec v1.3.0, Linux).
 *
 * Every JSON object is described by a table (struct object) of fields: the
 * key, how to parse the value (a scalar parser, a nested table, an array or
 * a map of either) and where it goes in the C struct.  parse_object() walks
 * a table and stores straight into the final struct, so on error the caller
 * frees the partial result; free_object() walks the same tables to release
 * what they own.  With no destination (dst == NULL) a table only checks
 * types: fields hull does not use (blockIO, rdma, ...) are still refused
 * when malformed.  A JSON path is a chain of stack frames (struct jpath),
 * formatted only when an error is reported.  Unknown keys are ignored, as
 * the spec requires; null counts as absent. */
#include "spec.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/personality.h>

#include "caps.h"
#include "procattr.h"
#include "seccomp.h"
#include "util.h"
#include "validate.h"

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* --- JSON paths and errors --------------------------------------------- */

struct jpath
{
  const struct jpath *up;
  const char *key; /* NULL: element 'index' of an array */
  size_t index;
};

static size_t
format_path (const struct jpath *p, char *buf, size_t size)
{
  size_t len;
  int n;

  if (!p)
    return 0;
  len = format_path (p->up, buf, size);
  if (len >= size)
    return len;
  if (p->key)
    n = snprintf (buf + len, size - len, "%s%s", len ? "." : "", p->key);
  else
    n = snprintf (buf + len, size - len, "[%zu]", p->index);
  return n < 0 ? size : len + (size_t) n;
}

static int __attribute__ ((format (printf, 3, 4)))
fail (struct lc_err *err, const struct jpath *p, const char *fmt, ...)
{
  char where[512] = "";
  char what[512];
  va_list ap;

  (void) format_path (p, where, sizeof where);
  va_start (ap, fmt);
  if (vsnprintf (what, sizeof what, fmt, ap) < 0)
    what[0] = '\0';
  va_end (ap);
  return lc_err_setx (err, EINVAL, "%s: %s", where[0] ? where : "config",
                      what);
}

/* --- tables ------------------------------------------------------------- */

/* Parse v into dst (which may be NULL: check only). */
typedef int (*parse_fn) (json_t *v, void *dst, const struct jpath *p,
                         struct lc_err *err);

enum owns
{
  OWNS_NOTHING,
  OWNS_STR,  /* char * */
  OWNS_STRV, /* char **, NULL-terminated */
};

#define REQUIRED 1u /* missing (or null) is an error */
#define MAP 2u      /* object whose values are all parsed alike (check only) */

struct object
{
  const struct field *fields;
  size_t n;
  void (*init) (void *dst); /* defaults before parsing; may be NULL */
};

struct field
{
  const char *key;
  parse_fn parse;              /* the value, unless 'object' is set */
  const struct object *object; /* a nested object */
  size_t off;       /* destination in the parent; NO_DST: check only */
  size_t has_off;   /* bool set when present, or NO_DST */
  size_t count_off; /* arrays: size_t element count */
  size_t elem_size; /* arrays: element size; 0 when not an array */
  enum owns owns;   /* what free_object releases at off */
  unsigned flags;
};

#define NO_DST SIZE_MAX
#define OBJECT(name, init) { name, N_ELEMENTS (name), init }
#define OFF(T, m) offsetof (T, m)
#define F_(k, fn, obj, off, has, cnt, esz, own, fl)                           \
  { k, fn, obj, off, has, cnt, esz, own, fl }
#define ESIZE(T, m) sizeof (*((T *) 0)->m)

/* scalars (and custom parsers that get the member) */
#define VAL(k, fn, T, m) F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, 0, 0)
#define VAL_REQ(k, fn, T, m)                                                  \
  F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, 0, REQUIRED)
#define VAL_HAS(k, fn, T, m, h)                                               \
  F_ (k, fn, NULL, OFF (T, m), OFF (T, h), 0, 0, 0, 0)
#define STR(k, T, m)                                                          \
  F_ (k, parse_string, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STR, 0)
#define STR_REQ(k, T, m)                                                      \
  F_ (k, parse_string, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STR, REQUIRED)
#define STRV(k, T, m)                                                         \
  F_ (k, parse_strv, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STRV, 0)
#define STRV_WITH(k, fn, T, m)                                                \
  F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STRV, 0)
#define STRV_REQ(k, fn, T, m)                                                 \
  F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STRV, REQUIRED)
/* custom parsers that get the whole parent struct */
#define CUSTOM(k, fn) F_ (k, fn, NULL, 0, NO_DST, 0, 0, 0, 0)
/* nested objects: at member m, or mapped onto the parent itself */
#define OBJ(k, T, m, o) F_ (k, NULL, &o, OFF (T, m), NO_DST, 0, 0, 0, 0)
#define OBJ_HAS(k, T, m, h, o)                                                \
  F_ (k, NULL, &o, OFF (T, m), OFF (T, h), 0, 0, 0, 0)
#define SAME(k, o) F_ (k, NULL, &o, 0, NO_DST, 0, 0, 0, 0)
#define SAME_HAS(k, T, h, o) F_ (k, NULL, &o, 0, OFF (T, h), 0, 0, 0, 0)
#define SAME_REQ(k, o) F_ (k, NULL, &o, 0, NO_DST, 0, 0, 0, REQUIRED)
/* arrays: pointer member m, count member n */
#define ARRAY(k, T, m, n, o)                                                  \
  F_ (k, NULL, &o, OFF (T, m), NO_DST, OFF (T, n), ESIZE (T, m), 0, 0)
#define ARRAY_OF(k, fn, T, m, n)                                              \
  F_ (k, fn, NULL, OFF (T, m), NO_DST, OFF (T, n), ESIZE (T, m), 0, 0)
/* type checks only */
#define CHECK(k, fn) F_ (k, fn, NULL, NO_DST, NO_DST, 0, 0, 0, 0)
#define CHECK_REQ(k, fn) F_ (k, fn, NULL, NO_DST, NO_DST, 0, 0, 0, REQUIRED)
#define CHECK_OBJ(k, o) F_ (k, NULL, &o, NO_DST, NO_DST, 0, 0, 0, 0)
#define CHECK_ARRAY(k, o) F_ (k, NULL, &o, NO_DST, NO_DST, 0, 1, 0, 0)
#define CHECK_MAP(k, o) F_ (k, NULL, &o, NO_DST, NO_DST, 0, 0, 0, MAP)

static int parse_object (json_t *v, const struct object *o, void *base,
                         const struct jpath *p, struct lc_err *err);

static int
parse_one (const struct field *f, json_t *v, void *dst, const struct jpath *p,
           struct lc_err *err)
{
  if (f->object)
    return parse_object (v, f->object, dst, p, err);
  return f->parse (v, dst, p, err);
}

/* The array and its count are stored before the elements are parsed, so
 * that a partial array is freed with the rest on error. */
static int
parse_array (const struct field *f, json_t *v, void *base,
             const struct jpath *p, struct lc_err *err)
{
  char *arr = NULL;
  size_t i, n;
  json_t *e;

  if (!json_is_array (v))
    return fail (err, p, "expected an array");
  n = json_array_size (v);
  if (base && f->off != NO_DST && n > 0)
    {
      arr = lc_xcalloc (n, f->elem_size);
      *(void **) ((char *) base + f->off) = arr;
      *(size_t *) ((char *) base + f->count_off) = n;
    }
  json_array_foreach (v, i, e)
    {
      struct jpath ep = { p, NULL, i };
      int r = parse_one (f, e, arr ? arr + i * f->elem_size : NULL, &ep, err);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
parse_map (const struct field *f, json_t *v, const struct jpath *p,
           struct lc_err *err)
{
  const char *key;
  json_t *e;

  if (!json_is_object (v))
    return fail (err, p, "expected an object");
  json_object_foreach (v, key, e)
    {
      struct jpath kp = { p, key, 0 };
      int r = parse_one (f, e, NULL, &kp, err);
      if (r < 0)
        return r;
    }
  return 0;
}

static int
parse_object (json_t *v, const struct object *o, void *base,
              const struct jpath *p, struct lc_err *err)
{
  if (!json_is_object (v))
    return fail (err, p, "expected an object");
  if (base && o->init)
    o->init (base);
  for (size_t i = 0; i < o->n; i++)
    {
      const struct field *f = &o->fields[i];
      struct jpath kp = { p, f->key, 0 };
      json_t *e = json_object_get (v, f->key);
      void *dst = base && f->off != NO_DST ? (char *) base + f->off : NULL;
      int r;

      if (!e || json_is_null (e))
        {
          if (f->flags & REQUIRED)
            return fail (err, &kp, "missing required field");
          continue;
        }
      if (f->flags & MAP)
        r = parse_map (f, e, &kp, err);
      else if (f->elem_size)
        r = parse_array (f, e, base, &kp, err);
      else
        r = parse_one (f, e, dst, &kp, err);
      if (r < 0)
        return r;
      if (base && f->has_off != NO_DST)
        *(bool *) ((char *) base + f->has_off) = true;
    }
  return 0;
}

static void
free_object (const struct object *o, void *base)
{
  for (size_t i = 0; i < o->n; i++)
    {
      const struct field *f = &o->fields[i];
      char *dst;

      /* NO_DST is not an offset: base + NO_DST would overflow. */
      if (f->off == NO_DST || (f->flags & MAP))
        continue;
      dst = (char *) base + f->off;
      if (f->elem_size)
        {
          char *arr = *(char **) dst;
          size_t n = *(size_t *) ((char *) base + f->count_off);
          for (size_t k = 0; f->object && arr && k < n; k++)
            free_object (f->object, arr + k * f->elem_size);
          free (arr);
        }
      else if (f->object)
        free_object (f->object, dst);
      else if (f->owns == OWNS_STR)
        free (*(char **) dst);
      else if (f->owns == OWNS_STRV)
        lc_strv_free (*(char ***) dst);
    }
}

/* --- scalars ----------------------------------------------------------- */

static int
parse_string (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  if (dst)
    {
      free (*(char **) dst);
      *(char **) dst = lc_xstrdup (json_string_value (v));
    }
  return 0;
}

static int
parse_bool (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  if (!json_is_boolean (v))
    return fail (err, p, "expected a boolean");
  if (dst)
    *(bool *) dst = json_is_true (v);
  return 0;
}

/* jansson keeps integers as long long and its reader refuses larger
 * numbers, so uint64 fields top out at INT64_MAX. */
static int
get_int (json_t *v, long long min, long long max, const char *what,
         long long *ret, const struct jpath *p, struct lc_err *err)
{
  long long x;

  if (!json_is_integer (v))
    return fail (err, p, "expected %s", what);
  x = json_integer_value (v);
  if (x < min || x > max)
    return fail (err, p, "expected %s, got %lld", what, x);
  *ret = x;
  return 0;
}

#define DEFINE_INT_PARSER(name, T, min, max, what)                           \
  static int name (json_t *v, void *dst, const struct jpath *p,               \
                   struct lc_err *err)                                        \
  {                                                                           \
    long long x = 0;                                                          \
    int r = get_int (v, min, max, what, &x, p, err);                          \
    if (r == 0 && dst)                                                        \
      *(T *) dst = (T) x;                                                     \
    return r;                                                                 \
  }

DEFINE_INT_PARSER (parse_u16, uint16_t, 0, UINT16_MAX,
                   "an unsigned 16-bit integer")
DEFINE_INT_PARSER (parse_u32, uint32_t, 0, UINT32_MAX,
                   "an unsigned 32-bit integer")
DEFINE_INT_PARSER (parse_uint, unsigned, 0, UINT32_MAX,
                   "an unsigned 32-bit integer")
DEFINE_INT_PARSER (parse_u64, uint64_t, 0, LLONG_MAX,
                   "an unsigned 64-bit integer")
DEFINE_INT_PARSER (parse_i64, int64_t, LLONG_MIN, LLONG_MAX,
                   "a 64-bit integer")
DEFINE_INT_PARSER (parse_i32, int, INT32_MIN, INT32_MAX, "a 32-bit integer")
DEFINE_INT_PARSER (parse_mode, uint32_t, 0, 0777,
                   "a file mode between 0 and 511 (0777)")
DEFINE_INT_PARSER (parse_oom_score_adj, int, -1000, 1000,
                   "an integer between -1000 and 1000")
DEFINE_INT_PARSER (parse_timeout, int, 1, INT_MAX, "a positive integer")
DEFINE_INT_PARSER (parse_nsecs, uint32_t, 0, 999999999,
                   "nanoseconds between 0 and 999999999")

/* A string that must be one of names[]; *ret = values[i] (or i). */
static int
parse_enum (json_t *v, const char *const *names, const long *values,
            size_t n, long *ret, const struct jpath *p, struct lc_err *err)
{
  const char *s;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  s = json_string_value (v);
  for (size_t i = 0; i < n; i++)
    if (strcmp (s, names[i]) == 0)
      {
        *ret = values ? values[i] : (long) i;
        return 0;
      }
  return fail (err, p, "unknown value '%s'", s);
}

#define DEFINE_ENUM_PARSER(name, T, names, values)                           \
  static int name (json_t *v, void *dst, const struct jpath *p,               \
                   struct lc_err *err)                                        \
  {                                                                           \
    long x = 0;                                                               \
    int r = parse_enum (v, names, values, N_ELEMENTS (names), &x, p, err);    \
    if (r == 0 && dst)                                                        \
      *(T *) dst = (T) x;                                                     \
    return r;                                                                 \
  }

static int
parse_strv (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  size_t i, n;
  json_t *e;
  char **vec;

  if (!json_is_array (v))
    return fail (err, p, "expected an array of strings");
  json_array_foreach (v, i, e)
    if (!json_is_string (e))
      return fail (err, &(struct jpath){ p, NULL, i }, "expected a string");
  if (!dst)
    return 0;
  n = json_array_size (v);
  vec = lc_xcalloc (n + 1, sizeof *vec);
  json_array_foreach (v, i, e)
    vec[i] = lc_xstrdup (json_string_value (e));
  lc_strv_free (*(char ***) dst);
  *(char ***) dst = vec;
  return 0;
}

/* An array of strings, each one of names[]. */
static int
parse_strv_in (json_t *v, void *dst, const char *const *names, size_t n,
               const struct jpath *p, struct lc_err *err)
{
  size_t i;
  json_t *e;
  long unused;
  int r = parse_strv (v, NULL, p, err);

  json_array_foreach (v, i, e)
    if (r == 0)
      r = parse_enum (e, names, NULL, n, &unused,
                      &(struct jpath){ p, NULL, i }, err);
  return r < 0 ? r : parse_strv (v, dst, p, err);
}

/* {"key": "value", ...} into NULL-terminated parallel arrays. */
static int
parse_string_map (json_t *v, char ***ret_keys, char ***ret_values,
                  const struct jpath *p, struct lc_err *err)
{
  const char *key;
  json_t *e;
  char **keys, **values;
  size_t i = 0, n;

  if (!json_is_object (v))
    return fail (err, p, "expected an object");
  json_object_foreach (v, key, e)
    {
      if (!*key)
        return fail (err, p, "keys must not be empty");
      if (!json_is_string (e))
        return fail (err, &(struct jpath){ p, key, 0 }, "expected a string");
    }
  n = json_object_size (v);
  keys = lc_xcalloc (n + 1, sizeof *keys);
  values = lc_xcalloc (n + 1, sizeof *values);
  json_object_foreach (v, key, e)
    {
      keys[i] = lc_xstrdup (key);
      values[i++] = lc_xstrdup (json_string_value (e));
    }
  lc_strv_free (*ret_keys);
  lc_strv_free (*ret_values);
  *ret_keys = keys;
  *ret_values = values;
  return 0;
}

/* A one-letter string out of 'letters'. */
static int
parse_letter (json_t *v, char *dst, const char *letters,
              const struct jpath *p, struct lc_err *err)
{
  const char *s;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  s = json_string_value (v);
  if (strlen (s) != 1 || !strchr (letters, s[0]))
    return fail (err, p, "unknown type '%s' (expected one of '%s')", s,
                 letters);
  if (dst)
    *dst = s[0];
  return 0;
}

/* A string matching ^[0-9]+<unit>$ where 'units' lists allowed suffixes. */
static int
check_number_unit (json_t *v, const char *units, const struct jpath *p,
                   struct lc_err *err)
{
  const char *s;
  size_t digits;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  s = json_string_value (v);
  digits = strspn (s, "0123456789");
  if (digits == 0 || s[0] == '0' || !s[digits] || !strchr (units, s[digits])
      || strcmp (s + digits + 1, "B") != 0)
    return fail (err, p, "invalid size '%s'", s);
  return 0;
}

/* --- the tables, leaves first ------------------------------------------- */

static const char *const ns_names[LC_NS_COUNT]
    = { [LC_NS_PID] = "pid",       [LC_NS_NET] = "network",
        [LC_NS_MNT] = "mount",     [LC_NS_IPC] = "ipc",
        [LC_NS_UTS] = "uts",       [LC_NS_USER] = "user",
        [LC_NS_CGROUP] = "cgroup", [LC_NS_TIME] = "time" };

static const struct field id_map_fields[] = {
  VAL_REQ ("containerID", parse_u32, struct lc_id_map, container_id),
  VAL_REQ ("hostID", parse_u32, struct lc_id_map, host_id),
  VAL_REQ ("size", parse_u32, struct lc_id_map, size),
};
static const struct object id_map_object = OBJECT (id_map_fields, NULL);

static const struct field mount_fields[] = {
  STR_REQ ("destination", struct lc_mount, destination),
  STR ("type", struct lc_mount, type),
  STR ("source", struct lc_mount, source),
  STRV ("options", struct lc_mount, options),
  ARRAY ("uidMappings", struct lc_mount, uid_mappings, n_uid_mappings,
         id_map_object),
  ARRAY ("gidMappings", struct lc_mount, gid_mappings, n_gid_mappings,
         id_map_object),
};
static const struct object mount_object = OBJECT (mount_fields, NULL);

static const struct field hook_fields[] = {
  STR_REQ ("path", struct lc_hook, path),
  STRV ("args", struct lc_hook, args),
  STRV ("env", struct lc_hook, env),
  VAL ("timeout", parse_timeout, struct lc_hook, timeout),
};
static const struct object hook_object = OBJECT (hook_fields, NULL);

#define HOOKS(k, kind)                                                        \
  ARRAY (k, struct lc_spec, hooks[kind], n_hooks[kind], hook_object)
static const struct field hooks_fields[] = {
  HOOKS ("prestart", LC_HOOK_PRESTART),
  HOOKS ("createRuntime", LC_HOOK_CREATE_RUNTIME),
  HOOKS ("createContainer", LC_HOOK_CREATE_CONTAINER),
  HOOKS ("startContainer", LC_HOOK_START_CONTAINER),
  HOOKS ("poststart", LC_HOOK_POSTSTART),
  HOOKS ("poststop", LC_HOOK_POSTSTOP),
};
static const struct object hooks_object = OBJECT (hooks_fields, NULL);

static const struct field root_fields[] = {
  STR_REQ ("path", struct lc_spec, root_path),
  VAL ("readonly", parse_bool, struct lc_spec, root_readonly),
};
static const struct object root_object = OBJECT (root_fields, NULL);

/* process */

static const struct field user_fields[] = {
  VAL ("uid", parse_u32, struct lc_user, uid),
  VAL ("gid", parse_u32, struct lc_user, gid),
  VAL_HAS ("umask", parse_mode, struct lc_user, umask, has_umask),
  ARRAY_OF ("additionalGids", parse_u32, struct lc_user, additional_gids,
            n_additional_gids),
  CHECK ("username", parse_string),
};
static const struct object user_object = OBJECT (user_fields, NULL);

static const struct field console_fields[] = {
  VAL_REQ ("height", parse_uint, struct lc_process, console_height),
  VAL_REQ ("width", parse_uint, struct lc_process, console_width),
};
static const struct object console_object = OBJECT (console_fields, NULL);

static int
parse_capset (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  uint64_t mask = 0;
  size_t i;
  json_t *e;
  int r = parse_strv (v, NULL, p, err);

  if (r < 0)
    return r;
  json_array_foreach (v, i, e)
    {
      int cap = lc_caps_from_name (json_string_value (e));
      if (cap < 0)
        return fail (err, &(struct jpath){ p, NULL, i },
                     "unknown capability '%s'", json_string_value (e));
      mask |= UINT64_C (1) << cap;
    }
  if (dst)
    *(uint64_t *) dst = mask;
  return 0;
}

static const struct field caps_fields[] = {
  VAL ("bounding", parse_capset, struct lc_caps, bounding),
  VAL ("effective", parse_capset, struct lc_caps, effective),
  VAL ("inheritable", parse_capset, struct lc_caps, inheritable),
  VAL ("permitted", parse_capset, struct lc_caps, permitted),
  VAL ("ambient", parse_capset, struct lc_caps, ambient),
};
static const struct object caps_object = OBJECT (caps_fields, NULL);

static int
parse_rlimit_type (json_t *v, void *dst, const struct jpath *p,
                   struct lc_err *err)
{
  int res;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  res = lc_rlimit_from_name (json_string_value (v));
  if (res < 0)
    return fail (err, p, "unknown rlimit '%s'", json_string_value (v));
  if (dst)
    *(int *) dst = res;
  return 0;
}

static const struct field rlimit_fields[] = {
  VAL_REQ ("type", parse_rlimit_type, struct lc_rlimit, resource),
  VAL_REQ ("soft", parse_u64, struct lc_rlimit, soft),
  VAL_REQ ("hard", parse_u64, struct lc_rlimit, hard),
};
static const struct object rlimit_object = OBJECT (rlimit_fields, NULL);

static const char *const io_class_names[]
    = { "IOPRIO_CLASS_RT", "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
static const long io_class_values[] = { 1, 2, 3 }; /* IOPRIO_CLASS_* */
DEFINE_ENUM_PARSER (parse_io_class, int, io_class_names, io_class_values)

static const struct field io_priority_fields[] = {
  VAL_REQ ("class", parse_io_class, struct lc_process, io_class),
  VAL ("priority", parse_i32, struct lc_process, io_priority),
};
static const struct object io_priority_object
    = OBJECT (io_priority_fields, NULL);

/* Values from the kernel's uapi/linux/sched.h (SCHED_ISO is reserved). */
static const char *const policy_names[]
    = { "SCHED_OTHER", "SCHED_FIFO", "SCHED_RR",      "SCHED_BATCH",
        "SCHED_ISO",   "SCHED_IDLE", "SCHED_DEADLINE" };
DEFINE_ENUM_PARSER (parse_sched_policy, int, policy_names, NULL)

static int
parse_sched_flags (json_t *v, void *dst, const struct jpath *p,
                   struct lc_err *err)
{
  static const char *const names[]
      = { "SCHED_FLAG_RESET_ON_FORK",  "SCHED_FLAG_RECLAIM",
          "SCHED_FLAG_DL_OVERRUN",     "SCHED_FLAG_KEEP_POLICY",
          "SCHED_FLAG_KEEP_PARAMS",    "SCHED_FLAG_UTIL_CLAMP_MIN",
          "SCHED_FLAG_UTIL_CLAMP_MAX" }; /* bit i = 1 << i */
  uint32_t flags = 0;
  size_t i;
  json_t *e;

  if (!json_is_array (v))
    return fail (err, p, "expected an array");
  json_array_foreach (v, i, e)
    {
      long bit;
      int r = parse_enum (e, names, NULL, N_ELEMENTS (names), &bit,
                          &(struct jpath){ p, NULL, i }, err);
      if (r < 0)
        return r;
      flags |= UINT32_C (1) << bit;
    }
  if (dst)
    *(uint32_t *) dst = flags;
  return 0;
}

static const struct field scheduler_fields[] = {
  VAL_REQ ("policy", parse_sched_policy, struct lc_scheduler, policy),
  VAL ("nice", parse_i32, struct lc_scheduler, nice),
  VAL ("priority", parse_i32, struct lc_scheduler, priority),
  VAL ("flags", parse_sched_flags, struct lc_scheduler, flags),
  VAL ("runtime", parse_u64, struct lc_scheduler, runtime),
  VAL ("deadline", parse_u64, struct lc_scheduler, deadline),
  VAL ("period", parse_u64, struct lc_scheduler, period),
};
static const struct object scheduler_object = OBJECT (scheduler_fields, NULL);

static int
parse_cpu_list (json_t *v, void *dst, const struct jpath *p,
                struct lc_err *err)
{
  int r = parse_string (v, NULL, p, err);
  const char *s = json_string_value (v);

  if (r < 0)
    return r;
  if (strspn (s, "0123456789, -") != strlen (s))
    return fail (err, p, "invalid cpu list '%s'", s);
  return parse_string (v, dst, p, err);
}

static const struct field affinity_fields[] = {
  F_ ("initial", parse_cpu_list, NULL,
      OFF (struct lc_process, cpu_affinity_initial), NO_DST, 0, 0, OWNS_STR,
      0),
  F_ ("final", parse_cpu_list, NULL,
      OFF (struct lc_process, cpu_affinity_final), NO_DST, 0, 0, OWNS_STR, 0),
};
static const struct object affinity_object = OBJECT (affinity_fields, NULL);

#define PROC struct lc_process
static const struct field process_fields[] = {
  VAL ("terminal", parse_bool, PROC, terminal),
  SAME ("consoleSize", console_object),
  OBJ ("user", PROC, user, user_object),
  STRV ("args", PROC, args),
  STR ("commandLine", PROC, command_line),
  STRV ("env", PROC, env),
  STR_REQ ("cwd", PROC, cwd),
  OBJ_HAS ("capabilities", PROC, caps, caps.present, caps_object),
  ARRAY ("rlimits", PROC, rlimits, n_rlimits, rlimit_object),
  VAL ("noNewPrivileges", parse_bool, PROC, no_new_privileges),
  VAL_HAS ("oomScoreAdj", parse_oom_score_adj, PROC, oom_score_adj,
           has_oom_score_adj),
  STR ("apparmorProfile", PROC, apparmor_profile),
  STR ("selinuxLabel", PROC, selinux_label),
  SAME_HAS ("ioPriority", PROC, has_io_priority, io_priority_object),
  OBJ_HAS ("scheduler", PROC, scheduler, scheduler.present, scheduler_object),
  SAME ("execCPUAffinity", affinity_object),
};
#undef PROC
static const struct object process_object = OBJECT (process_fields, NULL);

/* linux.devices, linux.namespaces */

static int
parse_dev_type (json_t *v, void *dst, const struct jpath *p,
                struct lc_err *err)
{
  return parse_letter (v, dst, "cbup", p, err);
}

static void
init_device (void *dst)
{
  struct lc_device *d = dst;
  d->major = d->minor = -1; /* absent; validate.c wants them for c, b, u */
}

static const struct field device_fields[] = {
  VAL_REQ ("type", parse_dev_type, struct lc_device, type),
  STR_REQ ("path", struct lc_device, path),
  VAL_HAS ("fileMode", parse_mode, struct lc_device, file_mode,
           has_file_mode),
  VAL ("major", parse_i64, struct lc_device, major),
  VAL ("minor", parse_i64, struct lc_device, minor),
  VAL_HAS ("uid", parse_u32, struct lc_device, uid, has_uid),
  VAL_HAS ("gid", parse_u32, struct lc_device, gid, has_gid),
};
static const struct object device_object = OBJECT (device_fields, init_device);

static const struct field net_device_fields[] = {
  CHECK ("name", parse_string),
};
static const struct object net_device_object
    = OBJECT (net_device_fields, NULL);

static int
parse_namespace (json_t *v, struct lc_spec *s, const struct jpath *p,
                 struct lc_err *err)
{
  struct jpath tp = { p, "type", 0 };
  json_t *path = json_is_object (v) ? json_object_get (v, "path") : NULL;
  long t;
  int r;

  if (!json_is_object (v))
    return fail (err, p, "expected an object");
  if (!json_object_get (v, "type") || json_is_null (json_object_get (v, "type")))
    return fail (err, &tp, "missing required field");
  r = parse_enum (json_object_get (v, "type"), ns_names, NULL, LC_NS_COUNT,
                  &t, &tp, err);
  if (r < 0 && json_is_string (json_object_get (v, "type")))
    return fail (err, &tp, "unknown namespace '%s'",
                 json_string_value (json_object_get (v, "type")));
  if (r < 0)
    return r;
  if (s->ns[t].present)
    return fail (err, &tp, "duplicate namespace '%s'", ns_names[t]);
  s->ns[t].present = true;
  if (path && !json_is_null (path))
    return parse_string (path, &s->ns[t].path,
                         &(struct jpath){ p, "path", 0 }, err);
  return 0;
}

static int
parse_namespaces (json_t *v, void *dst, const struct jpath *p,
                  struct lc_err *err)
{
  size_t i;
  json_t *e;

  if (!json_is_array (v))
    return fail (err, p, "expected an array");
  json_array_foreach (v, i, e)
    {
      int r = parse_namespace (e, dst, &(struct jpath){ p, NULL, i }, err);
      if (r < 0)
        return r;
    }
  return 0;
}

/* linux.resources */

static int
parse_rule_type (json_t *v, void *dst, const struct jpath *p,
                 struct lc_err *err)
{
  return parse_letter (v, dst, "acb", p, err);
}

static int
parse_access (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  const char *s;
  size_t len;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  s = json_string_value (v);
  len = strlen (s);
  if (len > 3 || strspn (s, "rwm") != len
      || (len > 1 && (s[0] == s[1] || (len > 2 && (s[2] == s[0] || s[2] == s[1])))))
    return fail (err, p, "invalid access '%s' (expected a subset of rwm)",
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

static const struct field device_rule_fields[] = {
  VAL_REQ ("allow", parse_bool, struct lc_device_rule, allow),
  VAL ("type", parse_rule_type, struct lc_device_rule, type),
  VAL ("major", parse_i64, struct lc_device_rule, major),
  VAL ("minor", parse_i64, struct lc_device_rule, minor),
  VAL ("access", parse_access, struct lc_device_rule, access),
};
static const struct object device_rule_object
    = OBJECT (device_rule_fields, init_device_rule);

#define RES struct lc_resources
static const struct field memory_fields[] = {
  VAL_HAS ("limit", parse_i64, RES, mem_limit, has_mem_limit),
  VAL_HAS ("reservation", parse_i64, RES, mem_reservation,
           has_mem_reservation),
  VAL_HAS ("swap", parse_i64, RES, mem_swap, has_mem_swap),
  VAL_HAS ("kernel", parse_i64, RES, mem_kernel, has_mem_kernel),
  CHECK ("kernelTCP", parse_i64),
  VAL_HAS ("swappiness", parse_u64, RES, mem_swappiness, has_mem_swappiness),
  VAL ("disableOOMKiller", parse_bool, RES, disable_oom_killer),
  CHECK ("useHierarchy", parse_bool),
  CHECK ("checkBeforeUpdate", parse_bool),
};
static const struct object memory_object = OBJECT (memory_fields, NULL);

static const struct field cpu_fields[] = {
  VAL_HAS ("shares", parse_u64, RES, cpu_shares, has_cpu_shares),
  VAL_HAS ("quota", parse_i64, RES, cpu_quota, has_cpu_quota),
  VAL_HAS ("period", parse_u64, RES, cpu_period, has_cpu_period),
  VAL_HAS ("burst", parse_u64, RES, cpu_burst, has_cpu_burst),
  VAL_HAS ("idle", parse_i64, RES, cpu_idle, has_cpu_idle),
  F_ ("realtimePeriod", parse_u64, NULL, NO_DST, OFF (RES, has_cpu_rt), 0, 0,
      0, 0),
  F_ ("realtimeRuntime", parse_i64, NULL, NO_DST, OFF (RES, has_cpu_rt), 0,
      0, 0, 0),
  STR ("cpus", RES, cpu_cpus),
  STR ("mems", RES, cpu_mems),
};
static const struct object cpu_object = OBJECT (cpu_fields, NULL);

static const struct field pids_fields[] = {
  F_ ("limit", parse_i64, NULL, OFF (RES, pids_limit),
      OFF (RES, has_pids_limit), 0, 0, 0, REQUIRED),
};
static const struct object pids_object = OBJECT (pids_fields, NULL);

static int
parse_unified (json_t *v, void *dst, const struct jpath *p,
               struct lc_err *err)
{
  RES *res = dst;
  return parse_string_map (v, &res->unified_keys, &res->unified_values, p,
                           err);
}

/* Controllers hull does not drive on cgroup v2 are only type-checked. */
static const struct field block_device_fields[] = {
  CHECK_REQ ("major", parse_i64), CHECK_REQ ("minor", parse_i64),
  CHECK ("weight", parse_u16),    CHECK ("leafWeight", parse_u16),
  CHECK ("rate", parse_u64),
};
static const struct object block_device_object
    = OBJECT (block_device_fields, NULL);

static const struct field block_io_fields[] = {
  CHECK ("weight", parse_u16),
  CHECK ("leafWeight", parse_u16),
  CHECK_ARRAY ("weightDevice", block_device_object),
  CHECK_ARRAY ("throttleReadBpsDevice", block_device_object),
  CHECK_ARRAY ("throttleWriteBpsDevice", block_device_object),
  CHECK_ARRAY ("throttleReadIOPSDevice", block_device_object),
  CHECK_ARRAY ("throttleWriteIOPSDevice", block_device_object),
};
static const struct object block_io_object = OBJECT (block_io_fields, NULL);

static int
check_page_size (json_t *v, void *dst, const struct jpath *p,
                 struct lc_err *err)
{
  return check_number_unit (v, "KMG", p, err); /* ^[1-9][0-9]*[KMG]B$ */
}

static const struct field hugepage_fields[] = {
  CHECK_REQ ("pageSize", check_page_size),
  CHECK_REQ ("limit", parse_u64),
};
static const struct object hugepage_object = OBJECT (hugepage_fields, NULL);

static const struct field net_prio_fields[] = {
  CHECK_REQ ("name", parse_string),
  CHECK_REQ ("priority", parse_u32),
};
static const struct object net_prio_object = OBJECT (net_prio_fields, NULL);

static const struct field network_fields[] = {
  CHECK ("classID", parse_u32),
  CHECK_ARRAY ("priorities", net_prio_object),
};
static const struct object network_object = OBJECT (network_fields, NULL);

static const struct field rdma_fields[] = {
  CHECK ("hcaHandles", parse_u32),
  CHECK ("hcaObjects", parse_u32),
};
static const struct object rdma_object = OBJECT (rdma_fields, NULL);

static const struct field resources_fields[] = {
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
static const struct object resources_object = OBJECT (resources_fields, NULL);

/* linux.seccomp */

static int
parse_seccomp_action (json_t *v, void *dst, const struct jpath *p,
                      struct lc_err *err)
{
  uint32_t action;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  if (lc_seccomp_action_from_name (json_string_value (v), &action) < 0)
    return fail (err, p, "unknown seccomp action '%s'", json_string_value (v));
  if (dst)
    *(uint32_t *) dst = action;
  return 0;
}

static int
parse_seccomp_op (json_t *v, void *dst, const struct jpath *p,
                  struct lc_err *err)
{
  int op;

  if (!json_is_string (v))
    return fail (err, p, "expected a string");
  if (lc_seccomp_op_from_name (json_string_value (v), &op) < 0)
    return fail (err, p, "unknown seccomp operator '%s'",
                 json_string_value (v));
  if (dst)
    *(int *) dst = op;
  return 0;
}

static int
parse_seccomp_flags (json_t *v, void *dst, const struct jpath *p,
                     struct lc_err *err)
{
  static const char *const names[]
      = { "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG",
          "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
          "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" };
  return parse_strv_in (v, dst, names, N_ELEMENTS (names), p, err);
}

static int
parse_seccomp_arches (json_t *v, void *dst, const struct jpath *p,
                      struct lc_err *err)
{
  static const char *const names[] = {
    "SCMP_ARCH_X86",         "SCMP_ARCH_X86_64",   "SCMP_ARCH_X32",
    "SCMP_ARCH_ARM",         "SCMP_ARCH_AARCH64",  "SCMP_ARCH_LOONGARCH64",
    "SCMP_ARCH_M68K",        "SCMP_ARCH_MIPS",     "SCMP_ARCH_MIPS64",
    "SCMP_ARCH_MIPS64N32",   "SCMP_ARCH_MIPSEL",   "SCMP_ARCH_MIPSEL64",
    "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",      "SCMP_ARCH_PPC64",
    "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",     "SCMP_ARCH_S390X",
    "SCMP_ARCH_SH",          "SCMP_ARCH_SHEB",     "SCMP_ARCH_PARISC",
    "SCMP_ARCH_PARISC64",    "SCMP_ARCH_RISCV64",
  };
  return parse_strv_in (v, dst, names, N_ELEMENTS (names), p, err);
}

static int
parse_syscall_names (json_t *v, void *dst, const struct jpath *p,
                     struct lc_err *err)
{
  size_t i;
  json_t *e;
  int r = parse_strv (v, NULL, p, err);

  if (r == 0 && json_array_size (v) == 0)
    return fail (err, p, "must not be empty");
  json_array_foreach (v, i, e)
    if (r == 0 && !*json_string_value (e))
      return fail (err, &(struct jpath){ p, NULL, i }, "must not be empty");
  return r < 0 ? r : parse_strv (v, dst, p, err);
}

#define ARG struct lc_seccomp_arg
static const struct field seccomp_arg_fields[] = {
  VAL_REQ ("index", parse_uint, ARG, index),
  VAL_REQ ("value", parse_u64, ARG, value),
  VAL ("valueTwo", parse_u64, ARG, value_two),
  VAL_REQ ("op", parse_seccomp_op, ARG, op),
};
#undef ARG
static const struct object seccomp_arg_object
    = OBJECT (seccomp_arg_fields, NULL);

#define RULE struct lc_seccomp_rule
static const struct field syscall_fields[] = {
  STRV_REQ ("names", parse_syscall_names, RULE, names),
  VAL_REQ ("action", parse_seccomp_action, RULE, action),
  VAL_HAS ("errnoRet", parse_u32, RULE, errno_ret, has_errno_ret),
  ARRAY ("args", RULE, args, n_args, seccomp_arg_object),
};
#undef RULE
static const struct object syscall_object = OBJECT (syscall_fields, NULL);

#define SC struct lc_seccomp
static const struct field seccomp_fields[] = {
  VAL_REQ ("defaultAction", parse_seccomp_action, SC, default_action),
  VAL_HAS ("defaultErrnoRet", parse_u32, SC, default_errno_ret,
           has_default_errno_ret),
  STRV_WITH ("flags", parse_seccomp_flags, SC, flags),
  STR ("listenerPath", SC, listener_path),
  STR ("listenerMetadata", SC, listener_metadata),
  STRV_WITH ("architectures", parse_seccomp_arches, SC, architectures),
  ARRAY ("syscalls", SC, rules, n_rules, syscall_object),
};
#undef SC
static const struct object seccomp_object = OBJECT (seccomp_fields, NULL);

/* the rest of linux */

static const char *const propagation_names[]
    = { "private",  "shared",  "slave",  "unbindable",
        "rprivate", "rshared", "rslave", "runbindable" };

static int
parse_propagation (json_t *v, void *dst, const struct jpath *p,
                   struct lc_err *err)
{
  long unused;
  int r = parse_enum (v, propagation_names, NULL,
                      N_ELEMENTS (propagation_names), &unused, p, err);
  return r < 0 ? r : parse_string (v, dst, p, err);
}

static int
parse_sysctl (json_t *v, void *dst, const struct jpath *p, struct lc_err *err)
{
  struct lc_spec *s = dst;
  return parse_string_map (v, &s->sysctl_keys, &s->sysctl_values, p, err);
}

static const struct field intel_rdt_fields[] = {
  CHECK ("closID", parse_string),        CHECK ("schemata", parse_strv),
  CHECK ("l3CacheSchema", parse_string), CHECK ("memBwSchema", parse_string),
  CHECK ("enableMonitoring", parse_bool),
};
static const struct object intel_rdt_object = OBJECT (intel_rdt_fields, NULL);

static const struct field memory_policy_fields[] = {
  CHECK ("mode", parse_string),
  CHECK ("nodes", parse_string),
  CHECK ("flags", parse_strv),
};
static const struct object memory_policy_object
    = OBJECT (memory_policy_fields, NULL);

static const char *const domain_names[] = { "LINUX", "LINUX32" };
static const long domain_values[] = { PER_LINUX, PER_LINUX32 };
DEFINE_ENUM_PARSER (parse_domain, unsigned long, domain_names, domain_values)

static const struct field personality_fields[] = {
  VAL ("domain", parse_domain, struct lc_personality, domain),
  CHECK ("flags", parse_strv),
};
static const struct object personality_object
    = OBJECT (personality_fields, NULL);

static const struct field boottime_fields[] = {
  VAL ("secs", parse_i64, struct lc_spec, time_boottime_secs),
  VAL ("nanosecs", parse_nsecs, struct lc_spec, time_boottime_nsecs),
};
static const struct object boottime_object = OBJECT (boottime_fields, NULL);

static const struct field monotonic_fields[] = {
  VAL ("secs", parse_i64, struct lc_spec, time_monotonic_secs),
  VAL ("nanosecs", parse_nsecs, struct lc_spec, time_monotonic_nsecs),
};
static const struct object monotonic_object = OBJECT (monotonic_fields, NULL);

static const struct field time_offsets_fields[] = {
  SAME ("boottime", boottime_object),
  SAME ("monotonic", monotonic_object),
};
static const struct object time_offsets_object
    = OBJECT (time_offsets_fields, NULL);

#define SPEC struct lc_spec
static const struct field linux_fields[] = {
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
static const struct object linux_object = OBJECT (linux_fields, NULL);

static int
parse_annotations (json_t *v, void *dst, const struct jpath *p,
                   struct lc_err *err)
{
  struct lc_spec *s = dst;
  return parse_string_map (v, &s->annotation_keys, &s->annotation_values, p,
                           err);
}

static const struct field spec_fields[] = {
  STR_REQ ("ociVersion", SPEC, oci_version),
  /* Optional in the schema, but required on every platform but Windows. */
  SAME_REQ ("root", root_object),
  ARRAY ("mounts", SPEC, mounts, n_mounts, mount_object),
  OBJ_HAS ("process", SPEC, process, has_process, process_object),
  STR ("hostname", SPEC, hostname),
  STR ("domainname", SPEC, domainname),
  SAME ("hooks", hooks_object),
  CUSTOM ("annotations", parse_annotations),
  SAME ("linux", linux_object),
};
#undef SPEC
static const struct object spec_object = OBJECT (spec_fields, NULL);

/* --- entry points ------------------------------------------------------- */

/* Checks that need a whole process object. */
static int
finish_process (struct lc_process *proc, const struct jpath *p,
                struct lc_err *err)
{
  struct jpath rp = { p, "rlimits", 0 };
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
        return fail (err, &(struct jpath){ &rp, NULL, i },
                     "duplicate rlimit '%s'", lc_rlimit_name (res));
      seen |= bit;
    }
  return 0;
}

static int
load_json (const char *buf, size_t len, json_t **ret, struct lc_err *err)
{
  json_error_t je;
  json_t *root;

  /* No JSON_ALLOW_NUL: "\u0000" inside a string is refused. */
  root = json_loadb (buf, len, JSON_REJECT_DUPLICATES, &je);
  if (!root && json_error_code (&je) == json_error_numeric_overflow)
    return lc_err_setx (err, EINVAL,
                        "invalid json at line %d, column %d: number out of "
                        "range (integers above %lld are not supported)",
                        je.line, je.column, LLONG_MAX);
  if (!root)
    return lc_err_setx (err, EINVAL, "invalid json at line %d, column %d: %s",
                        je.line, je.column, je.text);
  *ret = root;
  return 0;
}

int
lc_spec_parse (const char *json, size_t len, struct lc_spec **ret,
               struct lc_err *err)
{
  json_auto_t *root = NULL; /* jansson's cleanup type */
  struct jpath pp = { NULL, "process", 0 };
  struct lc_spec *s;
  int r;

  r = load_json (json, len, &root, err);
  if (r < 0)
    return r;
  s = lc_xcalloc (1, sizeof *s);
  r = parse_object (root, &spec_object, s, NULL, err);
  if (r == 0 && s->has_process)
    r = finish_process (&s->process, &pp, err);
  if (r < 0)
    {
      lc_spec_free (s);
      return r;
    }
  *ret = s;
  return 0;
}

int
lc_process_parse (const char *json, size_t len, struct lc_process **ret,
                  struct lc_err *err)
{
  json_auto_t *root = NULL; /* jansson's cleanup type */
  struct jpath p = { NULL, "process", 0 };
  struct lc_process *proc;
  int r;

  r = load_json (json, len, &root, err);
  if (r < 0)
    return r;
  proc = lc_xcalloc (1, sizeof *proc);
  r = parse_object (root, &process_object, proc, &p, err);
  if (r == 0)
    r = finish_process (proc, &p, err);
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
  *ret = s;
  return 0;
}

/* --- names and lookups ---------------------------------------------------- */

const char *
lc_ns_name (enum lc_ns_type t)
{
  return (unsigned) t < LC_NS_COUNT ? ns_names[t] : NULL;
}

const char *
lc_ns_proc_name (enum lc_ns_type t)
{
  static const char *const names[LC_NS_COUNT]
      = { [LC_NS_PID] = "pid",       [LC_NS_NET] = "net",
          [LC_NS_MNT] = "mnt",       [LC_NS_IPC] = "ipc",
          [LC_NS_UTS] = "uts",       [LC_NS_USER] = "user",
          [LC_NS_CGROUP] = "cgroup", [LC_NS_TIME] = "time" };
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
  for (size_t i = 0;
       spec && spec->annotation_keys && spec->annotation_keys[i]; i++)
    if (strcmp (spec->annotation_keys[i], key) == 0)
      return spec->annotation_values[i];
  return NULL;
}

/* --- freeing ------------------------------------------------------------- */

void
lc_process_clear (struct lc_process *p)
{
  if (!p)
    return;
  free_object (&process_object, p);
  memset (p, 0, sizeof *p);
}

struct lc_process *
lc_process_free (struct lc_process *p)
{
  lc_process_clear (p);
  free (p);
  return NULL;
}

struct lc_spec *
lc_spec_free (struct lc_spec *s)
{
  if (!s)
    return NULL;
  /* The tables own everything but the CUSTOM fields. */
  free_object (&spec_object, s);
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
