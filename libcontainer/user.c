/* user.c - placeholder, being written */
