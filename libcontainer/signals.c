/* signals.c - placeholder, being written */
