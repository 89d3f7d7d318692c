/* Groups (社群): listing, lookup, and import from YAML or CSV in one transaction. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "csv.h"
#include "dates.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "text.h"
#include "util.h"
#include "yaml-check.h"

#define GROUP_FILE_MAX_BYTES (8u << 20)
/* A team runs dozens of groups; a file of more is a wrong file, refused early. */
#define GROUP_IMPORT_MAX 10000
/* Ten thousand groups of six keys is under 150,000 events: more is no group file. */
#define GROUP_YAML_MAX_EVENTS 400000

/* The fields of a group file, with the names a header or key may use. */
enum group_field {
	F_NAME, F_PLATFORM, F_TYPE, F_CREATED, F_OWNER, F_POSITIONING, F_PLAYBOOK, F_COUNT
};

static const char *const field_names[F_COUNT][5] = {
	[F_NAME] = {"name", "群名", "群名称", "社群名称", NULL},
	[F_PLATFORM] = {"platform", "平台", NULL},
	[F_TYPE] = {"type", "类型", "社群类型", "群类型", NULL},
	[F_CREATED] = {"created", "创建日期", "建群日期", NULL},
	[F_OWNER] = {"owner", "群主", NULL},
	[F_POSITIONING] = {"positioning", "定位", "社群定位", NULL},
	[F_PLAYBOOK] = {"playbook", "SOP", "业务线", NULL},
};

static const bool field_required[F_COUNT] = {
	[F_NAME] = true, [F_PLATFORM] = true, [F_TYPE] = true, [F_CREATED] = true,
};

/* A word a file may use for a platform or a group type, and its value. */
struct group_word {
	const char *word;
	int value;
};

static const struct group_word platform_words[] = {
	{"wecom", PLATFORM_WECOM}, {"企业微信", PLATFORM_WECOM}, {"企微", PLATFORM_WECOM},
	{"wechat", PLATFORM_WECHAT}, {"个人微信", PLATFORM_WECHAT}, {"微信", PLATFORM_WECHAT},
}, type_words[] = {
	{"promotion", GROUP_PROMOTION}, {"群发推广型", GROUP_PROMOTION}, {"推广型", GROUP_PROMOTION},
	{"segmented", GROUP_SEGMENTED}, {"精细化运营型", GROUP_SEGMENTED},
	{"精细化型", GROUP_SEGMENTED},
	{"service", GROUP_SERVICE}, {"客户服务型", GROUP_SERVICE}, {"服务型", GROUP_SERVICE},
};

/* s trimmed and matched case-blind against the table's words: its value, or -1. */
static int group_word_parse(const struct group_word *words, size_t n, const char *s)
{
	if (!s)
		return -1;
	char *t = text_trim(xstrdup(s));
	int v = -1;
	for (size_t i = 0; i < n && v < 0; i++)
		if (strcasecmp(t, words[i].word) == 0)
			v = words[i].value;
	free(t);
	return v;
}

int group_platform_parse(const char *s)
{
	return group_word_parse(platform_words, ARRAY_LEN(platform_words), s);
}

int group_type_parse(const char *s)
{
	return group_word_parse(type_words, ARRAY_LEN(type_words), s);
}

const char *group_platform_key(enum group_platform p)
{
	return p == PLATFORM_WECHAT ? "wechat" : "wecom";
}

const char *group_platform_name(enum group_platform p)
{
	return p == PLATFORM_WECHAT ? "个人微信" : "企业微信";
}

const char *group_type_key(enum group_type t)
{
	switch (t) {
	case GROUP_SEGMENTED: return "segmented";
	case GROUP_SERVICE: return "service";
	default: return "promotion";
	}
}

const char *group_type_name(enum group_type t)
{
	switch (t) {
	case GROUP_SEGMENTED: return "精细化运营型";
	case GROUP_SERVICE: return "客户服务型";
	default: return "群发推广型";
	}
}

int group_age(const struct group *g, int today)
{
	return today - g->created;
}

struct group group_copy(const struct group *g)
{
	struct group c = *g;
	c.name = xstrdup(g->name ? g->name : "");
	c.owner = xstrdup(g->owner ? g->owner : "");
	c.positioning = xstrdup(g->positioning ? g->positioning : "");
	c.playbook = xstrdup(g->playbook ? g->playbook : "");
	c.strings = NULL;  /* the copy's strings are its own four */
	return c;
}

void group_clear(struct group *g)
{
	if (g->strings) {
		free(g->strings);
	} else {
		free(g->name);
		free(g->owner);
		free(g->positioning);
		free(g->playbook);
	}
	memset(g, 0, sizeof *g);
}

/* A slot for id: Fibonacci hashing, so ids in a run spread over the table. */
static size_t group_ids_slot(const struct group_ids *t, int64_t id)
{
	return (size_t)(((uint64_t)id * 0x9E3779B97F4A7C15u) >> 32) & t->mask;
}

void group_ids_build(struct group_ids *t, const struct group *groups, size_t n)
{
	size_t cap = 16;
	while (cap < 2 * n)
		cap *= 2;
	t->groups = groups;
	t->mask = cap - 1;
	t->slot = xcalloc(cap, sizeof *t->slot);
	for (size_t i = 0; i < n; i++) {
		size_t k = group_ids_slot(t, groups[i].id);
		while (t->slot[k] && groups[t->slot[k] - 1].id != groups[i].id)
			k = (k + 1) & t->mask;
		if (!t->slot[k])
			t->slot[k] = i + 1;  /* a repeated id keeps its first group */
	}
}

size_t group_ids_find(const struct group_ids *t, int64_t id)
{
	for (size_t k = group_ids_slot(t, id); t->slot[k]; k = (k + 1) & t->mask)
		if (t->groups[t->slot[k] - 1].id == id)
			return t->slot[k] - 1;
	return SIZE_MAX;
}

void group_ids_free(struct group_ids *t)
{
	free(t->slot);
	t->slot = NULL;
}

void group_list_free(struct group *groups, size_t n)
{
	for (size_t i = 0; i < n; i++)
		group_clear(&groups[i]);
	free(groups);
}

#define GROUP_COLUMNS "id, name, platform, type, created, owner, positioning, archived, playbook"

/*
 * Fill g from a row selected with GROUP_COLUMNS. The columns hold the keys
 * (CHECK constraints of migration 001), read by comparison: parsing them as a
 * file's words (a copy, a trim, every synonym) was a third of listing 500 groups.
 */
static void group_from_row(sqlite3_stmt *st, struct group *g)
{
	g->id = sqlite3_column_int64(st, 0);
	g->platform = strcmp(db_col_text(st, 2), "wechat") == 0 ? PLATFORM_WECHAT : PLATFORM_WECOM;
	const char *type = db_col_text(st, 3);
	g->type = strcmp(type, "segmented") == 0 ? GROUP_SEGMENTED
		  : strcmp(type, "service") == 0 ? GROUP_SERVICE : GROUP_PROMOTION;
	g->created = date_parse(db_col_text(st, 4));
	g->archived = sqlite3_column_int(st, 7) != 0;
	/* Name, owner, positioning and playbook in one block (group_clear frees it): four
	   copies of each of 500 groups were 2,000 allocations before the first frame. */
	static const int col[4] = {1, 5, 6, 8};
	const char *v[4];
	size_t len[4], total = 0;
	for (size_t i = 0; i < 4; i++) {
		v[i] = db_col_text(st, col[i]);
		len[i] = (size_t)sqlite3_column_bytes(st, col[i]) + 1;
		total += len[i];
	}
	char *p = g->strings = xmalloc(total);
	char **to[4] = {&g->name, &g->owner, &g->positioning, &g->playbook};
	for (size_t i = 0; i < 4; i++) {
		*to[i] = memcpy(p, v[i], len[i]);
		p += len[i];
	}
}

void group_scope_set(struct db *db, const char *owner)
{
	db_set_group_owner(db, owner);
}

const char *group_scope(struct db *db)
{
	return db_group_owner(db);
}

/*
 * The rows of a cached group SELECT (GROUP_COLUMNS, then whether the row's sort
 * key is missing): *missing says if any was, so the caller orders by ICU instead.
 */
static int group_rows_read(struct db *db, sqlite3_stmt *st, struct group **out, size_t *n,
			   bool *missing, char **cause)
{
	struct group *v = NULL;
	size_t len = 0, cap = 0;
	int rc;
	*missing = false;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		memset(&v[len], 0, sizeof v[len]);
		group_from_row(st, &v[len++]);
		*missing = *missing || sqlite3_column_int(st, 9) != 0;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, _("listing groups"), cause);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		group_list_free(v, len);
		return -1;
	}
	*out = v;
	*n = len;
	return 0;
}

/*
 * Groups in pinyin order: by the stored sort keys (migration 020; no ICU), or,
 * while a key is missing or was made under another ICU (db_sort_keys_valid), by
 * COLLATE PINYIN: the same order, through the collator. by_key and by_icu differ
 * only in their ORDER BY.
 */
static int group_rows_ordered(struct db *db, const char *by_key, const char *by_icu,
			      bool scoped, struct group **out, size_t *n, char **cause)
{
	bool keys = db_sort_keys_valid(db), missing = false;
	for (int pass = keys ? 0 : 1; pass < 2; pass++) {
		sqlite3_stmt *st = db_cached(db, pass == 0 ? by_key : by_icu, cause);
		if (!st)
			return -1;
		const char *owner = db_group_owner(db);
		if (scoped && owner)
			sqlite3_bind_text(st, 1, owner, -1, SQLITE_TRANSIENT);
		if (group_rows_read(db, st, out, n, &missing, cause) < 0)
			return -1;
		if (!missing || pass == 1)
			return 0;
		group_list_free(*out, *n);
	}
	return 0;
}

#define GROUP_LISTED "SELECT " GROUP_COLUMNS ", sort_key = x'' FROM chat_group "

int group_list(struct db *db, struct group **out, size_t *n, char **cause)
{
	return group_rows_ordered(db,
				  GROUP_LISTED "WHERE archived = 0 AND (?1 IS NULL OR owner = ?1) "
				  "ORDER BY sort_key, name, id",
				  GROUP_LISTED "WHERE archived = 0 AND (?1 IS NULL OR owner = ?1) "
				  "ORDER BY name COLLATE PINYIN, id",
				  true, out, n, cause);
}

int group_list_all(struct db *db, struct group **out, size_t *n, char **cause)
{
	return group_rows_ordered(db, GROUP_LISTED "ORDER BY sort_key, name, id",
				  GROUP_LISTED "ORDER BY name COLLATE PINYIN, id", false, out, n,
				  cause);
}

int group_count_owned(struct db *db, const char *owner, size_t *n, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT count(*) FROM chat_group WHERE archived = 0 AND "
				     "owner = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, owner, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	*n = rc == SQLITE_ROW ? (size_t)sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, _("counting one's groups"), cause);
}

/* One group from st (cached, bound by the caller): 0 found, 1 absent, -1 error. */
static int group_one(struct db *db, sqlite3_stmt *st, struct group *out, char **cause)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		group_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("finding a group"), cause);
}

int group_find(struct db *db, const char *name, struct group *out, char **cause)
{
	sqlite3_stmt *st =
		db_cached(db, "SELECT " GROUP_COLUMNS " FROM chat_group WHERE name = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
	return group_one(db, st, out, cause);
}

int group_find_id(struct db *db, int64_t id, struct group *out, char **cause)
{
	sqlite3_stmt *st =
		db_cached(db, "SELECT " GROUP_COLUMNS " FROM chat_group WHERE id = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	return group_one(db, st, out, cause);
}

int group_require(struct db *db, const char *name, struct group *out, char **cause)
{
	int rc = group_find(db, name, out, cause);
	return rc == 1 ? set_cause(cause, _("no group named '%s'"), name) : rc;
}

int group_require_id(struct db *db, int64_t id, struct group *out, char **cause)
{
	int rc = group_find_id(db, id, out, cause);
	return rc == 1 ? set_cause(cause, _("no group with id %lld"), (long long)id) : rc;
}

/* ---- import ---- */

/* One group read from a file, with where each value came from. */
struct group_row {
	char *value[F_COUNT];
	long line[F_COUNT], col[F_COUNT]; /* col 0 = CSV (line only) */
	long row_line;                     /* where the record starts */
};

struct group_rows {
	const char *file;
	struct group_row *v;
	size_t n, cap;
};

static struct group_row *rows_add(struct group_rows *rows, long line)
{
	if (rows->n == rows->cap) {
		rows->cap = rows->cap ? rows->cap * 2 : 16;
		rows->v = xrealloc(rows->v, rows->cap * sizeof *rows->v);
	}
	struct group_row *r = &rows->v[rows->n++];
	memset(r, 0, sizeof *r);
	r->row_line = line;
	return r;
}

static void rows_free(struct group_rows *rows)
{
	for (size_t i = 0; i < rows->n; i++)
		for (int f = 0; f < F_COUNT; f++)
			free(rows->v[i].value[f]);
	free(rows->v);
}

static int field_lookup(const char *name)
{
	char *t = text_trim(xstrdup(name));
	int found = -1;
	for (int f = 0; f < F_COUNT && found < 0; f++)
		for (const char *const *n = field_names[f]; *n; n++)
			if (strcasecmp(t, *n) == 0)
				found = f;
	free(t);
	return found;
}

/* "file:line:col" or "file:line" for a value's position. */
static char *where(const struct group_rows *rows, long line, long col)
{
	return col > 0 ? xasprintf("%s:%ld:%ld", rows->file, line, col)
		       : xasprintf("%s:%ld", rows->file, line);
}

static const struct group *unique_base;

/* Order row indices by name, then by position in the file. */
static int unique_cmp(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(unique_base[i].name, unique_base[j].name);
	return c ? c : (i > j) - (i < j);
}

/* A name twice in one file is an error at its second row (the earliest such row). */
static int rows_check_unique(const struct group_rows *rows, const struct group *g, char **cause)
{
	if (rows->n < 2)
		return 0;
	/* Sorted indices, not a pairwise scan: a big file stays n log n. */
	size_t *idx = xmalloc(rows->n * sizeof *idx);
	for (size_t i = 0; i < rows->n; i++)
		idx[i] = i;
	unique_base = g;
	qsort(idx, rows->n, sizeof *idx, unique_cmp);
	/* Each run of one name is in file order; its second row is where it repeats. */
	size_t first = 0, second = SIZE_MAX;
	for (size_t start = 0, k = 1; k <= rows->n; k++) {
		if (k < rows->n && strcmp(g[idx[start]].name, g[idx[k]].name) == 0)
			continue;
		if (k - start > 1 && idx[start + 1] < second) {
			first = idx[start];
			second = idx[start + 1];
		}
		start = k;
	}
	free(idx);
	if (second == SIZE_MAX)
		return 0;
	const struct group_row *r = &rows->v[second];
	char *w = where(rows, r->line[F_NAME], r->col[F_NAME]);
	set_cause(cause, _("%s: group '%s' appears twice (first on line %ld)"), w, g[second].name,
		  rows->v[first].line[F_NAME]);
	free(w);
	return -1;
}

/* Check every row and turn it into a group; nothing is written here. */
static int rows_check(const struct group_rows *rows, struct group *out, char **cause)
{
	for (size_t i = 0; i < rows->n; i++) {
		const struct group_row *r = &rows->v[i];
		struct group *g = &out[i];
		for (int f = 0; f < F_COUNT; f++)
			if (r->value[f])
				text_trim(r->value[f]);
		for (int f = 0; f < F_COUNT; f++) {
			if (!field_required[f] || (r->value[f] && *r->value[f]))
				continue;
			char *w = where(rows, r->line[f] ? r->line[f] : r->row_line, r->col[f]);
			set_cause(cause, _("%s: '%s' is required"), w, field_names[f][0]);
			free(w);
			return -1;
		}
		int p = group_platform_parse(r->value[F_PLATFORM]);
		int t = group_type_parse(r->value[F_TYPE]);
		int d = date_parse(r->value[F_CREATED]);
		int bf = p < 0 ? F_PLATFORM : t < 0 ? F_TYPE : d == DATE_INVALID ? F_CREATED : -1;
		if (bf >= 0) {
			char *w = where(rows, r->line[bf], r->col[bf]);
			char *safe = text_sanitize(r->value[bf], false);
			if (bf == F_PLATFORM)
				set_cause(cause, _("%s: unknown platform '%s' (expected wecom or "
						   "wechat, 企业微信 or 个人微信)"), w, safe);
			else if (bf == F_TYPE)
				set_cause(cause, _("%s: unknown group type '%s' (expected "
						   "promotion, segmented or service, 群发推广型, "
						   "精细化运营型 or 客户服务型)"), w, safe);
			else
				set_cause(cause, _("%s: created: '%s' is not a date (YYYY-MM-DD)"),
					  w,
					  safe);
			free(safe);
			free(w);
			return -1;
		}
		g->name = xstrdup(text_trim(r->value[F_NAME]));
		g->platform = (enum group_platform)p;
		g->type = (enum group_type)t;
		g->created = d;
		g->owner = xstrdup(r->value[F_OWNER] ? text_trim(r->value[F_OWNER]) : "");
		g->positioning =
			xstrdup(r->value[F_POSITIONING] ? text_trim(r->value[F_POSITIONING]) : "");
		/* NULL: no playbook column, an existing group keeps its own; "" = the default. */
		g->playbook = r->value[F_PLAYBOOK] ? xstrdup(text_trim(r->value[F_PLAYBOOK])) : NULL;
	}
	return rows_check_unique(rows, out, cause);
}

/* Insert or update each group by name, audited, in one transaction. */
static int rows_store(struct db *db, const struct group_rows *rows, const char *operator,
		      size_t *count, char **cause)
{
	struct group *groups = xcalloc(rows->n ? rows->n : 1, sizeof *groups);
	int rc = rows_check(rows, groups, cause);
	sqlite3_stmt *st = NULL;
	if (rc == 0 && rows->n == 0)
		rc = set_cause(cause, _("%s: no groups in the file"), rows->file);
	if (rc == 0)
		rc = db_begin(db, cause);
	if (rc < 0)
		goto out;
	rc = db_prepare(db,
			"INSERT INTO chat_group (name, platform, type, created, owner, "
			"positioning, playbook) VALUES (?1, ?2, ?3, ?4, ?5, ?6, coalesce(?7, '')) "
			"ON CONFLICT(name) DO UPDATE SET playbook = coalesce(?7, chat_group.playbook), "
			"platform = excluded.platform, type = excluded.type, "
			"created = excluded.created, owner = excluded.owner, "
			"positioning = excluded.positioning",
			&st, cause);
	for (size_t i = 0; rc == 0 && i < rows->n; i++) {
		const struct group *g = &groups[i];
		char date[11];
		date_format(g->created, date);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, g->name, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, group_platform_key(g->platform), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, group_type_key(g->type), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 5, g->owner, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, g->positioning, -1, SQLITE_TRANSIENT);
		/* reset keeps bindings: a row without a playbook must not inherit the last one's. */
		if (g->playbook)
			sqlite3_bind_text(st, 7, g->playbook, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 7);
		int known = g->playbook && *g->playbook
				    ? playbook_find_name(db, g->playbook, cause) : 0;
		if (known < 0) {
			rc = -1;
		} else if (known == 1) {
			const struct group_row *r = &rows->v[i];
			char *w = where(rows, r->line[F_PLAYBOOK], r->col[F_PLAYBOOK]);
			char *safe = text_sanitize(g->playbook, false);
			rc = set_cause(cause, _("%s: unknown playbook '%s' (import it first; see "
						"`sopdeck playbooks`)"), w, safe);
			free(safe);
			free(w);
		} else if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("writing a group"), cause);
	}
	sqlite3_finalize(st);
	/* The new groups' pinyin sort keys (migration 020), in the same transaction. */
	if (rc == 0)
		rc = db_sort_keys_fill(db, cause);
	if (rc == 0) {
		char *detail = xasprintf("%zu groups from %s", rows->n, rows->file);
		rc = db_audit(db, operator, "import groups", detail, cause);
		free(detail);
	}
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	if (rc == 0 && count)
		*count = rows->n;
out:
	group_list_free(groups, rows->n);
	return rc;
}

/* Map the header's columns to fields; empty column names are left unmapped. */
static int csv_header(const struct group_rows *rows, const struct csv_record *rec, int *col_of,
		      char **cause)
{
	for (int f = 0; f < F_COUNT; f++)
		col_of[f] = -1;
	for (size_t i = 0; i < rec->n; i++) {
		/* Spreadsheets export empty trailing columns: no name, no harm. */
		if (!*text_trim(rec->fields[i]))
			continue;
		int f = field_lookup(rec->fields[i]);
		if (f < 0) {
			char *safe = text_sanitize(rec->fields[i], false);
			set_cause(cause, _("%s:%ld: unknown column '%s' (expected name, platform, "
					   "type, created, owner, positioning, playbook)"),
				  rows->file, rec->line, safe);
			free(safe);
			return -1;
		}
		if (col_of[f] >= 0)
			return set_cause(cause, _("%s:%ld: column '%s' appears twice"), rows->file,
					 rec->line, field_names[f][0]);
		col_of[f] = (int)i;
	}
	for (int f = 0; f < F_COUNT; f++)
		if (field_required[f] && col_of[f] < 0)
			return set_cause(cause, _("%s:%ld: the header has no '%s' column"),
					 rows->file,
					 rec->line, field_names[f][0]);
	return 0;
}

/* Read CSV records: a header naming the columns, then one group per record. */
static int rows_from_csv(struct csv *csv, struct group_rows *rows, char **cause)
{
	struct csv_record rec;
	int r = csv_next(csv, &rec, cause);
	if (r < 0)
		return -1;
	if (r == 0)
		return set_cause(cause, _("%s: no rows (an empty file; expected a header: name, "
					  "platform, type, created, owner, positioning)"),
				 rows->file);
	int col_of[F_COUNT];
	if (csv_header(rows, &rec, col_of, cause) < 0)
		return -1;
	bool *mapped = xcalloc(rec.n + 1, sizeof *mapped);
	size_t n_cols = rec.n;
	for (int f = 0; f < F_COUNT; f++)
		if (col_of[f] >= 0)
			mapped[col_of[f]] = true;
	while ((r = csv_next(csv, &rec, cause)) > 0) {
		/* Data in a column without a name would be lost: refuse it. */
		for (size_t i = 0; r > 0 && i < rec.n; i++) {
			if ((i < n_cols && mapped[i]) || !*text_trim(rec.fields[i]))
				continue;
			if (i >= n_cols)
				r = set_cause(cause,
					      _("%s:%ld: %zu fields, but the header has %zu"),
					      rows->file, rec.line, rec.n, n_cols);
			else
				r = set_cause(cause, _("%s:%ld: a value in column %zu, which has "
						       "no name in the header"), rows->file,
					      rec.line, i + 1);
		}
		if (r < 0)
			break;
		if (rows->n == GROUP_IMPORT_MAX) {
			r = set_cause(cause, _("%s:%ld: more than %d groups in one file"),
				      rows->file,
				      rec.line, GROUP_IMPORT_MAX);
			break;
		}
		struct group_row *row = rows_add(rows, rec.line);
		for (int f = 0; f < F_COUNT; f++) {
			row->line[f] = rec.line;
			if (col_of[f] >= 0 && (size_t)col_of[f] < rec.n)
				row->value[f] = xstrdup(rec.fields[col_of[f]]);
		}
	}
	free(mapped);
	if (r == 0 && rows->n == 0)
		return set_cause(cause, _("%s: no rows (only a header)"), rows->file);
	return r < 0 ? -1 : 0;
}

/* "file:line:col: message" at a YAML node. */
static int yaml_fail(char **cause, const char *file, const yaml_node_t *node, const char *fmt,
		     ...) __attribute__((format(printf, 4, 5)));
static int yaml_fail(char **cause, const char *file, const yaml_node_t *node, const char *fmt,
		     ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(cause, "%s:%lu:%lu: %s", file, (unsigned long)node->start_mark.line + 1,
		  (unsigned long)node->start_mark.column + 1, msg);
	free(msg);
	return -1;
}

/* Read a YAML list of mappings of scalars. */
static int rows_from_yaml(const char *text, size_t len, struct group_rows *rows, char **cause)
{
	yaml_document_t doc;
	if (yaml_load_bounded(text, len, rows->file, GROUP_YAML_MAX_EVENTS, &doc, cause) < 0)
		return -1;
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(&doc);
	/* Nothing, a bare ~ or an empty list: no rows, the same rule as an empty CSV. */
	if (!root || (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0 &&
		      root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) ||
	    (root->type == YAML_SEQUENCE_NODE &&
	     root->data.sequence.items.start == root->data.sequence.items.top)) {
		rc = set_cause(cause, _("%s: no rows"), rows->file);
		goto done;
	}
	if (root->type != YAML_SEQUENCE_NODE) {
		rc = yaml_fail(cause, rows->file, root,
			       _("expected a list of groups (- name: ..., platform: ...)"));
		goto done;
	}
	for (yaml_node_item_t *it = root->data.sequence.items.start;
	     rc == 0 && it < root->data.sequence.items.top; it++) {
		yaml_node_t *item = yaml_document_get_node(&doc, *it);
		if (item->type != YAML_MAPPING_NODE) {
			rc = yaml_fail(cause, rows->file, item,
				       _("expected a group (a mapping of name, platform, type, "
					 "created, owner, positioning)"));
			break;
		}
		struct group_row *row = rows_add(rows, (long)item->start_mark.line + 1);
		for (yaml_node_pair_t *p = item->data.mapping.pairs.start;
		     p < item->data.mapping.pairs.top; p++) {
			yaml_node_t *k = yaml_document_get_node(&doc, p->key);
			yaml_node_t *v = yaml_document_get_node(&doc, p->value);
			if (k->type != YAML_SCALAR_NODE) {
				rc = yaml_fail(cause, rows->file, k, _("a key must be plain text"));
				break;
			}
			const char *key = (const char *)k->data.scalar.value;
			int f = field_lookup(key);
			if (f < 0) {
				char *safe = text_sanitize(key, false);
				rc = yaml_fail(cause, rows->file, k,
					       _("unknown key '%s' (expected name, platform, type, "
						 "created, owner, positioning)"), safe);
				free(safe);
				break;
			}
			if (row->value[f]) {
				rc = yaml_fail(cause, rows->file, k, _("key '%s' appears twice"),
					       key);
				break;
			}
			if (v->type != YAML_SCALAR_NODE) {
				rc = yaml_fail(cause, rows->file, v,
					       _("'%s' must be a single value"), key);
				break;
			}
			const char *val = (const char *)v->data.scalar.value;
			/* A plain ~ or null is YAML's empty value. */
			if (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
			    (strcmp(val, "~") == 0 || strcmp(val, "null") == 0))
				val = "";
			row->value[f] = xstrdup(val);
			row->line[f] = (long)v->start_mark.line + 1;
			row->col[f] = (long)v->start_mark.column + 1;
		}
		/* A missing key is reported at the group itself. */
		for (int f = 0; f < F_COUNT; f++) {
			if (!row->value[f]) {
				row->line[f] = (long)item->start_mark.line + 1;
				row->col[f] = (long)item->start_mark.column + 1;
			}
		}
		if (rc == 0)
			for (int f = 0; f < F_COUNT; f++)
				if (field_required[f] && !row->value[f])
					rc = yaml_fail(cause, rows->file, item,
						       _("group has no '%s'"), field_names[f][0]);
	}
done:
	yaml_document_delete(&doc);
	return rc;
}

int group_import_text(struct db *db, const char *text, size_t len, const char *name,
		      bool is_csv, const char *operator, size_t *count, char **cause)
{
	struct group_rows rows = {.file = name};
	int rc;
	if (is_csv) {
		struct csv *csv;
		rc = csv_open_mem(text, len, name, &csv, cause);
		if (rc == 0) {
			rc = rows_from_csv(csv, &rows, cause);
			csv_close(csv);
		}
	} else {
		rc = rows_from_yaml(text, len, &rows, cause);
	}
	if (rc == 0)
		rc = rows_store(db, &rows, operator, count, cause);
	rows_free(&rows);
	return rc;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

int group_import_file(struct db *db, const char *path, const char *operator, size_t *count,
		      char **cause)
{
	if (has_suffix(path, ".csv")) {
		struct csv *csv;
		struct group_rows rows = {.file = path};
		if (csv_open(path, &csv, cause) < 0)
			return -1;
		int rc = rows_from_csv(csv, &rows, cause);
		csv_close(csv);
		if (rc == 0)
			rc = rows_store(db, &rows, operator, count, cause);
		rows_free(&rows);
		return rc;
	}
	if (!has_suffix(path, ".yaml") && !has_suffix(path, ".yml"))
		return set_cause(cause, _("%s: expected a .yaml, .yml or .csv file"), path);
	char *text;
	size_t len;
	if (read_file(path, GROUP_FILE_MAX_BYTES, &text, &len, cause) < 0)
		return -1;
	int rc = group_import_text(db, text, len, path, false, operator, count, cause);
	free(text);
	return rc;
}
