/* fuzz-state.c - <root>/<id>/state.json as read back by every command,
 * then rendered as the OCI state document.  The reader takes a directory
 * fd: each input is written to state.json in a private temporary dir. */
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "state.h"
#include "util.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static char dir_path[] = "/tmp/hull-fuzz-state.XXXXXX";
static int dir_fd = -1;

static void
remove_dir (void)
{
  (void) unlinkat (dir_fd, "state.json", 0);
  (void) rmdir (dir_path);
}

static void
open_dir (void)
{
  if (!mkdtemp (dir_path))
    abort ();
  dir_fd = open (dir_path, O_DIRECTORY | O_RDONLY | O_CLOEXEC);
  if (dir_fd < 0)
    abort ();
  atexit (remove_dir);
}

static void
put_state (const uint8_t *data, size_t size)
{
  int fd = openat (dir_fd, "state.json",
                   O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0 || lc_write_all (fd, data, size) < 0)
    abort ();
  lc_close (fd);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  struct lc_state st;
  struct lc_err err;

  if (dir_fd < 0)
    open_dir ();
  put_state (data, size);
  if (lc_state_read (dir_fd, &st, &err) < 0)
    return 0;
  free (lc_state_to_oci_json (&st, LC_STATUS_CREATED, true));
  free (lc_state_to_oci_json (&st, LC_STATUS_STOPPED, false));
  lc_state_clear (&st);
  return 0;
}
