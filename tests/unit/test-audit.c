/* test-audit.c - audit rules, policy levels, report formats, enforcement,
 * and the hardened spec passing its own policy. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "audit.h"
#include "spec.h"
#include "spec_hardened.h"
#include "util.h"

#define PROFILE_DIR TEST_DATA_DIR "/../../seccomp-profiles"

/* Parse JSON text into a spec, failing the test on error. */
static struct lc_spec *
parse (const char *json)
{
  struct lc_spec *s = NULL;
  struct lc_err err;
  lc_err_clear (&err);
  if (lc_spec_parse (json, strlen (json), &s, &err) < 0)
    fail_msg ("parse: %s", err.msg);
  return s;
}

/* The hardened config with `edit` (a JSON object) merged in at the top
 * level, or under "process"/"linux" for keys of those objects. */
static struct lc_spec *
hardened_with (const char *section, const char *edit_json)
{
  char *base = lc_spec_hardened_json (false, NULL);
  json_t *doc, *edit, *target;
  struct lc_spec *s;
  char *text;

  assert_non_null (base);
  doc = json_loads (base, 0, NULL);
  assert_non_null (doc);
  free (base);
  target = section ? json_object_get (doc, section) : doc;
  assert_non_null (target);
  edit = json_loads (edit_json, 0, NULL);
  assert_non_null (edit);
  assert_int_equal (json_object_update (target, edit), 0);
  json_decref (edit);
  text = json_dumps (doc, 0);
  json_decref (doc);
  s = parse (text);
  free (text);
  return s;
}

static const struct lc_audit_finding *
find (const struct lc_audit_report *r, const char *rule, const char *path)
{
  for (size_t i = 0; i < r->n_findings; i++)
    if (!strcmp (r->findings[i].rule, rule)
        && (!path || !strcmp (r->findings[i].path, path)))
      return &r->findings[i];
  return NULL;
}

static void
audit (const struct lc_spec *s, struct lc_audit_report *r)
{
  struct lc_err err;
  lc_err_clear (&err);
  assert_int_equal (lc_audit_run (s, r, &err), 0);
}

static void
test_hardened_is_restricted (void **state)
{
  for (int rootless = 0; rootless < 2; rootless++)
    {
      char *json = lc_spec_hardened_json (rootless, NULL);
      struct lc_spec *s;
      struct lc_audit_report r;

      assert_non_null (json);
      s = parse (json);
      audit (s, &r);
      for (size_t i = 0; i < r.n_findings; i++)
        if (lc_audit_violates (&r.findings[i], LC_AUDIT_RESTRICTED))
          fail_msg ("rootless=%d: %s %s %s", rootless, r.findings[i].rule,
                    r.findings[i].path, r.findings[i].detail);
      assert_int_equal (lc_audit_count_violations (&r, LC_AUDIT_RESTRICTED),
                        0);
      assert_true (s->root_readonly);
      assert_int_equal (s->process.user.uid, 65534);
      assert_true (s->has_seccomp);
      assert_int_equal (s->ns[LC_NS_USER].present, rootless);
      if (rootless)
        assert_int_equal (s->uid_mappings[0].container_id, 65534);
      lc_audit_clear (&r);
      lc_spec_free (s);
      free (json);
    }
}

static void
test_hardened_profile_dir (void **state)
{
  struct lc_err err;
  char *json = NULL;

  lc_err_clear (&err);
  assert_int_equal (lc_spec_hardened (false, false, PROFILE_DIR, &json, &err),
                    0);
  assert_non_null (strstr (json, "SCMP_ACT_ERRNO"));
  free (json);
  json = NULL;
  assert_true (lc_spec_hardened (false, false, "/nonexistent", &json, &err)
               < 0);
  assert_null (json);
  assert_non_null (strstr (err.msg, "strict.json"));
}

static void
test_privileged_config (void **state)
{
  static const char cfg[]
      = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
        "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,"
        "\"gid\":0},\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\","
        "\"CAP_CHOWN\",\"CAP_NET_BIND_SERVICE\"],\"effective\":"
        "[\"CAP_SYS_ADMIN\"]}},"
        "\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\","
        "\"source\":\"proc\"},{\"destination\":\"/var/run/docker.sock\","
        "\"type\":\"bind\",\"source\":\"/var/run/docker.sock\",\"options\":"
        "[\"rbind\"]},{\"destination\":\"/host\",\"source\":\"/var\","
        "\"options\":[\"rbind\",\"ro\",\"nosuid\",\"nodev\"]},"
        "{\"destination\":\"/data\",\"source\":\"/srv//data/\",\"options\":"
        "[\"bind\",\"nosuid\",\"nodev\"]}],"
        "\"hooks\":{\"prestart\":[{\"path\":\"/usr/bin/true\"}]},"
        "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"},"
        "{\"type\":\"ipc\",\"path\":\"/proc/1/ns/ipc\"}],"
        "\"sysctl\":{\"kernel.core_pattern\":\"|/x\","
        "\"net.ipv4.tcp_syncookies\":\"1\"},"
        "\"devices\":[{\"path\":\"/dev/sda\",\"type\":\"b\",\"major\":8,"
        "\"minor\":0},{\"path\":\"/dev/null\",\"type\":\"c\",\"major\":1,"
        "\"minor\":3}]}}";
  struct lc_spec *s = parse (cfg);
  struct lc_audit_report r;
  const struct lc_audit_finding *f;

  audit (s, &r);
  f = find (&r, "capabilities-privileged", "process.capabilities.effective");
  assert_non_null (f);
  assert_string_equal (f->detail, "CAP_SYS_ADMIN");
  assert_int_equal (f->severity, LC_AUDIT_CRITICAL);
  assert_true (lc_audit_violates (f, LC_AUDIT_BASELINE));
  /* CAP_CHOWN is baseline-allowed but not restricted-allowed;
   * CAP_NET_BIND_SERVICE is allowed by both. */
  f = find (&r, "capabilities-not-dropped", NULL);
  assert_non_null (f);
  assert_string_equal (f->detail, "CAP_CHOWN");
  assert_false (lc_audit_violates (f, LC_AUDIT_BASELINE));
  assert_true (lc_audit_violates (f, LC_AUDIT_RESTRICTED));
  for (size_t i = 0; i < r.n_findings; i++)
    assert_null (strstr (r.findings[i].detail, "NET_BIND"));

  assert_non_null (find (&r, "user-root", "process.user.uid"));
  assert_non_null (find (&r, "rootfs-writable", "root.readonly"));
  assert_non_null (find (&r, "seccomp-missing", "linux.seccomp"));
  assert_non_null (find (&r, "no-new-privileges-off", NULL));
  f = find (&r, "mount-sensitive-host-path", "mounts[1].source");
  assert_non_null (f);
  assert_int_equal (f->severity, LC_AUDIT_CRITICAL);
  /* /var is an ancestor of /var/run/docker.sock */
  f = find (&r, "mount-sensitive-host-path", "mounts[2].source");
  assert_non_null (f);
  assert_non_null (strstr (f->detail, "docker.sock"));
  assert_non_null (strstr (f->detail, "read-only"));
  assert_null (find (&r, "mount-sensitive-host-path", "mounts[3].source"));
  assert_non_null (find (&r, "bind-mount-options", "mounts[1].options"));
  assert_null (find (&r, "bind-mount-options", "mounts[2].options"));
  assert_non_null (find (&r, "hook-host-binary", "hooks.prestart[0].path"));
  assert_non_null (
      find (&r, "sysctl-unsafe", "linux.sysctl.kernel.core_pattern"));
  assert_null (
      find (&r, "sysctl-unsafe", "linux.sysctl.net.ipv4.tcp_syncookies"));
  f = find (&r, "device-granted", "linux.devices[0]");
  assert_non_null (f);
  assert_int_equal (f->severity, LC_AUDIT_HIGH);
  assert_null (find (&r, "device-granted", "linux.devices[1]"));
  assert_non_null (find (&r, "masked-paths-removed", "linux.maskedPaths"));
  assert_non_null (find (&r, "readonly-paths-removed", NULL));
  assert_non_null (find (&r, "memory-limit-missing", NULL));
  assert_non_null (find (&r, "pids-limit-missing", NULL));

  /* network and uts absent; ipc joined from pid 1: host namespaces */
  {
    int net = 0, uts = 0, ipc = 0;
    for (size_t i = 0; i < r.n_findings; i++)
      if (!strcmp (r.findings[i].rule, "host-namespace"))
        {
          net += strstr (r.findings[i].detail, "network") != NULL;
          uts += strstr (r.findings[i].detail, "uts") != NULL;
          ipc += strstr (r.findings[i].detail, "ipc") != NULL;
          assert_true (lc_audit_violates (&r.findings[i], LC_AUDIT_BASELINE));
        }
    assert_int_equal (net, 1);
    assert_int_equal (uts, 1);
    assert_int_equal (ipc, 1);
  }
  /* most severe first */
  for (size_t i = 1; i < r.n_findings; i++)
    assert_true (r.findings[i - 1].severity >= r.findings[i].severity);
  lc_audit_clear (&r);
  lc_spec_free (s);
}

static void
test_policy_levels (void **state)
{
  struct lc_spec *s = hardened_with (
      NULL, "{\"root\":{\"path\":\"rootfs\",\"readonly\":false}}");
  struct lc_audit_report r;
  struct lc_err err;

  audit (s, &r);
  assert_int_equal (lc_audit_count_violations (&r, LC_AUDIT_BASELINE), 0);
  assert_int_equal (lc_audit_count_violations (&r, LC_AUDIT_RESTRICTED), 1);
  lc_audit_clear (&r);

  lc_err_clear (&err);
  assert_int_equal (lc_audit_enforce (s, "baseline", &err), 0);
  assert_int_equal (lc_audit_enforce (s, NULL, &err), 0);
  assert_int_equal (lc_audit_enforce (s, "none", &err), 0);
  assert_int_equal (lc_audit_enforce (s, "restricted", &err), -EPERM);
  assert_int_equal (err.code, EPERM);
  assert_non_null (strstr (err.msg, "restricted"));
  assert_non_null (strstr (err.msg, "rootfs-writable (root.readonly"));
  assert_null (strchr (err.msg, '\n'));
  assert_int_equal (lc_audit_enforce (s, "strictest", &err), -EINVAL);
  lc_spec_free (s);
}

static void
test_enforce_truncates (void **state)
{
  /* many findings: the message stays bounded and one line */
  static const char cfg[]
      = "{\"ociVersion\":\"1.0.2\",\"root\":{\"path\":\"rootfs\"},"
        "\"process\":{\"args\":[\"sh\"],\"cwd\":\"/\",\"user\":{\"uid\":0,"
        "\"gid\":0},\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\","
        "\"CAP_SYS_MODULE\",\"CAP_SYS_RAWIO\",\"CAP_SYS_PTRACE\","
        "\"CAP_DAC_READ_SEARCH\",\"CAP_NET_ADMIN\",\"CAP_SYS_TIME\","
        "\"CAP_SYSLOG\",\"CAP_BPF\",\"CAP_PERFMON\",\"CAP_MAC_ADMIN\","
        "\"CAP_SYS_BOOT\",\"CAP_NET_RAW\",\"CAP_IPC_LOCK\"]}}}";
  struct lc_spec *s = parse (cfg);
  struct lc_err err;

  lc_err_clear (&err);
  assert_int_equal (lc_audit_enforce (s, "baseline", &err), -EPERM);
  assert_true (strlen (err.msg) < LC_ERR_MSG_MAX);
  assert_null (strchr (err.msg, '\n'));
  assert_non_null (strstr (err.msg, "CAP_SYS_ADMIN"));
  lc_spec_free (s);
}

static void
test_seccomp_rules (void **state)
{
  struct lc_spec *s;
  struct lc_audit_report r;
  const struct lc_audit_finding *f;

  s = hardened_with ("linux", "{\"seccomp\":{\"defaultAction\":"
                              "\"SCMP_ACT_ALLOW\"}}");
  audit (s, &r);
  f = find (&r, "seccomp-unconfined", NULL);
  assert_non_null (f);
  assert_true (lc_audit_violates (f, LC_AUDIT_BASELINE));
  lc_audit_clear (&r);
  lc_spec_free (s);

  s = hardened_with ("linux",
                     "{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                     "\"syscalls\":[{\"names\":[\"mount\"],\"action\":"
                     "\"SCMP_ACT_ERRNO\"}]}}");
  audit (s, &r);
  assert_null (find (&r, "seccomp-unconfined", NULL));
  f = find (&r, "seccomp-denylist", NULL);
  assert_non_null (f);
  assert_false (lc_audit_violates (f, LC_AUDIT_BASELINE));
  assert_true (lc_audit_violates (f, LC_AUDIT_RESTRICTED));
  lc_audit_clear (&r);
  lc_spec_free (s);

  s = hardened_with ("linux",
                     "{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ERRNO\","
                     "\"syscalls\":[{\"names\":[\"read\",\"bpf\",\"ptrace\"],"
                     "\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"clone\"],"
                     "\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,"
                     "\"value\":2114060288,\"valueTwo\":0,\"op\":"
                     "\"SCMP_CMP_MASKED_EQ\"}]}]}}");
  audit (s, &r);
  f = find (&r, "seccomp-allows-dangerous", "linux.seccomp.syscalls[0]");
  assert_non_null (f);
  assert_non_null (strstr (f->detail, "bpf, ptrace"));
  assert_null (strstr (f->detail, "clone")); /* filtered by argument */
  assert_false (lc_audit_violates (f, LC_AUDIT_RESTRICTED));
  lc_audit_clear (&r);
  lc_spec_free (s);
}

/* The shipped profiles parse; strict allows none of the dangerous calls,
 * default allows the debugging ones (ptrace) only. */
static void
test_shipped_profiles (void **state)
{
  static const char *const names[] = { "default", "strict" };
  for (int i = 0; i < 2; i++)
    {
      char *path = lc_xasprintf ("%s/%s.json", PROFILE_DIR, names[i]);
      char *text = NULL, *cfg;
      struct lc_err err;
      struct lc_spec *s;
      struct lc_audit_report r;
      const struct lc_audit_finding *f;

      lc_err_clear (&err);
      assert_int_equal (lc_read_file_at (-100 /* AT_FDCWD */, path, 1 << 20,
                                         &text, NULL, &err),
                        0);
      cfg = lc_xasprintf ("{\"ociVersion\":\"1.3.0\",\"root\":{\"path\":"
                          "\"r\"},\"linux\":{\"seccomp\":%s}}",
                          text);
      s = parse (cfg);
      assert_true (s->has_seccomp);
      assert_true (s->seccomp.n_rules > 4);
      audit (s, &r);
      assert_null (find (&r, "seccomp-missing", NULL));
      assert_null (find (&r, "seccomp-unconfined", NULL));
      f = find (&r, "seccomp-allows-dangerous", NULL);
      if (i == 1)
        assert_null (f);
      else
        {
          assert_non_null (f);
          assert_non_null (strstr (f->detail, "ptrace"));
          assert_null (strstr (f->detail, "mount"));
          assert_null (strstr (f->detail, "bpf"));
        }
      lc_audit_clear (&r);
      lc_spec_free (s);
      free (cfg);
      free (text);
      free (path);
    }
}

static void
test_formats (void **state)
{
  struct lc_spec *s
      = hardened_with ("process", "{\"user\":{\"uid\":0,\"gid\":0}}");
  struct lc_audit_report r;
  char *text, *js;
  json_t *doc;

  audit (s, &r);
  text = lc_audit_format_text (&r, LC_AUDIT_RESTRICTED);
  assert_non_null (strstr (text, "FAIL high     user-root: process.user.uid"));
  assert_non_null (strstr (text, "policy restricted: 1 violation,"));
  free (text);
  text = lc_audit_format_text (&r, LC_AUDIT_BASELINE);
  assert_non_null (strstr (text, "policy baseline: compliant"));
  assert_non_null (strstr (text, "(allowed by this policy)"));
  free (text);

  js = lc_audit_format_json (&r, LC_AUDIT_RESTRICTED);
  doc = json_loads (js, 0, NULL);
  assert_non_null (doc);
  assert_false (json_is_true (json_object_get (doc, "compliant")));
  assert_int_equal (json_integer_value (json_object_get (doc, "violations")),
                    1);
  assert_string_equal (
      json_string_value (json_object_get (
          json_array_get (json_object_get (doc, "findings"), 0), "rule")),
      "user-root");
  json_decref (doc);
  free (js);
  lc_audit_clear (&r);
  lc_spec_free (s);
}

static void
test_policy_names (void **state)
{
  enum lc_audit_level l;
  struct lc_err err;
  lc_err_clear (&err);
  assert_int_equal (lc_audit_policy_from_name ("baseline", &l, &err), 0);
  assert_int_equal (l, LC_AUDIT_BASELINE);
  assert_int_equal (lc_audit_policy_from_name ("restricted", &l, &err), 0);
  assert_int_equal (l, LC_AUDIT_RESTRICTED);
  assert_int_equal (lc_audit_policy_from_name ("Restricted", &l, &err),
                    -EINVAL);
  assert_non_null (strstr (err.msg, "'Restricted'"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_hardened_is_restricted),
    cmocka_unit_test (test_hardened_profile_dir),
    cmocka_unit_test (test_privileged_config),
    cmocka_unit_test (test_policy_levels),
    cmocka_unit_test (test_enforce_truncates),
    cmocka_unit_test (test_seccomp_rules),
    cmocka_unit_test (test_shipped_profiles),
    cmocka_unit_test (test_formats),
    cmocka_unit_test (test_policy_names),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
