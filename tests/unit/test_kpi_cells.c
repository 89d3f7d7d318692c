/*
 * KPI storage (migration 013, issue 9): a group's day is one kpi_cell row with its
 * counters as JSON, and kpi_day a view over it. The migration from the table of
 * schema 12 keeps every value and sum; writes through the view and the import
 * replace, remove and add counters as the old table did.
 */
#include <math.h>
#include <stdio.h>

#include "testutil.h"
#include "testsql.h"
#include "assets.h"
#include "group.h"
#include "internal.h"
#include "kpi-internal.h"
#include "kpi.h"
#include "playbook.h"

/* The shared fixture's teardown (testutil.h), by the short name the cases use. */
static int (*const teardown)(void **state) = test_fx_teardown;

static int setup(void **state)
{
	*state = test_fx_open("name,platform,type,created\n"
			      "宝妈育儿交流群,wecom,segmented,2025-01-01\n"
			      "职场穿搭研究所,wechat,promotion,2025-01-01\n", true,
			      "宝妈育儿交流群", "职场穿搭研究所");
	return 0;
}

static void exec_ok(struct db *db, const char *sql)
{
	char *cause = NULL;
	if (db_exec(db, sql, &cause) < 0)
		fail_msg("%s\n%s", cause, sql);
}

/* Every row of the query as "a|b|c\n" text (REAL values with %.17g). */
static char *dump(struct db *db, const char *sql)
{
	sqlite3_stmt *st;
	char *cause = NULL;
	if (db_prepare(db, sql, &st, &cause) < 0)
		fail_msg("%s", cause);
	struct buf b = {0};
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			if (i)
				buf_adds(&b, "|");
			if (sqlite3_column_type(st, i) == SQLITE_FLOAT)
				buf_addf(&b, "%.17g", sqlite3_column_double(st, i));
			else if (sqlite3_column_type(st, i) == SQLITE_NULL)
				buf_adds(&b, "NULL");
			else
				buf_adds(&b, db_col_text(st, i));
		}
		buf_adds(&b, "\n");
	}
	sqlite3_finalize(st);
	char *s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}

/* Sums over [from, to] for one group (0: all), as text: sum and rows of every counter. */
static char *sums_text(struct test_fx *f, int64_t group, int from, int to)
{
	struct kpi_sums s;
	char *cause = NULL;
	if (kpi_sums_load(f->db, f->pb, group, from, to, &s, &cause) < 0)
		fail_msg("%s", cause);
	struct buf b = {0};
	for (size_t k = 0; k < f->pb->n_counters; k++)
		buf_addf(&b, "%s=%.17g/%d ", f->pb->counters[k].key, s.sum[k], s.rows[k]);
	buf_addf(&b, "cells=%d", s.n_days);
	kpi_sums_free(&s);
	char *t = xstrdup(buf_str(&b));
	buf_free(&b);
	return t;
}

#define ALL_ROWS "SELECT group_id, day, counter, value FROM kpi_day ORDER BY 1, 2, 3"
/* Each counter's sum and rows over [from, to] where cond, read from kpi_day (table or view). */
#define SUMS_ROWS(from, to, cond)                                                            \
	"SELECT counter, total(value), count(*) FROM kpi_day WHERE day BETWEEN '" from "' AND '" \
	to "' AND " cond " GROUP BY counter ORDER BY counter"

static void sums_match_view(struct test_fx *f, int64_t group, int from, int to);

/* Schema 12's kpi_day, filled; migration 013 run on it: the same rows and sums after. */
static void migration_keeps_values(void **state)
{
	struct test_fx *f = *state;
	/* Back to schema 12: the table of migration 003. */
	exec_ok(f->db, "DROP VIEW kpi_day; DROP TABLE kpi_cell; DROP TABLE kpi_source;"
		       "CREATE TABLE kpi_day (group_id INTEGER NOT NULL REFERENCES chat_group(id) "
		       "ON DELETE CASCADE, day TEXT NOT NULL, counter TEXT NOT NULL, value REAL NOT "
		       "NULL, imported_at TEXT NOT NULL, source TEXT NOT NULL DEFAULT '', PRIMARY "
		       "KEY (group_id, day, counter)) WITHOUT ROWID;"
		       "CREATE INDEX kpi_day_by_day ON kpi_day(day, group_id);");
	/* Sixty days for two groups; fractions, zeros and a day with a manual entry. */
	struct buf sql = {0};
	buf_adds(&sql, "BEGIN;");
	for (int d = 0; d < 60; d++) {
		char day[11];
		date_format(D("2026-01-01") + d, day);
		for (int g = 0; g < 2; g++) {
			int64_t id = g ? f->b : f->a;
			buf_addf(&sql, "INSERT INTO kpi_day VALUES (%lld, '%s', 'members', %d, "
				 "'2026-03-01T00:00:00Z', 'k.csv');", (long long)id, day, 200 + d);
			buf_addf(&sql, "INSERT INTO kpi_day VALUES (%lld, '%s', 'speakers', %d, "
				 "'2026-03-01T00:00:00Z', 'k.csv');", (long long)id, day, d % 7);
			if (d % 3)
				buf_addf(&sql, "INSERT INTO kpi_day VALUES (%lld, '%s', 'revenue', "
					 "%.2f, '2026-03-01T00:00:00Z', 'k.csv');", (long long)id, day,
					 d * 10.37 + 0.01);
		}
	}
	buf_adds(&sql, "UPDATE kpi_day SET imported_at = '2026-03-02T08:00:00Z', source = "
		 "'manual' WHERE day = '2026-01-05' AND counter = 'speakers';COMMIT;");
	exec_ok(f->db, buf_str(&sql));
	buf_free(&sql);
	char *rows = dump(f->db, ALL_ROWS);
	char *all = dump(f->db, SUMS_ROWS("2026-01-10", "2026-02-20", "0 = 0"));
	char *one = dump(f->db, SUMS_ROWS("2026-01-01", "2026-03-01",
					  "group_id = (SELECT max(id) FROM chat_group)"));
	const struct asset *m = asset_find("migrations/013-kpi-cells.sql");
	assert_non_null(m);
	exec_ok(f->db, m->data);
	/* One row per group and day, every value back as it was, as REAL. */
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 120);
	char *rows2 = dump(f->db, ALL_ROWS);
	assert_string_equal(rows, rows2);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_day WHERE typeof(value) <> 'real'"),
			 0);
	char *all2 = dump(f->db, SUMS_ROWS("2026-01-10", "2026-02-20", "0 = 0"));
	char *one2 = dump(f->db, SUMS_ROWS("2026-01-01", "2026-03-01",
					   "group_id = (SELECT max(id) FROM chat_group)"));
	assert_string_equal(all, all2);
	assert_string_equal(one, one2);
	/* And the model's sums, which read kpi_cell, are the view's. */
	sums_match_view(f, 0, D("2026-01-10"), D("2026-02-20"));
	sums_match_view(f, f->b, D("2026-01-01"), D("2026-03-01"));
	/* A day's provenance is the latest of its counters'; the others keep theirs. */
	char *src = dump(f->db, "SELECT DISTINCT source, imported_at FROM kpi_day WHERE day = "
				"'2026-01-05' AND group_id = (SELECT min(id) FROM chat_group)");
	assert_string_equal(src, "manual|2026-03-02T08:00:00Z\n");
	char *src2 = dump(f->db, "SELECT DISTINCT source FROM kpi_day WHERE day = '2026-01-06'");
	assert_string_equal(src2, "k.csv\n");
	/* Whole numbers are stored without a decimal point. */
	char *vals = dump(f->db, "SELECT vals FROM kpi_cell WHERE day = '2026-01-01' LIMIT 1");
	assert_string_equal(vals, "{\"members\":200,\"speakers\":0}\n");
	free(vals);
	free(src);
	free(src2);
	free(rows);
	free(rows2);
	free(all);
	free(all2);
	free(one);
	free(one2);
}

/* Inserts, updates and deletes through the view act on one counter of the day. */
static void view_writes(void **state)
{
	struct test_fx *f = *state;
	char sql[512];
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at, source) "
		 "VALUES (%lld, '2026-02-01', 'members', 100, 't1', 'a.csv');"
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
		 "VALUES (%lld, '2026-02-01', 'left', 2.5, 't2');",
		 (long long)f->a, (long long)f->a);
	exec_ok(f->db, sql);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 1);
	char *d = dump(f->db, "SELECT counter, value, imported_at, source FROM kpi_day ORDER BY 1");
	assert_string_equal(d, "left|2.5|t2|\nmembers|100|t2|\n");
	free(d);
	/* An insert of a counter that is there replaces its value. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
		 "VALUES (%lld, '2026-02-01', 'members', 120, 't3')", (long long)f->a);
	exec_ok(f->db, sql);
	exec_ok(f->db, "UPDATE kpi_day SET value = value * 2 WHERE counter = 'left'");
	/* INSERT OR REPLACE (the demo's) sets one counter too, and keeps the others. */
	snprintf(sql, sizeof sql,
		 "INSERT OR REPLACE INTO kpi_day (group_id, day, counter, value, imported_at, "
		 "source) VALUES (%lld, '2026-02-01', 'joined', 3, 't2', '');"
		 "INSERT OR REPLACE INTO kpi_day (group_id, day, counter, value, imported_at, "
		 "source) VALUES (%lld, '2026-02-01', 'joined', 4, 't2', '');",
		 (long long)f->a, (long long)f->a);
	exec_ok(f->db, sql);
	d = dump(f->db, "SELECT counter, value FROM kpi_day ORDER BY 1");
	assert_string_equal(d, "joined|4\nleft|5\nmembers|120\n");
	free(d);
	exec_ok(f->db, "DELETE FROM kpi_day WHERE counter = 'joined'");
	d = dump(f->db, "SELECT counter, value FROM kpi_day ORDER BY 1");
	assert_string_equal(d, "left|5\nmembers|120\n");
	free(d);
	/* A NULL value is refused as by the table's NOT NULL. */
	char *cause = NULL;
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
		 "VALUES (%lld, '2026-02-02', 'members', NULL, 't3')", (long long)f->a);
	assert_int_equal(db_exec(f->db, sql, &cause), -1);
	assert_non_null(strstr(cause, "NOT NULL"));
	free(cause);
	/* Deleting a day's last counter leaves no row behind. */
	exec_ok(f->db, "DELETE FROM kpi_day WHERE counter = 'members'");
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 1);
	exec_ok(f->db, "DELETE FROM kpi_day WHERE counter = 'left'");
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 0);
	/* Deleting the group deletes its days. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
		 "VALUES (%lld, '2026-02-01', 'members', 1, 't')", (long long)f->b);
	exec_ok(f->db, sql);
	snprintf(sql, sizeof sql, "DELETE FROM chat_group WHERE id = %lld", (long long)f->b);
	exec_ok(f->db, sql);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 0);
}

static void import_ok(struct test_fx *f, const char *csv, struct kpi_import_result *res)
{
	char *cause = NULL;
	if (kpi_import_mem(f->db, f->set, csv, strlen(csv), "k.csv", false, DATE_MAX, "tester", res,
			   &cause) < 0)
		fail_msg("import failed: %s", cause);
}

/* An import replaces the file's counters of each day: a blank cell removes one. */
static void import_replaces(void **state)
{
	struct test_fx *f = *state;
	struct kpi_import_result res;
	/* Rows out of key order (by day, as exports are): written in key order. */
	import_ok(f, "日期,群名,群成员数,退群成员数,发言人数\n"
		     "2026-02-02,职场穿搭研究所,300,3,30\n"
		     "2026-02-01,宝妈育儿交流群,100,1,10.25\n"
		     "2026-02-02,宝妈育儿交流群,101,,11\n", &res);
	assert_int_equal(res.rows, 3);
	assert_int_equal(res.values, 8);
	assert_int_equal(res.groups, 2);
	kpi_import_result_free(&res);
	char *d = dump(f->db, "SELECT group_id = (SELECT id FROM chat_group WHERE name = "
			      "'宝妈育儿交流群'), day, counter, value, source FROM kpi_day ORDER BY 1, 2, 3");
	assert_string_equal(d, "0|2026-02-02|left|3|k.csv\n0|2026-02-02|members|300|k.csv\n"
			       "0|2026-02-02|speakers|30|k.csv\n1|2026-02-01|left|1|k.csv\n"
			       "1|2026-02-01|members|100|k.csv\n1|2026-02-01|speakers|10.25|k.csv\n"
			       "1|2026-02-02|members|101|k.csv\n1|2026-02-02|speakers|11|k.csv\n");
	free(d);
	/* Another counter the file does not name stays; blanks remove; a day of blanks goes. */
	char sql[256];
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_day (group_id, day, counter, value, imported_at) "
		 "VALUES (%lld, '2026-02-01', 'opens', 7, 'x')", (long long)f->a);
	exec_ok(f->db, sql);
	import_ok(f, "日期,群名,群成员数,退群成员数,发言人数\n"
		     "2026-02-01,宝妈育儿交流群,,,\n"
		     "2026-02-02,职场穿搭研究所,,,\n"
		     "2026-02-02,宝妈育儿交流群,102,2,-\n", &res);
	kpi_import_result_free(&res);
	d = dump(f->db, "SELECT day, counter, value FROM kpi_day ORDER BY 1, 2");
	assert_string_equal(d, "2026-02-01|opens|7\n2026-02-02|left|2\n2026-02-02|members|102\n");
	free(d);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell"), 2);
	assert_int_equal(test_sql_int(f->db, "SELECT count(*) FROM kpi_cell WHERE vals = '{}'"), 0);
}

/* kpi_sums_load against the kpi_day view: every counter's sum and rows, and the cells. */
static void sums_match_view(struct test_fx *f, int64_t group, int from, int to)
{
	struct kpi_sums s;
	char *cause = NULL;
	if (kpi_sums_load(f->db, f->pb, group, from, to, &s, &cause) < 0)
		fail_msg("%s", cause);
	char sql[256], a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	for (size_t k = 0; k < f->pb->n_counters; k++) {
		snprintf(sql, sizeof sql,
			 "SELECT count(*), total(value) FROM kpi_day WHERE counter = '%s' AND day "
			 "BETWEEN '%s' AND '%s' AND (%lld = 0 OR group_id = %lld)",
			 f->pb->counters[k].key, a, b, (long long)group, (long long)group);
		sqlite3_stmt *st;
		if (db_prepare(f->db, sql, &st, &cause) < 0)
			fail_msg("%s", cause);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(s.rows[k], sqlite3_column_int(st, 0));
		assert_true(fabs(s.sum[k] - sqlite3_column_double(st, 1)) <=
			    1e-12 * fabs(s.sum[k]) + 1e-12);
		sqlite3_finalize(st);
	}
	kpi_sums_free(&s);
}

/* The cells kpi_cells_each hands over, appended to a kpi_sums as kpi_sums_load makes them. */
static void cell_put(void *ctx, int64_t group_id, int day, const double *val, const bool *has)
{
	struct kpi_sums *s = ctx;
	int ks[64];
	double vs[64];
	size_t n = 0;
	for (size_t k = 0; k < s->pb->n_counters && n < ARRAY_LEN(ks); k++)
		if (has[k]) {
			ks[n] = (int)k;
			vs[n++] = val[k];
		}
	assert_true(n > 0);
	kpi_sums_put_cell(s, group_id, day, ks, vs, n);
}

/*
 * kpi_cells_each against kpi_sums_load over the same groups (one, a list, every group):
 * the same cells in the same order with the same values, bit for bit.
 */
static void cells_match_sums(struct test_fx *f, const int64_t *ids, size_t n, int from, int to)
{
	struct kpi_sums want, got;
	char *cause = NULL;
	if (kpi_sums_load_many(f->db, f->pb, ids, n, from, to, &want, &cause) < 0)
		fail_msg("%s", cause);
	kpi_sums_init(&got, f->pb, true);
	if (kpi_cells_each(f->db, f->pb, ids, n, from, to, cell_put, &got, &cause) < 0)
		fail_msg("%s", cause);
	assert_int_equal(got.n_days, want.n_days);
	size_t nc = f->pb->n_counters;
	for (int c = 0; c < want.n_days; c++) {
		assert_int_equal(got.cell_group[c], want.cell_group[c]);
		assert_int_equal(got.cell_day[c], want.cell_day[c]);
		assert_memory_equal(&got.day_has[c * nc], &want.day_has[c * nc],
				    nc * sizeof *got.day_has);
		for (size_t k = 0; k < nc; k++)
			if (want.day_has[c * nc + k])
				assert_memory_equal(&got.day_val[c * nc + k], &want.day_val[c * nc + k],
						    sizeof(double));
	}
	kpi_sums_free(&want);
	kpi_sums_free(&got);
}

/* cells_match_sums for group a, group b, both as a list, and every group. */
static void cells_match_sums_all(struct test_fx *f, int from, int to)
{
	const int64_t ab[] = {f->a, f->b};
	cells_match_sums(f, ab, 1, from, to);
	cells_match_sums(f, ab + 1, 1, from, to);
	cells_match_sums(f, ab, 2, from, to);
	/* More ids than a list takes: every group's statement. */
	int64_t many[100];
	for (size_t i = 0; i < ARRAY_LEN(many); i++)
		many[i] = i < 2 ? ab[i] : 1000 + (int64_t)i;
	cells_match_sums(f, many, ARRAY_LEN(many), from, to);
}

/*
 * The sums read each day's JSON object in C: the same as SQLite's reading through
 * the view for numbers of every form, counters the playbook does not know, and days
 * written by hand (spaces, an escaped key, a string value: read through SQLite).
 */
static void sums_read_cells(void **state)
{
	struct test_fx *f = *state;
	char sql[1024];
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_source (id, imported_at, source) VALUES (1, 't', 'x');"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-01', '{\"members\":230,\"revenue\":"
		 "56.490000000000002,\"speakers\":-3,\"other\":5}', 1);"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-02', '{\"revenue\":1.5e2,\"members\":"
		 "0.1,\"joined\":12345678901234567890}', 1);"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-01', '{}', 1);"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-03', '{\"members\":7}', 1);"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-03-01', '{\"members\":9}', 1);",
		 (long long)f->a, (long long)f->a, (long long)f->b, (long long)f->b,
		 (long long)f->b);
	exec_ok(f->db, sql);
	sums_match_view(f, 0, D("2026-02-01"), D("2026-02-28"));
	sums_match_view(f, f->a, D("2026-02-01"), D("2026-02-28"));
	cells_match_sums_all(f, D("2026-02-01"), D("2026-02-28"));
	cells_match_sums_all(f, D("2026-01-01"), D("2026-03-31"));
	char *t = sums_text(f, f->a, D("2026-02-01"), D("2026-02-28"));
	assert_non_null(strstr(t, "members=230.09999999999999/2 "));
	assert_non_null(strstr(t, "revenue=206.49000000000001/2 "));
	assert_non_null(strstr(t, "cells=2"));
	free(t);
	/* Written by hand, not by SQLite's JSON functions: still read as the view reads them. */
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-05', ' { \"members\" : 4 ,"
		 " \"left\":1 } ', 1);"
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-06', '{\"memb\\u0065rs\":5}', 1);",
		 (long long)f->b, (long long)f->b);
	exec_ok(f->db, sql);
	sums_match_view(f, 0, D("2026-02-01"), D("2026-02-28"));
	sums_match_view(f, f->b, D("2026-02-01"), D("2026-02-28"));
	cells_match_sums_all(f, D("2026-02-01"), D("2026-02-28"));
	t = sums_text(f, f->b, D("2026-02-01"), D("2026-02-28"));
	assert_non_null(strstr(t, "members=16/3 "));
	assert_non_null(strstr(t, "left=1/1 "));
	free(t);
	snprintf(sql, sizeof sql,
		 "INSERT INTO kpi_cell VALUES (%lld, '2026-02-07', '{\"members\":\"2\"}', 1);",
		 (long long)f->b);
	exec_ok(f->db, sql);
	sums_match_view(f, 0, D("2026-02-01"), D("2026-02-28"));
	cells_match_sums_all(f, D("2026-02-01"), D("2026-02-28"));
	t = sums_text(f, f->b, D("2026-02-01"), D("2026-02-28"));
	assert_non_null(strstr(t, "members=18/4 "));
	free(t);
}

/*
 * The cells' numbers without strtod: the same double as strtod for decimals of every
 * shape the counters hold (SQLite's 17 digits, cents, exponents, signs), and halfway
 * cases, where the shortcut must either agree or leave the number to strtod.
 */
static void decimals_read_as_strtod(void **state)
{
	(void)state;
	static const char *const fixed[] = {
		"1969.6700000000001", "56.490000000000002", "0.1", "-0.0", "0.0", "525.12",
		"1e-5", "1E+5", "12.5e3", "-3.25e-2", "9007199254740993", "18446744073709551615",
		"0.30000000000000004", "123456789012345678.9", "1e-30", "2.5e27", "0.000001",
		/* Halfway between doubles 1 and 1+2^-52 (19 digits), and just off it. */
		"1.000000000000000111", "1.0000000000000001110223024625156540"};
	size_t fast = 0, n = 0;
	char buf[64];
	srand(9);
	for (size_t i = 0; i < ARRAY_LEN(fixed) + 200000; i++, n++) {
		const char *s = buf;
		if (i < ARRAY_LEN(fixed)) {
			s = fixed[i];
		} else {
			double x = (double)rand() / RAND_MAX * pow(10, rand() % 12 - 4);
			switch (i % 4) {
			case 0: snprintf(buf, sizeof buf, "%.17g", x); break;
			case 1: snprintf(buf, sizeof buf, "%.2f", x); break;
			case 2: snprintf(buf, sizeof buf, "%.*e", rand() % 18, -x); break;
			default: {
				/* A double's midpoint with its neighbour, to 19 digits. */
				long double m = ((long double)x + nextafter(x, INFINITY)) / 2;
				snprintf(buf, sizeof buf, "%.19Lg", m);
			}
			}
		}
		double want = strtod(s, NULL), got;
		if (!kpi_decimal_exact(s, s + strlen(s), &got))
			continue;
		fast++;
		if (memcmp(&want, &got, sizeof want))
			fail_msg("%s: strtod %.17g, read %.17g", s, want, got);
	}
	/* The shortcut is taken for most (else it would be no shortcut). */
	assert_true(fast > n * 2 / 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(migration_keeps_values, setup, teardown),
		cmocka_unit_test_setup_teardown(view_writes, setup, teardown),
		cmocka_unit_test_setup_teardown(import_replaces, setup, teardown),
		cmocka_unit_test_setup_teardown(sums_read_cells, setup, teardown),
		cmocka_unit_test(decimals_read_as_strtod),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
