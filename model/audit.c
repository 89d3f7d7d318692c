/* Reading the audit log (writing is db_audit in db.c, inside each change's transaction). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chain.h"
#include "audit.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

int audit_list(struct db *db, int64_t before_id, size_t limit, struct audit_entry **out,
	       size_t *n, char **cause)
{
	return audit_query(db, NULL, before_id, limit, out, n, cause);
}

/* Bind s, or NULL when empty (so "?N IS NULL" turns the filter off). */
static void audit_bind(sqlite3_stmt *st, int i, const char *s)
{
	if (s && *s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

int audit_query(struct db *db, const struct audit_filter *f, int64_t before_id, size_t limit,
		struct audit_entry **out, size_t *n, char **cause)
{
	sqlite3_stmt *st;
	/* Walks the primary key backwards and stops after limit matches: a page
	   costs the rows it skips, never the whole log. */
	if (db_prepare(db,
		       "SELECT id, at, operator, kind, detail, account FROM audit "
		       "WHERE (?1 = 0 OR id < ?1) AND (?3 IS NULL OR operator = ?3) "
		       "AND (?4 IS NULL OR instr(kind, ?4) > 0) AND (?5 IS NULL OR "
		       "CASE WHEN substr(at, 11, 1) = ' ' THEN at >= ?6 ELSE at >= ?5 END) "
		       "ORDER BY id DESC LIMIT ?2",
		       &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, before_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	audit_bind(st, 3, f ? f->operator : NULL);
	audit_bind(st, 4, f ? f->kind : NULL);
	/* Since the day's midnight in the workspace's zone: as UTC for the stamps written
	   since migration 009, as naive local text for the ones written before it. */
	char utc[DATE_STAMP_SIZE], naive[20];
	const char *since = f && f->since && *f->since ? f->since : NULL;
	int day = since ? date_parse(since) : DATE_INVALID;
	if (day != DATE_INVALID) {
		date_stamp_utc(date_local_instant(day, 0), utc);
		char ymd[11];
		date_format(day, ymd);
		snprintf(naive, sizeof naive, "%s 00:00:00", ymd);
		audit_bind(st, 5, utc);
		audit_bind(st, 6, naive);
	} else {
		audit_bind(st, 5, since);
		audit_bind(st, 6, since);
	}
	struct audit_entry *e = NULL;
	size_t count = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (count == cap) {
			cap = cap ? cap * 2 : 32;
			e = xrealloc(e, cap * sizeof *e);
		}
		e[count].id = sqlite3_column_int64(st, 0);
		e[count].at = xstrdup(db_col_text(st, 1));
		e[count].operator = xstrdup(db_col_text(st, 2));
		e[count].kind = xstrdup(db_col_text(st, 3));
		e[count].detail = xstrdup(db_col_text(st, 4));
		e[count].account = xstrdup(db_col_text(st, 5));
		count++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		audit_free(e, count);
		return db_fail(db, _("reading the audit log"), cause);
	}
	*out = e;
	*n = count;
	return 0;
}

void audit_free(struct audit_entry *entries, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(entries[i].at);
		free(entries[i].operator);
		free(entries[i].kind);
		free(entries[i].detail);
		free(entries[i].account);
	}
	free(entries);
}

int audit_verify(struct db *db, struct audit_check *out, char **cause)
{
	*out = (struct audit_check){0};
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT id, at, operator, account, kind, detail, prev_hash, hash FROM audit "
		       "ORDER BY id",
		       &st, cause) < 0)
		return -1;
	/* Walks the whole log once, in id order: a row costs one hash, memory stays flat. */
	char prev[CHAIN_HASH_HEX] = "", want[CHAIN_HASH_HEX];
	int64_t last_id = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		const char *prev_hash = (const char *)sqlite3_column_text(st, 6);
		const char *hash = (const char *)sqlite3_column_text(st, 7);
		out->rows++;
		last_id = id;
		if (!hash || !prev_hash) {
			out->bad_id = id;
			out->problem = xasprintf(_("entry #%lld has no hash: it was written "
						   "outside sopdeck (inserted by hand?)"),
						 (long long)id);
			break;
		}
		chain_hash_entry(prev_hash, db_col_text(st, 1), db_col_text(st, 2),
			       db_col_text(st, 3), db_col_text(st, 4), db_col_text(st, 5), want);
		if (strcmp(want, hash) != 0) {
			out->bad_id = id;
			out->problem = xasprintf(_("entry #%lld does not match its hash: it was "
						   "edited after it was written"), (long long)id);
			break;
		}
		/* The entry itself is intact, so a different predecessor hash means the
		   entries between were removed. */
		if (strcmp(prev_hash, prev) != 0) {
			out->bad_id = id;
			out->problem = xasprintf(_("entry #%lld: its predecessor is missing (an "
						   "entry before it was deleted)"), (long long)id);
			break;
		}
		snprintf(prev, sizeof prev, "%s", hash);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, _("reading the audit log"), cause);
	if (out->problem)
		return 0;
	/* The head says where the chain ended: deleting the newest entries shows here. */
	if (db_prepare(db, "SELECT last_id, hash, count FROM audit_head WHERE one = 1", &st,
		       cause) < 0)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t head_id = sqlite3_column_int64(st, 0);
		int64_t head_count = sqlite3_column_int64(st, 2);
		if (head_id != last_id || strcmp(db_col_text(st, 1), prev) != 0 ||
		    head_count != (int64_t)out->rows) {
			out->bad_id = head_id;
			out->problem = xasprintf(_("the log should end at entry #%lld with %lld "
						   "entries but ends at #%lld with %zu: entries at "
						   "the end were deleted"), (long long)head_id,
						 (long long)head_count, (long long)last_id,
						 out->rows);
		}
	} else if (rc == SQLITE_DONE && out->rows > 0) {
		out->bad_id = last_id;
		out->problem = xstrdup(_("the log's head record is missing (deleted by hand?)"));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, _("reading the audit log's head"), cause);
	return 0;
}

void audit_check_clear(struct audit_check *c)
{
	free(c->problem);
	c->problem = NULL;
}
