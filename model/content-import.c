/* Content import (YAML list or CSV, one transaction), export (CSV with BOM, YAML), demo items. */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

#include "assets.h"
#include "content-internal.h"
#include "content.h"
#include "csv.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "playbook.h"
#include "text.h"
#include "util.h"
#include "yaml-check.h"

/* A hundred thousand items of ten keys, or a thousand with a thousand tags each. */
#define CONTENT_YAML_MAX_EVENTS 4000000L

enum field { F_TITLE, F_CATEGORY, F_ZONE, F_FORM, F_STYLE, F_TAGS, F_DATE, F_SOURCE, F_BODY,
	     F_COUNT };

/* Column or key names per field: English first (what export writes), then Chinese. */
static const char *const field_names[F_COUNT][8] = {
	[F_TITLE] = {"title", "标题", "名称", NULL},
	[F_CATEGORY] = {"category", "分类", "类别", "内容类型", NULL},
	[F_ZONE] = {"zone", "素材区", "分区", "素材分区", NULL},
	[F_FORM] = {"form", "形式", "内容形式", NULL},
	[F_STYLE] = {"style", "风格", "话术风格", NULL},
	[F_TAGS] = {"tags", "tag", "标签", NULL},
	[F_DATE] = {"date", "日期", NULL},
	[F_SOURCE] = {"source", "来源", NULL},
	[F_BODY] = {"body", "正文", "内容", "文案", NULL},
};

static int field_find(const char *name)
{
	char *n = text_trim(text_fold_width(name));
	int found = -1;
	for (int f = 0; f < F_COUNT && found < 0; f++)
		for (const char *const *a = field_names[f]; *a; a++)
			if (strcasecmp(n, *a) == 0)
				found = f;
	free(n);
	return found;
}

/* One record as read, before it is made an item. */
struct raw {
	const char *v[F_COUNT];   /* NULL = absent */
	char **tag_list;          /* YAML sequence of tags, else NULL */
	size_t n_tag_list;
	char *at[F_COUNT];        /* YAML: "file:7:9", where each value is; NULL = the record's */
};

/* Where field f's value is, for its error: its own line:col when known. */
static const char *field_at(const struct raw *r, int f, const char *where)
{
	return r->at[f] ? r->at[f] : where;
}

/*
 * The items a first import has stored, by title and date (an open-addressing table):
 * with content's indexes set aside (import_indexes_drop), the same title on the same
 * date is looked up here instead of in content_by_title.
 */
struct stored {
	struct stored_entry {
		char *key;  /* the title, a NUL, the date; NULL = an empty slot */
		size_t len;
		uint64_t hash;
		int64_t id;
	} *slots;
	size_t cap, n;
};

struct importer {
	struct db *db;
	struct playbook *pb;
	size_t count;
	/* The library was empty: its indexes are made after the rows (import_run). */
	bool fresh;
	struct stored stored;
};

/* Two tags in the order of content_tag's key (BINARY: bytes, as strcmp). */
static int tag_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static uint64_t stored_hash(const char *key, size_t len)
{
	uint64_t h = 1469598103934665603ULL;  /* FNV-1a */
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)key[i]) * 1099511628211ULL;
	return h;
}

/* The slot of key: its own, or the empty one where it would go. */
static struct stored_entry *stored_slot(struct stored *t, const char *key, size_t len,
					uint64_t h)
{
	size_t i = (size_t)h & (t->cap - 1);
	while (t->slots[i].key &&
	       !(t->slots[i].hash == h && t->slots[i].len == len &&
		 memcmp(t->slots[i].key, key, len) == 0))
		i = (i + 1) & (t->cap - 1);
	return &t->slots[i];
}

/* The title and date as one key: "title\0date". */
static char *stored_key(const char *title, const char *date, size_t *len)
{
	size_t t = strlen(title), d = strlen(date);
	char *key = xmalloc(t + 1 + d);
	memcpy(key, title, t + 1);
	memcpy(key + t + 1, date, d);
	*len = t + 1 + d;
	return key;
}

/* The id stored for title and date in this import, else 0. */
static int64_t stored_find(struct stored *t, const char *title, const char *date)
{
	if (!t->n)
		return 0;
	size_t len;
	char *key = stored_key(title, date, &len);
	int64_t id = stored_slot(t, key, len, stored_hash(key, len))->id;
	free(key);
	return id;
}

static void stored_add(struct stored *t, const char *title, const char *date, int64_t id)
{
	if (2 * (t->n + 1) > t->cap) {
		/* At most half full, so that every probe ends at an empty slot. */
		struct stored old = *t;
		t->cap = old.cap ? 2 * old.cap : 1024;
		t->slots = xcalloc(t->cap, sizeof *t->slots);
		for (size_t i = 0; i < old.cap; i++)
			if (old.slots[i].key)
				*stored_slot(t, old.slots[i].key, old.slots[i].len,
					     old.slots[i].hash) = old.slots[i];
		free(old.slots);
	}
	struct stored_entry e = {.id = id};
	e.key = stored_key(title, date, &e.len);
	e.hash = stored_hash(e.key, e.len);
	struct stored_entry *slot = stored_slot(t, e.key, e.len, e.hash);
	if (slot->key) {
		free(e.key);  /* already there: an update of the same item */
		return;
	}
	*slot = e;
	t->n++;
}

static void stored_free(struct stored *t)
{
	for (size_t i = 0; i < t->cap; i++)
		free(t->slots[i].key);
	free(t->slots);
	*t = (struct stored){0};
}

/*
 * Turn a raw record into a stored item (inside the import's transaction);
 * where ("file:12" or "file:3:5") prefixes any error.
 */
static int import_record(struct importer *imp, const struct raw *r, const char *where,
			 char **cause)
{
	struct content_item it = {0};
	char *err = NULL;
	int rc = -1;
	char *title = text_trim(xstrdup(r->v[F_TITLE] ? r->v[F_TITLE] : ""));
	if (!*title) {
		free(title);
		return set_cause(cause, _("%s: title is missing"), where);
	}
	it.title = title;
	int rule_day = DATE_INVALID;
	char *rule_category = NULL;
	const char *rule_form = NULL;
	bool rule = content_naming_rule(title, &rule_day, &rule_category, &rule_form);

	const char *v = r->v[F_DATE];
	char *d = text_trim(xstrdup(v ? v : ""));
	it.date = *d ? content_parse_date(d) : rule ? rule_day : DATE_INVALID;
	if (it.date == DATE_INVALID) {
		if (*d)
			set_cause(cause, _("%s: bad date '%s' (want YYYY-MM-DD or YYYYMM)"),
				  field_at(r, F_DATE, where), d);
		else
			set_cause(cause, _("%s: no date (YYYY-MM-DD or YYYYMM), and the title "
					   "does not follow the naming rule "
					   "(202503 促活-育儿干货-图文)"), where);
		free(d);
		goto out;
	}
	free(d);

	v = r->v[F_CATEGORY];
	const char *key = content_category_parse(imp->pb, v ? v : "");
	if (!key) {
		set_cause(cause, _("%s: unknown category '%s'"), field_at(r, F_CATEGORY, where), v);
		goto out;
	}
	if (!*key && rule) {
		/* From the naming rule; a word that is no category just leaves it empty. */
		key = content_category_parse(imp->pb, rule_category);
		if (!key)
			key = "";
	}
	it.category = xstrdup(key);

	v = r->v[F_ZONE];
	const char *zone = content_zone_parse(v ? v : "");
	if (!zone) {
		set_cause(cause, _("%s: unknown zone '%s' (knowledge|visual|campaign|ugc)"),
			  field_at(r, F_ZONE, where), v);
		goto out;
	}
	it.zone = xstrdup(zone);
	v = r->v[F_FORM];
	const char *form = content_form_parse(v ? v : "");
	if (!form) {
		set_cause(cause, _("%s: unknown form '%s' (text|video|voice|live|qa)"),
			  field_at(r, F_FORM, where), v);
		goto out;
	}
	if (!*form && rule && rule_form)
		form = rule_form;
	it.form = xstrdup(form);
	it.style = text_trim(xstrdup(r->v[F_STYLE] ? r->v[F_STYLE] : ""));
	it.source = text_trim(xstrdup(r->v[F_SOURCE] ? r->v[F_SOURCE] : ""));
	it.body = xstrdup(r->v[F_BODY] ? r->v[F_BODY] : "");
	if (r->tag_list) {
		struct buf b = {0};
		for (size_t i = 0; i < r->n_tag_list; i++)
			buf_adds(&b, r->tag_list[i]), buf_adds(&b, ";");
		it.n_tags = content_tags_split(buf_str(&b), &it.tags);
		buf_free(&b);
	} else {
		it.n_tags = content_tags_split(r->v[F_TAGS], &it.tags);
	}
	if (content_item_check(imp->db, &it, &err) < 0) {
		set_cause(cause, "%s: %s", where, err);
		goto out;
	}

	/* The same title on the same date is the same item: re-importing updates it. */
	char date[11];
	date_format(it.date, date);
	if (imp->fresh) {
		/* Only this import's items are stored, and content_by_title is set aside. */
		it.id = stored_find(&imp->stored, it.title, date);
	} else {
		/* Prepared once per connection, not once per record. */
		sqlite3_stmt *st = db_cached(
			imp->db, "SELECT id FROM content WHERE title = ? AND date = ? LIMIT 1",
			cause);
		if (!st)
			goto out;
		sqlite3_bind_text(st, 1, it.title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, date, -1, SQLITE_STATIC);
		int found = sqlite3_step(st);
		if (found == SQLITE_ROW)
			it.id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (found != SQLITE_ROW && found != SQLITE_DONE) {
			db_fail(imp->db, _("looking for the same title and date"), &err);
			set_cause(cause, "%s: %s", where, err);
			goto out;
		}
	}
	int64_t id;
	/* A first import's tags are made from the rows at its end (import_tags_from_rows). */
	if (content_store_row(imp->db, &it, !imp->fresh, &id, &err) < 0) {
		set_cause(cause, "%s: %s", where, err);
		goto out;
	}
	if (imp->fresh)
		stored_add(&imp->stored, it.title, date, id);
	imp->count++;
	rc = 0;
out:
	free(err);
	free(rule_category);
	content_item_clear(&it);
	return rc;
}

/* ---- CSV ---- */

static int import_csv(struct importer *imp, struct csv *csv, char **cause)
{
	struct csv_record rec;
	int r = csv_next(csv, &rec, cause);
	if (r < 0)
		return -1;
	if (r == 0)
		return set_cause(cause, _("%s: no rows (an empty file; want a header: title, "
					  "category, zone, form, style, tags, date, source, body)"),
				 csv_name(csv));
	int col[F_COUNT];
	for (int f = 0; f < F_COUNT; f++)
		col[f] = -1;
	for (size_t i = 0; i < rec.n; i++) {
		int f = field_find(rec.fields[i]);
		if (f < 0 && !*rec.fields[i])
			continue;
		if (f < 0)
			return set_cause(cause, _("%s:%ld: unknown column '%s' (want "
						  "title, category, zone, form, style, "
						  "tags, date, source, body)"),
					 csv_name(csv), rec.line, rec.fields[i]);
		if (col[f] >= 0)
			return set_cause(cause, _("%s:%ld: column '%s' appears twice"),
					 csv_name(csv),
					 rec.line, rec.fields[i]);
		col[f] = (int)i;
	}
	if (col[F_TITLE] < 0)
		return set_cause(cause, _("%s:%ld: no title column"), csv_name(csv), rec.line);
	size_t n_cols = rec.n;
	while ((r = csv_next(csv, &rec, cause)) > 0) {
		if (csv_blank(&rec))
			continue;
		/* Data in a column without a name would be lost (an unquoted comma): refuse it. */
		for (size_t i = 0; i < rec.n; i++) {
			bool named = false;
			for (int f = 0; f < F_COUNT && !named; f++)
				named = col[f] == (int)i;
			if (named || rec.fields[i][strspn(rec.fields[i], " \t\r\n")] == '\0')
				continue;
			if (i >= n_cols)
				return set_cause(cause, _("%s:%ld: %zu fields, but the header has %zu"),
						 csv_name(csv), rec.line, rec.n, n_cols);
			return set_cause(cause, _("%s:%ld: a value in column %zu, which has no name "
						  "in the header"), csv_name(csv), rec.line, i + 1);
		}
		struct raw raw = {0};
		for (int f = 0; f < F_COUNT; f++)
			raw.v[f] = col[f] >= 0 && (size_t)col[f] < rec.n ? rec.fields[col[f]] : NULL;
		char *where = xasprintf("%s:%ld", csv_name(csv), rec.line);
		int rc = import_record(imp, &raw, where, cause);
		free(where);
		if (rc < 0)
			return -1;
	}
	if (r == 0 && imp->count == 0)
		return set_cause(cause, _("%s: no rows (only a header)"), csv_name(csv));
	return r;
}

/* ---- YAML ---- */

static int yaml_fail(const char *name, const yaml_mark_t *m, char **cause, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int yaml_fail(const char *name, const yaml_mark_t *m, char **cause, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *text = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(cause, "%s:%zu:%zu: %s", name, m->line + 1, m->column + 1, text);
	free(text);
	return -1;
}

static int import_yaml_item(struct importer *imp, yaml_document_t *doc, yaml_node_t *item,
			    const char *name, char **cause)
{
	if (item->type != YAML_MAPPING_NODE)
		return yaml_fail(name, &item->start_mark, cause,
				 _("expected an item (a mapping of title, tags, body ...)"));
	struct raw raw = {0};
	int rc = 0;
	for (yaml_node_pair_t *p = item->data.mapping.pairs.start;
	     rc == 0 && p < item->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		yaml_node_t *v = yaml_document_get_node(doc, p->value);
		if (k->type != YAML_SCALAR_NODE) {
			rc = yaml_fail(name, &k->start_mark, cause, _("expected a key"));
			break;
		}
		const char *key = (const char *)k->data.scalar.value;
		int f = field_find(key);
		if (f < 0) {
			rc = yaml_fail(name, &k->start_mark, cause,
				       _("unknown key '%s' (want title, category, zone, form, "
					 "style, tags, date, source, body)"), key);
		} else if (raw.v[f] || (f == F_TAGS && raw.tag_list)) {
			rc = yaml_fail(name, &k->start_mark, cause, _("duplicate key '%s'"), key);
		} else if (v->type == YAML_SCALAR_NODE) {
			raw.v[f] = (const char *)v->data.scalar.value;
			raw.at[f] = xasprintf("%s:%zu:%zu", name, v->start_mark.line + 1,
					      v->start_mark.column + 1);
		} else if (f == F_TAGS && v->type == YAML_SEQUENCE_NODE) {
			size_t n = (size_t)(v->data.sequence.items.top - v->data.sequence.items.start);
			raw.tag_list = xcalloc(n + 1, sizeof *raw.tag_list);
			for (yaml_node_item_t *t = v->data.sequence.items.start;
			     t < v->data.sequence.items.top; t++) {
				yaml_node_t *tn = yaml_document_get_node(doc, *t);
				if (tn->type != YAML_SCALAR_NODE) {
					rc = yaml_fail(name, &tn->start_mark, cause,
						       _("a tag must be text"));
					break;
				}
				raw.tag_list[raw.n_tag_list++] = (char *)tn->data.scalar.value;
			}
		} else {
			rc = yaml_fail(name, &v->start_mark, cause,
				       f == F_TAGS ? _("'%s' must be text or a list of tags")
						   : _("'%s' must be text"),
				       key);
		}
	}
	if (rc == 0) {
		char *where = xasprintf("%s:%zu:%zu", name, item->start_mark.line + 1,
					item->start_mark.column + 1);
		rc = import_record(imp, &raw, where, cause);
		free(where);
	}
	free(raw.tag_list);
	for (int f = 0; f < F_COUNT; f++)
		free(raw.at[f]);
	return rc;
}

/* Every item of a loaded document (inside the import's transaction). */
static int import_yaml(struct importer *imp, yaml_document_t *doc, const char *name,
		       char **cause)
{
	int rc = 0;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (root && root->type != YAML_SEQUENCE_NODE) {
		rc = yaml_fail(name, &root->start_mark, cause,
			       _("expected a list of content items ('- title: ...')"));
	} else if (root) {
		for (yaml_node_item_t *i = root->data.sequence.items.start;
		     rc == 0 && i < root->data.sequence.items.top; i++)
			rc = import_yaml_item(imp, doc, yaml_document_get_node(doc, *i), name,
					      cause);
	}
	return rc;
}

/*
 * Parse (bounded) before the write transaction: a long or hostile file never
 * holds the lock for its parsing time. Empty files and lists are "no rows".
 */
static int load_yaml(const char *text, size_t len, const char *name, yaml_document_t *doc,
		     char **cause)
{
	if (yaml_load_bounded(text, len, name, CONTENT_YAML_MAX_EVENTS, doc, cause) < 0)
		return -1;
	yaml_node_t *root = yaml_document_get_root_node(doc);
	if (!root || (root->type == YAML_SCALAR_NODE && root->data.scalar.length == 0 &&
		      root->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) ||
	    (root->type == YAML_SEQUENCE_NODE &&
	     root->data.sequence.items.start == root->data.sequence.items.top)) {
		yaml_document_delete(doc);
		return set_cause(cause, _("%s: no rows"), name);
	}
	return 0;
}

/* ---- entry points ---- */

static bool is_csv_name(const char *path)
{
	size_t n = strlen(path);
	return n >= 4 && strcasecmp(path + n - 4, ".csv") == 0;
}

/*
 * Inside the import's transaction: rows inserted from now on are indexed for
 * search at the end (import_index_new), in one statement instead of a trigger
 * per row (migration 007's content_fts_defer), and content's CHECKs are off
 * until the import ends (checked in C instead). The page cache and statement
 * journals are db_bulk's, set before the transaction begins.
 */
static int import_defer_index(struct db *db, char **cause)
{
	/*
	 * And content's CHECKs (zone and form IN lists, a title) skipped: SQLite
	 * builds two temporary tables per row for them, a third of an import's
	 * time, and every value stored was checked in C first (content_item_check;
	 * zone and form are content_*_parse's keys). import_run turns them back on.
	 */
	return db_exec(db,
		       "PRAGMA ignore_check_constraints = ON;"
		       "INSERT INTO content_fts_defer (above) SELECT coalesce(max(id), 0) FROM content",
		       cause);
}

/* Index the rows import_defer_index held back, still inside the transaction. */
static int import_index_new(struct db *db, char **cause)
{
	return db_exec(db,
		       "INSERT INTO content_fts (rowid, title, tags, body) "
		       "SELECT id, title, tags, body FROM content "
		       "WHERE id > (SELECT min(above) FROM content_fts_defer);"
		       "DELETE FROM content_fts_defer;",
		       cause);
}

/* The indexes of content and content_tag as their migrations made them: their SQL. */
struct saved_indexes {
	char **sql;
	size_t n;
};

static void saved_indexes_free(struct saved_indexes *x)
{
	for (size_t i = 0; i < x->n; i++)
		free(x->sql[i]);
	free(x->sql);
	*x = (struct saved_indexes){0};
}

/*
 * A first import into an empty library (the table has no row): content's and
 * content_tag's indexes are dropped inside the import's transaction and made again
 * from their own stored SQL after the rows (import_indexes_make), so the schema is the
 * one the migrations made; content_tag's rows come after the items' too
 * (import_tags_from_rows). Kept up row by row, their pages lay between the items' in
 * the file (of the 12,950 pages around a team's 8,367 content pages, 4,600 were
 * theirs), and a listing's scan read them all; made at the end, each is its own run of
 * pages after the items'. 0 and *fresh set when so, 0 and *fresh clear when the
 * library has items (they stay as they are), -1 on an error.
 */
static int import_indexes_drop(struct db *db, struct saved_indexes *x, bool *fresh,
			       char **cause)
{
	*fresh = false;
	/* No row when the library has items; sql is NULL for the primary keys' own
	   indexes, which go with their tables. */
	sqlite3_stmt *st = db_cached(db,
				     "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
				     "tbl_name IN ('content', 'content_tag') AND sql IS NOT NULL "
				     "AND NOT EXISTS (SELECT 1 FROM content) ORDER BY name",
				     cause);
	if (!st)
		return -1;
	struct buf drop = {0};
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		x->sql = xrealloc(x->sql, (x->n + 1) * sizeof *x->sql);
		x->sql[x->n++] = xstrdup(db_col_text(st, 1));
		char *name = sqlite3_mprintf("DROP INDEX \"%w\";", db_col_text(st, 0));
		buf_adds(&drop, name);
		sqlite3_free(name);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		buf_free(&drop);
		return db_fail(db, _("reading the content indexes"), cause);
	}
	rc = x->n ? db_exec(db, buf_str(&drop), cause) : 0;
	buf_free(&drop);
	*fresh = rc == 0 && x->n > 0;
	return rc;
}

/*
 * A first import's content_tag rows, made from the items' tags columns once they are all
 * in: each item's normalised tags joined by ';' (content_store), split again, in the
 * table's key order, so that its pages follow the items' instead of lying between them.
 */
static int import_tags_from_rows(struct db *db, char **cause)
{
	sqlite3_stmt *rows = db_cached(db, "SELECT id, tags FROM content WHERE tags <> '' "
					   "ORDER BY id", cause);
	if (!rows)
		return -1;
	int rc;
	while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(rows, 0);
		/* A copy: the insert below may move the row's text. */
		char *tags = xstrdup(db_col_text(rows, 1));
		/* The key's order within an item: tag ascending (BINARY, as the key). */
		char *one[CONTENT_MAX_TAGS + 1];
		size_t n = 0;
		for (char *save = NULL, *t = strtok_r(tags, ";", &save); t && n <= CONTENT_MAX_TAGS;
		     t = strtok_r(NULL, ";", &save))
			one[n++] = t;
		qsort(one, n, sizeof *one, tag_cmp);
		sqlite3_stmt *ins = NULL;
		for (size_t i = 0; i < n && rc == SQLITE_ROW; i++) {
			if (!(ins = db_cached(db, "INSERT INTO content_tag (content_id, tag) "
						  "VALUES (?, ?)", cause))) {
				rc = -1;
				break;
			}
			sqlite3_bind_int64(ins, 1, id);
			sqlite3_bind_text(ins, 2, one[i], -1, SQLITE_STATIC);
			int done = sqlite3_step(ins);
			sqlite3_reset(ins);
			if (done != SQLITE_DONE) {
				db_fail(db, _("storing tags"), cause);
				rc = -1;
			}
		}
		free(tags);
		if (rc != SQLITE_ROW)
			break;
	}
	sqlite3_reset(rows);
	if (rc == -1)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("storing tags"), cause);
}

/* The indexes import_indexes_drop set aside, made again from their SQL (one exec). */
static int import_indexes_make(struct db *db, const struct saved_indexes *x, char **cause)
{
	if (!x->n)
		return 0;
	struct buf make = {0};
	for (size_t i = 0; i < x->n; i++) {
		buf_adds(&make, x->sql[i]);
		buf_adds(&make, ";\n");
	}
	int rc = db_exec(db, buf_str(&make), cause);
	buf_free(&make);
	return rc;
}

/* Run fn inside one transaction with the active playbook; nothing stays on error. */
static int import_run(struct db *db, const char *operator, const char *name,
		      int (*fn)(struct importer *, void *, char **), void *arg, size_t *count,
		      char **cause)
{
	struct importer imp = {.db = db};
	if (playbook_load_active(db, &imp.pb, cause) < 0)
		return -1;
	db_bulk(db, 32768);
	int rc = db_begin(db, cause);
	struct saved_indexes indexes = {0};
	if (rc == 0) {
		char *detail = NULL;
		rc = import_indexes_drop(db, &indexes, &imp.fresh, cause);
		if (rc == 0)
			rc = import_defer_index(db, cause);
		if (rc == 0)
			rc = fn(&imp, arg, cause);
		if (rc == 0 && imp.fresh)
			rc = import_tags_from_rows(db, cause);
		if (rc == 0)
			rc = import_index_new(db, cause);
		if (rc == 0)
			rc = import_indexes_make(db, &indexes, cause);
		if (rc == 0) {
			detail = xasprintf("%zu item%s from %s", imp.count,
					   imp.count == 1 ? "" : "s", name);
			rc = db_audit(db, operator, "content-import", detail, cause);
		}
		if (rc == 0)
			rc = db_commit(db, cause);
		if (rc < 0)
			db_rollback(db);
		free(detail);
	}
	/* Back to SQLite's default page cache (2 MB) and the CHECKs for the rest of the session. */
	db_bulk(db, 0);
	char *ignored = NULL;
	if (db_exec(db, "PRAGMA ignore_check_constraints = OFF", &ignored) < 0)
		free(ignored); /* a pragma on an open handle does not fail; the import stands */
	playbook_free(imp.pb);
	stored_free(&imp.stored);
	saved_indexes_free(&indexes);
	if (rc == 0 && count)
		*count = imp.count;
	return rc < 0 ? -1 : 0;
}

struct text_arg {
	const char *text, *name;
	size_t len;
	bool is_csv;
	yaml_document_t *doc;   /* YAML: loaded before the transaction */
	struct csv *csv;        /* CSV: opened (encoding decided) before it */
};

static int import_text_fn(struct importer *imp, void *arg, char **cause)
{
	struct text_arg *a = arg;
	if (!a->is_csv)
		return import_yaml(imp, a->doc, a->name, cause);
	return import_csv(imp, a->csv, cause);
}

int content_import_text(struct db *db, const char *text, size_t len, const char *name,
			bool is_csv, const char *operator, size_t *count, char **cause)
{
	struct text_arg a = {.text = text, .len = len, .name = name, .is_csv = is_csv};
	yaml_document_t doc;
	int rc;
	if (is_csv) {
		if (csv_open_mem(text, len, name, &a.csv, cause) < 0)
			return -1;
		rc = import_run(db, operator, name, import_text_fn, &a, count, cause);
		csv_close(a.csv);
		return rc;
	}
	if (load_yaml(text, len, name, &doc, cause) < 0)
		return -1;
	a.doc = &doc;
	rc = import_run(db, operator, name, import_text_fn, &a, count, cause);
	yaml_document_delete(&doc);
	return rc;
}

int content_import_file(struct db *db, const char *path, const char *operator, size_t *count,
			char **cause)
{
	if (is_csv_name(path)) {
		/* The encoding pass reads the whole file: before the transaction, too. */
		struct text_arg a = {.name = path, .is_csv = true};
		if (csv_open(path, &a.csv, cause) < 0)
			return -1;
		int rc = import_run(db, operator, path, import_text_fn, &a, count, cause);
		csv_close(a.csv);
		return rc;
	}
	char *text;
	size_t len;
	if (read_file(path, CONTENT_MAX_IMPORT_BYTES, &text, &len, cause) < 0)
		return -1;
	int rc = content_import_text(db, text, len, path, false, operator, count, cause);
	free(text);
	return rc;
}

/* ---- export ---- */

static char *tags_joined(const struct content_item *it)
{
	struct buf b = {0};
	for (size_t i = 0; i < it->n_tags; i++) {
		if (i)
			buf_adds(&b, ";");
		buf_adds(&b, it->tags[i]);
	}
	buf_str(&b);
	return b.data;
}

static void export_csv_item(FILE *out, const struct content_item *it)
{
	char date[11], *tags = tags_joined(it);
	date_format(it->date, date);
	const char *v[F_COUNT] = {
		[F_TITLE] = it->title, [F_CATEGORY] = it->category, [F_ZONE] = it->zone,
		[F_FORM] = it->form,   [F_STYLE] = it->style,       [F_TAGS] = tags,
		[F_DATE] = date,       [F_SOURCE] = it->source,     [F_BODY] = it->body,
	};
	for (int f = 0; f < F_COUNT; f++)
		csv_write_cell(out, v[f], f == F_COUNT - 1);
	free(tags);
}

static int emit(yaml_emitter_t *e, yaml_event_t *ev)
{
	return yaml_emitter_emit(e, ev) ? 0 : -1;
}

/* A copy with every byte that starts no valid UTF-8 character replaced by U+FFFD. */
static char *utf8_repaired(const char *s)
{
	struct buf b = {0};
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8_decode(s + i, n - i, &cp);
		if (len == 0)
			len = 1;
		if (cp == 0xFFFD)
			buf_adds(&b, "\xEF\xBF\xBD"); /* a bad sequence, or U+FFFD itself */
		else
			buf_add(&b, s + i, len);
		i += len;
	}
	buf_str(&b);
	return b.data;
}

static int emit_scalar(yaml_emitter_t *e, const char *s, bool block)
{
	/* libyaml's emitter loops forever on invalid UTF-8 (a row stored by an old
	   sopdeck or the sqlite3 shell): it only ever sees valid text. */
	char *fixed = utf8_valid(s, strlen(s)) ? NULL : utf8_repaired(s);
	if (fixed)
		s = fixed;
	yaml_event_t ev;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 1,
				     block && strchr(s, '\n') ? YAML_LITERAL_SCALAR_STYLE
							     : YAML_ANY_SCALAR_STYLE);
	int rc = emit(e, &ev);
	free(fixed);
	return rc;
}

static int export_yaml_item(yaml_emitter_t *e, const struct content_item *it)
{
	yaml_event_t ev;
	char date[11];
	date_format(it->date, date);
	yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE);
	if (emit(e, &ev) < 0)
		return -1;
	const char *v[F_COUNT] = {
		[F_TITLE] = it->title, [F_CATEGORY] = it->category, [F_ZONE] = it->zone,
		[F_FORM] = it->form,   [F_STYLE] = it->style,       [F_DATE] = date,
		[F_SOURCE] = it->source, [F_BODY] = it->body,
	};
	for (int f = 0; f < F_COUNT; f++) {
		if (f == F_TAGS) {
			if (!it->n_tags)
				continue;
			if (emit_scalar(e, "tags", false) < 0)
				return -1;
			yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1,
							     YAML_FLOW_SEQUENCE_STYLE);
			if (emit(e, &ev) < 0)
				return -1;
			for (size_t i = 0; i < it->n_tags; i++)
				if (emit_scalar(e, it->tags[i], false) < 0)
					return -1;
			yaml_sequence_end_event_initialize(&ev);
			if (emit(e, &ev) < 0)
				return -1;
			continue;
		}
		if (!*v[f] && f != F_TITLE)
			continue;
		if (emit_scalar(e, field_names[f][0], false) < 0 ||
		    emit_scalar(e, v[f], f == F_BODY) < 0)
			return -1;
	}
	yaml_mapping_end_event_initialize(&ev);
	return emit(e, &ev);
}

static int yaml_write(void *data, unsigned char *buffer, size_t size)
{
	return fwrite(buffer, 1, size, data) == size;
}

int content_export(struct db *db, const struct content_filter *f, enum content_format fmt,
		   FILE *out, size_t *count, char **cause)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	size_t n = 0;
	int rc = 0;
	if (fmt == CONTENT_CSV) {
		csv_write_bom(out);
		for (int i = 0; i < F_COUNT; i++)
			csv_write_cell(out, field_names[i][0], i == F_COUNT - 1);
	} else {
		yaml_emitter_initialize(&e);
		yaml_emitter_set_output(&e, yaml_write, out);
		yaml_emitter_set_unicode(&e, 1);
		yaml_emitter_set_width(&e, -1);
		yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
		rc = emit(&e, &ev);
		yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
		rc = rc ? rc : emit(&e, &ev);
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		rc = rc ? rc : emit(&e, &ev);
	}
	struct content_filter all;
	content_filter_init(&all);
	/* Oldest first, a page at a time: memory stays bounded on a large library. */
	struct content_item *page = NULL, last = {0};
	size_t got = 0;
	bool have_last = false;
	while (rc == 0) {
		struct content_cursor cur = {0};
		if (have_last)
			cur = content_cursor_at(&last);
		if (content_query(db, f ? f : &all, CONTENT_SORT_DATE, have_last ? &cur : NULL,
				  true, 500, &page, &got, cause) < 0) {
			rc = -1;
			break;
		}
		if (got == 0) {
			free(page);
			break;
		}
		/* Paging backward from the end of "newest first" gives oldest-first pages. */
		for (size_t i = got; i-- > 0 && rc == 0;) {
			if (fmt == CONTENT_CSV)
				export_csv_item(out, &page[i]);
			else
				rc = export_yaml_item(&e, &page[i]);
			n++;
		}
		content_item_clear(&last);
		content_item_copy(&last, &page[0]);
		have_last = true;
		content_items_free(page, got);
	}
	content_item_clear(&last);
	if (fmt == CONTENT_YAML) {
		if (rc == 0) {
			yaml_sequence_end_event_initialize(&ev);
			rc = emit(&e, &ev);
			yaml_document_end_event_initialize(&ev, 1);
			rc = rc ? rc : emit(&e, &ev);
			yaml_stream_end_event_initialize(&ev);
			rc = rc ? rc : emit(&e, &ev);
			if (rc < 0)
				set_cause(cause, _("writing YAML: %s"),
					  e.problem ? e.problem : _("emitter error"));
		}
		yaml_emitter_delete(&e);
	}
	if (rc == 0 && (ferror(out) || fflush(out) != 0))
		rc = set_cause(cause, _("writing the export failed: %s"), error_text(errno));
	if (count)
		*count = n;
	return rc;
}

/* ---- demo ---- */

int content_demo_populate(struct db *db, int today, const char *operator, char **cause)
{
	size_t have;
	if (content_count(db, NULL, &have, cause) < 0)
		return -1;
	if (have > 0)
		return 0;
	const struct asset *a = asset_find("demo-content.yaml");
	if (!a)
		return set_cause(cause, _("internal: demo-content.yaml is missing"));
	size_t n;
	if (content_import_text(db, a->data, a->len, "demo-content.yaml", false, operator, &n,
				cause) < 0)
		return -1;
	/* The file's newest item becomes today's, the rest keep their distance. */
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT max(date) FROM content", &st, cause) < 0)
		return -1;
	int step = sqlite3_step(st);
	int newest = step == SQLITE_ROW ? date_parse(db_col_text(st, 0)) : today;
	sqlite3_finalize(st);
	if (step != SQLITE_ROW)
		return db_fail(db, _("reading the demo content's newest date"), cause);
	if (newest == DATE_INVALID || newest == today)
		return 0;
	char *sql = xasprintf("UPDATE content SET date = date(date, '%+d days')", today - newest);
	int rc = db_begin(db, cause);
	if (rc == 0 && (db_exec(db, sql, cause) < 0 || db_commit(db, cause) < 0)) {
		db_rollback(db);
		rc = -1;
	}
	free(sql);
	return rc;
}
