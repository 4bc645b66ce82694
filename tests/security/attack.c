/* attack.c - attacks run from inside a container by the tests/security suite.
 *
 * Built static by security-helpers.bash and copied into the bundle at
 * /attack.  Each command prints "ok" when the kernel let the operation
 * through, or the errno name when it was refused, one line per attempt,
 * and exits 0, so the tests compare output.  Exit 2 on bad usage.
 *
 *   attack sys NAME        one system call of a denied class, harmless args
 *   attack exe-write SECS  find a process in this pid namespace running
 *                          from a different binary, hold its /proc/PID/exe,
 *                          and after it exits try to write to that file
 *                          (the CVE-2019-5736 class); prints the steps
 *   attack fds             "N -> target" for every open fd */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/bpf.h>
#include <linux/keyctl.h>
#include <linux/perf_event.h>
#include <linux/sched.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Targets that do not exist: were a call let through (and privileged), it
 * fails with ENOENT instead of changing anything, even on a host. */
#define NONE_PATH "/hull-attack-nonexistent"

static int
outcome (long r)
{
  const char *n;
  if (r >= 0)
    {
      puts ("ok");
      return 0;
    }
  n = strerrorname_np (errno);
  puts (n ? n : "EUNKNOWN");
  return 0;
}

static int
child_fn (void *arg)
{
  (void) arg;
  _exit (0);
}

/* clone(2) through glibc (which uses the clone syscall, not clone3). */
static long
try_clone (int flags)
{
  static char stack[64 * 1024] __attribute__ ((aligned (16)));
  pid_t pid = clone (child_fn, stack + sizeof stack, flags | SIGCHLD, NULL);
  if (pid > 0)
    waitpid (pid, NULL, 0);
  return pid;
}

static long
try_clone3 (int flags)
{
  struct clone_args a;
  long pid;
  memset (&a, 0, sizeof a);
  a.flags = (unsigned) flags;
  a.exit_signal = SIGCHLD;
  pid = syscall (SYS_clone3, &a, sizeof a);
  if (pid == 0)
    _exit (0);
  if (pid > 0)
    waitpid ((pid_t) pid, NULL, 0);
  return pid;
}

/* PTRACE_TRACEME in a child, so the runtime never becomes our tracer. */
static long
try_ptrace (void)
{
  int p[2], status;
  long r = -1;
  int e = 0;
  pid_t pid;

  if (pipe (p) < 0)
    return -1;
  pid = fork ();
  if (pid == 0)
    {
      long x = ptrace (PTRACE_TRACEME, 0, NULL, NULL);
      int err = x < 0 ? errno : 0;
      (void) !write (p[1], &err, sizeof err);
      _exit (0);
    }
  if (pid < 0)
    return -1;
  close (p[1]);
  if (read (p[0], &e, sizeof e) == sizeof e)
    r = e ? -1 : 0;
  waitpid (pid, &status, 0);
  errno = e;
  return r;
}

static long
try_syscall (const char *name)
{
  static union bpf_attr battr;
  static struct perf_event_attr pattr;
  struct timespec ts = { 0, 0 };

  if (!strcmp (name, "ptrace"))
    return try_ptrace ();
  if (!strcmp (name, "keyctl"))
    return syscall (SYS_keyctl, KEYCTL_GET_KEYRING_ID,
                    KEY_SPEC_SESSION_KEYRING, 0);
  if (!strcmp (name, "add_key"))
    return syscall (SYS_add_key, "user", "hull-test", "x", 1,
                    KEY_SPEC_PROCESS_KEYRING);
  if (!strcmp (name, "request_key"))
    return syscall (SYS_request_key, "user", "hull-none", NULL, 0);
  if (!strcmp (name, "bpf"))
    return syscall (SYS_bpf, BPF_MAP_CREATE, &battr, sizeof battr);
  if (!strcmp (name, "mount"))
    return mount ("none", NONE_PATH, "tmpfs", 0, NULL);
  if (!strcmp (name, "umount2"))
    return umount2 (NONE_PATH, MNT_DETACH);
  if (!strcmp (name, "pivot_root"))
    return syscall (SYS_pivot_root, NONE_PATH, NONE_PATH);
  if (!strcmp (name, "unshare"))
    return unshare (CLONE_NEWUSER);
  if (!strcmp (name, "setns"))
    {
      int fd = open ("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
      return fd < 0 ? -1 : setns (fd, CLONE_NEWUTS);
    }
  if (!strcmp (name, "clone"))
    return try_clone (0);
  if (!strcmp (name, "clone-newuser"))
    return try_clone (CLONE_NEWUSER);
  if (!strcmp (name, "clone-newns"))
    return try_clone (CLONE_NEWNS);
  if (!strcmp (name, "clone3"))
    return try_clone3 (0);
  if (!strcmp (name, "personality-query"))
    return personality (0xffffffff);
  if (!strcmp (name, "personality-change"))
    return personality (READ_IMPLIES_EXEC);
  if (!strcmp (name, "kexec_load"))
    return syscall (SYS_kexec_load, 0, 0, NULL, 0);
  if (!strcmp (name, "init_module"))
    return syscall (SYS_init_module, NULL, 0, "");
  if (!strcmp (name, "finit_module"))
    return syscall (SYS_finit_module, -1, "", 0);
  if (!strcmp (name, "delete_module"))
    return syscall (SYS_delete_module, "hull_none", 0);
  if (!strcmp (name, "perf_event_open"))
    return syscall (SYS_perf_event_open, &pattr, 0, -1, -1, 0);
  if (!strcmp (name, "userfaultfd"))
    return syscall (SYS_userfaultfd, 0);
  if (!strcmp (name, "open_by_handle_at"))
    return syscall (SYS_open_by_handle_at, AT_FDCWD, NULL, 0);
  if (!strcmp (name, "swapon"))
    return syscall (SYS_swapon, "/hull-none", 0);
  if (!strcmp (name, "reboot"))
    return syscall (SYS_reboot, 0, 0, 0, NULL); /* bad magic: never acts */
  if (!strcmp (name, "acct"))
    return syscall (SYS_acct, NULL);
  if (!strcmp (name, "clock_settime"))
    return syscall (SYS_clock_settime, -1, &ts); /* bad clock: never acts */
  if (!strcmp (name, "getpid"))
    return getpid ();
  fprintf (stderr, "attack: unknown system call '%s'\n", name);
  exit (2);
}

/* The first pid (not us, not pid 1 unless asked) whose exe differs from
 * ours; 0 if none. */
static pid_t
find_foreign (void)
{
  char self[256], buf[256], path[64];
  ssize_t n = readlink ("/proc/self/exe", self, sizeof self - 1);
  DIR *d = opendir ("/proc");
  struct dirent *e;
  pid_t found = 0;

  if (n < 0 || !d)
    return 0;
  self[n] = '\0';
  while (!found && (e = readdir (d)))
    {
      pid_t pid = atoi (e->d_name);
      ssize_t m;
      if (pid <= 0 || pid == getpid ())
        continue;
      snprintf (path, sizeof path, "/proc/%d/exe", pid);
      m = readlink (path, buf, sizeof buf - 1);
      if (m < 0)
        continue;
      buf[m] = '\0';
      if (strcmp (buf, self) && !strstr (buf, "busybox"))
        found = pid;
    }
  closedir (d);
  return found;
}

static int
exe_write (int secs)
{
  struct timespec tick = { 0, 2 * 1000 * 1000 };
  char path[64], target[256];
  pid_t pid = 0;
  int fd, wfd;
  ssize_t n;
  unsigned char byte;

  for (long i = 0; i < secs * 500L && !pid; i++)
    {
      pid = find_foreign ();
      if (!pid)
        nanosleep (&tick, NULL);
    }
  if (!pid)
    {
      puts ("found none");
      return 0;
    }
  snprintf (path, sizeof path, "/proc/%d/exe", pid);
  n = readlink (path, target, sizeof target - 1);
  target[n < 0 ? 0 : n] = '\0';
  printf ("found %s\n", target);
  fd = open (path, O_RDONLY | O_CLOEXEC);
  printf ("open-exe ");
  outcome (fd);
  if (fd < 0)
    return 0;
  /* Writing to a running binary fails with ETXTBSY: wait for it to exit. */
  while (kill (pid, 0) == 0)
    nanosleep (&tick, NULL);
  snprintf (path, sizeof path, "/proc/self/fd/%d", fd);
  wfd = open (path, O_WRONLY | O_CLOEXEC);
  printf ("reopen-write ");
  outcome (wfd);
  if (wfd < 0)
    return 0;
  /* Write back the byte that is there: proves writability, harms nothing. */
  if (pread (fd, &byte, 1, 0) != 1)
    byte = 0x7f;
  printf ("write ");
  return outcome (pwrite (wfd, &byte, 1, 0) == 1 ? 0 : -1);
}

static int
list_fds (void)
{
  DIR *d = opendir ("/proc/self/fd");
  struct dirent *e;
  char path[300], target[256];

  if (!d)
    return 1;
  while ((e = readdir (d)))
    {
      ssize_t n;
      if (e->d_name[0] == '.' || atoi (e->d_name) == dirfd (d))
        continue;
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      n = readlink (path, target, sizeof target - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("%s -> %s\n", e->d_name, target);
    }
  closedir (d);
  return 0;
}

int
main (int argc, char **argv)
{
  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 3 && !strcmp (argv[1], "sys"))
    return outcome (try_syscall (argv[2]));
  if (argc == 3 && !strcmp (argv[1], "exe-write"))
    return exe_write (atoi (argv[2]));
  if (argc == 2 && !strcmp (argv[1], "fds"))
    return list_fds ();
  fprintf (stderr, "usage: attack sys NAME | exe-write SECS | fds\n");
  return 2;
}
