/* netlink.h - rtnetlink via libmnl. */
#ifndef LC_NETLINK_H
#define LC_NETLINK_H

#include "error.h"

/* Bring "lo" up in the current network namespace. */
int lc_netlink_loopback_up (struct lc_err *err);

#endif
