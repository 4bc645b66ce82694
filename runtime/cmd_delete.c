/* cmd_delete.c - placeholder */
