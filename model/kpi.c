/*
 * KPI metrics: sums of counters over a window, the playbook's formulas over
 * the sums (ratio of sums, never mean of ratios), status against thresholds,
 * trends, daily series, the per-group report, advice, SOP version effects and
 * the content effect report.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "formula.h"
#include "internal.h"
#include "kpi.h"
#include "util.h"

const char *const kpi_pdca_keys[KPI_PDCA_N] = {"open_rate", "participation", "conversion", "leave_rate",
				      "contribution"};

static int counter_index(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_counters; i++)
		if (!strcmp(pb->counters[i].key, key))
			return (int)i;
	return -1;
}

static void sums_init(struct kpi_sums *s, const struct playbook *pb)
{
	*s = (struct kpi_sums){.pb = pb};
	s->sum = xcalloc(pb->n_counters + 1, sizeof *s->sum);
	s->rows = xcalloc(pb->n_counters + 1, sizeof *s->rows);
}

/* The cell of (group, day) in s, appended when new; rows arrive ordered by group then day. */
static size_t sums_cell(struct kpi_sums *s, int64_t group_id, int day)
{
	size_t nc = s->pb->n_counters;
	if (s->n_days > 0 && s->cell_group[s->n_days - 1] == group_id &&
	    s->cell_day[s->n_days - 1] == day)
		return (size_t)s->n_days - 1;
	if ((size_t)s->n_days == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 16;
		s->day_val = xrealloc(s->day_val, s->cap * (nc + 1) * sizeof *s->day_val);
		s->day_has = xrealloc(s->day_has, s->cap * (nc + 1) * sizeof *s->day_has);
		s->cell_group = xrealloc(s->cell_group, s->cap * sizeof *s->cell_group);
		s->cell_day = xrealloc(s->cell_day, s->cap * sizeof *s->cell_day);
	}
	size_t at = (size_t)s->n_days++;
	memset(&s->day_val[at * nc], 0, nc * sizeof *s->day_val);
	memset(&s->day_has[at * nc], 0, nc * sizeof *s->day_has);
	s->cell_group[at] = group_id;
	s->cell_day[at] = day;
	return at;
}

int kpi_sums_load(struct db *db, const struct playbook *pb, int64_t group_id, int from, int to,
		  struct kpi_sums *out, char **cause)
{
	sums_init(out, pb);
	/*
	 * Two statements, each a primary-key range per group (over the kpi_day view a
	 * bare day range scanned every stored day). Ordered by group and day so
	 * that every (group, day) is one cell: over all groups a metric may only
	 * sum a group's day when that group has all its counters on that day.
	 */
	sqlite3_stmt *st =
		db_cached(db,
			  group_id ? "SELECT counter, value, day, group_id FROM kpi_day "
				     "WHERE group_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day"
				   : "SELECT counter, value, day, group_id FROM kpi_day WHERE ?1 = 0 "
				     "AND group_id IN (SELECT id FROM chat_group) AND day BETWEEN ?2 "
				     "AND ?3 ORDER BY group_id, day",
			  cause);
	if (!st) {
		kpi_sums_free(out);
		return -1;
	}
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
	size_t nc = pb->n_counters;
	out->by_cell = true;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *counter = db_col_text(st, 0);
		double v = sqlite3_column_double(st, 1);
		int k = counter_index(pb, counter), d = date_parse(db_col_text(st, 2));
		if (k < 0 || d == DATE_INVALID)
			continue;
		size_t at = sums_cell(out, sqlite3_column_int64(st, 3), d) * nc + (size_t)k;
		/* kpi_day has one row per group, day and counter; keep it so if not. */
		if (!out->day_has[at])
			out->rows[k]++;
		out->day_val[at] += v;
		out->day_has[at] = true;
		out->sum[k] += v;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		kpi_sums_free(out);
		return db_fail(db, "summing KPI counters", cause);
	}
	return 0;
}

void kpi_sums_free(struct kpi_sums *s)
{
	free(s->sum);
	free(s->rows);
	free(s->day_val);
	free(s->day_has);
	free(s->cell_group);
	free(s->cell_day);
	*s = (struct kpi_sums){.pb = s->pb};
}

static double sum_of(const char *name, void *ctx)
{
	const struct kpi_sums *s = ctx;
	int i = counter_index(s->pb, name);
	return i < 0 ? 0 : s->sum[i];
}

/* Metric m over the cells of s on day only_day, or over all of them (DATE_INVALID). */
static bool metric_eval_cells(const struct pb_metric *m, const struct kpi_sums *s, int only_day,
			      double *value)
{
	if (!m->formula)
		return false;
	/*
	 * A counter without rows in the window is unknown, not zero: conversion
	 * without an orders export would otherwise show 0% and a false alarm.
	 */
	const char *names[32];
	size_t n = formula_counters(m->formula, names, ARRAY_LEN(names));
	int idx[ARRAY_LEN(names)];
	if (n > ARRAY_LEN(names))
		return false;
	for (size_t i = 0; i < n; i++) {
		idx[i] = counter_index(s->pb, names[i]);
		if (idx[i] < 0 || s->rows[idx[i]] == 0)
			return false;
	}
	if (!s->by_cell)
		return formula_eval(m->formula, sum_of, (void *)s, value);
	/* Sum each counter over the group/days on which every counter of the formula is known. */
	size_t nc = s->pb->n_counters;
	struct kpi_sums masked = {.pb = s->pb};
	masked.sum = xcalloc(nc + 1, sizeof *masked.sum);
	int cells = 0;
	for (int d = 0; d < s->n_days; d++) {
		if (only_day != DATE_INVALID && s->cell_day[d] != only_day)
			continue;
		bool all = true;
		for (size_t i = 0; i < n && all; i++)
			all = s->day_has[(size_t)d * nc + (size_t)idx[i]];
		if (!all)
			continue;
		cells++;
		for (size_t i = 0; i < n; i++)
			masked.sum[idx[i]] += s->day_val[(size_t)d * nc + (size_t)idx[i]];
	}
	bool ok = cells > 0 && formula_eval(m->formula, sum_of, &masked, value);
	free(masked.sum);
	return ok;
}

bool kpi_metric_eval(const struct pb_metric *m, const struct kpi_sums *s, double *value)
{
	return metric_eval_cells(m, s, DATE_INVALID, value);
}

double kpi_display_value(const struct pb_metric *m, double value)
{
	return m->unit == UNIT_PERCENT ? value * 100 : value;
}

enum kpi_status kpi_metric_status(const struct pb_metric *m, bool defined, double value)
{
	if (!defined)
		return KPI_NO_DATA;
	double v = kpi_display_value(m, value);
	if (m->unit == UNIT_PERCENT && (v < 0 || v > 100))
		return KPI_WARN;  /* an impossible rate is bad data, never "ok" (issue 12) */
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

void kpi_format_value(const struct pb_metric *m, bool defined, double value, char *out,
		      size_t size)
{
	if (!defined) {
		snprintf(out, size, "—");
		return;
	}
	switch (m->unit) {
	case UNIT_PERCENT: snprintf(out, size, "%.1f%%", value * 100); break;
	case UNIT_CURRENCY: snprintf(out, size, "¥%.2f", value); break;
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
	return s == KPI_OK ? "ok" : s == KPI_WARN ? "warn" : "no data";
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

int kpi_series(struct db *db, const struct playbook *pb, int64_t group_id,
	       const struct pb_metric *m, int from, int to, double *values, bool *defined,
	       char **cause)
{
	struct kpi_sums s;
	int rc = kpi_sums_load(db, pb, group_id, from, to, &s, cause);
	for (int d = from; d <= to; d++) {
		size_t i = (size_t)(d - from);
		defined[i] = rc == 0 && metric_eval_cells(m, &s, d, &values[i]);
		if (!defined[i])
			values[i] = 0;
	}
	if (rc == 0)
		kpi_sums_free(&s);
	return rc;
}

/* ---- Counters of one day ---- */

int kpi_get_day(struct db *db, const struct playbook *pb, int64_t group_id, int day,
		bool *present, double *value, char **cause)
{
	struct kpi_sums s;
	if (kpi_sums_load(db, pb, group_id, day, day, &s, cause) < 0)
		return -1;
	for (size_t i = 0; i < pb->n_counters; i++) {
		present[i] = s.rows[i] > 0;
		value[i] = s.sum[i];
	}
	kpi_sums_free(&s);
	return 0;
}

char *kpi_day_refusal(const struct group *g, int day, int today)
{
	char d[11], t[11];
	date_format(day, d);
	if (day > today) {
		date_format(today, t);
		return xasprintf("%s is in the future (today is %s): no numbers exist for it yet", d,
				 t);
	}
	if (day < g->created) {
		date_format(g->created, t);
		return xasprintf("%s is before %s was created (%s)", d, g->name, t);
	}
	return NULL;
}

int kpi_set_day(struct db *db, const struct playbook *pb, int64_t group_id, int day, int today,
		const struct kpi_counter_value *values, size_t n, const char *operator,
		char **cause)
{
	struct group g;
	if (group_find_id(db, group_id, &g, cause) < 0)
		return -1;
	char *why = kpi_day_refusal(&g, day, today);
	group_clear(&g);
	if (why) {
		set_cause(cause, "%s", why);
		free(why);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		if (!playbook_counter(pb, values[i].key) || counter_index(pb, values[i].key) < 0)
			return set_cause(cause, "unknown counter '%s'", values[i].key);
		if (values[i].present && (!isfinite(values[i].value) || values[i].value < 0 ||
					  values[i].value > KPI_COUNTER_MAX))
			return set_cause(cause, "%s: want a number from 0 to %.0f", values[i].key,
					 KPI_COUNTER_MAX);
	}
	char date[11], now[DB_NOW_SIZE];
	date_format(day, date);
	db_now(now);
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *del = NULL, *ins = NULL, *grp = NULL;
	int rc = 0;
	if (db_prepare(db, "SELECT name FROM chat_group WHERE id = ?", &grp, cause) < 0 ||
	    db_prepare(db, "DELETE FROM kpi_day WHERE group_id = ? AND day = ? AND counter = ?",
		       &del, cause) < 0 ||
	    db_prepare(db,
		       "INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source) "
		       "VALUES (?, ?, ?, ?, ?, 'manual')",
		       &ins, cause) < 0)
		rc = -1;
	char *gname = NULL;
	if (rc == 0) {
		sqlite3_bind_int64(grp, 1, group_id);
		if (sqlite3_step(grp) == SQLITE_ROW)
			gname = xstrdup(db_col_text(grp, 0));
		else
			rc = set_cause(cause, "no group #%lld", (long long)group_id);
	}
	struct buf detail = {0};
	buf_addf(&detail, "kpi: %s %s by hand:", gname ? gname : "?", date);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_reset(del);
		sqlite3_bind_int64(del, 1, group_id);
		sqlite3_bind_text(del, 2, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(del, 3, values[i].key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(del) != SQLITE_DONE) {
			rc = db_fail(db, "clearing a counter", cause);
			break;
		}
		if (!values[i].present) {
			buf_addf(&detail, " %s=—", values[i].key);
			continue;
		}
		sqlite3_reset(ins);
		sqlite3_bind_int64(ins, 1, group_id);
		sqlite3_bind_text(ins, 2, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(ins, 3, values[i].key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_double(ins, 4, values[i].value);
		sqlite3_bind_text(ins, 5, now, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(db, "storing a counter", cause);
		buf_addf(&detail, " %s=%g", values[i].key, values[i].value);
	}
	sqlite3_finalize(grp);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	if (rc == 0)
		rc = db_audit(db, operator, "kpi", buf_str(&detail), cause);
	buf_free(&detail);
	free(gname);
	if (rc == 0)
		rc = db_commit(db, cause);
	if (rc < 0)
		db_rollback(db);
	return rc;
}

/* ---- The report ---- */

/*
 * The window ends yesterday: exports come a day late, so today never has
 * numbers yet and would only dilute sums. kpi_advice uses the same window.
 */
void kpi_window_last(int today, int days, int *from, int *to)
{
	if (days < 1)
		days = 1;
	*to = today - 1;
	*from = today - days;
}

bool kpi_metric_is_pdca(const char *key)
{
	for (size_t i = 0; i < ARRAY_LEN(kpi_pdca_keys); i++)
		if (!strcmp(kpi_pdca_keys[i], key))
			return true;
	return false;
}

/* The stage's days run from its from_day after creation; the dashboard's
   stage window, so that the console and any other caller agree. */
void kpi_window_stage(const struct playbook *pb, const struct group *g, int today, int *from,
		      int *to)
{
	const struct pb_stage *st = playbook_stage_for_age(pb, group_age(g, today));
	*from = g->created + (st ? st->from_day : 0);
	*to = today - 1;
	if (*from > *to)
		*from = *to;
}

static bool stage_has(const struct pb_stage *s, const char *key)
{
	for (size_t i = 0; s && i < s->n_metrics; i++)
		if (!strcmp(s->metrics[i], key))
			return true;
	return false;
}

/* The stage that follows st: the one starting where st ends. */
static const struct pb_stage *next_stage(const struct playbook *pb, const struct pb_stage *st)
{
	if (!st || st->to_day < 0)
		return NULL;
	const struct pb_stage *best = NULL;
	for (size_t i = 0; i < pb->n_stages; i++) {
		const struct pb_stage *s = &pb->stages[i];
		if (s->from_day >= st->to_day && (!best || s->from_day < best->from_day))
			best = s;
	}
	return best;
}

static void health_of(struct kpi_group_report *g)
{
	size_t ok = 0, warn = 0;
	for (size_t i = 0; i < g->n_metrics; i++) {
		const struct kpi_metric_result *r = &g->metrics[i];
		if (!r->in_stage && !r->pdca)
			continue;
		ok += r->status == KPI_OK;
		warn += r->status == KPI_WARN;
	}
	g->n_warn = warn;
	g->health = warn >= 2 ? KPI_HEALTH_BAD : warn == 1 ? KPI_HEALTH_WARN
			     : ok ? KPI_HEALTH_GOOD : KPI_HEALTH_NO_DATA;
}

/* A group's window and the previous window of equal length. */
struct kpi_win {
	int from, to, prev_from, prev_to;
};

static struct kpi_win win_of(int from, int to)
{
	return (struct kpi_win){from, to, from - (to - from + 1), from - 1};
}

/*
 * Every group's counters over [from, to] in one query, one cell per (group,
 * day). Through the primary key, a range per group: the day index would
 * look every row up again in the table (WITHOUT ROWID), ten times the work.
 */
static int sums_load_all(struct db *db, const struct playbook *pb, int from, int to,
			 struct kpi_sums *out, char **cause)
{
	sums_init(out, pb);
	sqlite3_stmt *st = db_cached(db,
				     "SELECT counter, value, day, group_id FROM kpi_day WHERE "
				     "group_id IN (SELECT id FROM chat_group) AND day BETWEEN ?1 AND ?2 "
				     "ORDER BY group_id, day",
				     cause);
	if (!st) {
		kpi_sums_free(out);
		return -1;
	}
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	size_t nc = pb->n_counters;
	out->by_cell = true;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = counter_index(pb, db_col_text(st, 0)), d = date_parse(db_col_text(st, 2));
		if (k < 0 || d == DATE_INVALID)
			continue;
		double v = sqlite3_column_double(st, 1);
		size_t at = sums_cell(out, sqlite3_column_int64(st, 3), d) * nc + (size_t)k;
		if (!out->day_has[at])
			out->rows[k]++;
		out->day_val[at] += v;
		out->day_has[at] = true;
		out->sum[k] += v;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		kpi_sums_free(out);
		return db_fail(db, "summing KPI counters", cause);
	}
	return 0;
}

/* Cell order by group then day (qsort_r is not C11: the cells are passed through a static). */
static const struct kpi_sums *order_sums;

static int cell_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	const struct kpi_sums *s = order_sums;
	if (s->cell_group[x] != s->cell_group[y])
		return s->cell_group[x] < s->cell_group[y] ? -1 : 1;
	return (s->cell_day[x] > s->cell_day[y]) - (s->cell_day[x] < s->cell_day[y]);
}

/* The cells of one group (order[first..end)) with day in [from, to], as sums of their own. */
static void sums_slice(const struct kpi_sums *all, const size_t *order, size_t first, size_t end,
		       int from, int to, struct kpi_sums *out)
{
	sums_init(out, all->pb);
	out->by_cell = true;
	size_t nc = all->pb->n_counters;
	for (size_t i = first; i < end; i++) {
		size_t c = order[i];
		if (all->cell_day[c] < from || all->cell_day[c] > to)
			continue;
		size_t at = sums_cell(out, all->cell_group[c], all->cell_day[c]);
		for (size_t k = 0; k < nc; k++) {
			if (!all->day_has[c * nc + k])
				continue;
			double v = all->day_val[c * nc + k];
			out->day_has[at * nc + k] = true;
			out->day_val[at * nc + k] = v;
			out->rows[k]++;
			out->sum[k] += v;
		}
	}
}

/*
 * The latest "members" before day `before` of the groups that have none in
 * the loaded window: one query over those groups only.
 */
static int members_before(struct db *db, struct kpi_group_report **lack, size_t n, int before,
			  char **cause)
{
	if (n == 0)
		return 0;
	struct buf ids = {0};
	buf_adds(&ids, "[");
	for (size_t i = 0; i < n; i++)
		buf_addf(&ids, "%s%lld", i ? "," : "", (long long)lack[i]->group.id);
	buf_adds(&ids, "]");
	sqlite3_stmt *st = db_cached(db,
				     "SELECT j.value, (SELECT k.value FROM kpi_day k WHERE k.group_id "
				     "= j.value AND k.counter = 'members' AND k.day < ?2 ORDER BY "
				     "k.day DESC LIMIT 1) FROM json_each(?1) j",
				     cause);
	if (!st) {
		buf_free(&ids);
		return -1;
	}
	char d[11];
	date_format(before, d);
	sqlite3_bind_text(st, 1, buf_str(&ids), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT);
	buf_free(&ids);
	int rc;
	size_t i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* json_each keeps the array's order: row i is lack[i]. */
		for (; i < n && lack[i]->group.id != sqlite3_column_int64(st, 0); i++)
			;
		if (i < n && sqlite3_column_type(st, 1) != SQLITE_NULL) {
			lack[i]->has_members = true;
			lack[i]->members = sqlite3_column_double(st, 1);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, "reading members", cause);
}

/* One group's metrics from its sums over the window and the previous one. */
static void group_metrics(const struct playbook *pb, int today, struct kpi_group_report *g,
			  const struct kpi_sums *cur, const struct kpi_sums *prev)
{
	g->age = group_age(&g->group, today);
	g->stage = playbook_stage_for_age(pb, g->age);
	g->next_stage = next_stage(pb, g->stage);
	g->days_to_next = g->next_stage ? g->next_stage->from_day - g->age : -1;
	g->stage_start = g->group.created + (g->stage ? g->stage->from_day : 0);
	g->n_metrics = pb->n_metrics;
	g->metrics = xcalloc(pb->n_metrics + 1, sizeof *g->metrics);
	for (size_t i = 0; i < pb->n_metrics; i++) {
		struct kpi_metric_result *m = &g->metrics[i];
		m->metric = &pb->metrics[i];
		m->defined = kpi_metric_eval(m->metric, cur, &m->value);
		m->prev_defined = kpi_metric_eval(m->metric, prev, &m->prev);
		m->status = kpi_metric_status(m->metric, m->defined, m->value);
		m->trend = kpi_trend_of(m->metric, m->defined, m->value, m->prev_defined, m->prev);
		m->in_stage = stage_has(g->stage, m->metric->key);
		m->pdca = kpi_metric_is_pdca(m->metric->key);
	}
	health_of(g);
}

/*
 * Fill the reports of groups g[0..n), each over its own window w[i], from one
 * query over every group's counters (a fixed number of statements, whatever
 * the number of groups): the set-based core of the report, the KPI tab and
 * advice.
 */
static int reports_fill(struct db *db, const struct playbook *pb, int today,
			struct kpi_group_report *g, const struct kpi_win *w, size_t n, char **cause)
{
	if (n == 0)
		return 0;
	int lo = w[0].prev_from, hi = w[0].to;
	for (size_t i = 1; i < n; i++) {
		lo = w[i].prev_from < lo ? w[i].prev_from : lo;
		hi = w[i].to > hi ? w[i].to : hi;
	}
	struct kpi_sums all;
	size_t *order = NULL;
	int rc = n == 1 ? kpi_sums_load(db, pb, g[0].group.id, lo, hi, &all, cause)
			: sums_load_all(db, pb, lo, hi, &all, cause);
	if (rc < 0)
		return -1;
	size_t nc = (size_t)all.n_days;
	order = xcalloc(nc ? nc : 1, sizeof *order);
	for (size_t c = 0; c < nc; c++)
		order[c] = c;
	/* Cells come by group and day already; the sort keeps it so whatever the plan. */
	if (n > 1 && nc > 1) {
		order_sums = &all;
		qsort(order, nc, sizeof *order, cell_cmp);
		order_sums = NULL;
	}
	int km = counter_index(pb, "members");
	size_t nk = pb->n_counters;
	struct kpi_group_report **lack = xcalloc(n, sizeof *lack);
	size_t n_lack = 0;
	for (size_t i = 0; i < n; i++) {
		/* The group's cells: a range of order, found by binary search. */
		size_t first = 0, end = nc;
		while (first < end) {
			size_t mid = first + (end - first) / 2;
			if (all.cell_group[order[mid]] < g[i].group.id)
				first = mid + 1;
			else
				end = mid;
		}
		for (end = first; end < nc && all.cell_group[order[end]] == g[i].group.id; end++)
			;
		struct kpi_sums cur, prev;
		sums_slice(&all, order, first, end, w[i].from, w[i].to, &cur);
		sums_slice(&all, order, first, end, w[i].prev_from, w[i].prev_to, &prev);
		group_metrics(pb, today, &g[i], &cur, &prev);
		kpi_sums_free(&cur);
		kpi_sums_free(&prev);
		/* The latest members up to the window's end: in memory when it is in the range. */
		g[i].has_members = false;
		for (size_t k = end; k > first && km >= 0 && !g[i].has_members; k--) {
			size_t c = order[k - 1];
			if (all.cell_day[c] <= w[i].to && all.day_has[c * nk + (size_t)km]) {
				g[i].has_members = true;
				g[i].members = all.day_val[c * nk + (size_t)km];
			}
		}
		if (!g[i].has_members)
			lack[n_lack++] = &g[i];
	}
	free(order);
	kpi_sums_free(&all);
	rc = members_before(db, lack, n_lack, lo, cause);
	free(lack);
	return rc;
}

int kpi_report_build(struct db *db, const struct playbook *pb, int today, int from, int to,
		     const char *group_name, struct kpi_report *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (to < from)
		return set_cause(cause, "empty window");
	out->today = today;
	struct kpi_win win = win_of(from, to);
	out->from = win.from;
	out->to = win.to;
	out->prev_from = win.prev_from;
	out->prev_to = win.prev_to;
	struct group *groups;
	size_t n;
	if (group_name) {
		groups = xcalloc(1, sizeof *groups);
		n = 1;
		if (group_find(db, group_name, groups, cause) < 0) {
			free(groups);
			return -1;
		}
	} else if (group_list(db, &groups, &n, cause) < 0) {
		return -1;
	}
	out->groups = xcalloc(n + 1, sizeof *out->groups);
	out->n_groups = n;
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		out->groups[i].group = groups[i];
		w[i] = win;
	}
	free(groups);
	int rc = reports_fill(db, pb, today, out->groups, w, n, cause);
	free(w);
	if (rc < 0)
		kpi_report_free(out);
	return rc;
}

/* A copy of g that owns its strings. */
static struct group group_dup(const struct group *g)
{
	struct group c = *g;
	c.name = xstrdup(g->name ? g->name : "");
	c.owner = xstrdup(g->owner ? g->owner : "");
	c.positioning = xstrdup(g->positioning ? g->positioning : "");
	c.playbook = xstrdup(g->playbook ? g->playbook : "");
	return c;
}

int kpi_reports_build(struct db *db, const struct playbook *pb, int today,
		      const struct group *groups, size_t n, const int *from, const int *to,
		      struct kpi_report *out, char **cause)
{
	struct kpi_group_report *g = xcalloc(n + 1, sizeof *g);
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		if (to[i] < from[i]) {
			for (size_t k = 0; k < i; k++)
				group_clear(&g[k].group);
			free(g);
			free(w);
			return set_cause(cause, "%s: empty window", groups[i].name);
		}
		w[i] = win_of(from[i], to[i]);
		g[i].group = group_dup(&groups[i]);
	}
	int rc = reports_fill(db, pb, today, g, w, n, cause);
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		out[i].today = today;
		out[i].from = w[i].from;
		out[i].to = w[i].to;
		out[i].prev_from = w[i].prev_from;
		out[i].prev_to = w[i].prev_to;
		out[i].groups = xcalloc(2, sizeof *out[i].groups);
		out[i].groups[0] = g[i];
		out[i].n_groups = 1;
		if (rc < 0)
			kpi_report_free(&out[i]);
	}
	free(g);
	free(w);
	return rc;
}

void kpi_report_free(struct kpi_report *r)
{
	for (size_t i = 0; i < r->n_groups; i++) {
		group_clear(&r->groups[i].group);
		free(r->groups[i].metrics);
	}
	free(r->groups);
	memset(r, 0, sizeof *r);
}

const struct kpi_metric_result *kpi_group_metric(const struct kpi_group_report *g,
						 const char *key)
{
	for (size_t i = 0; i < g->n_metrics; i++)
		if (!strcmp(g->metrics[i].metric->key, key))
			return &g->metrics[i];
	return NULL;
}

/* ---- Advice ---- */

/* The advice of one group's report: its stage's and the PDCA metrics that warn. */
static void advice_of(const struct kpi_group_report *g, struct kpi_advice_list *out)
{
	for (size_t i = 0; i < g->n_metrics; i++) {
		const struct kpi_metric_result *m = &g->metrics[i];
		if ((!m->in_stage && !m->pdca) || m->status != KPI_WARN)
			continue;
		char v[48], t[64];
		kpi_format_value(m->metric, true, m->value, v, sizeof v);
		kpi_format_threshold(m->metric, t, sizeof t);
		out->items = xrealloc(out->items, (out->n + 1) * sizeof *out->items);
		out->items[out->n++] = (struct kpi_advice){
			m->metric, kpi_display_value(m->metric, m->value),
			xasprintf("%s %s (%s): %s", m->metric->name, v, t,
				  m->metric->advice && *m->metric->advice ? m->metric->advice
									  : "check it")};
	}
}

int kpi_advice_groups(struct db *db, const struct playbook *pb, int day,
		      const struct group *groups, size_t n, struct kpi_advice_list **out,
		      char **cause)
{
	*out = xcalloc(n + 1, sizeof **out);
	/* The panel's and `sopdeck kpi`'s 7-day window, so advice and dashboard agree. */
	int from, to;
	kpi_window_last(day, KPI_ADVICE_DAYS, &from, &to);
	struct kpi_group_report *g = xcalloc(n + 1, sizeof *g);
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		g[i].group = groups[i]; /* borrowed: never cleared here */
		w[i] = win_of(from, to);
	}
	int rc = reports_fill(db, pb, day, g, w, n, cause);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			advice_of(&g[i], &(*out)[i]);
		free(g[i].metrics);
	}
	free(g);
	free(w);
	if (rc < 0) {
		free(*out);
		*out = NULL;
	}
	return rc;
}

void kpi_advice_lists_free(struct kpi_advice_list *l, size_t n)
{
	for (size_t i = 0; l && i < n; i++)
		kpi_advice_free(l[i].items, l[i].n);
	free(l);
}

int kpi_advice(struct db *db, const struct playbook *pb, int64_t group_id, int day,
	       struct kpi_advice **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	struct group g;
	if (group_find_id(db, group_id, &g, cause) < 0)
		return -1;
	struct kpi_advice_list *l;
	int rc = kpi_advice_groups(db, pb, day, &g, 1, &l, cause);
	if (rc == 0) {
		*out = l[0].items;
		*n = l[0].n;
		free(l);
	}
	group_clear(&g);
	return rc;
}

void kpi_advice_free(struct kpi_advice *a, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(a[i].text);
	free(a);
}

/* ---- SOP versions ---- */

int kpi_versions(struct db *db, const struct playbook *pb, int64_t group_id, int today,
		 struct kpi_version_effect **out, size_t *n, char **cause)
{
	struct pb_version_info *v;
	size_t nv;
	*out = NULL;
	*n = 0;
	if (playbook_versions(db, &v, &nv, cause) < 0)
		return -1;
	struct kpi_version_effect *e = xcalloc(nv + 1, sizeof *e);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < nv; i++) {
		e[i].version = xstrdup(v[i].version ? v[i].version : "");
		e[i].note = xstrdup(v[i].note ? v[i].note : "");
		e[i].imported_at = xstrdup(v[i].imported_at ? v[i].imported_at : "");
		/* Stored in UTC: the workspace's day it was imported on. */
		e[i].day = date_stamp_day(v[i].imported_at ? v[i].imported_at : "");
		e[i].metrics = xcalloc(pb->n_metrics + 1, sizeof *e[i].metrics);
		e[i].n_metrics = pb->n_metrics;
		*n = i + 1;
		if (e[i].day == DATE_INVALID)
			continue;
		struct kpi_sums before, after;
		int after_to = e[i].day + 29 < today ? e[i].day + 29 : today;
		if (kpi_sums_load(db, pb, group_id, e[i].day - 30, e[i].day - 1, &before, cause) < 0) {
			rc = -1;
			break;
		}
		if (kpi_sums_load(db, pb, group_id, e[i].day, after_to, &after, cause) < 0) {
			kpi_sums_free(&before);
			rc = -1;
			break;
		}
		for (size_t k = 0; k < pb->n_metrics; k++) {
			struct kpi_version_metric *m = &e[i].metrics[k];
			m->metric = &pb->metrics[k];
			m->before_defined = kpi_metric_eval(m->metric, &before, &m->before);
			m->after_defined = after_to >= e[i].day &&
					   kpi_metric_eval(m->metric, &after, &m->after);
			m->has_change = m->before_defined && m->after_defined && m->before != 0;
			if (m->has_change)
				m->change = m->after / m->before - 1;
		}
		kpi_sums_free(&before);
		kpi_sums_free(&after);
	}
	playbook_versions_free(v, nv);
	if (rc < 0) {
		kpi_versions_free(e, *n);
		*n = 0;
		return -1;
	}
	*out = e;
	return 0;
}

void kpi_versions_free(struct kpi_version_effect *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].version);
		free(v[i].note);
		free(v[i].imported_at);
		free(v[i].metrics);
	}
	free(v);
}

/* ---- Content effect report ---- */

/* Better first by open rate, then interaction rate; 0 when the numbers are the same. */
static int content_score_cmp(const struct kpi_content_row *x, const struct kpi_content_row *y)
{
	if (x->open_defined != y->open_defined)
		return x->open_defined ? -1 : 1;
	if (x->open_defined && x->open_rate != y->open_rate)
		return x->open_rate > y->open_rate ? -1 : 1;
	if (x->interact_defined != y->interact_defined)
		return x->interact_defined ? -1 : 1;
	if (x->interact_defined && x->interact_rate != y->interact_rate)
		return x->interact_rate > y->interact_rate ? -1 : 1;
	return 0;
}

/* The report's order: by score, the id only to make ties stable (never to judge). */
static int cmp_content(const void *a, const void *b)
{
	const struct kpi_content_row *x = a, *y = b;
	int c = content_score_cmp(x, y);
	if (c)
		return c;
	return x->content_id < y->content_id ? -1 : x->content_id > y->content_id;
}

/* The index of content_id in rows sorted by id, or -1. */
static ptrdiff_t content_row_find(const struct kpi_content_row *rows, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rows[mid].content_id == id)
			return (ptrdiff_t)mid;
		if (rows[mid].content_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/*
 * Which items content_posted reads: every posted one (with titles for the
 * report, or without for the ranking), one item, or a list (a page of
 * `content --json`, as a JSON array for json_each). Each has its own pair of
 * statement literals, prepared once per connection (db_cached).
 */
enum posted_which { POSTED_EVERY, POSTED_ITEM, POSTED_LIST, POSTED_TITLED };

#define POSTED_WHEN "status = 'posted' AND day BETWEEN ?1 AND ?2"
#define POSTS_SQL(cond)                                                                      \
	"SELECT s.content_id, count(*), '' FROM slot s WHERE " cond " AND s." POSTED_WHEN     \
	" GROUP BY s.content_id ORDER BY s.content_id"
#define POSTS_TITLED_SQL(cond)                                                               \
	"SELECT s.content_id, count(*), coalesce(c.title, '') FROM slot s "                   \
	"LEFT JOIN content c ON c.id = s.content_id WHERE " cond " AND s." POSTED_WHEN           \
	" GROUP BY s.content_id ORDER BY s.content_id"
/* Only the counters the two formulas use (?5): a day has many more. */
#define CELLS_SQL(cond)                                                                      \
	"SELECT p.content_id, k.counter, k.value, p.group_id, p.day FROM "                    \
	"(SELECT DISTINCT content_id, group_id, day FROM slot s WHERE " cond " AND s."         \
	POSTED_WHEN ") p JOIN kpi_day k ON k.group_id = p.group_id AND k.day = p.day "       \
	"AND k.counter IN (SELECT value FROM json_each(?5)) "                                \
	"ORDER BY p.content_id, p.group_id, p.day"
#define COND_EVERY "s.content_id IS NOT NULL AND ?3 = 0 AND ?4 IS NULL"
#define COND_ITEM "s.content_id = ?3 AND ?4 IS NULL"
#define COND_LIST "s.content_id IN (SELECT value FROM json_each(?4)) AND ?3 = 0"

static const char *const posts_sql[] = {POSTS_SQL(COND_EVERY), POSTS_SQL(COND_ITEM),
					POSTS_SQL(COND_LIST), POSTS_TITLED_SQL(COND_EVERY)};
static const char *const cells_sql[] = {CELLS_SQL(COND_EVERY), CELLS_SQL(COND_ITEM),
					CELLS_SQL(COND_LIST), CELLS_SQL(COND_EVERY)};

/* The counters of open_rate and speaker_rate as a JSON array, for json_each. */
static char *posted_counters(const struct playbook *pb)
{
	struct buf b = {0};
	buf_adds(&b, "[");
	size_t n = 0;
	static const char *const metrics[] = {"open_rate", "speaker_rate"};
	for (size_t m = 0; m < ARRAY_LEN(metrics); m++) {
		const struct pb_metric *pm = playbook_metric(pb, metrics[m]);
		const char *names[32];
		size_t k = pm && pm->formula ? formula_counters(pm->formula, names, 32) : 0;
		for (size_t i = 0; i < k && i < 32; i++) {
			buf_adds(&b, n++ ? ",\"" : "\"");
			for (const char *c = names[i]; *c; c++)
				if (*c != '"' && *c != '\\' && (unsigned char)*c >= 0x20)
					buf_add(&b, c, 1);
			buf_adds(&b, "\"");
		}
	}
	buf_adds(&b, "]");
	buf_str(&b);
	return b.data;
}

/* Bind a content_posted statement: the window, the item, the list, the counters. */
static void posted_bind(sqlite3_stmt *st, const char *from, const char *to, int64_t item,
			const char *list, const char *counters)
{
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, item);
	if (list)
		sqlite3_bind_text(st, 4, list, -1, SQLITE_TRANSIENT);
	if (counters)
		sqlite3_bind_text(st, 5, counters, -1, SQLITE_TRANSIENT);
}

/*
 * The posted content of [from, to] (from "" = since ever), sorted by id, for
 * which (an item, a JSON list of ids, or every item): posts, title, and the
 * open and interaction rates over the counters of its groups on its days, each
 * group/day counted once (two posts in a group on one day do not count that day
 * twice). Two statements whatever the number of items.
 */
static int content_posted(struct db *db, const struct playbook *pb, enum posted_which which,
			  int64_t item, const char *list, const char *from, const char *to,
			  struct kpi_content_row **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = db_cached(db, posts_sql[which], cause);
	if (!st)
		return -1;
	posted_bind(st, from, to, item, list, NULL);
	struct kpi_content_row *rows = NULL;
	size_t nr = 0, cap = 0;
	int r;
	while ((r = sqlite3_step(st)) == SQLITE_ROW) {
		if (nr == cap) {
			cap = cap ? cap * 2 : 16;
			rows = xrealloc(rows, cap * sizeof *rows);
		}
		rows[nr++] = (struct kpi_content_row){
			.content_id = sqlite3_column_int64(st, 0),
			.posts = (size_t)sqlite3_column_int64(st, 1),
			.title = xstrdup(db_col_text(st, 2))};
	}
	sqlite3_reset(st);
	if (r != SQLITE_DONE) {
		kpi_content_report_free(rows, nr);
		return db_fail(db, "reading posted content", cause);
	}
	/*
	 * Counter values per item and distinct group/day, in one pass, as cells so
	 * that a metric only sums the group/days on which all its counters are known.
	 */
	if (!(st = db_cached(db, cells_sql[which], cause))) {
		kpi_content_report_free(rows, nr);
		return -1;
	}
	char *counters = posted_counters(pb);
	posted_bind(st, from, to, item, list, counters);
	free(counters);
	/*
	 * The rows come ordered by item: one item's sums at a time, evaluated and
	 * freed when the next item starts, so memory does not grow with the items.
	 */
	const struct pb_metric *open = playbook_metric(pb, "open_rate");
	const struct pb_metric *talk = playbook_metric(pb, "speaker_rate");
	size_t nc = pb->n_counters;
	struct kpi_sums sm;
	sums_init(&sm, pb);
	sm.by_cell = true;
	ptrdiff_t cur = -1;
	for (;;) {
		r = sqlite3_step(st);
		ptrdiff_t i = r == SQLITE_ROW ? content_row_find(rows, nr, sqlite3_column_int64(st, 0))
					      : -1;
		if (cur >= 0 && (r != SQLITE_ROW || i != cur)) {
			struct kpi_content_row *row = &rows[cur];
			row->open_defined = open && kpi_metric_eval(open, &sm, &row->open_rate);
			row->interact_defined =
				talk && kpi_metric_eval(talk, &sm, &row->interact_rate);
			kpi_sums_free(&sm);
			sums_init(&sm, pb);
			sm.by_cell = true;
			cur = -1;
		}
		if (r != SQLITE_ROW)
			break;
		int k = counter_index(pb, db_col_text(st, 1)), d = date_parse(db_col_text(st, 4));
		if (i < 0 || k < 0 || d == DATE_INVALID)
			continue;
		cur = i;
		size_t at = sums_cell(&sm, sqlite3_column_int64(st, 3), d) * nc + (size_t)k;
		if (!sm.day_has[at])
			sm.rows[k]++;
		sm.day_val[at] += sqlite3_column_double(st, 2);
		sm.day_has[at] = true;
		sm.sum[k] += sqlite3_column_double(st, 2);
	}
	sqlite3_reset(st);
	kpi_sums_free(&sm);
	if (r != SQLITE_DONE) {
		kpi_content_report_free(rows, nr);
		return db_fail(db, "summing KPI counters of posted content", cause);
	}
	*out = rows;
	*n = nr;
	return 0;
}

/* kpi_content_report, with titles or (for the ranking) without. */
static int content_report(struct db *db, const struct playbook *pb, int today, int days,
			  bool titles, struct kpi_content_row **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	char a[11], b[11];
	date_format(today - days + 1, a);
	date_format(today, b);
	struct kpi_content_row *rows;
	size_t nr;
	if (content_posted(db, pb, titles ? POSTED_TITLED : POSTED_EVERY, 0, NULL, a, b, &rows,
			   &nr, cause) < 0)
		return -1;
	for (size_t i = 0; i < nr; i++)
		if (!*rows[i].title) {
			free(rows[i].title);
			rows[i].title = xasprintf("#%lld", (long long)rows[i].content_id);
		}
	if (nr > 1)
		qsort(rows, nr, sizeof *rows, cmp_content);
	/*
	 * Retire the bottom fifth of the content that has numbers; none without
	 * evidence. Items posted in the same group on the same day share that
	 * group-day's rates, so ties are common: only items strictly worse than the
	 * lowest one kept are retired, and a tie at the cut keeps them all rather
	 * than letting the id decide.
	 */
	size_t measured = 0;
	while (measured < nr && rows[measured].open_defined)
		measured++;
	size_t retire = (measured * 20 + 50) / 100;
	if (retire > 0 && retire < measured) {
		const struct kpi_content_row *cut = &rows[measured - retire - 1];
		for (size_t i = measured - retire; i < measured; i++)
			rows[i].retire = content_score_cmp(&rows[i], cut) > 0;
	}
	*out = rows;
	*n = nr;
	return 0;
}

int kpi_content_report(struct db *db, const struct playbook *pb, int today, int days,
		       struct kpi_content_row **out, size_t *n, char **cause)
{
	return content_report(db, pb, today, days, true, out, n, cause);
}

/* One ranked item of the last KPI_CONTENT_RANK_DAYS days. */
struct rank_entry {
	int64_t id;
	size_t rank;
	bool retire;
};

static int rank_entry_cmp(const void *a, const void *b)
{
	const struct rank_entry *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The ranking of one connection's data, kept between calls: the Library asks
 * for one item's performance on every cursor move, and the ranking (every item
 * of 30 days) is the expensive part. It is valid while nothing changed: the
 * connection is the same (a serial stamped into its temp.user_version, which
 * a new connection at a reused address does not have), no other connection
 * committed (PRAGMA data_version), this one changed no row
 * (sqlite3_total_changes), and today and the two formulas are the same.
 */
static struct {
	int64_t stamp;
	int64_t data_version;
	int64_t changes;
	int today;
	char *formulas;
	struct rank_entry *by_id;  /* sorted by id */
	size_t n, ranked;
} rank_cache;

/* The formulas the ranking depends on, as one string to compare. */
static char *rank_formulas(const struct playbook *pb)
{
	const struct pb_metric *open = playbook_metric(pb, "open_rate");
	const struct pb_metric *talk = playbook_metric(pb, "speaker_rate");
	return xasprintf("%s\n%s", open && open->formula_text ? open->formula_text : "",
			 talk && talk->formula_text ? talk->formula_text : "");
}

/* One integer from a cached single-value statement (a PRAGMA). */
static int pragma_int(struct db *db, const char *sql, int64_t *v, char **cause)
{
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	*v = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, sql, cause);
}

/*
 * Make rank_cache the ranking of the last KPI_CONTENT_RANK_DAYS days ending
 * today: one report, sorted once (O(n log n)), then by id for lookups.
 */
static int content_ranking(struct db *db, const struct playbook *pb, int today, char **cause)
{
	int64_t stamp, version;
	if (pragma_int(db, "PRAGMA temp.user_version", &stamp, cause) < 0 ||
	    pragma_int(db, "PRAGMA data_version", &version, cause) < 0)
		return -1;
	int64_t changes = sqlite3_total_changes(db_sqlite(db));
	char *formulas = rank_formulas(pb);
	if (stamp && stamp == rank_cache.stamp && version == rank_cache.data_version &&
	    changes == rank_cache.changes && today == rank_cache.today && rank_cache.formulas &&
	    strcmp(formulas, rank_cache.formulas) == 0) {
		free(formulas);
		return 0;
	}
	struct kpi_content_row *rep;
	size_t nrep;
	if (content_report(db, pb, today, KPI_CONTENT_RANK_DAYS, false, &rep, &nrep, cause) < 0) {
		free(formulas);
		return -1;
	}
	/* Ranked = those with an open rate (the report puts them first), as for retirement. */
	size_t ranked = 0;
	while (ranked < nrep && rep[ranked].open_defined)
		ranked++;
	struct rank_entry *e = xcalloc(ranked + 1, sizeof *e);
	/* Ties share a rank (1, 2, 2, 4): the same group-day's numbers are not a ranking. */
	size_t rank = 1;
	for (size_t r = 0; r < ranked; r++) {
		if (r > 0 && content_score_cmp(&rep[r - 1], &rep[r]) != 0)
			rank = r + 1;
		e[r] = (struct rank_entry){rep[r].content_id, rank, rep[r].retire};
	}
	kpi_content_report_free(rep, nrep);
	if (ranked > 1)
		qsort(e, ranked, sizeof *e, rank_entry_cmp);
	/* Stamp the connection once; the pragma changes no row. */
	static int64_t serial;
	if (!stamp || stamp != rank_cache.stamp) {
		stamp = ++serial;
		char sql[64];
		snprintf(sql, sizeof sql, "PRAGMA temp.user_version = %lld", (long long)stamp);
		if (db_exec(db, sql, cause) < 0) {
			free(e);
			free(formulas);
			return -1;
		}
	}
	free(rank_cache.by_id);
	free(rank_cache.formulas);
	rank_cache.stamp = stamp;
	rank_cache.data_version = version;
	rank_cache.changes = changes;
	rank_cache.today = today;
	rank_cache.formulas = formulas;
	rank_cache.by_id = e;
	rank_cache.n = ranked;
	rank_cache.ranked = ranked;
	return 0;
}

/* Rank, out of how many, and retirement of a posted item, from rank_cache. */
static void rank_fill(struct kpi_content_perf *p)
{
	p->ranked = rank_cache.ranked;
	struct rank_entry key = {.id = p->content_id};
	const struct rank_entry *e =
		rank_cache.n ? bsearch(&key, rank_cache.by_id, rank_cache.n, sizeof key,
				       rank_entry_cmp)
			     : NULL;
	p->rank = e ? e->rank : 0;
	p->retire = e && e->retire;
}

static struct kpi_content_perf perf_of(const struct kpi_content_row *row)
{
	return (struct kpi_content_perf){
		.content_id = row->content_id, .posts = row->posts,
		.open_defined = row->open_defined, .open_rate = row->open_rate,
		.interact_defined = row->interact_defined, .interact_rate = row->interact_rate};
}

int kpi_content_performance(struct db *db, const struct playbook *pb, int64_t content_id,
			    int today, struct kpi_content_perf *out, char **cause)
{
	return kpi_content_performance_list(db, pb, today, &content_id, 1, out, cause);
}

int kpi_content_performance_list(struct db *db, const struct playbook *pb, int today,
				 const int64_t *ids, size_t n, struct kpi_content_perf *out,
				 char **cause)
{
	for (size_t i = 0; i < n; i++)
		out[i] = (struct kpi_content_perf){.content_id = ids[i]};
	if (n == 0)
		return 0;
	char b[11];
	date_format(today, b);
	struct buf list = {0};
	if (n > 1) {
		buf_adds(&list, "[");
		for (size_t i = 0; i < n; i++)
			buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
		buf_adds(&list, "]");
	}
	struct kpi_content_row *rows;
	size_t nr;
	int rc = content_posted(db, pb, n > 1 ? POSTED_LIST : POSTED_ITEM, n > 1 ? 0 : ids[0],
				n > 1 ? buf_str(&list) : NULL, "", b, &rows, &nr, cause);
	buf_free(&list);
	if (rc < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		ptrdiff_t r = content_row_find(rows, nr, ids[i]);
		if (r >= 0)
			out[i] = perf_of(&rows[r]);
	}
	kpi_content_report_free(rows, nr);
	/* Only what was posted has a rank to look up; the ranking is built at most once. */
	if (nr && content_ranking(db, pb, today, cause) < 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (out[i].posts)
			rank_fill(&out[i]);
	return 0;
}

int kpi_content_performance_all(struct db *db, const struct playbook *pb, int today,
				struct kpi_content_perf **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	char b[11];
	date_format(today, b);
	struct kpi_content_row *rows;
	size_t nr;
	if (content_posted(db, pb, POSTED_EVERY, 0, NULL, "", b, &rows, &nr, cause) < 0)
		return -1;
	struct kpi_content_perf *perf = xcalloc(nr + 1, sizeof *perf);
	for (size_t i = 0; i < nr; i++)
		perf[i] = perf_of(&rows[i]);
	kpi_content_report_free(rows, nr);
	if (nr && content_ranking(db, pb, today, cause) < 0) {
		free(perf);
		return -1;
	}
	/* A binary search per item: O(n log n), never every item against every other. */
	for (size_t i = 0; i < nr; i++)
		rank_fill(&perf[i]);
	*out = perf;
	*n = nr;
	return 0;
}

const struct kpi_content_perf *kpi_content_perf_find(const struct kpi_content_perf *perf,
						     size_t n, int64_t content_id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (perf[mid].content_id == content_id)
			return &perf[mid];
		if (perf[mid].content_id < content_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

void kpi_content_report_free(struct kpi_content_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(rows[i].title);
	free(rows);
}
