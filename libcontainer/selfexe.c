/* selfexe.c - re-execute hull from a sealed memfd copy of itself (see
 * selfexe.h for why). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "selfexe.h"
#include "util.h"

#ifndef MFD_EXEC
#define MFD_EXEC 0x0010U
#endif

#define SEALS (F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE)

extern char **environ;

bool
lc_selfexe_is_sealed (void)
{
  cleanup_close int fd = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  int seals;

  if (fd < 0)
    return false;
  /* F_GET_SEALS fails with EINVAL on anything but memfd/shmem files, so a
   * regular binary on disk can never pass. */
  seals = fcntl (fd, F_GET_SEALS);
  return seals >= 0 && (seals & SEALS) == SEALS;
}

/* Copy all of src into dst: sendfile (in-kernel), read/write if the
 * filesystem of src cannot do it. */
static int
copy_fd (int src, int dst, off_t size)
{
  off_t done = 0;
  char buf[65536];

  while (done < size)
    {
      ssize_t n = sendfile (dst, src, NULL, (size_t) (size - done));
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0 && (errno == EINVAL || errno == ENOSYS) && done == 0)
        break;
      if (n < 0)
        return -errno;
      if (n == 0)
        return -EIO; /* file shrank under us */
      done += n;
    }
  if (done >= size)
    return 0;
  for (;;)
    {
      ssize_t n = read (src, buf, sizeof buf);
      int r;
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -errno;
      if (n == 0)
        return 0;
      if ((r = lc_write_all (dst, buf, (size_t) n)) < 0)
        return r;
    }
}

static int
create_memfd (void)
{
  /* vm.memfd_noexec may make a memfd non-executable unless MFD_EXEC is
   * asked for (Linux 6.3+); older kernels reject the unknown flag. */
  int fd = memfd_create ("hull", MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_EXEC);
  if (fd < 0 && errno == EINVAL)
    fd = memfd_create ("hull", MFD_CLOEXEC | MFD_ALLOW_SEALING);
  return fd;
}

/* A sealed, executable memfd holding our own binary. */
static int
sealed_copy (struct lc_err *err)
{
  cleanup_close int src = -1;
  cleanup_close int mfd = -1;
  struct stat st;
  int r;

  src = open ("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (src < 0)
    return lc_err_set (err, errno, "open '/proc/self/exe'");
  if (fstat (src, &st) < 0)
    return lc_err_set (err, errno, "stat '/proc/self/exe'");
  mfd = create_memfd ();
  if (mfd < 0)
    return lc_err_set (err, errno, "memfd_create");
  if ((r = copy_fd (src, mfd, st.st_size)) < 0)
    return lc_err_set (err, -r, "copy '/proc/self/exe' to a memfd");
  if (fchmod (mfd, 0555) < 0)
    return lc_err_set (err, errno, "chmod memfd");
  if (fcntl (mfd, F_ADD_SEALS, SEALS) < 0)
    return lc_err_set (err, errno, "seal memfd");
  return TAKE_FD (mfd);
}

int
lc_selfexe_ensure (char **argv, struct lc_err *err)
{
  bool reexeced = getenv (LC_SELFEXE_ENV) != NULL;
  cleanup_close int fd = -1;

  if (reexeced)
    (void) unsetenv (LC_SELFEXE_ENV);
  if (lc_selfexe_is_sealed ())
    return 0;
  if (reexeced)
    return lc_err_setx (err, ELOOP,
                        "re-executed from a memfd but /proc/self/exe is not "
                        "sealed");
  fd = sealed_copy (err);
  if (fd < 0)
    return fd;
  if (setenv (LC_SELFEXE_ENV, "1", 1) < 0)
    return lc_err_set (err, errno, "setenv");
  fexecve (fd, argv, environ);
  (void) unsetenv (LC_SELFEXE_ENV);
  return lc_err_set (err, errno, "fexecve the sealed copy of hull");
}
