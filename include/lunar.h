/*
 * Lunar (Chinese calendar) dates for playbook nodes such as 春节, 七夕 and 中秋
 * (issue 15): ICU's Chinese calendar, for any year, read as a day number in
 * China's time (Asia/Shanghai), where the festival is kept.
 */
#ifndef SOPDECK_LUNAR_H
#define SOPDECK_LUNAR_H

/* The first and last lunar year lunar_to_day answers for (Gregorian years they begin in). */
#define LUNAR_YEAR_MIN 1900
#define LUNAR_YEAR_MAX 9998

/*
 * The day (include/dates.h) of lunar month (1..12, never the leap month) and
 * day (1..30) in the lunar year that begins in Gregorian year `year` (正月初一
 * 2026 is 2026-02-17). A day 30 in a 29-day month is that month's last day.
 * DATE_INVALID outside [LUNAR_YEAR_MIN, LUNAR_YEAR_MAX], for a bad month or
 * day, or if ICU cannot open the calendar.
 */
int lunar_to_day(int year, int month, int day);

/*
 * The first day >= from of lunar month/day plus offset days (除夕 is 01-01
 * with offset -1), or DATE_INVALID.
 */
int lunar_next(int month, int day, int offset, int from);

/*
 * The first day and length (29 or 30) of lunar month (1..12, not leap) of year
 * by ICU and Meeus, never the compiled table: 0, or -1 (out of range, no ICU).
 * lunar_to_day reads the table for LUNAR_TABLE_FIRST..LAST (model/lunar-table.h);
 * this is what wrote it, and what its test compares it with.
 */
int lunar_month_compute(int year, int month, int *first, int *length);

/* 0, or -1 with cause if ICU's Chinese calendar cannot be opened (no ICU data). */
int lunar_ready(char **cause);

#endif
