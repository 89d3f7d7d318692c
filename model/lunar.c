/*
 * Lunar dates through ICU's Chinese calendar (include/lunar.h). One calendar
 * object for the process; the months asked for are kept in a small cache,
 * since the due rule asks for the same few nodes on every day it checks.
 *
 * ICU (72) says which new moon begins which lunar month (leap months
 * included), but its lunar theory is off by minutes: when a new moon falls
 * close to Beijing midnight it picks the wrong day (春节 2027 on 02-07, not
 * 02-06; 2030 on 02-02, not 02-03). So the day each month begins is taken
 * from Meeus's new moon (Astronomical Algorithms, ch. 49: seconds, not
 * minutes) for the lunation ICU names.
 *
 * Years LUNAR_TABLE_FIRST..LAST come from model/lunar-table.c, which this
 * computation wrote (test_lunar_table checks every entry against it): opening
 * ICU's calendar and its astronomy cost the console's first frame a third of
 * its instructions, for dates that never change. ICU only for other years.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <unicode/ucal.h>
#include <unicode/ustring.h>

#include "dates.h"
#include "i18n.h"
#include "lunar.h"
#include "lunar-table.h"
#include "util.h"

/* ICU counts Chinese years from 2637 BC: the year beginning in 2026 is 4663. */
#define CHINESE_YEAR_OFFSET 2637
#define MS_PER_DAY 86400000.0

static UCalendar *chinese;
static UErrorCode open_error = U_ZERO_ERROR;

/* A lunar month's first day and length. */
struct lunar_month {
	int year, month; /* 0 = empty entry */
	int first, length;
};

#define CACHE_SIZE 64
static struct lunar_month cache[CACHE_SIZE];
static unsigned cache_next;

int lunar_ready(char **cause)
{
	if (chinese)
		return 0;
	if (U_FAILURE(open_error))
		return set_cause(cause, _("ICU: cannot open the Chinese calendar: %s"),
				 u_errorName(open_error));
	UChar zone[32];
	u_uastrcpy(zone, "Asia/Shanghai");
	UErrorCode err = U_ZERO_ERROR;
	UCalendar *cal = ucal_open(zone, -1, "zh_CN@calendar=chinese", UCAL_DEFAULT, &err);
	if (U_FAILURE(err)) {
		if (cal)
			ucal_close(cal);
		open_error = err;
		return set_cause(cause, _("ICU: cannot open the Chinese calendar: %s"),
				 u_errorName(err));
	}
	chinese = cal;
	return 0;
}

#define PI 3.14159265358979323846
#define JD_UNIX_EPOCH 2440587.5 /* 1970-01-01 00:00 UT */
#define SYNODIC_MONTH 29.530588861
#define NEW_MOON_K0 2451550.09766 /* JDE of new moon k = 0 (2000-01-06) */

static double sin_deg(double d)
{
	return sin(fmod(d, 360.0) * PI / 180.0);
}

/* TT - UT in seconds (Espenak and Meeus's polynomials; a minute off moves no date). */
static double delta_t(double year)
{
	double t;
	if (year < 1920) {
		t = year - 1900;
		return -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t * t * t -
		       0.000197 * t * t * t * t;
	}
	if (year < 1941) {
		t = year - 1920;
		return 21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t * t * t;
	}
	if (year < 1961) {
		t = year - 1950;
		return 29.07 + 0.407 * t - t * t / 233 + t * t * t / 2547;
	}
	if (year < 1986) {
		t = year - 1975;
		return 45.45 + 1.067 * t - t * t / 260 - t * t * t / 718;
	}
	if (year < 2005) {
		t = year - 2000;
		return 63.86 + 0.3345 * t - 0.060374 * t * t + 0.0017275 * t * t * t +
		       0.000651814 * t * t * t * t + 0.00002373599 * t * t * t * t * t;
	}
	if (year < 2050) {
		t = year - 2000;
		return 62.92 + 0.32217 * t + 0.005589 * t * t;
	}
	double u = (year - 1820) / 100;
	return -20 + 32 * u * u - (year < 2150 ? 0.5628 * (2150 - year) : 0);
}

/* The JDE (Julian ephemeris day) of new moon number k (k = 0: 2000-01-06), Meeus ch. 49. */
static double new_moon_jde(double k)
{
	double t = k / 1236.85, t2 = t * t, t3 = t2 * t, t4 = t3 * t;
	double jde = NEW_MOON_K0 + SYNODIC_MONTH * k + 0.00015437 * t2 - 0.000000150 * t3 +
		     0.00000000073 * t4;
	double e = 1 - 0.002516 * t - 0.0000074 * t2;
	double m = 2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3;
	double mp = 201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 -
		    0.000000058 * t4;
	double f = 160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 +
		   0.000000011 * t4;
	double om = 124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3;
	jde += -0.40720 * sin_deg(mp) + 0.17241 * e * sin_deg(m) + 0.01608 * sin_deg(2 * mp) +
	       0.01039 * sin_deg(2 * f) + 0.00739 * e * sin_deg(mp - m) -
	       0.00514 * e * sin_deg(mp + m) + 0.00208 * e * e * sin_deg(2 * m) -
	       0.00111 * sin_deg(mp - 2 * f) - 0.00057 * sin_deg(mp + 2 * f) +
	       0.00056 * e * sin_deg(2 * mp + m) - 0.00042 * sin_deg(3 * mp) +
	       0.00042 * e * sin_deg(m + 2 * f) + 0.00038 * e * sin_deg(m - 2 * f) -
	       0.00024 * e * sin_deg(2 * mp - m) - 0.00017 * sin_deg(om) -
	       0.00007 * sin_deg(mp + 2 * m) + 0.00004 * sin_deg(2 * mp - 2 * f) +
	       0.00004 * sin_deg(3 * m) + 0.00003 * sin_deg(mp + m - 2 * f) +
	       0.00003 * sin_deg(2 * mp + 2 * f) - 0.00003 * sin_deg(mp + m + 2 * f) +
	       0.00003 * sin_deg(mp - m + 2 * f) - 0.00002 * sin_deg(mp - m - 2 * f) -
	       0.00002 * sin_deg(3 * mp + m) + 0.00002 * sin_deg(4 * mp);
	/* The planetary arguments A1..A14 and their coefficients. */
	static const double a0[14] = {299.77, 251.88, 251.83, 349.42, 84.66,  141.74, 207.14,
				      154.84, 34.52,  207.19, 291.34, 161.72, 239.56, 331.55};
	static const double a1[14] = {0.107408, 0.016321, 26.651886, 36.412478, 18.206239,
				      53.303771, 2.453732, 7.306860,  27.261239, 0.121824,
				      1.844379,  24.198154, 25.513099, 3.592518};
	static const double coef[14] = {0.000325, 0.000165, 0.000164, 0.000126, 0.000110,
					0.000062, 0.000060, 0.000056, 0.000047, 0.000042,
					0.000040, 0.000037, 0.000035, 0.000023};
	for (int i = 0; i < 14; i++)
		jde += coef[i] * sin_deg(a0[i] + a1[i] * k - (i == 0 ? 0.009173 * t2 : 0));
	return jde;
}

/* The lunation nearest day d (its number k), for a day on which ICU starts a month. */
static double lunation_near(int day)
{
	return round((JD_UNIX_EPOCH + day - NEW_MOON_K0) / SYNODIC_MONTH);
}

/*
 * The day of new moon k in China: UTC+8 since 1929, Beijing's local mean time
 * (UTC+7:45:40) before, as the calendar was computed then.
 */
static int new_moon_day(double k)
{
	double jde = new_moon_jde(k);
	double year = 2000 + k / 12.3685;
	double jd_ut = jde - delta_t(year) / 86400;
	double zone = year < 1929 ? (7 * 3600 + 45 * 60 + 40) / 86400.0 : 8.0 / 24;
	return (int)floor(jd_ut + zone - JD_UNIX_EPOCH);
}

/* The first day and length of lunar month (not leap) of the year beginning in `year`. */
static int month_compute(int year, int month, struct lunar_month *out)
{
	if (lunar_ready(NULL) < 0)
		return -1;
	UErrorCode err = U_ZERO_ERROR;
	ucal_clear(chinese);
	ucal_set(chinese, UCAL_EXTENDED_YEAR, year + CHINESE_YEAR_OFFSET);
	ucal_set(chinese, UCAL_MONTH, month - 1);
	ucal_set(chinese, UCAL_IS_LEAP_MONTH, 0);
	ucal_set(chinese, UCAL_DATE, 1);
	UDate ms = ucal_getMillis(chinese, &err);
	/* Local midnight in Shanghai: add the zone's offset then, DST of 1986-91 included. */
	int32_t zone = ucal_get(chinese, UCAL_ZONE_OFFSET, &err);
	int32_t dst = ucal_get(chinese, UCAL_DST_OFFSET, &err);
	int32_t length = ucal_getLimit(chinese, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &err);
	if (U_FAILURE(err))
		return -1;
	int icu_first = (int)floor((ms + zone + dst) / MS_PER_DAY);
	/* ICU's lunation, Meeus's days: the month runs to the next new moon. */
	double k = lunation_near(icu_first);
	int first = new_moon_day(k), next = new_moon_day(k + 1);
	if (first < icu_first - 1 || first > icu_first + 1 || next - first < 29 ||
	    next - first > 30) {
		/* Cannot happen for a lunation ICU names; ICU's own answer, rather than none. */
		first = icu_first;
		next = icu_first + length;
	}
	*out = (struct lunar_month){year, month, first, next - first};
	return 0;
}

int lunar_month_compute(int year, int month, int *first, int *length)
{
	struct lunar_month m;
	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX || month < 1 || month > 12 ||
	    month_compute(year, month, &m) < 0)
		return -1;
	*first = m.first;
	*length = m.length;
	return 0;
}

int lunar_to_day(int year, int month, int day)
{
	if (year < LUNAR_YEAR_MIN || year > LUNAR_YEAR_MAX || month < 1 || month > 12 ||
	    day < 1 || day > 30)
		return DATE_INVALID;
	struct lunar_month t;
	const struct lunar_month *m = NULL;
	if (year >= LUNAR_TABLE_FIRST && year <= LUNAR_TABLE_LAST) {
		uint32_t e = lunar_table[year - LUNAR_TABLE_FIRST][month - 1];
		t = (struct lunar_month){year, month, LUNAR_TABLE_FIRST_DAY(e),
					 LUNAR_TABLE_LENGTH(e)};
		m = &t;
	}
	for (int i = 0; i < CACHE_SIZE && !m; i++)
		if (cache[i].year == year && cache[i].month == month)
			m = &cache[i];
	if (!m) {
		struct lunar_month *slot = &cache[cache_next++ % CACHE_SIZE];
		if (month_compute(year, month, slot) < 0) {
			memset(slot, 0, sizeof *slot);
			return DATE_INVALID;
		}
		m = slot;
	}
	int d = m->first + (day < m->length ? day : m->length) - 1;
	return date_in_range(d) ? d : DATE_INVALID;
}

int lunar_next(int month, int day, int offset, int from)
{
	if (from == DATE_INVALID)
		return DATE_INVALID;
	int y, m, d;
	date_to_ymd(from, &y, &m, &d);
	/*
	 * A lunar year begins between Jan 21 and Feb 20: its late months, and an
	 * offset, can land in the next Gregorian year, so the year before counts too.
	 */
	for (int yy = y - 1; yy <= y + 1; yy++) {
		int base = lunar_to_day(yy, month, day);
		if (base == DATE_INVALID)
			continue;
		int at = date_add(base, offset);
		if (at != DATE_INVALID && at >= from)
			return at;
	}
	return DATE_INVALID;
}
