/* namespaces.h - which namespaces to create or join, and joining them. */
#ifndef LC_NAMESPACES_H
#define LC_NAMESPACES_H

#include <stdbool.h>

#include "error.h"
#include "spec.h"

/* CLONE_NEW* flag of a namespace type. */
int lc_ns_clone_flag (enum lc_ns_type t);

/* Flags of the namespaces to create new (present, no path), excluding
 * the user namespace and the cgroup namespace (the init unshares that one
 * once it is in its cgroup, so the cgroup is the root it sees). */
int lc_ns_new_flags (const struct lc_spec *spec);

/* Open every linux.namespaces[].path (O_RDONLY|O_CLOEXEC) into fds[]
 * (-1 where none) and check each is a namespace of the right type. */
int lc_ns_open_paths (const struct lc_spec *spec, int fds[LC_NS_COUNT],
                      struct lc_err *err);
void lc_ns_close_paths (int fds[LC_NS_COUNT]);

/* setns() into each opened namespace except the user one, in an order that
 * works (mount last). */
int lc_ns_join (const int fds[LC_NS_COUNT], struct lc_err *err);

#endif
