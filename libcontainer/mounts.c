/* mounts.c - placeholder, being written */
