/* spec_default.c - placeholder, being written */
