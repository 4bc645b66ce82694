/* cmd_cgroup.c - placeholder */
