/* netlink.c - placeholder, being written */
