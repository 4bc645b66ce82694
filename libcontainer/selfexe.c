/* selfexe.c - placeholder, being written */
