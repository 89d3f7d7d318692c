/*
 * Review reports (复盘): the 收工报告 of a day, the 周报 of an ISO week, the 月度复盘
 * of a month. Built set-at-a-time from the checklist's due rule, ticks, posted
 * slots, KPI sums, A/B tests, feedback and playbook versions of the period, and
 * written as Markdown that pastes into 企业微信 or a 飞书 doc (headings and lists,
 * no tables: WeCom's markdown has none).
 */
#ifndef SOPDECK_REPORT_H
#define SOPDECK_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "ab.h"
#include "feedback.h"
#include "kpi.h"

struct db;
struct playbook;
struct playbook_set;

enum report_kind { REPORT_DAY, REPORT_WEEK, REPORT_MONTH };

struct report_group {
	char *name, *owner;
	char *playbook;          /* the playbook it runs on (its due rule) */
	int due, done, missed;   /* missed: due on a day before today and never ticked */
};

/* Due and done of the groups on one playbook (a business line). */
struct report_playbook {
	char *name;
	bool is_default;
	int groups, due, done, missed;
};

struct report_operator {
	char *name;
	int due, done, missed;   /* of the groups the operator owns */
	int ticks;               /* items the operator ticked, in any group */
};

struct report_category {
	const struct pb_category *category; /* NULL: content without a known category */
	int posted;
};

struct report_metric {
	const struct pb_metric *metric;
	bool defined, prev_defined;
	double value, prev;      /* formula results over the period and the one before */
	enum kpi_status status;
	int groups_below;        /* groups whose value misses the threshold */
};

struct report_ab {
	struct ab_test test;
	struct ab_standing standing;
	const struct pb_metric *metric;  /* in the test's playbook; NULL if it has none */
	const char *playbook;            /* the test's playbook */
};

struct report {
	enum report_kind kind;
	char label[16];          /* "2026-03-04", "2026-W10", "2026-03" */
	int from, to;            /* the period, inclusive */
	int today;
	int kpi_from, kpi_to;    /* the KPI window: the period up to yesterday */
	const char *group;       /* only this group, or NULL */
	const char *owner;       /* only groups this operator owns, or NULL */
	struct report_group *groups;
	size_t n_groups;
	struct report_playbook *playbooks;   /* those the selected groups run on */
	size_t n_playbooks;
	struct report_operator *operators;
	size_t n_operators;
	int due, done, missed;
	struct report_category *categories;  /* playbook order, then the unknown bucket */
	size_t n_categories;
	int posted;
	struct report_metric *metrics;
	size_t n_metrics;
	struct kpi_report kpi;   /* per group, for the groups below thresholds */
	bool has_kpi;
	struct report_ab *ab;    /* tests running during the period */
	size_t n_ab;
	struct feedback_count feedback;      /* summed over the groups */
	struct feedback *open_feedback;      /* the open entries, newest first (at most 20) */
	size_t n_open_feedback;
	struct kpi_version_effect *versions; /* playbook versions imported in the period */
	size_t n_versions;
	char **version_playbooks;            /* each version's playbook, beside versions */
	struct kpi_version_effect *all_versions; /* owns the above */
	size_t n_all_versions;
};

/* Parse a period: --day YYYY-MM-DD, --week YYYY-Www or --month YYYY-MM. */
int report_period(enum report_kind kind, const char *arg, int *from, int *to, char label[16]);

/*
 * Build the report for [from, to]; group and owner filter the groups (NULL =
 * all). Each group's due rule is its own playbook's (from set), the totals are
 * also per playbook, and a version's effect is measured on that playbook's
 * groups. The content mix and KPI sections use the default playbook's
 * categories and metrics. set must outlive the report.
 */
int report_build(struct db *db, const struct playbook_set *set, enum report_kind kind,
		 const char *label, int from, int to, int today, const char *group,
		 const char *owner, struct report *out, char **cause);
void report_free(struct report *r);

/* The report as Markdown (a new string). */
char *report_markdown(const struct report *r);

/* 收工报告 / 周报 / 月度复盘 */
const char *report_kind_name(enum report_kind k);

#endif
