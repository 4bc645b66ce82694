/* cmd_state.c - placeholder */
