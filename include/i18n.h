/*
 * The interface's language: Simplified Chinese (the default) or English. Source
 * strings are the English msgids, wrapped in _() where shown and N_() in static
 * tables (translated with _() where drawn); the Chinese comes from po/zh_CN.po,
 * compiled into the binary and read into a hash table on first use, so a copied
 * binary translates on a C.UTF-8-only host (glibc's gettext would not: it returns
 * the msgid in the C locale).
 */
#ifndef SOPDECK_I18N_H
#define SOPDECK_I18N_H

#include <stdbool.h>

enum i18n_lang { I18N_ZH, I18N_EN };

/* "zh" or "en" (and their locale forms zh_CN.UTF-8, en_US...) to a language; -1 if neither. */
int i18n_lang_parse(const char *name);
/* The language named by the locale variables (LC_ALL, LC_MESSAGES, LANG), or -1. */
int i18n_lang_from_locale(void);
/* Choose the language every later _() uses. */
void i18n_set(enum i18n_lang lang);
enum i18n_lang i18n_lang(void);
/* "zh" or "en". */
const char *i18n_lang_name(enum i18n_lang lang);

/* msgid's text in the chosen language: the catalogue's msgstr, else msgid itself. */
const char *i18n_get(const char *msgid) __attribute__((format_arg(1)));
/* The same in a given language, whatever is chosen (for tests and JSON-free checks). */
const char *i18n_get_in(enum i18n_lang lang, const char *msgid) __attribute__((format_arg(2)));

/*
 * A playbook title in the chosen language: title_en in English when the playbook
 * gives one, else the title.
 */
const char *i18n_title(const char *title, const char *title_en);

/* Between the items of a list (tags): "、" in Chinese, ", " in English; both 2 columns. */
const char *i18n_list_sep(void);

/* "s" after a count other than one in English, "" in Chinese (which has no plural). */
const char *i18n_plural_s(long long n);

/* The number of translations in the catalogue (tests). */
unsigned i18n_catalogue_size(void);

#define _(s) i18n_get(s)
#define N_(s) (s)

#endif
