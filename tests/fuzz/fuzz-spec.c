/* fuzz-spec.c - config.json: parse, validate (root and rootless), audit,
 * the resources subset, mount options, id maps, and the seccomp section built
 * into a filter. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "audit.h"
#include "cgroup.h"
#include "mounts.h"
#include "seccomp.h"
#include "spec.h"
#include "user.h"
#include "validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static int devnull = -1;

static size_t
seccomp_names (const struct lc_seccomp *sc)
{
  size_t n = 0;
  for (size_t i = 0; i < sc->n_rules; i++)
    for (char **p = sc->rules[i].names; p && *p; p++)
      n++;
  return n;
}

static void
check_spec (const struct lc_spec *spec)
{
  struct lc_validate_opts root = { .rootless = false, .in_userns = false };
  struct lc_validate_opts rootless = { .rootless = true, .in_userns = true };
  struct lc_cgroup_resources res;
  struct lc_audit_report report;
  struct lc_err err;

  (void) lc_spec_validate (spec, &root, &err);
  (void) lc_spec_validate (spec, &rootless, &err);
  if (spec->has_process)
    (void) lc_process_validate (&spec->process, &err);
  if (spec->resources.present)
    {
      lc_cgroup_resources_from_spec (&spec->resources, &res);
      (void) lc_cgroup_resources_validate (&res, &err);
      lc_cgroup_resources_clear (&res);
    }
  for (size_t i = 0; i < spec->n_mounts; i++)
    {
      struct lc_mount_flags f;
      if (lc_mount_parse_options (spec->mounts[i].options, "mounts[i]", &f,
                                  &err)
          >= 0)
        lc_mount_flags_clear (&f);
    }
  free (lc_user_format_map (spec->uid_mappings, spec->n_uid_mappings));
  free (lc_user_format_map (spec->gid_mappings, spec->n_gid_mappings));
  if (lc_audit_run (spec, &report, &err) >= 0)
    {
      free (lc_audit_format_text (&report, LC_AUDIT_RESTRICTED));
      free (lc_audit_format_json (&report, LC_AUDIT_BASELINE));
      lc_audit_clear (&report);
    }
  /* Building the filter (not loading it) runs every rule through
   * libseccomp; the output goes nowhere.  Big profiles spend their time in
   * libseccomp (not instrumented): only small ones are built. */
  if (spec->has_seccomp && devnull >= 0
      && seccomp_names (&spec->seccomp) <= 64)
    (void) lc_seccomp_export_bpf (&spec->seccomp, devnull, &err);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct lc_spec *spec = NULL;
  struct lc_err err;

  if (devnull < 0)
    devnull = open ("/dev/null", O_WRONLY | O_CLOEXEC);
  if (lc_spec_parse ((const char *) data, size, &spec, &err) < 0)
    return 0;
  check_spec (spec);
  lc_spec_free (spec);
  return 0;
}
