/* signals.c - signal names and numbers as kill(1) and runc accept them. */
#include "signals.h"

#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const struct
{
  const char *name; /* without "SIG" */
  int sig;
} signal_names[] = {
  { "HUP", SIGHUP },
  { "INT", SIGINT },
  { "QUIT", SIGQUIT },
  { "ILL", SIGILL },
  { "TRAP", SIGTRAP },
  { "ABRT", SIGABRT },
  { "BUS", SIGBUS },
  { "FPE", SIGFPE },
  { "KILL", SIGKILL },
  { "USR1", SIGUSR1 },
  { "SEGV", SIGSEGV },
  { "USR2", SIGUSR2 },
  { "PIPE", SIGPIPE },
  { "ALRM", SIGALRM },
  { "TERM", SIGTERM },
  { "STKFLT", SIGSTKFLT },
  { "CHLD", SIGCHLD },
  { "CONT", SIGCONT },
  { "STOP", SIGSTOP },
  { "TSTP", SIGTSTP },
  { "TTIN", SIGTTIN },
  { "TTOU", SIGTTOU },
  { "URG", SIGURG },
  { "XCPU", SIGXCPU },
  { "XFSZ", SIGXFSZ },
  { "VTALRM", SIGVTALRM },
  { "PROF", SIGPROF },
  { "WINCH", SIGWINCH },
  { "IO", SIGIO },
  { "PWR", SIGPWR },
  { "SYS", SIGSYS },
  /* Aliases: parsed, never printed (the canonical name comes first). */
  { "POLL", SIGPOLL },
  { "IOT", SIGIOT },
  { "CLD", SIGCHLD },
};

#define N_SIGNAL_NAMES (sizeof signal_names / sizeof signal_names[0])
#define SIGNAL_NAME_MAX 16
#define RT_NAMES_MAX 128

/* Decimal digits only, no sign, no overflow past 'max'; -1 when invalid. */
static int
parse_small (const char *s, int max)
{
  int v = 0;
  if (!*s)
    return -1;
  for (; *s; s++)
    {
      if (*s < '0' || *s > '9')
        return -1;
      v = v * 10 + (*s - '0');
      if (v > max)
        return -1;
    }
  return v;
}

static int
parse_realtime (const char *s)
{
  int n;
  if (strcasecmp (s, "RTMIN") == 0)
    return SIGRTMIN;
  if (strcasecmp (s, "RTMAX") == 0)
    return SIGRTMAX;
  if (strncasecmp (s, "RTMIN+", 6) == 0)
    {
      n = parse_small (s + 6, SIGRTMAX - SIGRTMIN);
      return n < 0 ? -EINVAL : SIGRTMIN + n;
    }
  if (strncasecmp (s, "RTMAX-", 6) == 0)
    {
      n = parse_small (s + 6, SIGRTMAX - SIGRTMIN);
      return n < 0 ? -EINVAL : SIGRTMAX - n;
    }
  return -EINVAL;
}

int
lc_signal_parse (const char *s)
{
  const char *name;
  int n;

  if (!s || !*s)
    return -EINVAL;
  if (isdigit ((unsigned char) s[0]))
    {
      n = parse_small (s, SIGRTMAX);
      return n >= 1 ? n : -EINVAL;
    }
  name = strncasecmp (s, "SIG", 3) == 0 ? s + 3 : s;
  for (size_t i = 0; i < N_SIGNAL_NAMES; i++)
    if (strcasecmp (signal_names[i].name, name) == 0)
      return signal_names[i].sig;
  return parse_realtime (name);
}

const char *
lc_signal_name (int sig)
{
  static char full[N_SIGNAL_NAMES][SIGNAL_NAME_MAX];
  /* Real-time names are built on first use: their numbers depend on what
   * the C library reserves for itself.  Indexed by signal number. */
  static char rt_names[RT_NAMES_MAX][SIGNAL_NAME_MAX];

  for (size_t i = 0; i < N_SIGNAL_NAMES; i++)
    if (signal_names[i].sig == sig)
      {
        if (!full[i][0])
          snprintf (full[i], sizeof full[i], "SIG%s", signal_names[i].name);
        return full[i];
      }
  if (sig < SIGRTMIN || sig > SIGRTMAX || sig >= RT_NAMES_MAX)
    return NULL;
  if (!rt_names[sig][0])
    {
      if (sig == SIGRTMIN)
        snprintf (rt_names[sig], SIGNAL_NAME_MAX, "SIGRTMIN");
      else if (sig == SIGRTMAX)
        snprintf (rt_names[sig], SIGNAL_NAME_MAX, "SIGRTMAX");
      else
        snprintf (rt_names[sig], SIGNAL_NAME_MAX, "SIGRTMIN+%d",
                  sig - SIGRTMIN);
    }
  return rt_names[sig];
}

void
lc_signals_reset (void)
{
  sigset_t none;
  struct sigaction sa;

  memset (&sa, 0, sizeof sa);
  sa.sa_handler = SIG_DFL;
  for (int sig = 1; sig < NSIG; sig++)
    if (sig != SIGKILL && sig != SIGSTOP)
      (void) sigaction (sig, &sa, NULL);
  sigemptyset (&none);
  (void) sigprocmask (SIG_SETMASK, &none, NULL);
}
