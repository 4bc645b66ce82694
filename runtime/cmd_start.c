/* cmd_start.c - placeholder */
