/* memtrim.c - drop what an idle supervisor keeps resident from set-up.
 *
 * Creating and starting a container touches most of libc's, the loader's
 * and hull's code and constants; every page touched stays mapped, and
 * with large page-cache folios whole folios do.  The supervisor's loop
 * needs a small part of it.  For a private, read-only file mapping with
 * no copied-on-write page, MADV_DONTNEED only removes page-table entries:
 * the pages stay in the page cache, shared, and the next touch maps the
 * same content back.  Writable mappings and any mapping holding an
 * anonymous page (relocated RELRO, text patched at load) are left alone,
 * since dropping those would bring back the file's bytes. */
#include "memtrim.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "util.h"

#define SMAPS_MAX (16u << 20)
#define RANGES_MAX 256

struct vma
{
  unsigned long start, end, inode;
  bool candidate; /* private, read-only, file-backed */
  bool seen_anon, seen_swap, seen_flags, anon, resident, special;
};

/* "start-end perms offset dev inode [path]"; 0 if line is not a header. */
static int
parse_header (const char *line, struct vma *v)
{
  char perms[5];
  int n = 0;

  memset (v, 0, sizeof *v);
  if (sscanf (line, "%lx-%lx %4s %*x %*x:%*x %lu%n", &v->start, &v->end, perms,
              &v->inode, &n)
          != 4
      || n == 0 || v->end <= v->start || strlen (perms) != 4)
    return 0;
  v->candidate
      = perms[0] == 'r' && perms[1] == '-' && perms[3] == 'p' && v->inode != 0;
  return 1;
}

/* Does the VmFlags line hold a two-letter flag? */
static bool
has_flag (const char *flags, const char *f)
{
  for (const char *p = flags; (p = strstr (p, f)) != NULL; p += 2)
    if ((p == flags || p[-1] == ' ')
        && (p[2] == ' ' || p[2] == '\n' || p[2] == '\0'))
      return true;
  return false;
}

static void
parse_field (const char *line, struct vma *v)
{
  unsigned long kb;

  if (sscanf (line, "Rss: %lu kB", &kb) == 1)
    v->resident = kb > 0;
  else if (sscanf (line, "Anonymous: %lu kB", &kb) == 1)
    {
      v->seen_anon = true;
      v->anon = v->anon || kb > 0;
    }
  else if (sscanf (line, "Swap: %lu kB", &kb) == 1)
    {
      /* A copied page swapped out counts here, not under Anonymous. */
      v->seen_swap = true;
      v->anon = v->anon || kb > 0;
    }
  else if (strncmp (line, "VmFlags:", 8) == 0)
    {
      const char *f = line + 8;
      v->seen_flags = true;
      /* locked, PFN map, I/O, mixed map: not ordinary page-cache pages. */
      v->special = has_flag (f, "lo") || has_flag (f, "pf")
                   || has_flag (f, "io") || has_flag (f, "mm");
    }
}

static bool
droppable (const struct vma *v)
{
  return v->candidate && v->seen_anon && v->seen_swap && !v->anon
         && v->seen_flags && !v->special && v->resident;
}

static void
store (const struct vma *v, struct lc_memtrim_range *out, size_t max,
       size_t *n)
{
  if (droppable (v) && *n < max)
    out[(*n)++] = (struct lc_memtrim_range){ v->start, v->end };
}

size_t
lc_memtrim_parse (const char *smaps, struct lc_memtrim_range *out, size_t max)
{
  struct vma v = { 0 }, next;
  size_t n = 0;

  for (const char *p = smaps; p && *p;)
    {
      /* One line, NUL-terminated; a longer one keeps its start, which
       * holds everything read here (a header's path is not). */
      char line[LINE_MAX];
      const char *eol = strchr (p, '\n');
      size_t len = eol ? (size_t) (eol - p) : strlen (p);
      if (len >= sizeof line)
        len = sizeof line - 1;
      memcpy (line, p, len);
      line[len] = '\0';
      p = eol ? eol + 1 : NULL;
      if (parse_header (line, &next))
        {
          store (&v, out, max, &n);
          v = next;
        }
      else
        parse_field (line, &v);
    }
  store (&v, out, max, &n);
  return n;
}

/* 1 when this process has a single thread, 0 when more, -errno. */
static int
single_threaded (struct lc_err *err)
{
  char *status = NULL;
  const char *t;
  unsigned long n = 0;
  int r;

  r = lc_read_file_at (AT_FDCWD, "/proc/self/status", 64 * 1024, &status, NULL,
                       err);
  if (r < 0)
    return r;
  t = strstr (status, "\nThreads:");
  r = t && sscanf (t, "\nThreads: %lu", &n) == 1 && n == 1;
  free (status);
  return r;
}

int
lc_memtrim (struct lc_err *err)
{
  struct lc_memtrim_range ranges[RANGES_MAX];
  char *smaps = NULL;
  size_t n;
  int r;

  /* Another thread could write a page between the read and the madvise,
   * and the write would be lost. */
  r = single_threaded (err);
  if (r <= 0)
    return r;
  r = lc_read_file_at (AT_FDCWD, "/proc/self/smaps", SMAPS_MAX, &smaps, NULL,
                       err);
  if (r < 0)
    return r;
  n = lc_memtrim_parse (smaps, ranges, RANGES_MAX);
  free (smaps);
  /* After the free: the buffer was the largest allocation in a while. */
  (void) malloc_trim (0);
  for (size_t i = 0; i < n; i++)
    if (madvise ((void *) ranges[i].start, ranges[i].end - ranges[i].start,
                 MADV_DONTNEED)
        < 0)
      return lc_err_set (err, errno, "madvise %lx-%lx", ranges[i].start,
                         ranges[i].end);
  return (int) n;
}
