/*
 * The message catalogue: po/zh_CN.po, embedded as an asset, parsed once into an
 * open-addressing hash table keyed by msgid. A PO file rather than a .mo so the
 * build needs no msgfmt and the file under review is the file that ships.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assets.h"
#include "i18n.h"
#include "util.h"

#define I18N_ASSET "po/zh_CN.po"

struct i18n_entry {
	const char *id, *str;
};

static enum i18n_lang i18n_current = I18N_ZH;
static struct i18n_entry *i18n_table;  /* i18n_cap slots, power of two; NULL id = empty */
static size_t i18n_cap, i18n_count;
static bool i18n_loaded;

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
	for (size_t i = 0; i < ARRAY_LEN(vars); i++) {
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

/* FNV-1a: short keys, no adversary (the catalogue is ours). */
static uint32_t i18n_hash(const char *s)
{
	uint32_t h = 2166136261u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void i18n_insert(const char *id, const char *str)
{
	if ((i18n_count + 1) * 2 > i18n_cap) {
		size_t cap = i18n_cap ? i18n_cap * 2 : 512;
		struct i18n_entry *t = xcalloc(cap, sizeof *t);
		for (size_t i = 0; i < i18n_cap; i++) {
			if (!i18n_table[i].id)
				continue;
			size_t j = i18n_hash(i18n_table[i].id) & (cap - 1);
			while (t[j].id)
				j = (j + 1) & (cap - 1);
			t[j] = i18n_table[i];
		}
		free(i18n_table);
		i18n_table = t;
		i18n_cap = cap;
	}
	size_t j = i18n_hash(id) & (i18n_cap - 1);
	while (i18n_table[j].id && strcmp(i18n_table[j].id, id) != 0)
		j = (j + 1) & (i18n_cap - 1);
	if (!i18n_table[j].id)
		i18n_count++;
	i18n_table[j] = (struct i18n_entry){id, str};
}

/* Append the C-quoted string at *p ("...") to b, unescaped; *p moves past it. */
static void i18n_unquote(const char **p, struct buf *b)
{
	const char *s = strchr(*p, '"');
	if (!s) {
		*p += strlen(*p);
		return;
	}
	for (s++; *s && *s != '"' && *s != '\n'; s++) {
		/* Plain runs in one copy: the catalogue is read at every start. */
		size_t run = strcspn(s, "\"\\\n");
		if (run) {
			buf_add(b, s, run);
			s += run - 1;
			continue;
		}
		char c = *s;
		if (c == '\\' && s[1]) {
			s++;
			switch (*s) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			default: c = *s; break;  /* \" \\ */
			}
		}
		buf_add(b, &c, 1);
	}
	*p = *s == '"' ? s + 1 : s;
}

/* Which string the lines being read continue. */
enum i18n_part { PART_NONE, PART_ID, PART_STR };

static void i18n_flush(struct buf *id, struct buf *str, bool *fuzzy)
{
	/* The header (msgid "") and untranslated or fuzzy entries fall back to the msgid. */
	if (id->len && str->len && !*fuzzy)
		i18n_insert(xstrdup(buf_str(id)), xstrdup(buf_str(str)));
	id->len = str->len = 0;
	*fuzzy = false;
}

/* Read the catalogue: msgid / msgstr with continuation lines; no plurals, no contexts. */
static void i18n_load(void)
{
	i18n_loaded = true;
	const struct asset *a = asset_find(I18N_ASSET);
	if (!a)
		return;
	struct buf id = {0}, str = {0};
	enum i18n_part part = PART_NONE;
	bool fuzzy = false;
	for (const char *p = a->data; *p;) {
		const char *eol = strchr(p, '\n');
		const char *next = eol ? eol + 1 : p + strlen(p);
		if (strncmp(p, "#,", 2) == 0) {
			if (part == PART_STR)
				i18n_flush(&id, &str, &fuzzy);
			part = PART_NONE;
			const char *f = strstr(p, "fuzzy");
			fuzzy = f && f < next;
		} else if (strncmp(p, "msgid ", 6) == 0) {
			if (part == PART_STR)
				i18n_flush(&id, &str, &fuzzy);
			id.len = str.len = 0;
			part = PART_ID;
			p += 5;
			i18n_unquote(&p, &id);
		} else if (strncmp(p, "msgstr ", 7) == 0) {
			part = PART_STR;
			p += 6;
			i18n_unquote(&p, &str);
		} else if (*p == '"' && part != PART_NONE) {
			i18n_unquote(&p, part == PART_ID ? &id : &str);
		}
		p = next;
	}
	if (part == PART_STR)
		i18n_flush(&id, &str, &fuzzy);
	buf_free(&id);
	buf_free(&str);
}

const char *i18n_get_in(enum i18n_lang lang, const char *msgid)
{
	if (lang == I18N_EN || !msgid || !*msgid)
		return msgid;
	if (!i18n_loaded)
		i18n_load();
	if (!i18n_cap)
		return msgid;
	size_t j = i18n_hash(msgid) & (i18n_cap - 1);
	while (i18n_table[j].id) {
		if (strcmp(i18n_table[j].id, msgid) == 0)
			return i18n_table[j].str;
		j = (j + 1) & (i18n_cap - 1);
	}
	return msgid;
}

const char *i18n_get(const char *msgid)
{
	return i18n_get_in(i18n_current, msgid);
}

const char *i18n_title(const char *title, const char *title_en)
{
	return i18n_current == I18N_EN && title_en && *title_en ? title_en : title;
}

const char *i18n_plural_s(long long n)
{
	return i18n_current == I18N_EN && n != 1 ? "s" : "";
}

unsigned i18n_catalogue_size(void)
{
	if (!i18n_loaded)
		i18n_load();
	return (unsigned)i18n_count;
}
