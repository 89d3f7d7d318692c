/*
 * The message catalogue: po/zh_CN.po, compiled by the build (tools/po2c.c) into a table
 * sorted by msgid, looked up with bsearch: nothing is read or allocated at start.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n-table.h"
#include "i18n.h"
/*
 * No util.h: the catalogue needs no allocation, and util.c's messages go through _(), so
 * i18n stays below util in the model's include graph (tools/model-cycles.py).
 */

static enum i18n_lang i18n_current = I18N_ZH;

int i18n_lang_parse(const char *name)
{
	if (!name)
		return -1;
	if (strncmp(name, "zh", 2) == 0 && (name[2] == '\0' || name[2] == '_' || name[2] == '-' ||
					    name[2] == '.'))
		return I18N_ZH;
	if (strncmp(name, "en", 2) == 0 && (name[2] == '\0' || name[2] == '_' || name[2] == '-' ||
					    name[2] == '.'))
		return I18N_EN;
	return -1;
}

/* POSIX order: the first of these that is set and non-empty decides (C.UTF-8 decides none). */
int i18n_lang_from_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return i18n_lang_parse(v);
	}
	return -1;
}

void i18n_set(enum i18n_lang lang)
{
	i18n_current = lang;
}

enum i18n_lang i18n_lang(void)
{
	return i18n_current;
}

const char *i18n_lang_name(enum i18n_lang lang)
{
	return lang == I18N_EN ? "en" : "zh";
}

static int i18n_by_id(const void *key, const void *entry)
{
	return strcmp(key, ((const struct i18n_entry *)entry)->id);
}

const char *i18n_get_in(enum i18n_lang lang, const char *msgid)
{
	if (lang == I18N_EN || !msgid || !*msgid)
		return msgid;
	const struct i18n_entry *e = bsearch(msgid, i18n_catalogue, i18n_catalogue_n,
					     sizeof *i18n_catalogue, i18n_by_id);
	return e ? e->str : msgid;
}

const char *i18n_get(const char *msgid)
{
	return i18n_get_in(i18n_current, msgid);
}

const char *i18n_title(const char *title, const char *title_en)
{
	return i18n_current == I18N_EN && title_en && *title_en ? title_en : title;
}

const char *i18n_list_sep(void)
{
	return i18n_current == I18N_EN ? ", " : "、";
}

const char *i18n_plural_s(long long n)
{
	return i18n_current == I18N_EN && n != 1 ? "s" : "";
}

unsigned i18n_catalogue_size(void)
{
	return (unsigned)i18n_catalogue_n;
}
