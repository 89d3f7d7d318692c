/* A/B tests: create, list, the arms of a day for every group, standings, stop. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"
#include "ab-internal.h"
#include "dates.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

#define AB_MAX_DAYS 366
#define Z_95 1.959963984540054
#define Z_POWER_80 0.8416212335729143

int ab_arm_on(const struct ab_test *t, int day)
{
	if (day < t->from || day > t->end)
		return -1;
	return (day - t->from) % 2;
}

int ab_metric_parts(const struct playbook *pb, const char *metric_key, const char **num,
		    const char **den)
{
	const struct pb_metric *m = playbook_metric(pb, metric_key);
	if (!m)
		return -1;
	/* A proportion is exactly "counter / counter": only then is a z-test on counts right. */
	const char *slash = strchr(m->formula_text, '/');
	if (!slash || strchr(slash + 1, '/'))
		return -1;
	char *a = text_trim(xstrndup(m->formula_text, (size_t)(slash - m->formula_text)));
	char *b = text_trim(xstrdup(slash + 1));
	const struct pb_counter *ca = playbook_counter(pb, a), *cb = playbook_counter(pb, b);
	bool ok = ca && cb && strcmp(ca->key, a) == 0 && strcmp(cb->key, b) == 0 && ca != cb;
	free(a);
	free(b);
	if (!ok)
		return -1;
	*num = ca->key;
	*den = cb->key;
	return 0;
}

/* Checks of a spec against the playbook, before anything is written. */
static int spec_check(const struct playbook *pb, const struct ab_spec *s, char **cause)
{
	if (!s->name || !*s->name || strlen(s->name) > 64)
		return set_cause(cause, _("a test needs a name of at most 64 bytes"));
	if (!playbook_action(pb, s->action_id))
		return set_cause(cause, _("no action '%s' in playbook %s %s"), s->action_id,
				 pb->name,
				 pb->version);
	const char *num, *den;
	if (!playbook_metric(pb, s->metric))
		return set_cause(cause, _("no metric '%s' in playbook %s %s"), s->metric, pb->name,
				 pb->version);
	if (ab_metric_parts(pb, s->metric, &num, &den) < 0)
		return set_cause(cause, _("metric '%s' (%s) is not a proportion of two "
					  "counters, so its arms cannot be compared; choose a "
					  "rate such as open_rate"),
				 s->metric, playbook_metric(pb, s->metric)->formula_text);
	if (s->days < 2 || s->days > AB_MAX_DAYS)
		return set_cause(cause, _("--days must be 2 to %d (an A day and a B day at least)"),
				 AB_MAX_DAYS);
	if (s->kind == AB_COPY) {
		for (int i = 0; i < 2; i++)
			if (!s->arm[i] || !*s->arm[i] || !utf8_valid(s->arm[i], strlen(s->arm[i])))
				return set_cause(cause, _("copy %c is empty or not UTF-8"),
						 'A' + i);
		if (strcmp(s->arm[0], s->arm[1]) == 0)
			return set_cause(cause, _("the two copies are the same"));
		/* Each copy is filled as the action's template would be, and checked alike. */
		for (int i = 0; i < 2; i++) {
			char *why = NULL;
			if (playbook_check_text(pb, playbook_action(pb, s->action_id), s->arm[i],
						&why) < 0) {
				set_cause(cause, _("copy %c: %s"), 'A' + i, why);
				free(why);
				return -1;
			}
		}
	} else {
		for (int i = 0; i < 2; i++)
			if (time_parse_hhmm(s->arm[i]) < 0)
				return set_cause(cause, _("time %c '%s' is not HH:MM"), 'A' + i,
						 s->arm[i]);
		if (time_parse_hhmm(s->arm[0]) == time_parse_hhmm(s->arm[1]))
			return set_cause(cause, _("the two times are the same"));
	}
	return 0;
}

/* Another test of the same action in one of these groups on overlapping days: 1, else 0, -1 error. */
static int overlap(struct db *db, int64_t test_id, const char *action_id, const char *from,
		   const char *end, char **other, char **cause)
{
	sqlite3_stmt *st = db_cached(
		db,
		"SELECT t.name FROM ab_test t JOIN ab_group g ON g.test_id = t.id "
		"WHERE t.id <> ?1 AND t.action_id = ?2 AND t.from_day <= ?4 AND t.end_day >= ?3 "
		"AND g.group_id IN (SELECT group_id FROM ab_group WHERE test_id = ?1) LIMIT 1",
		cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, test_id);
	sqlite3_bind_text(st, 2, action_id, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, from, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, end, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*other = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return db_fail(db, _("checking other tests"), cause);
}

/*
 * The groups of a spec by name (those on the default playbook when none are
 * named), checked before the transaction, and *pb the one playbook they all
 * run on: a test of one business line's action never spans another's groups.
 */
static int spec_groups(struct db *db, const struct playbook_set *set, const struct ab_spec *s,
		       int64_t **ids, size_t *n, const struct playbook **pb, char **cause)
{
	struct group *all;
	size_t nall;
	if (group_list(db, &all, &nall, cause) < 0)
		return -1;
	int64_t *v = xcalloc(nall + s->n_groups + 1, sizeof *v);
	size_t len = 0;
	int rc = 0;
	*pb = set->fallback;
	if (!s->groups || s->n_groups == 0) {
		for (size_t i = 0; i < nall; i++)
			if (playbook_set_for(set, &all[i]) == set->fallback)
				v[len++] = all[i].id;
	} else {
		const struct group *first = NULL;
		for (size_t k = 0; k < s->n_groups && rc == 0; k++) {
			size_t i = 0;
			while (i < nall && strcmp(all[i].name, s->groups[k]) != 0)
				i++;
			if (i == nall)
				rc = set_cause(cause, _("no group named '%s'"), s->groups[k]);
			else if (first && playbook_set_for(set, &all[i]) != *pb)
				rc = set_cause(cause, _("groups '%s' (playbook %s) and '%s' "
							"(playbook %s) run on different "
							"playbooks: a test belongs to one; test "
							"each business line apart"), first->name,
					       (*pb)->name, all[i].name,
					       playbook_set_for(set, &all[i])->name);
			else {
				if (!first) {
					first = &all[i];
					*pb = playbook_set_for(set, first);
				}
				bool dup = false;
				for (size_t j = 0; j < len; j++)
					dup = dup || v[j] == all[i].id;
				if (!dup)
					v[len++] = all[i].id;
			}
		}
	}
	group_list_free(all, nall);
	if (rc == 0 && len == 0)
		rc = set_cause(cause, _("a test needs at least one group (import groups first; "
					"without --groups, the groups on the default playbook %s)"),
			       set->fallback->name);
	if (rc < 0) {
		free(v);
		return -1;
	}
	*ids = v;
	*n = len;
	return 0;
}

int ab_create(struct db *db, const struct playbook_set *set, const struct ab_spec *spec,
	      const char *operator, char **cause)
{
	int64_t *groups;
	size_t n;
	const struct playbook *pb;
	if (spec_groups(db, set, spec, &groups, &n, &pb, cause) < 0)
		return -1;
	if (spec_check(pb, spec, cause) < 0) {
		free(groups);
		return -1;
	}
	char from[11], end[11], now[DB_NOW_SIZE];
	date_format(spec->from, from);
	date_format(spec->from + spec->days - 1, end);
	db_now(now);
	if (db_begin(db, cause) < 0) {
		free(groups);
		return -1;
	}
	sqlite3_stmt *st = db_cached(
		db,
		"INSERT INTO ab_test (name, action_id, metric, kind, arm_a, arm_b, from_day, days, "
		"end_day, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		cause);
	int rc = st ? 0 : -1;
	int64_t id = 0;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, spec->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, spec->action_id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, spec->metric, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, spec->kind == AB_COPY ? "copy" : "time", -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, spec->arm[0], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, spec->arm[1], -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 7, from, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 8, spec->days);
		sqlite3_bind_text(st, 9, end, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 11, operator, -1, SQLITE_TRANSIENT);
		int s = sqlite3_step(st);
		sqlite3_reset(st);
		if (s == SQLITE_CONSTRAINT_UNIQUE)
			rc = set_cause(cause, _("a test named '%s' exists already"), spec->name);
		else if (s != SQLITE_DONE)
			rc = db_fail(db, _("creating the test"), cause);
		id = sqlite3_last_insert_rowid(db_sqlite(db));
	}
	st = rc == 0 ? db_cached(db, "INSERT INTO ab_group (test_id, group_id) VALUES (?, ?)", cause)
		     : NULL;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (!st) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, groups[i]);
		int s = sqlite3_step(st);
		sqlite3_reset(st);
		if (s != SQLITE_DONE)
			rc = db_fail(db, _("adding the test's groups"), cause);
	}
	char *other = NULL;
	if (rc == 0) {
		int o = overlap(db, id, spec->action_id, from, end, &other, cause);
		if (o > 0)
			rc = set_cause(cause, _("test '%s' already tests action '%s' in one of "
						"these groups on overlapping days; stop it first"),
				       other, spec->action_id);
		else if (o < 0)
			rc = -1;
	}
	if (rc == 0) {
		char *detail = xasprintf("ab new %s: %s %s, %s vs %s, %zu groups, %s for %d days",
					 spec->name, spec->action_id,
					 spec->kind == AB_COPY ? "copy" : "time", spec->arm[0],
					 spec->arm[1], n, from, spec->days);
		rc = db_audit(db, operator, "ab", detail, cause);
		free(detail);
	}
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	free(other);
	free(groups);
	return rc;
}

/* Fill t from a row of the SELECT every test query shares (id, name, ... created_by). */
static void test_from_row(sqlite3_stmt *st, struct ab_test *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(st, 0);
	t->name = xstrdup(db_col_text(st, 1));
	t->action_id = xstrdup(db_col_text(st, 2));
	t->metric = xstrdup(db_col_text(st, 3));
	t->kind = strcmp(db_col_text(st, 4), "time") == 0 ? AB_TIME : AB_COPY;
	t->arm[0] = xstrdup(db_col_text(st, 5));
	t->arm[1] = xstrdup(db_col_text(st, 6));
	t->from = date_parse(db_col_text(st, 7));
	t->days = sqlite3_column_int(st, 8);
	t->end = date_parse(db_col_text(st, 9));
	t->stopped = sqlite3_column_int(st, 10);
	t->adopted = xstrdup(db_col_text(st, 11));
	t->created_by = xstrdup(db_col_text(st, 12));
}

/* Attach every test's groups in one query. */
static int load_groups(struct db *db, struct ab_test *tests, size_t n, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "SELECT g.test_id, c.id, c.name, c.playbook FROM ab_group g "
				     "JOIN chat_group c ON c.id = g.group_id "
				     "ORDER BY g.test_id, c.name COLLATE PINYIN",
				     cause);
	if (!st)
		return -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t tid = sqlite3_column_int64(st, 0);
		for (size_t i = 0; i < n; i++) {
			struct ab_test *t = &tests[i];
			if (t->id != tid)
				continue;
			t->groups = xrealloc(t->groups, (t->n_groups + 1) * sizeof *t->groups);
			t->group_names =
				xrealloc(t->group_names, (t->n_groups + 1) * sizeof *t->group_names);
			/* Its groups run on one playbook (ab_create): the first one's says which. */
			if (!t->playbook)
				t->playbook = xstrdup(db_col_text(st, 3));
			t->groups[t->n_groups] = sqlite3_column_int64(st, 1);
			t->group_names[t->n_groups++] = xstrdup(db_col_text(st, 2));
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading the tests' groups"), cause);
}

/* Tests selected by where (with ?1 bound to arg when arg is not NULL). */
static int load_tests(struct db *db, const char *sql, const char *arg, struct ab_test **out,
		      size_t *n, char **cause)
{
	sqlite3_stmt *st = db_cached(db, sql, cause);
	if (!st)
		return -1;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_TRANSIENT);
	struct ab_test *v = NULL;
	size_t len = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		v = xrealloc(v, (len + 1) * sizeof *v);
		test_from_row(st, &v[len++]);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE || (len && load_groups(db, v, len, cause) < 0)) {
		if (rc != SQLITE_DONE)
			db_fail(db, _("reading tests"), cause);
		ab_list_free(v, len);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

int ab_list(struct db *db, struct ab_test **out, size_t *n, char **cause)
{
	static const char sql[] =
		"SELECT t.id, t.name, t.action_id, t.metric, t.kind, t.arm_a, t.arm_b, t.from_day, "
		"t.days, t.end_day, t.stopped_at IS NOT NULL, t.adopted, t.created_by "
		"FROM ab_test t ORDER BY t.stopped_at IS NOT NULL, t.from_day DESC, t.id DESC";
	return load_tests(db, sql, NULL, out, n, cause);
}

int ab_find(struct db *db, const char *name, struct ab_test *out, char **cause)
{
	static const char sql[] =
		"SELECT t.id, t.name, t.action_id, t.metric, t.kind, t.arm_a, t.arm_b, t.from_day, "
		"t.days, t.end_day, t.stopped_at IS NOT NULL, t.adopted, t.created_by "
		"FROM ab_test t WHERE t.name = ?1";
	struct ab_test *v;
	size_t n;
	if (load_tests(db, sql, name, &v, &n, cause) < 0)
		return -1;
	if (n == 0) {
		free(v);
		return 1;
	}
	*out = v[0];
	free(v);
	return 0;
}

void ab_test_clear(struct ab_test *t)
{
	free(t->name);
	free(t->action_id);
	free(t->metric);
	free(t->arm[0]);
	free(t->arm[1]);
	free(t->adopted);
	free(t->created_by);
	free(t->playbook);
	for (size_t i = 0; i < t->n_groups; i++)
		free(t->group_names[i]);
	free(t->group_names);
	free(t->groups);
	memset(t, 0, sizeof *t);
}

const struct playbook *ab_test_playbook(const struct playbook_set *set, const struct ab_test *t)
{
	const struct playbook *pb = playbook_set_named(set, t->playbook);
	return pb ? pb : set->fallback;
}

void ab_list_free(struct ab_test *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		ab_test_clear(&t[i]);
	free(t);
}

int ab_overrides_for_day(struct db *db, int day, struct ab_overrides *out, char **cause)
{
	static const char sql[] =
		"SELECT t.id, t.name, t.action_id, t.metric, t.kind, t.arm_a, t.arm_b, t.from_day, "
		"t.days, t.end_day, t.stopped_at IS NOT NULL, t.adopted, t.created_by "
		"FROM ab_test t WHERE t.from_day <= ?1 AND t.end_day >= ?1 ORDER BY t.id";
	memset(out, 0, sizeof *out);
	char d[11];
	date_format(day, d);
	if (load_tests(db, sql, d, &out->tests, &out->n_tests, cause) < 0)
		return -1;
	size_t total = 0;
	for (size_t i = 0; i < out->n_tests; i++)
		total += out->tests[i].n_groups;
	out->items = xcalloc(total + 1, sizeof *out->items);
	for (size_t i = 0; i < out->n_tests; i++) {
		const struct ab_test *t = &out->tests[i];
		int arm = ab_arm_on(t, day);
		if (arm < 0)
			continue;
		for (size_t g = 0; g < t->n_groups; g++)
			out->items[out->n++] = (struct ab_override){
				.group_id = t->groups[g],
				.action_id = t->action_id,
				.kind = t->kind,
				.copy = t->kind == AB_COPY ? t->arm[arm] : NULL,
				.at = t->kind == AB_TIME ? time_parse_hhmm(t->arm[arm]) : -1,
				.test = t->name,
				.arm = arm,
			};
	}
	return 0;
}

const struct ab_override *ab_override_find(const struct ab_overrides *o, int64_t group_id,
					   const char *action_id)
{
	for (size_t i = 0; o && i < o->n; i++)
		if (o->items[i].group_id == group_id && strcmp(o->items[i].action_id, action_id) == 0)
			return &o->items[i];
	return NULL;
}

void ab_overrides_free(struct ab_overrides *o)
{
	ab_list_free(o->tests, o->n_tests);
	free(o->items);
	memset(o, 0, sizeof *o);
}

/* The two-proportion z-test and the group-days still needed for 80% power. */
static void compare_arms(const struct pb_metric *m, struct ab_standing *s)
{
	struct ab_arm_result *a = &s->arm[0], *b = &s->arm[1];
	s->more_group_days = -1;
	s->comparable = a->defined && b->defined;
	if (!s->comparable)
		return;
	double scale = m->unit == UNIT_PERCENT ? 100.0 : 1.0;
	s->diff = (b->value - a->value) * scale;
	double p = (a->num + b->num) / (a->den + b->den);
	double se = sqrt(p * (1 - p) * (1 / a->den + 1 / b->den));
	s->z = se > 0 && isfinite(se) ? (b->value - a->value) / se : 0;
	s->significant = fabs(s->z) >= Z_95 && p > 0 && p < 1;
	/* The better arm: the higher value, or the lower where lower is better (退群率). */
	bool b_better = kpi_higher_is_better(m) ? s->z > 0 : s->z < 0;
	s->winner = s->significant ? (b_better ? 'B' : 'A') : 0;
	if (s->significant || a->value == b->value || p <= 0 || p >= 1)
		return;
	double d = b->value - a->value;
	double var = a->value * (1 - a->value) + b->value * (1 - b->value);
	double need_den = pow(Z_95 + Z_POWER_80, 2) * var / (d * d);
	double den_per_day = (a->den + b->den) / (a->group_days + b->group_days);
	int have = a->group_days < b->group_days ? a->group_days : b->group_days;
	double need_days = ceil(need_den / den_per_day);
	s->more_group_days = need_days > have ? (int)fmin(need_days - have, 1e9) : 1;
}

int ab_standing(struct db *db, const struct playbook *pb, const struct ab_test *t, int today,
		struct ab_standing *out, char **cause)
{
	memset(out, 0, sizeof *out);
	const char *num, *den;
	if (ab_metric_parts(pb, t->metric, &num, &den) < 0)
		return set_cause(cause,
				 _("test %s: metric '%s' is not a proportion in playbook %s"),
				 t->name, t->metric, pb->version);
	int to = t->end < today - 1 ? t->end : today - 1;
	out->measured_to = to;
	if (to >= t->from) {
		sqlite3_stmt *st = db_cached(
			db,
			"SELECT n.day, n.value, d.value FROM kpi_day n JOIN kpi_day d "
			"ON d.group_id = n.group_id AND d.day = n.day AND d.counter = ?2 "
			"WHERE n.counter = ?1 AND n.day BETWEEN ?3 AND ?4 AND n.group_id IN "
			"(SELECT group_id FROM ab_group WHERE test_id = ?5)",
			cause);
		if (!st)
			return -1;
		char from_s[11], to_s[11];
		date_format(t->from, from_s);
		date_format(to, to_s);
		sqlite3_bind_text(st, 1, num, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, den, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, from_s, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, to_s, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 5, t->id);
		int rc;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int arm = ab_arm_on(t, date_parse(db_col_text(st, 0)));
			if (arm < 0)
				continue;
			out->arm[arm].group_days++;
			out->arm[arm].num += sqlite3_column_double(st, 1);
			out->arm[arm].den += sqlite3_column_double(st, 2);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_fail(db, _("reading the test's counters"), cause);
	}
	for (int i = 0; i < 2; i++) {
		struct ab_arm_result *r = &out->arm[i];
		r->defined = r->den > 0;
		r->value = r->defined ? r->num / r->den : 0;
	}
	compare_arms(playbook_metric(pb, t->metric), out);
	return 0;
}

int ab_stop(struct db *db, const char *name, int today, const char *operator, char **cause)
{
	struct ab_test t;
	int f = ab_find(db, name, &t, cause);
	if (f != 0)
		return f < 0 ? -1 : set_cause(cause, _("no A/B test named '%s'"), name);
	int rc = 0;
	if (t.stopped)
		rc = set_cause(cause, _("test '%s' is stopped already"), name);
	if (rc == 0)
		rc = db_begin(db, cause);
	if (rc == 0) {
		rc = ab_mark_stopped(db, &t, today, operator, NULL, cause);
		if (rc == 0) {
			char *detail = xasprintf("ab stop %s", name);
			rc = db_audit(db, operator, "ab", detail, cause);
			free(detail);
		}
		if (rc == 0)
			rc = db_commit(db, cause);
		else
			db_rollback(db);
	}
	ab_test_clear(&t);
	return rc;
}

int ab_mark_stopped(struct db *db, const struct ab_test *t, int today, const char *operator,
		    const char *adopted, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "UPDATE ab_test SET stopped_at = coalesce(stopped_at, ?2), "
				     "stopped_by = coalesce(stopped_by, ?3), "
				     "end_day = min(end_day, ?4), adopted = ?5 WHERE id = ?1",
				     cause);
	if (!st)
		return -1;
	char now[DB_NOW_SIZE], end[11];
	db_now(now);
	/* Today's arm stops with the test: the days before today are what was measured. */
	int last = today - 1 < t->end ? today - 1 : t->end;
	date_format(last < t->from - 1 ? t->from - 1 : last, end);
	sqlite3_bind_int64(st, 1, t->id);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, end, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, adopted ? adopted : "", -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("stopping the test"), cause);
}

char *ab_verdict(const struct pb_metric *m, const struct ab_standing *s)
{
	/* Shown on Review and by `sopdeck ab`: in the interface's language. */
	const char *pp = m && m->unit == UNIT_PERCENT ? _(" points") : "";
	if (!s->comparable)
		return xasprintf(_("no data yet: both arms need counts of %s"),
				 m ? m->formula_text : "");
	if (s->significant)
		return xasprintf(_("%c wins: B−A %+.1f%s, significant (95%%, z=%.2f)"), s->winner,
				 s->diff, pp, s->z);
	if (s->more_group_days > 0)
		return xasprintf(_("not significant yet: B−A %+.1f%s (z=%.2f); about %d more "
				   "group-days per arm"), s->diff, pp, s->z, s->more_group_days);
	return xasprintf(_("not significant: B−A %+.1f%s (z=%.2f)"), s->diff, pp, s->z);
}
