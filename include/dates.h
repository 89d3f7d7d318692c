/*
 * Calendar dates as day numbers: days since 1970-01-01 in the proleptic
 * Gregorian calendar, so arithmetic is plain integer arithmetic.
 */
#ifndef SOPDECK_DATES_H
#define SOPDECK_DATES_H

#include <stdbool.h>

#define DATE_INVALID (-2147483647 - 1)

/*
 * The dates sopdeck works with: 1900-01-01 .. 9999-12-31. Every date read from
 * a file or the command line is refused outside it (so no year 0000 or 10000 is
 * ever stored or printed), an ISO week must lie wholly inside it, and --today
 * must leave a year of room before the end (DATE_TODAY_MAX) for the weeks,
 * months and countdowns computed around it.
 */
#define DATE_MIN (-25567)        /* 1900-01-01 */
#define DATE_MAX 2932896         /* 9999-12-31 */
#define DATE_TODAY_MAX 2932531   /* 9998-12-31 */
bool date_in_range(int day);
/* day + n days, or DATE_INVALID when that leaves [DATE_MIN, DATE_MAX]. */
int date_add(int day, int n);

int date_from_ymd(int y, int m, int d);
void date_to_ymd(int day, int *y, int *m, int *d);
bool date_valid_ymd(int y, int m, int d);
int date_days_in_month(int y, int m);
bool date_is_leap(int y);

/* 0 = Monday ... 6 = Sunday. */
int date_weekday(int day);

/* Strict "YYYY-MM-DD" in [DATE_MIN, DATE_MAX]; DATE_INVALID for anything else (2026-02-30). */
int date_parse(const char *s);
/* "YYYY-MM-DD" into out (11 bytes). */
void date_format(int day, char out[11]);

/* ISO 8601 week: year and week (1..53) the day falls in. */
void date_iso_week(int day, int *iso_year, int *week);
/* Weeks in an ISO year: 52 or 53. */
int date_iso_weeks_in_year(int iso_year);
/* The Monday of an ISO week, or DATE_INVALID if it does not exist or leaves the range. */
int date_iso_week_start(int iso_year, int week);
/* Parse "YYYY-Www" into the week's Monday; DATE_INVALID if malformed or nonexistent. */
int date_parse_iso_week(const char *s);

/* The local date today. */
int date_today(void);

/* "HH:MM" into minutes since midnight, or -1. */
int time_parse_hhmm(const char *s);
void time_format_hhmm(int minutes, char out[6]);

#endif
