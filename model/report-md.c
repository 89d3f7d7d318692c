/*
 * A review report as Markdown for 企业微信 and 飞书: headings, bullet lists and
 * bold only (WeCom's markdown has no tables), figures written as operators
 * write them (完成率 83.3%, 内容打开率 22.0%（上期 20.0%）).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "kpi.h"
#include "playbook.h"
#include "report.h"
#include "text.h"
#include "util.h"

/* Translated where written: 周一 .. in Chinese, Mon .. in English. */
static const char *const weekday_names[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					    N_("Fri"), N_("Sat"), N_("Sun")};

/* Text from data: one line, no controls, and Markdown's own marks made inert. */
static void add_text(struct buf *b, const char *s)
{
	char *safe = text_sanitize(s ? s : "", false);
	/* Runs of plain text appended whole; Markdown's own characters escaped. */
	const char *p = safe;
	for (;;) {
		size_t run = strcspn(p, "*_`[]#<>|\\");
		buf_add(b, p, run);
		p += run;
		if (!*p)
			break;
		buf_add(b, "\\", 1);
		buf_add(b, p++, 1);
	}
	free(safe);
}

static void add_day(struct buf *b, int day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	buf_addf(b, _("%d/%d (%s)"), m, d, _(weekday_names[date_weekday(day)]));
}

/* Text from data in brackets: （…） in Chinese, " (…)" in English. */
static void add_paren(struct buf *b, const char *s)
{
	buf_adds(b, _(" ("));
	add_text(b, s);
	buf_adds(b, _(")"));
}

/* add_text's Markdown of s as a string of its own. */
static char *md_text(const char *s)
{
	struct buf t = {0};
	add_text(&t, s);
	char *out = xstrdup(buf_str(&t));
	buf_free(&t);
	return out;
}

/* A section's heading line. */
static void add_heading(struct buf *b, const char *title)
{
	buf_addf(b, "\n## %s\n", title);
}

static void add_rate(struct buf *b, int done, int due)
{
	if (due > 0)
		buf_addf(b, "%.1f%%", 100.0 * done / due);
	else
		buf_adds(b, "—");
}

static void section_actions(struct buf *b, const struct report *r)
{
	add_heading(b, _("SOP actions"));
	buf_addf(b, _("- due **%d**, done **%d**, missed **%d**, done rate **"), r->due, r->done,
		 r->missed);
	add_rate(b, r->done, r->due);
	buf_adds(b, "**");
	if (r->to >= r->today)
		buf_adds(b, _(" (what is not done from today on is not counted as missed)"));
	buf_adds(b, "\n");
	if (r->n_operators) {
		buf_adds(b, _("- by operator:\n"));
		for (size_t i = 0; i < r->n_operators; i++) {
			const struct report_operator *o = &r->operators[i];
			buf_adds(b, "  - ");
			add_text(b, o->name);
			buf_addf(b, _(": due %d, done %d, missed %d, done rate "), o->due, o->done,
				 o->missed);
			add_rate(b, o->done, o->due);
			buf_addf(b, _(", %d tick%s\n"), o->ticks, i18n_plural_s(o->ticks));
		}
	}
	/* Several business lines: each playbook's own figures. */
	if (r->n_playbooks > 1) {
		buf_adds(b, _("- by playbook:\n"));
		for (size_t i = 0; i < r->n_playbooks; i++) {
			const struct report_playbook *p = &r->playbooks[i];
			buf_adds(b, "  - ");
			add_text(b, p->name);
			buf_addf(b, _("%s (%d group%s): due %d, done %d, missed %d, done rate "),
				 p->is_default ? _(" (default)") : "", p->groups,
				 i18n_plural_s(p->groups), p->due, p->done, p->missed);
			add_rate(b, p->done, p->due);
			buf_adds(b, "\n");
		}
	}
	/* The groups with the most missed first: those are what the meeting talks about. */
	size_t shown = 0;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < r->n_groups; i++) {
			const struct report_group *g = &r->groups[i];
			if ((pass == 0) != (g->missed > 0) || g->due == 0)
				continue;
			if (shown++ == 0)
				buf_adds(b, _("- by group (most missed first):\n"));
			buf_adds(b, "  - ");
			add_text(b, g->name);
			if (*g->owner)
				add_paren(b, g->owner);
			buf_addf(b, _(": due %d, done %d, missed %d\n"), g->due, g->done, g->missed);
		}
}

static void section_content(struct buf *b, const struct report *r)
{
	add_heading(b, _("Content posted"));
	if (r->posted == 0) {
		buf_adds(b, _("- no scheduled content was posted in this period\n"));
		return;
	}
	buf_addf(b, _("- **%d** posted; mix (actual / target):\n"), r->posted);
	for (size_t i = 0; i < r->n_categories; i++) {
		const struct report_category *c = &r->categories[i];
		if (!c->category && c->posted == 0)
			continue;
		buf_adds(b, "  - ");
		add_text(b, c->category ? c->category->name : _("uncategorised"));
		buf_addf(b, _(" %d post%s: %.0f%%"), c->posted, i18n_plural_s(c->posted),
			 100.0 * c->posted / r->posted);
		if (c->category) {
			buf_addf(b, " / %d%%", c->category->share);
			double gap = 100.0 * c->posted / r->posted - c->category->share;
			if (gap <= -10 || gap >= 10)
				buf_addf(b, gap < 0 ? _(" (%.0f points below target)")
						    : _(" (%.0f points above target)"),
					 gap < 0 ? -gap : gap);
		}
		buf_adds(b, "\n");
	}
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void section_kpi(struct buf *b, const struct report *r)
{
	buf_adds(b, "\n## KPI");
	if (!r->has_kpi) {
		buf_adds(b, _("\n- no data for this period yet (data are imported by day: today's "
			      "come tomorrow)\n"));
		return;
	}
	buf_adds(b, _(" ("));
	add_day(b, r->kpi_from);
	buf_adds(b, " — ");
	add_day(b, r->kpi_to);
	buf_adds(b, _(", against the period before)\n"));
	size_t listed = 0;
	for (size_t i = 0; i < r->n_metrics; i++) {
		const struct report_metric *m = &r->metrics[i];
		if (!m->defined && !m->prev_defined)
			continue;
		char v[64], p[64], th[64];
		kpi_format_value(m->metric, m->defined, m->value, v, sizeof v);
		kpi_format_value(m->metric, m->prev_defined, m->prev, p, sizeof p);
		kpi_format_threshold(m->metric, th, sizeof th);
		enum kpi_trend t = kpi_trend_of(m->metric, m->defined, m->value, m->prev_defined,
						m->prev);
		buf_adds(b, "- ");
		add_text(b, i18n_title(m->metric->name, m->metric->name_en));
		buf_addf(b, _(" **%s** (before: %s%s%s)"), v, p, *kpi_trend_arrow(t, false) ? " " : "",
			 kpi_trend_arrow(t, false));
		if (*th)
			buf_addf(b, _(" alert line %s · %s"), th,
				 m->status == KPI_WARN ? _("**below the line**")
				 : m->status == KPI_OK ? _("on target")
						       : _("no data"));
		if (m->groups_below)
			buf_addf(b, _("; %d group%s below the line"), m->groups_below,
				 i18n_plural_s(m->groups_below));
		buf_adds(b, "\n");
		listed++;
	}
	if (listed == 0)
		buf_adds(b, _("- no KPI data in this period\n"));
	size_t below = 0;
	/* Each metric's name, threshold and advice made once (a few metrics, a line per group
	   below the line): by the metric's address, which is its playbook's. */
	struct below_metric {
		const struct pb_metric *m;
		char *name, *th, *advice;
	} *bm = NULL;
	size_t n_bm = 0;
	/* The report's groups by name, sorted, for a lookup per KPI group (not a scan). */
	const char **names = xcalloc(r->n_groups + 1, sizeof *names);
	for (size_t i = 0; i < r->n_groups; i++)
		names[i] = r->groups[i].name;
	qsort(names, r->n_groups, sizeof *names, name_cmp);
	for (size_t g = 0; g < r->kpi.n_groups; g++) {
		const struct kpi_group_report *gr = &r->kpi.groups[g];
		const char *key = gr->group.name;
		bool selected = r->n_groups &&
				bsearch(&key, names, r->n_groups, sizeof *names, name_cmp) != NULL;
		for (size_t k = 0; selected && k < gr->n_metrics; k++) {
			const struct kpi_metric_result *res = &gr->metrics[k];
			if (res->status != KPI_WARN || !res->shown)
				continue;
			if (below++ == 0)
				buf_adds(b, _("- groups below the line:\n"));
			size_t i = 0;
			while (i < n_bm && bm[i].m != res->metric)
				i++;
			if (i == n_bm) {
				bm = xrealloc(bm, (n_bm + 1) * sizeof *bm);
				struct below_metric *x = &bm[n_bm++];
				char th[64];
				kpi_format_threshold(res->metric, th, sizeof th);
				x->m = res->metric;
				x->name = md_text(i18n_title(res->metric->name, res->metric->name_en));
				x->th = xstrdup(th);
				x->advice = *res->metric->advice
					? md_text(i18n_title(res->metric->advice, res->metric->advice_en))
					: NULL;
			}
			char v[64];
			kpi_format_value(res->metric, true, res->value, v, sizeof v);
			buf_adds(b, "  - ");
			add_text(b, gr->group.name);
			buf_adds(b, _(": "));
			buf_adds(b, bm[i].name);
			buf_addf(b, _(" %s (alert line %s)"), v, bm[i].th);
			if (bm[i].advice) {
				buf_adds(b, " → ");
				buf_adds(b, bm[i].advice);
			}
			buf_adds(b, "\n");
		}
	}
	free(names);
	for (size_t i = 0; i < n_bm; i++) {
		free(bm[i].name);
		free(bm[i].th);
		free(bm[i].advice);
	}
	free(bm);
}

static void section_ab(struct buf *b, const struct report *r)
{
	add_heading(b, _("A/B tests"));
	if (r->n_ab == 0) {
		buf_adds(b, _("- no test running in this period\n"));
		return;
	}
	for (size_t i = 0; i < r->n_ab; i++) {
		const struct ab_test *t = &r->ab[i].test;
		const struct ab_standing *s = &r->ab[i].standing;
		const struct pb_metric *m = r->ab[i].metric;
		buf_adds(b, "- ");
		add_text(b, t->name);
		buf_addf(b, t->kind == AB_COPY ? _(" (copy %s") : _(" (time %s"), t->action_id);
		if (r->n_playbooks > 1) {
			buf_adds(b, " · ");
			add_text(b, r->ab[i].playbook);
		}
		buf_adds(b, _("): "));
		for (int a = 0; a < 2; a++) {
			char v[64];
			kpi_format_value(m, s->arm[a].defined, s->arm[a].value, v, sizeof v);
			buf_adds(b, a ? " vs " : "");
			buf_addf(b, _("%c \""), 'A' + a);
			add_text(b, t->arm[a]);
			buf_addf(b, _("\" %s"), v);
		}
		char *verdict = ab_verdict(m, s);
		buf_adds(b, _("; "));
		buf_adds(b, verdict);
		free(verdict);
		if (*t->adopted)
			buf_addf(b, _("; adopted %s"), t->adopted);
		buf_adds(b, "\n");
	}
}

static void section_feedback(struct buf *b, const struct report *r)
{
	add_heading(b, _("User feedback (four quadrants)"));
	buf_adds(b, "- ");
	for (int q = 0; q < FEEDBACK_QUADRANTS; q++) {
		buf_adds(b, q ? _(", ") : "");
		buf_addf(b, _("%s %d (open %d)"), feedback_quadrant_label((enum feedback_quadrant)q),
			 r->feedback.total[q], r->feedback.open[q]);
	}
	buf_adds(b, "\n");
	if (r->n_open_feedback)
		buf_adds(b, _("- to do:\n"));
	for (size_t i = 0; i < r->n_open_feedback; i++) {
		const struct feedback *f = &r->open_feedback[i];
		buf_addf(b, "  - #%lld ", (long long)f->id);
		add_text(b, f->group);
		buf_addf(b, _(" %s: "), feedback_quadrant_label(f->quadrant));
		add_text(b, f->body);
		if (*f->member)
			add_paren(b, f->member);
		buf_adds(b, "\n");
	}
}

static void section_versions(struct buf *b, const struct report *r)
{
	add_heading(b, _("SOP versions"));
	if (r->n_versions == 0) {
		buf_adds(b, _("- no new version in this period\n"));
		return;
	}
	for (size_t i = 0; i < r->n_versions; i++) {
		const struct kpi_version_effect *v = &r->versions[i];
		/* Which business line's version: each playbook has its own. */
		buf_adds(b, "- ");
		add_text(b, r->version_playbooks[i]);
		buf_adds(b, " V");
		add_text(b, v->version);
		buf_adds(b, _(" ("));
		add_day(b, v->day);
		buf_adds(b, _(")"));
		if (*v->note) {
			buf_adds(b, _(": "));
			add_text(b, v->note);
		}
		size_t shown = 0;
		for (size_t k = 0; k < v->n_metrics; k++) {
			const struct kpi_version_metric *m = &v->metrics[k];
			if (!m->has_change)
				continue;
			buf_adds(b, shown++ ? _(", ") : _("; 30 days before and after: "));
			add_text(b, i18n_title(m->metric->name, m->metric->name_en));
			buf_addf(b, " %+.0f%%", m->change * 100);
		}
		buf_adds(b, "\n");
	}
}

char *report_markdown(const struct report *r)
{
	struct buf b = {0};
	buf_addf(&b, "# %s %s", report_kind_name(r->kind), r->label);
	buf_adds(&b, _(" ("));
	add_day(&b, r->from);
	if (r->from != r->to) {
		buf_adds(&b, " — ");
		add_day(&b, r->to);
	}
	buf_adds(&b, _(")"));
	buf_addf(&b, _("\n\nScope: %zu group%s"), r->n_groups,
		 i18n_plural_s((long long)r->n_groups));
	if (r->group) {
		buf_adds(&b, _(" · group "));
		add_text(&b, r->group);
	}
	if (r->owner) {
		buf_adds(&b, _(" · operator "));
		add_text(&b, r->owner);
	}
	buf_adds(&b, "\n");
	section_actions(&b, r);
	section_content(&b, r);
	section_kpi(&b, r);
	section_ab(&b, r);
	section_feedback(&b, r);
	section_versions(&b, r);
	char *out = xstrdup(buf_str(&b));
	buf_free(&b);
	return out;
}
