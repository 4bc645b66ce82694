/* spec_int.h - shared by the config.json reader (spec_json.c,
 * spec_process.c, spec.c); not part of the spec interface.  The table
 * types and macros that describe a JSON object, the JSON path kept for
 * error messages, and the scalar parsers the tables refer to. */
#ifndef LC_SPEC_INT_H
#define LC_SPEC_INT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "spec.h"

#define N_ELEMENTS(a) (sizeof (a) / sizeof ((a)[0]))

/* --- JSON paths and errors --------------------------------------------- */

struct spec_jpath
{
  const struct spec_jpath *up;
  const char *key; /* NULL: element 'index' of an array */
  size_t index;
};

/* An EINVAL error prefixed with the JSON path (or "config"). */
int spec_fail (struct lc_err *err, const struct spec_jpath *p, const char *fmt,
               ...) __attribute__ ((format (printf, 3, 4)));

/* --- tables ------------------------------------------------------------- */

/* Parse v into dst (which may be NULL: check only). */
typedef int (*spec_parse_fn) (json_t *v, void *dst, const struct spec_jpath *p,
                              struct lc_err *err);

enum spec_owns
{
  OWNS_NOTHING,
  OWNS_STR,  /* char * */
  OWNS_STRV, /* char **, NULL-terminated */
};

#define REQUIRED 1u /* missing (or null) is an error */
#define MAP 2u      /* object whose values are all parsed alike (check only) */

struct spec_object
{
  const struct spec_field *fields;
  size_t n;
  void (*init) (void *dst); /* defaults before parsing; may be NULL */
};

struct spec_field
{
  const char *key;
  spec_parse_fn parse;              /* the value, unless 'object' is set */
  const struct spec_object *object; /* a nested object */
  size_t off;          /* destination in the parent; NO_DST: check only */
  size_t has_off;      /* bool set when present, or NO_DST */
  size_t count_off;    /* arrays: size_t element count */
  size_t elem_size;    /* arrays: element size; 0 when not an array */
  enum spec_owns owns; /* what spec_free_object releases at off */
  unsigned flags;
};

#define NO_DST SIZE_MAX
#define OBJECT(name, init)                                                    \
  {                                                                           \
    name, N_ELEMENTS (name), init                                             \
  }
#define OFF(T, m) offsetof (T, m)
#define F_(k, fn, obj, off, has, cnt, esz, own, fl)                           \
  {                                                                           \
    k, fn, obj, off, has, cnt, esz, own, fl                                   \
  }
#define ESIZE(T, m) sizeof (*((T *) 0)->m)

/* scalars (and custom parsers that get the member) */
#define VAL(k, fn, T, m) F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, 0, 0)
#define VAL_REQ(k, fn, T, m)                                                  \
  F_ (k, fn, NULL, OFF (T, m), NO_DST, 0, 0, 0, REQUIRED)
#define VAL_HAS(k, fn, T, m, h)                                               \
  F_ (k, fn, NULL, OFF (T, m), OFF (T, h), 0, 0, 0, 0)
#define STR(k, T, m)                                                          \
  F_ (k, spec_parse_string, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STR, 0)
#define STR_REQ(k, T, m)                                                      \
  F_ (k, spec_parse_string, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STR, REQUIRED)
#define STRV(k, T, m)                                                         \
  F_ (k, spec_parse_strv, NULL, OFF (T, m), NO_DST, 0, 0, OWNS_STRV, 0)
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

/* Parse v by table o into base (NULL: check only).  On error the caller
 * frees the partial result with spec_free_object(). */
int spec_parse_object (json_t *v, const struct spec_object *o, void *base,
                       const struct spec_jpath *p, struct lc_err *err);
/* Release what the tables own at base (not base itself). */
void spec_free_object (const struct spec_object *o, void *base);

/* --- scalars ------------------------------------------------------------ */

int spec_parse_string (json_t *v, void *dst, const struct spec_jpath *p,
                       struct lc_err *err);
int spec_parse_bool (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err);
int spec_parse_u16 (json_t *v, void *dst, const struct spec_jpath *p,
                    struct lc_err *err);
int spec_parse_u32 (json_t *v, void *dst, const struct spec_jpath *p,
                    struct lc_err *err);
int spec_parse_uint (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err);
int spec_parse_u64 (json_t *v, void *dst, const struct spec_jpath *p,
                    struct lc_err *err);
int spec_parse_i64 (json_t *v, void *dst, const struct spec_jpath *p,
                    struct lc_err *err);
int spec_parse_i32 (json_t *v, void *dst, const struct spec_jpath *p,
                    struct lc_err *err);
int spec_parse_mode (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err);
int spec_parse_oom_score_adj (json_t *v, void *dst, const struct spec_jpath *p,
                              struct lc_err *err);
int spec_parse_timeout (json_t *v, void *dst, const struct spec_jpath *p,
                        struct lc_err *err);
int spec_parse_nsecs (json_t *v, void *dst, const struct spec_jpath *p,
                      struct lc_err *err);
int spec_parse_strv (json_t *v, void *dst, const struct spec_jpath *p,
                     struct lc_err *err);

/* A string that must be one of names[]; *ret = values[i] (or i). */
int spec_parse_enum (json_t *v, const char *const *names, const long *values,
                     size_t n, long *ret, const struct spec_jpath *p,
                     struct lc_err *err);
/* A parser into T for one of names[] (stores values[i], or i). */
#define DEFINE_ENUM_PARSER(name, T, names, values)                            \
  static int name (json_t *v, void *dst, const struct spec_jpath *p,          \
                   struct lc_err *err)                                        \
  {                                                                           \
    long x = 0;                                                               \
    int r                                                                     \
        = spec_parse_enum (v, names, values, N_ELEMENTS (names), &x, p, err); \
    if (r == 0 && dst)                                                        \
      *(T *) dst = (T) x;                                                     \
    return r;                                                                 \
  }

/* An array of strings, each one of names[]. */
int spec_parse_strv_in (json_t *v, void *dst, const char *const *names,
                        size_t n, const struct spec_jpath *p,
                        struct lc_err *err);
/* {"key": "value", ...} into NULL-terminated parallel arrays. */
int spec_parse_string_map (json_t *v, char ***ret_keys, char ***ret_values,
                           const struct spec_jpath *p, struct lc_err *err);
/* A one-letter string out of 'letters'. */
int spec_parse_letter (json_t *v, char *dst, const char *letters,
                       const struct spec_jpath *p, struct lc_err *err);
/* A string matching ^[0-9]+<unit>B$ where 'units' lists allowed suffixes. */
int spec_check_number_unit (json_t *v, const char *units,
                            const struct spec_jpath *p, struct lc_err *err);

/* --- spec_process.c ----------------------------------------------------- */

extern const struct spec_object spec_process_object;
/* Checks that need a whole process object (duplicate rlimits); fills
 * absent args/env with empty vectors. */
int spec_finish_process (struct lc_process *proc, const struct spec_jpath *p,
                         struct lc_err *err);

#endif
