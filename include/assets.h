/* Files from assets/ compiled into the binary (see tools/embed.c). */
#ifndef SOPDECK_ASSETS_H
#define SOPDECK_ASSETS_H

#include <stddef.h>

struct asset {
	const char *name; /* path below assets/, e.g. "migrations/001-foundation.sql" */
	const char *data; /* NUL-terminated */
	size_t len;       /* without the NUL */
};

/* Terminated by an entry whose name is NULL; sorted by name within a folder. */
extern const struct asset assets_all[];

/* The asset called name, or NULL. */
const struct asset *asset_find(const char *name);

#endif
