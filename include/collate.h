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
 * Open the collator now if it is not open, so that a missing ICU data file is
 * an error where the database opens rather than a silent byte order later.
 */
int collate_ready(char **cause);

/* strcmp's contract by the collator: <0, 0 (only for identical bytes), >0. */
int collate_compare(const char *a, size_t na, const char *b, size_t nb);
/* collate_compare for NUL-terminated strings (NULL sorts as ""). */
int collate_strcmp(const char *a, const char *b);

/* The comparison with SQLite's collation signature (sqlite3_create_collation_v2). */
int collate_sqlite(void *arg, int na, const void *a, int nb, const void *b);

#endif
