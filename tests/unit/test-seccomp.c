/* test-seccomp.c - profile to filter, checked on libseccomp's text export. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "seccomp.h"

/* Build the filter and return its pseudo filter code, or NULL on error
 * (then err says why). */
static char *
pfc_of (const struct lc_seccomp *sc, struct lc_err *err)
{
  int fd = memfd_create ("pfc", MFD_CLOEXEC);
  char *buf;
  off_t len;
  ssize_t n;

  assert_true (fd >= 0);
  if (lc_seccomp_export_pfc (sc, fd, err) < 0)
    {
      close (fd);
      return NULL;
    }
  len = lseek (fd, 0, SEEK_END);
  assert_true (len > 0);
  buf = calloc (1, (size_t) len + 1);
  assert_non_null (buf);
  n = pread (fd, buf, (size_t) len, 0);
  assert_int_equal (n, len);
  close (fd);
  return buf;
}

static size_t
count (const char *hay, const char *needle)
{
  size_t n = 0;
  for (const char *p = hay; (p = strstr (p, needle)); p += strlen (needle))
    n++;
  return n;
}

static void
test_action_names (void **state)
{
  static const struct
  {
    const char *name;
    uint32_t v;
  } ok[] = {
    { "SCMP_ACT_KILL", SCMP_ACT_KILL },
    { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD },
    { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS },
    { "SCMP_ACT_TRAP", SCMP_ACT_TRAP },
    { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO (0) },
    { "SCMP_ACT_TRACE", SCMP_ACT_TRACE (0) },
    { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW },
    { "SCMP_ACT_LOG", SCMP_ACT_LOG },
    { "SCMP_ACT_NOTIFY", SCMP_ACT_NOTIFY },
  };
  uint32_t v = 12345;
  for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
    {
      assert_int_equal (lc_seccomp_action_from_name (ok[i].name, &v), 0);
      assert_int_equal (v, ok[i].v);
    }
  v = 12345;
  assert_int_equal (lc_seccomp_action_from_name ("SCMP_ACT_FOO", &v), -EINVAL);
  assert_int_equal (lc_seccomp_action_from_name ("scmp_act_allow", &v),
                    -EINVAL);
  assert_int_equal (lc_seccomp_action_from_name ("", &v), -EINVAL);
  assert_int_equal (lc_seccomp_action_from_name (NULL, &v), -EINVAL);
  assert_int_equal (v, 12345);
}

static void
test_op_names (void **state)
{
  int op = -1;
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_NE", &op), 0);
  assert_int_equal (op, SCMP_CMP_NE);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_LT", &op), 0);
  assert_int_equal (op, SCMP_CMP_LT);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_LE", &op), 0);
  assert_int_equal (op, SCMP_CMP_LE);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_EQ", &op), 0);
  assert_int_equal (op, SCMP_CMP_EQ);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_GE", &op), 0);
  assert_int_equal (op, SCMP_CMP_GE);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_GT", &op), 0);
  assert_int_equal (op, SCMP_CMP_GT);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_MASKED_EQ", &op), 0);
  assert_int_equal (op, SCMP_CMP_MASKED_EQ);
  assert_int_equal (lc_seccomp_op_from_name ("SCMP_CMP_FOO", &op), -EINVAL);
  assert_int_equal (lc_seccomp_op_from_name ("EQ", &op), -EINVAL);
}

static void
test_rules_and_default_errno (void **state)
{
  char *names[] = { "mkdir", "no_such_syscall_here", "personality", NULL };
  struct lc_seccomp_rule rule = { .names = names,
                                  .action = SCMP_ACT_ERRNO (0),
                                  .has_errno_ret = true,
                                  .errno_ret = 38 };
  struct lc_seccomp sc
      = { .default_action = SCMP_ACT_ALLOW, .rules = &rule, .n_rules = 1 };
  struct lc_err err = { 0 };
  char *pfc = pfc_of (&sc, &err);

  assert_non_null (pfc);
  assert_non_null (strstr (pfc, "\"mkdir\""));
  assert_non_null (strstr (pfc, "\"personality\""));
  assert_null (strstr (pfc, "no_such_syscall_here"));
  assert_non_null (strstr (pfc, "action ERRNO(38)"));
  assert_non_null (strstr (pfc, "action ALLOW"));
  free (pfc);

  /* Without errnoRet, ERRNO means EPERM, for rules and the default. */
  rule.has_errno_ret = false;
  sc.default_action = SCMP_ACT_ERRNO (0);
  rule.action = SCMP_ACT_ALLOW;
  pfc = pfc_of (&sc, &err);
  assert_non_null (pfc);
  assert_non_null (strstr (pfc, "action ERRNO(1)"));
  free (pfc);
  sc.has_default_errno_ret = true;
  sc.default_errno_ret = 95;
  pfc = pfc_of (&sc, &err);
  assert_non_null (pfc);
  assert_non_null (strstr (pfc, "action ERRNO(95)"));
  free (pfc);
}

static void
test_rule_as_default_is_skipped (void **state)
{
  char *allow[] = { "read", NULL };
  char *deny[] = { "mkdir", NULL };
  struct lc_seccomp_rule rules[] = {
    { .names = allow, .action = SCMP_ACT_ALLOW },
    { .names = deny, .action = SCMP_ACT_TRAP },
  };
  struct lc_seccomp sc
      = { .default_action = SCMP_ACT_ALLOW, .rules = rules, .n_rules = 2 };
  struct lc_err err = { 0 };
  char *pfc = pfc_of (&sc, &err);

  assert_non_null (pfc);
  assert_null (strstr (pfc, "\"read\""));
  assert_non_null (strstr (pfc, "\"mkdir\""));
  assert_non_null (strstr (pfc, "action TRAP"));
  free (pfc);
}

static void
test_args_and_or (void **state)
{
  char *names[] = { "personality", NULL };
  struct lc_seccomp_arg and_args[] = {
    { .index = 0, .value = 1, .op = SCMP_CMP_EQ },
    { .index = 1, .value = 2, .op = SCMP_CMP_EQ },
  };
  struct lc_seccomp_arg or_args[] = {
    { .index = 0, .value = 1, .op = SCMP_CMP_EQ },
    { .index = 0, .value = 0xffff, .value_two = 8, .op = SCMP_CMP_MASKED_EQ },
  };
  struct lc_seccomp_rule rule = { .names = names,
                                  .action = SCMP_ACT_ERRNO (0),
                                  .has_errno_ret = true,
                                  .errno_ret = 5,
                                  .args = and_args,
                                  .n_args = 2 };
  struct lc_seccomp sc
      = { .default_action = SCMP_ACT_ALLOW, .rules = &rule, .n_rules = 1 };
  struct lc_err err = { 0 };
  char *pfc = pfc_of (&sc, &err);

  /* Distinct indexes: one rule, both conditions, one action. */
  assert_non_null (pfc);
  assert_int_equal (count (pfc, "action ERRNO(5)"), 1);
  assert_non_null (strstr (pfc, "$a1"));
  free (pfc);

  /* The same index twice: one rule per condition, either one matches. */
  rule.args = or_args;
  pfc = pfc_of (&sc, &err);
  assert_non_null (pfc);
  assert_int_equal (count (pfc, "action ERRNO(5)"), 2);
  assert_null (strstr (pfc, "$a1"));
  assert_non_null (strstr (pfc, "& 0x0000ffff == 8"));
  free (pfc);
}

static void
test_refusals (void **state)
{
  char *names[] = { "mkdir", NULL };
  char *bad_flag[] = { "SECCOMP_FILTER_FLAG_NOPE", NULL };
  char *bad_arch[] = { "SCMP_ARCH_VAX", NULL };
  char *not_arch[] = { "x86_64", NULL };
  struct lc_seccomp_arg arg = { .index = 6, .value = 1, .op = SCMP_CMP_EQ };
  struct lc_seccomp_rule rule = { .names = names,
                                  .action = SCMP_ACT_ALLOW,
                                  .has_errno_ret = true,
                                  .errno_ret = 1 };
  struct lc_seccomp sc
      = { .default_action = SCMP_ACT_ERRNO (0), .rules = &rule, .n_rules = 1 };
  struct lc_err err = { 0 };

  /* errnoRet only goes with ERRNO and TRACE. */
  assert_null (pfc_of (&sc, &err));
  assert_non_null (strstr (err.msg, "linux.seccomp.syscalls[0].errnoRet"));
  rule.has_errno_ret = false;

  rule.args = &arg;
  rule.n_args = 1;
  assert_null (pfc_of (&sc, &err));
  assert_non_null (strstr (err.msg, "syscalls[0].args[0].index"));
  rule.n_args = 0;

  sc.flags = bad_flag;
  assert_null (pfc_of (&sc, &err));
  assert_non_null (strstr (err.msg, "SECCOMP_FILTER_FLAG_NOPE"));
  sc.flags = NULL;

  sc.architectures = bad_arch;
  assert_null (pfc_of (&sc, &err));
  assert_non_null (strstr (err.msg, "architectures[0]"));
  sc.architectures = not_arch;
  assert_null (pfc_of (&sc, &err));
  assert_non_null (strstr (err.msg, "architectures[0]"));
}

static void
test_flags_and_arches (void **state)
{
  char *names[] = { "mkdir", NULL };
  char *flags[] = { "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_TSYNC",
                    "SECCOMP_FILTER_FLAG_SPEC_ALLOW", NULL };
  char *wait_flag[] = { "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV", NULL };
  char *arches[] = { "SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32",
                     "SCMP_ARCH_AARCH64", NULL };
  struct lc_seccomp_rule rule
      = { .names = names, .action = SCMP_ACT_ERRNO (0) };
  struct lc_seccomp sc = { .default_action = SCMP_ACT_ALLOW,
                           .flags = flags,
                           .architectures = arches,
                           .rules = &rule,
                           .n_rules = 1 };
  struct lc_err err = { 0 };
  char *pfc;

  /* LOG needs API level 3 and SPEC_ALLOW level 4 (the kernel's seccomp()
   * syscall); under valgrind libseccomp falls back to level 1. */
  if (seccomp_api_get () < 4)
    flags[0] = NULL;
  pfc = pfc_of (&sc, &err);
  if (!pfc)
    fail_msg ("%s", err.msg);
  assert_non_null (strstr (pfc, "arch x86_64"));
  assert_non_null (strstr (pfc, "arch x86 "));
  assert_non_null (strstr (pfc, "arch x32"));
  assert_non_null (strstr (pfc, "arch aarch64"));
  free (pfc);

  sc.flags = wait_flag;
  pfc = pfc_of (&sc, &err);
#if SCMP_VER_MAJOR > 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR >= 6)
  assert_non_null (pfc);
  free (pfc);
#else
  assert_null (pfc);
  assert_int_equal (err.code, EOPNOTSUPP);
  assert_non_null (strstr (err.msg, "WAIT_KILLABLE_RECV"));
#endif
}

static void
test_export_bpf (void **state)
{
  char *names[] = { "mkdir", "rmdir", NULL };
  struct lc_seccomp_rule rule
      = { .names = names, .action = SCMP_ACT_ERRNO (0) };
  struct lc_seccomp sc
      = { .default_action = SCMP_ACT_ALLOW, .rules = &rule, .n_rules = 1 };
  struct lc_err err = { 0 };
  int fd = memfd_create ("bpf", MFD_CLOEXEC);
  off_t len;

  assert_true (fd >= 0);
  assert_int_equal (lc_seccomp_export_bpf (&sc, fd, &err), 0);
  len = lseek (fd, 0, SEEK_END);
  /* Whole struct sock_filter instructions (8 bytes each), several. */
  assert_true (len >= 8 * 4);
  assert_int_equal (len % 8, 0);
  close (fd);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_action_names),
    cmocka_unit_test (test_op_names),
    cmocka_unit_test (test_rules_and_default_errno),
    cmocka_unit_test (test_rule_as_default_is_skipped),
    cmocka_unit_test (test_args_and_or),
    cmocka_unit_test (test_refusals),
    cmocka_unit_test (test_flags_and_arches),
    cmocka_unit_test (test_export_bpf),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
