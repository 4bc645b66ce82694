/* fuzz-process.c - the process object of `exec --process FILE`. */
#include <stddef.h>
#include <stdint.h>

#include "spec.h"
#include "validate.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct lc_process *p = NULL;
  struct lc_err err;

  if (lc_process_parse ((const char *) data, size, &p, &err) < 0)
    return 0;
  (void) lc_process_validate (p, &err);
  lc_process_free (p);
  return 0;
}
