/*
 * Counter sums over a window, kept per (group, day) cell so that a formula
 * only sums the cells where all its counters are known, and the metrics over
 * them (ratio of sums, never mean of ratios). Every statement reading the
 * counters (table kpi_day) is here: a change of their storage touches this
 * file only.
 */
#include <float.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "formula.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "util.h"

/* Up to this many groups read their counters by a list of ids, more every group's. */
#define KPI_SUMS_LIST_MAX 64

int kpi_counter_index(const struct playbook *pb, const char *key)
{
	for (size_t i = 0; i < pb->n_counters; i++)
		if (!strcmp(pb->counters[i].key, key))
			return (int)i;
	return -1;
}

void kpi_sums_init(struct kpi_sums *s, const struct playbook *pb, bool by_cell)
{
	*s = (struct kpi_sums){.pb = pb, .by_cell = by_cell};
	s->sum = xcalloc(pb->n_counters + 1, sizeof *s->sum);
	s->rows = xcalloc(pb->n_counters + 1, sizeof *s->rows);
}

void kpi_sums_clear(struct kpi_sums *s)
{
	size_t nc = s->pb->n_counters;
	memset(s->sum, 0, (nc + 1) * sizeof *s->sum);
	memset(s->rows, 0, (nc + 1) * sizeof *s->rows);
	s->n_days = 0;
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

void kpi_sums_put_cell(struct kpi_sums *s, int64_t group_id, int day, const int *ks,
		       const double *vs, size_t n)
{
	if (n == 0)
		return;
	size_t at = sums_cell(s, group_id, day) * s->pb->n_counters;
	for (size_t i = 0; i < n; i++) {
		size_t c = at + (size_t)ks[i];
		if (!s->day_has[c])
			s->rows[ks[i]]++;
		s->day_val[c] += vs[i];
		s->day_has[c] = true;
		s->sum[ks[i]] += vs[i];
	}
}

void kpi_sums_put(struct kpi_sums *s, int64_t group_id, int day, int k, double v)
{
	size_t at = sums_cell(s, group_id, day) * s->pb->n_counters + (size_t)k;
	/* kpi_day has one row per group, day and counter; count a cell once if not. */
	if (!s->day_has[at])
		s->rows[k]++;
	s->day_val[at] += v;
	s->day_has[at] = true;
	s->sum[k] += v;
}

/*
 * One of a reader's three statements (one group; every group; the groups in the JSON
 * array ids), prepared once per connection and bound: ?1 group, ?2..?3 the days, ?4 ids.
 */
static sqlite3_stmt *sums_statement(struct db *db, const char *const sql[3], int64_t group_id,
				    const char *ids, const char *a, const char *b, char **cause)
{
	sqlite3_stmt *st = db_cached(db, sql[group_id ? 0 : ids ? 2 : 1], cause);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
	if (ids && !group_id)
		sqlite3_bind_text(st, 4, ids, -1, SQLITE_TRANSIENT);
	return st;
}

/*
 * A short window's days as text, so that each row's day is matched rather than parsed
 * (rows go day by day within a group: the next one is tried first); a longer window,
 * or a day outside it, is parsed.
 */
struct day_window {
	char day[62][11];
	int from, n, guess;
};

static void day_window_init(struct day_window *w, int from, int to)
{
	w->from = from;
	w->n = to - from + 1 <= (int)ARRAY_LEN(w->day) ? to - from + 1 : 0;
	w->guess = 0;
	for (int i = 0; i < w->n; i++)
		date_format(from + i, w->day[i]);
}

/* The day ds names, or DATE_INVALID. */
static int day_window_match(struct day_window *w, const char *ds)
{
	for (int i = 0; i < w->n; i++) {
		int k = (w->guess + i) % w->n;
		if (!strcmp(ds, w->day[k])) {
			w->guess = k + 1;
			return w->from + k;
		}
	}
	return date_parse(ds);
}

/*
 * The day cells of one group, of every group, or of the listed groups (a JSON array),
 * over a range of days, in group and day order: sums_load's and kpi_cells_each's.
 */
static const char *const day_cells_sql[] = {
	"SELECT group_id, day, vals FROM kpi_cell "
	"WHERE group_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
	"SELECT group_id, day, vals FROM kpi_cell WHERE ?1 = 0 "
	"AND group_id IN (SELECT id FROM chat_group) AND day BETWEEN ?2 "
	"AND ?3 ORDER BY group_id, day",
	"SELECT group_id, day, vals FROM kpi_cell WHERE ?1 = 0 "
	"AND group_id IN (SELECT value FROM json_each(?4)) AND day BETWEEN ?2 "
	"AND ?3 ORDER BY group_id, day"};

/*
 * The general form: a row per (group, day, counter) through the kpi_day view,
 * SQLite expanding each day's JSON object. For a day kpi_cell_read cannot read.
 */
static int sums_load_rows(struct db *db, const struct playbook *pb, int64_t group_id,
			  const char *ids, const char *a, const char *b, struct kpi_sums *out,
			  char **cause)
{
	static const char *const sql[] = {
		"SELECT counter, value, day, group_id FROM kpi_day "
		"WHERE group_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day",
		"SELECT counter, value, day, group_id FROM kpi_day WHERE ?1 = 0 "
		"AND group_id IN (SELECT id FROM chat_group) AND day BETWEEN ?2 "
		"AND ?3 ORDER BY group_id, day",
		"SELECT counter, value, day, group_id FROM kpi_day WHERE ?1 = 0 "
		"AND group_id IN (SELECT value FROM json_each(?4)) AND day BETWEEN ?2 "
		"AND ?3 ORDER BY group_id, day"};
	sqlite3_stmt *st = sums_statement(db, sql, group_id, ids, a, b, cause);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = kpi_counter_index(pb, db_col_text(st, 0)), d = date_parse(db_col_text(st, 2));
		if (k >= 0 && d != DATE_INVALID)
			kpi_sums_put(out, sqlite3_column_int64(st, 3), d, k,
				     sqlite3_column_double(st, 1));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("summing KPI counters"), cause);
}

/*
 * A decimal's digits w < 2^64 and power of ten k (|k| <= 27, so 10^|k| is exact)
 * make one long double operation, rounded once to 64 bits, then to a double: the
 * same double as strtod's correctly rounded one unless the first rounding landed
 * exactly halfway between two doubles (then false: the caller asks strtod). The
 * revenue SQLite writes with 17 digits costs strtod a thousand instructions.
 */
bool kpi_decimal_exact(const char *s, const char *end, double *v)
{
#if LDBL_MANT_DIG == 64 && DBL_MANT_DIG == 53
	static const long double pow10[] = {
		1e0L,  1e1L,  1e2L,  1e3L,  1e4L,  1e5L,  1e6L,  1e7L,  1e8L,  1e9L,
		1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L,
		1e20L, 1e21L, 1e22L, 1e23L, 1e24L, 1e25L, 1e26L, 1e27L};
	const char *q = s;
	bool neg = *q == '-';
	q += neg;
	uint64_t w = 0;
	int digits = 0, k = 0;
	for (; q < end && *q >= '0' && *q <= '9'; q++, digits++)
		w = w * 10 + (uint64_t)(*q - '0');
	if (q < end && *q == '.')
		for (q++; q < end && *q >= '0' && *q <= '9'; q++, digits++, k++)
			w = w * 10 + (uint64_t)(*q - '0');
	if (digits > 19)
		return false;
	if (q < end && (*q == 'e' || *q == 'E')) {
		q++;
		bool eneg = *q == '-';
		q += *q == '-' || *q == '+';
		int e = 0;
		for (; q < end && *q >= '0' && *q <= '9'; q++)
			if ((e = e * 10 + (*q - '0')) > 100)
				return false;
		k += eneg ? e : -e;
	}
	if (q != end || k > 27 || k < -27)
		return false;
	long double x = k >= 0 ? (long double)w / pow10[k] : (long double)w * pow10[-k];
	if (x != 0) {
		/* Halfway between two doubles: the 11 bits below a double's 53 are 100 0000 0000. */
		uint64_t m;
#if defined(__x86_64__) || defined(__i386__)
		/* x87's 80-bit format: the first 8 bytes are the 64-bit significand, as
		   ldexpl(frexpl(x), 64) computes it (x is normal here), without the calls. */
		memcpy(&m, &x, sizeof m);
#else
		int e2;
		m = (uint64_t)ldexpl(frexpl(x, &e2), 64);
#endif
		if ((m & 0x7ff) == 0x400 || x > DBL_MAX || x < DBL_MIN)
			return false;
	}
	*v = neg ? -(double)x : (double)x;
	return true;
#else
	(void)s;
	(void)end;
	(void)v;
	return false;
#endif
}

/* A JSON number at *p (RFC 8259 grammar) as the view's CAST(value AS REAL) reads it. */
static bool json_number(const char **p, double *v)
{
	static locale_t c_locale;
	const char *s = *p, *q = s;
	bool integer = true;
	unsigned long long n = 0;
	if (*q == '-')
		q++;
	if (*q == '0')
		q++;
	else if (*q >= '1' && *q <= '9')
		/* The digits' value as they go by (only used when there are at most 18). */
		while (*q >= '0' && *q <= '9')
			n = n * 10 + (*q++ - '0');
	else
		return false;
	if (*q == '.') {
		integer = false;
		if (!(*++q >= '0' && *q <= '9'))
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (*q == 'e' || *q == 'E') {
		integer = false;
		q++;
		if (*q == '+' || *q == '-')
			q++;
		if (!(*q >= '0' && *q <= '9'))
			return false;
		while (*q >= '0' && *q <= '9')
			q++;
	}
	if (integer && q - s <= 18) {
		/* An integer SQLite reads as a 64-bit integer, then converts exactly. */
		*v = (double)(*s == '-' ? -(long long)n : (long long)n);
	} else if (!kpi_decimal_exact(s, q, v)) {
		/* The process's LC_NUMERIC must not change what a '.' means. */
		if (!c_locale)
			c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!c_locale)
			return false;
		char *end;
		*v = strtod_l(s, &end, c_locale);
		if (end != q)
			return false;
	}
	*p = q;
	return true;
}

static inline const char *json_space(const char *p)
{
	/* Most places have none: SQLite's JSON functions write no white space. */
	if ((unsigned char)*p > ' ')
		return p;
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

enum { CELL_MAX_KEYS = 64 };

/*
 * One kpi_cell's counters ({"members":230,"joined":4}, as SQLite's JSON
 * functions write it): ks[i] (pb's index, or -1 for a counter pb does not know)
 * and vs[i] for each of its *n keys in order. hint[i] is the counter the i-th
 * key named on the previous day (days list their keys in the same order).
 * False for anything else (an escaped key, a value that is not a number): the
 * caller reads the day through SQLite.
 */
static bool cell_parse(const char *vals, const struct playbook *pb, const size_t *klen,
		       int *hint, size_t n_hint, int ks[CELL_MAX_KEYS], double vs[CELL_MAX_KEYS],
		       size_t *n_out)
{
	size_t n = 0;
	*n_out = 0;
	const char *p = json_space(vals);
	if (*p++ != '{')
		return false;
	p = json_space(p);
	if (*p == '}')
		return !*json_space(p + 1);
	for (;;) {
		if (*p++ != '"' || n == CELL_MAX_KEYS)
			return false;
		const char *key = p;
		int k = n < n_hint ? hint[n] : -1;
		size_t len = k >= 0 ? klen[k] : 0;
		/* The key the previous day had here (a plain one: no quote, escape or control). */
		bool same = k >= 0 && !memcmp(key, pb->counters[k].key, len) && key[len] == '"';
		if (same) {
			p += len;
		} else {
			while (*p && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
				p++;
			if (*p != '"')
				return false;
			len = (size_t)(p - key);
		}
		p = json_space(p + 1);
		if (*p++ != ':')
			return false;
		p = json_space(p);
		if (!json_number(&p, &vs[n]))
			return false;
		if (!same) {
			k = -1;
			for (size_t i = 0; i < pb->n_counters && k < 0; i++)
				if (klen[i] == len && !memcmp(pb->counters[i].key, key, len))
					k = (int)i;
			if (n < n_hint)
				hint[n] = k;
		}
		ks[n++] = k;
		p = json_space(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return false;
		p = json_space(p);
	}
	if (*json_space(p + 1))
		return false;
	*n_out = n;
	return true;
}

/* The length of each of pb's counter keys, for cell_parse; free() it. */
static size_t *key_lengths(const struct playbook *pb)
{
	size_t *klen = xcalloc(pb->n_counters + 1, sizeof *klen);
	for (size_t i = 0; i < pb->n_counters; i++)
		klen[i] = strlen(pb->counters[i].key);
	return klen;
}

/* One kpi_cell's counters into out, each counter pb knows; false, nothing added, if not plain. */
static bool cell_read(const char *vals, const struct playbook *pb, const size_t *klen,
		      int64_t group_id, int day, int *hint, size_t n_hint, struct kpi_sums *out)
{
	int ks[CELL_MAX_KEYS];
	double vs[CELL_MAX_KEYS];
	size_t n;
	if (!cell_parse(vals, pb, klen, hint, n_hint, ks, vs, &n))
		return false;
	/* kpi_sums_put's work, the row's cell found once (on its first known counter). */
	size_t at = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		if (ks[i] < 0)
			continue;
		if (at == SIZE_MAX)
			at = sums_cell(out, group_id, day) * pb->n_counters;
		size_t c = at + (size_t)ks[i];
		if (!out->day_has[c])
			out->rows[ks[i]]++;
		out->day_val[c] += vs[i];
		out->day_has[c] = true;
		out->sum[ks[i]] += vs[i];
	}
	return true;
}

/* kpi_sums_load over one group (group_id), every group (0), or those of ids (a JSON array). */
static int sums_load(struct db *db, const struct playbook *pb, int64_t group_id, const char *ids,
		     int from, int to, struct kpi_sums *out, char **cause)
{
	kpi_sums_init(out, pb, true);
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	/*
	 * A row per (group, day), its counters read from the day's JSON object
	 * here: expanded by SQLite into a row per counter (the kpi_day view) they
	 * cost ten times as much. A statement per case, so that each uses its
	 * index. Ordered by group and day so that every (group, day) is one cell:
	 * over all groups a metric may only sum a group's day when that group has
	 * all its counters on that day. Every group's rows go through the primary
	 * key, a range per group: the day index would look every row up again in
	 * the table (WITHOUT ROWID), ten times the work.
	 */
	sqlite3_stmt *st = sums_statement(db, day_cells_sql, group_id, ids, a, b, cause);
	if (!st) {
		kpi_sums_free(out);
		return -1;
	}
	int hint[32];
	for (size_t i = 0; i < ARRAY_LEN(hint); i++)
		hint[i] = -1;
	size_t *klen = key_lengths(pb);
	bool plain = true;
	int rc;
	struct day_window win;
	day_window_init(&win, from, to);
	while (plain && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = day_window_match(&win, db_col_text(st, 1));
		if (d != DATE_INVALID)
			plain = cell_read(db_col_text(st, 2), pb, klen, sqlite3_column_int64(st, 0),
					  d, hint, ARRAY_LEN(hint), out);
	}
	free(klen);
	sqlite3_reset(st);
	if (plain && rc != SQLITE_DONE) {
		kpi_sums_free(out);
		return db_fail(db, _("summing KPI counters"), cause);
	}
	if (!plain) {
		/* A day this reader does not know: all of them through SQLite's JSON instead. */
		kpi_sums_free(out);
		kpi_sums_init(out, pb, true);
		if (sums_load_rows(db, pb, group_id, ids, a, b, out, cause) < 0) {
			kpi_sums_free(out);
			return -1;
		}
	}
	return 0;
}

/* A cell through SQLite's JSON, as the kpi_day view reads it: for a day cell_parse refuses. */
static int cell_read_sqlite(struct db *db, const struct playbook *pb, const char *vals,
			    double *val, bool *has, bool *any, char **cause)
{
	sqlite3_stmt *j = db_cached(db, "SELECT key, CAST(value AS REAL) FROM json_each(?1)",
				    cause);
	if (!j)
		return -1;
	sqlite3_bind_text(j, 1, vals, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(j)) == SQLITE_ROW) {
		/* The view's value as kpi_sums_put takes it (a NULL reads as 0). */
		int k = kpi_counter_index(pb, db_col_text(j, 0));
		if (k < 0)
			continue;
		val[k] += sqlite3_column_double(j, 1);
		has[k] = true;
		*any = true;
	}
	sqlite3_reset(j);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("summing KPI counters"), cause);
}

void kpi_cell_reader_init(struct kpi_cell_reader *r, const struct playbook *u)
{
	size_t nc = u->n_counters;
	*r = (struct kpi_cell_reader){.u = u};
	r->val = xcalloc(nc + 1, sizeof *r->val);
	r->has = xcalloc(nc + 1, sizeof *r->has);
	r->set = xcalloc(nc + 1, sizeof *r->set);
	for (size_t i = 0; i < ARRAY_LEN(r->hint); i++)
		r->hint[i] = -1;
	r->klen = key_lengths(u);
}

void kpi_cell_reader_free(struct kpi_cell_reader *r)
{
	free(r->val);
	free(r->has);
	free(r->set);
	free(r->klen);
}

int kpi_cell_reader_read(struct db *db, struct kpi_cell_reader *r, const char *text, bool *any,
			 char **cause)
{
	const struct playbook *u = r->u;
	size_t nc = u->n_counters;
	double *val = r->val;
	bool *has = r->has;
	int ks[CELL_MAX_KEYS];
	double vs[CELL_MAX_KEYS];
	size_t nk;
	*any = false;
	if (cell_parse(text, u, r->klen, r->hint, ARRAY_LEN(r->hint), ks, vs, &nk)) {
		/* The previous cell's counters cleared, then this one's set: a cell holds
		   its counters once each unless written by hand, so keys are summed. */
		for (size_t i = 0; i < r->n_set; i++) {
			val[r->set[i]] = 0;
			has[r->set[i]] = false;
		}
		r->n_set = 0;
		for (size_t i = 0; i < nk; i++)
			if (ks[i] >= 0) {
				if (!has[ks[i]])
					r->set[r->n_set++] = ks[i];
				val[ks[i]] += vs[i];
				has[ks[i]] = true;
				*any = true;
			}
		return 0;
	}
	memset(val, 0, nc * sizeof *val);
	memset(has, 0, nc * sizeof *has);
	r->n_set = 0;
	for (size_t k = 0; k < nc; k++)
		r->set[r->n_set++] = (int)k;
	return cell_read_sqlite(db, u, text, val, has, any, cause);
}

bool kpi_cell_pairs(const char *vals, const char **key, size_t *klen, double *v, size_t *n_out)
{
	size_t n = 0;
	*n_out = 0;
	const char *p = json_space(vals);
	if (*p++ != '{')
		return false;
	p = json_space(p);
	if (*p == '}')
		return !*json_space(p + 1);
	/* cell_parse's grammar, the keys kept as they are instead of matched to counters. */
	for (;;) {
		if (*p++ != '"' || n == CELL_MAX_KEYS)
			return false;
		key[n] = p;
		while (*p && *p != '"' && *p != '\\' && (unsigned char)*p >= 0x20)
			p++;
		if (*p != '"')
			return false;
		klen[n] = (size_t)(p - key[n]);
		p = json_space(p + 1);
		if (*p++ != ':')
			return false;
		p = json_space(p);
		if (!json_number(&p, &v[n]))
			return false;
		n++;
		p = json_space(p);
		if (*p == '}')
			break;
		if (*p++ != ',')
			return false;
		p = json_space(p);
	}
	if (*json_space(p + 1))
		return false;
	*n_out = n;
	return true;
}

int kpi_cells_each(struct db *db, const struct playbook *u, const int64_t *ids, size_t n,
		   int from, int to, kpi_cell_fn *each, void *ctx, char **cause)
{
	/* sums_load's statements. */
	if (n == 0)
		return 0;
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	struct buf list = {0};
	if (n > 1 && n <= KPI_SUMS_LIST_MAX) {
		buf_adds(&list, "[");
		for (size_t i = 0; i < n; i++)
			buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
		buf_adds(&list, "]");
	}
	sqlite3_stmt *st = sums_statement(db, day_cells_sql, n == 1 ? ids[0] : 0,
					  list.len ? buf_str(&list) : NULL, a, b, cause);
	buf_free(&list);
	if (!st)
		return -1;
	struct kpi_cell_reader r;
	kpi_cell_reader_init(&r, u);
	struct day_window win;
	day_window_init(&win, from, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = day_window_match(&win, db_col_text(st, 1));
		if (d == DATE_INVALID)
			continue;
		bool any;
		if (kpi_cell_reader_read(db, &r, db_col_text(st, 2), &any, cause) < 0) {
			rc = SQLITE_OK;  /* cause set */
			break;
		}
		/* A day without a counter u knows is no cell (as in kpi_sums). */
		if (any)
			each(ctx, sqlite3_column_int64(st, 0), d, r.val, r.has);
	}
	kpi_cell_reader_free(&r);
	sqlite3_reset(st);
	if (rc == SQLITE_OK)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("summing KPI counters"), cause);
}

int kpi_sums_load(struct db *db, const struct playbook *pb, int64_t group_id, int from, int to,
		  struct kpi_sums *out, char **cause)
{
	return sums_load(db, pb, group_id, NULL, from, to, out, cause);
}

int kpi_sums_load_groups(struct db *db, const struct playbook *pb, const int64_t *ids, size_t n,
			 int from, int to, struct kpi_sums *out, char **cause)
{
	struct buf list = {0};
	buf_adds(&list, "[");
	for (size_t i = 0; i < n; i++)
		buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_adds(&list, "]");
	int rc = sums_load(db, pb, 0, buf_str(&list), from, to, out, cause);
	buf_free(&list);
	return rc;
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

void kpi_sums_keep(struct kpi_sums *s, const int64_t *ids, size_t n)
{
	size_t nc = s->pb->n_counters;
	memset(s->sum, 0, nc * sizeof *s->sum);
	memset(s->rows, 0, nc * sizeof *s->rows);
	int kept = 0;
	for (int c = 0; c < s->n_days; c++) {
		bool in = false;
		for (size_t i = 0; i < n && !in; i++)
			in = ids[i] == s->cell_group[c];
		if (!in)
			continue;
		size_t to = (size_t)kept * nc, from = (size_t)c * nc;
		memmove(&s->day_val[to], &s->day_val[from], nc * sizeof *s->day_val);
		memmove(&s->day_has[to], &s->day_has[from], nc * sizeof *s->day_has);
		s->cell_group[kept] = s->cell_group[c];
		s->cell_day[kept] = s->cell_day[c];
		for (size_t k = 0; k < nc; k++)
			if (s->day_has[to + k]) {
				s->sum[k] += s->day_val[to + k];
				s->rows[k]++;
			}
		kept++;
	}
	s->n_days = kept;
}

int kpi_members_before(struct db *db, const int64_t *ids, size_t n, int before, bool *has,
		       double *value, char **cause)
{
	if (n == 0)
		return 0;
	struct buf list = {0};
	buf_adds(&list, "[");
	for (size_t i = 0; i < n; i++)
		buf_addf(&list, "%s%lld", i ? "," : "", (long long)ids[i]);
	buf_adds(&list, "]");
	sqlite3_stmt *st = db_cached(db,
				     "SELECT j.value, (SELECT k.value FROM kpi_day k WHERE k.group_id "
				     "= j.value AND k.counter = 'members' AND k.day < ?2 ORDER BY "
				     "k.day DESC LIMIT 1) FROM json_each(?1) j",
				     cause);
	if (!st) {
		buf_free(&list);
		return -1;
	}
	char d[11];
	date_format(before, d);
	sqlite3_bind_text(st, 1, buf_str(&list), -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, d, -1, SQLITE_TRANSIENT);
	buf_free(&list);
	int rc;
	size_t i = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* json_each keeps the array's order: row i is ids[i]. */
		for (; i < n && ids[i] != sqlite3_column_int64(st, 0); i++)
			;
		if (i < n && sqlite3_column_type(st, 1) != SQLITE_NULL) {
			has[i] = true;
			value[i] = sqlite3_column_double(st, 1);
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading members"), cause);
}

/*
 * The posted content's counters come in two reads: the distinct (group, day) cells its
 * slots fall on, each day's JSON object parsed once here (as kpi_sums_load does), and the
 * distinct (item, group, day) triples in item order, matched to those cells in memory.
 * One joined statement sorted every triple with its day's whole JSON text and parsed a
 * cell again for every item posted on it (four times over at team scale).
 */
#define POSTED_CELLS_SQL(cond)                                                               \
	"SELECT p.group_id, p.day, k.vals FROM "                                              \
	"(SELECT DISTINCT group_id, day FROM slot s WHERE " cond " AND s." KPI_POSTED_WHEN    \
	") p JOIN kpi_cell k ON k.group_id = p.group_id AND k.day = p.day"
#define POSTED_TRIPLES_SQL(cond)                                                             \
	"SELECT DISTINCT content_id, group_id, day FROM slot s WHERE " cond " AND s."          \
	KPI_POSTED_WHEN " ORDER BY content_id, group_id, day"

/* A (group, day) cell's counters: vals[first..first + n) of the parsed cells. */
struct posted_cell {
	int64_t group_id;
	int day;
	size_t first, n;
};

struct posted_val {
	int k;
	double v;
};

static int posted_cell_cmp(const void *a, const void *b)
{
	const struct posted_cell *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

/* Bind one of the posted statements: ?1..?2 the days, ?3 the item, ?4 the list. */
static void posted_bind_window(sqlite3_stmt *st, int64_t item, const char *list,
			       const char *from, const char *to)
{
	sqlite3_bind_text(st, 1, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, to, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, item);
	if (list)
		sqlite3_bind_text(st, 4, list, -1, SQLITE_TRANSIENT);
}

/* The posted cells' counters (those pb knows), sorted by group and day for bsearch. */
static int posted_cells_read(struct db *db, const struct playbook *pb, const char *sql,
			     int64_t item, const char *list, const char *from, const char *to,
			     struct posted_cell **cells_out, size_t *n_cells,
			     struct posted_val **vals_out, char **cause)
{
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	posted_bind_window(st, item, list, from, to);
	int hint[32];
	for (size_t i = 0; i < ARRAY_LEN(hint); i++)
		hint[i] = -1;
	size_t *klen = key_lengths(pb);
	struct posted_cell *cells = NULL;
	struct posted_val *vals = NULL;
	size_t nc = 0, cap_c = 0, nv = 0, cap_v = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int d = date_parse(db_col_text(st, 1));
		if (d == DATE_INVALID)
			continue;
		const char *text = db_col_text(st, 2);
		int ks[CELL_MAX_KEYS];
		double vs[CELL_MAX_KEYS];
		size_t n = 0;
		if (nc == cap_c) {
			cap_c = cap_c ? cap_c * 2 : 256;
			cells = xrealloc(cells, cap_c * sizeof *cells);
		}
		struct posted_cell *c = &cells[nc++];
		*c = (struct posted_cell){sqlite3_column_int64(st, 0), d, nv, 0};
		if (cell_parse(text, pb, klen, hint, ARRAY_LEN(hint), ks, vs, &n)) {
			for (size_t i = 0; i < n; i++) {
				if (ks[i] < 0)
					continue;
				if (nv == cap_v) {
					cap_v = cap_v ? cap_v * 2 : 1024;
					vals = xrealloc(vals, cap_v * sizeof *vals);
				}
				vals[nv++] = (struct posted_val){ks[i], vs[i]};
			}
		} else {
			/* A day this reader does not know: its counters as the kpi_day view reads them. */
			sqlite3_stmt *j = db_cached(db, "SELECT key, CAST(value AS REAL) FROM "
						    "json_each(?1)", cause);
			if (!j) {
				free(klen);
				sqlite3_reset(st);
				free(cells);
				free(vals);
				return -1;
			}
			sqlite3_bind_text(j, 1, text, -1, SQLITE_TRANSIENT);
			int jr;
			while ((jr = sqlite3_step(j)) == SQLITE_ROW) {
				int k = kpi_counter_index(pb, db_col_text(j, 0));
				if (k < 0 || sqlite3_column_type(j, 1) == SQLITE_NULL)
					continue;
				if (nv == cap_v) {
					cap_v = cap_v ? cap_v * 2 : 1024;
					vals = xrealloc(vals, cap_v * sizeof *vals);
				}
				vals[nv++] = (struct posted_val){k, sqlite3_column_double(j, 1)};
			}
			sqlite3_reset(j);
			if (jr != SQLITE_DONE) {
				rc = jr;
				break;
			}
		}
		c->n = nv - c->first;
	}
	free(klen);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(cells);
		free(vals);
		return db_fail(db, _("summing KPI counters of posted content"), cause);
	}
	if (nc > 1)
		qsort(cells, nc, sizeof *cells, posted_cell_cmp);
	*cells_out = cells;
	*n_cells = nc;
	*vals_out = vals;
	return 0;
}

int kpi_posted_cells(struct db *db, const struct playbook *pb, enum kpi_posted_filter which,
		     int64_t item, const char *list, const char *from, const char *to,
		     void (*cell)(void *ctx, int64_t item, int64_t group_id, int day, int k,
				  double v),
		     void *ctx, char **cause)
{
	static const char *const cells_sql[] = {POSTED_CELLS_SQL(KPI_POSTED_COND_EVERY),
						POSTED_CELLS_SQL(KPI_POSTED_COND_ITEM),
						POSTED_CELLS_SQL(KPI_POSTED_COND_LIST)};
	static const char *const triples_sql[] = {POSTED_TRIPLES_SQL(KPI_POSTED_COND_EVERY),
						  POSTED_TRIPLES_SQL(KPI_POSTED_COND_ITEM),
						  POSTED_TRIPLES_SQL(KPI_POSTED_COND_LIST)};
	struct posted_cell *cells;
	struct posted_val *vals;
	size_t nc;
	if (posted_cells_read(db, pb, cells_sql[which], item, list, from, to, &cells, &nc, &vals,
			      cause) < 0)
		return -1;
	sqlite3_stmt *st = db_cached(db, triples_sql[which], cause);
	if (!st) {
		free(cells);
		free(vals);
		return -1;
	}
	posted_bind_window(st, item, list, from, to);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct posted_cell key = {.group_id = sqlite3_column_int64(st, 1),
					  .day = date_parse(db_col_text(st, 2))};
		const struct posted_cell *c =
			nc ? bsearch(&key, cells, nc, sizeof key, posted_cell_cmp) : NULL;
		if (!c)
			continue;  /* no counters that day */
		int64_t it = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < c->n; i++)
			cell(ctx, it, c->group_id, c->day, vals[c->first + i].k, vals[c->first + i].v);
	}
	sqlite3_reset(st);
	free(cells);
	free(vals);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("summing KPI counters of posted content"),
					       cause);
}

static double sum_of(const char *name, void *ctx)
{
	const struct kpi_sums *s = ctx;
	int i = kpi_counter_index(s->pb, name);
	return i < 0 ? 0 : s->sum[i];
}

bool kpi_metric_eval_cells(const struct pb_metric *m, const struct kpi_sums *s, int only_day,
			   double *value)
{
	if (!m->formula)
		return false;
	/*
	 * A counter without rows in the window is unknown, not zero: conversion
	 * without an orders export would otherwise show 0% and a false alarm.
	 */
	const char *names[FORMULA_MAX_COUNTERS];
	size_t n = formula_counters(m->formula, names, ARRAY_LEN(names));
	int idx[ARRAY_LEN(names)];
	if (n > ARRAY_LEN(names))
		return false;
	for (size_t i = 0; i < n; i++) {
		idx[i] = kpi_counter_index(s->pb, names[i]);
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
	return kpi_metric_eval_cells(m, s, DATE_INVALID, value);
}

int kpi_series_many(struct db *db, const struct playbook *pb, int64_t group_id,
		    const struct pb_metric *const *m, size_t n, int from, int to, double *values,
		    bool *defined, char **cause)
{
	struct kpi_sums s;
	int rc = kpi_sums_load(db, pb, group_id, from, to, &s, cause);
	size_t days = (size_t)(to - from + 1);
	for (size_t k = 0; k < n; k++)
		for (int d = from; d <= to; d++) {
			size_t i = k * days + (size_t)(d - from);
			defined[i] = rc == 0 && kpi_metric_eval_cells(m[k], &s, d, &values[i]);
			if (!defined[i])
				values[i] = 0;
		}
	if (rc == 0)
		kpi_sums_free(&s);
	return rc;
}

int kpi_series(struct db *db, const struct playbook *pb, int64_t group_id,
	       const struct pb_metric *m, int from, int to, double *values, bool *defined,
	       char **cause)
{
	return kpi_series_many(db, pb, group_id, &m, 1, from, to, values, defined, cause);
}

void kpi_counters_union(const struct playbook *const *pbs, size_t n, struct playbook *u)
{
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += pbs[i]->n_counters;
	*u = (struct playbook){0};
	u->counters = xcalloc(total + 1, sizeof *u->counters);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < pbs[i]->n_counters; k++)
			if (kpi_counter_index(u, pbs[i]->counters[k].key) < 0)
				u->counters[u->n_counters++].key = pbs[i]->counters[k].key;
}

int *kpi_counter_map(const struct playbook *pb, const struct playbook *u)
{
	int *map = xcalloc(pb->n_counters + 1, sizeof *map);
	for (size_t k = 0; k < pb->n_counters; k++)
		map[k] = kpi_counter_index(u, pb->counters[k].key);
	return map;
}

int kpi_sums_load_many(struct db *db, const struct playbook *u, const int64_t *ids, size_t n,
		       int from, int to, struct kpi_sums *out, char **cause)
{
	/* A few groups (a screen's first): only theirs, not every group's counters. */
	if (n > 1 && n <= KPI_SUMS_LIST_MAX)
		return kpi_sums_load_groups(db, u, ids, n, from, to, out, cause);
	return kpi_sums_load(db, u, n == 1 ? ids[0] : 0, from, to, out, cause);
}

void kpi_metric_plan_init(struct kpi_metric_plan *p, const struct pb_metric *m,
			  const struct playbook *pb, const int *map, const struct playbook *u)
{
	*p = (struct kpi_metric_plan){.m = m, .map = map, .n_map = pb->n_counters};
	p->never = !m->formula;
	if (p->never)
		return;
	p->n = formula_counters(m->formula, p->names, ARRAY_LEN(p->names));
	p->never = p->n > ARRAY_LEN(p->names);
	/* As kpi_metric_eval_cells: a counter the sums do not hold makes the metric undefined. */
	for (size_t i = 0; !p->never && i < p->n; i++) {
		p->idx[i] = kpi_counter_index(u, p->names[i]);
		p->never = p->idx[i] < 0 || kpi_counter_index(pb, p->names[i]) < 0;
	}
}

/* A plan's masked sums, looked up by the formula's own name pointers first. */
struct plan_sums {
	const struct kpi_metric_plan *p;
	const double *sum;
};

static double plan_sum_of(const char *name, void *ctx)
{
	const struct plan_sums *ps = ctx;
	for (size_t i = 0; i < ps->p->n; i++)
		if (ps->p->names[i] == name)
			return ps->sum[i];
	/* A name the formula repeats: another pointer, the same counter. */
	for (size_t i = 0; i < ps->p->n; i++)
		if (!strcmp(ps->p->names[i], name))
			return ps->sum[i];
	return 0;
}

bool kpi_metric_plan_result(const struct kpi_metric_plan *p, const struct kpi_plan_acc *acc,
			    double *value)
{
	struct plan_sums ps = {p, acc->sum};
	return !p->never && acc->cells > 0 && formula_eval(p->m->formula, plan_sum_of, &ps, value);
}

bool kpi_metric_eval_plan(const struct kpi_metric_plan *p, const struct kpi_sums *s,
			  size_t first, size_t end, double *value)
{
	if (p->never)
		return false;
	size_t nc = s->pb->n_counters;
	struct kpi_plan_acc acc = {0};
	for (size_t d = first; d < end; d++)
		kpi_metric_plan_add(p, &s->day_val[d * nc], &s->day_has[d * nc], &acc);
	return kpi_metric_plan_result(p, &acc, value);
}
