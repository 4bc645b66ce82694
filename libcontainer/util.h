/* util.h - cleanup attributes, ownership hand-off, small fd and string
 * helpers shared by every module. */
#ifndef LC_UTIL_H
#define LC_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "error.h"

struct clone_args;

void lc_freep (void *p);
void lc_closep (int *fd);
void lc_strv_freep (char ***v);

#define cleanup_free __attribute__ ((cleanup (lc_freep)))
#define cleanup_close __attribute__ ((cleanup (lc_closep)))
#define cleanup_strv __attribute__ ((cleanup (lc_strv_freep)))

/* Hand ownership off from a cleanup variable. */
#define TAKE_PTR(p)                                                           \
  ({                                                                          \
    __typeof__ (p) _p = (p);                                                  \
    (p) = NULL;                                                               \
    _p;                                                                       \
  })
#define TAKE_FD(fd)                                                           \
  ({                                                                          \
    int _fd = (fd);                                                           \
    (fd) = -1;                                                                \
    _fd;                                                                      \
  })

/* Close fd if >= 0, preserving errno; returns -1. */
int lc_close (int fd);
/* Close every fd >= from except those in keep[] (entries < 0 ignored). */
int lc_close_fds_except (int from, const int *keep, size_t n);

/* Close every fd >= from that lacks FD_CLOEXEC (what a caller left open
 * by accident: its pipes, bats' fd 3); those with it close at exec. */
void lc_close_inherited (int from);

/* path made absolute against the working directory (not resolved);
 * *ret is malloc'd. */
int lc_absolute_path (const char *path, char **ret, struct lc_err *err);

/* Paths compared as strings with "//", "/./" and a trailing '/' folded
 * ("/proc/", "//./proc" and "/proc" are equal); ".." is an ordinary name
 * here (callers refuse it first) and nothing is resolved.  lc_path_within:
 * path is dir or beneath it. */
bool lc_path_equal (const char *a, const char *b);
bool lc_path_within (const char *path, const char *dir);

/* NULL-terminated string vectors. */
size_t lc_strv_len (char *const *v);
char **lc_strv_free (char **v);

/* Allocation that aborts on OOM (a runtime cannot continue sanely). */
void *lc_xmalloc (size_t n);
void *lc_xcalloc (size_t n, size_t size);
void *lc_xrealloc (void *p, size_t n);
char *lc_xstrdup (const char *s);
char *lc_xasprintf (const char *fmt, ...)
    __attribute__ ((format (printf, 1, 2)));

/* Read a whole file (relative to dirfd, O_CLOEXEC, no symlink follow of
 * the last component when nofollow) into a NUL-terminated buffer of at most
 * max bytes.  -EFBIG when larger. */
int lc_read_file_at (int dirfd, const char *path, size_t max, char **ret,
                     size_t *ret_len, struct lc_err *err);

/* Write data to an existing file relative to dirfd (O_WRONLY|O_CLOEXEC,
 * O_NOFOLLOW on the last component). */
int lc_write_file_at (int dirfd, const char *path, const char *data,
                      size_t len, struct lc_err *err);

/* Create a new file (O_EXCL, never following a symlink) holding data;
 * -EEXIST "'path' already exists". */
int lc_file_create_exclusive (const char *path, const char *data, size_t len,
                              mode_t mode, struct lc_err *err);

/* Loop over write(2)/read(2) until done; -errno on failure. */
int lc_write_all (int fd, const void *buf, size_t len);
ssize_t lc_read_all (int fd, void *buf, size_t len);

/* Parse a decimal unsigned/signed number; whole string must be consumed. */
int lc_parse_u64 (const char *s, unsigned long long *ret);
int lc_parse_i64 (const char *s, long long *ret);

/* True if the process is inside a user namespace other than the initial
 * one (uid_map is not the identity 0 0 4294967295). */
bool lc_in_user_namespace (void);

/* Fork-like clone3(CLONE_PARENT) with args (flags and cgroup; the rest
 * must be zero; args is modified): returns 0 in the child, its pid in the
 * caller, or -1 with errno as clone3 sets it.  When clone3 says ENOSYS
 * (valgrind, Docker's default seccomp profile) and args asks for nothing
 * only clone3 has, clone(2) does it instead; CLONE_INTO_CGROUP then stays
 * ENOSYS, for the caller to retry without. */
pid_t lc_clone_parent (struct clone_args *args);

/* The same without CLONE_PARENT: a child of the caller, which gets
 * args->exit_signal (SIGCHLD for a fork-like child) when it exits. */
pid_t lc_clone (struct clone_args *args);

#endif
