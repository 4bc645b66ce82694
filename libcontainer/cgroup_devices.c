/* cgroup_devices.c - linux.resources.devices as a cgroup v2 device eBPF
 * program (BPF_PROG_TYPE_CGROUP_DEVICE), written as an instruction array and
 * loaded with bpf(2) directly (no libbpf).
 *
 * Semantics: the rules apply in order and the last matching one decides.
 * Below them lies the baseline every established runtime uses: deny
 * everything except the standard nodes.  A deny-all rule ("a", wildcards,
 * "rwm") resets to that baseline (the standard nodes follow it as allow
 * rules), so podman's lone deny-all still lets the container open
 * /dev/null, and a later rule can still deny one of them.  An allow rule
 * matches when the request is within its access letters; a deny rule when they
 * overlap.
 *
 * The program is emitted from the last rule to the first, each rule a block
 * that jumps to the next block on mismatch and returns its verdict on
 * match.  No map, no helper call: it loads without RLIMIT_MEMLOCK headroom
 * on kernels that charge BPF memory to the cgroup (>= 5.11). */
#include "cgroup.h"

#include <errno.h>
#include <linux/bpf.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util.h"

#define MAX_INSNS 65536

static const struct lc_device_rule std_rules[] = {
  { true, 'c', 1, 3, "rwm" },    /* null */
  { true, 'c', 1, 5, "rwm" },    /* zero */
  { true, 'c', 1, 7, "rwm" },    /* full */
  { true, 'c', 1, 8, "rwm" },    /* random */
  { true, 'c', 1, 9, "rwm" },    /* urandom */
  { true, 'c', 5, 0, "rwm" },    /* tty */
  { true, 'c', 5, 1, "rwm" },    /* console */
  { true, 'c', 5, 2, "rwm" },    /* ptmx */
  { true, 'c', 136, -1, "rwm" }, /* pts/N */
};
#define N_STD (sizeof std_rules / sizeof std_rules[0])

struct prog
{
  struct bpf_insn *v;
  size_t n, cap;
};

static void
emit (struct prog *p, uint8_t code, uint8_t dst, uint8_t src, int16_t off,
      int32_t imm)
{
  struct bpf_insn *i;

  if (p->n == p->cap)
    {
      p->cap = p->cap ? p->cap * 2 : 64;
      p->v = lc_xrealloc (p->v, p->cap * sizeof *p->v);
    }
  i = &p->v[p->n++];
  memset (i, 0, sizeof *i);
  i->code = code;
  i->dst_reg = dst & 0xf;
  i->src_reg = src & 0xf;
  i->off = off;
  i->imm = imm;
}

static unsigned
access_bits (const char *a)
{
  unsigned b = 0;
  if (strchr (a, 'r'))
    b |= BPF_DEVCG_ACC_READ;
  if (strchr (a, 'w'))
    b |= BPF_DEVCG_ACC_WRITE;
  if (strchr (a, 'm'))
    b |= BPF_DEVCG_ACC_MKNOD;
  return b;
}

static bool
is_deny_all (const struct lc_device_rule *r)
{
  return !r->allow && r->type == 'a' && r->major < 0 && r->minor < 0
         && access_bits (r->access) == 7;
}

/* One rule's block.  Registers: r2 device type, r3 access, r4 major,
 * r5 minor (set by the preamble); r1 is scratch.  Returns true when the
 * block matches everything: what follows it would be unreachable, which
 * the verifier refuses. */
static bool
emit_rule (struct prog *p, const struct lc_device_rule *r)
{
  unsigned acc = access_bits (r->access);
  int16_t len = 2; /* mov r0; exit */
  int type = r->type == 'b' ? BPF_DEVCG_DEV_BLOCK : BPF_DEVCG_DEV_CHAR;

  if (acc == 0)
    return false; /* matches nothing */
  len += (r->type != 'a') + (acc != 7 ? 3 : 0) + (r->major >= 0)
         + (r->minor >= 0);
  if (r->type != 'a')
    emit (p, BPF_JMP | BPF_JNE | BPF_K, 2, 0, --len, type);
  if (acc != 7)
    {
      emit (p, BPF_ALU64 | BPF_MOV | BPF_X, 1, 3, 0, 0);
      emit (p, BPF_ALU | BPF_AND | BPF_K, 1, 0, 0, (int32_t) acc);
      len -= 2;
      if (r->allow) /* the request must be within the rule */
        emit (p, BPF_JMP | BPF_JNE | BPF_X, 1, 3, --len, 0);
      else /* any overlap denies */
        emit (p, BPF_JMP | BPF_JEQ | BPF_K, 1, 0, --len, 0);
    }
  if (r->major >= 0)
    emit (p, BPF_JMP | BPF_JNE | BPF_K, 4, 0, --len, (int32_t) r->major);
  if (r->minor >= 0)
    emit (p, BPF_JMP | BPF_JNE | BPF_K, 5, 0, --len, (int32_t) r->minor);
  emit (p, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, r->allow ? 1 : 0);
  emit (p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
  return r->type == 'a' && acc == 7 && r->major < 0 && r->minor < 0;
}

static void
emit_std (struct prog *p)
{
  for (size_t i = N_STD; i-- > 0;)
    (void) emit_rule (p, &std_rules[i]);
}

int
lc_cgroup_devices_program (const struct lc_device_rule *rules, size_t n,
                           struct bpf_insn **ret, size_t *ret_n,
                           struct lc_err *err)
{
  struct prog p = { 0 };
  bool done = false;

  if (n > 4096)
    return lc_err_setx (err, E2BIG, "linux.resources.devices: too many rules");
  for (size_t i = 0; i < n; i++)
    if (!strchr ("acb", rules[i].type) || rules[i].major > INT32_MAX
        || rules[i].minor > INT32_MAX)
      return lc_err_setx (err, EINVAL,
                          "linux.resources.devices[%zu]: "
                          "invalid rule",
                          i);
  /* preamble: r2 = type, r3 = access, r4 = major, r5 = minor */
  emit (&p, BPF_LDX | BPF_MEM | BPF_W, 2, 1, 0, 0);
  emit (&p, BPF_ALU | BPF_AND | BPF_K, 2, 0, 0, 0xffff);
  emit (&p, BPF_LDX | BPF_MEM | BPF_W, 3, 1, 0, 0);
  emit (&p, BPF_ALU | BPF_RSH | BPF_K, 3, 0, 0, 16);
  emit (&p, BPF_LDX | BPF_MEM | BPF_W, 4, 1, 4, 0);
  emit (&p, BPF_LDX | BPF_MEM | BPF_W, 5, 1, 8, 0);
  /* Last rule first: the first block that matches decides. */
  for (size_t i = n; i-- > 0 && !done;)
    {
      if (is_deny_all (&rules[i]))
        emit_std (&p);
      done = emit_rule (&p, &rules[i]);
    }
  if (!done)
    {
      emit_std (&p);
      emit (&p, BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
      emit (&p, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
    }
  if (p.n > MAX_INSNS)
    {
      free (p.v);
      return lc_err_setx (err, E2BIG,
                          "linux.resources.devices: program too "
                          "large");
    }
  *ret = p.v;
  *ret_n = p.n;
  return 0;
}

static int
sys_bpf (int cmd, union bpf_attr *attr)
{
  long r = syscall (SYS_bpf, cmd, attr, sizeof *attr);
  return r < 0 ? -errno : (int) r;
}

static int
load_program (const struct bpf_insn *insns, size_t n, struct lc_err *err)
{
  char log[2048] = "";
  union bpf_attr a;
  int fd;

  memset (&a, 0, sizeof a);
  a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
  a.insns = (uint64_t) (uintptr_t) insns;
  a.insn_cnt = (uint32_t) n;
  a.license = (uint64_t) (uintptr_t) "Apache";
  /* Without a log first: formatting the verifier log costs more than
   * the verification itself (docs/performance.md).  Only a rejected
   * program is loaded again, with the log, for the message. */
  fd = sys_bpf (BPF_PROG_LOAD, &a);
  if (fd == -EACCES || fd == -EINVAL)
    {
      int r;
      a.log_buf = (uint64_t) (uintptr_t) log;
      a.log_size = sizeof log;
      a.log_level = 1;
      r = sys_bpf (BPF_PROG_LOAD, &a);
      if (r >= 0) /* accepted this time: keep it */
        fd = r;
    }
  if (fd < 0)
    return lc_err_set (err, -fd, "load the device eBPF program%s%.200s",
                       log[0] ? " (verifier: " : "", log);
  return fd;
}

/* Programs attached to the cgroup itself (not inherited). */
static int
query_attached (int dirfd, uint32_t *ids, uint32_t cap, uint32_t *ret_n)
{
  union bpf_attr a;
  int r;

  memset (&a, 0, sizeof a);
  a.query.target_fd = (uint32_t) dirfd;
  a.query.attach_type = BPF_CGROUP_DEVICE;
  a.query.prog_ids = (uint64_t) (uintptr_t) ids;
  a.query.prog_cnt = cap;
  r = sys_bpf (BPF_PROG_QUERY, &a);
  if (r < 0)
    return r;
  *ret_n = a.query.prog_cnt < cap ? a.query.prog_cnt : cap;
  return 0;
}

static void
detach_old (int dirfd, const uint32_t *ids, uint32_t n)
{
  for (uint32_t i = 0; i < n; i++)
    {
      union bpf_attr a;
      int pfd;

      memset (&a, 0, sizeof a);
      a.prog_id = ids[i];
      pfd = sys_bpf (BPF_PROG_GET_FD_BY_ID, &a);
      if (pfd < 0)
        continue;
      memset (&a, 0, sizeof a);
      a.target_fd = (uint32_t) dirfd;
      a.attach_bpf_fd = (uint32_t) pfd;
      a.attach_type = BPF_CGROUP_DEVICE;
      (void) sys_bpf (BPF_PROG_DETACH, &a);
      close (pfd);
    }
}

int
lc_cgroup_devices_apply (int dirfd, const struct lc_device_rule *rules,
                         size_t n, struct lc_err *err)
{
  cleanup_free struct bpf_insn *insns = NULL;
  cleanup_close int pfd = -1;
  uint32_t old[64];
  uint32_t n_old = 0;
  union bpf_attr a;
  size_t n_insns;
  int r;

  r = lc_cgroup_devices_program (rules, n, &insns, &n_insns, err);
  if (r < 0)
    return r;
  pfd = load_program (insns, n_insns, err);
  if (pfd < 0)
    return pfd;
  if (query_attached (dirfd, old, 64, &n_old) < 0)
    n_old = 0;
  memset (&a, 0, sizeof a);
  a.target_fd = (uint32_t) dirfd;
  a.attach_bpf_fd = (uint32_t) pfd;
  a.attach_type = BPF_CGROUP_DEVICE;
  a.attach_flags = BPF_F_ALLOW_MULTI;
  r = sys_bpf (BPF_PROG_ATTACH, &a);
  if (r < 0)
    return lc_err_set (err, -r, "attach the device eBPF program");
  /* The new program is in place before the old ones go: no window in
   * which the container's device access is unrestricted. */
  detach_old (dirfd, old, n_old);
  return 0;
}
