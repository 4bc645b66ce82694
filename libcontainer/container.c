/* container.c - placeholder, being written */
