/* namespaces.c - placeholder, being written */
