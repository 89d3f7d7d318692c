/*
 * A/B tests of an action's copy or time slot (the "Do" of the SOP's PDCA).
 * In every group of a test the days alternate A, B, A, B from the first day,
 * so each group is its own control and weekday effects fall on both arms.
 * A test's standing is its metric as a ratio of sums over each arm's
 * group-days, compared with a two-proportion z-test at 95%.
 */
#ifndef SOPDECK_AB_H
#define SOPDECK_AB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct playbook;
struct playbook_set;
struct pb_metric;

enum ab_kind { AB_COPY, AB_TIME };

struct ab_test {
	int64_t id;
	char *name, *action_id, *metric;
	enum ab_kind kind;
	char *arm[2];          /* the copy texts, or "HH:MM" */
	int from;              /* first day (arm A) */
	int days;              /* planned length */
	int end;               /* last day it runs: from + days - 1, or the day before it stopped */
	bool stopped;
	char *adopted;         /* "A", "B" or "" */
	char *created_by;
	int64_t *groups;       /* the groups in the test */
	char **group_names;
	size_t n_groups;
	/* The playbook its groups run on ("" = the default): a test belongs to one. */
	char *playbook;
};

/* A new test, as `sopdeck ab new` takes it; groups NULL = every group on the default playbook. */
struct ab_spec {
	const char *name, *action_id, *metric;
	enum ab_kind kind;
	const char *arm[2];
	const char *const *groups;
	size_t n_groups;
	int from, days;
};

/* The arm (0 = A, 1 = B) a test gives day, or -1 outside the days it runs. */
int ab_arm_on(const struct ab_test *t, int day);

/*
 * Create a test: its groups must run on one playbook (a test belongs to one;
 * set gives each group's), the action and metric must exist in it, the metric
 * must be a proportion ("a / b" of two counters) so the arms can be compared,
 * a copy test needs two different texts, a time test two different HH:MM,
 * and no other running test may cover the same action in the same group on
 * overlapping days. One transaction, audited.
 */
int ab_create(struct db *db, const struct playbook_set *set, const struct ab_spec *spec,
	      const char *operator, char **cause);
/* The playbook test t belongs to (that of its groups), from set. Never NULL. */
const struct playbook *ab_test_playbook(const struct playbook_set *set, const struct ab_test *t);

/* Every test, newest first (running ones first). */
int ab_list(struct db *db, struct ab_test **out, size_t *n, char **cause);
/* One by name: 0 found, 1 absent, -1 error. */
int ab_find(struct db *db, const char *name, struct ab_test *out, char **cause);
void ab_test_clear(struct ab_test *t);
void ab_list_free(struct ab_test *t, size_t n);

/*
 * What the tests running on day change, for every group at once (one query):
 * each entry is an action of a group whose copy or time the arm of the day
 * replaces. The checklist, the calendar and the action's text apply them.
 */
struct ab_override {
	int64_t group_id;
	const char *action_id;  /* points into the owning ab_overrides */
	enum ab_kind kind;
	const char *copy;       /* AB_COPY: the text to post */
	int at;                 /* AB_TIME: minutes since midnight */
	const char *test;       /* the test's name */
	int arm;                /* 0 = A, 1 = B */
};
struct ab_overrides {
	struct ab_override *items;
	size_t n;
	struct ab_test *tests;  /* owns the strings */
	size_t n_tests;
};
int ab_overrides_for_day(struct db *db, int day, struct ab_overrides *out, char **cause);
/* The override for (group, action) or NULL. */
const struct ab_override *ab_override_find(const struct ab_overrides *o, int64_t group_id,
					   const char *action_id);
void ab_overrides_free(struct ab_overrides *o);

/* Per arm: the measured metric and the comparison. */
struct ab_arm_result {
	int group_days;         /* cells with both counters of the metric known */
	double num, den;        /* the metric's numerator and denominator summed */
	bool defined;
	double value;           /* num / den */
};
struct ab_standing {
	struct ab_arm_result arm[2];
	bool comparable;        /* both arms defined */
	double diff;            /* B - A in the metric's display units (percentage points) */
	double z;
	bool significant;       /* |z| >= 1.96 */
	char winner;            /* 'A', 'B' or 0 when not significant */
	int more_group_days;    /* per arm, to detect the observed difference (80% power); -1 if unknown */
	int measured_to;        /* last day counted: min(end, today - 1) */
};
/* The standing of t at today (days up to yesterday count: today's counters come tomorrow). */
int ab_standing(struct db *db, const struct playbook *pb, const struct ab_test *t, int today,
		struct ab_standing *out, char **cause);

/* The verdict in one line, "B 胜出：B−A +4.2 个百分点，显著 (95%, z=2.31)" or what is missing (new string). */
char *ab_verdict(const struct pb_metric *m, const struct ab_standing *s);

/* Stop a running test at today (the days before today count). Audited. */
int ab_stop(struct db *db, const char *name, int today, const char *operator, char **cause);

/*
 * Adopt arm (0 = A, 1 = B): write the winner into the test's playbook (from
 * set: the one its groups run on) as a new version (the action's template
 * text, or its time) whose note states the measured effect, and mark the test
 * adopted and stopped: one transaction. *note_out (may be NULL) gets the note.
 */
int ab_adopt(struct db *db, const struct playbook_set *set, const char *name, int arm, int today,
	     const char *operator, char **note_out, char **cause);

#endif
