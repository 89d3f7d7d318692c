/* Day-number date arithmetic (Howard Hinnant's civil calendar algorithms) and ISO weeks. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dates.h"
#include "i18n.h"

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
	/* By hand: snprintf cost a thousand instructions, once per item of `today`. */
	unsigned m = minutes < 0 ? 0u : (unsigned)minutes, h = (m / 60) % 100u, mm = m % 60u;
	out[0] = (char)('0' + h / 10);
	out[1] = (char)('0' + h % 10);
	out[2] = ':';
	out[3] = (char)('0' + mm / 10);
	out[4] = (char)('0' + mm % 10);
	out[5] = '\0';
}

/* ---- the clock and the workspace's zone ---- */


/* "2026-03-04T23:30:00Z" or "...+08:00"/"-07:00" into an instant; -1 if malformed. */
static int parse_instant(const char *s, time_t *out)
{
	size_t n = s ? strlen(s) : 0;
	if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') ||
	    s[13] != ':' || s[16] != ':')
		return -1;
	int y = parse_digits(s, 4), mo = parse_digits(s + 5, 2), d = parse_digits(s + 8, 2);
	int h = parse_digits(s + 11, 2), mi = parse_digits(s + 14, 2), se = parse_digits(s + 17, 2);
	if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0 || !date_valid_ymd(y, mo, d) ||
	    h > 23 || mi > 59 || se > 60)
		return -1;
	long off = 0;
	const char *z = s + 19;
	if (strcmp(z, "Z") != 0) {
		if (strlen(z) != 6 || (z[0] != '+' && z[0] != '-') || z[3] != ':')
			return -1;
		int oh = parse_digits(z + 1, 2), om = parse_digits(z + 4, 2);
		if (oh < 0 || om < 0 || oh > 14 || om > 59)
			return -1;
		off = (z[0] == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
	}
	*out = (time_t)date_from_ymd(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
	return 0;
}

time_t date_clock(void)
{
	const char *fake = getenv("SOPDECK_NOW");
	time_t t;
	if (fake && *fake && parse_instant(fake, &t) == 0)
		return t;
	return time(NULL);
}

int date_today(void)
{
	time_t t = date_clock();
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int date_now_minutes(void)
{
	time_t t = date_clock();
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

int date_minute_on(int day)
{
	int today = date_today();
	if (day < today)
		return 24 * 60;
	if (day > today)
		return -1;
	return date_now_minutes();
}

/* Zones operators use, as POSIX rules, for hosts whose tz database is missing. */
static const struct {
	const char *name, *posix;
} known_zones[] = {
	{"Asia/Shanghai", "CST-8"},
	{"Asia/Chongqing", "CST-8"},
	{"Asia/Hong_Kong", "HKT-8"},
	{"Asia/Taipei", "CST-8"},
	{"Asia/Macau", "CST-8"},
	{"Asia/Singapore", "<+08>-8"},
	{"Asia/Tokyo", "JST-9"},
	{"UTC", "UTC0"},
	{"Etc/UTC", "UTC0"},
	{"America/Los_Angeles", "PST8PDT,M3.2.0,M11.1.0"},
	{"America/New_York", "EST5EDT,M3.2.0,M11.1.0"},
	{"Europe/London", "GMT0BST,M3.5.0/1,M10.5.0"},
	{"Europe/Berlin", "CET-1CEST,M3.5.0,M10.5.0/3"},
};

static char zone_now[64] = DATE_ZONE_DEFAULT;

/* The tz database file for name, if the host has one. */
static bool zone_file_exists(const char *name)
{
	const char *dir = getenv("TZDIR");
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir && *dir ? dir : "/usr/share/zoneinfo", name);
	struct stat sb;
	return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* A zone name: Area/Place letters, digits, '_', '-', '+', '/'; no "..", no leading '/'. */
static bool zone_name_ok(const char *zone)
{
	size_t n = zone ? strlen(zone) : 0;
	if (n == 0 || n >= sizeof zone_now || zone[0] == '/' || strstr(zone, ".."))
		return false;
	for (const char *p = zone; *p; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= '0' && *p <= '9') || *p == '_' || *p == '-' || *p == '+' || *p == '/'))
			return false;
	return true;
}

static const char *zone_posix(const char *zone)
{
	for (size_t i = 0; i < sizeof known_zones / sizeof known_zones[0]; i++)
		if (strcmp(known_zones[i].name, zone) == 0)
			return known_zones[i].posix;
	return NULL;
}

bool date_zone_valid(const char *zone)
{
	return zone_name_ok(zone) && (zone_file_exists(zone) || zone_posix(zone));
}

int date_zone_set(const char *zone, char **cause)
{
	if (!date_zone_valid(zone)) {
		if (cause) {
			free(*cause);
			size_t n = strlen(zone ? zone : "") + 128;
			*cause = malloc(n);
			if (*cause)
				snprintf(*cause, n, _("unknown time zone '%s' (expected a tz name "
						      "such as Asia/Shanghai)"), zone ? zone : "");
		}
		return -1;
	}
	/* The tz file when there is one (history, DST); the built-in rule otherwise. */
	char tz[96];
	if (zone_file_exists(zone))
		snprintf(tz, sizeof tz, ":%s", zone);
	else
		snprintf(tz, sizeof tz, "%s", zone_posix(zone));
	setenv("TZ", tz, 1);
	tzset();
	snprintf(zone_now, sizeof zone_now, "%s", zone);
	return 0;
}

const char *date_zone(void)
{
	return zone_now;
}

void date_stamp_utc(time_t t, char out[DATE_STAMP_SIZE])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, DATE_STAMP_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int date_stamp_parse(const char *s, time_t *out)
{
	if (parse_instant(s, out) == 0)
		return 0;
	/* Naive "YYYY-MM-DD HH:MM:SS" from before migration 009: local time. */
	if (!s || strlen(s) != 19 || s[10] != ' ')
		return -1;
	char z[21];
	snprintf(z, sizeof z, "%sZ", s);
	time_t as_utc;
	if (parse_instant(z, &as_utc) < 0)
		return -1;
	struct tm tm;
	gmtime_r(&as_utc, &tm);
	tm.tm_isdst = -1;
	*out = mktime(&tm);
	return 0;
}

void date_stamp_show(const char *s, char out[20])
{
	time_t t;
	if (date_stamp_parse(s, &t) < 0) {
		snprintf(out, 20, "%s", s ? s : "");
		return;
	}
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

int date_stamp_day(const char *s)
{
	time_t t;
	if (date_stamp_parse(s, &t) < 0)
		return DATE_INVALID;
	struct tm tm;
	localtime_r(&t, &tm);
	return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

time_t date_local_instant(int day, int min)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d,
			.tm_hour = min / 60, .tm_min = min % 60, .tm_isdst = -1};
	return mktime(&tm);
}
