/*
 * The per-group KPI report: every metric of each group's own playbook over a
 * window and the one before it, status, trend, the metrics the group shows
 * (kpi_shown_metrics), health and members. Set-based: one read of every
 * group's counters, sliced per group in memory, so 500 groups run the same
 * few statements as one, whatever playbooks they run on.
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "kpi-internal.h"
#include "util.h"

/* A group's window and the previous window of equal length. */
struct kpi_win {
	int from, to, prev_from, prev_to;
};

static struct kpi_win win_of(int from, int to)
{
	return (struct kpi_win){from, to, from - (to - from + 1), from - 1};
}

/* Health from the metrics the group shows: no warnings = good, one = warn, more = bad. */
static void health_of(struct kpi_group_report *g)
{
	size_t ok = 0, warn = 0;
	for (size_t i = 0; i < g->n_shown; i++) {
		const struct kpi_metric_result *r = &g->metrics[g->shown[i]];
		ok += r->status == KPI_OK;
		warn += r->status == KPI_WARN;
	}
	g->n_warn = warn;
	g->health = warn >= 2 ? KPI_HEALTH_BAD : warn == 1 ? KPI_HEALTH_WARN
			     : ok ? KPI_HEALTH_GOOD : KPI_HEALTH_NO_DATA;
}

/* What the report needs of one playbook, made ready once rather than per group. */
struct fill_pb {
	const struct playbook *pb;
	int *map;                       /* its counters in the union's */
	struct kpi_metric_plan *plan;   /* by metric index */
	bool *pdca;                     /* kpi_metric_is_pdca by metric index */
	struct fill_stage *stages;      /* by stage index (n_stages: none), when first needed */
};

/* What depends on a group's stage only: the metrics it shows and those its stage lists. */
struct fill_stage {
	bool known;
	size_t *shown, n_shown;         /* kpi_shown_metrics */
	bool *in_stage;                 /* kpi_metric_in_stage by metric index */
};

static void fill_pb_free(struct fill_pb *fp)
{
	for (size_t i = 0; fp->stages && i <= fp->pb->n_stages; i++) {
		free(fp->stages[i].shown);
		free(fp->stages[i].in_stage);
	}
	free(fp->stages);
	free(fp->pdca);
	free(fp->map);
	free(fp->plan);
}

/* A group's stage and the rest that does not depend on its counters (asked once a stage). */
static const struct fill_stage *group_stage(int today, struct kpi_group_report *g,
					    struct fill_pb *fp)
{
	const struct playbook *pb = g->pb;
	g->age = group_age(&g->group, today);
	g->stage = playbook_stage_for_age(pb, g->age);
	g->next_stage = kpi_next_stage(pb, g->stage);
	g->days_to_next = g->next_stage ? g->next_stage->from_day - g->age : -1;
	g->stage_start = g->group.created + (g->stage ? g->stage->from_day : 0);
	g->n_metrics = pb->n_metrics;
	g->metrics = xcalloc(pb->n_metrics + 1, sizeof *g->metrics);
	g->shown = xcalloc(pb->n_metrics + 1, sizeof *g->shown);
	if (!fp->stages) {
		fp->stages = xcalloc(pb->n_stages + 1, sizeof *fp->stages);
		fp->pdca = xcalloc(pb->n_metrics + 1, sizeof *fp->pdca);
		for (size_t i = 0; i < pb->n_metrics; i++)
			fp->pdca[i] = kpi_metric_is_pdca(pb->metrics[i].key);
	}
	struct fill_stage *st = &fp->stages[g->stage ? (size_t)(g->stage - pb->stages)
						   : pb->n_stages];
	if (!st->known) {
		st->known = true;
		st->shown = xcalloc(pb->n_metrics + 1, sizeof *st->shown);
		st->n_shown = kpi_shown_metrics(pb, &g->group, today, st->shown);
		st->in_stage = xcalloc(pb->n_metrics + 1, sizeof *st->in_stage);
		for (size_t i = 0; i < pb->n_metrics; i++)
			st->in_stage[i] = kpi_metric_in_stage(g->stage, pb->metrics[i].key);
	}
	g->n_shown = st->n_shown;
	memcpy(g->shown, st->shown, st->n_shown * sizeof *g->shown);
	return st;
}

/*
 * One group's metrics (of its own playbook fp->pb) from its plans' sums over the window
 * (cur) and the previous one (prev), each metric's cells added in day order.
 */
static void group_metrics(int today, struct kpi_group_report *g, struct fill_pb *fp,
			  const struct kpi_plan_acc *cur, const struct kpi_plan_acc *prev)
{
	const struct playbook *pb = g->pb;
	const struct fill_stage *st = group_stage(today, g, fp);
	for (size_t i = 0; i < pb->n_metrics; i++) {
		struct kpi_metric_result *m = &g->metrics[i];
		m->metric = &pb->metrics[i];
		m->defined = kpi_metric_plan_result(&fp->plan[i], &cur[i], &m->value);
		m->prev_defined = kpi_metric_plan_result(&fp->plan[i], &prev[i], &m->prev);
		m->status = kpi_metric_status(m->metric, m->defined, m->value);
		m->trend = kpi_trend_of(m->metric, m->defined, m->value, m->prev_defined, m->prev);
		m->in_stage = st->in_stage[i];
		m->pdca = fp->pdca[i];
	}
	for (size_t i = 0; i < g->n_shown; i++)
		g->metrics[g->shown[i]].shown = true;
	health_of(g);
}

/* A group of the report by id: its index in g, for the cells as they come by group id. */
struct fill_group {
	int64_t id;
	size_t at;
};

static int fill_group_cmp(const void *a, const void *b)
{
	const struct fill_group *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The cells' reader's state: the group whose cells are coming and its sums so far. */
struct fill {
	int today;
	struct kpi_group_report *g;
	const struct kpi_win *w;
	struct fill_group *by_id;        /* sorted by id, each group once */
	size_t n, n_by_id;
	struct fill_pb *pbs;
	size_t *pb_of;                   /* g[i]'s playbook: an index into pbs */
	bool *done;                      /* g[i]'s metrics made */
	int km;                          /* "members" in the union, or -1 */
	int64_t cur_id;                  /* the group of the cells coming now */
	size_t cur;                      /* its index in g, or n: not a report's group */
	struct kpi_plan_acc *acc_cur, *acc_prev;   /* by metric of its playbook */
	/* The summed playbook's metrics over the selected groups, if asked (kpi_totals). */
	struct kpi_totals *t;
	struct kpi_win twin;             /* their window (the report's) */
	int64_t *t_ids;                  /* t->ids sorted */
	struct fill_pb *tpb;
	bool cur_selected;
	struct kpi_plan_acc *t_cur, *t_prev;
};

/* The group whose cells have come (f->cur) gets its metrics. */
static void fill_finish(struct fill *f)
{
	if (f->cur == f->n)
		return;
	struct fill_pb *fp = &f->pbs[f->pb_of[f->cur]];
	group_metrics(f->today, &f->g[f->cur], fp, f->acc_cur, f->acc_prev);
	f->done[f->cur] = true;
	f->cur = f->n;
}

static int id_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

/* Sums of fp's metrics emptied: only what each plan uses (the whole was 8 KB a group). */
static void acc_clear(const struct fill_pb *fp, struct kpi_plan_acc *acc)
{
	for (size_t i = 0; i < fp->pb->n_metrics; i++) {
		acc[i].cells = 0;
		for (size_t k = 0; k < fp->plan[i].n && k < ARRAY_LEN(acc[i].sum); k++)
			acc[i].sum[k] = 0;
	}
}

/* The cells of group_id begin: the group before it gets its metrics. */
static void fill_cell_group(struct fill *f, int64_t group_id)
{
	fill_finish(f);
	f->cur_id = group_id;
	struct fill_group key = {group_id, 0};
	const struct fill_group *fg = bsearch(&key, f->by_id, f->n_by_id, sizeof key, fill_group_cmp);
	f->cur = fg ? fg->at : f->n;
	if (f->cur < f->n) {
		const struct fill_pb *fp = &f->pbs[f->pb_of[f->cur]];
		acc_clear(fp, f->acc_cur);
		acc_clear(fp, f->acc_prev);
		f->g[f->cur].has_members = false;
	}
	f->cur_selected = f->t && f->t->n_ids &&
			  bsearch(&group_id, f->t_ids, f->t->n_ids, sizeof group_id, id_cmp);
}

/* One cell (kpi_cells_each): into its group's windows, and the totals' when selected. */
static void fill_cell(void *ctx, int64_t group_id, int day, const double *val, const bool *has)
{
	struct fill *f = ctx;
	if (group_id != f->cur_id)
		fill_cell_group(f, group_id);
	if (f->cur < f->n) {
		struct kpi_group_report *g = &f->g[f->cur];
		const struct kpi_win *w = &f->w[f->cur];
		const struct fill_pb *fp = &f->pbs[f->pb_of[f->cur]];
		/* A plan adds a cell only when it holds the playbook's counters the metric needs. */
		struct kpi_plan_acc *acc = day >= w->from && day <= w->to ? f->acc_cur
			: day >= w->prev_from && day <= w->prev_to ? f->acc_prev : NULL;
		for (size_t i = 0; acc && i < fp->pb->n_metrics; i++)
			kpi_metric_plan_add(&fp->plan[i], val, has, &acc[i]);
		/* The latest members up to the window's end: cells come in day order. */
		if (f->km >= 0 && day <= w->to && has[f->km]) {
			g->has_members = true;
			g->members = val[f->km];
		}
	}
	if (f->cur_selected) {
		const struct kpi_win *w = &f->twin;
		const struct fill_pb *fp = f->tpb;
		struct kpi_plan_acc *acc = day >= w->from && day <= w->to ? f->t_cur
			: day >= w->prev_from && day <= w->prev_to ? f->t_prev : NULL;
		for (size_t i = 0; acc && i < fp->pb->n_metrics; i++)
			kpi_metric_plan_add(&fp->plan[i], val, has, &acc[i]);
	}
}

/* A kept week or a day (kpi_weeks_each) into its group's window: a week lies whole in one. */
static void fill_span(void *ctx, int64_t group_id, int day, bool week, int cells,
		      const double *val, const bool *has, const double *const *days)
{
	struct fill *f = ctx;
	if (!week) {
		fill_cell(ctx, group_id, day, val, has);
		return;
	}
	if (group_id != f->cur_id)
		fill_cell_group(f, group_id);
	if (f->cur == f->n)
		return;
	const struct kpi_win *w = &f->w[f->cur];
	/* A kept week has no day's members: a later day's, else the latest up to the end. */
	if (day <= w->to)
		f->g[f->cur].has_members = false;
	const struct fill_pb *fp = &f->pbs[f->pb_of[f->cur]];
	struct kpi_plan_acc *acc = day >= w->from && day <= w->to ? f->acc_cur
		: day >= w->prev_from && day <= w->prev_to ? f->acc_prev : NULL;
	for (size_t i = 0; acc && i < fp->pb->n_metrics; i++)
		kpi_metric_plan_add_days(&fp->plan[i], val, has, days, cells, &acc[i]);
}

/*
 * Fill the reports of groups g[0..n), each with its playbook g[i].pb and its
 * own window w[i], from one read of every group's counters (a fixed number of
 * statements, whatever the number of groups or playbooks): the set-based core
 * of the report, the KPI tab and advice. The cells are summed as they come,
 * group by group, none of them kept; t (or NULL) also sums its playbook's
 * metrics over its groups.
 */
static int reports_fill(struct db *db, int today, struct kpi_group_report *g,
			const struct kpi_win *w, size_t n, struct kpi_totals *t, struct kpi_win twin,
			bool kept, char **cause)
{
	if (n == 0)
		return 0;
	int lo = w[0].prev_from, hi = w[0].to;
	for (size_t i = 1; i < n; i++) {
		lo = w[i].prev_from < lo ? w[i].prev_from : lo;
		hi = w[i].to > hi ? w[i].to : hi;
	}
	/* The distinct playbooks (a handful), each with its counters in the union's. */
	const struct playbook **pbs = xcalloc(n + 2, sizeof *pbs);
	size_t npb = 0;
	struct fill f = {.today = today, .g = g, .w = w, .n = n, .t = t, .twin = twin, .cur = n};
	f.pb_of = xcalloc(n + 1, sizeof *f.pb_of);
	for (size_t i = 0; i <= n; i++) {
		const struct playbook *pb = i < n ? g[i].pb : t ? t->pb : NULL;
		if (!pb)
			break;
		size_t k = 0;
		while (k < npb && pbs[k] != pb)
			k++;
		if (k == npb)
			pbs[npb++] = pb;
		if (i < n)
			f.pb_of[i] = k;
	}
	struct playbook u;
	kpi_counters_union(pbs, npb, &u);
	f.pbs = xcalloc(npb + 1, sizeof *f.pbs);
	size_t max_metrics = 0;
	for (size_t k = 0; k < npb; k++) {
		struct fill_pb *fp = &f.pbs[k];
		fp->pb = pbs[k];
		fp->map = kpi_counter_map(pbs[k], &u);
		fp->plan = xcalloc(pbs[k]->n_metrics + 1, sizeof *fp->plan);
		for (size_t i = 0; i < pbs[k]->n_metrics; i++)
			kpi_metric_plan_init(&fp->plan[i], &pbs[k]->metrics[i], pbs[k], fp->map, &u);
		if (pbs[k]->n_metrics > max_metrics)
			max_metrics = pbs[k]->n_metrics;
		if (t && pbs[k] == t->pb)
			f.tpb = fp;
	}
	f.acc_cur = xcalloc(max_metrics + 1, sizeof *f.acc_cur);
	f.acc_prev = xcalloc(max_metrics + 1, sizeof *f.acc_prev);
	if (t) {
		f.t_cur = xcalloc(t->pb->n_metrics + 1, sizeof *f.t_cur);
		f.t_prev = xcalloc(t->pb->n_metrics + 1, sizeof *f.t_prev);
		f.t_ids = xcalloc(t->n_ids + 1, sizeof *f.t_ids);
		memcpy(f.t_ids, t->ids, t->n_ids * sizeof *f.t_ids);
		qsort(f.t_ids, t->n_ids, sizeof *f.t_ids, id_cmp);
		lo = twin.prev_from < lo ? twin.prev_from : lo;
		hi = twin.to > hi ? twin.to : hi;
	}
	f.km = kpi_counter_index(&u, "members");
	f.done = xcalloc(n + 1, sizeof *f.done);
	f.by_id = xcalloc(n + 1, sizeof *f.by_id);
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	for (size_t i = 0; i < n; i++) {
		ids[i] = g[i].group.id;
		f.by_id[i] = (struct fill_group){g[i].group.id, i};
		g[i].has_members = false;
	}
	qsort(f.by_id, n, sizeof *f.by_id, fill_group_cmp);
	/* A group listed again (with another window): its later entries from a read of their own. */
	bool *dup = xcalloc(n + 1, sizeof *dup);
	size_t n_by_id = n > 0, n_dup = 0, n_redo = 0;
	for (size_t i = 1; i < n; i++) {
		if (f.by_id[i].id == f.by_id[n_by_id - 1].id) {
			dup[f.by_id[i].at] = true;
			n_dup++;
		} else {
			f.by_id[n_by_id++] = f.by_id[i];
		}
	}
	f.n_by_id = n_by_id;
	bool kept_read = false, *again = xcalloc(n + 1, sizeof *again);
	/*
	 * Kept weeks (the console's reports, each group over its own window): a group's whole
	 * weeks are a row each, only the days at the ends are cells. The sums are the same
	 * but for the order a non-whole counter (revenue) is added in: week by week.
	 */
	int rc = 1;
	if (kept && !t) {
		int *pf = xcalloc(n_by_id + 1, sizeof *pf), *from = xcalloc(n_by_id + 1, sizeof *from);
		int *to = xcalloc(n_by_id + 1, sizeof *to);
		int64_t *uid = xcalloc(n_by_id + 1, sizeof *uid);
		for (size_t i = 0; i < n_by_id; i++) {
			const struct kpi_win *wi = &w[f.by_id[i].at];
			uid[i] = f.by_id[i].id;
			pf[i] = wi->prev_from;
			from[i] = wi->from;
			to[i] = wi->to;
		}
		bool *redo = xcalloc(n_by_id + 1, sizeof *redo);
		rc = kpi_weeks_each(db, &u, uid, pf, from, to, n_by_id, fill_span, &f, redo, cause);
		/* Groups whose sums could differ from their days' (a fraction, then a whole
		   week): read again day by day, as a group listed twice is. */
		for (size_t i = 0; rc == 0 && i < n_by_id; i++)
			if (redo[i]) {
				again[f.by_id[i].at] = true;
				n_dup++;
				n_redo++;
			}
		free(redo);
		free(pf);
		free(from);
		free(to);
		free(uid);
	}
	if (rc == 1)
		rc = kpi_cells_each(db, &u, ids, n, lo, hi, fill_cell, &f, cause);
	else
		kept_read = true;
	free(ids);
	if (rc == 0) {
		fill_finish(&f);
		for (size_t i = 0; i < n; i++)
			if (again[i]) {
				kpi_group_report_clear(&g[i], false);
				f.done[i] = false;
				dup[i] = true;
			}
		/* The groups without a cell in the range: their metrics undefined. */
		memset(f.acc_cur, 0, max_metrics * sizeof *f.acc_cur);
		memset(f.acc_prev, 0, max_metrics * sizeof *f.acc_prev);
		for (size_t i = 0; i < n; i++)
			if (!f.done[i] && !dup[i])
				group_metrics(today, &g[i], &f.pbs[f.pb_of[i]], f.acc_cur, f.acc_prev);
	}
	if (rc == 0 && n_dup > 0) {
		struct kpi_group_report *dg = xcalloc(n_dup + 1, sizeof *dg);
		struct kpi_win *dw = xcalloc(n_dup + 1, sizeof *dw);
		for (size_t i = 0, j = 0; i < n; i++)
			if (dup[i]) {
				dg[j] = g[i];
				dw[j++] = w[i];
			}
		rc = reports_fill(db, today, dg, dw, n_dup, NULL, twin, kept && !n_redo, cause);
		for (size_t i = 0, j = 0; i < n; i++)
			if (dup[i])
				g[i] = dg[j++];
		free(dg);
		free(dw);
	}
	free(dup);
	free(again);
	if (rc == 0 && t) {
		t->metrics = xcalloc(t->pb->n_metrics + 1, sizeof *t->metrics);
		for (size_t i = 0; i < t->pb->n_metrics; i++) {
			struct kpi_total *m = &t->metrics[i];
			m->defined = kpi_metric_plan_result(&f.tpb->plan[i], &f.t_cur[i], &m->value);
			m->prev_defined =
				kpi_metric_plan_result(&f.tpb->plan[i], &f.t_prev[i], &m->prev);
		}
	}
	/* The others: the latest members before the loaded range, one query for all of them. */
	int64_t *lack = xcalloc(n + 1, sizeof *lack);
	size_t *lack_at = xcalloc(n + 1, sizeof *lack_at), n_lack = 0;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (!g[i].has_members) {
			lack_at[n_lack] = i;
			lack[n_lack++] = g[i].group.id;
		}
	bool *has = xcalloc(n_lack + 1, sizeof *has);
	double *val = xcalloc(n_lack + 1, sizeof *val);
	if (rc == 0 && kept_read) {
		/* A kept week carries no day's members: the latest up to each window's end. */
		int *upto = xcalloc(n_lack + 1, sizeof *upto);
		for (size_t i = 0; i < n_lack; i++)
			upto[i] = w[lack_at[i]].to;
		rc = kpi_members_upto(db, lack, upto, n_lack, has, val, cause);
		free(upto);
	} else if (rc == 0) {
		rc = kpi_members_before(db, lack, n_lack, lo, has, val, cause);
	}
	for (size_t i = 0; rc == 0 && i < n_lack; i++) {
		g[lack_at[i]].has_members = has[i];
		g[lack_at[i]].members = val[i];
	}
	free(has);
	free(val);
	free(lack);
	free(lack_at);
	for (size_t k = 0; k < npb; k++)
		fill_pb_free(&f.pbs[k]);
	free(f.pbs);
	free(f.pb_of);
	free(f.done);
	free(f.by_id);
	free(f.acc_cur);
	free(f.acc_prev);
	free(f.t_cur);
	free(f.t_prev);
	free(f.t_ids);
	free(u.counters);
	free(pbs);
	return rc;
}

int kpi_reports_fill(struct db *db, int today, struct kpi_group_report *g, size_t n, int from,
		     int to, char **cause)
{
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++)
		w[i] = win_of(from, to);
	int rc = reports_fill(db, today, g, w, n, NULL, win_of(from, to), false, cause);
	free(w);
	return rc;
}

/* The report of one group alone, its window w and its playbook pb. */
static void report_of(struct kpi_report *r, int today, struct kpi_win w)
{
	r->today = today;
	r->from = w.from;
	r->to = w.to;
	r->prev_from = w.prev_from;
	r->prev_to = w.prev_to;
}

int kpi_report_build(struct db *db, const struct playbook_set *set, int today, int from, int to,
		     const char *group_name, struct kpi_report *out, char **cause)
{
	return kpi_report_build_totals(db, set, today, from, to, group_name, NULL, out, cause);
}

int kpi_report_build_totals(struct db *db, const struct playbook_set *set, int today, int from,
			    int to, const char *group_name, struct kpi_totals *t,
			    struct kpi_report *out, char **cause)
{
	memset(out, 0, sizeof *out);
	if (t)
		t->metrics = NULL;
	if (to < from)
		return set_cause(cause, _("empty window"));
	struct kpi_win win = win_of(from, to);
	report_of(out, today, win);
	struct group *groups;
	size_t n;
	if (group_name) {
		groups = xcalloc(1, sizeof *groups);
		n = 1;
		if (group_require(db, group_name, groups, cause) < 0) {
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
		out->groups[i].pb = playbook_set_for(set, &groups[i]);
		w[i] = win;
	}
	free(groups);
	int rc = reports_fill(db, today, out->groups, w, n, t, win, false, cause);
	free(w);
	if (rc < 0) {
		kpi_report_free(out);
		if (t) {
			free(t->metrics);
			t->metrics = NULL;
		}
	}
	return rc;
}

int kpi_reports_build(struct db *db, const struct playbook_set *set, int today,
		      const struct group *groups, size_t n, const int *from, const int *to,
		      struct kpi_report *out, char **cause)
{
	return kpi_reports_build_by(db, set, today, groups, n, from, to, true, out, cause);
}

int kpi_reports_build_by(struct db *db, const struct playbook_set *set, int today,
			 const struct group *groups, size_t n, const int *from, const int *to,
			 bool kept, struct kpi_report *out, char **cause)
{
	for (size_t i = 0; i < n; i++)
		if (to[i] < from[i])
			return set_cause(cause, _("%s: empty window"), groups[i].name);
	struct kpi_group_report *g = xcalloc(n + 1, sizeof *g);
	struct kpi_win *w = xcalloc(n + 1, sizeof *w);
	for (size_t i = 0; i < n; i++) {
		w[i] = win_of(from[i], to[i]);
		g[i].group = group_copy(&groups[i]);
		g[i].pb = playbook_set_for(set, &groups[i]);
	}
	int rc = reports_fill(db, today, g, w, n, NULL, w[0], kept, cause);
	for (size_t i = 0; i < n; i++) {
		memset(&out[i], 0, sizeof out[i]);
		report_of(&out[i], today, w[i]);
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

void kpi_group_report_clear(struct kpi_group_report *g, bool owned)
{
	if (owned)
		group_clear(&g->group);
	free(g->metrics);
	free(g->shown);
	g->metrics = NULL;
	g->shown = NULL;
}

void kpi_report_free(struct kpi_report *r)
{
	for (size_t i = 0; i < r->n_groups; i++)
		kpi_group_report_clear(&r->groups[i], true);
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
