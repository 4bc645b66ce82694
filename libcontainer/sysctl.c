/* sysctl.c - placeholder, being written */
