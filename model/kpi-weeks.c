/*
 * Kept weeks (migration 037): each group's counters summed by week, one row per
 * set of counters its days hold, so that a long window is read as its whole
 * weeks plus the days at its ends. Written by the writers of the counters in
 * their transaction (kpi_weeks_rebuild), dropped by triggers whenever a day
 * changes; read by the KPI tab's reports (kpi_weeks_each). A week without rows
 * is read from its days: never a wrong figure, at worst a slower one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db-ids.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "util.h"

/* The Julian day number of day 0 (1970-01-01); a JDN divided by 7 starts on a Monday. */
#define JDN_1970 2440588

static int week_of(int day)
{
	return (day + JDN_1970) / 7;
}

static int week_first(int week)
{
	return week * 7 - JDN_1970;
}

/* ---- the sums' encoding ---- */

/* Whole numbers below this add exactly in any order. */
#define WK_WHOLE_MAX 9007199254740992.0

static void put_varint(struct buf *b, uint64_t v)
{
	unsigned char c[10];
	size_t n = 0;
	do {
		c[n] = (unsigned char)(v & 0x7f);
		v >>= 7;
		if (v)
			c[n] |= 0x80;
		n++;
	} while (v);
	buf_add(b, c, n);
}

static bool get_varint(const unsigned char **p, const unsigned char *end, uint64_t *v)
{
	uint64_t x = 0;
	for (int shift = 0; *p < end && shift < 64; shift += 7) {
		unsigned char c = *(*p)++;
		x |= (uint64_t)(c & 0x7f) << shift;
		if (!(c & 0x80)) {
			*v = x;
			return true;
		}
	}
	return false;
}

/* A whole number below 2^53 as its zigzag times 2 (a sum of counts: a byte or two), any
   other double (a revenue, -0) as 1 and its 8 bytes: each decodes to the same double. */
static void put_value(struct buf *b, double v)
{
	if (fabs(v) < 9007199254740992.0 && v == (double)(int64_t)v && !(v == 0 && signbit(v))) {
		int64_t n = (int64_t)v;
		uint64_t z = ((uint64_t)n << 1) ^ (uint64_t)(n >> 63);
		put_varint(b, z << 1);
		return;
	}
	put_varint(b, 1);
	unsigned char c[8];
	uint64_t bits;
	memcpy(&bits, &v, sizeof bits);
	for (int i = 0; i < 8; i++)
		c[i] = (unsigned char)(bits >> (8 * i));
	buf_add(b, c, sizeof c);
}

static bool get_value(const unsigned char **p, const unsigned char *end, double *v)
{
	uint64_t u;
	if (!get_varint(p, end, &u))
		return false;
	if (u == 1) {
		if (end - *p < 8)
			return false;
		uint64_t bits = 0;
		for (int i = 0; i < 8; i++)
			bits |= (uint64_t)(*p)[i] << (8 * i);
		*p += 8;
		memcpy(v, &bits, sizeof *v);
		return true;
	}
	if (u & 1)
		return false;
	uint64_t z = u >> 1;
	*v = (double)(int64_t)((z >> 1) ^ (0 - (z & 1)));
	return true;
}

/* ---- summing weeks from their cells ---- */

/*
 * The week being summed: its days' counters (all its days hold the same keys, or the week
 * is not kept), each key's sum and, for a key not whole on every day, each day's value.
 */
struct wk_set {
	struct buf keys;
	size_t n;
	double *sum;
	double *day;                   /* key i's value on the week's j-th day: [i * 7 + j] */
	bool *frac;                    /* key i is not whole on some day (or too large) */
	double *abs;                   /* key i's sum of magnitudes, for the 2^53 bound */
	int cells;
	int days;                      /* the week's days that have a cell: bit 0 Monday */
};

struct wk {
	struct db *db;
	int64_t group_id;
	int week;
	bool any, broken;              /* a cell was added; one could not be read (not kept) */
	struct wk_set *sets;
	size_t n_sets, cap_sets;
	struct buf *ks_keys;           /* keysets known to this build, and their ids */
	int64_t *ks_id;
	size_t n_ks;
	struct buf enc;
	/* the cell being read: its distinct keys in byte order (spans of the cell's text, or
	   of arena for one read through SQLite), values summed in cell order */
	const char **key;
	size_t *klen;
	double *v;
	size_t n, cap;
	struct buf arena, keys;
};

static void wk_cell_clear(struct wk *w)
{
	w->n = 0;
	w->arena.len = 0;
}

/* Add (key, v) to the cell: a key written twice sums, in order, as the reader adds it. */
static void wk_cell_put(struct wk *w, const char *key, size_t len, double v)
{
	size_t i = 0;
	int c = 1;
	for (; i < w->n; i++) {
		size_t kl = w->klen[i];
		c = memcmp(w->key[i], key, kl < len ? kl : len);
		if (c == 0)
			c = (kl > len) - (kl < len);
		if (c >= 0)
			break;
	}
	if (i < w->n && c == 0) {
		w->v[i] += v;
		return;
	}
	if (w->n == w->cap) {
		w->cap = w->cap ? w->cap * 2 : 32;
		w->key = xrealloc(w->key, w->cap * sizeof *w->key);
		w->klen = xrealloc(w->klen, w->cap * sizeof *w->klen);
		w->v = xrealloc(w->v, w->cap * sizeof *w->v);
	}
	memmove(&w->key[i + 1], &w->key[i], (w->n - i) * sizeof *w->key);
	memmove(&w->klen[i + 1], &w->klen[i], (w->n - i) * sizeof *w->klen);
	memmove(&w->v[i + 1], &w->v[i], (w->n - i) * sizeof *w->v);
	w->key[i] = key;
	w->klen[i] = len;
	w->v[i] = 0 + v;
	w->n++;
}

/* A cell's keys and values, as kpi_cell_reader_read reads them; -1: unreadable (cause). */
static int wk_cell_read(struct wk *w, const char *text, char **cause)
{
	wk_cell_clear(w);
	const char *key[64];
	size_t klen[64], n;
	double v[64];
	if (kpi_cell_pairs(text, key, klen, v, &n)) {
		for (size_t i = 0; i < n; i++)
			wk_cell_put(w, key[i], klen[i], v[i]);
		return 0;
	}
	sqlite3_stmt *j = db_cached(w->db, "SELECT key, CAST(value AS REAL) FROM json_each(?1)",
				    cause);
	if (!j)
		return -1;
	sqlite3_bind_text(j, 1, text, -1, SQLITE_TRANSIENT);
	/* The keys as C strings (as the reader matches them to counters), kept in the arena by
	   offset until all are read (it may move), then put. */
	struct buf offs = {0};
	double *vals = NULL;
	size_t nv = 0;
	int rc;
	while ((rc = sqlite3_step(j)) == SQLITE_ROW) {
		const char *k = db_col_text(j, 0);
		size_t at = w->arena.len, len = strlen(k);
		buf_add(&w->arena, k, len + 1);
		buf_add(&offs, &at, sizeof at);
		vals = xrealloc(vals, (nv + 1) * sizeof *vals);
		vals[nv++] = sqlite3_column_double(j, 1);
	}
	sqlite3_reset(j);
	for (size_t i = 0; rc == SQLITE_DONE && i < nv; i++) {
		size_t at;
		memcpy(&at, offs.data + i * sizeof at, sizeof at);
		const char *k = w->arena.data + at;
		wk_cell_put(w, k, strlen(k), vals[i]);
	}
	buf_free(&offs);
	free(vals);
	return rc == SQLITE_DONE ? 0 : db_fail(w->db, _("summing KPI counters"), cause);
}

/* The id of keyset keys, stored when new. */
static int wk_keyset(struct wk *w, const struct buf *keys, int64_t *id, char **cause)
{
	for (size_t i = 0; i < w->n_ks; i++)
		if (w->ks_keys[i].len == keys->len && !memcmp(w->ks_keys[i].data, keys->data, keys->len)) {
			*id = w->ks_id[i];
			return 0;
		}
	sqlite3_stmt *get = db_cached(w->db, "SELECT id FROM kpi_keyset WHERE keys = ?1", cause);
	if (!get)
		return -1;
	sqlite3_bind_blob(get, 1, keys->len ? keys->data : "", (int)keys->len, SQLITE_STATIC);
	int rc = sqlite3_step(get);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(get, 0) : 0;
	sqlite3_reset(get);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(w->db, _("storing KPI weeks"), cause);
	if (rc == SQLITE_DONE) {
		sqlite3_stmt *ins = db_cached(w->db, "INSERT INTO kpi_keyset (keys) VALUES (?1)", cause);
		if (!ins)
			return -1;
		sqlite3_bind_blob(ins, 1, keys->len ? keys->data : "", (int)keys->len,
				  SQLITE_STATIC);
		rc = sqlite3_step(ins);
		sqlite3_reset(ins);
		if (rc != SQLITE_DONE)
			return db_fail(w->db, _("storing KPI weeks"), cause);
		*id = sqlite3_last_insert_rowid(db_sqlite(w->db));
	}
	w->ks_keys = xrealloc(w->ks_keys, (w->n_ks + 1) * sizeof *w->ks_keys);
	w->ks_id = xrealloc(w->ks_id, (w->n_ks + 1) * sizeof *w->ks_id);
	w->ks_keys[w->n_ks] = (struct buf){0};
	buf_add(&w->ks_keys[w->n_ks], keys->data, keys->len);
	w->ks_id[w->n_ks++] = *id;
	return 0;
}

static void wk_set_free(struct wk_set *set)
{
	buf_free(&set->keys);
	free(set->sum);
	free(set->day);
	free(set->frac);
	free(set->abs);
}

/* The week summed so far written (one row: its days' keys); then empty. */
static int wk_flush(struct wk *w, char **cause)
{
	int rc = 0;
	for (size_t s = 0; rc == 0 && w->any && !w->broken && s < w->n_sets; s++) {
		struct wk_set *set = &w->sets[s];
		int64_t id;
		if (wk_keyset(w, &set->keys, &id, cause) < 0) {
			rc = -1;
			break;
		}
		/*
		 * A key whole on every day: its sum, which adds to a whole sum as exactly as its
		 * days one by one. Any other (revenue): each day's value, 1 and 8 bytes a day,
		 * for the reader to add in day order: the same double as adding the cells.
		 */
		w->enc.len = 0;
		for (size_t i = 0; i < set->n; i++) {
			if (!set->frac[i]) {
				put_value(&w->enc, set->sum[i]);
				continue;
			}
			put_varint(&w->enc, 1);
			for (int j = 0; j < set->cells; j++) {
				unsigned char c[8];
				uint64_t bits;
				memcpy(&bits, &set->day[i * 7 + (size_t)j], sizeof bits);
				for (int b = 0; b < 8; b++)
					c[b] = (unsigned char)(bits >> (8 * b));
				buf_add(&w->enc, c, sizeof c);
			}
		}
		sqlite3_stmt *ins = db_cached(w->db,
					      "INSERT INTO kpi_week (group_id, week, keyset, cells, days, "
					      "sums) VALUES (?1, ?2, ?3, ?4, ?6, ?5)",
					      cause);
		if (!ins) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(ins, 1, w->group_id);
		sqlite3_bind_int(ins, 2, w->week);
		sqlite3_bind_int64(ins, 3, id);
		sqlite3_bind_int(ins, 4, set->cells);
		sqlite3_bind_int(ins, 6, set->days);
		sqlite3_bind_blob(ins, 5, w->enc.len ? w->enc.data : "", (int)w->enc.len,
				  SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			rc = db_fail(w->db, _("storing KPI weeks"), cause);
		sqlite3_reset(ins);
	}
	for (size_t s = 0; s < w->n_sets; s++)
		wk_set_free(&w->sets[s]);
	w->n_sets = 0;
	w->any = w->broken = false;
	return rc;
}

/* One day cell of group_id into its week (the week before it written when it ends). */
static int wk_add(struct wk *w, int64_t group_id, const char *day_text, const char *text,
		  char **cause)
{
	int day = date_parse(day_text);
	if (day == DATE_INVALID)
		return 0;  /* the readers skip it too */
	if (group_id != w->group_id || week_of(day) != w->week) {
		if (wk_flush(w, cause) < 0)
			return -1;
		w->group_id = group_id;
		w->week = week_of(day);
	}
	if (w->broken)
		return 0;
	char *why = NULL;
	if (wk_cell_read(w, text, &why) < 0) {
		/* Not kept: the readers read this week's days and say what is wrong. */
		free(why);
		w->broken = true;
		return 0;
	}
	if (w->n == 0)
		return 0;  /* no counters: no cell for any reader */
	struct buf *keys = &w->keys;
	keys->len = 0;
	for (size_t i = 0; i < w->n; i++) {
		buf_add(keys, w->key[i], w->klen[i]);
		buf_add(keys, "", 1);
	}
	struct wk_set *set = NULL;
	for (size_t s = 0; s < w->n_sets && !set; s++)
		if (w->sets[s].keys.len == keys->len &&
		    !memcmp(w->sets[s].keys.data, keys->data, keys->len))
			set = &w->sets[s];
	if (!set && w->n_sets > 0) {
		/* Days holding different counters (typed in by hand): read as days, not kept. */
		w->broken = true;
		return 0;
	}
	if (!set) {
		if (w->n_sets == w->cap_sets) {
			w->cap_sets = w->cap_sets ? w->cap_sets * 2 : 4;
			w->sets = xrealloc(w->sets, w->cap_sets * sizeof *w->sets);
		}
		set = &w->sets[w->n_sets++];
		*set = (struct wk_set){.n = w->n};
		buf_add(&set->keys, keys->data, keys->len);
		set->sum = xcalloc(w->n + 1, sizeof *set->sum);
		set->day = xcalloc(7 * w->n + 1, sizeof *set->day);
		set->frac = xcalloc(w->n + 1, sizeof *set->frac);
		set->abs = xcalloc(w->n + 1, sizeof *set->abs);
	}
	if (set->cells >= 7) {
		w->broken = true;  /* a day twice: not from the table's key */
		return 0;
	}
	/* Added day by day, as a window's reader adds the cells. */
	for (size_t i = 0; i < w->n; i++) {
		double v = w->v[i];
		set->sum[i] += v;
		set->day[i * 7 + (size_t)set->cells] = v;
		set->abs[i] += fabs(v);
		if (!(fabs(v) < WK_WHOLE_MAX && v == (double)(int64_t)v && !(v == 0 && signbit(v))) ||
		    !(set->abs[i] < WK_WHOLE_MAX))
			set->frac[i] = true;
	}
	set->cells++;
	set->days |= 1 << (day - week_first(w->week));
	w->any = true;
	return 0;
}

static void wk_free(struct wk *w)
{
	for (size_t s = 0; s < w->n_sets; s++)
		wk_set_free(&w->sets[s]);
	free(w->sets);
	for (size_t i = 0; i < w->n_ks; i++)
		buf_free(&w->ks_keys[i]);
	free(w->ks_keys);
	free(w->ks_id);
	buf_free(&w->enc);
	free(w->key);
	free(w->klen);
	free(w->v);
	buf_free(&w->arena);
	buf_free(&w->keys);
}

int kpi_weeks_rebuild(struct db *db, const struct kpi_span *spans, size_t n, char **cause)
{
	struct wk w = {.db = db, .week = -1};
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int wa = week_of(spans[i].from), wb = week_of(spans[i].to);
		sqlite3_stmt *del = db_cached(db, "DELETE FROM kpi_week WHERE group_id = ?1 "
					      "AND week BETWEEN ?2 AND ?3", cause);
		if (!del) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(del, 1, spans[i].group_id);
		sqlite3_bind_int(del, 2, wa);
		sqlite3_bind_int(del, 3, wb);
		if (sqlite3_step(del) != SQLITE_DONE)
			rc = db_fail(db, _("storing KPI weeks"), cause);
		sqlite3_reset(del);
		sqlite3_stmt *st = rc ? NULL : db_cached(db, "SELECT day, vals FROM kpi_cell WHERE "
							 "group_id = ?1 AND day BETWEEN ?2 AND ?3 "
							 "ORDER BY day", cause);
		if (!st) {
			rc = -1;
			break;
		}
		char a[11], b[11];
		date_format(week_first(wa), a);
		date_format(week_first(wb) + 6, b);
		sqlite3_bind_int64(st, 1, spans[i].group_id);
		sqlite3_bind_text(st, 2, a, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, b, -1, SQLITE_TRANSIENT);
		int s;
		while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW)
			rc = wk_add(&w, spans[i].group_id, db_col_text(st, 0), db_col_text(st, 1), cause);
		if (rc == 0 && s != SQLITE_DONE)
			rc = db_fail(db, _("storing KPI weeks"), cause);
		sqlite3_reset(st);
		if (rc == 0)
			rc = wk_flush(&w, cause);
	}
	wk_free(&w);
	return rc;
}

int kpi_weeks_rebuild_all(struct db *db, char **cause)
{
	if (db_exec(db, "DELETE FROM kpi_week; DELETE FROM kpi_week_todo", cause) < 0)
		return -1;
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT group_id, day, vals FROM kpi_cell ORDER BY group_id, day", &st,
		       cause) < 0)
		return -1;
	struct wk w = {.db = db, .week = -1};
	int rc = 0, s;
	while (rc == 0 && (s = sqlite3_step(st)) == SQLITE_ROW)
		rc = wk_add(&w, sqlite3_column_int64(st, 0), db_col_text(st, 1), db_col_text(st, 2),
			    cause);
	if (rc == 0 && s != SQLITE_DONE)
		rc = db_fail(db, _("storing KPI weeks"), cause);
	sqlite3_finalize(st);
	if (rc == 0)
		rc = wk_flush(&w, cause);
	wk_free(&w);
	return rc;
}

/* ---- reading a window through them ---- */

/* A keyset's keys as the reader's counters: u's index of each key, or -1. */
struct rd_keyset {
	int64_t id;
	int *k;
	size_t n;
};

/* A kept week read: its group, week, keyset and sums (bytes in the pool). */
struct rd_row {
	int64_t group_id;
	int week, cells, days;
	size_t keyset, off, len;
};

static int rd_row_cmp(const void *a, const void *b)
{
	const struct rd_row *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	if (x->week != y->week)
		return x->week < y->week ? -1 : 1;
	return (x->keyset > y->keyset) - (x->keyset < y->keyset);
}

/* A group's place in the read: its windows. */
struct rd_group {
	int64_t id;
	size_t at;                 /* its index in the caller's ids */
	int pf, from, to;
	int wa, wb;                /* its whole weeks inside [pf, to] (wa > wb: none) */
};

static int rd_group_cmp(const void *a, const void *b)
{
	const struct rd_group *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Is week w whole inside g's [pf, to] and not across the boundary at from? */
static bool rd_whole(const struct rd_group *g, int w)
{
	int f = week_first(w);
	return f >= g->pf && f + 6 <= g->to && !(f < g->from && f + 6 >= g->from);
}

/*
 * Can a kept week with cells on the days of mask stand for its days in g's window: are
 * they all in [pf, from) or all in [from, to]? (The week being filled, the first of the
 * counters: a part of a week, whole in the window.)
 */
static bool rd_usable(const struct rd_group *g, int w, int mask)
{
	int f = week_first(w), lo = -1, hi = -1;
	for (int i = 0; i < 7; i++)
		if (mask & (1 << i)) {
			lo = lo < 0 ? f + i : lo;
			hi = f + i;
		}
	return lo >= 0 && lo >= g->pf && hi <= g->to && (hi < g->from || lo >= g->from);
}

/* The keysets, each key matched to u's counters. */
static int rd_keysets(struct db *db, const struct playbook *u, struct rd_keyset **out, size_t *n,
		      char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT id, keys FROM kpi_keyset ORDER BY id", cause);
	if (!st)
		return -1;
	struct rd_keyset *ks = NULL;
	size_t nk = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *p = sqlite3_column_blob(st, 1);
		size_t len = (size_t)sqlite3_column_bytes(st, 1);
		ks = xrealloc(ks, (nk + 1) * sizeof *ks);
		struct rd_keyset *k = &ks[nk++];
		*k = (struct rd_keyset){.id = sqlite3_column_int64(st, 0)};
		k->k = xcalloc(len + 1, sizeof *k->k);
		for (size_t at = 0; p && at < len;) {
			const char *key = p + at;
			size_t kl = strnlen(key, len - at);
			char *z = xstrndup(key, kl);
			k->k[k->n++] = kpi_counter_index(u, z);
			free(z);
			at += kl + 1;
		}
	}
	sqlite3_reset(st);
	*out = ks;
	*n = nk;
	if (rc != SQLITE_DONE)
		return db_fail(db, _("reading KPI weeks"), cause);
	return 0;
}

static size_t rd_keyset_find(const struct rd_keyset *ks, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (ks[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ks[lo].id == id ? lo : n;
}

/* The reader's state: the rows read, where the next is, the counters' arrays. */
struct rd {
	const struct playbook *u;
	struct rd_keyset *ks;
	size_t n_ks;
	struct rd_row *rows;
	size_t n_rows, next;
	struct buf pool;
	double *val;
	bool *has;
	const double **days;           /* a row's counters kept day by day: their days */
	double *dayv;                  /* their values, 7 a counter */
	int *set;                      /* the counters days holds */
	size_t n_set;
	bool *frac;                    /* the group's keys with a value not whole so far */
	double *whole;                 /* the magnitudes of the whole values so far */
	kpi_span_fn *each;
	void *ctx;
	bool bad;                  /* a row's sums did not decode */
};

/*
 * The exactness of a group's sums: a key's week sum adds to the sums as exactly as its
 * days one by one only while every value of that key so far was whole (and the magnitudes
 * stay below 2^53); otherwise the group is read again day by day (redo).
 */
static void rd_group_begin(struct rd *r)
{
	size_t nc = r->u->n_counters;
	memset(r->frac, 0, nc * sizeof *r->frac);
	memset(r->whole, 0, nc * sizeof *r->whole);
}

/* A day cell's values: which keys are no longer whole. */
static void rd_note_cell(struct rd *r, const double *val, const bool *has)
{
	for (size_t k = 0; k < r->u->n_counters; k++) {
		if (!has[k] || r->frac[k])
			continue;
		double v = val[k];
		if (fabs(v) < WK_WHOLE_MAX && v == (double)(int64_t)v && !(v == 0 && signbit(v)))
			r->whole[k] += fabs(v);
		else
			r->frac[k] = true;
	}
}

/* Hand over row r (a kept week): its sums, and the days of the keys kept day by day. */
static void rd_row_emit(struct rd *r, const struct rd_row *row, bool *redo)
{
	const struct rd_keyset *k = &r->ks[row->keyset];
	size_t nc = r->u->n_counters;
	memset(r->val, 0, nc * sizeof *r->val);
	memset(r->has, 0, nc * sizeof *r->has);
	const unsigned char *p = (const unsigned char *)r->pool.data + row->off, *end = p + row->len;
	bool any = false;
	for (size_t i = 0; i < k->n; i++) {
		uint64_t u;
		int c = k->k[i];
		const unsigned char *at = p;
		if (!get_varint(&p, end, &u) || (u != 1 && (u & 1))) {
			r->bad = true;
			return;
		}
		if (u == 1) {
			if ((size_t)(end - p) < 8 * (size_t)row->cells || row->cells > 7) {
				r->bad = true;
				return;
			}
			const unsigned char *d = p;
			p += 8 * (size_t)row->cells;
			if (c < 0)
				continue;
			double *out = &r->dayv[(size_t)c * 7];
			for (int j = 0; j < row->cells; j++) {
				uint64_t bits = 0;
				for (int b = 0; b < 8; b++)
					bits |= (uint64_t)d[8 * j + b] << (8 * b);
				memcpy(&out[j], &bits, sizeof bits);
			}
			r->days[c] = out;
			r->set[r->n_set++] = c;
			r->frac[c] = true;
		} else {
			double v;
			if (!get_value(&at, end, &v)) {
				r->bad = true;
				return;
			}
			if (c < 0)
				continue;
			r->val[c] = v;
			if ((r->frac[c] && v != 0) || !((r->whole[c] += fabs(v)) < WK_WHOLE_MAX))
				*redo = true;
		}
		r->has[c] = true;
		any = true;
	}
	/* Its first day with a cell: the window part all its days are in. */
	int first = week_first(row->week), at = 0;
	while (at < 6 && !(row->days & (1 << at)))
		at++;
	first += at;
	if (any)
		r->each(r->ctx, row->group_id, first, true, row->cells, r->val, r->has, r->days);
	for (size_t i = 0; i < r->n_set; i++)
		r->days[r->set[i]] = NULL;
	r->n_set = 0;
}

/* The kept rows of group gs[gi] before day handed over. */
static void rd_rows_upto(struct rd *r, const struct rd_group *g, int day, bool *redo)
{
	while (r->next < r->n_rows) {
		const struct rd_row *row = &r->rows[r->next];
		if (row->group_id > g->id || (row->group_id == g->id && week_first(row->week) >= day))
			return;
		r->next++;
		if (row->group_id == g->id)
			rd_row_emit(r, row, &redo[g->at]);
	}
}

/* Do the ids and days fit the packed ranges (group ids below 2^19, Julian days below 2^22)? */
static bool rd_fits(const struct rd_group *g, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (g[i].id < 0 || g[i].id >= (1 << 19) || g[i].pf + JDN_1970 < 0 ||
		    g[i].to + JDN_1970 >= (1 << 22) || g[i].pf > g[i].to)
			return false;
	return true;
}

int kpi_weeks_each(struct db *db, const struct playbook *u, const int64_t *ids, const int *pf,
		   const int *from, const int *to, size_t n, kpi_span_fn *each, void *ctx,
		   bool *redo, char **cause)
{
	if (n == 0)
		return 0;
	struct rd_group *gs = xcalloc(n + 1, sizeof *gs);
	for (size_t i = 0; i < n; i++) {
		struct rd_group *g = &gs[i];
		*g = (struct rd_group){ids[i], i, pf[i], from[i], to[i], 0, -1};
		if (pf[i] > to[i])
			continue;
		g->wa = week_of(pf[i]);
		g->wb = week_of(to[i]);
	}
	qsort(gs, n, sizeof *gs, rd_group_cmp);
	/* Windows without a whole week (7 days: two weeks' ends) gain nothing from the rows. */
	bool whole = false;
	for (size_t i = 0; i < n && !whole; i++)
		for (int w = gs[i].wa; w <= gs[i].wb && !whole; w++)
			whole = rd_whole(&gs[i], w);
	if (!whole || !rd_fits(gs, n)) {
		free(gs);
		return 1;
	}
	struct rd r = {.u = u, .each = each, .ctx = ctx};
	int rc = rd_keysets(db, u, &r.ks, &r.n_ks, cause);
	/* The whole weeks' rows: a range of weeks a group, packed as id << 40 | wa << 20 | wb. */
	size_t cap_p = 2 * n + 16, np = 0;
	int64_t *packed = xcalloc(cap_p, sizeof *packed);
	for (size_t i = 0; i < n; i++)
		if (gs[i].wa <= gs[i].wb)
			packed[np++] = (int64_t)gs[i].id << 40 | (int64_t)gs[i].wa << 20 | gs[i].wb;
	sqlite3_stmt *st = rc ? NULL : db_cached(db,
		"SELECT w.group_id, w.week, w.keyset, w.cells, w.sums, w.days FROM sopdeck_ids(?1) r "
		"JOIN kpi_week w ON w.group_id = r.value >> 40 "
		"AND w.week BETWEEN (r.value >> 20) & 1048575 AND r.value & 1048575", cause);
	if (!st)
		rc = -1;
	struct db_ids list = {packed, np};
	size_t cap = 0;
	if (rc == 0) {
		db_ids_bind(st, 1, &list);
		int s;
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			size_t k = rd_keyset_find(r.ks, r.n_ks, sqlite3_column_int64(st, 2));
			if (k == r.n_ks)
				continue;  /* a keyset stored after ours was read: none of this read */
			if (r.n_rows == cap) {
				cap = cap ? cap * 2 : 1024;
				r.rows = xrealloc(r.rows, cap * sizeof *r.rows);
			}
			size_t len = (size_t)sqlite3_column_bytes(st, 4);
			struct rd_row *row = &r.rows[r.n_rows++];
			*row = (struct rd_row){sqlite3_column_int64(st, 0), sqlite3_column_int(st, 1),
					       sqlite3_column_int(st, 3), sqlite3_column_int(st, 5), k,
					       r.pool.len, len};
			buf_add(&r.pool, sqlite3_column_blob(st, 4), len);
		}
		sqlite3_reset(st);
		if (s != SQLITE_DONE)
			rc = db_fail(db, _("reading KPI weeks"), cause);
	}
	/* They come range by range in the ranges' order; sorted here should SQLite not. */
	for (size_t i = 1; i < r.n_rows; i++)
		if (rd_row_cmp(&r.rows[i - 1], &r.rows[i]) > 0) {
			qsort(r.rows, r.n_rows, sizeof *r.rows, rd_row_cmp);
			break;
		}
	/* The other days: for each group the parts of [pf, to] its kept weeks leave. */
	np = 0;
	size_t ri = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct rd_group *g = &gs[i];
		if (g->pf > g->to)
			continue;
		int run = INT32_MIN;  /* the first day of the run of days to read, if any */
		for (int w = week_of(g->pf); w <= week_of(g->to); w++) {
			bool kept = false;
			if (np + 2 > cap_p) {
				cap_p *= 2;
				packed = xrealloc(packed, cap_p * sizeof *packed);
			}
			while (ri < r.n_rows && (r.rows[ri].group_id < g->id ||
						 (r.rows[ri].group_id == g->id && r.rows[ri].week < w)))
				ri++;
			if (ri < r.n_rows && r.rows[ri].group_id == g->id && r.rows[ri].week == w &&
			    rd_usable(g, w, r.rows[ri].days))
				kept = true;
			int a = week_first(w) < g->pf ? g->pf : week_first(w);
			int b = week_first(w) + 6 > g->to ? g->to : week_first(w) + 6;
			if (!kept && run == INT32_MIN)
				run = a;
			if (kept && run != INT32_MIN) {
				/* A kept week's days before its first cell are days without one. */
				packed[np++] = (int64_t)g->id << 44 | (int64_t)(run + JDN_1970) << 22 |
					       (a - 1 + JDN_1970);
				run = INT32_MIN;
			}
			if (!kept && w == week_of(g->to))
				packed[np++] = (int64_t)g->id << 44 | (int64_t)(run + JDN_1970) << 22 |
					       (b + JDN_1970);
		}
	}
	/* Kept rows of weeks that are not whole in their group's window are not handed over. */
	size_t keep = 0;
	for (size_t i = 0, gi = 0; i < r.n_rows; i++) {
		while (gi < n && gs[gi].id < r.rows[i].group_id)
			gi++;
		if (gi < n && gs[gi].id == r.rows[i].group_id &&
		    rd_usable(&gs[gi], r.rows[i].week, r.rows[i].days))
			r.rows[keep++] = r.rows[i];
	}
	r.n_rows = keep;
	st = rc ? NULL : db_cached(db,
		"SELECT c.group_id, c.day, c.vals FROM sopdeck_ids(?1) r JOIN kpi_cell c "
		"ON c.group_id = r.value >> 44 "
		"AND c.day BETWEEN date(((r.value >> 22) & 4194303) - 0.5) "
		"AND date((r.value & 4194303) - 0.5)", cause);
	if (rc == 0 && !st)
		rc = -1;
	size_t nc = u->n_counters;
	r.val = xcalloc(nc + 1, sizeof *r.val);
	r.has = xcalloc(nc + 1, sizeof *r.has);
	r.frac = xcalloc(nc + 1, sizeof *r.frac);
	r.whole = xcalloc(nc + 1, sizeof *r.whole);
	r.days = xcalloc(nc + 1, sizeof *r.days);
	r.dayv = xcalloc(7 * nc + 1, sizeof *r.dayv);
	r.set = xcalloc(nc + 1, sizeof *r.set);
	if (rc == 0) {
		list = (struct db_ids){packed, np};
		db_ids_bind(st, 1, &list);
		struct kpi_cell_reader cr;
		kpi_cell_reader_init(&cr, u);
		size_t gi = 0;
		int64_t last_g = INT64_MIN;
		int last_d = INT32_MIN, s;
		if (n)
			rd_group_begin(&r);
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			int64_t g = sqlite3_column_int64(st, 0);
			int d = date_parse(db_col_text(st, 1));
			if (d == DATE_INVALID)
				continue;
			/* The rows come range by range, each in day order: so in group and day
			   order, which the sums' order rests on. */
			if (g < last_g || (g == last_g && d <= last_d)) {
				rc = set_cause(cause, _("reading KPI weeks: days out of order"));
				break;
			}
			last_g = g;
			last_d = d;
			while (gi < n && gs[gi].id < g) {
				rd_rows_upto(&r, &gs[gi], INT32_MAX, redo);
				gi++;
				rd_group_begin(&r);
			}
			if (gi < n)
				rd_rows_upto(&r, &gs[gi], d, redo);
			bool any;
			if (kpi_cell_reader_read(db, &cr, db_col_text(st, 2), &any, cause) < 0) {
				rc = -1;
				break;
			}
			if (any) {
				rd_note_cell(&r, cr.val, cr.has);
				each(ctx, g, d, false, 1, cr.val, cr.has, r.days);
			}
		}
		sqlite3_reset(st);
		kpi_cell_reader_free(&cr);
		if (rc == 0 && s != SQLITE_DONE)
			rc = db_fail(db, _("reading KPI weeks"), cause);
		for (; rc == 0 && gi < n; gi++) {
			rd_rows_upto(&r, &gs[gi], INT32_MAX, redo);
			rd_group_begin(&r);
		}
		if (rc == 0 && r.bad)
			rc = set_cause(cause, _("reading KPI weeks: a week's sums are damaged"));
	}
	free(r.frac);
	free(r.whole);
	free(r.days);
	free(r.dayv);
	free(r.set);
	for (size_t i = 0; i < r.n_ks; i++)
		free(r.ks[i].k);
	free(r.ks);
	free(r.rows);
	buf_free(&r.pool);
	free(r.val);
	free(r.has);
	free(packed);
	free(gs);
	return rc;
}

int kpi_members_upto(struct db *db, const int64_t *ids, const int *upto, size_t n, bool *has,
		     double *value, char **cause)
{
	if (n == 0)
		return 0;
	/* Packed as id << 23 | the Julian day number (each group's own last day). */
	int64_t *packed = xcalloc(n + 1, sizeof *packed);
	for (size_t i = 0; i < n; i++) {
		if (ids[i] < 0 || ids[i] >= ((int64_t)1 << 40) || upto[i] + JDN_1970 < 0 ||
		    upto[i] + JDN_1970 >= (1 << 23)) {
			free(packed);
			return set_cause(cause, _("reading members: group #%lld out of range"),
					 (long long)ids[i]);
		}
		packed[i] = ids[i] << 23 | (upto[i] + JDN_1970);
	}
	sqlite3_stmt *st = db_cached(db,
		"SELECT (SELECT k.value FROM kpi_day k WHERE k.group_id = j.value >> 23 "
		"AND k.counter = 'members' AND k.day <= date((j.value & 8388607) - 0.5) "
		"ORDER BY k.day DESC LIMIT 1) FROM sopdeck_ids(?1) j", cause);
	if (!st) {
		free(packed);
		return -1;
	}
	struct db_ids list = {packed, n};
	db_ids_bind(st, 1, &list);
	int rc;
	size_t i = 0;
	/* sopdeck_ids keeps the array's order: row i is ids[i]. */
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && i < n) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
			has[i] = true;
			value[i] = sqlite3_column_double(st, 0);
		}
		i++;
	}
	sqlite3_reset(st);
	free(packed);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading members"), cause);
}
