/* cmd_spec.c - placeholder */
