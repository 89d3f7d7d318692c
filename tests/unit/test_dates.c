/* Day numbers, leap years, weekdays, ISO weeks and strict parsing. */
#include <stdio.h>
#include <time.h>

#include "testutil.h"

/* Every day from 1900 to 2100 converts to y/m/d and back, and days follow each other. */
static void civil_round_trip_1900_2100(void **state)
{
	(void)state;
	int start = date_from_ymd(1900, 1, 1), end = date_from_ymd(2100, 12, 31);
	int py = 1899, pm = 12, pd = 31;
	for (int day = start; day <= end; day++) {
		int y, m, d;
		date_to_ymd(day, &y, &m, &d);
		assert_true(date_valid_ymd(y, m, d));
		assert_int_equal(date_from_ymd(y, m, d), day);
		/* The next day of (py, pm, pd). */
		if (pd < date_days_in_month(py, pm)) {
			assert_true(y == py && m == pm && d == pd + 1);
		} else if (pm < 12) {
			assert_true(y == py && m == pm + 1 && d == 1);
		} else {
			assert_true(y == py + 1 && m == 1 && d == 1);
		}
		py = y, pm = m, pd = d;
	}
	assert_int_equal(date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28), 2);
	assert_int_equal(end - start + 1, 201 * 365 + 49); /* 49 leap years: 1904..2096 minus 2100, 1900 */
}

/* Compare with the C library over the same range (timegm is proleptic Gregorian). */
static void agrees_with_timegm(void **state)
{
	(void)state;
	for (int y = 1900; y <= 2100; y += 7) {
		for (int m = 1; m <= 12; m++) {
			struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = 15};
			time_t t = timegm(&tm);
			assert_int_equal(date_from_ymd(y, m, 15), (int)(t / 86400));
			assert_int_equal(date_weekday(date_from_ymd(y, m, 15)), (tm.tm_wday + 6) % 7);
		}
	}
}

static void leap_years(void **state)
{
	(void)state;
	assert_false(date_is_leap(1900));
	assert_true(date_is_leap(2000));
	assert_true(date_is_leap(2024));
	assert_false(date_is_leap(2025));
	assert_false(date_is_leap(2100));
	assert_int_equal(date_days_in_month(1900, 2), 28);
	assert_int_equal(date_days_in_month(2000, 2), 29);
	assert_int_equal(date_days_in_month(2024, 2), 29);
	assert_int_equal(date_days_in_month(2026, 2), 28);
	assert_int_equal(date_days_in_month(2026, 4), 30);
	assert_int_equal(date_days_in_month(2026, 12), 31);
	assert_int_not_equal(date_parse("2000-02-29"), DATE_INVALID);
	assert_int_not_equal(date_parse("2024-02-29"), DATE_INVALID);
	assert_int_equal(date_parse("1900-02-29"), DATE_INVALID);
	assert_int_equal(date_parse("2026-02-29"), DATE_INVALID);
}

static void weekdays(void **state)
{
	(void)state;
	assert_int_equal(date_weekday(0), 3);                 /* 1970-01-01 Thursday */
	assert_int_equal(date_weekday(D("2026-03-04")), 2);   /* Wednesday */
	assert_int_equal(date_weekday(D("2026-03-09")), 0);   /* Monday */
	assert_int_equal(date_weekday(D("2026-03-08")), 6);   /* Sunday */
	assert_int_equal(date_weekday(D("1900-01-01")), 0);   /* Monday */
	assert_int_equal(date_weekday(D("2000-02-29")), 1);   /* Tuesday */
	assert_int_equal(date_weekday(D("2100-12-31")), 4);   /* Friday */
	assert_int_equal(date_weekday(date_from_ymd(1969, 12, 29)), 0); /* before the epoch */
}

static void iso_weeks_across_year_ends(void **state)
{
	(void)state;
	int y, w;
	date_iso_week(D("2021-01-03"), &y, &w);
	assert_int_equal(y, 2020);
	assert_int_equal(w, 53);
	date_iso_week(D("2021-01-04"), &y, &w);
	assert_int_equal(y, 2021);
	assert_int_equal(w, 1);
	date_iso_week(D("2024-12-30"), &y, &w); /* Monday: already 2025-W01 */
	assert_int_equal(y, 2025);
	assert_int_equal(w, 1);
	date_iso_week(D("2026-12-31"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	date_iso_week(D("2027-01-03"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 53);
	date_iso_week(D("2026-03-04"), &y, &w);
	assert_int_equal(y, 2026);
	assert_int_equal(w, 10);

	assert_int_equal(date_iso_weeks_in_year(2020), 53);
	assert_int_equal(date_iso_weeks_in_year(2021), 52);
	assert_int_equal(date_iso_weeks_in_year(2025), 52);
	assert_int_equal(date_iso_weeks_in_year(2026), 53);
	assert_int_equal(date_iso_weeks_in_year(2027), 52);

	assert_int_equal(date_parse_iso_week("2020-W53"), D("2020-12-28"));
	assert_int_equal(date_parse_iso_week("2026-W53"), D("2026-12-28"));
	assert_int_equal(date_parse_iso_week("2025-W53"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("2021-W53"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("2026-W01"), D("2025-12-29"));
	assert_int_equal(date_parse_iso_week("2026-W00"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("2026W10"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("2026-Wxx"), DATE_INVALID);

	/* Every Monday from 2000 to 2030 starts the week it is in. */
	for (int d = D("2000-01-03"); d < D("2030-12-31"); d += 7) {
		date_iso_week(d, &y, &w);
		assert_int_equal(date_iso_week_start(y, w), d);
	}
}

/* Issue 13: no date outside 1900-01-01 .. 9999-12-31 is ever made, so none prints as 0000. */
static void bounded_range(void **state)
{
	(void)state;
	assert_int_equal(DATE_MIN, date_from_ymd(1900, 1, 1));
	assert_int_equal(DATE_MAX, date_from_ymd(9999, 12, 31));
	assert_int_equal(DATE_TODAY_MAX, date_from_ymd(9998, 12, 31));
	assert_int_equal(date_parse("9999-12-31"), DATE_MAX);
	assert_int_equal(date_parse("1900-01-01"), DATE_MIN);
	assert_int_equal(date_parse("1899-12-31"), DATE_INVALID);
	assert_int_equal(date_parse("0000-01-01"), DATE_INVALID);
	assert_int_equal(date_parse("0001-01-01"), DATE_INVALID);
	/* 9999-W52 runs 9999-12-27 .. 10000-01-02: not wholly inside, refused. */
	assert_int_equal(date_parse_iso_week("9999-W52"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("9999-W51"), D("9999-12-20"));
	assert_int_equal(date_iso_week_start(9999, 52), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("1899-W52"), DATE_INVALID);
	assert_int_equal(date_parse_iso_week("1900-W01"), D("1900-01-01"));
	assert_int_equal(date_add(DATE_MAX, 1), DATE_INVALID);
	assert_int_equal(date_add(DATE_MIN, -1), DATE_INVALID);
	assert_int_equal(date_add(DATE_MAX - 7, 7), DATE_MAX);
	assert_int_equal(date_add(D("2026-03-04"), 2147483647), DATE_INVALID);
	assert_int_equal(date_add(D("2026-03-04"), -2147483647 - 1), DATE_INVALID);
	assert_int_equal(date_add(DATE_INVALID, 1), DATE_INVALID);
	assert_true(date_in_range(D("2026-03-04")));
	assert_false(date_in_range(DATE_MAX + 1));
	assert_false(date_valid_ymd(10000, 1, 1));
	assert_false(date_valid_ymd(1899, 12, 31));
}

static void parse_is_strict(void **state)
{
	(void)state;
	assert_int_equal(date_parse("2026-03-04"), date_from_ymd(2026, 3, 4));
	const char *bad[] = {"2026-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-1",
			     "2026/03/04", "20260304", "2026-03-04 ", " 2026-03-04", "2026-03-0x",
			     "garbage", "", "2026-03-04T00", "+026-03-04", "2026-03--4"};
	for (size_t i = 0; i < ARRAY_LEN(bad); i++)
		if (date_parse(bad[i]) != DATE_INVALID)
			fail_msg("date_parse accepted '%s'", bad[i]);
	assert_int_equal(date_parse(NULL), DATE_INVALID);
	char out[11];
	date_format(D("1900-02-28"), out);
	assert_string_equal(out, "1900-02-28");
	date_format(D("2100-12-31"), out);
	assert_string_equal(out, "2100-12-31");
}

static void hhmm(void **state)
{
	(void)state;
	assert_int_equal(time_parse_hhmm("08:30"), 8 * 60 + 30);
	assert_int_equal(time_parse_hhmm("8:30"), 8 * 60 + 30);
	assert_int_equal(time_parse_hhmm("00:00"), 0);
	assert_int_equal(time_parse_hhmm("23:59"), 23 * 60 + 59);
	assert_int_equal(time_parse_hhmm("24:00"), -1);
	assert_int_equal(time_parse_hhmm("12:60"), -1);
	assert_int_equal(time_parse_hhmm("12-30"), -1);
	assert_int_equal(time_parse_hhmm("1230"), -1);
	assert_int_equal(time_parse_hhmm("ab:cd"), -1);
	assert_int_equal(time_parse_hhmm(""), -1);
	assert_int_equal(time_parse_hhmm(NULL), -1);
	char out[6];
	time_format_hhmm(20 * 60, out);
	assert_string_equal(out, "20:00");
	time_format_hhmm(8 * 60 + 5, out);
	assert_string_equal(out, "08:05");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_round_trip_1900_2100),
		cmocka_unit_test(agrees_with_timegm),
		cmocka_unit_test(leap_years),
		cmocka_unit_test(weekdays),
		cmocka_unit_test(iso_weeks_across_year_ends),
		cmocka_unit_test(parse_is_strict),
		cmocka_unit_test(bounded_range),
		cmocka_unit_test(hhmm),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
