/* spec_json.c - the table-driven JSON machinery behind spec.c.
 *
 * Every JSON object is described by a table (struct spec_object, spec_int.h)
 * of fields: the key, how to parse the value (a scalar parser, a nested table,
 * an array or a map of either) and where it goes in the C struct.
 * spec_parse_object() walks a table and stores straight into the final struct,
 * so on error the caller frees the partial result; spec_free_object() walks
 * the same tables to release what they own.  With no destination (dst == NULL)
 * a table only checks types.  A JSON path is a chain of stack frames
 * (struct spec_jpath), formatted only when an error is reported.  Unknown keys
 * are ignored, as the spec requires; null counts as absent.  Also here: the
 * scalar parsers the tables share, and the JSON document loader. */
#include "spec_int.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* --- JSON paths and errors --------------------------------------------- */

static size_t
format_path (const struct spec_jpath *p, char *buf, size_t size)
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

int
spec_fail (struct lc_err *err, const struct spec_jpath *p, const char *fmt,
           ...)
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

static int
parse_one (const struct spec_field *f, json_t *v, void *dst,
           const struct spec_jpath *p, struct lc_err *err)
{
  if (f->object)
    return spec_parse_object (v, f->object, dst, p, err);
  return f->parse (v, dst, p, err);
}

/* The array and its count are stored before the elements are parsed, so
 * that a partial array is freed with the rest on error. */
static int
parse_array (const struct spec_field *f, json_t *v, void *base,
             const struct spec_jpath *p, struct lc_err *err)
{
  char *arr = NULL;
  size_t i, n;
  json_t *e;

  if (!json_is_array (v))
    return spec_fail (err, p, "expected an array");
  n = json_array_size (v);
  if (base && f->off != NO_DST && n > 0)
    {
      arr = lc_xcalloc (n, f->elem_size);
      *(void **) ((char *) base + f->off) = arr;
      *(size_t *) ((char *) base + f->count_off) = n;
    }
  json_array_foreach (v, i, e)
  {
    struct spec_jpath ep = { p, NULL, i };
    int r = parse_one (f, e, arr ? arr + i * f->elem_size : NULL, &ep, err);
    if (r < 0)
      return r;
  }
  return 0;
}

static int
parse_map (const struct spec_field *f, json_t *v, const struct spec_jpath *p,
           struct lc_err *err)
{
  const char *key;
  json_t *e;

  if (!json_is_object (v))
    return spec_fail (err, p, "expected an object");
  json_object_foreach (v, key, e)
  {
    struct spec_jpath kp = { p, key, 0 };
    int r = parse_one (f, e, NULL, &kp, err);
    if (r < 0)
      return r;
  }
  return 0;
}

int
spec_parse_object (json_t *v, const struct spec_object *o, void *base,
                   const struct spec_jpath *p, struct lc_err *err)
{
  if (!json_is_object (v))
    return spec_fail (err, p, "expected an object");
  if (base && o->init)
    o->init (base);
  for (size_t i = 0; i < o->n; i++)
    {
      const struct spec_field *f = &o->fields[i];
      struct spec_jpath kp = { p, f->key, 0 };
      json_t *e = json_object_get (v, f->key);
      void *dst = base && f->off != NO_DST ? (char *) base + f->off : NULL;
      int r;

      if (!e || json_is_null (e))
        {
          if (f->flags & REQUIRED)
            return spec_fail (err, &kp, "missing required field");
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

void
spec_free_object (const struct spec_object *o, void *base)
{
  for (size_t i = 0; i < o->n; i++)
    {
      const struct spec_field *f = &o->fields[i];
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
            spec_free_object (f->object, arr + k * f->elem_size);
          free (arr);
        }
      else if (f->object)
        spec_free_object (f->object, dst);
      else if (f->owns == OWNS_STR)
        free (*(char **) dst);
      else if (f->owns == OWNS_STRV)
        lc_strv_free (*(char ***) dst);
    }
}

/* --- scalars ----------------------------------------------------------- */

int
spec_parse_string (json_t *v, void *dst, const struct spec_jpath *p,
                   struct lc_err *err)
{
  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  if (dst)
    {
      free (*(char **) dst);
      *(char **) dst = lc_xstrdup (json_string_value (v));
    }
  return 0;
}

int
spec_parse_bool (json_t *v, void *dst, const struct spec_jpath *p,
                 struct lc_err *err)
{
  if (!json_is_boolean (v))
    return spec_fail (err, p, "expected a boolean");
  if (dst)
    *(bool *) dst = json_is_true (v);
  return 0;
}

/* jansson keeps integers as long long and its reader refuses larger
 * numbers, so uint64 fields top out at INT64_MAX. */
static int
get_int (json_t *v, long long min, long long max, const char *what,
         long long *ret, const struct spec_jpath *p, struct lc_err *err)
{
  long long x;

  if (!json_is_integer (v))
    return spec_fail (err, p, "expected %s", what);
  x = json_integer_value (v);
  if (x < min || x > max)
    return spec_fail (err, p, "expected %s, got %lld", what, x);
  *ret = x;
  return 0;
}

#define DEFINE_INT_PARSER(name, T, min, max, what)                            \
  int name (json_t *v, void *dst, const struct spec_jpath *p,                 \
            struct lc_err *err)                                               \
  {                                                                           \
    long long x = 0;                                                          \
    int r = get_int (v, min, max, what, &x, p, err);                          \
    if (r == 0 && dst)                                                        \
      *(T *) dst = (T) x;                                                     \
    return r;                                                                 \
  }

DEFINE_INT_PARSER (spec_parse_u16, uint16_t, 0, UINT16_MAX,
                   "an unsigned 16-bit integer")
DEFINE_INT_PARSER (spec_parse_u32, uint32_t, 0, UINT32_MAX,
                   "an unsigned 32-bit integer")
DEFINE_INT_PARSER (spec_parse_uint, unsigned, 0, UINT32_MAX,
                   "an unsigned 32-bit integer")
DEFINE_INT_PARSER (spec_parse_u64, uint64_t, 0, LLONG_MAX,
                   "an unsigned 64-bit integer")
DEFINE_INT_PARSER (spec_parse_i64, int64_t, LLONG_MIN, LLONG_MAX,
                   "a 64-bit integer")
DEFINE_INT_PARSER (spec_parse_i32, int, INT32_MIN, INT32_MAX,
                   "a 32-bit integer")
DEFINE_INT_PARSER (spec_parse_mode, uint32_t, 0, 0777,
                   "a file mode between 0 and 511 (0777)")
DEFINE_INT_PARSER (spec_parse_oom_score_adj, int, -1000, 1000,
                   "an integer between -1000 and 1000")
DEFINE_INT_PARSER (spec_parse_timeout, int, 1, INT_MAX, "a positive integer")
DEFINE_INT_PARSER (spec_parse_nsecs, uint32_t, 0, 999999999,
                   "nanoseconds between 0 and 999999999")

/* A string that must be one of names[]; *ret = values[i] (or i). */
int
spec_parse_enum (json_t *v, const char *const *names, const long *values,
                 size_t n, long *ret, const struct spec_jpath *p,
                 struct lc_err *err)
{
  const char *s;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  s = json_string_value (v);
  for (size_t i = 0; i < n; i++)
    if (strcmp (s, names[i]) == 0)
      {
        *ret = values ? values[i] : (long) i;
        return 0;
      }
  return spec_fail (err, p, "unknown value '%s'", s);
}

int
spec_parse_strv (json_t *v, void *dst, const struct spec_jpath *p,
                 struct lc_err *err)
{
  size_t i, n;
  json_t *e;
  char **vec;

  if (!json_is_array (v))
    return spec_fail (err, p, "expected an array of strings");
  json_array_foreach (v, i, e) if (!json_is_string (e)) return spec_fail (
      err, &(struct spec_jpath){ p, NULL, i }, "expected a string");
  if (!dst)
    return 0;
  n = json_array_size (v);
  vec = lc_xcalloc (n + 1, sizeof *vec);
  json_array_foreach (v, i, e) vec[i] = lc_xstrdup (json_string_value (e));
  lc_strv_free (*(char ***) dst);
  *(char ***) dst = vec;
  return 0;
}

/* An array of strings, each one of names[]. */
int
spec_parse_strv_in (json_t *v, void *dst, const char *const *names, size_t n,
                    const struct spec_jpath *p, struct lc_err *err)
{
  size_t i;
  json_t *e;
  long unused;
  int r = spec_parse_strv (v, NULL, p, err);

  json_array_foreach (v, i, e) if (r == 0) r = spec_parse_enum (
      e, names, NULL, n, &unused, &(struct spec_jpath){ p, NULL, i }, err);
  return r < 0 ? r : spec_parse_strv (v, dst, p, err);
}

/* {"key": "value", ...} into NULL-terminated parallel arrays. */
int
spec_parse_string_map (json_t *v, char ***ret_keys, char ***ret_values,
                       const struct spec_jpath *p, struct lc_err *err)
{
  const char *key;
  json_t *e;
  char **keys, **values;
  size_t i = 0, n;

  if (!json_is_object (v))
    return spec_fail (err, p, "expected an object");
  json_object_foreach (v, key, e)
  {
    if (!*key)
      return spec_fail (err, p, "keys must not be empty");
    if (!json_is_string (e))
      return spec_fail (err, &(struct spec_jpath){ p, key, 0 },
                        "expected a string");
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
int
spec_parse_letter (json_t *v, char *dst, const char *letters,
                   const struct spec_jpath *p, struct lc_err *err)
{
  const char *s;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  s = json_string_value (v);
  if (strlen (s) != 1 || !strchr (letters, s[0]))
    return spec_fail (err, p, "unknown type '%s' (expected one of '%s')", s,
                      letters);
  if (dst)
    *dst = s[0];
  return 0;
}

/* A string matching ^[0-9]+<unit>$ where 'units' lists allowed suffixes. */
int
spec_check_number_unit (json_t *v, const char *units,
                        const struct spec_jpath *p, struct lc_err *err)
{
  const char *s;
  size_t digits;

  if (!json_is_string (v))
    return spec_fail (err, p, "expected a string");
  s = json_string_value (v);
  digits = strspn (s, "0123456789");
  if (digits == 0 || s[0] == '0' || !s[digits] || !strchr (units, s[digits])
      || strcmp (s + digits + 1, "B") != 0)
    return spec_fail (err, p, "invalid size '%s'", s);
  return 0;
}

/* --- documents ---------------------------------------------------------- */

/* jansson reports where it stopped (a byte offset), not the field.  The
 * text before that offset is valid JSON so far: rescan it, keeping the
 * containers still open, to name the field as the other errors do.  Keys
 * are shown as written (escapes included); levels past LOAD_PATH_LEVELS
 * (deep nesting) are shown as "...". */
#define LOAD_PATH_LEVELS 16
#define LOAD_PATH_KEY_MAX 64

struct scan_level
{
  bool object;
  const char *key; /* NULL until the object's next key is read */
  size_t key_len;
  size_t index;
};

static void
format_levels (const struct scan_level *lv, size_t depth, const char *base,
               char *out, size_t size)
{
  size_t len = (size_t) snprintf (out, size, "%s", base ? base : "");

  for (size_t i = 0; i < depth && i < LOAD_PATH_LEVELS && len < size; i++)
    {
      bool cut = lv[i].key_len > LOAD_PATH_KEY_MAX;
      int n;

      if (lv[i].object && !lv[i].key)
        break;
      if (lv[i].object)
        n = snprintf (out + len, size - len, "%s%.*s%s", len ? "." : "",
                      (int) (cut ? LOAD_PATH_KEY_MAX : lv[i].key_len),
                      lv[i].key, cut ? "..." : "");
      else
        n = snprintf (out + len, size - len, "[%zu]", lv[i].index);
      if (n < 0)
        break;
      len += (size_t) n;
    }
  if (depth > LOAD_PATH_LEVELS && len < size)
    (void) snprintf (out + len, size - len, "...");
}

static void
path_at (const char *buf, size_t pos, const char *base, char *out, size_t size)
{
  struct scan_level lv[LOAD_PATH_LEVELS];
  size_t depth = 0, i = 0;
  bool want_key = false;

  while (i < pos)
    {
      struct scan_level *top
          = depth && depth <= LOAD_PATH_LEVELS ? &lv[depth - 1] : NULL;
      char c = buf[i++];
      size_t start;

      switch (c)
        {
        case '{':
        case '[':
          if (depth < LOAD_PATH_LEVELS)
            lv[depth] = (struct scan_level){ c == '{', NULL, 0, 0 };
          depth++;
          want_key = c == '{';
          break;
        case '}':
        case ']':
          depth -= depth > 0;
          want_key = false;
          break;
        case ',':
          if (top && top->object)
            top->key = NULL;
          else if (top)
            top->index++;
          want_key = top && top->object;
          break;
        case '"':
          for (start = i; i < pos && buf[i] != '"'; i++)
            i += buf[i] == '\\';
          if (want_key && top)
            {
              top->key = buf + start;
              top->key_len = (i < pos ? i : pos) - start;
            }
          want_key = false;
          i++;
          break;
        default:
          break;
        }
    }
  format_levels (lv, depth, base, out, size);
}

int
lc_json_load (const char *buf, size_t len, const char *base, json_t **ret,
              struct lc_err *err)
{
  json_error_t je;
  json_t *root;
  char where[512], range[96];
  const char *what = je.text;
  size_t pos;

  /* No JSON_ALLOW_NUL: "\u0000" inside a string is refused.  Duplicate
   * keys are refused too: a consumer that keeps the first one and another
   * that keeps the last would disagree on what the config says. */
  root = json_loadb (buf, len, JSON_REJECT_DUPLICATES, &je);
  if (root)
    {
      *ret = root;
      return 0;
    }
  pos = je.position > 0 ? (size_t) je.position : 0;
  path_at (buf, pos < len ? pos : len, base, where, sizeof where);
  switch (json_error_code (&je))
    {
    case json_error_numeric_overflow:
      (void) snprintf (range, sizeof range,
                       "number out of range (integers above %lld are not "
                       "supported)",
                       LLONG_MAX);
      what = range;
      break;
    case json_error_null_character:
      what = "NUL byte (\\u0000) in a string";
      break;
    case json_error_null_byte_in_key:
      what = "NUL byte (\\u0000) in a key";
      break;
    default:
      break;
    }
  return lc_err_setx (err, EINVAL,
                      "%s%sinvalid json at line %d, column %d: %s", where,
                      where[0] ? ": " : "", je.line, je.column, what);
}
