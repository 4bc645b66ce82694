/* cmd_list.c - placeholder */
