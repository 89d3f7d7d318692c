/*
 * KPIs (数据看板): daily counters per group (imported from CSV or typed in),
 * and the playbook's metrics computed over a window of days as ratios of sums,
 * never as means of daily ratios. A metric whose formula divides by zero, or
 * whose counters have no rows in the window, is undefined: shown "—".
 */
#ifndef SOPDECK_KPI_H
#define SOPDECK_KPI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "group.h"
#include "playbook.h"

struct db;

/* How many problem lines an import lists before "... and N more". */
#define KPI_IMPORT_MAX_PROBLEMS 200
/* How many records may stand above a KPI file's header row (titles, export dates). */
#define KPI_IMPORT_HEADER_LINES 5

/* The PDCA five (the dashboard every group has), by playbook metric key (model/kpi-rules.c). */
#define KPI_PDCA_N 5
extern const char *const kpi_pdca_keys[KPI_PDCA_N];
/* Is the metric with this key one of the PDCA five (shown on every dashboard)? */
bool kpi_metric_is_pdca(const char *key);
/* Does stage (NULL: none) list the metric with this key? */
bool kpi_metric_in_stage(const struct pb_stage *stage, const char *key);

/*
 * The one rule for the metrics a group shows, on the panel, in the overview's
 * health, in `sopdeck kpi` (text, --json "shown", export), in advice and in
 * Today's reminders: those of its stage on day in its own playbook pb
 * (playbook_set_for), then the PDCA five pb defines, in pb's metric order.
 * idx (room for pb->n_metrics) gets indexes into pb->metrics; returns how many.
 */
size_t kpi_shown_metrics(const struct playbook *pb, const struct group *g, int day, size_t *idx);
/* The stage after st in pb (the one starting where st ends), or NULL. */
const struct pb_stage *kpi_next_stage(const struct playbook *pb, const struct pb_stage *st);

enum kpi_status { KPI_NO_DATA, KPI_OK, KPI_WARN };
enum kpi_trend { KPI_TREND_NONE, KPI_TREND_FLAT, KPI_TREND_UP, KPI_TREND_DOWN };
/* From the statuses: no warnings = good, one = warn, two or more = bad. */
enum kpi_health { KPI_HEALTH_NO_DATA, KPI_HEALTH_GOOD, KPI_HEALTH_WARN, KPI_HEALTH_BAD };

/* ---- Import (model/kpi-import.c) ---- */

struct kpi_import_result {
	const char *encoding;   /* what the file was read as (csv_encoding) */
	size_t rows;            /* group/day rows written */
	size_t values;          /* counter values written */
	size_t groups;          /* distinct groups written */
	size_t skipped;         /* bad rows left out (partial imports) */
	char **columns;         /* counter keys the file carried, in column order */
	size_t n_columns;
	char **ignored;         /* header names not recognised (neither date, group nor counter) */
	size_t n_ignored;
	char **percent;         /* counter columns left out because they hold percentages */
	size_t n_percent;
	char **notes;           /* "file.csv:1: ..." lines skipped on purpose (title, totals) */
	size_t n_notes;
	char **problems;        /* "file.csv:12: ..." each, at most KPI_IMPORT_MAX_PROBLEMS */
	size_t n_problems;
	size_t more_problems;   /* problems beyond the listed ones */
};

/*
 * Import daily counters per group from CSV (FORMATS.md "KPI counters"): a date
 * column (日期/date; YYYY-MM-DD or YYYY/M/D), a group column (群名/群名称/group)
 * and counter columns matched by key or alias against every playbook of set
 * (loaded once by the caller); each row's values are read by its group's own
 * playbook, and a value for a counter that playbook does not define is a bad row
 * (a blank cell there is no value and leaves nothing changed). The header is the
 * first of the first KPI_IMPORT_HEADER_LINES records with a date and a group
 * column (WeCom exports put a title line above it). Percent columns (a % in the
 * header or in a value) are left out (res->percent), unknown columns too
 * (res->ignored); a totals row (合计/总计/汇总 as its date or group) is skipped
 * with a note. For each group/day in the file the counters the file carries
 * replace what was stored.
 * Unknown groups and bad rows are collected with their line numbers: unless
 * partial, any of them refuses the whole import (-1, cause lists them all);
 * with partial the good rows are written and res->problems lists the rest.
 * A day after today is a bad row (as in manual entry), and so is a value above
 * KPI_COUNTER_MAX.
 * One transaction, audited. res is filled in both cases (free it).
 */
int kpi_import_file(struct db *db, const struct playbook_set *set, const char *path,
		    bool partial, int today, const char *operator, struct kpi_import_result *res,
		    char **cause);
int kpi_import_mem(struct db *db, const struct playbook_set *set, const char *data, size_t len,
		   const char *name, bool partial, int today, const char *operator,
		   struct kpi_import_result *res, char **cause);
void kpi_import_result_free(struct kpi_import_result *res);

/* The largest counter value accepted (import and entry): more is a wrong column, and sums
 * of such values would overflow to inf. */
#define KPI_COUNTER_MAX 1e12

/* Parse a day "YYYY-MM-DD", "YYYY/M/D", "YYYY.M.D" or "YYYY年M月D日"; DATE_INVALID if not. */
int kpi_parse_day(const char *s);
/* Parse a counter value: "1,234", " 12 ", "1，234.5", "¥12.50", "￥12,345.50", "12元"; false if not a number >= 0. */
bool kpi_parse_number(const char *s, double *out);

/* ---- Counters of one day (model/kpi-day.c) ---- */

struct kpi_counter_value {
	const char *key;        /* playbook counter key */
	bool present;           /* false: remove the stored value */
	double value;
};

/*
 * Set (or clear) counters of one group and day by hand: one transaction,
 * audited. A day after today, or before the group was created, is refused:
 * nobody has that day's numbers.
 */
int kpi_set_day(struct db *db, const struct playbook *pb, int64_t group_id, int day, int today,
		const struct kpi_counter_value *values, size_t n, const char *operator,
		char **cause);
/* Why day cannot have counters for g by hand (new string), or NULL if it can. */
char *kpi_day_refusal(const struct group *g, int day, int today);
/* The stored counters of one group and day, in playbook counter order: present[i], value[i]. */
int kpi_get_day(struct db *db, const struct playbook *pb, int64_t group_id, int day,
		bool *present, double *value, char **cause);

/* ---- Metrics over a window (model/kpi-sums.c; formatting in model/kpi-format.c) ---- */

/*
 * Sums of every playbook counter over [from, to] (inclusive days) for a group
 * (0 = all), and the values per (group, day) cell: a metric sums its counters
 * only over the cells in which all of them are known, so opens from three days
 * are not divided by deliveries from seven, and over all groups one group's
 * deliveries are not divided into another group's opens.
 */
struct kpi_sums {
	const struct playbook *pb;
	double *sum;            /* by playbook counter index */
	int *rows;              /* cells with a stored value, by counter index */
	bool by_cell;           /* false: only totals (sum, rows) are filled */
	int n_days;             /* cells: distinct (group, day) with any value */
	size_t cap;
	double *day_val;        /* [cell * n_counters + counter] */
	bool *day_has;
	int64_t *cell_group;    /* the cell's group and day */
	int *cell_day;
};
int kpi_sums_load(struct db *db, const struct playbook *pb, int64_t group_id, int from, int to,
		  struct kpi_sums *out, char **cause);
void kpi_sums_free(struct kpi_sums *s);

/*
 * Evaluate metric m over sums: false (undefined) when one of its counters has
 * no row in the window (unknown is not zero), or on a zero denominator. *value is the formula's result (a fraction
 * for percent metrics).
 */
bool kpi_metric_eval(const struct pb_metric *m, const struct kpi_sums *s, double *value);

/* A rate outside 0-100%, or not a number: wrong counters, never "ok". */
bool kpi_value_impossible(const struct pb_metric *m, double value);
/* The value in display units: percent *100, others as is. */
double kpi_display_value(const struct pb_metric *m, double value);
/* ok / warn against warn_below / warn_above (display units); KPI_NO_DATA if undefined. */
enum kpi_status kpi_metric_status(const struct pb_metric *m, bool defined, double value);
/* Up, down or flat (within 0.05 display units) from prev to value; NONE if either undefined. */
enum kpi_trend kpi_trend_of(const struct pb_metric *m, bool defined, double value,
			    bool prev_defined, double prev);
/* Is a higher value better (false for metrics with only warn_above, like churn)? */
bool kpi_higher_is_better(const struct pb_metric *m);

/* "18.3%", "¥128.50", "12", "1.25", or "—" when undefined. */
void kpi_format_value(const struct pb_metric *m, bool defined, double value, char *out,
		      size_t size);
/* A rate (0..1) as a percentage with one decimal, "32.5%"; "—" when not defined. */
void kpi_format_rate(bool defined, double rate, char *out, size_t size);
/* "<20%", ">5%", "<20% >80%", or "" without thresholds. */
void kpi_format_threshold(const struct pb_metric *m, char *out, size_t size);
const char *kpi_status_name(enum kpi_status s);   /* "no data", "ok", "warn" (translated) */
const char *kpi_status_key(enum kpi_status s);    /* "no_data", "ok", "warn" */
const char *kpi_trend_key(enum kpi_trend t);      /* "none", "flat", "up", "down" */
const char *kpi_trend_arrow(enum kpi_trend t, bool ascii); /* "↑" "↓" "→" "" (or ^ v =) */
const char *kpi_health_key(enum kpi_health h);    /* "no_data", "good", "warn", "bad" */

/*
 * Sparkline of n values with ▁▂▃▄▅▆▇█ (or ASCII "_.-=+*#@" when ascii), scaled
 * between the smallest and largest defined value; undefined values are gaps
 * (a space). New string.
 */
char *kpi_sparkline(const double *values, const bool *defined, size_t n, bool ascii);

/* Per-day metric values over [from, to] (to - from + 1 entries) for a group. */
int kpi_series(struct db *db, const struct playbook *pb, int64_t group_id,
	       const struct pb_metric *m, int from, int to, double *values, bool *defined,
	       char **cause);
/* The same for n metrics from one read: metric k's day d at values[k * days + d - from]. */
int kpi_series_many(struct db *db, const struct playbook *pb, int64_t group_id,
		    const struct pb_metric *const *m, size_t n, int from, int to, double *values,
		    bool *defined, char **cause);

/* ---- The report: every group, every metric of its playbook (model/kpi-report.c) ---- */

struct kpi_metric_result {
	const struct pb_metric *metric;
	bool defined;
	double value;           /* formula result over [from, to] */
	bool prev_defined;
	double prev;            /* over the previous window of equal length */
	enum kpi_status status;
	enum kpi_trend trend;
	bool in_stage;          /* one of the group's current stage's metrics */
	bool pdca;              /* one of the PDCA five */
	bool shown;             /* the group shows it (kpi_shown_metrics) */
};

struct kpi_group_report {
	struct group group;
	const struct playbook *pb;          /* the group's own playbook: metrics point into it */
	int age;                            /* days since creation: 0 on the creation day */
	const struct pb_stage *stage;       /* NULL if no stage covers the age */
	const struct pb_stage *next_stage;  /* NULL at the last stage */
	int days_to_next;                   /* -1 when there is no next stage */
	int stage_start;                    /* day number the current stage began */
	bool has_members;
	double members;                     /* latest stored "members" up to the window's end */
	struct kpi_metric_result *metrics;  /* every metric of pb, in playbook order */
	size_t n_metrics;
	size_t *shown;                      /* the metrics shown (kpi_shown_metrics): indexes */
	size_t n_shown;                     /* into metrics, in playbook order */
	enum kpi_health health;             /* from the metrics shown */
	size_t n_warn;
};

struct kpi_report {
	int today, from, to;                /* the window, inclusive */
	int prev_from, prev_to;
	struct kpi_group_report *groups;    /* by name */
	size_t n_groups;
};

/*
 * The window of the last days days ending yesterday: [today - days, today - 1].
 * Today's export does not exist yet; the dashboard, the CLI and kpi_advice all
 * use this window.
 */
void kpi_window_last(int today, int days, int *from, int *to);
/* The window of g's current stage as of today, ending yesterday like kpi_window_last
   (a stage that began today: just yesterday). */
void kpi_window_stage(const struct playbook *pb, const struct group *g, int today, int *from,
		      int *to);

/*
 * Build the report over [from, to] for every group (group_name NULL) or one
 * (unknown name: -1 with a cause), each group on its own playbook from set.
 * Stages are judged at today.
 */
int kpi_report_build(struct db *db, const struct playbook_set *set, int today, int from, int to,
		     const char *group_name, struct kpi_report *out, char **cause);
void kpi_report_free(struct kpi_report *r);
/*
 * One playbook's metrics summed over some groups' counters (a review's KPI section):
 * each metric over those groups' (group, day) cells in the report's window and the one
 * before, as kpi_metric_eval over kpi_sums_load's sums of those groups would give.
 */
struct kpi_total {
	bool defined, prev_defined;
	double value, prev;
};
struct kpi_totals {
	const struct playbook *pb;    /* whose metrics */
	const int64_t *ids;           /* the groups summed (among the report's) */
	size_t n_ids;
	struct kpi_total *metrics;    /* made by the build: by pb's metric index; free() */
};
/* kpi_report_build, and t's sums from the same read of the counters. */
int kpi_report_build_totals(struct db *db, const struct playbook_set *set, int today, int from,
			    int to, const char *group_name, struct kpi_totals *t,
			    struct kpi_report *out, char **cause);
/*
 * One report per group, out[i] over its own window [from[i], to[i]] (the KPI
 * tab's stage window differs by group), as kpi_report_build would give for
 * groups[i] alone, but from one query over every group's counters: a fixed
 * number of statements whatever n is. out has n entries; free each.
 */
int kpi_reports_build(struct db *db, const struct playbook_set *set, int today,
		      const struct group *groups, size_t n, const int *from, const int *to,
		      struct kpi_report *out, char **cause);
/* The result for metric key in a group's report, or NULL. */
const struct kpi_metric_result *kpi_group_metric(const struct kpi_group_report *g,
						 const char *key);

/* ---- Advice: what to change, for the Today view (model/kpi-advice.c) ---- */

struct kpi_advice {
	const struct pb_metric *metric;     /* points into pb */
	double value;                       /* display units */
	char *text;                         /* "内容打开率 (open rate) 12.0% <20%: 调整推送时间与标题" */
	double formula;                     /* the formula's result (value before display units) */
};

/* What to do about metric m at value (formula result) when it warns: the playbook's
   advice, or to check the counters when the value is impossible. */
const char *kpi_advice_text(const struct pb_metric *m, double value);

/* The days kpi_advice looks at: the default window of the dashboard and `sopdeck kpi`. */
#define KPI_ADVICE_DAYS 7

/*
 * For group_id on day, with pb its own playbook (playbook_set_for): the metrics
 * it shows (kpi_shown_metrics), over the 7 days before day
 * (kpi_window_last(day, KPI_ADVICE_DAYS): day-7 .. day-1, the same as the
 * dashboard's 7-day window), that are below (or above) their threshold, each
 * with the playbook's advice. *n may be 0.
 */
int kpi_advice(struct db *db, const struct playbook *pb, int64_t group_id, int day,
	       struct kpi_advice **out, size_t *n, char **cause);
/* The same for a group at hand (no lookup). */
int kpi_advice_group(struct db *db, const struct playbook *pb, const struct group *g, int day,
		     struct kpi_advice **out, size_t *n, char **cause);
void kpi_advice_free(struct kpi_advice *a, size_t n);

/* One group's advice. */
struct kpi_advice_list {
	struct kpi_advice *items;
	size_t n;
	bool fresh;                         /* worked out from the counters, not the memo */
};
/*
 * kpi_advice for every group in groups at once, each on its own playbook from
 * set (*out has n lists, in the same order), from one pass over the counters:
 * the checklist of 500 groups runs the same few statements as that of one.
 * Groups whose advice for day is kept (kpi_advice_memo) read it instead.
 */
int kpi_advice_groups(struct db *db, const struct playbook_set *set, int day,
		      const struct group *groups, size_t n, struct kpi_advice_list **out,
		      char **cause);
void kpi_advice_lists_free(struct kpi_advice_list *l, size_t n);
/*
 * kpi_advice_groups with the texts of groups [0, with_text) only: the other groups'
 * items have text NULL (their metric, value and formula as ever) until
 * kpi_advice_texts makes them. A screen's first frame shows a few groups' advice.
 */
int kpi_advice_groups_first(struct db *db, const struct playbook_set *set, int day,
			    const struct group *groups, size_t n, size_t with_text,
			    struct kpi_advice_list **out, char **cause);
/* The texts still missing in lists [from, n) of kpi_advice_groups_first: pure. */
void kpi_advice_texts(struct kpi_advice_list *lists, size_t from, size_t n);
/*
 * Keep the fresh lists of kpi_advice_groups (groups[i]'s in lists[i]) as the
 * groups' advice for day, in one transaction: nothing when another connection
 * has written since data_version (db_data_version before the lists' first read).
 * Not from a screen's first frame: it writes.
 */
int kpi_advice_memo_save(struct db *db, const struct playbook_set *set, int day,
			 const struct group *groups, const struct kpi_advice_list *lists, size_t n,
			 int64_t data_version, char **cause);
/* Every listed group's advice for day worked out and kept, inside the caller's transaction. */
int kpi_advice_memo_fill(struct db *db, const struct playbook_set *set, int day, char **cause);

/* ---- SOP versions: each metric 30 days before vs after each version (model/kpi-versions.c) ---- */

struct kpi_version_metric {
	const struct pb_metric *metric;
	bool before_defined, after_defined;
	double before, after;               /* formula results */
	bool has_change;
	double change;                      /* relative: after / before - 1 (0.18 = +18%) */
};

struct kpi_version_effect {
	char *version, *note, *imported_at;
	int day;                            /* the import's day */
	struct kpi_version_metric *metrics; /* every metric of pb */
	size_t n_metrics;
};

/* "18.0% → 21.2% (+18%)": before, after and the change when there is one; false (and "")
   when neither side has numbers, a metric to leave out. */
bool kpi_format_change(const struct kpi_version_metric *m, char *out, size_t size);

/* pb's versions (those stored under its name), newest first; over every group (group_id 0) or one. */
int kpi_versions(struct db *db, const struct playbook *pb, int64_t group_id, int today,
		 struct kpi_version_effect **out, size_t *n, char **cause);
void kpi_versions_free(struct kpi_version_effect *v, size_t n);

/* ---- Content effect report (内容效果报表, model/kpi-effect.c) ---- */

struct kpi_content_row {
	int64_t content_id;
	char *title;
	size_t posts;                       /* calendar slots with this content, up to today */
	bool open_defined, interact_defined;
	/* The group-day's rates, not the item's own (the CSV has no per-item counters): */
	double open_rate;                   /* opens / delivered on its group/days (当天群打开率) */
	double interact_rate;               /* speakers / members on its group/days (当天群发言率) */
	bool retire;                        /* in the bottom 20%, strictly worse than the cut */
	size_t position;                    /* its line in the whole report, from 1 */
};

/*
 * Posted content (calendar slots on or before today within the last days days)
 * ranked best first by open rate, then interaction rate (open_rate and
 * speaker_rate over its group/days, each group/day once and only where the
 * formula's counters are all known). Each group/day is counted by its group's
 * own playbook in set (issue 11): playbooks with the same two formulas pool
 * their group/days into one ratio of sums; where the formulas differ, each
 * playbook's rate over its own group/days, weighted by those group/days. Of
 * those with numbers, the bottom 20% are marked for retirement, but only those
 * strictly worse than the lowest one kept: items posted in one group on one day
 * share its numbers, and a tie at the cut keeps them all rather than letting
 * the id decide. Works before the calendar exists: *n = 0.
 */
int kpi_content_report(struct db *db, const struct playbook_set *set, int today, int days,
		       struct kpi_content_row **out, size_t *n, char **cause);
/* One line of the report (its title only valid during the call). */
typedef void kpi_content_line_fn(void *ctx, const struct kpi_content_row *row);
/*
 * The same report's lines handed to fn one at a time, in order, with nothing to free: what
 * `kpi --content` prints, without a copy of 35,000 lines and titles in fresh memory.
 */
int kpi_content_report_each(struct db *db, const struct playbook_set *set, int today, int days,
			    kpi_content_line_fn *fn, void *ctx, char **cause);
/*
 * The last KPI_CONTENT_RANK_DAYS days' report a screen at a time (the console): its shape,
 * *total lines and the items to retire at positions [*retire_from, *retire_to] (a run at
 * the end of those with numbers; 0, 0 when none), and its lines at positions [from, to]
 * with titles. Kept, both read through indexes: nothing grows with the lines not shown.
 */
int kpi_content_report_shape(struct db *db, const struct playbook_set *set, int today,
			     size_t *total, size_t *retire_from, size_t *retire_to, char **cause);
int kpi_content_report_lines(struct db *db, const struct playbook_set *set, int today,
			     size_t from, size_t to, struct kpi_content_row **out, size_t *n,
			     char **cause);
void kpi_content_report_free(struct kpi_content_row *rows, size_t n);

/* The window content is ranked over for kpi_content_performance. */
#define KPI_CONTENT_RANK_DAYS 30

/* How one item performed (the Library's detail pane, `content --json`). */
struct kpi_content_perf {
	int64_t content_id;
	size_t posts;                       /* posted slots up to today; 0 = never posted */
	bool open_defined, interact_defined;
	double open_rate, interact_rate;    /* as in the report, over every posted group/day */
	size_t rank;                        /* 1 = best in kpi_content_report over the last
					       KPI_CONTENT_RANK_DAYS days, ties share a rank
					       (1, 2, 2, 4); 0 = not ranked */
	size_t ranked;                      /* how many are ranked (those with an open rate) */
	bool retire;                        /* in the bottom 20% of that ranking */
};

/*
 * The performance of one item: its posted slots up to today (planned ones do
 * not count), open_rate and speaker_rate over the counters of their groups on
 * their days, each group by its own playbook (as in kpi_content_report;
 * undefined without counters), and
 * its rank in kpi_content_report. An item never posted: posts 0, all undefined.
 */
int kpi_content_performance(struct db *db, const struct playbook_set *set, int64_t content_id,
			    int today, struct kpi_content_perf *out, char **cause);
/*
 * The same for n items at once (a page of `content --json`): out[i] is ids[i]'s.
 * A fixed number of statements whatever n. Every posted item's performance and
 * 30-day rank are computed once and stored (table content_perf) until the data
 * they depend on, today or the formulas change; then the next call computes them
 * again, once, for every command after it (in memory only when the file cannot be
 * written). The Library's cursor moves and a page of `content --json` read rows.
 */
int kpi_content_performance_list(struct db *db, const struct playbook_set *set, int today,
				 const int64_t *ids, size_t n, struct kpi_content_perf *out,
				 char **cause);
/* The same for every posted item at once, sorted by content id (free *out). */
int kpi_content_performance_all(struct db *db, const struct playbook_set *set, int today,
				struct kpi_content_perf **out, size_t *n, char **cause);
/*
 * Is today's performance in the table content_perf (computed and stored first when
 * stale), for a reader to join to the items it reads? 1 yes (*ranked: how many are
 * ranked), 0 no (in memory only: the file cannot be written; use the calls above),
 * -1 error.
 */
int kpi_content_perf_stored(struct db *db, const struct playbook_set *set, int today,
			    size_t *ranked, char **cause);
/* The entry of content_id in a list from kpi_content_performance_all, or NULL. */
const struct kpi_content_perf *kpi_content_perf_find(const struct kpi_content_perf *perf,
						     size_t n, int64_t content_id);

/* ---- Demo ---- */

/*
 * Sixty days of plausible counters per group up to yesterday, with some
 * metrics below threshold so advice shows. One transaction.
 */
int kpi_demo_populate(struct db *db, int today, const char *operator, char **cause);

#endif
