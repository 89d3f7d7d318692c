/* Day-number date arithmetic (Howard Hinnant's civil calendar algorithms) and ISO weeks. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "dates.h"

bool date_is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m < 1 || m > 12)
		return 0;
	return m == 2 && date_is_leap(y) ? 29 : days[m - 1];
}

bool date_in_range(int day)
{
	return day >= DATE_MIN && day <= DATE_MAX;
}

/* Offsets are checked against the range before adding, so nothing can overflow. */
int date_add(int day, int n)
{
	if (!date_in_range(day) || n < DATE_MIN - day || n > DATE_MAX - day)
		return DATE_INVALID;
	return day + n;
}

/* Years 1900..9999 only: the range every stored date lies in. */
bool date_valid_ymd(int y, int m, int d)
{
	return y >= 1900 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
	       d <= date_days_in_month(y, m);
}

int date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void date_to_ymd(int day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int date_weekday(int day)
{
	/* 1970-01-01 was a Thursday (3 when Monday is 0). */
	int w = (day + 3) % 7;
	return w < 0 ? w + 7 : w;
}

static int parse_digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int date_parse(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return DATE_INVALID;
	int y = parse_digits(s, 4), m = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
	if (y < 0 || m < 0 || d < 0 || !date_valid_ymd(y, m, d))
		return DATE_INVALID;
	return date_from_ymd(y, m, d);
}

void date_format(int day, char out[11])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	unsigned uy = (unsigned)y % 10000u, um = (unsigned)m % 100u, ud = (unsigned)d % 100u;
	snprintf(out, 11, "%04u-%02u-%02u", uy, um, ud);
}

void date_iso_week(int day, int *iso_year, int *week)
{
	/* The ISO week belongs to the year of its Thursday. */
	int thursday = day - date_weekday(day) + 3;
	int y, m, d;
	date_to_ymd(thursday, &y, &m, &d);
	*iso_year = y;
	*week = (thursday - date_from_ymd(y, 1, 1)) / 7 + 1;
}

int date_iso_weeks_in_year(int iso_year)
{
	int y, w;
	date_iso_week(date_from_ymd(iso_year, 12, 28), &y, &w);
	return w;
}

int date_iso_week_start(int iso_year, int week)
{
	if (iso_year < 1900 || iso_year > 9999 || week < 1 ||
	    week > date_iso_weeks_in_year(iso_year))
		return DATE_INVALID;
	/* January 4th is always in week 1. */
	int jan4 = date_from_ymd(iso_year, 1, 4);
	int monday = jan4 - date_weekday(jan4) + (week - 1) * 7;
	/* 9999-W52 ends on 10000-01-02: a week is usable only wholly inside the range. */
	if (!date_in_range(monday) || !date_in_range(monday + 6))
		return DATE_INVALID;
	return monday;
}

int date_parse_iso_week(const char *s)
{
	if (!s || strlen(s) != 8 || s[4] != '-' || (s[5] != 'W' && s[5] != 'w'))
		return DATE_INVALID;
	int y = parse_digits(s, 4), w = parse_digits(s + 6, 2);
	if (y < 0 || w < 0)
		return DATE_INVALID;
	return date_iso_week_start(y, w);
}

int date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int time_parse_hhmm(const char *s)
{
	if (!s)
		return -1;
	size_t n = strlen(s);
	if (n != 5 && n != 4)
		return -1;
	int h, m;
	if (n == 5) {
		if (s[2] != ':')
			return -1;
		h = parse_digits(s, 2);
		m = parse_digits(s + 3, 2);
	} else {
		if (s[1] != ':')
			return -1;
		h = parse_digits(s, 1);
		m = parse_digits(s + 2, 2);
	}
	if (h < 0 || m < 0 || h > 23 || m > 59)
		return -1;
	return h * 60 + m;
}

void time_format_hhmm(int minutes, char out[6])
{
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes;
	snprintf(out, 6, "%02u:%02u", (m / 60) % 100u, m % 60u);
}
