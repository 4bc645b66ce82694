/* spec_hardened.c - placeholder, being written */
