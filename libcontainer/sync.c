/* sync.c - placeholder, being written */
