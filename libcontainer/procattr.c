/* procattr.c - placeholder, being written */
