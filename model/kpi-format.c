/*
 * How a KPI reads: the value in display units, its status against the
 * thresholds, its trend, and the text of values, thresholds, statuses,
 * arrows and sparklines. Pure: no database.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "kpi.h"
#include "util.h"

double kpi_display_value(const struct pb_metric *m, double value)
{
	return m->unit == UNIT_PERCENT ? value * 100 : value;
}

/* A rate outside 0-100% (or a value that is not a number) can only come from wrong counters. */
bool kpi_value_impossible(const struct pb_metric *m, double value)
{
	double v = kpi_display_value(m, value);
	if (!isfinite(v))
		return true;
	return m->unit == UNIT_PERCENT && !(v >= 0 && v <= 100);
}

enum kpi_status kpi_metric_status(const struct pb_metric *m, bool defined, double value)
{
	if (!defined)
		return KPI_NO_DATA;
	if (kpi_value_impossible(m, value))
		return KPI_WARN;  /* bad data is never "ok" (issue 12) */
	double v = kpi_display_value(m, value);
	if (m->has_warn_below && v < m->warn_below)
		return KPI_WARN;
	if (m->has_warn_above && v > m->warn_above)
		return KPI_WARN;
	return KPI_OK;
}

enum kpi_trend kpi_trend_of(const struct pb_metric *m, bool defined, double value,
			    bool prev_defined, double prev)
{
	if (!defined || !prev_defined)
		return KPI_TREND_NONE;
	double d = kpi_display_value(m, value) - kpi_display_value(m, prev);
	if (fabs(d) < 0.05)
		return KPI_TREND_FLAT;
	return d > 0 ? KPI_TREND_UP : KPI_TREND_DOWN;
}

bool kpi_higher_is_better(const struct pb_metric *m)
{
	return m->has_warn_below || !m->has_warn_above;
}

/* A number without needless decimals: 20, 12.5. */
static void fmt_num(double v, char *out, size_t size)
{
	if (fabs(v - round(v)) < 1e-9)
		snprintf(out, size, "%.0f", v);
	else
		snprintf(out, size, "%.1f", v);
}

/*
 * v with decimals (1 or 2) digits after the point, then suffix, as printf's
 * "%.Nf" writes it: false, nothing written, where it might differ (a value
 * near a halfway point, negative, large, or not finite), so the caller asks
 * printf. Today formats 1,500 advice values; printf took 1,500 instructions each.
 */
static bool fmt_fixed(double v, int decimals, const char *prefix, const char *suffix,
		      char *out, size_t size)
{
	double x = v * (decimals == 1 ? 10 : 100);
	if (!(x >= 0 && x < 1e15))
		return false;
	double f = x - floor(x);
	/* x is v * 10^N rounded once: far from .5, it rounds as v's exact value does. */
	if (fabs(f - 0.5) < 1e-6)
		return false;
	unsigned long long n = (unsigned long long)x + (f > 0.5);
	char digits[24];
	int nd = 0;
	do {
		digits[nd++] = (char)('0' + n % 10);
		n /= 10;
	} while (n || nd <= decimals);
	size_t lp = strlen(prefix), ls = strlen(suffix);
	if (lp + (size_t)nd + 1 + ls + 1 > size)
		return false;
	char *p = out;
	memcpy(p, prefix, lp);
	p += lp;
	for (int i = nd - 1; i >= 0; i--) {
		*p++ = digits[i];
		if (i == decimals)
			*p++ = '.';
	}
	memcpy(p, suffix, ls + 1);
	return true;
}

void kpi_format_value(const struct pb_metric *m, bool defined, double value, char *out,
		      size_t size)
{
	if (!defined) {
		snprintf(out, size, "—");
		return;
	}
	switch (m->unit) {
	case UNIT_PERCENT:
		if (!fmt_fixed(value * 100, 1, "", "%", out, size))
			snprintf(out, size, "%.1f%%", value * 100);
		break;
	case UNIT_CURRENCY:
		if (!fmt_fixed(value, 2, "¥", "", out, size))
			snprintf(out, size, "¥%.2f", value);
		break;
	case UNIT_COUNT: fmt_num(value, out, size); break;
	case UNIT_RATIO: snprintf(out, size, "%.2f", value); break;
	}
}

static void fmt_limit(const struct pb_metric *m, double v, char *out, size_t size)
{
	char n[32];
	fmt_num(v, n, sizeof n);
	snprintf(out, size, "%s%s%s", m->unit == UNIT_CURRENCY ? "¥" : "", n,
		 m->unit == UNIT_PERCENT ? "%" : "");
}

void kpi_format_rate(bool defined, double rate, char *out, size_t size)
{
	if (!defined) {
		snprintf(out, size, "%s", "—");
		return;
	}
	/*
	 * "%.1f%%" by hand (a month's content report formats 30,000 rates; snprintf's
	 * exact decimal conversion was 1,700 instructions each). t is within half an ulp
	 * (< 1e-7 here) of the exact tenths, so unless it is that close to a half, rounding
	 * it is snprintf's rounding; near a half, negative, huge or NaN: snprintf decides.
	 */
	double v = rate * 100, t = v * 10;
	if (size >= 16 && !signbit(v) && t < 1e9) {  /* 10 digits, ".", "%", NUL */
		double whole = floor(t), frac = t - whole;
		if (fabs(frac - 0.5) > 1e-6) {
			unsigned long long k = (unsigned long long)whole + (frac > 0.5);
			char digits[24];
			int n = 0;
			do
				digits[n++] = (char)('0' + k % 10);
			while ((k /= 10) > 0);
			if (n == 1)
				digits[n++] = '0';  /* 0.x */
			size_t o = 0;
			while (n > 1)
				out[o++] = digits[--n];
			out[o++] = '.';
			out[o++] = digits[0];
			out[o++] = '%';
			out[o] = '\0';
			return;
		}
	}
	snprintf(out, size, "%.1f%%", v);
}

void kpi_format_threshold(const struct pb_metric *m, char *out, size_t size)
{
	char lo[40] = "", hi[40] = "";
	if (m->has_warn_below)
		fmt_limit(m, m->warn_below, lo, sizeof lo);
	if (m->has_warn_above)
		fmt_limit(m, m->warn_above, hi, sizeof hi);
	if (*lo && *hi)
		snprintf(out, size, "≥%s ≤%s", lo, hi);
	else if (*lo)
		snprintf(out, size, "≥%s", lo);
	else if (*hi)
		snprintf(out, size, "≤%s", hi);
	else
		snprintf(out, size, "%s", "");
}

const char *kpi_status_name(enum kpi_status s)
{
	/* For people: the interface's language (kpi_status_key is the stable word). */
	return s == KPI_OK ? _("ok") : s == KPI_WARN ? _("warn") : _("no data");
}

const char *kpi_status_key(enum kpi_status s)
{
	return s == KPI_OK ? "ok" : s == KPI_WARN ? "warn" : "no_data";
}

const char *kpi_trend_key(enum kpi_trend t)
{
	static const char *const k[] = {"none", "flat", "up", "down"};
	return k[t];
}

const char *kpi_trend_arrow(enum kpi_trend t, bool ascii)
{
	static const char *const u[] = {" ", "→", "↑", "↓"}, *const a[] = {" ", "=", "^", "v"};
	return ascii ? a[t] : u[t];
}

const char *kpi_health_key(enum kpi_health h)
{
	static const char *const k[] = {"no_data", "good", "warn", "bad"};
	return k[h];
}

char *kpi_sparkline(const double *values, const bool *defined, size_t n, bool ascii)
{
	static const char *const blocks[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
	static const char ascii_levels[] = "_.-=+*#@";
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < n; i++)
		if (defined[i]) {
			lo = fmin(lo, values[i]);
			hi = fmax(hi, values[i]);
		}
	struct buf b = {0};
	for (size_t i = 0; i < n; i++) {
		if (!defined[i]) {
			buf_adds(&b, " ");
			continue;
		}
		int level = hi > lo ? (int)lround((values[i] - lo) / (hi - lo) * 7) : 3;
		if (ascii)
			buf_add(&b, &ascii_levels[level], 1);
		else
			buf_adds(&b, blocks[level]);
	}
	char *s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}


bool kpi_format_change(const struct kpi_version_metric *m, char *out, size_t size)
{
	*out = '\0';
	if (!m->before_defined && !m->after_defined)
		return false;
	char b[48], a[48];
	kpi_format_value(m->metric, m->before_defined, m->before, b, sizeof b);
	kpi_format_value(m->metric, m->after_defined, m->after, a, sizeof a);
	if (m->has_change)
		snprintf(out, size, "%s → %s (%+.0f%%)", b, a, m->change * 100);
	else
		snprintf(out, size, "%s → %s", b, a);
	return true;
}
