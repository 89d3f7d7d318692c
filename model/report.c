/*
 * Review reports: what was due and done per group and operator, content posted
 * against the category mix, KPIs against thresholds and the period before, A/B
 * standings, feedback and playbook versions: a fixed number of queries whatever
 * the number of groups or days.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ab.h"
#include "dates.h"
#include "feedback.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "report.h"
#include "util.h"

#define REPORT_OPEN_FEEDBACK 20

const char *report_kind_name(enum report_kind k)
{
	switch (k) {
	case REPORT_DAY: return _("Day's-end report");
	case REPORT_WEEK: return _("Weekly report");
	default: return _("Monthly review");
	}
}

int report_period(enum report_kind kind, const char *arg, int *from, int *to, char label[16])
{
	int y, m;
	char extra;
	switch (kind) {
	case REPORT_DAY:
		*from = *to = date_parse(arg);
		break;
	case REPORT_WEEK:
		*from = date_parse_iso_week(arg);
		*to = *from + 6;
		break;
	case REPORT_MONTH:
		if (sscanf(arg, "%4d-%2d%c", &y, &m, &extra) != 2 || strlen(arg) != 7 || m < 1 ||
		    m > 12 || y < 1900 || y > 9999) {
			*from = DATE_INVALID;
			break;
		}
		*from = date_from_ymd(y, m, 1);
		*to = *from + date_days_in_month(y, m) - 1;
		break;
	}
	if (*from == DATE_INVALID)
		return -1;
	snprintf(label, 16, "%s", arg);
	return 0;
}

/* A tick, for the sorted lookup of "was (group, day, action) ticked". */
struct tick_key {
	int64_t group;
	int day;
	const char *action;
	const char *operator;
};

static int tick_cmp(const void *a, const void *b)
{
	const struct tick_key *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return strcmp(x->action, y->action);
}

struct ticks {
	struct tick_key *keys;
	size_t n;
	char **strings;      /* owns the action and operator names */
	size_t n_strings;
};

static void ticks_free(struct ticks *t)
{
	for (size_t i = 0; i < t->n_strings; i++)
		free(t->strings[i]);
	free(t->strings);
	free(t->keys);
}

/* Every tick of the period in one query, sorted for bsearch. */
static int ticks_load(struct db *db, int from, int to, struct ticks *out, char **cause)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *st = db_cached(db,
				     "SELECT group_id, day, action_id, operator FROM tick "
				     "WHERE day BETWEEN ? AND ?",
				     cause);
	if (!st)
		return -1;
	char a[11], b[11];
	date_format(from, a);
	date_format(to, b);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			cap = cap ? cap * 2 : 256;
			out->keys = xrealloc(out->keys, cap * sizeof *out->keys);
			out->strings = xrealloc(out->strings, 2 * cap * sizeof *out->strings);
		}
		char *action = xstrdup(db_col_text(st, 2)), *op = xstrdup(db_col_text(st, 3));
		out->strings[out->n_strings++] = action;
		out->strings[out->n_strings++] = op;
		out->keys[out->n++] = (struct tick_key){sqlite3_column_int64(st, 0),
							date_parse(db_col_text(st, 1)), action, op};
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		ticks_free(out);
		return db_fail(db, _("reading ticks"), cause);
	}
	if (out->n)
		qsort(out->keys, out->n, sizeof *out->keys, tick_cmp);
	return 0;
}

/* The ticks of one group: keys[*first, *end), found by binary search. */
static void ticks_of_group(const struct ticks *t, int64_t group, size_t *first, size_t *end)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->keys[mid].group < group)
			lo = mid + 1;
		else
			hi = mid;
	}
	*first = lo;
	while (hi < t->n && t->keys[hi].group == group)
		hi++;
	*end = hi < lo ? lo : hi;
}

/* Was (day, action) ticked among one group's ticks keys[first, end) (a handful)? */
static bool ticked(const struct ticks *t, size_t first, size_t end, int day, const char *action)
{
	for (size_t i = first; i < end && t->keys[i].day <= day; i++)
		if (t->keys[i].day == day && strcmp(t->keys[i].action, action) == 0)
			return true;
	return false;
}

/* The operator's entry, added on first sight. */
static struct report_operator *operator_of(struct report *r, const char *name)
{
	for (size_t i = 0; i < r->n_operators; i++)
		if (strcmp(r->operators[i].name, name) == 0)
			return &r->operators[i];
	r->operators = xrealloc(r->operators, (r->n_operators + 1) * sizeof *r->operators);
	struct report_operator *o = &r->operators[r->n_operators++];
	*o = (struct report_operator){.name = xstrdup(name)};
	return o;
}

static bool in_groups(const struct group *groups, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (groups[i].id == id)
			return true;
	return false;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/*
 * The day's half of the due rule (playbook_action_due_day) of each playbook's actions over
 * the period, asked once per playbook rather than once per group: due[(day - from) *
 * n_actions + a].
 */
struct due_days {
	const struct playbook *pb;
	bool *due;
};

static const bool *due_days_of(struct due_days **cache, size_t *n, const struct playbook *pb,
			       int from, int to)
{
	for (size_t i = 0; i < *n; i++)
		if ((*cache)[i].pb == pb)
			return (*cache)[i].due;
	size_t days = (size_t)(to - from + 1);
	bool *due = xcalloc(days * pb->n_actions + 1, sizeof *due);
	for (size_t d = 0; d < days; d++)
		for (size_t a = 0; a < pb->n_actions; a++)
			due[d * pb->n_actions + a] =
				playbook_action_due_day(pb, &pb->actions[a], from + (int)d, NULL);
	*cache = xrealloc(*cache, (*n + 1) * sizeof **cache);
	(*cache)[(*n)++] = (struct due_days){pb, due};
	return due;
}

/* The entry of playbook pb among the report's, added on first sight. */
static struct report_playbook *playbook_of(struct report *r, const struct playbook_set *set,
					   const struct playbook *pb)
{
	for (size_t i = 0; i < r->n_playbooks; i++)
		if (strcmp(r->playbooks[i].name, pb->name) == 0)
			return &r->playbooks[i];
	r->playbooks = xrealloc(r->playbooks, (r->n_playbooks + 1) * sizeof *r->playbooks);
	struct report_playbook *p = &r->playbooks[r->n_playbooks++];
	*p = (struct report_playbook){.name = xstrdup(pb->name), .is_default = pb == set->fallback};
	return p;
}

/*
 * Due, done and missed per group, operator and playbook: each group's own
 * playbook's due rule over every day (action ids are per playbook; ticks are
 * per group, so a group's ticks are of its playbook's actions).
 */
static int count_actions(struct db *db, const struct playbook_set *set, struct report *r,
			 const struct group *groups, size_t n_groups, char **cause)
{
	struct ticks t;
	if (ticks_load(db, r->from, r->to, &t, cause) < 0)
		return -1;
	r->groups = xcalloc(n_groups + 1, sizeof *r->groups);
	struct due_days *days = NULL;
	size_t n_days = 0;
	for (size_t g = 0; g < n_groups; g++) {
		const struct playbook *pb = playbook_set_for(set, &groups[g]);
		const bool *due_day = due_days_of(&days, &n_days, pb, r->from, r->to);
		struct report_group *rg = &r->groups[r->n_groups++];
		rg->name = xstrdup(groups[g].name);
		rg->owner = xstrdup(groups[g].owner ? groups[g].owner : "");
		rg->playbook = xstrdup(pb->name);
		size_t t_first, t_end;
		ticks_of_group(&t, groups[g].id, &t_first, &t_end);
		for (int day = r->from; day <= r->to; day++) {
			if (day < groups[g].created)
				continue;
			const bool *due = &due_day[(size_t)(day - r->from) * pb->n_actions];
			for (size_t a = 0; a < pb->n_actions; a++) {
				const struct pb_action *act = &pb->actions[a];
				if (!due[a] || !playbook_action_due_group(pb, act, &groups[g], day))
					continue;
				rg->due++;
				if (ticked(&t, t_first, t_end, day, act->id))
					rg->done++;
				else if (day < r->today)
					rg->missed++;
			}
		}
		r->due += rg->due;
		r->done += rg->done;
		r->missed += rg->missed;
		struct report_playbook *p = playbook_of(r, set, pb);
		p->groups++;
		p->due += rg->due;
		p->done += rg->done;
		p->missed += rg->missed;
		if (*rg->owner) {
			struct report_operator *o = operator_of(r, rg->owner);
			o->due += rg->due;
			o->done += rg->done;
			o->missed += rg->missed;
		}
	}
	for (size_t i = 0; i < n_days; i++)
		free(days[i].due);
	free(days);
	/* Ticks of the groups reported only: their ids sorted, looked up per tick. */
	int64_t *ids = xcalloc(n_groups + 1, sizeof *ids);
	for (size_t g = 0; g < n_groups; g++)
		ids[g] = groups[g].id;
	qsort(ids, n_groups, sizeof *ids, id_cmp);
	for (size_t i = 0; i < t.n; i++)
		if (bsearch(&t.keys[i].group, ids, n_groups, sizeof *ids, id_cmp))
			operator_of(r, t.keys[i].operator)->ticks++;
	free(ids);
	ticks_free(&t);
	return 0;
}

/* A group's id and its index in the report's groups, sorted by id for bsearch. */
struct group_at {
	int64_t id;
	size_t at;
};

static int group_at_cmp(const void *a, const void *b)
{
	const struct group_at *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Posted slots by category (the default playbook's): the item's (kept on the slot row,
 * migration 023), else the action's own category in the group's playbook. The slots are
 * counted here, not grouped in SQL: joining each to its item read 5,000 content rows from
 * all over the library for a week (7,000 page reads), and the GROUP BY sorted them.
 */
static int count_posted(struct db *db, const struct playbook_set *set, struct report *r,
			const struct group *groups, size_t n_groups, char **cause)
{
	const struct playbook *pb = set->fallback;
	r->categories = xcalloc(pb->n_categories + 1, sizeof *r->categories);
	for (size_t i = 0; i < pb->n_categories; i++)
		r->categories[i].category = &pb->categories[i];
	r->n_categories = pb->n_categories + 1;
	sqlite3_stmt *st = db_cached(db,
				     "SELECT group_id, category, action_id FROM slot "
				     "WHERE status = 'posted' AND day BETWEEN ? AND ?",
				     cause);
	if (!st)
		return -1;
	struct group_at *by_id = xcalloc(n_groups + 1, sizeof *by_id);
	for (size_t g = 0; g < n_groups; g++)
		by_id[g] = (struct group_at){groups[g].id, g};
	qsort(by_id, n_groups, sizeof *by_id, group_at_cmp);
	char a[11], b[11];
	date_format(r->from, a);
	date_format(r->to, b);
	sqlite3_bind_text(st, 1, a, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, b, -1, SQLITE_TRANSIENT);
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct group_at key = {sqlite3_column_int64(st, 0), 0};
		const struct group_at *g =
			n_groups ? bsearch(&key, by_id, n_groups, sizeof key, group_at_cmp) : NULL;
		if (!g)
			continue;
		const char *cat = db_col_text(st, 1);
		if (!*cat) {
			const struct pb_action *act = playbook_action(
				playbook_set_for(set, &groups[g->at]), db_col_text(st, 2));
			cat = act && act->category ? act->category : "";
		}
		const struct pb_category *c = *cat ? playbook_category(pb, cat) : NULL;
		size_t i = c ? (size_t)(c - pb->categories) : pb->n_categories;
		r->categories[i].posted++;
		r->posted++;
	}
	sqlite3_reset(st);
	free(by_id);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("counting posted content"), cause);
}

/* Keep only the cells of the given groups and sum their counters again. */
static void sums_keep_groups(struct kpi_sums *s, const struct group *groups, size_t n_groups)
{
	size_t nc = s->pb->n_counters;
	memset(s->sum, 0, nc * sizeof *s->sum);
	memset(s->rows, 0, nc * sizeof *s->rows);
	int kept = 0;
	for (int c = 0; c < s->n_days; c++) {
		if (!in_groups(groups, n_groups, s->cell_group[c]))
			continue;
		memmove(&s->day_val[(size_t)kept * nc], &s->day_val[(size_t)c * nc],
			nc * sizeof *s->day_val);
		memmove(&s->day_has[(size_t)kept * nc], &s->day_has[(size_t)c * nc],
			nc * sizeof *s->day_has);
		s->cell_group[kept] = s->cell_group[c];
		s->cell_day[kept] = s->cell_day[c];
		for (size_t k = 0; k < nc; k++)
			if (s->day_has[(size_t)kept * nc + k]) {
				s->sum[k] += s->day_val[(size_t)kept * nc + k];
				s->rows[k]++;
			}
		kept++;
	}
	s->n_days = kept;
}

/*
 * Each metric over the selected groups, this period and the one before; groups below it.
 * The sums come from the groups' report's own read of the counters (kpi_totals): one
 * statement over the period and the one before, not three.
 */
static int kpi_section(struct db *db, const struct playbook_set *set, struct report *r,
		       const struct group *groups, size_t n_groups, char **cause)
{
	const struct playbook *pb = set->fallback;
	r->kpi_from = r->from;
	r->kpi_to = r->to < r->today - 1 ? r->to : r->today - 1;
	if (r->kpi_to < r->kpi_from)
		return 0;
	int64_t *ids = xcalloc(n_groups + 1, sizeof *ids);
	for (size_t g = 0; g < n_groups; g++)
		ids[g] = groups[g].id;
	struct kpi_totals t = {.pb = pb, .ids = ids, .n_ids = n_groups};
	/* Each group's metrics and what it shows from its own playbook (issue 11): the caller's
	   set, which outlives the report as the categories and metrics above already need. */
	if (kpi_report_build_totals(db, set, r->today, r->kpi_from, r->kpi_to, r->group, &t,
				    &r->kpi, cause) < 0) {
		free(ids);
		return -1;
	}
	r->has_kpi = true;
	/* The report's groups among the KPI's: ids sorted for a lookup per group. */
	qsort(ids, n_groups, sizeof *ids, id_cmp);
	bool *selected = xcalloc(r->kpi.n_groups + 1, sizeof *selected);
	for (size_t g = 0; g < r->kpi.n_groups; g++)
		selected[g] = n_groups && bsearch(&r->kpi.groups[g].group.id, ids, n_groups,
						  sizeof *ids, id_cmp);
	r->metrics = xcalloc(pb->n_metrics + 1, sizeof *r->metrics);
	for (size_t i = 0; i < pb->n_metrics; i++) {
		struct report_metric *m = &r->metrics[r->n_metrics++];
		m->metric = &pb->metrics[i];
		m->defined = t.metrics[i].defined;
		m->value = t.metrics[i].value;
		m->prev_defined = t.metrics[i].prev_defined;
		m->prev = t.metrics[i].prev;
		m->status = kpi_metric_status(m->metric, m->defined, m->value);
		for (size_t g = 0; g < r->kpi.n_groups; g++) {
			const struct kpi_group_report *gr = &r->kpi.groups[g];
			if (!selected[g])
				continue;
			/* A group on this playbook has the metric at the same index. */
			const struct kpi_metric_result *res =
				gr->pb == pb ? &gr->metrics[i] : kpi_group_metric(gr, m->metric->key);
			if (res && res->status == KPI_WARN && res->shown)
				m->groups_below++;
		}
	}
	free(selected);
	free(t.metrics);
	free(ids);
	return 0;
}

/* A/B tests that ran during the period, with their standing today, each on its playbook. */
static int ab_section(struct db *db, const struct playbook_set *set, struct report *r,
		      char **cause)
{
	struct ab_test *tests;
	size_t n;
	if (ab_list(db, &tests, &n, cause) < 0)
		return -1;
	r->ab = xcalloc(n + 1, sizeof *r->ab);
	for (size_t i = 0; i < n; i++) {
		struct ab_standing s;
		bool overlaps = tests[i].from <= r->to && tests[i].end >= r->from;
		const struct playbook *pb = ab_test_playbook(set, &tests[i]);
		char *ignored = NULL;
		if (!overlaps || ab_standing(db, pb, &tests[i], r->today, &s, &ignored) < 0) {
			/* A test of a metric this playbook no longer has is left out. */
			free(ignored);
			ab_test_clear(&tests[i]);
			continue;
		}
		r->ab[r->n_ab++] = (struct report_ab){tests[i], s, playbook_metric(pb, tests[i].metric),
						      pb->name};
	}
	free(tests);
	return 0;
}

/* Feedback of the selected groups: counts by quadrant and the open entries. */
static int feedback_section(struct db *db, struct report *r, const struct group *groups,
			    size_t n_groups, char **cause)
{
	struct feedback_filter all = {.group = r->group, .quadrant = -1};
	struct feedback_count *c;
	size_t nc;
	if (feedback_counts(db, &all, &c, &nc, cause) < 0)
		return -1;
	for (size_t i = 0; i < nc; i++) {
		bool mine = false;
		for (size_t g = 0; g < n_groups && !mine; g++)
			mine = strcmp(groups[g].name, c[i].group) == 0;
		for (int q = 0; mine && q < FEEDBACK_QUADRANTS; q++) {
			r->feedback.open[q] += c[i].open[q];
			r->feedback.total[q] += c[i].total[q];
		}
	}
	feedback_counts_free(c, nc);
	struct feedback_filter open = {.group = r->group, .quadrant = -1, .open_only = true};
	struct feedback *f;
	size_t nf;
	if (feedback_list(db, &open, 0, &f, &nf, cause) < 0)
		return -1;
	size_t kept = 0;
	for (size_t i = 0; i < nf; i++) {
		if (kept < REPORT_OPEN_FEEDBACK && in_groups(groups, n_groups, f[i].group_id))
			f[kept++] = f[i];
		else
			feedback_free_one(&f[i]);
	}
	r->open_feedback = f;
	r->n_open_feedback = kept;
	return 0;
}

/*
 * The playbook versions imported in the period, each with its metrics 30 days
 * before and after the import measured on the selected groups that run on
 * that playbook (a version of one business line says nothing of another's
 * groups): two sums per version, whatever the number of groups.
 */
static int versions_section(struct db *db, const struct playbook_set *set, struct report *r,
			    const struct group *groups, size_t n_groups, char **cause)
{
	struct pb_version_info *v;
	size_t nv;
	if (playbook_versions(db, &v, &nv, cause) < 0)
		return -1;
	r->all_versions = xcalloc(nv + 1, sizeof *r->all_versions);
	r->version_playbooks = xcalloc(nv + 1, sizeof *r->version_playbooks);
	struct group *on = xcalloc(n_groups + 1, sizeof *on);
	int rc = 0;
	for (size_t i = 0; rc == 0 && i < nv; i++) {
		int day = date_stamp_day(v[i].imported_at ? v[i].imported_at : "");
		const struct playbook *pb = playbook_set_named(set, v[i].name);
		if (day == DATE_INVALID || day < r->from || day > r->to || !pb)
			continue;
		struct kpi_version_effect *e = &r->all_versions[r->n_all_versions];
		r->version_playbooks[r->n_all_versions++] = xstrdup(pb->name);
		e->version = xstrdup(v[i].version ? v[i].version : "");
		e->note = xstrdup(v[i].note ? v[i].note : "");
		e->imported_at = xstrdup(v[i].imported_at);
		e->day = day;
		e->metrics = xcalloc(pb->n_metrics + 1, sizeof *e->metrics);
		e->n_metrics = pb->n_metrics;
		size_t n_on = 0;
		for (size_t g = 0; g < n_groups; g++)
			if (playbook_set_for(set, &groups[g]) == pb)
				on[n_on++] = groups[g];  /* a shallow copy: only ids are read */
		for (size_t k = 0; k < pb->n_metrics; k++)
			e->metrics[k].metric = &pb->metrics[k];
		if (n_on == 0)
			continue;
		struct kpi_sums before, after;
		int after_to = day + 29 < r->today ? day + 29 : r->today;
		int64_t one = n_on == 1 ? on[0].id : 0;
		if (kpi_sums_load(db, pb, one, day - 30, day - 1, &before, cause) < 0) {
			rc = -1;
			break;
		}
		if (kpi_sums_load(db, pb, one, day, after_to, &after, cause) < 0) {
			kpi_sums_free(&before);
			rc = -1;
			break;
		}
		sums_keep_groups(&before, on, n_on);
		sums_keep_groups(&after, on, n_on);
		for (size_t k = 0; k < pb->n_metrics; k++) {
			struct kpi_version_metric *m = &e->metrics[k];
			m->before_defined = kpi_metric_eval(m->metric, &before, &m->before);
			m->after_defined = after_to >= day &&
					   kpi_metric_eval(m->metric, &after, &m->after);
			m->has_change = m->before_defined && m->after_defined && m->before != 0;
			if (m->has_change)
				m->change = m->after / m->before - 1;
		}
		kpi_sums_free(&before);
		kpi_sums_free(&after);
	}
	free(on);
	playbook_versions_free(v, nv);
	if (rc == 0) {
		r->versions = xcalloc(r->n_all_versions + 1, sizeof *r->versions);
		memcpy(r->versions, r->all_versions, r->n_all_versions * sizeof *r->versions);
		r->n_versions = r->n_all_versions;
	}
	return rc;
}

int report_build(struct db *db, const struct playbook_set *set, enum report_kind kind,
		 const char *label, int from, int to, int today, const char *group,
		 const char *owner, struct report *out, char **cause)
{
	memset(out, 0, sizeof *out);
	out->kind = kind;
	snprintf(out->label, sizeof out->label, "%s", label);
	out->from = from;
	out->to = to;
	out->today = today;
	out->group = group;
	out->owner = owner;
	struct group *all;
	size_t n_all;
	if (group_list(db, &all, &n_all, cause) < 0)
		return -1;
	size_t n = 0;
	for (size_t i = 0; i < n_all; i++) {
		bool keep = (!group || strcmp(all[i].name, group) == 0) &&
			    (!owner || (all[i].owner && strcmp(all[i].owner, owner) == 0));
		if (keep) {
			struct group tmp = all[n];
			all[n++] = all[i];
			all[i] = tmp;
		}
	}
	int rc = 0;
	if (group && n == 0)
		rc = set_cause(cause, _("no group named '%s'"), group);
	if (rc == 0)
		rc = count_actions(db, set, out, all, n, cause);
	if (rc == 0)
		rc = count_posted(db, set, out, all, n, cause);
	/* The summed metrics are the default playbook's; each group's own rows are its playbook's. */
	if (rc == 0 && n > 0)
		rc = kpi_section(db, set, out, all, n, cause);
	if (rc == 0)
		rc = ab_section(db, set, out, cause);
	if (rc == 0)
		rc = feedback_section(db, out, all, n, cause);
	if (rc == 0)
		rc = versions_section(db, set, out, all, n, cause);
	group_list_free(all, n_all);
	if (rc < 0)
		report_free(out);
	return rc;
}

void report_free(struct report *r)
{
	for (size_t i = 0; i < r->n_groups; i++) {
		free(r->groups[i].name);
		free(r->groups[i].owner);
		free(r->groups[i].playbook);
	}
	free(r->groups);
	for (size_t i = 0; i < r->n_playbooks; i++)
		free(r->playbooks[i].name);
	free(r->playbooks);
	for (size_t i = 0; i < r->n_all_versions; i++)
		free(r->version_playbooks[i]);
	free(r->version_playbooks);
	for (size_t i = 0; i < r->n_operators; i++)
		free(r->operators[i].name);
	free(r->operators);
	free(r->categories);
	free(r->metrics);
	if (r->has_kpi)
		kpi_report_free(&r->kpi);
	for (size_t i = 0; i < r->n_ab; i++)
		ab_test_clear(&r->ab[i].test);
	free(r->ab);
	feedback_free(r->open_feedback, r->n_open_feedback);
	free(r->versions);
	kpi_versions_free(r->all_versions, r->n_all_versions);
	memset(r, 0, sizeof *r);
}
