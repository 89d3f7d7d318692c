/*
 * The lunar months of LUNAR_TABLE_FIRST..LAST, compiled in (model/lunar-table.c):
 * what lunar_month_compute gives, so lunar_to_day needs no ICU for them.
 * model/ only.
 */
#ifndef SOPDECK_LUNAR_TABLE_H
#define SOPDECK_LUNAR_TABLE_H

#include <stdint.h>

#define LUNAR_TABLE_FIRST 1900
#define LUNAR_TABLE_LAST 2100
/* Day numbers are stored from 1900-01-01 (day -25567), so they are never negative. */
#define LUNAR_TABLE_BASE (-25567)

/* An entry: (first day - LUNAR_TABLE_BASE) << 1, | 1 for a 30-day month. */
#define LUNAR_TABLE_ENTRY(first, length) \
	((uint32_t)((first) - LUNAR_TABLE_BASE) << 1 | (uint32_t)((length) == 30))
#define LUNAR_TABLE_FIRST_DAY(e) ((int)((e) >> 1) + LUNAR_TABLE_BASE)
#define LUNAR_TABLE_LENGTH(e) (29 + (int)((e) & 1))

/* [year - LUNAR_TABLE_FIRST][month - 1], months not leap. */
extern const uint32_t lunar_table[LUNAR_TABLE_LAST - LUNAR_TABLE_FIRST + 1][12];

#endif
