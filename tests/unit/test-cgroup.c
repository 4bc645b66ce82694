/* test-cgroup.c - the cgroup module's pure parts: v1 -> v2 conversions,
 * resource parsing and validation, the device eBPF program (run through a
 * small interpreter here), and apply into a temporary directory standing
 * in for a cgroup. */
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "container_cgroup.h"
#include "util.h"

/* --- /proc/PID/cgroup ---------------------------------------------------- */

static void
test_of_pid (void **state)
{
  struct lc_err err = { 0 };
  cleanup_free char *buf = NULL;
  cleanup_free char *self = NULL;
  cleanup_free char *mine = NULL;
  char *line;
  pid_t child;
  int r;

  (void) state;
  assert_int_equal (lc_read_file_at (AT_FDCWD, "/proc/self/cgroup", 1 << 16,
                                     &buf, NULL, &err),
                    0);
  line = strncmp (buf, "0::/", 4) == 0 ? buf : strstr (buf, "\n0::/");
  r = lc_cgroup_of_pid (0, &self, &err);
  if (!line) /* a v1-only host */
    {
      assert_int_equal (r, -ENOENT);
      return;
    }
  line += line == buf ? 3 : 4;
  line[strcspn (line, "\n")] = '\0';
  assert_int_equal (r, 0);
  assert_string_equal (self, line);
  assert_int_equal (lc_cgroup_of_pid (getpid (), &mine, &err), 0);
  assert_string_equal (mine, self);
  /* a process that is gone */
  child = fork ();
  assert_true (child >= 0);
  if (child == 0)
    _exit (0);
  assert_int_equal (waitpid (child, NULL, 0), child);
  assert_int_equal (lc_cgroup_of_pid (child, &mine, &err), -ENOENT);
}

/* --- conversions --------------------------------------------------------- */

static void
test_shares (void **state)
{
  (void) state;
  assert_int_equal (lc_cgroup_shares_to_weight (0), 0);
  assert_int_equal (lc_cgroup_shares_to_weight (2), 1);
  assert_int_equal (lc_cgroup_shares_to_weight (1024), 39);
  assert_int_equal (lc_cgroup_shares_to_weight (262144), 10000);
  assert_int_equal (lc_cgroup_shares_to_weight (1u << 30), 10000);
}

static void
test_blkio_weight (void **state)
{
  (void) state;
  assert_int_equal (lc_cgroup_blkio_to_io_weight (10), 1);
  assert_int_equal (lc_cgroup_blkio_to_io_weight (500), 4950);
  assert_int_equal (lc_cgroup_blkio_to_io_weight (1000), 10000);
}

static void
test_swap (void **state)
{
  struct lc_err err = { 0 };
  int64_t v = 0;
  (void) state;
  assert_int_equal (lc_cgroup_swap_to_v2 (-1, true, 100, &v, &err), 0);
  assert_int_equal (v, -1);
  assert_int_equal (lc_cgroup_swap_to_v2 (300, true, 100, &v, &err), 0);
  assert_int_equal (v, 200);
  assert_int_equal (lc_cgroup_swap_to_v2 (100, true, 100, &v, &err), 0);
  assert_int_equal (v, 0);
  assert_int_equal (lc_cgroup_swap_to_v2 (50, true, 100, &v, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "memory.swap"));
  assert_int_equal (lc_cgroup_swap_to_v2 (50, false, 0, &v, &err), -EINVAL);
  assert_int_equal (lc_cgroup_swap_to_v2 (50, true, -1, &v, &err), -EINVAL);
}

static void
test_cpu_max (void **state)
{
  char buf[64];
  (void) state;
  assert_int_equal (
      lc_cgroup_cpu_max (true, 50000, true, 100000, buf, sizeof buf), 0);
  assert_string_equal (buf, "50000 100000");
  lc_cgroup_cpu_max (true, -1, true, 20000, buf, sizeof buf);
  assert_string_equal (buf, "max 20000");
  lc_cgroup_cpu_max (true, 10000, false, 0, buf, sizeof buf);
  assert_string_equal (buf, "10000 100000");
  assert_int_equal (lc_cgroup_cpu_max (true, 10, true, 10, buf, 4), -ENOBUFS);
}

static void
test_cpu_list (void **state)
{
  (void) state;
  assert_int_equal (lc_cgroup_check_cpu_list ("0"), 0);
  assert_int_equal (lc_cgroup_check_cpu_list ("0-3,5,7-8"), 0);
  assert_int_equal (lc_cgroup_check_cpu_list ("0-"), -EINVAL);
  assert_int_equal (lc_cgroup_check_cpu_list ("3-1"), -EINVAL);
  assert_int_equal (lc_cgroup_check_cpu_list ("1,,2"), -EINVAL);
  assert_int_equal (lc_cgroup_check_cpu_list (""), -EINVAL);
  assert_int_equal (lc_cgroup_check_cpu_list ("a"), -EINVAL);
  assert_int_equal (lc_cgroup_check_cpu_list ("1 "), -EINVAL);
}

static void
test_unified_key (void **state)
{
  struct lc_err err = { 0 };
  (void) state;
  assert_int_equal (lc_cgroup_check_unified_key ("memory.high", &err), 0);
  assert_int_equal (lc_cgroup_check_unified_key ("../memory.max", &err),
                    -EINVAL);
  assert_int_equal (lc_cgroup_check_unified_key ("a/memory.max", &err),
                    -EINVAL);
  assert_int_equal (lc_cgroup_check_unified_key ("nodot", &err), -EINVAL);
  assert_int_equal (lc_cgroup_check_unified_key ("memory..x", &err), -EINVAL);
  assert_int_equal (lc_cgroup_check_unified_key ("cgroup.procs", &err),
                    -EINVAL);
  assert_non_null (strstr (err.msg, "managed by hull"));
}

static void
test_parse_size (void **state)
{
  int64_t v;
  (void) state;
  assert_int_equal (lc_cgroup_parse_size ("1024", &v), 0);
  assert_int_equal (v, 1024);
  assert_int_equal (lc_cgroup_parse_size ("32m", &v), 0);
  assert_int_equal (v, 32 << 20);
  assert_int_equal (lc_cgroup_parse_size ("1GB", &v), 0);
  assert_int_equal (v, 1 << 30);
  assert_int_equal (lc_cgroup_parse_size ("-1", &v), 0);
  assert_int_equal (v, -1);
  assert_int_equal (lc_cgroup_parse_size ("-2", &v), -EINVAL);
  assert_int_equal (lc_cgroup_parse_size ("12q", &v), -EINVAL);
  assert_int_equal (lc_cgroup_parse_size ("99999999999999999999", &v),
                    -EINVAL);
}

/* --- parsing and validation ---------------------------------------------- */

static int
parse (const char *json, struct lc_cgroup_resources *r, struct lc_err *err)
{
  return lc_cgroup_resources_parse (json, strlen (json), false, r, err);
}

/* update -r: a syntax error names the field under linux.resources. */
static void
test_parse_syntax_error_path (void **state)
{
  static const struct
  {
    const char *json, *want;
  } cases[] = {
    { "{\"memory\": {\"limit\": 1 1}}",
      "linux.resources.memory.limit: invalid json at line 1" },
    { "{\"pids\": {\"limit\": 1, \"limit\": 2}}",
      "linux.resources.pids.limit: invalid json" },
    { "{\"cpu\": {\"shares\": 99999999999999999999}}",
      "linux.resources.cpu.shares: invalid json at line 1, column" },
    { "", "invalid json" },
  };
  (void) state;

  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
    {
      struct lc_cgroup_resources r;
      struct lc_err err = { 0 };
      assert_int_equal (parse (cases[i].json, &r, &err), -EINVAL);
      if (!strstr (err.msg, cases[i].want))
        fail_msg ("case %zu: '%s' lacks '%s'", i, err.msg, cases[i].want);
    }
}

static void
test_parse_full (void **state)
{
  const char *j
      = "{\"memory\":{\"limit\":33554432,\"swap\":67108864,\"reservation\":1},"
        "\"cpu\":{\"shares\":1024,\"quota\":20000,\"period\":100000,"
        "\"cpus\":\"0-1\",\"realtimeRuntime\":0},"
        "\"pids\":{\"limit\":0},"
        "\"blockIO\":{\"weight\":500,\"weightDevice\":[{\"major\":8,"
        "\"minor\":0,\"weight\":100}],\"throttleWriteBpsDevice\":[{\"major\":"
        "1,\"minor\":0,\"rate\":1048576}]},"
        "\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":0}],"
        "\"rdma\":{\"mlx4_0\":{\"hcaHandles\":2}},"
        "\"devices\":[{\"allow\":false,\"access\":\"rwm\"},{\"allow\":true,"
        "\"type\":\"c\",\"major\":10,\"minor\":200,\"access\":\"rw\"}],"
        "\"unified\":{\"memory.high\":\"30000000\"}}";
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };
  (void) state;

  assert_int_equal (parse (j, &r, &err), 0);
  assert_true (r.has_mem_limit && r.mem_limit == 33554432);
  assert_true (r.has_mem_swap && r.mem_swap == 67108864);
  assert_true (r.has_cpu_shares && r.cpu_shares == 1024);
  assert_false (r.has_cpu_rt);
  assert_string_equal (r.cpus, "0-1");
  assert_true (r.has_pids_limit && r.pids_limit == 0);
  assert_int_equal (r.blkio_weight, 500);
  assert_int_equal (r.n_weight_devices, 1);
  assert_int_equal (r.n_throttle[LC_THROTTLE_WRITE_BPS], 1);
  assert_int_equal (r.throttle[LC_THROTTLE_WRITE_BPS][0].rate, 1048576);
  assert_int_equal (r.n_hugepages, 1);
  assert_string_equal (r.hugepages[0].page_size, "2MB");
  assert_int_equal (r.n_rdma, 1);
  assert_true (r.rdma[0].has_handles && !r.rdma[0].has_objects);
  assert_int_equal (r.n_devices, 2);
  assert_int_equal (r.devices[0].type, 'a');
  assert_int_equal (r.devices[0].major, -1);
  assert_int_equal (r.devices[1].minor, 200);
  assert_string_equal (r.unified_keys[0], "memory.high");
  assert_int_equal (lc_cgroup_resources_validate (&r, &err), 0);
  assert_int_equal (lc_cgroup_needed_controllers (&r), 0x7f);
  lc_cgroup_resources_clear (&r);
}

static void
expect_bad (const char *json, const char *needle)
{
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };
  int ret = parse (json, &r, &err);
  if (ret == 0)
    {
      ret = lc_cgroup_resources_validate (&r, &err);
      lc_cgroup_resources_clear (&r);
    }
  assert_int_equal (ret, -EINVAL);
  if (!strstr (err.msg, needle))
    fail_msg ("'%s' not in '%s'", needle, err.msg);
}

static void
test_parse_bad (void **state)
{
  (void) state;
  expect_bad ("{\"blockIO\":{\"weight\":-5}}", "blockIO.weight");
  expect_bad ("{\"blockIO\":{\"weight\":5}}", "outside [10, 1000]");
  expect_bad ("{\"cpu\":{\"shares\":-1}}", "cpu.shares");
  expect_bad ("{\"cpu\":{\"shares\":1}}", "cpu.shares");
  expect_bad ("{\"cpu\":{\"cpus\":\"0-\"}}", "cpu.cpus");
  expect_bad ("{\"cpu\":{\"realtimeRuntime\":950000}}", "realtime");
  expect_bad ("{\"unified\":{\"../memory.max\":\"1\"}}", "invalid key");
  expect_bad ("{\"unified\":{\"memory.max\":3}}", "expected a string");
  expect_bad ("{\"memory\":{\"limit\":100,\"swap\":50}}", "memory.swap");
  expect_bad ("{\"memory\":{\"swap\":50,\"limit\":\"x\"}}", "memory.limit");
  expect_bad ("{\"network\":{\"classID\":1}}", "net_cls");
  expect_bad ("{\"hugepageLimits\":[{\"pageSize\":\"2XB\",\"limit\":1}]}",
              "pageSize");
  /* found by fuzz-resources: a size without unit was read past its end */
  expect_bad ("{\"hugepageLimits\":[{\"pageSize\":\"2\",\"limit\":1}]}",
              "pageSize");
  expect_bad ("{\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]}",
              "devices[0].access");
  expect_bad ("{\"devices\":[{\"access\":\"r\"}]}", "devices[0].allow");
  expect_bad ("[1]", "expected an object");
}

static void
test_parse_whole_config (void **state)
{
  const char *j = "{\"ociVersion\":\"1.3.0\",\"linux\":{\"resources\":"
                  "{\"pids\":{\"limit\":-1}}}}";
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };
  (void) state;
  assert_int_equal (lc_cgroup_resources_parse (j, strlen (j), true, &r, &err),
                    0);
  assert_true (r.has_pids_limit && r.pids_limit == -1);
  lc_cgroup_resources_clear (&r);
  assert_int_equal (lc_cgroup_resources_parse ("{}", 2, true, &r, &err), 0);
  assert_false (lc_cgroup_resources_any (&r, false));
}

/* --- device program: a tiny interpreter for what the builder emits ------- */

static int
run_prog (const struct bpf_insn *p, size_t n, unsigned type, unsigned access,
          unsigned major, unsigned minor)
{
  uint32_t ctx[3] = { (access << 16) | type, major, minor };
  uint64_t reg[11] = { 0 };
  size_t pc = 0;

  reg[1] = (uint64_t) (uintptr_t) ctx;
  while (pc < n)
    {
      const struct bpf_insn *i = &p[pc++];
      uint64_t src = (BPF_SRC (i->code) == BPF_X)
                         ? reg[i->src_reg]
                         : (uint64_t) (int64_t) i->imm;
      switch (i->code)
        {
        case BPF_LDX | BPF_MEM | BPF_W:
          assert_int_equal (i->src_reg, 1);
          reg[i->dst_reg] = ctx[i->off / 4];
          break;
        case BPF_ALU | BPF_AND | BPF_K:
          reg[i->dst_reg] = (uint32_t) (reg[i->dst_reg] & src);
          break;
        case BPF_ALU | BPF_RSH | BPF_K:
          reg[i->dst_reg] = (uint32_t) reg[i->dst_reg] >> i->imm;
          break;
        case BPF_ALU64 | BPF_MOV | BPF_X:
        case BPF_ALU64 | BPF_MOV | BPF_K:
          reg[i->dst_reg] = src;
          break;
        case BPF_JMP | BPF_JNE | BPF_K:
        case BPF_JMP | BPF_JNE | BPF_X:
          if (reg[i->dst_reg] != src)
            pc += (size_t) i->off;
          break;
        case BPF_JMP | BPF_JEQ | BPF_K:
          if (reg[i->dst_reg] == src)
            pc += (size_t) i->off;
          break;
        case BPF_JMP | BPF_EXIT:
          return (int) reg[0];
        default:
          fail_msg ("unexpected opcode 0x%x", i->code);
        }
    }
  fail_msg ("fell off the end of the program");
  return -1;
}

#define C BPF_DEVCG_DEV_CHAR
#define B BPF_DEVCG_DEV_BLOCK
#define R BPF_DEVCG_ACC_READ
#define W BPF_DEVCG_ACC_WRITE
#define M BPF_DEVCG_ACC_MKNOD

static int
verdict (const struct lc_device_rule *rules, size_t n, unsigned type,
         unsigned acc, unsigned major, unsigned minor)
{
  cleanup_free struct bpf_insn *p = NULL;
  size_t np;
  struct lc_err err = { 0 };
  assert_int_equal (lc_cgroup_devices_program (rules, n, &p, &np, &err), 0);
  return run_prog (p, np, type, acc, major, minor);
}

static void
test_devices_default (void **state)
{
  (void) state;
  /* empty list: deny all but the standard nodes */
  assert_int_equal (verdict (NULL, 0, C, R | W, 1, 3), 1);
  assert_int_equal (verdict (NULL, 0, C, R, 136, 7), 1);
  assert_int_equal (verdict (NULL, 0, C, R, 1, 1), 0); /* /dev/mem */
  assert_int_equal (verdict (NULL, 0, B, R, 8, 0), 0);
  assert_int_equal (verdict (NULL, 0, C, R, 10, 200), 0);
}

static void
test_devices_one_allow (void **state)
{
  /* a linux.devices entry alone: the baseline stays below it */
  struct lc_device_rule ram[] = { { true, 'b', 1, 0, "rwm" } };
  (void) state;
  assert_int_equal (verdict (ram, 1, B, W, 1, 0), 1);
  assert_int_equal (verdict (ram, 1, C, W, 1, 3), 1);
  assert_int_equal (verdict (ram, 1, B, W, 1, 1), 0);
}

static void
test_devices_podman (void **state)
{
  /* podman: a lone deny-all, which keeps the standard nodes usable */
  struct lc_device_rule deny_all[] = { { false, 'a', -1, -1, "rwm" } };
  /* containerd-like: deny-all, then specific allows; a later deny wins */
  struct lc_device_rule list[] = {
    { false, 'a', -1, -1, "rwm" },
    { true, 'c', 10, 200, "rw" },
    { true, 'b', -1, -1, "m" },
    { false, 'c', 1, 5, "w" },
  };
  (void) state;
  assert_int_equal (verdict (deny_all, 1, C, R | W, 1, 3), 1);
  assert_int_equal (verdict (deny_all, 1, C, W, 5, 2), 1);
  assert_int_equal (verdict (deny_all, 1, C, R, 10, 200), 0);
  assert_int_equal (verdict (list, 4, C, R | W, 10, 200), 1);
  assert_int_equal (verdict (list, 4, C, M, 10, 200), 0); /* not in "rw" */
  assert_int_equal (verdict (list, 4, B, M, 7, 3), 1);
  assert_int_equal (verdict (list, 4, B, R, 7, 3), 0);
  assert_int_equal (verdict (list, 4, C, R, 1, 5), 1);
  assert_int_equal (verdict (list, 4, C, R | W, 1, 5), 0); /* overlap: deny */
}

static void
test_devices_allow_all (void **state)
{
  struct lc_device_rule all[]
      = { { true, 'a', -1, -1, "rwm" }, { false, 'b', 8, -1, "rwm" } };
  (void) state;
  assert_int_equal (verdict (all, 2, C, R | W | M, 4, 1), 1);
  assert_int_equal (verdict (all, 2, B, R, 8, 16), 0);
  assert_int_equal (verdict (all, 2, B, R, 9, 0), 1);
}

/* --- apply into a directory standing in for a cgroup ----------------------
 */

struct fake
{
  char dir[64];
  struct lc_cgroup cg;
};

static const char *const files[] = { "cgroup.controllers",
                                     "cgroup.procs",
                                     "cgroup.freeze",
                                     "cgroup.events",
                                     "memory.max",
                                     "memory.low",
                                     "memory.swap.max",
                                     "memory.current",
                                     "cpu.weight",
                                     "cpu.max",
                                     "cpu.max.burst",
                                     "cpu.idle",
                                     "cpuset.cpus",
                                     "cpuset.mems",
                                     "pids.max",
                                     "io.weight",
                                     "io.max",
                                     "hugetlb.2MB.max",
                                     "hugetlb.2MB.rsvd.max",
                                     "rdma.max",
                                     "memory.high",
                                     NULL };

static void
put_file (int dirfd, const char *name, const char *text)
{
  int fd
      = openat (dirfd, name, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  assert_true (fd >= 0);
  assert_int_equal (write (fd, text, strlen (text)), (ssize_t) strlen (text));
  close (fd);
}

static char *
get_file (struct fake *f, const char *name)
{
  char *buf = NULL;
  assert_int_equal (
      lc_read_file_at (f->cg.dirfd, name, 4096, &buf, NULL, NULL), 0);
  return buf;
}

static int
setup_fake (void **state)
{
  struct fake *f = calloc (1, sizeof *f);
  struct lc_err err = { 0 };
  int dfd;

  snprintf (f->dir, sizeof f->dir, "/tmp/hull-test-cgroup-XXXXXX");
  assert_non_null (mkdtemp (f->dir));
  assert_int_equal (mkdirat (AT_FDCWD, f->dir, 0755) == 0 || errno == EEXIST,
                    1);
  dfd = open (f->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  assert_true (dfd >= 0);
  assert_int_equal (mkdirat (dfd, "c1", 0755), 0);
  close (dfd);
  assert_int_equal (lc_cgroup_open (f->dir, "/c1", &f->cg, &err), 0);
  for (size_t i = 0; files[i]; i++)
    put_file (f->cg.dirfd, files[i], "");
  put_file (f->cg.dirfd, "cgroup.controllers",
            "cpuset cpu io memory hugetlb pids rdma\n");
  put_file (f->cg.dirfd, "cpu.max", "max 1");
  *state = f;
  return 0;
}

static int
teardown_fake (void **state)
{
  struct fake *f = *state;
  char cmd[128];
  lc_cgroup_close (&f->cg);
  snprintf (cmd, sizeof cmd, "rm -rf '%s'", f->dir);
  assert_int_equal (system (cmd), 0);
  free (f);
  return 0;
}

static void
assert_file (struct fake *f, const char *name, const char *want)
{
  cleanup_free char *got = get_file (f, name);
  if (strcmp (got, want) != 0)
    fail_msg ("%s: got '%s', want '%s'", name, got, want);
}

static void
test_apply_all (void **state)
{
  struct fake *f = *state;
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };
  const char *j
      = "{\"memory\":{\"limit\":33554432,\"swap\":67108864,"
        "\"reservation\":16777216},"
        "\"cpu\":{\"shares\":1024,\"quota\":20000,\"period\":50000,"
        "\"burst\":1000,\"idle\":1,\"cpus\":\"0-1\",\"mems\":\"0\"},"
        "\"pids\":{\"limit\":0},"
        "\"blockIO\":{\"weight\":500,\"throttleWriteBpsDevice\":[{\"major\":"
        "1,\"minor\":0,\"rate\":1048576}]},"
        "\"hugepageLimits\":[{\"pageSize\":\"2MB\",\"limit\":4194304}],"
        "\"rdma\":{\"mlx4_0\":{\"hcaHandles\":2}},"
        "\"unified\":{\"memory.high\":\"30000000\"}}";

  assert_int_equal (parse (j, &r, &err), 0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err), 0);
  lc_cgroup_resources_clear (&r);
  assert_file (f, "memory.max", "33554432");
  assert_file (f, "memory.low", "16777216");
  assert_file (f, "memory.swap.max", "33554432");
  assert_file (f, "cpu.weight", "39");
  assert_file (f, "cpu.max", "20000 50000");
  assert_file (f, "cpu.max.burst", "1000");
  assert_file (f, "cpu.idle", "1");
  assert_file (f, "cpuset.cpus", "0-1");
  assert_file (f, "cpuset.mems", "0");
  assert_file (f, "pids.max", "0");
  assert_file (f, "io.weight", "default 4950");
  assert_file (f, "io.max", "1:0 wbps=1048576");
  assert_file (f, "hugetlb.2MB.max", "4194304");
  assert_file (f, "hugetlb.2MB.rsvd.max", "4194304");
  assert_file (f, "rdma.max", "mlx4_0 hca_handle=2 hca_object=max");
  assert_file (f, "memory.high", "30000000");
}

static void
test_apply_partial (void **state)
{
  struct fake *f = *state;
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };

  /* update --cpu-quota alone keeps the period in force (a regular file
   * is not truncated by the write: the values below are sized so that
   * each write covers the previous content) */
  put_file (f->cg.dirfd, "cpu.max", "max 20000");
  assert_int_equal (parse ("{\"cpu\":{\"quota\":5000}}", &r, &err), 0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err), 0);
  lc_cgroup_resources_clear (&r);
  assert_file (f, "cpu.max", "5000 20000");
  /* swap alone uses the memory.max in force */
  put_file (f->cg.dirfd, "memory.max", "1000");
  assert_int_equal (parse ("{\"memory\":{\"swap\":3000}}", &r, &err), 0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err), 0);
  lc_cgroup_resources_clear (&r);
  assert_file (f, "memory.swap.max", "2000");
  /* -1 means max */
  put_file (f->cg.dirfd, "memory.max", "");
  put_file (f->cg.dirfd, "memory.swap.max", "");
  assert_int_equal (parse ("{\"pids\":{\"limit\":-1},\"memory\":{\"limit\":"
                           "-1}}",
                           &r, &err),
                    0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err), 0);
  lc_cgroup_resources_clear (&r);
  assert_file (f, "pids.max", "max");
  assert_file (f, "memory.max", "max");
  assert_file (f, "memory.swap.max", "max");
}

static void
test_apply_errors (void **state)
{
  struct fake *f = *state;
  struct lc_cgroup_resources r;
  struct lc_err err = { 0 };

  assert_int_equal (
      parse ("{\"unified\":{\"memory.nosuch\":\"1\"}}", &r, &err), 0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err), -EINVAL);
  assert_non_null (strstr (err.msg, "unified.memory.nosuch"));
  lc_cgroup_resources_clear (&r);
  /* a controller missing from cgroup.controllers is named */
  put_file (f->cg.dirfd, "cgroup.controllers", "hugetlb\n");
  assert_int_equal (parse ("{\"memory\":{\"limit\":1000}}", &r, &err), 0);
  assert_int_equal (lc_cgroup_apply_full (&f->cg, &r, false, &err),
                    -EOPNOTSUPP);
  assert_non_null (strstr (err.msg, "memory controller"));
  lc_cgroup_resources_clear (&r);
  assert_file (f, "memory.max", "");
}

static void
test_state_form (void **state)
{
  struct fake *f = *state;
  struct lc_cgroup cg;
  struct lc_err err = { 0 };
  cleanup_free char *s = lc_cgroup_format_state (&f->cg);
  cleanup_free char *want = lc_xasprintf ("%s:/c1", f->dir);
  (void) state;
  assert_string_equal (s, want);
  assert_int_equal (lc_cgroup_open_state (s, &cg, &err), 0);
  assert_string_equal (cg.path, "/c1");
  assert_true (cg.dirfd >= 0);
  lc_cgroup_close (&cg);
  assert_int_equal (lc_cgroup_open (f->dir, "/../etc", &cg, &err), -EINVAL);
  assert_int_equal (lc_cgroup_open (f->dir, "/nosuch", &cg, &err), -ENOENT);
}

/* The recorded cgroup: 0 opened, 1 none recorded, -errno when it is
 * recorded but cannot be opened. */
static void
test_container_open (void **state)
{
  struct fake *f = *state;
  struct lc_state st = { 0 };
  struct lc_cgroup cg;
  struct lc_err err = { 0 };
  cleanup_free char *rec = lc_cgroup_format_state (&f->cg);
  cleanup_free char *gone = lc_xasprintf ("%s:/nosuch", f->dir);

  assert_int_equal (lc_container_cgroup_open (&st, &cg, &err), 1);
  assert_int_equal (cg.dirfd, -1);
  lc_cgroup_close (&cg);
  st.cgroup_path = (char *) "";
  assert_int_equal (lc_container_cgroup_open (&st, &cg, &err), 1);
  st.cgroup_path = rec;
  assert_int_equal (lc_container_cgroup_open (&st, &cg, &err), 0);
  assert_string_equal (cg.path, "/c1");
  assert_true (cg.dirfd >= 0);
  lc_cgroup_close (&cg);
  st.cgroup_path = gone;
  assert_int_equal (lc_container_cgroup_open (&st, &cg, &err), -ENOENT);
}

static void
test_frozen_events (void **state)
{
  struct fake *f = *state;
  struct lc_err err = { 0 };
  put_file (f->cg.dirfd, "cgroup.events", "populated 1\nfrozen 1\n");
  assert_true (lc_cgroup_is_frozen (&f->cg));
  /* frozen already 1: freeze returns at once and wrote the file */
  assert_int_equal (lc_cgroup_freeze (&f->cg, true, &err), 0);
  assert_file (f, "cgroup.freeze", "1");
  put_file (f->cg.dirfd, "cgroup.events", "populated 1\nfrozen 0\n");
  assert_false (lc_cgroup_is_frozen (&f->cg));
}

static void
test_pids (void **state)
{
  struct fake *f = *state;
  struct lc_err err = { 0 };
  pid_t *v = NULL;
  size_t n = 0;
  int sub;

  put_file (f->cg.dirfd, "cgroup.procs", "30\n10\n");
  assert_int_equal (mkdirat (f->cg.dirfd, "inner", 0755), 0);
  sub = openat (f->cg.dirfd, "inner", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  put_file (sub, "cgroup.procs", "20\n");
  close (sub);
  assert_int_equal (lc_cgroup_pids (&f->cg, &v, &n, &err), 0);
  assert_int_equal (n, 3);
  assert_int_equal (v[0], 10);
  assert_int_equal (v[1], 20);
  assert_int_equal (v[2], 30);
  free (v);
}

int
main (void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test (test_parse_syntax_error_path),
    cmocka_unit_test (test_of_pid),
    cmocka_unit_test (test_shares),
    cmocka_unit_test (test_blkio_weight),
    cmocka_unit_test (test_swap),
    cmocka_unit_test (test_cpu_max),
    cmocka_unit_test (test_cpu_list),
    cmocka_unit_test (test_unified_key),
    cmocka_unit_test (test_parse_size),
    cmocka_unit_test (test_parse_full),
    cmocka_unit_test (test_parse_bad),
    cmocka_unit_test (test_parse_whole_config),
    cmocka_unit_test (test_devices_default),
    cmocka_unit_test (test_devices_one_allow),
    cmocka_unit_test (test_devices_podman),
    cmocka_unit_test (test_devices_allow_all),
    cmocka_unit_test_setup_teardown (test_apply_all, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_apply_partial, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_apply_errors, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_state_form, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_container_open, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_frozen_events, setup_fake,
                                     teardown_fake),
    cmocka_unit_test_setup_teardown (test_pids, setup_fake, teardown_fake),
  };
  return cmocka_run_group_tests (tests, NULL, NULL);
}
