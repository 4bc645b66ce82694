/* cmd_audit.c - placeholder */
