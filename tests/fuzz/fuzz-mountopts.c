/* fuzz-mountopts.c - mounts[].options: the input is split on newlines
 * (so options may contain commas and '=') into the option array. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mounts.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_OPTS 64

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  char *opts[MAX_OPTS + 1];
  struct lc_mount_flags f;
  struct lc_err err;
  size_t n = 0;
  char *buf, *save = NULL;

  buf = malloc (size + 1);
  if (!buf)
    return 0;
  memcpy (buf, data, size);
  buf[size] = '\0';
  for (char *o = strtok_r (buf, "\n", &save); o && n < MAX_OPTS;
       o = strtok_r (NULL, "\n", &save))
    opts[n++] = o;
  opts[n] = NULL;
  if (lc_mount_parse_options (opts, "mounts[0].options", &f, &err) >= 0)
    lc_mount_flags_clear (&f);
  free (buf);
  return 0;
}
