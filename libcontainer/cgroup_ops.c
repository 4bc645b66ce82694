/* cgroup_ops.c - placeholder, being written */
