/* fault.c - stop dead at a named stage (built only with fault_injection). */
#include "fault.h"

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void
trace (const char *path, const char *stage)
{
  char line[128];
  size_t n = strlen (stage);
  int fd = open (path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0)
    return;
  /* One write per line: O_APPEND keeps lines whole across processes. */
  if (n < sizeof line - 1)
    {
      memcpy (line, stage, n);
      line[n] = '\n';
      (void) lc_write_all (fd, line, n + 1);
    }
  lc_close (fd);
}

void
lc_fault_point (const char *stage)
{
  const char *want = getenv ("HULL_FAULT");
  const char *trace_path = getenv ("HULL_FAULT_TRACE");

  if (trace_path && *trace_path)
    trace (trace_path, stage);
  if (want && !strcmp (want, stage))
    {
      /* SIGKILL cannot be caught or blocked: no handler, no atexit, no
       * cleanup runs, exactly as if the OOM killer or a power cut hit.
       * The init of a new pid namespace (the init cloned with it, before
       * it is set up) cannot kill itself: the kernel drops the signal.
       * It leaves at once instead, as dead: _exit runs no handler either. */
      (void) kill (getpid (), SIGKILL);
      _exit (128 + SIGKILL);
    }
}
