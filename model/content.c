/* The content library: items, tags, filters, keyset pages, facets, usage and the mix check. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "content.h"
#include "content-internal.h"
#include "dates.h"
#include "db-ids.h"
#include "i18n.h"
#include "internal.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

#define SELECT_COLUMNS                                                                    \
	"c.id, c.title, c.category, c.zone, c.form, c.style, c.date, c.source, c.tags, "  \
	"c.body, c.created_at, c.updated_at"

const char *const content_zones[] = {"knowledge", "visual", "campaign", "ugc", NULL};
const char *const content_forms[] = {"text", "video", "voice", "live", "qa", NULL};

struct alias {
	const char *word, *key;
};

static const struct alias zone_aliases[] = {
	{"knowledge", "knowledge"}, {"知识干货区", "knowledge"}, {"知识干货", "knowledge"},
	{"知识区", "knowledge"},    {"visual", "visual"},        {"视觉素材区", "visual"},
	{"视觉素材", "visual"},     {"视觉区", "visual"},        {"campaign", "campaign"},
	{"活动素材区", "campaign"}, {"活动素材", "campaign"},    {"活动区", "campaign"},
	{"ugc", "ugc"},             {"用户UGC区", "ugc"},        {"UGC区", "ugc"},
	{"用户ugc区", "ugc"},       {"UGC", "ugc"},
};

static const struct alias form_aliases[] = {
	{"text", "text"},   {"图文", "text"},   {"短图文", "text"},  {"文字", "text"},
	{"video", "video"}, {"短视频", "video"}, {"视频", "video"},
	{"voice", "voice"}, {"语音", "voice"},
	{"live", "live"},   {"直播", "live"},
	{"qa", "qa"},       {"问答", "qa"},     {"社群问答", "qa"},  {"Q&A", "qa"},
};

static const char *alias_find(const struct alias *a, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcasecmp(a[i].word, s) == 0)
			return a[i].key;
	return NULL;
}

/* Normalise a user's word (full-width folded, trimmed) before looking it up. */
static const char *parse_word(const struct alias *a, size_t n, const char *s)
{
	if (!s)
		return NULL;
	char *w = text_trim(text_fold_width(s));
	const char *key = *w ? alias_find(a, n, w) : "";
	free(w);
	return key;
}

const char *content_zone_parse(const char *s)
{
	return parse_word(zone_aliases, ARRAY_LEN(zone_aliases), s);
}

const char *content_form_parse(const char *s)
{
	return parse_word(form_aliases, ARRAY_LEN(form_aliases), s);
}

const char *content_zone_name(const char *key)
{
	static const struct alias names[] = {{"knowledge", "知识干货区"},
					     {"visual", "视觉素材区"},
					     {"campaign", "活动素材区"},
					     {"ugc", "用户UGC区"}};
	const char *n = key ? alias_find(names, ARRAY_LEN(names), key) : NULL;
	return n ? n : "";
}

const char *content_form_name(const char *key)
{
	static const struct alias names[] = {{"text", "图文"}, {"video", "短视频"},
					     {"voice", "语音"}, {"live", "直播"},
					     {"qa", "问答"}};
	const char *n = key ? alias_find(names, ARRAY_LEN(names), key) : NULL;
	return n ? n : "";
}

/* The console and listings show the keys in English mode (no English names are kept). */
/* The static key equal to key: a label's address stays the same for every row. */
static const char *static_key(const char *const *keys, const char *key)
{
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return keys[i];
	return "";
}

const char *content_zone_label(const char *key)
{
	const char *n = content_zone_name(key);
	return i18n_lang() == I18N_EN && *n ? static_key(content_zones, key) : n;
}

const char *content_form_label(const char *key)
{
	const char *n = content_form_name(key);
	return i18n_lang() == I18N_EN && *n ? static_key(content_forms, key) : n;
}

const char *content_category_parse(const struct playbook *pb, const char *s)
{
	if (!s || !pb)
		return NULL;
	char *w = text_trim(text_fold_width(s));
	const char *key = NULL;
	if (!*w) {
		key = "";
	} else {
		const struct pb_category *c = playbook_category(pb, w);
		for (size_t i = 0; !c && i < pb->n_categories; i++) {
			/* The short form 促活 of 促活型: the name minus its last character. */
			const char *name = pb->categories[i].name;
			size_t wl = strlen(w);
			if (strncmp(name, w, wl) == 0 && strcmp(name + wl, "型") == 0)
				c = &pb->categories[i];
			if (strcasecmp(pb->categories[i].key, w) == 0)
				c = &pb->categories[i];
		}
		key = c ? c->key : NULL;
	}
	free(w);
	return key;
}

void content_filter_init(struct content_filter *f)
{
	memset(f, 0, sizeof *f);
	f->from = f->to = DATE_INVALID;
}

/* Is s a tag separator at its start? Returns its length in bytes, or 0. */
static size_t tag_separator(const char *s)
{
	if (*s == ';' || *s == ',')
		return 1;
	/* The wide ones start with 0xE3 or 0xEF: most bytes are none of them. */
	if ((unsigned char)*s != 0xE3 && (unsigned char)*s != 0xEF)
		return 0;
	static const char *const wide[] = {"、", "；", "，"};
	for (size_t i = 0; i < ARRAY_LEN(wide); i++)
		if (strncmp(s, wide[i], strlen(wide[i])) == 0)
			return strlen(wide[i]);
	return 0;
}

size_t content_tags_split(const char *s, char ***out)
{
	size_t n = 0, cap = 4;
	char **tags = xcalloc(cap + 1, sizeof *tags);
	const char *p = s ? s : "";
	/*
	 * One past the limit is enough for content_item_check to refuse the item; a
	 * million tags would otherwise cost a million squared comparisons first.
	 */
	while (*p && n <= CONTENT_MAX_TAGS) {
		const char *start = p;
		size_t sep = 0;
		while (*p && !(sep = tag_separator(p)))
			p++;
		char *raw = xstrndup(start, (size_t)(p - start));
		char *tag = text_trim(text_fold_width(raw));
		free(raw);
		bool dup = !*tag;
		for (size_t i = 0; !dup && i < n; i++)
			dup = strcmp(tags[i], tag) == 0;
		if (dup) {
			free(tag);
		} else {
			if (n == cap) {
				cap *= 2;
				tags = xrealloc(tags, (cap + 1) * sizeof *tags);
			}
			tags[n++] = tag;
			tags[n] = NULL;
		}
		p += sep;
	}
	*out = tags;
	return n;
}

void content_tags_free(char **tags, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(tags[i]);
	free(tags);
}

int content_parse_date(const char *s)
{
	if (!s)
		return DATE_INVALID;
	size_t n = strlen(s);
	if (n == 6 && strspn(s, "0123456789") == 6) {
		int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
		int m = (s[4] - '0') * 10 + (s[5] - '0');
		return date_valid_ymd(y, m, 1) ? date_from_ymd(y, m, 1) : DATE_INVALID;
	}
	return date_parse(s);
}

bool content_naming_rule(const char *title, int *day, char **category, const char **form)
{
	char *t = text_trim(text_fold_width(title));
	bool ok = false;
	if (strlen(t) > 7 && strspn(t, "0123456789") == 6 && t[6] == ' ') {
		char ym[7];
		memcpy(ym, t, 6);
		ym[6] = '\0';
		int d = content_parse_date(ym);
		char *rest = text_trim(t + 7);
		char *first = strchr(rest, '-'), *last = strrchr(rest, '-');
		if (d != DATE_INVALID && first && last != first && first > rest && last[1]) {
			*day = d;
			*category = text_trim(xstrndup(rest, (size_t)(first - rest)));
			char *f = text_trim(xstrdup(last + 1));
			*form = content_form_parse(f);
			free(f);
			ok = **category != '\0';
			if (!ok)
				free(*category);
		}
	}
	free(t);
	return ok;
}

struct content_cursor content_cursor_at(const struct content_item *it)
{
	return (struct content_cursor){.date = it->date, .title = it->title, .id = it->id};
}

void content_item_clear(struct content_item *it)
{
	free(it->title);
	free(it->category);
	free(it->zone);
	free(it->form);
	free(it->style);
	free(it->source);
	free(it->body);
	content_tags_free(it->tags, it->n_tags);
	free(it->created_at);
	free(it->updated_at);
	memset(it, 0, sizeof *it);
}

void content_items_free(struct content_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++)
		content_item_clear(&items[i]);
	free(items);
}

static char *dup_or_empty(const char *s)
{
	return xstrdup(s ? s : "");
}

void content_item_copy(struct content_item *dst, const struct content_item *src)
{
	memset(dst, 0, sizeof *dst);
	dst->id = src->id;
	dst->date = src->date;
	dst->title = dup_or_empty(src->title);
	dst->category = dup_or_empty(src->category);
	dst->zone = dup_or_empty(src->zone);
	dst->form = dup_or_empty(src->form);
	dst->style = dup_or_empty(src->style);
	dst->source = dup_or_empty(src->source);
	dst->body = dup_or_empty(src->body);
	dst->created_at = dup_or_empty(src->created_at);
	dst->updated_at = dup_or_empty(src->updated_at);
	dst->tags = xcalloc(src->n_tags + 1, sizeof *dst->tags);
	for (size_t i = 0; i < src->n_tags; i++)
		dst->tags[i] = xstrdup(src->tags[i]);
	dst->n_tags = src->n_tags;
}

/* ---- query building ---- */

struct bind {
	bool is_int;
	int64_t i;
	char *s;
};

struct query {
	struct buf sql;
	struct bind binds[CONTENT_MAX_TAGS + 64];
	size_t n;
};

static void bind_text(struct query *q, const char *s)
{
	if (q->n < ARRAY_LEN(q->binds))
		q->binds[q->n++] = (struct bind){.s = xstrdup(s)};
}

static void bind_int(struct query *q, int64_t i)
{
	if (q->n < ARRAY_LEN(q->binds))
		q->binds[q->n++] = (struct bind){.is_int = true, .i = i};
}

static void bind_date(struct query *q, int day)
{
	char d[11];
	date_format(day, d);
	bind_text(q, d);
}

static void query_free(struct query *q)
{
	buf_free(&q->sql);
	for (size_t i = 0; i < q->n; i++)
		free(q->binds[i].s);
}

static int query_prepare(struct db *db, struct query *q, sqlite3_stmt **st, char **cause)
{
	if (db_prepare(db, buf_str(&q->sql), st, cause) < 0)
		return -1;
	for (size_t i = 0; i < q->n; i++) {
		if (q->binds[i].is_int)
			sqlite3_bind_int64(*st, (int)i + 1, q->binds[i].i);
		else
			sqlite3_bind_text(*st, (int)i + 1, q->binds[i].s, -1, SQLITE_TRANSIENT);
	}
	return 0;
}

/*
 * The search words as one FTS5 query: each word a quoted string, which the
 * index's tokenizer (sopdeck_char) turns into a phrase of its characters, and
 * the phrases joined by AND. Words are split after folding, so a full-width
 * space separates them too. NULL when there is no word.
 */
static char *search_match(const char *search)
{
	char *s = content_fold(search);
	struct buf m = {0};
	size_t words = 0;
	for (char *save = NULL, *w = strtok_r(s, " \t\r\n", &save); w && words < 16;
	     w = strtok_r(NULL, " \t\r\n", &save), words++) {
		buf_adds(&m, words ? " AND \"" : "\"");
		/* Inside an FTS5 string only the quote is special: doubled. */
		for (const char *p = w; *p; p++)
			buf_adds(&m, *p == '"' ? "\"\"" : (char[]){*p, '\0'});
		buf_adds(&m, "\"");
	}
	free(s);
	if (!words)
		return NULL;
	buf_str(&m);
	return m.data;
}

/*
 * Append " AND ..." conditions for f on table alias c. With walk set (pages
 * and streams in sort order), the tag and search sets are only probed ("+c.id"
 * keeps them from driving the loop): the rows come in the order of the sort's
 * index, the first page stops early and a stream needs no sort of every match
 * (whose rows would all be held before the first is written). Counts let the
 * planner start from the smallest set.
 */
static void where_filter_of(struct query *q, const struct content_filter *f, bool walk,
			    bool joined, bool tag_joined)
{
	/* Archived items (deleted after being posted) leave the library lists. */
	buf_adds(&q->sql, f && f->archived ? " AND c.archived = 1" : " AND c.archived = 0");
	if (!f)
		return;
	const char *id = walk ? " AND +c.id IN" : " AND c.id IN";
	for (size_t i = 0; i < f->n_tags && i < CONTENT_MAX_TAGS; i++) {
		char *tag = text_trim(text_fold_width(f->tags[i]));
		/* tag_joined: the first tag's index rows lead the join (page_query_of). */
		buf_adds(&q->sql, i == 0 && tag_joined ? " AND c.id = t.content_id AND t.tag = ?"
						       : id);
		if (i || !tag_joined)
			buf_adds(&q->sql, " (SELECT content_id FROM content_tag WHERE tag = ?)");
		bind_text(q, tag);
		free(tag);
	}
	if (f->category) {
		buf_adds(&q->sql, " AND c.category = ?");
		bind_text(q, f->category);
	}
	if (f->zone) {
		buf_adds(&q->sql, " AND c.zone = ?");
		bind_text(q, f->zone);
	}
	if (f->form) {
		buf_adds(&q->sql, " AND c.form = ?");
		bind_text(q, f->form);
	}
	if (f->from != DATE_INVALID) {
		buf_adds(&q->sql, " AND c.date >= ?");
		bind_date(q, f->from);
	}
	if (f->to != DATE_INVALID) {
		buf_adds(&q->sql, " AND c.date <= ?");
		bind_date(q, f->to);
	}
	char *match = f->search ? search_match(f->search) : NULL;
	if (match) {
		/* Words of every length, one index lookup (migration 007). */
		if (joined) {
			/* content_fts leads the join (page_query_of): no set of its rowids built. */
			buf_adds(&q->sql, " AND c.id = content_fts.rowid AND content_fts MATCH ?");
		} else {
			buf_adds(&q->sql, id);
			buf_adds(&q->sql, " (SELECT rowid FROM content_fts WHERE content_fts MATCH ?)");
		}
		bind_text(q, match);
		free(match);
	}
}

static void where_filter(struct query *q, const struct content_filter *f, bool walk,
			 bool joined)
{
	where_filter_of(q, f, walk, joined, false);
}

/* A page whose search and tag sets hold at most this many items reads them and sorts them
   (as many rowid lookups) instead of walking the sort's index for them: a rare word's
   walk went through the whole index (100,000 entries, 16 ms) for its few rows. */
#define PAGE_SET_SORTED 1000

/* Is f narrowed by a search or tags (a set of ids from an index)? */
static bool filter_has_set(const struct content_filter *f)
{
	if (!f || (!f->n_tags && !f->search))
		return false;
	if (f->n_tags)
		return true;
	char *match = search_match(f->search);
	free(match);
	return match != NULL;
}

/* Does f narrow by its sets only (no category, zone, form or dates to read items for)? */
static bool filter_set_only(const struct content_filter *f)
{
	return filter_has_set(f) && !f->category && !f->zone && !f->form &&
	       f->from == DATE_INVALID && f->to == DATE_INVALID;
}

/*
 * "SELECT id FROM <the search's index, else the first tag's>" narrowed by the other sets
 * and, with archived, to the archived items or those not (the partial index of
 * migration 017): the ids of f's sets from the indexes alone, no item read.
 */
static void set_select(struct query *q, const struct content_filter *f, bool archived)
{
	char *match = f->search ? search_match(f->search) : NULL;
	const char *col = match ? "rowid" : "content_id";
	size_t first = 0;
	if (match) {
		buf_adds(&q->sql, "SELECT rowid FROM content_fts WHERE content_fts MATCH ?");
		bind_text(q, match);
		free(match);
	} else {
		buf_adds(&q->sql, "SELECT content_id FROM content_tag WHERE tag = ?");
		first = 1;
	}
	for (size_t i = 0; i < f->n_tags && i < CONTENT_MAX_TAGS; i++) {
		char *tag = text_trim(text_fold_width(f->tags[i]));
		if (i >= first)
			buf_addf(&q->sql, " AND %s IN (SELECT content_id FROM content_tag WHERE tag = ?)",
				 col);
		bind_text(q, tag);
		free(tag);
	}
	if (archived)
		buf_addf(&q->sql, " AND %s %s (SELECT id FROM content WHERE archived = 1)", col,
			 f->archived ? "IN" : "NOT IN");
}

/* Run q, a SELECT count(*), into *n; q is freed either way. */
static int query_count(struct db *db, struct query *q, int64_t *n, char **cause)
{
	sqlite3_stmt *st;
	int rc = query_prepare(db, q, &st, cause);
	query_free(q);
	if (rc < 0)
		return -1;
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return db_fail(db, _("counting content"), cause);
	}
	*n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return 0;
}

/* Do f's sets hold at most PAGE_SET_SORTED items? 1 yes, 0 no (or no set), -1 error. */
static int set_is_small(struct db *db, const struct content_filter *f, char **cause)
{
	if (!filter_has_set(f))
		return 0;
	struct query q = {0};
	buf_adds(&q.sql, "SELECT count(*) FROM (");
	set_select(&q, f, false);
	buf_adds(&q.sql, " LIMIT ?)");
	bind_int(&q, PAGE_SET_SORTED + 1);
	int64_t n;
	if (query_count(db, &q, &n, cause) < 0)
		return -1;
	return n <= PAGE_SET_SORTED;
}

static void row_to_item(sqlite3_stmt *st, struct content_item *it)
{
	memset(it, 0, sizeof *it);
	it->id = sqlite3_column_int64(st, 0);
	it->title = xstrdup(db_col_text(st, 1));
	it->category = xstrdup(db_col_text(st, 2));
	it->zone = xstrdup(db_col_text(st, 3));
	it->form = xstrdup(db_col_text(st, 4));
	it->style = xstrdup(db_col_text(st, 5));
	it->date = date_parse(db_col_text(st, 6));
	it->source = xstrdup(db_col_text(st, 7));
	it->n_tags = content_tags_split(db_col_text(st, 8), &it->tags);
	it->body = xstrdup(db_col_text(st, 9));
	it->created_at = xstrdup(db_col_text(st, 10));
	it->updated_at = xstrdup(db_col_text(st, 11));
}

/*
 * The SQL of one page (content_query, content_each), so that content_explain
 * sees the same; limit 0 = no limit.
 */
static void page_query_of(struct query *q, const char *columns, const char *join, bool drive,
			  bool small, const struct content_filter *f, enum content_sort sort,
			  const struct content_cursor *cursor, bool backward, size_t limit)
{
	/*
	 * drive: every match wanted, newest first (content_each_line without a limit),
	 * read in no order. Walking the date index costs one random table seek per
	 * item of the library, matching or not; reading the matches (the tag or
	 * search set, else the table in rowid order) and sorting them is 2-3 times
	 * cheaper. Without a date range no index of c helps: NOT INDEXED keeps the
	 * planner off the walk (rowid lookups from the sets still work).
	 */
	bool no_range = !f || (f->from == DATE_INVALID && f->to == DATE_INVALID);
	/* A search then leads (each of its rows one rowid lookup in c); with tags too,
	   the planner picks which set drives (measured: a little cheaper). */
	char *match = drive && f && f->search ? search_match(f->search) : NULL;
	bool joined = match && !f->n_tags;
	free(match);
	/* Tags and no search: the first tag's index rows lead the same way, ids ascending,
	   instead of a temporary b-tree of them built first (a tenth of `--tag 育儿`). */
	bool tag_joined = drive && f && f->n_tags && !f->search;
	/* small: the sets are few (set_is_small): they drive, SQLite sorts them. */
	buf_addf(&q->sql, "SELECT %s FROM %scontent c%s%s WHERE 1", columns,
		 joined ? "content_fts CROSS JOIN " : tag_joined ? "content_tag t CROSS JOIN " : "",
		 (drive && no_range) || small ? " NOT INDEXED" : "", join);
	where_filter_of(q, f, !drive && !small, joined, tag_joined);
	/* Walking down the sort order forward; paging up walks it in reverse. */
	bool title = sort == CONTENT_SORT_TITLE;
	bool ascending = title != backward;
	if (cursor) {
		/* The same collation as the ORDER BY, or pages would skip and repeat. */
		buf_addf(&q->sql, " AND (c.%s, c.id) %s (?, ?)",
			 title ? "title COLLATE PINYIN" : "date", ascending ? ">" : "<");
		if (title)
			bind_text(q, cursor->title ? cursor->title : "");
		else
			bind_date(q, cursor->date);
		bind_int(q, cursor->id);
	}
	/* drive: the caller sorts what it reads (content_each_line). */
	if (!drive)
		buf_addf(&q->sql, " ORDER BY c.%s %s, c.id %s",
			 title ? "title COLLATE PINYIN" : "date", ascending ? "ASC" : "DESC",
			 ascending ? "ASC" : "DESC");
	if (limit) {
		buf_adds(&q->sql, " LIMIT ?");
		bind_int(q, (int64_t)limit);
	}
}

static void page_query(struct query *q, bool small, const struct content_filter *f,
		       enum content_sort sort, const struct content_cursor *cursor, bool backward,
		       size_t limit)
{
	page_query_of(q, SELECT_COLUMNS, "", false, small, f, sort, cursor, backward, limit);
}

int content_explain(struct db *db, const struct content_filter *f, enum content_sort sort,
		    char **plan, char **cause)
{
	*plan = NULL;
	int small = set_is_small(db, f, cause);
	if (small < 0)
		return -1;
	struct query q = {0};
	buf_adds(&q.sql, "EXPLAIN QUERY PLAN ");
	page_query(&q, small, f, sort, NULL, false, 20);
	sqlite3_stmt *st;
	int rc = query_prepare(db, &q, &st, cause);
	query_free(&q);
	if (rc < 0)
		return -1;
	struct buf b = {0};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		buf_addf(&b, "%s\n", db_col_text(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		buf_free(&b);
		return db_fail(db, _("explaining a content query"), cause);
	}
	buf_str(&b);
	*plan = b.data;
	return 0;
}

/* Step through the rows of one page query, handing each item to fn. */
static int each_run(struct db *db, struct query *q, content_each_fn *fn, void *ctx,
		    char **cause)
{
	sqlite3_stmt *st;
	int rc = query_prepare(db, q, &st, cause);
	query_free(q);
	if (rc < 0)
		return -1;
	struct content_item it;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row_to_item(st, &it);
		int r = fn(&it, ctx, cause);
		content_item_clear(&it);
		if (r != 0) {
			sqlite3_finalize(st);
			return r < 0 ? -1 : 0;
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(db, _("querying content"), cause);
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return 0;
}

int content_each(struct db *db, const struct content_filter *f, enum content_sort sort,
		 const struct content_cursor *cursor, size_t limit, content_each_fn *fn, void *ctx,
		 char **cause)
{
	int small = set_is_small(db, f, cause);
	if (small < 0)
		return -1;
	struct query q = {0};
	page_query(&q, small, f, sort, cursor, false, limit);
	return each_run(db, &q, fn, ctx, cause);
}

/* The columns of struct content_line, in its order; the full row adds what JSON prints. */
#define LINE_COLUMNS "c.id, c.date, c.category, c.form, c.title, c.tags"
#define LINE_STRINGS 5
#define FULL_COLUMNS LINE_COLUMNS ", c.zone, c.style, c.source, c.body"
#define FULL_STRINGS 9
/* The full row and its content_perf row (content_each_perf): a seek per match read,
   where reading every item's performance was a fifth of `content --search 误区 --json`. */
#define PERF_COLUMNS                                                                         \
	FULL_COLUMNS ", p.posts, p.open_rate, p.interact_rate, p.rank, p.retire"
#define PERF_JOIN " LEFT JOIN content_perf p ON p.content_id = c.id"
#define PERF_AT (1 + FULL_STRINGS)

/* The columns a listing reads. */
enum line_columns { LINE_PRINTED, LINE_FULL, LINE_PERF };

/* The content_perf columns of a PERF_COLUMNS row. */
static void perf_columns(sqlite3_stmt *st, struct content_line_perf *p)
{
	/* posts is NOT NULL in content_perf: NULL only where the join found no row. */
	p->has = sqlite3_column_type(st, PERF_AT) != SQLITE_NULL;
	if (!p->has) {
		*p = (struct content_line_perf){0};
		return;
	}
	p->posts = sqlite3_column_int64(st, PERF_AT);
	p->open_defined = sqlite3_column_type(st, PERF_AT + 1) != SQLITE_NULL;
	p->open_rate = p->open_defined ? sqlite3_column_double(st, PERF_AT + 1) : 0;
	p->interact_defined = sqlite3_column_type(st, PERF_AT + 2) != SQLITE_NULL;
	p->interact_rate = p->interact_defined ? sqlite3_column_double(st, PERF_AT + 2) : 0;
	p->rank = sqlite3_column_int64(st, PERF_AT + 3);
	p->retire = sqlite3_column_int(st, PERF_AT + 4) != 0;
}

/*
 * A row held for sorting: its strings one after the other in the arena. key is
 * a YYYY-MM-DD date's eight digits, one integer compare instead of strcmp (a
 * third of the sort); 0 for any other text, which then compares as stored.
 */
struct held {
	uint64_t key;
	int64_t id;
	const char *date; /* then the other strings, each after the other's NUL */
	size_t row;       /* its place in the rows read */
};

static uint64_t date_key(const char *d)
{
	uint64_t k = 0;
	for (int i = 0; i < 10; i++) {
		bool dash = i == 4 || i == 7;
		if (dash ? d[i] != '-' : d[i] < '0' || d[i] > '9')
			return 0;
		if (!dash)
			k = k << 8 | (unsigned char)d[i];
	}
	/* Digits are never 0: a key is never 0, and keys order as the texts do. */
	return d[10] ? 0 : k;
}

/* ORDER BY c.date DESC, c.id DESC: the dates' bytes (BINARY), then the ids. */
static int held_newest_first(const void *pa, const void *pb)
{
	const struct held *a = pa, *b = pb;
	int c;
	if (a->key && b->key)
		c = (a->key < b->key) - (a->key > b->key);
	else
		c = strcmp(b->date, a->date);
	return c ? c : (a->id < b->id) - (a->id > b->id);
}

/*
 * A YYYY-MM-DD text's month slot, (year * 12 + month - 1) * 31 + day - 1: as the texts
 * order, dense (2,604 slots for seven years), the counting sort's bucket; -1 for any
 * other text (a month past 12 or a day past 31 would not order as its text does).
 */
static int32_t date_slot(const char *d)
{
	uint64_t k = date_key(d);
	if (!k)
		return -1;
	int y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
	int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
	if (m < 1 || m > 12 || day < 1 || day > 31)
		return -1;
	return (int32_t)((y * 12 + m - 1) * 31 + day - 1);
}

/* The strings of a row from a held date on, each len[i] bytes and its NUL (the
   columns' order, full or not): no string scanned again. */
static void line_from(struct content_line *l, const char *date, const uint32_t *len, bool full)
{
	const char *p = date;
	const char **dst[FULL_STRINGS] = {&l->date, &l->category, &l->form,   &l->title, &l->tags,
					  &l->zone, &l->style,    &l->source, &l->body};
	int strings = full ? FULL_STRINGS : LINE_STRINGS;
	for (int i = 0; i < strings; i++) {
		*dst[i] = p;
		p += len[i] + 1;
	}
	if (full) {
		l->body_len = len[FULL_STRINGS - 1];
	} else {
		l->zone = l->style = l->source = l->body = "";
		l->body_len = 0;
	}
}

/* What a row is sorted by: its id, its date (at in the arena) and the date's slot. */
struct row_key {
	int64_t id;
	size_t at;
	int32_t slot;
};

/* A row read for sorting: where its strings start in the arena, its date's slot. */
struct read_row {
	struct row_key k;
	uint32_t len[FULL_STRINGS];  /* each string's bytes */
	struct content_line_perf perf;
};

/* A row rendered for sorting (content_render): its date at k.at, then its text. */
struct rendered_row {
	struct row_key k;
	size_t text_at;
	size_t text_len;
};

/* What order_newest_first needs to know of the rows as they are read: ids ascending and
   every date a slot, and the slots' range. */
struct read_order {
	bool ascending;
	int32_t lo, hi;
};
#define READ_ORDER_INIT {true, INT32_MAX, -1}

static void read_order_note(struct read_order *o, bool after_prev, int32_t slot)
{
	if (!after_prev)
		o->ascending = false;
	if (slot < 0)
		o->ascending = false;
	else if (slot < o->lo)
		o->lo = slot;
	if (slot > o->hi)
		o->hi = slot;
}

/*
 * The order to hand rows out in, newest first then id descending: rows[order[i]].
 * Rows read in ascending id order with every date a plain YYYY-MM-DD (the search's and
 * a tag's index give them so) take a counting sort on the date's slot, read backwards
 * so that each day keeps its ids descending: linear, where qsort was a tenth of the
 * command. Anything else is sorted by comparing, as ORDER BY would.
 */
static size_t *order_newest_first(const void *rows_v, size_t stride, size_t n,
				  const char *arena, struct read_order o)
{
	bool ascending = o.ascending;
	int32_t lo = o.lo, hi = o.hi;
	/* rows_v: n records of stride bytes, each starting with its struct row_key. */
#define ROW_KEY(i) ((const struct row_key *)(const void *)((const char *)rows_v + (i) * stride))
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	size_t range = n ? (size_t)(hi - lo) + 1 : 0;
	if (n && ascending && lo >= 0 && range <= 4 * n + 4096) {
		size_t *start = xcalloc(range + 1, sizeof *start);
		for (size_t i = 0; i < n; i++)
			start[hi - ROW_KEY(i)->slot + 1]++;
		for (size_t b = 1; b <= range; b++)
			start[b] += start[b - 1];
		for (size_t i = n; i-- > 0;)
			order[start[hi - ROW_KEY(i)->slot]++] = i;
		free(start);
		return order;
	}
	struct held *held = xcalloc(n ? n : 1, sizeof *held);
	for (size_t i = 0; i < n; i++) {
		const char *date = arena + ROW_KEY(i)->at;
		held[i] = (struct held){
			.key = date_key(date), .id = ROW_KEY(i)->id, .date = date, .row = i};
	}
	qsort(held, n, sizeof *held, held_newest_first);
	for (size_t i = 0; i < n; i++)
		order[i] = held[i].row;
	free(held);
	return order;
#undef ROW_KEY
}

/*
 * The whole list, newest first: rows read in the order the matches come (no
 * index walk, no SQL sort of wide records), the printed columns kept in one
 * arena (one copy per row), put in order, then handed out. The arena holds
 * about what the output will be; the statement no more than the current row.
 */
static int each_line_sorted(struct db *db, struct query *q, enum line_columns cols,
			    content_line_fn *fn, void *ctx, char **cause)
{
	bool full = cols != LINE_PRINTED;
	sqlite3_stmt *st;
	int rc = query_prepare(db, q, &st, cause);
	query_free(q);
	if (rc < 0)
		return -1;
	int strings = full ? FULL_STRINGS : LINE_STRINGS;
	struct big arena = {0}, row_block = {0};
	size_t arena_len = 0;
	struct read_row *rows = NULL;
	size_t n = 0, cap = 0;
	struct read_order ord = READ_ORDER_INIT;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			big_reserve(&row_block, n * sizeof *rows, (n + 1) * sizeof *rows);
			rows = (struct read_row *)(void *)row_block.data;
			cap = row_block.cap / sizeof *rows;
		}
		const char *v[FULL_STRINGS];
		struct read_row *row = &rows[n];
		size_t total = 0;
		for (int col = 0; col < strings; col++) {
			v[col] = db_col_text(st, col + 1);
			/* strlen, not the column's bytes: a stored NUL would shift the strings. */
			size_t len = strlen(v[col]);
			if (len > UINT32_MAX)
				len = UINT32_MAX;  /* past SQLite's own limit: never */
			row->len[col] = (uint32_t)len;
			total += len + 1;
		}
		big_reserve(&arena, arena_len, arena_len + total + 1);
		int64_t id = sqlite3_column_int64(st, 0);
		int32_t slot = date_slot(v[0]);
		read_order_note(&ord, !n || id > rows[n - 1].k.id, slot);
		row->k.id = id;
		if (cols == LINE_PERF)
			perf_columns(st, &row->perf);
		else
			row->perf = (struct content_line_perf){0};
		row->k.at = arena_len;
		row->k.slot = slot;
		n++;
		char *p = arena.data + arena_len;
		for (int col = 0; col < strings; col++) {
			memcpy(p, v[col], row->len[col]);
			p[row->len[col]] = '\0';
			p += row->len[col] + 1;
		}
		arena_len += total;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, _("querying content"), cause);
	sqlite3_finalize(st);
	int r = rc == SQLITE_DONE ? 0 : -1;
	size_t *order = r == 0 ? order_newest_first(rows, sizeof *rows, n, arena.data, ord)
			       : NULL;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const struct read_row *row = &rows[order[i]];
		struct content_line l = {.id = row->k.id, .rows = n, .perf = row->perf};
		line_from(&l, arena.data + row->k.at, row->len, full);
		r = fn(&l, ctx, cause);
	}
	free(order);
	big_free(&row_block);
	big_free(&arena);
	return r < 0 ? -1 : 0;
}
/* The row under st as a line (full: its zone, style, source and body too; LINE_PERF: its
   kept performance). Nothing copied: the strings are SQLite's, valid until the next step. */
static struct content_line line_of_row(sqlite3_stmt *st, bool full, int cols)
{
	struct content_line l = {
		.id = sqlite3_column_int64(st, 0),
		.date = db_col_text(st, 1),
		.category = db_col_text(st, 2),
		.form = db_col_text(st, 3),
		.title = db_col_text(st, 4),
		.tags = db_col_text(st, 5),
		.zone = full ? db_col_text(st, 6) : "",
		.style = full ? db_col_text(st, 7) : "",
		.source = full ? db_col_text(st, 8) : "",
		.body = full ? db_col_text(st, 9) : "",
	};
	l.body_len = strlen(l.body);
	if (cols == LINE_PERF)
		perf_columns(st, &l.perf);
	return l;
}


/* content_each_line and content_each_full: the printed columns, with the body or not. */
static int each_line_run(struct db *db, const struct content_filter *f, enum content_sort sort,
			 const struct content_cursor *cursor, size_t limit, enum line_columns cols,
			 content_line_fn *fn, void *ctx, char **cause)
{
	bool full = cols != LINE_PRINTED;
	struct query q = {0};
	/* A page stops early on the walk; the whole list is cheaper read and sorted. */
	bool drive = limit == 0 && sort == CONTENT_SORT_DATE;
	int small = drive ? 0 : set_is_small(db, f, cause);
	if (small < 0)
		return -1;
	page_query_of(&q,
		      cols == LINE_PERF ? PERF_COLUMNS : full ? FULL_COLUMNS : LINE_COLUMNS,
		      cols == LINE_PERF ? PERF_JOIN : "", drive, small, f, sort, cursor, false,
		      limit);
	if (drive)
		return each_line_sorted(db, &q, cols, fn, ctx, cause);
	sqlite3_stmt *st;
	int rc = query_prepare(db, &q, &st, cause);
	query_free(&q);
	if (rc < 0)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct content_line l = line_of_row(st, full, cols);
		int r = fn(&l, ctx, cause);
		if (r != 0) {
			sqlite3_finalize(st);
			return r < 0 ? -1 : 0;
		}
	}
	if (rc != SQLITE_DONE)
		db_fail(db, _("querying content"), cause);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

int content_each_line(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause)
{
	return each_line_run(db, f, sort, cursor, limit, LINE_PRINTED, fn, ctx, cause);
}

int content_each_full(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause)
{
	return each_line_run(db, f, sort, cursor, limit, LINE_FULL, fn, ctx, cause);
}

int content_each_perf(struct db *db, const struct content_filter *f, enum content_sort sort,
		      const struct content_cursor *cursor, size_t limit, content_line_fn *fn,
		      void *ctx, char **cause)
{
	return each_line_run(db, f, sort, cursor, limit, LINE_PERF, fn, ctx, cause);
}

/*
 * each_line_sorted with each row rendered as it is read: the row's strings go through
 * render once, from SQLite's page while it is in the cache, and the arena holds each
 * row's date and text instead of its columns; then emit gets the texts in order.
 */
static int each_line_rendered(struct db *db, struct query *q, enum line_columns cols,
			      content_render_fn *render, content_emit_fn *emit, void *ctx,
			      char **cause)
{
	bool full = cols != LINE_PRINTED;
	sqlite3_stmt *st;
	int rc = query_prepare(db, q, &st, cause);
	query_free(q);
	if (rc < 0)
		return -1;
	struct big arena = {0}, row_block = {0};
	size_t arena_len = 0;
	struct rendered_row *rows = NULL;
	size_t n = 0, cap = 0;
	struct read_order ord = READ_ORDER_INIT;
	struct buf text = {0};
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			big_reserve(&row_block, n * sizeof *rows, (n + 1) * sizeof *rows);
			rows = (struct rendered_row *)(void *)row_block.data;
			cap = row_block.cap / sizeof *rows;
		}
		struct content_line l = line_of_row(st, full, cols);
		text.len = 0;
		render(&l, ctx, &text);
		size_t date_len = strlen(l.date);
		big_reserve(&arena, arena_len, arena_len + date_len + 1 + text.len);
		int32_t slot = date_slot(l.date);
		read_order_note(&ord, !n || l.id > rows[n - 1].k.id, slot);
		struct rendered_row *row = &rows[n++];
		row->k = (struct row_key){.id = l.id, .at = arena_len, .slot = slot};
		memcpy(arena.data + arena_len, l.date, date_len + 1);
		arena_len += date_len + 1;
		row->text_at = arena_len;
		row->text_len = text.len;
		memcpy(arena.data + arena_len, text.data, text.len);
		arena_len += text.len;
	}
	if (rc != SQLITE_DONE)
		db_fail(db, _("querying content"), cause);
	sqlite3_finalize(st);
	buf_free(&text);
	int r = rc == SQLITE_DONE ? 0 : -1;
	size_t *order = r == 0 ? order_newest_first(rows, sizeof *rows, n, arena.data, ord)
			       : NULL;
	for (size_t i = 0; r == 0 && i < n; i++) {
		const struct rendered_row *row = &rows[order[i]];
		r = emit(arena.data + row->text_at, row->text_len, ctx, cause);
	}
	if (r == 0)
		r = emit(NULL, 0, ctx, cause);
	free(order);
	big_free(&row_block);
	big_free(&arena);
	return r < 0 ? -1 : 0;
}

int content_render(struct db *db, const struct content_filter *f,
		   const struct content_cursor *cursor, enum content_columns columns,
		   content_render_fn *render, content_emit_fn *emit, void *ctx, char **cause)
{
	enum line_columns cols = columns == CONTENT_COLUMNS_PERF   ? LINE_PERF
				 : columns == CONTENT_COLUMNS_FULL ? LINE_FULL
								   : LINE_PRINTED;
	struct query q = {0};
	/* The whole list by date, read in no order and sorted (each_line_run's drive). */
	const char *read = cols == LINE_PERF   ? PERF_COLUMNS
			   : cols == LINE_FULL ? FULL_COLUMNS
					       : LINE_COLUMNS;
	page_query_of(&q, read, cols == LINE_PERF ? PERF_JOIN : "", true, false, f,
		      CONTENT_SORT_DATE, cursor, false, 0);
	return each_line_rendered(db, &q, cols, render, emit, ctx, cause);
}

struct page_collect {
	struct content_item *items;
	size_t n;
};

/* content_query's callback: keep a copy of each row (the page is small). */
static int page_collect(struct content_item *it, void *ctx, char **cause)
{
	(void)cause;
	struct page_collect *c = ctx;
	/* Take the strings over instead of copying them; each_run clears what is left. */
	c->items[c->n++] = *it;
	memset(it, 0, sizeof *it);
	return 0;
}

int content_query(struct db *db, const struct content_filter *f, enum content_sort sort,
		  const struct content_cursor *cursor, bool backward, size_t limit,
		  struct content_item **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	if (limit == 0)
		return 0;
	int small = set_is_small(db, f, cause);
	if (small < 0)
		return -1;
	struct query q = {0};
	page_query(&q, small, f, sort, cursor, backward, limit);
	struct page_collect c = {.items = xcalloc(limit, sizeof *c.items)};
	if (each_run(db, &q, page_collect, &c, cause) < 0) {
		content_items_free(c.items, c.n);
		return -1;
	}
	if (backward)
		for (size_t i = 0; i < c.n / 2; i++) {
			struct content_item t = c.items[i];
			c.items[i] = c.items[c.n - 1 - i];
			c.items[c.n - 1 - i] = t;
		}
	*out = c.items;
	*n = c.n;
	return 0;
}

int content_count(struct db *db, const struct content_filter *f, size_t *n, char **cause)
{
	bool more;
	return content_count_upto(db, f, 0, n, &more, cause);
}

int content_count_upto(struct db *db, const struct content_filter *f, size_t cap, size_t *n,
		       bool *more, char **cause)
{
	*more = false;
	struct query q = {0};
	/* With a cap, stop reading at cap + 1 rows: a list header says "1000+", never more. */
	if (filter_set_only(f)) {
		/* The sets' ids counted on their indexes, not an item read for each (a search
		   keystroke's count of 24,000 matches: 5-9 ms to 1 ms). */
		buf_adds(&q.sql, "SELECT count(*) FROM (");
		set_select(&q, f, true);
		if (cap)
			buf_adds(&q.sql, " LIMIT ?");
		buf_adds(&q.sql, ")");
	} else {
		/* A search with other conditions: its index leads, so that a capped count
		   stops with its matches instead of taking every one first (误区 and a zone:
		   11 -> 6.5 ms). */
		char *match = f && f->search && !f->n_tags ? search_match(f->search) : NULL;
		bool joined = match != NULL;
		free(match);
		buf_addf(&q.sql, cap ? "SELECT count(*) FROM (SELECT 1 FROM %scontent c WHERE 1"
				     : "SELECT count(*) FROM %scontent c WHERE 1",
			 joined ? "content_fts CROSS JOIN " : "");
		where_filter(&q, f, false, joined);
		if (cap)
			buf_adds(&q.sql, " LIMIT ?)");
	}
	if (cap)
		bind_int(&q, (int64_t)cap + 1);
	int64_t count;
	if (query_count(db, &q, &count, cause) < 0)
		return -1;
	*n = (size_t)count;
	if (cap && *n > cap) {
		*n = cap;
		*more = true;
	}
	return 0;
}

static int facets_run(struct db *db, struct query *q, struct content_facet **out, size_t *n,
		      char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	int rc = query_prepare(db, q, &st, cause);
	query_free(q);
	if (rc < 0)
		return -1;
	size_t cap = 0;
	struct content_facet *v = NULL;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		v[*n].value = xstrdup(db_col_text(st, 0));
		v[*n].count = (size_t)sqlite3_column_int64(st, 1);
		(*n)++;
	}
	sqlite3_finalize(st);
	*out = v;
	if (rc != SQLITE_DONE) {
		content_facets_free(v, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, _("counting facets"), cause);
	}
	return 0;
}

/* Does f select the whole library (every item not archived)? */
static bool filter_is_library(const struct content_filter *f)
{
	if (!f)
		return true;
	if (f->archived || f->n_tags || f->category || f->zone || f->form ||
	    f->from != DATE_INVALID || f->to != DATE_INVALID)
		return false;
	char *match = f->search ? search_match(f->search) : NULL;
	free(match);
	return !match;
}

int content_facet_tags(struct db *db, const struct content_filter *f, size_t limit,
		       struct content_facet **out, size_t *n, char **cause)
{
	struct query q = {0};
	if (filter_is_library(f)) {
		/*
		 * The whole library: every tag row counted on the tag index alone, less
		 * the archived items' (found by their partial index, migration 017), so
		 * that no item is read to test it. The same counts as the filter below.
		 */
		buf_adds(&q.sql, "SELECT tag, sum(k) AS n FROM ("
				 "SELECT tag, count(*) AS k FROM content_tag GROUP BY tag "
				 "UNION ALL SELECT t.tag, -count(*) FROM content c "
				 "CROSS JOIN content_tag t ON t.content_id = c.id "
				 "WHERE c.archived = 1 GROUP BY t.tag) "
				 "GROUP BY tag HAVING n > 0 ORDER BY n DESC, tag");
	} else if (filter_set_only(f)) {
		/* A search or tags alone: their ids from the indexes, no item read for each
		   (24,000 for 误区: the picker's 65 ms CPU to 35 ms at load 14). */
		buf_adds(&q.sql, "SELECT t.tag, count(*) AS n FROM content_tag t WHERE "
				 "t.content_id IN (");
		set_select(&q, f, true);
		buf_adds(&q.sql, ") GROUP BY t.tag ORDER BY n DESC, t.tag");
	} else {
		buf_adds(&q.sql, "SELECT t.tag, count(*) AS n FROM content_tag t WHERE "
				 "t.content_id IN (SELECT c.id FROM content c WHERE 1");
		where_filter(&q, f, false, false);
		buf_adds(&q.sql, ") GROUP BY t.tag ORDER BY n DESC, t.tag");
	}
	if (limit) {
		buf_adds(&q.sql, " LIMIT ?");
		bind_int(&q, (int64_t)limit);
	}
	return facets_run(db, &q, out, n, cause);
}

int content_facet_categories(struct db *db, const struct content_filter *f,
			     struct content_facet **out, size_t *n, char **cause)
{
	struct query q = {0};
	if (filter_is_library(f)) {
		/*
		 * The whole library: the category index counted alone, less the archived
		 * items' (their partial index, migration 017). Counting through the items
		 * read each one (the picker's first open: 324 ms CPU at team scale).
		 */
		buf_adds(&q.sql, "SELECT category, sum(k) AS n FROM ("
				 "SELECT category, count(*) AS k FROM content "
				 "INDEXED BY content_by_category GROUP BY category "
				 "UNION ALL SELECT c.category, -count(*) FROM content c "
				 "INDEXED BY content_archived WHERE c.archived = 1 GROUP BY c.category) "
				 "GROUP BY category HAVING n > 0 ORDER BY n DESC, category");
		return facets_run(db, &q, out, n, cause);
	}
	buf_adds(&q.sql, "SELECT c.category, count(*) AS n FROM content c WHERE 1");
	where_filter(&q, f, false, false);
	buf_adds(&q.sql, " GROUP BY c.category ORDER BY n DESC, c.category");
	return facets_run(db, &q, out, n, cause);
}

void content_facets_free(struct content_facet *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(f[i].value);
	free(f);
}

int content_get(struct db *db, int64_t id, struct content_item *out, char **cause)
{
	sqlite3_stmt *st =
		db_cached(db, "SELECT " SELECT_COLUMNS " FROM content c WHERE c.id = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		row_to_item(st, out);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("reading content"), cause);
}

int content_require(struct db *db, int64_t id, struct content_item *out, char **cause)
{
	int rc = content_get(db, id, out, cause);
	return rc == 1 ? set_cause(cause, _("no content item %lld"), (long long)id) : rc;
}

/* ---- writing ---- */

/* Is key a category of the active playbook? 0 yes, 1 no, -1 error (a lookup). */
static int category_known(struct db *db, const char *key, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
				     "SELECT 1 FROM pb_category WHERE key = ? AND version_id = "
				     "(SELECT max(id) FROM playbook_version)",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("looking up a category"), cause);
}

/* Check an item before it is stored; where prefixes the message (file:line or ""). */
int content_item_check(struct db *db, const struct content_item *it, char **cause)
{
	if (!it->title || !*it->title)
		return set_cause(cause, _("content item has no title"));
	if (it->date == DATE_INVALID)
		return set_cause(cause, _("content item '%s' has no valid date"), it->title);
	if (it->category && *it->category) {
		int known = category_known(db, it->category, cause);
		if (known < 0)
			return -1;
		if (known > 0)
			return set_cause(cause, _("unknown category '%s'"), it->category);
	}
	if (it->zone && !content_zone_parse(it->zone))
		return set_cause(cause, _("unknown zone '%s'"), it->zone);
	if (it->form && !content_form_parse(it->form))
		return set_cause(cause, _("unknown form '%s'"), it->form);
	if (it->n_tags > CONTENT_MAX_TAGS)
		return set_cause(cause, _("too many tags (more than %d)"), CONTENT_MAX_TAGS);
	return 0;
}

/* The tags normalised and joined with ';' as stored in content.tags. */
static char *tags_join(const struct content_item *it, char ***norm, size_t *n)
{
	struct buf raw = {0};
	for (size_t i = 0; i < it->n_tags; i++) {
		if (i)
			buf_adds(&raw, ";");
		buf_adds(&raw, it->tags[i]);
	}
	*n = content_tags_split(buf_str(&raw), norm);
	buf_free(&raw);
	struct buf b = {0};
	for (size_t i = 0; i < *n; i++) {
		if (i)
			buf_adds(&b, ";");
		buf_adds(&b, (*norm)[i]);
	}
	buf_str(&b);
	return b.data;
}

/* Step a cached statement that returns no rows, and reset it (no read left open). */
static int step_done(struct db *db, sqlite3_stmt *st, const char *what, char **cause)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _(what), cause);
}

int content_store(struct db *db, const struct content_item *it, int64_t *id, char **cause)
{
	return content_store_row(db, it, true, id, cause);
}

int content_store_row(struct db *db, const struct content_item *it, bool with_tags, int64_t *id,
		      char **cause)
{
	char now[DB_NOW_SIZE], date[11];
	db_now(now);
	date_format(it->date, date);
	char **tags;
	size_t n_tags;
	char *joined = tags_join(it, &tags, &n_tags);
	/* Prepared once per connection: an import of 100,000 items runs these in a loop. */
	sqlite3_stmt *st = db_cached(
		db,
		/* An item stored as it is stays untouched: a re-import of the library rewrote
		   every row and its search index (12 s of CPU for 100,000 unchanged items). */
		it->id ? "UPDATE content SET title = ?1, category = ?2, zone = ?3, form = ?4, "
			 "style = ?5, date = ?6, source = ?7, tags = ?8, body = ?9, "
			 "updated_at = ?10 WHERE id = ?11 AND (title IS NOT ?1 OR category IS NOT ?2 "
			 "OR zone IS NOT ?3 OR form IS NOT ?4 OR style IS NOT ?5 OR date IS NOT ?6 "
			 "OR source IS NOT ?7 OR tags IS NOT ?8 OR body IS NOT ?9)"
		       : "INSERT INTO content (title, category, zone, form, style, date, source, "
			 "tags, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
			 "?8, ?9, ?10, ?10)",
		cause);
	int rc = -1;
	if (!st)
		goto out;
	const char *zone = content_zone_parse(it->zone ? it->zone : "");
	const char *form = content_form_parse(it->form ? it->form : "");
	sqlite3_bind_text(st, 1, it->title, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, it->category ? it->category : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, zone ? zone : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, form ? form : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, it->style ? it->style : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, it->source ? it->source : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, joined, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, it->body ? it->body : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_STATIC);
	if (it->id)
		sqlite3_bind_int64(st, 11, it->id);
	if (step_done(db, st, N_("storing content"), cause) < 0)
		goto out;
	bool unchanged = false;
	if (it->id && sqlite3_changes(db_sqlite(db)) == 0) {
		/* Unchanged, or not there at all. */
		if (!(st = db_cached(db, "SELECT 1 FROM content WHERE id = ?", cause)))
			goto out;
		sqlite3_bind_int64(st, 1, it->id);
		unchanged = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_reset(st);
		if (!unchanged) {
			set_cause(cause, _("no content item %lld"), (long long)it->id);
			goto out;
		}
	}
	*id = it->id ? it->id : sqlite3_last_insert_rowid(db_sqlite(db));
	if (unchanged || !with_tags) {  /* its tags too: content_tag is made from the tags column */
		rc = 0;
		goto out;
	}
	/* A new row has no tags yet. */
	if (it->id) {
		if (!(st = db_cached(db, "DELETE FROM content_tag WHERE content_id = ?", cause)))
			goto out;
		sqlite3_bind_int64(st, 1, *id);
		if (step_done(db, st, N_("storing tags"), cause) < 0)
			goto out;
	}
	for (size_t i = 0; i < n_tags; i++) {
		if (!(st = db_cached(db, "INSERT INTO content_tag (content_id, tag) VALUES (?, ?)",
				     cause)))
			goto out;
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_text(st, 2, tags[i], -1, SQLITE_STATIC);
		if (step_done(db, st, N_("storing tags"), cause) < 0)
			goto out;
	}
	rc = 0;
out:
	free(joined);
	content_tags_free(tags, n_tags);
	return rc;
}

static int audit_item(struct db *db, const char *operator, const char *kind, int64_t id,
		      const char *title, char **cause)
{
	char *detail = xasprintf("#%lld %s", (long long)id, title);
	int rc = db_audit(db, operator, kind, detail, cause);
	free(detail);
	return rc;
}

int content_add(struct db *db, struct content_item *item, const char *operator, char **cause)
{
	if (content_item_check(db, item, cause) < 0 || db_begin(db, cause) < 0)
		return -1;
	int64_t id;
	struct content_item copy = *item;
	copy.id = 0;
	if (content_store(db, &copy, &id, cause) < 0 ||
	    audit_item(db, operator, "content-add", id, item->title, cause) < 0 ||
	    db_commit(db, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	item->id = id;
	return 0;
}

static bool str_differs(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") != 0;
}

/* "title 旧 → 新; tags, body": what an edit changed, for the audit log. */
static char *content_changes(const struct content_item *was, const struct content_item *now)
{
	struct buf b = {0};
	if (str_differs(was->title, now->title))
		buf_addf(&b, "title %s → %s; ", was->title, now->title);
	const char *names[] = {"category", "zone", "form", "style", "source", "body"};
	const char *const olds[] = {was->category, was->zone, was->form, was->style, was->source,
				    was->body};
	const char *const news[] = {now->category, now->zone, now->form, now->style, now->source,
				    now->body};
	for (size_t i = 0; i < ARRAY_LEN(names); i++)
		if (str_differs(olds[i], news[i]))
			buf_addf(&b, "%s, ", names[i]);
	if (was->date != now->date)
		buf_adds(&b, "date, ");
	bool tags = was->n_tags != now->n_tags;
	for (size_t i = 0; !tags && i < now->n_tags; i++)
		tags = str_differs(was->tags[i], now->tags[i]);
	if (tags)
		buf_adds(&b, "tags, ");
	if (b.len >= 2)
		b.len -= 2;
	else
		buf_adds(&b, "nothing changed");
	buf_str(&b);
	return b.data;
}

int content_update(struct db *db, const struct content_item *item, const char *operator,
		   char **cause)
{
	if (!item->id)
		return set_cause(cause, _("content item to update has no id"));
	if (content_item_check(db, item, cause) < 0 || db_begin(db, cause) < 0)
		return -1;
	/* Read the old version inside the transaction, so the log says what changed. */
	struct content_item was;
	if (content_require(db, item->id, &was, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	char *changes = content_changes(&was, item);
	char *what = xasprintf("%s: %s", item->title, changes);
	content_item_clear(&was);
	free(changes);
	int64_t id;
	int rc = 0;
	if (content_store(db, item, &id, cause) < 0 ||
	    audit_item(db, operator, "content-edit", id, what, cause) < 0 ||
	    db_commit(db, cause) < 0) {
		db_rollback(db);
		rc = -1;
	}
	free(what);
	return rc;
}

static int exec_id(struct db *db, const char *sql, int64_t id, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("deleting content"), cause);
}

int content_delete(struct db *db, int64_t id, const char *operator, size_t *unscheduled,
		   bool *archived, char **cause)
{
	return content_delete_on(db, id, date_today(), operator, unscheduled, archived, cause);
}

/* Run sql (?1 the item, ?2 a date unless NULL) and give its one count. */
static int count_id_day(struct db *db, const char *sql, int64_t id, const char *day, int *n,
			char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	if (day)
		sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	int rc = 0;
	if (sqlite3_step(st) == SQLITE_ROW)
		*n = sqlite3_column_int(st, 0);
	else
		rc = db_fail(db, _("reading the item's slots"), cause);
	sqlite3_finalize(st);
	return rc;
}

int content_delete_on(struct db *db, int64_t id, int today, const char *operator,
		      size_t *unscheduled, bool *archived, char **cause)
{
	struct content_item it;
	if (content_require(db, id, &it, cause) < 0)
		return -1;
	if (db_begin(db, cause) < 0) {
		content_item_clear(&it);
		return -1;
	}
	char day[11];
	date_format(today, day);
	int unplanned = 0, kept = 0;
	/* Only the plan ahead goes: slots from today on, not posted. Past slots, posted or
	   not, are history (what was planned, the content report, KPI) and stay. */
	int rc = count_id_day(db, "SELECT count(*) FROM slot WHERE content_id = ?1 AND "
			      "status <> 'posted' AND day >= ?2", id, day, &unplanned, cause);
	if (rc == 0) {
		sqlite3_stmt *st;
		rc = db_prepare(db, "DELETE FROM slot WHERE content_id = ?1 AND status <> 'posted' "
				"AND day >= ?2", &st, cause);
		if (rc == 0) {
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
			if (sqlite3_step(st) != SQLITE_DONE)
				rc = db_fail(db, _("unscheduling the item"), cause);
			sqlite3_finalize(st);
		}
	}
	/* An item with history left is archived, so those slots keep their content. */
	if (rc == 0)
		rc = count_id_day(db, "SELECT count(*) FROM slot WHERE content_id = ?1", id,
				  NULL, &kept, cause);
	size_t slots = (size_t)unplanned;
	char *title = kept ? xasprintf("%s (%d past or posted slot%s kept, archived; unscheduled "
				       "from %zu slot%s)", it.title, kept, kept == 1 ? "" : "s",
				       slots, slots == 1 ? "" : "s")
			   : xasprintf("%s (unscheduled from %zu slot%s)", it.title, slots,
				       slots == 1 ? "" : "s");
	if (rc < 0 ||
	    exec_id(db, kept ? "UPDATE content SET archived = 1 WHERE id = ?"
			     : "DELETE FROM content WHERE id = ?", id, cause) < 0 ||
	    audit_item(db, operator, kept ? "content-archive" : "content-delete", id,
		       slots || kept ? title : it.title, cause) < 0 ||
	    db_commit(db, cause) < 0) {
		db_rollback(db);
		rc = -1;
	}
	free(title);
	content_item_clear(&it);
	if (rc == 0 && unscheduled)
		*unscheduled = slots;
	if (rc == 0 && archived)
		*archived = kept > 0;
	return rc;
}

int content_slots_read(struct db *db, int64_t id, int from, struct content_use **out,
		       size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	/* Cached: the Library's detail asks on every cursor move. */
	sqlite3_stmt *st = db_cached(db,
				     "SELECT s.group_id, coalesce(g.name, ''), s.day, s.at FROM slot s "
				     "LEFT JOIN chat_group g ON g.id = s.group_id WHERE s.content_id = ?1 "
				     "AND (?2 IS NULL OR (s.status <> 'posted' AND s.day >= ?2)) "
				     "ORDER BY s.day, s.at, g.name COLLATE PINYIN",
				     cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	char day[11];
	if (from != DATE_INVALID) {
		date_format(from, day);
		sqlite3_bind_text(st, 2, day, -1, SQLITE_TRANSIENT);
	} else {
		sqlite3_bind_null(st, 2);
	}
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		/* slot.day and slot.at are TEXT (migrations 004, 006). */
		struct content_use *u = &(*out)[(*n)++];
		u->group_id = sqlite3_column_int64(st, 0);
		u->group_name = xstrdup(db_col_text(st, 1));
		u->day = date_parse(db_col_text(st, 2));
		u->at = time_parse_hhmm(db_col_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		content_usage_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, _("reading where content is scheduled"), cause);
	}
	return 0;
}

int content_usage(struct db *db, int64_t id, struct content_use **out, size_t *n,
		  char **cause)
{
	return content_slots_read(db, id, DATE_INVALID, out, n, cause);
}

void content_usage_free(struct content_use *u, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(u[i].group_name);
	free(u);
}

int content_mix(struct db *db, const struct playbook *pb, int today, struct content_mix **out,
		size_t *n, size_t *total, char **cause)
{
	int from = today - 29;
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(today, dto);
	/* The slots' counts kept per day and category (migration 022): 30 days of a few
	   rows, not every slot and its item. Days compare as YYYY-MM-DD strings. */
	sqlite3_stmt *st = db_cached(db, "SELECT category, sum(slots) FROM content_mix_day "
				     "WHERE day BETWEEN ?1 AND ?2 GROUP BY category "
				     "HAVING sum(slots) > 0", cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, dfrom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, dto, -1, SQLITE_TRANSIENT);
	struct content_mix *mix = xcalloc(pb->n_categories + 1, sizeof *mix);
	for (size_t i = 0; i < pb->n_categories; i++) {
		mix[i].key = pb->categories[i].key;
		mix[i].name = pb->categories[i].name;
		mix[i].target = pb->categories[i].share;
	}
	size_t sum = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = db_col_text(st, 0);
		size_t count = (size_t)sqlite3_column_int64(st, 1);
		sum += count;
		for (size_t i = 0; i < pb->n_categories; i++)
			if (strcmp(mix[i].key, key) == 0)
				mix[i].used += count;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(mix);
		return db_fail(db, _("computing the content mix"), cause);
	}
	for (size_t i = 0; i < pb->n_categories; i++)
		mix[i].share = sum ? 100.0 * (double)mix[i].used / (double)sum : 0;
	*out = mix;
	*n = pb->n_categories;
	*total = sum;
	return 0;
}

int content_bodies(struct db *db, const int64_t *ids, size_t n, char ***bodies, char **cause)
{
	/* A row per id in the array's order (sopdeck_ids: no JSON list written and parsed);
	   an item that is gone has no row, so each row is matched to the next place asking
	   for its id. In the array's order, not sorted by id: the items are a quarter of the
	   table's pages, and read in order they became 64 KiB read-aheads of all of it. */
	sqlite3_stmt *st = db_cached(db,
				     "SELECT c.id, c.body FROM sopdeck_ids(?1) AS j "
				     "JOIN content AS c ON c.id = j.value",
				     cause);
	if (!st)
		return -1;
	struct db_ids list = {ids, n};
	db_ids_bind(st, 1, &list);
	char **v = xcalloc(n + 1, sizeof *v);
	size_t k = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		while (k < n && ids[k] != id)
			k++;
		if (k < n)
			v[k++] = xstrdup(db_col_text(st, 1));
	}
	sqlite3_reset(st);
	for (size_t i = 0; i < n; i++)
		if (!v[i])
			v[i] = xstrdup("");
	if (rc != SQLITE_DONE) {
		for (size_t i = 0; i < n; i++)
			free(v[i]);
		free(v);
		return db_fail(db, _("reading content bodies"), cause);
	}
	*bodies = v;
	return 0;
}
