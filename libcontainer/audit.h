/* audit.h - what a config.json leaves open, as findings an auditor can check.
 *
 * Pure logic over a parsed struct lc_spec: no syscalls except in
 * lc_audit_load.  Every finding names the rule it comes from, its severity,
 * the JSON path of the field, what it allows an attacker and the fix.  The
 * rules and the controls they come from (Kubernetes Pod Security Standards,
 * CIS Docker Benchmark section 5, NIST SP 800-190) are listed in
 * docs/audit.md.
 *
 * Policies nest: a finding has the lowest policy level that forbids it.
 * "baseline" forbids baseline findings; "restricted" forbids baseline and
 * restricted findings.  Advisory findings are reported but forbidden by
 * neither. */
#ifndef LC_AUDIT_H
#define LC_AUDIT_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"
#include "spec.h"

enum lc_audit_severity
{
  LC_AUDIT_INFO,
  LC_AUDIT_LOW,
  LC_AUDIT_MEDIUM,
  LC_AUDIT_HIGH,
  LC_AUDIT_CRITICAL
};

enum lc_audit_level
{
  LC_AUDIT_ADVISORY,  /* reported, never a violation */
  LC_AUDIT_BASELINE,  /* violates baseline and restricted */
  LC_AUDIT_RESTRICTED /* violates restricted only */
};

struct lc_audit_finding
{
  const char *rule; /* stable id, e.g. "capabilities-privileged" */
  enum lc_audit_severity severity;
  enum lc_audit_level level;
  char *path;       /* JSON path, e.g. "process.capabilities.bounding" */
  char *detail;     /* what was found ("CAP_SYS_ADMIN") */
  const char *risk; /* what it allows an attacker */
  const char *fix;  /* how to fix the config */
};

struct lc_audit_report
{
  struct lc_audit_finding *findings;
  size_t n_findings;
};

/* Run every rule over spec.  Fills *ret (release with lc_audit_clear);
 * findings are ordered by rule, most severe rules first.  Never fails
 * except on allocation (which aborts), so it returns 0. */
int lc_audit_run (const struct lc_spec *spec, struct lc_audit_report *ret,
                  struct lc_err *err);
void lc_audit_clear (struct lc_audit_report *r);

/* "baseline" / "restricted" to a level; -EINVAL with a message if unknown. */
int lc_audit_policy_from_name (const char *name, enum lc_audit_level *ret,
                               struct lc_err *err);
const char *lc_audit_policy_name (enum lc_audit_level level);
const char *lc_audit_severity_name (enum lc_audit_severity s);

/* True if the finding is forbidden under policy. */
bool lc_audit_violates (const struct lc_audit_finding *f,
                        enum lc_audit_level policy);
/* Number of findings forbidden under policy. */
size_t lc_audit_count_violations (const struct lc_audit_report *r,
                                  enum lc_audit_level policy);

/* Human-readable report and a JSON document (both heap strings, never
 * NULL; free them).  The JSON object is
 *   {"policy": ..., "compliant": bool, "violations": N,
 *    "findings": [{"rule", "severity", "level", "violation", "path",
 *                  "detail", "risk", "fix"}]} */
char *lc_audit_format_text (const struct lc_audit_report *r,
                            enum lc_audit_level policy);
char *lc_audit_format_json (const struct lc_audit_report *r,
                            enum lc_audit_level policy);

/* Load a config to audit: a bundle directory (its config.json) or a path
 * to a config file.  -ENOENT/-EINVAL etc. with err set. */
int lc_audit_load (const char *bundle_or_config, struct lc_spec **ret,
                   struct lc_err *err);

/* For create/run --policy: 0 when policy is NULL, "" or "none", or when the
 * spec has no finding forbidden by it; -EPERM with err listing the
 * violations on one line ("config violates policy 'restricted': rule
 * (path: detail), ..."); -EINVAL for an unknown policy name. */
int lc_audit_enforce (const struct lc_spec *spec, const char *policy,
                      struct lc_err *err);

#endif
