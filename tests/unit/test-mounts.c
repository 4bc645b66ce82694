/* test-mounts.c - mount options to flags, and path resolution inside a
 * root (a temporary directory; no privileges needed). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "mounts.h"
#include "util.h"

struct opt_case
{
  const char *opt;
  unsigned long set, clear, propagation;
  uint64_t attr_set, attr_clr;
  bool bind, rbind, tmpcopyup, idmap, ridmap;
  const char *data;
};

static const struct opt_case opt_cases[] = {
  { .opt = "defaults" },
  { "ro", .set = MS_RDONLY },
  { "rw", .clear = MS_RDONLY },
  { "nosuid", .set = MS_NOSUID },
  { "suid", .clear = MS_NOSUID },
  { "nodev", .set = MS_NODEV },
  { "dev", .clear = MS_NODEV },
  { "noexec", .set = MS_NOEXEC },
  { "exec", .clear = MS_NOEXEC },
  { "sync", .set = MS_SYNCHRONOUS },
  { "async", .clear = MS_SYNCHRONOUS },
  { "dirsync", .set = MS_DIRSYNC },
  { "remount", .set = MS_REMOUNT },
  { "mand", .set = MS_MANDLOCK },
  { "nomand", .clear = MS_MANDLOCK },
  { "silent", .set = MS_SILENT },
  { "loud", .clear = MS_SILENT },
  { "lazytime", .set = MS_LAZYTIME },
  { "nolazytime", .clear = MS_LAZYTIME },
  { "relatime", .set = MS_RELATIME },
  { "norelatime", .clear = MS_RELATIME },
  { "strictatime", .set = MS_STRICTATIME },
  { "nostrictatime", .clear = MS_STRICTATIME },
  { "noatime", .set = MS_NOATIME },
  { "atime", .clear = MS_NOATIME },
  { "nodiratime", .set = MS_NODIRATIME },
  { "diratime", .clear = MS_NODIRATIME },
  { "nosymfollow", .set = MS_NOSYMFOLLOW },
  { "symfollow", .clear = MS_NOSYMFOLLOW },
  { "bind", .bind = true },
  { "rbind", .bind = true, .rbind = true },
  { "private", .propagation = MS_PRIVATE },
  { "rprivate", .propagation = MS_PRIVATE | MS_REC },
  { "shared", .propagation = MS_SHARED },
  { "rshared", .propagation = MS_SHARED | MS_REC },
  { "slave", .propagation = MS_SLAVE },
  { "rslave", .propagation = MS_SLAVE | MS_REC },
  { "unbindable", .propagation = MS_UNBINDABLE },
  { "runbindable", .propagation = MS_UNBINDABLE | MS_REC },
  { "rro", .attr_set = MOUNT_ATTR_RDONLY },
  { "rrw", .attr_clr = MOUNT_ATTR_RDONLY },
  { "rnosuid", .attr_set = MOUNT_ATTR_NOSUID },
  { "rsuid", .attr_clr = MOUNT_ATTR_NOSUID },
  { "rnodev", .attr_set = MOUNT_ATTR_NODEV },
  { "rdev", .attr_clr = MOUNT_ATTR_NODEV },
  { "rnoexec", .attr_set = MOUNT_ATTR_NOEXEC },
  { "rexec", .attr_clr = MOUNT_ATTR_NOEXEC },
  { "rnodiratime", .attr_set = MOUNT_ATTR_NODIRATIME },
  { "rdiratime", .attr_clr = MOUNT_ATTR_NODIRATIME },
  { "rnosymfollow", .attr_set = MOUNT_ATTR_NOSYMFOLLOW },
  { "rsymfollow", .attr_clr = MOUNT_ATTR_NOSYMFOLLOW },
  { "rrelatime", .attr_set = MOUNT_ATTR_RELATIME,
    .attr_clr = MOUNT_ATTR__ATIME },
  { "rnorelatime", .attr_set = MOUNT_ATTR_STRICTATIME,
    .attr_clr = MOUNT_ATTR__ATIME },
  { "rstrictatime", .attr_set = MOUNT_ATTR_STRICTATIME,
    .attr_clr = MOUNT_ATTR__ATIME },
  { "rnostrictatime", .attr_set = MOUNT_ATTR_RELATIME,
    .attr_clr = MOUNT_ATTR__ATIME },
  { "rnoatime", .attr_set = MOUNT_ATTR_NOATIME,
    .attr_clr = MOUNT_ATTR__ATIME },
  { "ratime", .attr_set = MOUNT_ATTR_RELATIME, .attr_clr = MOUNT_ATTR__ATIME },
  { "tmpcopyup", .tmpcopyup = true },
  { .opt = "notmpcopyup" },
  { "idmap", .idmap = true },
  { "ridmap", .idmap = true, .ridmap = true },
  { "mode=755", .data = "mode=755" },
  { "size=65536k", .data = "size=65536k" },
  { "newinstance", .data = "newinstance" },
  { "ptmxmode=0666", .data = "ptmxmode=0666" },
  { "uid=1000", .data = "uid=1000" },
  { "lowerdir=/a:/b", .data = "lowerdir=/a:/b" },
  { "RO", .data = "RO" }, /* option names are case-sensitive */
};

static void
test_each_option (void **state)
{
  for (size_t i = 0; i < sizeof opt_cases / sizeof opt_cases[0]; i++)
    {
      const struct opt_case *c = &opt_cases[i];
      char *opts[] = { (char *) c->opt, NULL };
      struct lc_mount_flags f;
      struct lc_err err = { 0 };

      if (lc_mount_parse_options (opts, "mounts[0].options", &f, &err) < 0)
        fail_msg ("'%s': %s", c->opt, err.msg);
      if (f.set != c->set || f.clear != c->clear
          || f.propagation != c->propagation || f.attr_set != c->attr_set
          || f.attr_clr != c->attr_clr || f.bind != c->bind
          || f.recursive_bind != c->rbind || f.tmpcopyup != c->tmpcopyup
          || f.idmap != c->idmap || f.recursive_idmap != c->ridmap)
        fail_msg ("'%s': set %#lx clear %#lx prop %#lx attr %#llx/%#llx",
                  c->opt, f.set, f.clear, f.propagation,
                  (unsigned long long) f.attr_set,
                  (unsigned long long) f.attr_clr);
      if ((c->data == NULL) != (f.data == NULL)
          || (c->data && strcmp (c->data, f.data) != 0))
        fail_msg ("'%s': data '%s'", c->opt, f.data ? f.data : "(null)");
      lc_mount_flags_clear (&f);
    }
}

static void
test_combined (void **state)
{
  char *opts[] = { "nosuid",      "ro",       "mode=755",  "rbind",  "rw",
                   "strictatime", "size=1m",  "rprivate",  "shared", "rro",
                   "rrw",         "rnoatime", "rrelatime", NULL };
  struct lc_mount_flags f;
  struct lc_err err = { 0 };

  assert_int_equal (lc_mount_parse_options (opts, "m", &f, &err), 0);
  /* Later options win over earlier ones. */
  assert_int_equal (f.set, MS_NOSUID | MS_STRICTATIME);
  assert_int_equal (f.clear, MS_RDONLY);
  assert_int_equal (f.propagation, MS_SHARED);
  assert_int_equal (f.attr_set, MOUNT_ATTR_RELATIME);
  assert_int_equal (f.attr_clr, MOUNT_ATTR_RDONLY | MOUNT_ATTR__ATIME);
  assert_true (f.bind && f.recursive_bind);
  assert_string_equal (f.data, "mode=755,size=1m");
  lc_mount_flags_clear (&f);
  assert_null (f.data);
  assert_int_equal (f.set, 0);
}

static void
test_no_options (void **state)
{
  struct lc_mount_flags f;
  struct lc_err err = { 0 };

  assert_int_equal (lc_mount_parse_options (NULL, "m", &f, &err), 0);
  assert_int_equal (f.set | f.clear | f.propagation, 0);
  assert_null (f.data);
}

/* Type "bind" or a bind/rbind option, as the options parser sets f.bind. */
static void
test_is_bind (void **state)
{
  char *ro_bind[] = { "ro", "bind", NULL }, *rbind[] = { "rbind", NULL };
  char *none[] = { "ro", "nobind", "bind=1", NULL };
  struct lc_mount m = { 0 };

  (void) state;
  m.type = "bind";
  assert_true (lc_mount_is_bind (&m));
  m.type = "none";
  m.options = ro_bind;
  assert_true (lc_mount_is_bind (&m));
  m.type = NULL;
  m.options = rbind;
  assert_true (lc_mount_is_bind (&m));
  m.type = "tmpfs";
  m.options = none;
  assert_false (lc_mount_is_bind (&m));
  m.options = NULL;
  assert_false (lc_mount_is_bind (&m));
}

static void
test_errors_name_path (void **state)
{
  char *empty[] = { "ro", "", NULL };
  struct lc_mount_flags f = { .set = 42 };
  struct lc_err err = { 0 };
  cleanup_free char *big = lc_xmalloc (5000);
  char *toolong[] = { "mode=755", big, NULL };

  assert_int_equal (
      lc_mount_parse_options (empty, "mounts[3].options", &f, &err), -EINVAL);
  assert_string_equal (err.msg, "mounts[3].options[1]: empty option");
  assert_int_equal (f.set, 42); /* untouched on failure */
  memset (big, 'x', 4999);
  big[4999] = '\0';
  assert_int_equal (
      lc_mount_parse_options (toolong, "mounts[1].options", &f, &err),
      -EINVAL);
  assert_non_null (strstr (err.msg, "mounts[1].options"));
}

/* ---- resolution in a root -------------------------------------------- */

static char tmp[] = "/tmp/test-mounts-XXXXXX";

static int
setup_root (void **state)
{
  char *p;
  if (!mkdtemp (tmp))
    return -1;
  p = lc_xasprintf ("%s/etc", tmp);
  if (mkdir (p, 0755) < 0)
    return -1;
  free (p);
  p = lc_xasprintf ("%s/escape", tmp);
  if (symlink ("/../../../../etc", p) < 0) /* absolute: means <root>/etc */
    return -1;
  free (p);
  p = lc_xasprintf ("%s/up", tmp);
  if (symlink ("../../..", p) < 0)
    return -1;
  free (p);
  return 0;
}

static int
teardown_root (void **state)
{
  cleanup_free char *cmd = lc_xasprintf ("rm -rf '%s'", tmp);
  return system (cmd) == 0 ? 0 : -1;
}

static void
test_symlinks_stay_inside (void **state)
{
  cleanup_close int root = open (tmp, O_PATH | O_DIRECTORY | O_CLOEXEC);
  struct lc_err err = { 0 };
  struct stat st;
  cleanup_free char *p = NULL;

  assert_true (root >= 0);
  /* Creating through a symlink to "/etc" lands in <root>/etc. */
  assert_int_equal (lc_mkdir_in_root (root, "/escape/new/dir", true, &err), 0);
  p = lc_xasprintf ("%s/etc/new/dir", tmp);
  assert_int_equal (stat (p, &st), 0);
  assert_true (S_ISDIR (st.st_mode));
  /* ".." through a relative symlink stops at the root. */
  assert_int_equal (lc_mkdir_in_root (root, "/up/up/file", false, &err), 0);
  free (p);
  p = lc_xasprintf ("%s/file", tmp);
  assert_int_equal (stat (p, &st), 0);
  assert_true (S_ISREG (st.st_mode));
  /* Existing paths are fine; a file in the middle is not. */
  assert_int_equal (lc_mkdir_in_root (root, "etc/new", true, &err), 0);
  assert_int_equal (lc_mkdir_in_root (root, "/file/sub", true, &err),
                    -ENOTDIR);
  assert_non_null (strstr (err.msg, "'/file/sub'"));
}

static void
test_open_in_root (void **state)
{
  cleanup_close int root = open (tmp, O_PATH | O_DIRECTORY | O_CLOEXEC);
  cleanup_close int fd = -1, want = -1;
  struct lc_err err = { 0 };
  struct stat a, b;
  cleanup_free char *p = lc_xasprintf ("%s/etc", tmp);

  fd = lc_open_in_root (root, "/up/escape", O_DIRECTORY, &err);
  assert_true (fd >= 0);
  want = open (p, O_PATH | O_DIRECTORY | O_CLOEXEC);
  assert_int_equal (fstat (fd, &a), 0);
  assert_int_equal (fstat (want, &b), 0);
  assert_true (a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  assert_int_equal (lc_open_in_root (root, "/missing", 0, &err), -ENOENT);
  assert_non_null (strstr (err.msg, "'/missing'"));
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_each_option),
    cmocka_unit_test (test_combined),
    cmocka_unit_test (test_no_options),
    cmocka_unit_test (test_is_bind),
    cmocka_unit_test (test_errors_name_path),
    cmocka_unit_test (test_symlinks_stay_inside),
    cmocka_unit_test (test_open_in_root),
  };
  return cmocka_run_group_tests (tests, setup_root, teardown_root);
}
