/*
 * The content library (素材库): every piece of content the SOP pushes, with
 * category, zone, form, style, tags and date; filtered, searched (Chinese
 * substrings of any length) and paged by keyset so that a view only ever asks
 * for the rows it shows. Import/export as CSV or YAML (FORMATS.md).
 */
#ifndef SOPDECK_CONTENT_H
#define SOPDECK_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct db;
struct playbook;

/* Limits against hostile input. */
#define CONTENT_MAX_IMPORT_BYTES (64u << 20)  /* a YAML file; CSV is streamed */
#define CONTENT_MAX_TAGS 64

struct content_item {
	int64_t id;          /* 0 for an item not stored yet */
	char *title;
	char *category;      /* playbook category key, "" = none */
	char *zone;          /* knowledge | visual | campaign | ugc | "" */
	char *form;          /* text | video | voice | live | qa | "" */
	char *style, *source, *body;
	int date;            /* day number */
	char **tags;         /* normalised, unique, in the order given */
	size_t n_tags;
	char *created_at, *updated_at;
};

/* Every field is optional: NULL / 0 / DATE_INVALID means "any". They all combine. */
struct content_filter {
	const char *const *tags;  /* all must be present, exact match (育儿 ≠ 育儿干货) */
	size_t n_tags;
	const char *category;     /* key */
	const char *zone;         /* key */
	const char *form;         /* key */
	int from, to;             /* inclusive day numbers; DATE_INVALID = open */
	/* Words (space separated), each a substring of title, tags or body, of any
	   length (育, 误区, 夜醒怎么办), found through the index; full-width forms
	   and ASCII case folded on both sides (怎么办？ finds 怎么办?, ｑ&ａ finds Q&A). */
	const char *search;
	bool archived;            /* archived items only (else the library: none archived) */
};

/* A filter that matches everything (dates open). */
void content_filter_init(struct content_filter *f);

enum content_sort {
	CONTENT_SORT_DATE,   /* newest first, then id descending */
	CONTENT_SORT_TITLE,  /* title ascending by COLLATE PINYIN (collate.h), then id */
};

/* A position in a sorted list: the key of the row just before (or after) the page. */
struct content_cursor {
	int date;
	const char *title;
	int64_t id;
};
/* The cursor at item (points into it). */
struct content_cursor content_cursor_at(const struct content_item *it);

/*
 * One page of at most limit items in sort order, strictly after the cursor
 * (after NULL = from the start). With backward set, the page ends strictly
 * before the cursor instead (still returned in sort order): paging up.
 */
int content_query(struct db *db, const struct content_filter *f, enum content_sort sort,
		  const struct content_cursor *cursor, bool backward, size_t limit,
		  struct content_item **out, size_t *n, char **cause);
/*
 * fn gets each item in turn and returns 0 to go on, 1 to stop, -1 to stop on
 * an error (with *cause set). It may keep the item's strings by taking the
 * struct and zeroing it; whatever is left is freed after the call.
 */
typedef int content_each_fn(struct content_item *it, void *ctx, char **cause);
/*
 * Every match in sort order after the cursor (NULL = from the start), at most
 * limit (0 = all), handed to fn as each row is read: one statement, nothing
 * held but the current row, for output that streams (`content --json`).
 */
int content_each(struct db *db, const struct content_filter *f, enum content_sort sort,
		 const struct content_cursor *cursor, size_t limit, content_each_fn *fn, void *ctx,
		 char **cause);
/*
 * What one line of `content`'s text output prints, as stored: the strings are
 * valid during the call only (the date as its YYYY-MM-DD text, tags joined by ';').
 * zone, style, source and body are read by content_each_full only ("" otherwise).
 */
/* An item's row of content_perf (kpi.h's struct kpi_content_perf, as stored). */
struct content_line_perf {
	bool has;  /* false: the item has no row (never posted) */
	bool open_defined, interact_defined, retire;
	int64_t posts, rank;  /* rank 0 = not ranked */
	double open_rate, interact_rate;
};
struct content_line {
	int64_t id;
	const char *date, *category, *form, *title, *tags;
	const char *zone, *style, *source, *body;
	size_t body_len;  /* strlen(body) */
	struct content_line_perf perf;  /* content_each_perf only, else all zero */
	/* How many rows the call hands out in all when that is known before the first
	   (the whole list, read and sorted), else 0. */
	size_t rows;
};
/* fn returns as content_each_fn does: 0 go on, 1 stop, -1 stop on an error. */
typedef int content_line_fn(const struct content_line *l, void *ctx, char **cause);
/*
 * content_each for text output: the printed columns only (no body, no copies).
 * Without a limit the matches are read and sorted instead of walking the sort's
 * index (the whole list is cheaper that way); the order is the same.
 */
int content_each_line(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause);
/*
 * content_each_line with every column `content --json` prints (the body too, not
 * the stamps): no item allocated per row; the whole list read and sorted likewise.
 */
int content_each_full(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause);
/*
 * content_each_full with each item's stored performance joined (struct
 * content_line_perf): for when kpi_content_perf_stored says the table is today's.
 */
int content_each_perf(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause);
/* The columns a rendered listing reads: content_each_line's, content_each_full's or
   content_each_perf's. */
enum content_columns { CONTENT_COLUMNS_LINE, CONTENT_COLUMNS_FULL, CONTENT_COLUMNS_PERF };
struct buf;
/* Appends one row's text to out, while its strings are SQLite's (rows come in read
   order, not the listing's; l->rows is 0). */
typedef void content_render_fn(const struct content_line *l, void *ctx, struct buf *out);
/*
 * One row's rendered text, in the listing's order: 0 go on, -1 stop on an error. The texts
 * stay where they are until content_render returns, so that emit may hold them and write
 * many at once; once every row has been handed out, emit(NULL, 0) says so (write them).
 */
typedef int content_emit_fn(const char *text, size_t len, void *ctx, char **cause);
/*
 * The whole list newest first (the rows content_each_line/full/perf give without a limit,
 * by date, in the same order), each row formatted once, as it is read: the texts are held
 * and sorted, not the columns, so each string is scanned once while it is in the cache.
 */
int content_render(struct db *db, const struct content_filter *f,
		   const struct content_cursor *cursor, enum content_columns cols,
		   content_render_fn *render, content_emit_fn *emit, void *ctx, char **cause);
/* The exact number of matches (a full count: exports and tests; headers use _upto). */
int content_count(struct db *db, const struct content_filter *f, size_t *n, char **cause);
/*
 * The count for a list header, read no further than cap + 1 matches whatever
 * the filter: past cap, *n is cap and *more is set ("1000+"). cap 0 = exact.
 */
int content_count_upto(struct db *db, const struct content_filter *f, size_t cap, size_t *n,
		       bool *more, char **cause);

/* A facet: a tag or a category key, with how many items of the current filter have it. */
struct content_facet {
	char *value;
	size_t count;
};
/* Tag counts, most frequent first (at most limit; 0 = all). */
int content_facet_tags(struct db *db, const struct content_filter *f, size_t limit,
		       struct content_facet **out, size_t *n, char **cause);
/* Category counts ("" = uncategorised), most frequent first. */
int content_facet_categories(struct db *db, const struct content_filter *f,
			     struct content_facet **out, size_t *n, char **cause);
void content_facets_free(struct content_facet *f, size_t n);

/* One item by id (a lookup): 0 found, 1 absent (*cause untouched), -1 error with cause. */
int content_get(struct db *db, int64_t id, struct content_item *out, char **cause);
/* The item must exist: 0 found, -1 with "no content item N" or the error's cause. */
int content_require(struct db *db, int64_t id, struct content_item *out, char **cause);
/* Validate and store item (one transaction, audited); sets item->id. */
int content_add(struct db *db, struct content_item *item, const char *operator, char **cause);
/* Replace the stored item->id with item (one transaction, audited). */
int content_update(struct db *db, const struct content_item *item, const char *operator,
		   char **cause);
/*
 * Delete an item (one transaction, audited). Its calendar slots from today on
 * (the workspace's day) that are not posted are emptied in the same
 * transaction; *unscheduled (if not NULL) gets how many. Past slots, posted or
 * not, are history and stay: an item that keeps any slot (past, or posted) is
 * archived instead, so those slots and its KPI history keep it, and it leaves
 * the library lists; *archived (if not NULL) says which it was.
 * content_delete_on takes the day that counts as today (--today);
 * content_delete is it on date_today().
 */
int content_delete(struct db *db, int64_t id, const char *operator, size_t *unscheduled,
		   bool *archived, char **cause);
int content_delete_on(struct db *db, int64_t id, int today, const char *operator,
		      size_t *unscheduled, bool *archived, char **cause);

void content_item_clear(struct content_item *it);
void content_items_free(struct content_item *items, size_t n);
/* A deep copy. */
void content_item_copy(struct content_item *dst, const struct content_item *src);

/* Where an item is scheduled: from the calendar's `slot` table once it exists. */
struct content_use {
	int64_t group_id;
	char *group_name;    /* "" if the group is gone */
	int day;             /* day number */
	int at;              /* minutes since midnight, -1 if none */
};
int content_usage(struct db *db, int64_t id, struct content_use **out, size_t *n,
		  char **cause);
void content_usage_free(struct content_use *u, size_t n);

/*
 * The item's slots a delete on `today` would empty (from today on, not posted: past ones
 * are history and stay), by day (model/content-archive.c);
 * content_archive hides (archive true) or brings back an item; slots stay.
 */
int content_pending_slots(struct db *db, int64_t id, int today, struct content_use **out,
			  size_t *n, char **cause);
int content_archive(struct db *db, int64_t id, bool archive, const char *operator,
		    char **cause);

/*
 * The mix check: per playbook category, items used in the 30 days ending
 * today (scheduled in the calendar once it exists, else by item date) against
 * the target share. share is a percent of all used items (0 when none).
 */
struct content_mix {
	const char *key, *name;  /* point into the playbook */
	int target;              /* percent */
	size_t used;
	double share;            /* percent */
};
int content_mix(struct db *db, const struct playbook *pb, int today, struct content_mix **out,
		size_t *n, size_t *total, char **cause);

/* ---- parsing helpers (pure) ---- */

/* "knowledge" or 知识干货区 ... into the key; NULL if unknown. "" stays "". */
const char *content_zone_parse(const char *s);
/* "text" or 图文/短图文/短视频/视频/语音/直播/问答/社群问答 ... into the key; NULL if unknown. */
const char *content_form_parse(const char *s);
/* Category key from key, name (促活型) or short name (促活); NULL if unknown. */
const char *content_category_parse(const struct playbook *pb, const char *s);
/* Chinese labels for display. */
const char *content_zone_name(const char *key);
const char *content_form_name(const char *key);
/* What the reader sees: the Chinese label, or the key in English mode. */
const char *content_zone_label(const char *key);
const char *content_form_label(const char *key);
/* All zone / form keys, NULL-terminated (for cycling in the console). */
extern const char *const content_zones[];
extern const char *const content_forms[];

/*
 * Split tags on ; , 、 ；， and normalise each (full-width folded, trimmed,
 * empty and duplicate tags dropped). Returns the count, at most CONTENT_MAX_TAGS + 1
 * (enough to refuse the item); *out is NULL-terminated.
 */
size_t content_tags_split(const char *s, char ***out);
void content_tags_free(char **tags, size_t n);

/*
 * The naming rule "202503 促活-育儿干货-图文": yyyymm category-topic-form.
 * Returns true when title follows it, with *day the first of that month,
 * *category the category word (促活) and *form the form key (NULL if the form
 * word is unknown). Caller frees *category.
 */
bool content_naming_rule(const char *title, int *day, char **category, const char **form);

/* "YYYY-MM-DD" or "YYYYMM" (first of the month); DATE_INVALID otherwise. */
int content_parse_date(const char *s);

/* ---- import / export ---- */

/*
 * Import a YAML list or a CSV file (by extension .csv; else YAML). One
 * transaction: on any error nothing is imported and the cause says file:line
 * (YAML file:line:col). An item with the same title and date as a stored one
 * replaces it. *count gets how many items were written.
 */
int content_import_file(struct db *db, const char *path, const char *operator, size_t *count,
			char **cause);
int content_import_text(struct db *db, const char *text, size_t len, const char *name,
			bool is_csv, const char *operator, size_t *count, char **cause);

enum content_format { CONTENT_CSV, CONTENT_YAML };
/* Export every item matching f (NULL = all), oldest first; CSV is UTF-8 with a BOM. */
int content_export(struct db *db, const struct content_filter *f, enum content_format fmt,
		   FILE *out, size_t *count, char **cause);

/* Fill the demo workspace's library from assets/demo-content.yaml (if it is empty). */
int content_demo_populate(struct db *db, int today, const char *operator, char **cause);

/*
 * The bodies of the items ids[0..n) in one query: (*bodies)[i] is ids[i]'s body,
 * "" for an item that no longer exists. Free each and the array.
 */
int content_bodies(struct db *db, const int64_t *ids, size_t n, char ***bodies, char **cause);

#endif
