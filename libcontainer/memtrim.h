/* memtrim.h - give back what a long-lived idle process (the supervisor)
 * keeps resident from its set-up: free heap, and the page-table entries
 * of clean, read-only file mappings (code and constants of hull and its
 * libraries), which come back on the next touch. */
#ifndef LC_MEMTRIM_H
#define LC_MEMTRIM_H

#include <stddef.h>

#include "error.h"

struct lc_memtrim_range
{
  unsigned long start, end;
};

/* Pure: parse the text of /proc/PID/smaps (NUL-terminated) and store, up
 * to max of them, the mappings whose resident pages can be dropped and
 * refaulted unchanged: private, not writable, backed by a file (inode
 * not 0), no anonymous (copied-on-write) page resident or swapped out, not
 * locked, not a PFN or I/O mapping, something resident.  A mapping whose
 * Anonymous, Swap or VmFlags line is missing is left alone.  Returns how many
 * were stored. */
size_t lc_memtrim_parse (const char *smaps, struct lc_memtrim_range *out,
                         size_t max);

/* MADV_DONTNEED on every range lc_memtrim_parse finds in
 * /proc/self/smaps, and malloc_trim.  Only in a single-threaded process
 * (another thread could write a page between the read and the madvise):
 * with more threads it does nothing and returns 0.  Returns the number of
 * ranges dropped, or -errno with err set. */
int lc_memtrim (struct lc_err *err);

#endif
