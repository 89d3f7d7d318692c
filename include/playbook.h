/*
 * The playbook: the SOP as data (FORMATS.md). Parsed from YAML with libyaml,
 * every rule checked with file:line:column, then stored as a new version in
 * the database; the console and the command line load the newest version.
 */
#ifndef SOPDECK_PLAYBOOK_H
#define SOPDECK_PLAYBOOK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db;
struct formula;
struct group;

/* Limits against hostile input. */
#define PLAYBOOK_MAX_BYTES (4u << 20)   /* 4 MiB of YAML */
#define PLAYBOOK_MAX_ID 48              /* bytes in an action id */
#define PLAYBOOK_MAX_EVENTS 200000      /* parser events: stops alias bombs and huge input */

enum metric_unit { UNIT_PERCENT, UNIT_CURRENCY, UNIT_COUNT, UNIT_RATIO };

/* Group types (社群类型) as bits, so actions can filter on several. */
enum group_type { GROUP_PROMOTION = 0, GROUP_SEGMENTED = 1, GROUP_SERVICE = 2 };
#define GROUP_TYPE_COUNT 3

struct pb_category {
	char *key, *name;
	int share; /* target percent of the mix */
};

struct pb_counter {
	char *key;
	char **aliases;
	size_t n_aliases;
};

struct pb_metric {
	char *key, *name, *formula_text, *advice;
	char *name_en, *advice_en;  /* the name and advice in English, or NULL */
	struct formula *formula;
	enum metric_unit unit;
	bool has_warn_below, has_warn_above;
	double warn_below, warn_above; /* in display units: 20 means 20% for percent */
};

struct pb_stage {
	char *key, *name;
	char *name_en; /* the name in English (name_en), or NULL */
	int from_day;  /* inclusive: group age in days, creation day = 0 */
	int to_day;    /* exclusive; -1 = open end */
	char **metrics;
	size_t n_metrics;
};

/* How an action recurs. */
enum pb_every {
	EVERY_NONE,        /* only on_group_day / before_node */
	EVERY_WEEKDAYS,    /* weekdays mask: day, weekday, mon..sun */
	EVERY_MONTH_START,
	EVERY_MONTH_END,
	EVERY_MONTH_DAY,   /* month_day; clamped to the month's last day */
};

struct pb_action {
	char *id, *title;
	char *title_en;      /* the title in English (title_en), or NULL */
	char *category;      /* category key or NULL */
	char *template_key;  /* templates key or NULL */
	int at;              /* minutes since midnight, -1 = any time of day */
	enum pb_every every;
	unsigned weekdays;   /* bit 0 = Monday .. bit 6 = Sunday */
	int month_day;
	int group_day;       /* on_group_day: 1 = creation day; 0 = unused */
	char *before_node;   /* node name or NULL */
	int days_before[8];  /* due on the node's date minus each of these */
	size_t n_days_before;
	char **stages;       /* filter: stage keys; none = every stage */
	size_t n_stages;
	unsigned group_types;/* filter: bits of enum group_type; 0 = every type */
};

struct pb_node {
	char *name;
	int month, day;      /* yearly fixed date ("03-08"), or 0 */
	int monthly_day;     /* every month on this day ("monthly: 18"), or 0 */
	int *dates;          /* explicit day numbers ("dates:" list), sorted */
	size_t n_dates;
	int lunar_month, lunar_day; /* a lunar date ("lunar: 08-15", any year), or 0 */
	int offset;          /* days from the lunar date (除夕: 01-01, -1) */
	int lead_days;       /* plan this many days ahead (calendar flags) */
};

struct pb_template {
	char *key, *body;
};

struct playbook {
	int64_t version_id;  /* row in playbook_version; 0 if not stored */
	char *name, *version, *note;
	struct pb_category *categories;  size_t n_categories;
	struct pb_counter *counters;     size_t n_counters;
	struct pb_metric *metrics;       size_t n_metrics;
	struct pb_stage *stages;         size_t n_stages;
	struct pb_action *actions;       size_t n_actions;
	struct pb_node *nodes;           size_t n_nodes;
	struct pb_template *templates;   size_t n_templates;
};

/* Parse YAML text; filename is used in messages ("file:line:col: ..."). */
int playbook_parse(const char *text, size_t len, const char *filename, struct playbook **out,
		   char **cause);
int playbook_parse_file(const char *path, struct playbook **out, char **cause);
void playbook_free(struct playbook *pb);

/* The default playbook compiled into the binary (assets/playbook.yaml). */
const char *playbook_builtin_text(size_t *len);

/*
 * Store pb as a new version (one transaction), keeping yaml_text and the note
 * forever. Sets pb->version_id.
 */
int playbook_store(struct db *db, struct playbook *pb, const char *yaml_text,
		   const char *source, const char *operator, char **cause);
/* The same inside the caller's transaction (a change that stores a version among others). */
int playbook_store_locked(struct db *db, struct playbook *pb, const char *yaml_text,
			  const char *source, const char *operator, char **cause);
/*
 * A workspace holds several playbooks (one per business line), told apart by
 * name, each with its versions. Load the newest version of the default one
 * (`playbook default NAME`, else the one imported most recently).
 */
int playbook_load_active(struct db *db, struct playbook **out, char **cause);
/* The newest version of the playbook called name (NULL = the default). */
int playbook_load_named(struct db *db, const char *name, struct playbook **out, char **cause);
/* The playbook group g runs on (its own, else the default). */
struct group;
int playbook_load_for_group(struct db *db, const struct group *g, struct playbook **out,
			    char **cause);
/* Does the workspace hold a playbook called name? A lookup: 0 yes, 1 no, -1 error. */
int playbook_find_name(struct db *db, const char *name, char **cause);
/* The default playbook's name (malloc'd). */
int playbook_default_name(struct db *db, char **name, char **cause);

/*
 * Every playbook of the workspace (the newest version of each name), loaded
 * once so that each group can run on its own without a load per group.
 * fallback is the default one (`playbook default`, else the newest import).
 */
struct playbook_set {
	struct playbook **pbs;       /* newest import first */
	size_t n;
	struct playbook *fallback;   /* the default; never NULL once loaded */
};
int playbook_set_load(struct db *db, struct playbook_set **out, char **cause);
/* The playbook called name (NULL or "" = the default); NULL when there is none. */
struct playbook *playbook_set_named(const struct playbook_set *set, const char *name);
/* The playbook group g runs on: its own, else the default. Never NULL. */
struct playbook *playbook_set_for(const struct playbook_set *set, const struct group *g);
void playbook_set_free(struct playbook_set *set);

/* Lookups; NULL when absent. */
const struct pb_stage *playbook_stage_for_age(const struct playbook *pb, int age_days);
/* A stage's name as shown: name_en in English mode when given, else name; none for NULL. */
const char *playbook_stage_name(const struct pb_stage *st, const char *none);
const struct pb_stage *playbook_stage(const struct playbook *pb, const char *key);
const struct pb_metric *playbook_metric(const struct playbook *pb, const char *key);
const struct pb_counter *playbook_counter(const struct playbook *pb, const char *key_or_alias);
const struct pb_category *playbook_category(const struct playbook *pb, const char *key_or_name);
const struct pb_template *playbook_template(const struct playbook *pb, const char *key);
/*
 * A text to be filled as action a's template (an A/B copy): 0 when every placeholder is
 * known and never empty for a (or has a default), else -1 with cause naming it, so no raw
 * {placeholder} reaches customers (the loader's rule for templates).
 */
int playbook_check_text(const struct playbook *pb, const struct pb_action *a, const char *body,
			char **cause);
const struct pb_node *playbook_node(const struct playbook *pb, const char *name);
const struct pb_action *playbook_action(const struct playbook *pb, const char *id);

/* The first day >= from on which node falls, or DATE_INVALID if none within ~2 years. */
int playbook_node_next(const struct pb_node *node, int from);

/*
 * The due rule: is action a due for group g on day (its types, stages,
 * recurrence, group day and node countdown)? Pure: no database. When due
 * through a node countdown, *node_days (if not NULL) gets the days left.
 */
bool playbook_action_due(const struct playbook *pb, const struct pb_action *a,
			 const struct group *g, int day, int *node_days);
/*
 * The due rule in its two halves, due when both hold: what depends on the day
 * only (recurrence, node countdown; *node_days as above), asked once per action
 * for all groups, and what depends on the group (creation, type, stage, group day).
 */
bool playbook_action_due_day(const struct playbook *pb, const struct pb_action *a, int day,
			     int *node_days);
bool playbook_action_due_group(const struct playbook *pb, const struct pb_action *a,
			       const struct group *g, int day);

/* Version history, newest first. */
struct pb_version_info {
	int64_t id;
	char *name, *version, *note, *source, *imported_at, *imported_by;
};
int playbook_versions(struct db *db, struct pb_version_info **out, size_t *n, char **cause);
void playbook_versions_free(struct pb_version_info *v, size_t n);

/* One playbook (business line) of the workspace: its versions and how many groups run on it. */
struct pb_lineage {
	char *name;
	struct pb_version_info *versions; /* newest first */
	size_t n_versions;
	long groups;                      /* groups (not archived) on it, the default's included */
	bool is_default;
};
/* Every playbook of the workspace, by name. */
int playbook_lineages(struct db *db, struct pb_lineage **out, size_t *n, char **cause);
void playbook_lineages_free(struct pb_lineage *v, size_t n);
/* Make name the workspace's default playbook (audited); -1 if there is none of that name. */
int playbook_set_default(struct db *db, const char *name, const char *operator, char **cause);

const char *metric_unit_name(enum metric_unit u);

#endif
