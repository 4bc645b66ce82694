/* signals.h - signal names and numbers as kill(1) and runc accept them. */
#ifndef LC_SIGNALS_H
#define LC_SIGNALS_H

/* "TERM", "SIGTERM", "sigterm", "15", "RTMIN+3" -> number; -EINVAL else. */
int lc_signal_parse (const char *s);
/* 15 -> "SIGTERM"; NULL for unknown numbers. */
const char *lc_signal_name (int sig);

/* In a child about to run container code: unblock every signal and put
 * every disposition back to its default. */
void lc_signals_reset (void);

#endif
