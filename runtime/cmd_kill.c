/* cmd_kill.c - placeholder */
