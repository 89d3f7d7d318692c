/* Reading the audit log (writing is db_audit in db.c, inside each change's transaction). */
#include <stdlib.h>

#include "audit.h"
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
		       "SELECT id, at, operator, kind, detail FROM audit "
		       "WHERE (?1 = 0 OR id < ?1) AND (?3 IS NULL OR operator = ?3) "
		       "AND (?4 IS NULL OR instr(kind, ?4) > 0) AND (?5 IS NULL OR at >= ?5) "
		       "ORDER BY id DESC LIMIT ?2",
		       &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, before_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	audit_bind(st, 3, f ? f->operator : NULL);
	audit_bind(st, 4, f ? f->kind : NULL);
	audit_bind(st, 5, f ? f->since : NULL);
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
		count++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		audit_free(e, count);
		return db_fail(db, "reading the audit log", cause);
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
	}
	free(entries);
}
