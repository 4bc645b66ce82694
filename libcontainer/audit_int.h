/* audit_int.h - shared between the audit rule files (audit.c,
 * audit_mounts.c); not part of the audit interface. */
#ifndef LC_AUDIT_INT_H
#define LC_AUDIT_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "audit.h"

/* One rule: its stable id, the policy level that forbids it, the default
 * "what it allows an attacker" text and the fix. */
struct rule
{
  const char *id;
  enum lc_audit_level level;
  const char *risk;
  const char *fix;
};

struct audit
{
  const struct lc_spec *spec;
  struct lc_audit_report *rep;
  size_t cap;
};

/* Append a finding; takes ownership of path (heap).  risk NULL = the
 * rule's own text. */
void lc_audit_add_finding (struct audit *a, const struct rule *r,
                           enum lc_audit_severity sev, const char *risk,
                           char *path, const char *fmt, ...)
    __attribute__ ((format (printf, 6, 7)));
bool lc_audit_strv_contains (char *const *v, const char *s);

void lc_audit_check_mounts (struct audit *a);
void lc_audit_check_masks (struct audit *a);
void lc_audit_check_devices (struct audit *a);

#endif
