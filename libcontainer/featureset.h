/* featureset.h - the runtime-spec Features document (hull features). */
#ifndef LC_FEATURESET_H
#define LC_FEATURESET_H

/* What this build and this kernel support, as pretty-printed JSON
 * (features-schema.json).  NULL on allocation failure. */
char *lc_features_json (void);

/* The mount options hull understands (NULL-terminated); features lists
 * them and a unit test checks each is known to the option parser. */
extern const char *const lc_features_mount_options[];

#endif
