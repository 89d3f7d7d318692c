/* The message catalogue as the build compiles it (tools/po2c.c from po/zh_CN.po):
   msgid -> Chinese, sorted by msgid (strcmp), each msgid once. Read by model/i18n.c. */
#ifndef SOPDECK_I18N_TABLE_H
#define SOPDECK_I18N_TABLE_H

#include <stddef.h>

struct i18n_entry {
	const char *id, *str;
};

extern const struct i18n_entry i18n_catalogue[];
extern const size_t i18n_catalogue_n;

#endif
