/*
 * The collator behind COLLATE PINYIN (include/collate.h): one ICU collator for
 * the process, opened on first use for the language chosen, compared on the
 * UTF-8 bytes directly (ucol_strcollUTF8, no conversion to UTF-16).
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>

#include "collate.h"
#include "i18n.h"
#include "util.h"

static UCollator *collator;
static const char *language; /* "zh" or "en"; NULL until chosen */

/*
 * One order for both interface languages: ICU's "zh" (Latin A-Z first, then Han
 * by pinyin). The names sorted are the team's Chinese group names and titles,
 * which an operator reading the English interface still looks up by pinyin; the
 * root order (Han by radical and stroke) reads as random to them.
 */
static const char *language_pick(const char *lang)
{
	(void)lang;
	return "zh";
}

/* Open the collator for lang ("zh" or "en") in place of the current one. */
static int collator_open(const char *lang, char **cause)
{
	UErrorCode err = U_ZERO_ERROR;
	UCollator *c = ucol_open(strcmp(lang, "zh") == 0 ? "zh" : "root", &err);
	if (U_FAILURE(err)) {
		if (c)
			ucol_close(c);
		return set_cause(cause, _("ICU: cannot open the %s collator: %s"), lang,
				 u_errorName(err));
	}
	/* Numbers by value: 宝妈2群 before 宝妈10群, the way people read a list. */
	ucol_setAttribute(c, UCOL_NUMERIC_COLLATION, UCOL_ON, &err);
	if (U_FAILURE(err)) {
		ucol_close(c);
		return set_cause(cause, _("ICU: numeric collation: %s"), u_errorName(err));
	}
	if (collator)
		ucol_close(collator);
	collator = c;
	language = lang;
	return 0;
}

int collate_set_language(const char *lang, char **cause)
{
	return collator_open(language_pick(lang), cause);
}

const char *collate_language(void)
{
	if (!language) {
		const char *env = getenv("SOPDECK_LANG");
		language = language_pick(env && *env ? env : "zh");
	}
	return language;
}

int collate_ready(char **cause)
{
	if (collator)
		return 0;
	return collator_open(collate_language(), cause);
}

int collate_compare(const char *a, size_t na, const char *b, size_t nb)
{
	/* db_open made it ready (collate_ready); without ICU data, bytes decide. */
	if (!collator)
		collate_ready(NULL);
	int r = 0;
	if (collator) {
		UErrorCode err = U_ZERO_ERROR;
		r = ucol_strcollUTF8(collator, a, (int32_t)na, b, (int32_t)nb, &err);
		if (U_FAILURE(err))
			r = 0;
	}
	if (r != 0)
		return r < 0 ? -1 : 1;
	/*
	 * Equal to the collator (case, width, ignorable characters) yet different
	 * bytes: bytes decide, so the order is total and agrees with equality,
	 * as SQLite asks of a collation.
	 */
	int m = memcmp(a, b, na < nb ? na : nb);
	if (m != 0)
		return m < 0 ? -1 : 1;
	return na < nb ? -1 : na > nb;
}

int collate_strcmp(const char *a, const char *b)
{
	a = a ? a : "";
	b = b ? b : "";
	return collate_compare(a, strlen(a), b, strlen(b));
}

int collate_sqlite(void *arg, int na, const void *a, int nb, const void *b)
{
	return collate_compare(a, (size_t)na, b, (size_t)nb);
}
