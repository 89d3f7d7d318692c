/*
 * The pages of a new, fully migrated database (build/<variant>/gen/schema-image.c, made
 * by tools/schema-image.c from assets/migrations at build time). db_open starts a new
 * workspace from them instead of running every migration (model/db.c).
 */
#ifndef SOPDECK_SCHEMA_IMAGE_H
#define SOPDECK_SCHEMA_IMAGE_H

#include <stddef.h>

extern const int schema_image_version;   /* the PRAGMA user_version inside */
extern const size_t schema_image_len;
extern const unsigned char schema_image[];

#endif
