/* probe.c - reports facts from inside a container, one per line.
 *
 * Built static and copied into test bundles at /probe, so the integration
 * tests can check what the runtime set up without relying on the tools of
 * the rootfs.  Usage: probe <command> [args]; "probe help" lists them.
 * Single-fact commands print a bare value; the others print "key value"
 * lines.  Operations that may fail print "ok" or the errno name (EROFS).
 * Exit status: 0 on success, 2 on bad usage, 1 when a fact can't be read. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/personality.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

static int
fail (const char *what)
{
  fprintf (stderr, "probe: %s: %s\n", what, strerror (errno));
  return 1;
}

/* Print "ok" for r == 0, else the errno name; always exits 0 so tests can
 * compare the output. */
static int
outcome (int r)
{
  if (r == 0)
    puts ("ok");
  else
    {
      const char *n = strerrorname_np (errno);
      puts (n ? n : "EUNKNOWN");
    }
  return 0;
}

static int
cat_file (const char *path)
{
  char buf[8192];
  ssize_t n;
  int fd = open (path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return fail (path);
  while ((n = read (fd, buf, sizeof buf)) > 0)
    if (fwrite (buf, 1, (size_t) n, stdout) != (size_t) n)
      break;
  close (fd);
  return n < 0 ? fail (path) : 0;
}

/* Value of "Field:" in /proc/self/status, whitespace trimmed. */
static int
status_field (const char *field, char *out, size_t size)
{
  char line[512];
  size_t len = strlen (field);
  int found = -1;
  FILE *f = fopen ("/proc/self/status", "re");
  if (!f)
    return -1;
  while (fgets (line, sizeof line, f))
    if (strncmp (line, field, len) == 0 && line[len] == ':')
      {
        char *v = line + len + 1;
        v += strspn (v, " \t");
        v[strcspn (v, "\n")] = '\0';
        snprintf (out, size, "%s", v);
        found = 0;
        break;
      }
  fclose (f);
  return found;
}

static int
print_status (const char *const *fields, int with_key)
{
  char v[256];
  for (; *fields; fields++)
    {
      if (status_field (*fields, v, sizeof v) < 0)
        return fail (*fields);
      if (with_key)
        printf ("%s %s\n", *fields, v);
      else
        puts (v);
    }
  return 0;
}

static int
cmd_uid (char **argv)
{
  gid_t groups[NGROUPS_MAX];
  int n = getgroups (NGROUPS_MAX, groups);
  if (n < 0)
    return fail ("getgroups");
  printf ("uid %u\ngid %u\neuid %u\negid %u\ngroups", getuid (), getgid (),
          geteuid (), getegid ());
  for (int i = 0; i < n; i++)
    printf (" %u", groups[i]);
  putchar ('\n');
  return 0;
}

static int
cmd_caps (char **argv)
{
  static const char *const f[]
      = { "CapInh", "CapPrm", "CapEff", "CapBnd", "CapAmb", NULL };
  return print_status (f, 1);
}

static int
cmd_nnp (char **argv)
{
  static const char *const f[] = { "NoNewPrivs", NULL };
  return print_status (f, 0);
}

static int
cmd_seccomp (char **argv)
{
  static const char *const f[] = { "Seccomp", NULL };
  return print_status (f, 0);
}

static int
cmd_status (char **argv)
{
  const char *f[] = { argv[0], NULL };
  return print_status (f, 0);
}

static const struct
{
  const char *name;
  int res;
} rlimits[] = {
  { "CPU", RLIMIT_CPU },           { "FSIZE", RLIMIT_FSIZE },
  { "DATA", RLIMIT_DATA },         { "STACK", RLIMIT_STACK },
  { "CORE", RLIMIT_CORE },         { "RSS", RLIMIT_RSS },
  { "NPROC", RLIMIT_NPROC },       { "NOFILE", RLIMIT_NOFILE },
  { "MEMLOCK", RLIMIT_MEMLOCK },   { "AS", RLIMIT_AS },
  { "LOCKS", RLIMIT_LOCKS },       { "SIGPENDING", RLIMIT_SIGPENDING },
  { "MSGQUEUE", RLIMIT_MSGQUEUE }, { "NICE", RLIMIT_NICE },
  { "RTPRIO", RLIMIT_RTPRIO },     { "RTTIME", RLIMIT_RTTIME },
};

static void
print_rlim (rlim_t v, char sep)
{
  if (v == RLIM_INFINITY)
    printf ("unlimited%c", sep);
  else
    printf ("%llu%c", (unsigned long long) v, sep);
}

static int
cmd_rlimit (char **argv)
{
  const char *name = argv[0];
  struct rlimit rl;
  if (strncmp (name, "RLIMIT_", 7) == 0)
    name += 7;
  for (size_t i = 0; i < sizeof rlimits / sizeof rlimits[0]; i++)
    if (strcmp (rlimits[i].name, name) == 0)
      {
        if (getrlimit (rlimits[i].res, &rl) < 0)
          return fail ("getrlimit");
        print_rlim (rl.rlim_cur, ' ');
        print_rlim (rl.rlim_max, '\n');
        return 0;
      }
  fprintf (stderr, "probe: unknown rlimit %s\n", argv[0]);
  return 2;
}

/* "N target" for each open fd, without the fd of the directory stream. */
static int
cmd_fds (char **argv)
{
  struct dirent *e;
  DIR *d = opendir ("/proc/self/fd");
  if (!d)
    return fail ("/proc/self/fd");
  while ((e = readdir (d)))
    {
      char path[64], target[PATH_MAX];
      ssize_t n;
      if (e->d_name[0] == '.' || atoi (e->d_name) == dirfd (d))
        continue;
      snprintf (path, sizeof path, "/proc/self/fd/%s", e->d_name);
      n = readlink (path, target, sizeof target - 1);
      target[n < 0 ? 0 : n] = '\0';
      printf ("%s %s\n", e->d_name, target);
    }
  closedir (d);
  return 0;
}

static int
cmd_mountinfo (char **argv)
{
  return cat_file ("/proc/self/mountinfo");
}

static int
cmd_cat (char **argv)
{
  return cat_file (argv[0]);
}

/* Number of bytes a read of PATH returns, or the errno name. */
static int
cmd_size (char **argv)
{
  char buf[65536];
  long long total = 0;
  ssize_t n;
  int fd = open (argv[0], O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return outcome (-1);
  while ((n = read (fd, buf, sizeof buf)) > 0 && total < (1LL << 30))
    total += n;
  if (n < 0)
    {
      int e = errno;
      close (fd);
      errno = e;
      return outcome (-1);
    }
  close (fd);
  printf ("%lld\n", total);
  return 0;
}

static int
cmd_hostname (char **argv)
{
  struct utsname u;
  if (uname (&u) < 0)
    return fail ("uname");
  puts (u.nodename);
  return 0;
}

static int
cmd_domainname (char **argv)
{
  struct utsname u;
  if (uname (&u) < 0)
    return fail ("uname");
  puts (u.domainname);
  return 0;
}

static int
cmd_umask (char **argv)
{
  mode_t m = umask (0);
  printf ("%04o\n", (unsigned) m);
  return 0;
}

static int
cmd_write (char **argv)
{
  int fd = open (argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    return outcome (-1);
  if (write (fd, "probe\n", 6) != 6)
    {
      int e = errno;
      close (fd);
      errno = e;
      return outcome (-1);
    }
  return outcome (close (fd));
}

static int
cmd_mkdir (char **argv)
{
  return outcome (mkdir (argv[0], 0755));
}

static int
cmd_mknod (char **argv)
{
  return outcome (mknod (argv[0], S_IFCHR | 0600, makedev (1, 3)));
}

static const char *
type_name (mode_t m)
{
  switch (m & S_IFMT)
    {
    case S_IFREG:
      return "reg";
    case S_IFDIR:
      return "dir";
    case S_IFCHR:
      return "chr";
    case S_IFBLK:
      return "blk";
    case S_IFLNK:
      return "lnk";
    case S_IFIFO:
      return "fifo";
    case S_IFSOCK:
      return "sock";
    default:
      return "unknown";
    }
}

/* "type mode uid gid major:minor" of PATH itself (not followed). */
static int
cmd_stat (char **argv)
{
  struct stat st;
  if (lstat (argv[0], &st) < 0)
    return outcome (-1);
  printf ("%s %04o %u %u %u:%u\n", type_name (st.st_mode),
          (unsigned) (st.st_mode & 07777), st.st_uid, st.st_gid,
          major (st.st_rdev), minor (st.st_rdev));
  return 0;
}

static int
cmd_oom (char **argv)
{
  return cat_file ("/proc/self/oom_score_adj");
}

static int
cmd_cwd (char **argv)
{
  char buf[PATH_MAX];
  if (!getcwd (buf, sizeof buf))
    return fail ("getcwd");
  puts (buf);
  return 0;
}

static int
cmd_env (char **argv)
{
  extern char **environ;
  for (char **e = environ; *e; e++)
    puts (*e);
  return 0;
}

static int
cmd_ns (char **argv)
{
  static const char *const ns[]
      = { "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts", NULL };
  for (const char *const *n = ns; *n; n++)
    {
      char path[64], target[128];
      ssize_t len;
      snprintf (path, sizeof path, "/proc/self/ns/%s", *n);
      len = readlink (path, target, sizeof target - 1);
      if (len < 0)
        continue;
      target[len] = '\0';
      printf ("%s %s\n", *n, target);
    }
  return 0;
}

static void
on_signal (int sig)
{
  char msg[32];
  int n = snprintf (msg, sizeof msg, "signal %d\n", sig);
  (void) !write (STDOUT_FILENO, msg, (size_t) n);
  _exit (128 + sig);
}

/* Sleeps N seconds (0 = forever).  As pid 1 of a pid namespace the default
 * action of most signals is ignored, so catch the usual ones, report which
 * arrived and exit 128+signal like a shell would. */
static int
cmd_sleep (char **argv)
{
  static const int sigs[]
      = { SIGTERM, SIGINT, SIGHUP, SIGUSR1, SIGUSR2, SIGQUIT };
  long secs = atol (argv[0]);
  setvbuf (stdout, NULL, _IONBF, 0);
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    signal (sigs[i], on_signal);
  puts ("sleeping");
  if (secs <= 0)
    for (;;)
      pause ();
  while (secs > 0)
    secs = (long) sleep ((unsigned) secs);
  return 0;
}

static int
cmd_exit (char **argv)
{
  fflush (stdout);
  _exit (atoi (argv[0]));
}

static int
cmd_ioprio (char **argv)
{
  static const char *const cls[] = { "IOPRIO_CLASS_NONE", "IOPRIO_CLASS_RT",
                                     "IOPRIO_CLASS_BE", "IOPRIO_CLASS_IDLE" };
  long r = syscall (SYS_ioprio_get, 1 /* IOPRIO_WHO_PROCESS */, 0);
  if (r < 0)
    return fail ("ioprio_get");
  printf ("%s %ld\n", (r >> 13) < 4 ? cls[r >> 13] : "?", r & 0x1fff);
  return 0;
}

static int
cmd_sched (char **argv)
{
  struct sched_param sp;
  int policy = sched_getscheduler (0);
  const char *name;
  errno = 0;
  int nice = getpriority (PRIO_PROCESS, 0);
  if (policy < 0 || errno || sched_getparam (0, &sp) < 0)
    return fail ("sched");
  switch (policy & ~SCHED_RESET_ON_FORK)
    {
    case SCHED_OTHER:
      name = "SCHED_OTHER";
      break;
    case SCHED_FIFO:
      name = "SCHED_FIFO";
      break;
    case SCHED_RR:
      name = "SCHED_RR";
      break;
    case SCHED_BATCH:
      name = "SCHED_BATCH";
      break;
    case SCHED_IDLE:
      name = "SCHED_IDLE";
      break;
    case 6:
      name = "SCHED_DEADLINE";
      break;
    default:
      name = "?";
      break;
    }
  printf ("policy %s\nnice %d\npriority %d\n", name, nice, sp.sched_priority);
  return 0;
}

static int
cmd_personality (char **argv)
{
  int p = personality (0xffffffff);
  if (p < 0)
    return fail ("personality");
  printf ("0x%x\n", (unsigned) p);
  return 0;
}

/* Allowed cpus as a comma-separated list. */
static int
cmd_affinity (char **argv)
{
  cpu_set_t set;
  const char *sep = "";
  if (sched_getaffinity (0, sizeof set, &set) < 0)
    return fail ("sched_getaffinity");
  for (int i = 0; i < CPU_SETSIZE; i++)
    if (CPU_ISSET (i, &set))
      {
        printf ("%s%d", sep, i);
        sep = ",";
      }
  putchar ('\n');
  return 0;
}

static int
cmd_sysctl (char **argv)
{
  char path[PATH_MAX] = "/proc/sys/";
  size_t off = strlen (path);
  for (const char *k = argv[0]; *k && off < sizeof path - 1; k++)
    path[off++] = *k == '.' ? '/' : *k;
  path[off] = '\0';
  return cat_file (path);
}

/* Can this process be traced by a child (PTRACE_TRACEME + stop)? */
static int
cmd_ptrace (char **argv)
{
  int st;
  pid_t pid = fork ();
  if (pid < 0)
    return fail ("fork");
  if (pid == 0)
    _exit (ptrace (PTRACE_TRACEME, 0, NULL, NULL) < 0 ? errno : 0);
  if (waitpid (pid, &st, 0) < 0)
    return fail ("waitpid");
  errno = WIFEXITED (st) ? WEXITSTATUS (st) : EINTR;
  return outcome (errno ? -1 : 0);
}

static int
cmd_unshare (char **argv)
{
  return outcome (unshare (CLONE_NEWUSER));
}

static int
cmd_pid (char **argv)
{
  printf ("pid %d\nppid %d\n", getpid (), getppid ());
  return 0;
}

static int
cmd_tty (char **argv)
{
  for (int fd = 0; fd <= 2; fd++)
    {
      char *name = isatty (fd) ? ttyname (fd) : NULL;
      if (name)
        printf ("%d tty %s\n", fd, name);
      else
        printf ("%d notty\n", fd);
    }
  return 0;
}

static int
cmd_signals (char **argv)
{
  static const char *const f[] = { "SigBlk", "SigIgn", NULL };
  return print_status (f, 1);
}

/* "name up|down" for each network interface. */
static int
cmd_ifaces (char **argv)
{
  struct if_nameindex *ifs = if_nameindex ();
  int s = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (!ifs || s < 0)
    return fail ("interfaces");
  for (struct if_nameindex *i = ifs; i->if_index; i++)
    {
      struct ifreq r = { 0 };
      snprintf (r.ifr_name, sizeof r.ifr_name, "%s", i->if_name);
      if (ioctl (s, SIOCGIFFLAGS, &r) < 0)
        continue;
      printf ("%s %s\n", i->if_name, (r.ifr_flags & IFF_UP) ? "up" : "down");
    }
  if_freenameindex (ifs);
  close (s);
  return 0;
}

static int cmd_help (char **argv);

static const struct
{
  const char *name;
  int nargs;
  int (*fn) (char **argv);
  const char *usage;
} cmds[] = {
  { "uid", 0, cmd_uid, "uid gid euid egid groups" },
  { "caps", 0, cmd_caps, "CapInh/Prm/Eff/Bnd/Amb in hex" },
  { "nnp", 0, cmd_nnp, "NoNewPrivs" },
  { "seccomp", 0, cmd_seccomp, "Seccomp mode" },
  { "status", 1, cmd_status, "FIELD of /proc/self/status" },
  { "rlimit", 1, cmd_rlimit, "NAME: soft hard" },
  { "fds", 0, cmd_fds, "open fds and their targets" },
  { "mountinfo", 0, cmd_mountinfo, "/proc/self/mountinfo" },
  { "cat", 1, cmd_cat, "PATH: contents" },
  { "size", 1, cmd_size, "PATH: bytes read, or errno name" },
  { "hostname", 0, cmd_hostname, "nodename" },
  { "domainname", 0, cmd_domainname, "domainname" },
  { "umask", 0, cmd_umask, "umask in octal" },
  { "write", 1, cmd_write, "PATH: create and write, ok or errno name" },
  { "mkdir", 1, cmd_mkdir, "PATH: ok or errno name" },
  { "mknod", 1, cmd_mknod, "PATH: char 1:3, ok or errno name" },
  { "stat", 1, cmd_stat, "PATH: type mode uid gid major:minor" },
  { "oom", 0, cmd_oom, "oom_score_adj" },
  { "cwd", 0, cmd_cwd, "working directory" },
  { "env", 0, cmd_env, "environment" },
  { "ns", 0, cmd_ns, "namespace links" },
  { "sleep", 1, cmd_sleep, "N seconds (0: forever), reports signals" },
  { "exit", 1, cmd_exit, "N: exit with status N" },
  { "ioprio", 0, cmd_ioprio, "I/O priority class and level" },
  { "sched", 0, cmd_sched, "policy nice priority" },
  { "personality", 0, cmd_personality, "execution domain in hex" },
  { "affinity", 0, cmd_affinity, "allowed cpus" },
  { "sysctl", 1, cmd_sysctl, "KEY: value" },
  { "ptrace", 0, cmd_ptrace, "PTRACE_TRACEME in a child: ok or errno" },
  { "unshare", 0, cmd_unshare, "unshare(CLONE_NEWUSER): ok or errno" },
  { "pid", 0, cmd_pid, "pid ppid" },
  { "tty", 0, cmd_tty, "for fds 0-2: tty NAME or notty" },
  { "signals", 0, cmd_signals, "blocked and ignored signal masks" },
  { "ifaces", 0, cmd_ifaces, "interfaces up/down" },
  { "help", 0, cmd_help, "this list" },
};

static int
cmd_help (char **argv)
{
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    printf ("%-12s %s\n", cmds[i].name, cmds[i].usage);
  return 0;
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: probe COMMAND [ARG]  (probe help)\n");
      return 2;
    }
  for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
    if (strcmp (cmds[i].name, argv[1]) == 0)
      {
        int r;
        if (argc - 2 != cmds[i].nargs)
          {
            fprintf (stderr, "probe %s: needs %d argument(s)\n", argv[1],
                     cmds[i].nargs);
            return 2;
          }
        r = cmds[i].fn (argv + 2);
        fflush (stdout);
        return r;
      }
  fprintf (stderr, "probe: unknown command %s\n", argv[1]);
  return 2;
}
