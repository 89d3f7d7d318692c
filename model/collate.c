/*
 * The collator behind COLLATE PINYIN (include/collate.h): one ICU collator for
 * the process, opened on first use for the language chosen, compared on the
 * UTF-8 bytes directly (ucol_strcollUTF8, no conversion to UTF-16).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/ucol.h>
#include <unicode/uversion.h>
#include <unicode/ustring.h>

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

int collate_key(const char *s, size_t n, unsigned char **key, size_t *len, char **cause)
{
	if (collate_ready(cause) < 0)
		return -1;
	/* UTF-16 for ucol_getSortKey; ill-formed bytes become U+FFFD, as strcollUTF8 reads them. */
	UErrorCode err = U_ZERO_ERROR;
	int32_t ulen = 0;
	u_strFromUTF8WithSub(NULL, 0, &ulen, s, (int32_t)n, 0xFFFD, NULL, &err);
	if (U_FAILURE(err) && err != U_BUFFER_OVERFLOW_ERROR)
		return set_cause(cause, _("ICU: cannot read the text to sort: %s"),
				 u_errorName(err));
	UChar *u = xmalloc(((size_t)ulen + 1) * sizeof *u);
	err = U_ZERO_ERROR;
	u_strFromUTF8WithSub(u, ulen + 1, NULL, s, (int32_t)n, 0xFFFD, NULL, &err);
	if (U_FAILURE(err)) {
		free(u);
		return set_cause(cause, _("ICU: cannot read the text to sort: %s"),
				 u_errorName(err));
	}
	/* The key's length counts its terminating 0 (the only 0 byte in it): not stored. */
	int32_t klen = ucol_getSortKey(collator, u, ulen, NULL, 0);
	unsigned char *k = xmalloc(klen > 0 ? (size_t)klen : 1);
	if (klen > 0)
		ucol_getSortKey(collator, u, ulen, k, klen);
	free(u);
	*key = k;
	*len = klen > 0 ? (size_t)klen - 1 : 0;
	return 0;
}

const char *collate_key_version(void)
{
	static char version[64];
	UVersionInfo v;
	char icu[U_MAX_VERSION_STRING_LENGTH];
	u_getVersion(v);
	u_versionToString(v, icu);
	/* The attributes collator_open sets are part of what a key means. */
	snprintf(version, sizeof version, "ICU %s %s numeric", icu, collate_language());
	return version;
}
