/* Lookup of the files compiled in from assets/. */
#include <string.h>

#include "assets.h"

const struct asset *asset_find(const char *name)
{
	for (const struct asset *a = assets_all; a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}
