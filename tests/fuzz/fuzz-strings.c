/* fuzz-strings.c - the small parsers behind CLI arguments and cgroup
 * values: container ids, signal names/numbers, sizes, cpu lists, unified
 * keys, integers, /proc/PID/smaps text.  The first byte picks the parser; the
 * rest is the string (cut at the first NUL, as it would be in argv). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "memtrim.h"
#include "seccomp.h"
#include "signals.h"
#include "util.h"
#include "validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static void
run_one (unsigned which, const char *s)
{
  struct lc_memtrim_range ranges[4];
  struct lc_err err;
  unsigned long long u;
  long long i;
  int64_t sz;
  uint32_t act;
  int op, sig;

  switch (which % 9)
    {
    case 0:
      (void) lc_validate_id (s, &err);
      break;
    case 1:
      sig = lc_signal_parse (s);
      if (sig > 0)
        (void) lc_signal_name (sig);
      break;
    case 2:
      (void) lc_cgroup_parse_size (s, &sz);
      break;
    case 3:
      (void) lc_cgroup_check_cpu_list (s);
      break;
    case 4:
      (void) lc_cgroup_check_unified_key (s, &err);
      break;
    case 5:
      (void) lc_parse_u64 (s, &u);
      break;
    case 6:
      (void) lc_parse_i64 (s, &i);
      break;
    case 7:
      (void) lc_seccomp_action_from_name (s, &act);
      (void) lc_seccomp_op_from_name (s, &op);
      break;
    default:
      (void) lc_memtrim_parse (s, ranges, sizeof ranges / sizeof *ranges);
      break;
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *s;

  if (size < 1)
    return 0;
  s = malloc (size);
  if (!s)
    return 0;
  memcpy (s, data + 1, size - 1);
  s[size - 1] = '\0';
  run_one (data[0], s);
  /* Every signal number maps back to a name that parses to it. */
  if (data[0] == 0xff && size > 1)
    {
      int sig = data[1] % 70;
      const char *name = lc_signal_name (sig);
      if (name && sig > 0 && lc_signal_parse (name) != sig)
        abort ();
    }
  free (s);
  return 0;
}
