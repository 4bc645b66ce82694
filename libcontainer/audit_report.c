/* audit_report.c - policy levels, the text and JSON reports, and the
 * entry points create and the CLI use (lc_audit_enforce, lc_audit_load). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "audit.h"
#include "util.h"

void
lc_audit_clear (struct lc_audit_report *r)
{
  if (!r)
    return;
  for (size_t i = 0; i < r->n_findings; i++)
    {
      free (r->findings[i].path);
      free (r->findings[i].detail);
    }
  free (r->findings);
  r->findings = NULL;
  r->n_findings = 0;
}

int
lc_audit_policy_from_name (const char *name, enum lc_audit_level *ret,
                           struct lc_err *err)
{
  if (name && !strcmp (name, "baseline"))
    *ret = LC_AUDIT_BASELINE;
  else if (name && !strcmp (name, "restricted"))
    *ret = LC_AUDIT_RESTRICTED;
  else
    return lc_err_setx (err, EINVAL,
                        "unknown policy '%s' (expected baseline or "
                        "restricted)",
                        name ? name : "");
  return 0;
}

const char *
lc_audit_policy_name (enum lc_audit_level level)
{
  switch (level)
    {
    case LC_AUDIT_BASELINE:
      return "baseline";
    case LC_AUDIT_RESTRICTED:
      return "restricted";
    default:
      return "advisory";
    }
}

const char *
lc_audit_severity_name (enum lc_audit_severity s)
{
  static const char *const names[]
      = { "info", "low", "medium", "high", "critical" };
  return (unsigned) s < 5 ? names[s] : "unknown";
}

bool
lc_audit_violates (const struct lc_audit_finding *f,
                   enum lc_audit_level policy)
{
  if (f->level == LC_AUDIT_ADVISORY)
    return false;
  return f->level <= policy;
}

size_t
lc_audit_count_violations (const struct lc_audit_report *r,
                           enum lc_audit_level policy)
{
  size_t n = 0;
  for (size_t i = 0; i < r->n_findings; i++)
    n += lc_audit_violates (&r->findings[i], policy);
  return n;
}

/* Growing string for the text report. */
struct buf
{
  char *s;
  size_t len, cap;
};

static void buf_add (struct buf *b, const char *fmt, ...)
    __attribute__ ((format (printf, 2, 3)));

static void
buf_add (struct buf *b, const char *fmt, ...)
{
  va_list ap;
  int n;

  va_start (ap, fmt);
  n = vsnprintf (NULL, 0, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if (b->len + (size_t) n + 1 > b->cap)
    {
      b->cap = (b->len + (size_t) n + 1) * 2;
      b->s = lc_xrealloc (b->s, b->cap);
    }
  va_start (ap, fmt);
  vsnprintf (b->s + b->len, b->cap - b->len, fmt, ap);
  va_end (ap);
  b->len += (size_t) n;
}

char *
lc_audit_format_text (const struct lc_audit_report *r,
                      enum lc_audit_level policy)
{
  struct buf b = { NULL, 0, 0 };
  size_t nv = lc_audit_count_violations (r, policy);

  buf_add (&b, "%s", "");
  for (size_t i = 0; i < r->n_findings; i++)
    {
      const struct lc_audit_finding *f = &r->findings[i];
      bool v = lc_audit_violates (f, policy);
      buf_add (&b, "%s %-8s %s: %s: %s\n", v ? "FAIL" : "note",
               lc_audit_severity_name (f->severity), f->rule, f->path,
               f->detail);
      buf_add (&b, "     policy: %s%s\n", lc_audit_policy_name (f->level),
               v ? "" : " (allowed by this policy)");
      buf_add (&b, "     risk:   %s\n", f->risk);
      buf_add (&b, "     fix:    %s\n\n", f->fix);
    }
  if (nv)
    buf_add (&b, "policy %s: %zu violation%s, %zu finding%s in all\n",
             lc_audit_policy_name (policy), nv, nv == 1 ? "" : "s",
             r->n_findings, r->n_findings == 1 ? "" : "s");
  else
    buf_add (&b, "policy %s: compliant (%zu finding%s allowed by it)\n",
             lc_audit_policy_name (policy), r->n_findings,
             r->n_findings == 1 ? "" : "s");
  return b.s;
}

char *
lc_audit_format_json (const struct lc_audit_report *r,
                      enum lc_audit_level policy)
{
  size_t nv = lc_audit_count_violations (r, policy);
  json_t *doc, *list = json_array ();
  char *out;

  if (!list)
    abort ();
  for (size_t i = 0; i < r->n_findings; i++)
    {
      const struct lc_audit_finding *f = &r->findings[i];
      json_t *o = json_pack (
          "{s:s, s:s, s:s, s:b, s:s, s:s, s:s, s:s}", "rule", f->rule,
          "severity", lc_audit_severity_name (f->severity), "level",
          lc_audit_policy_name (f->level), "violation",
          lc_audit_violates (f, policy), "path", f->path, "detail", f->detail,
          "risk", f->risk, "fix", f->fix);
      if (!o || json_array_append_new (list, o) < 0)
        abort ();
    }
  doc = json_pack ("{s:s, s:b, s:I, s:o}", "policy",
                   lc_audit_policy_name (policy), "compliant", nv == 0,
                   "violations", (json_int_t) nv, "findings", list);
  if (!doc)
    abort ();
  out = json_dumps (doc, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
  json_decref (doc);
  if (!out)
    abort ();
  return out;
}

int
lc_audit_enforce (const struct lc_spec *spec, const char *policy,
                  struct lc_err *err)
{
  struct lc_audit_report rep;
  enum lc_audit_level level;
  char msg[LC_ERR_MSG_MAX];
  size_t len, nv;
  int r;

  if (!policy || !*policy || !strcmp (policy, "none"))
    return 0;
  if ((r = lc_audit_policy_from_name (policy, &level, err)) < 0)
    return r;
  lc_audit_run (spec, &rep, err);
  nv = lc_audit_count_violations (&rep, level);
  if (nv == 0)
    {
      lc_audit_clear (&rep);
      return 0;
    }
  len = (size_t) snprintf (
      msg, sizeof msg, "config violates policy '%s' (%zu finding%s):", policy,
      nv, nv == 1 ? "" : "s");
  for (size_t i = 0, k = 0; i < rep.n_findings && len < sizeof msg; i++)
    {
      const struct lc_audit_finding *f = &rep.findings[i];
      if (!lc_audit_violates (f, level))
        continue;
      len += (size_t) snprintf (msg + len, sizeof msg - len, "%s %s (%s: %s)",
                                k++ ? "," : "", f->rule, f->path, f->detail);
    }
  if (len >= sizeof msg)
    memcpy (msg + sizeof msg - 4, "...", 4);
  lc_audit_clear (&rep);
  return lc_err_setx (err, EPERM,
                      "%s; run 'hull audit --policy %s' for "
                      "details",
                      msg, policy);
}

int
lc_audit_load (const char *bundle_or_config, struct lc_spec **ret,
               struct lc_err *err)
{
  cleanup_free char *json = NULL;
  size_t len = 0;
  struct stat st;
  int r;

  if (stat (bundle_or_config, &st) < 0)
    return lc_err_set (err, errno, "'%s'", bundle_or_config);
  if (S_ISDIR (st.st_mode))
    return lc_spec_load (bundle_or_config, ret, err);
  r = lc_read_file_at (AT_FDCWD, bundle_or_config, LC_SPEC_MAX_SIZE, &json,
                       &len, err);
  if (r < 0)
    return r;
  r = lc_spec_parse (json, len, ret, err);
  if (r < 0)
    lc_err_prefix (err, "'%s'", bundle_or_config);
  return r;
}
