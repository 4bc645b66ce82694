/* cmd_create.c - placeholder */
