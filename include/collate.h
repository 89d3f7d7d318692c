/*
 * Ordering the way people read (issue 15): group names and titles compare with
 * ICU's collator, by pinyin in Chinese (宝妈一群 before 售后群A, 阿 before 宝),
 * numbers by value (2群 before 10群). SQL reaches it as the collation PINYIN,
 * registered on every connection by db_open.
 */
#ifndef SOPDECK_COLLATE_H
#define SOPDECK_COLLATE_H

#include <stdbool.h>
#include <stddef.h>

/* The name SQL uses: ORDER BY name COLLATE PINYIN. */
#define COLLATE_SQL_NAME "PINYIN"

/*
 * Choose the collator's language: "zh..." (pinyin), anything else ("en", "C")
 * ICU's root order, Latin letters alphabetically and Han by radical and stroke.
 * The language setting (--lang, SOPDECK_LANG, config) calls this; before any
 * call the first comparison takes $SOPDECK_LANG, else "zh". -1 with cause if
 * ICU cannot open the collator (no ICU data).
 */
int collate_set_language(const char *lang, char **cause);
/* The language in effect ("zh" or "en"), choosing the default if none was set. */
const char *collate_language(void);
/*
 * Open the collator now if it is not open: 0, or -1 with cause (no ICU data).
 * Opened on first use (a comparison, a key), not when the database opens: the
 * console lists groups by their stored keys and never needs it to start.
 */
int collate_ready(char **cause);

/* strcmp's contract by the collator: <0, 0 (only for identical bytes), >0. */
int collate_compare(const char *a, size_t na, const char *b, size_t nb);
/* collate_compare for NUL-terminated strings (NULL sorts as ""). */
int collate_strcmp(const char *a, const char *b);

/*
 * The collation key of s (n bytes): bytes whose memcmp order is collate_compare's
 * before its byte tie-break, so a stored key (chat_group.sort_key, migration 020)
 * orders with `ORDER BY sort_key, name` exactly as `ORDER BY name COLLATE PINYIN`
 * without opening ICU. malloc'd in *key, *len bytes; -1 with cause without ICU data.
 */
int collate_key(const char *s, size_t n, unsigned char **key, size_t *len, char **cause);
/*
 * What the keys depend on: ICU's version and the language ("ICU 72.1 zh numeric").
 * Keys stored under another are stale (db_open makes them again); no ICU data needed.
 */
const char *collate_key_version(void);

/* The comparison with SQLite's collation signature (sqlite3_create_collation_v2). */
int collate_sqlite(void *arg, int na, const void *a, int nb, const void *b);

#endif
