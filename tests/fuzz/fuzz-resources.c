/* fuzz-resources.c - the resources JSON of `update -r FILE` (first input
 * byte odd: a whole config.json, whose linux.resources is taken), then
 * the pure checks and the controllers it would need. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cgroup.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct lc_cgroup_resources res;
  struct lc_err err;
  bool whole;

  if (size < 1)
    return 0;
  whole = data[0] & 1;
  if (lc_cgroup_resources_parse ((const char *) data + 1, size - 1, whole,
                                 &res, &err)
      < 0)
    return 0;
  (void) lc_cgroup_resources_validate (&res, &err);
  (void) lc_cgroup_resources_any (&res, false);
  (void) lc_cgroup_needed_controllers (&res);
  lc_cgroup_resources_clear (&res);
  return 0;
}
