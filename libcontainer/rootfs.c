/* rootfs.c - placeholder, being written */
