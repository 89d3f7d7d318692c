/*
 * Archive instead of delete: an item that was posted keeps its slots and KPI
 * history but leaves the library lists; what a delete would unschedule is
 * listed first so the operator is asked before anything planned goes.
 */
#include <stdlib.h>

#include "content.h"
#include "dates.h"
#include "internal.h"
#include "util.h"

int content_pending_slots(struct db *db, int64_t id, struct content_use **out, size_t *n,
			  char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "SELECT s.group_id, coalesce(g.name, ''), s.day, s.at FROM slot s "
		       "LEFT JOIN chat_group g ON g.id = s.group_id WHERE s.content_id = ? "
		       "AND s.status <> 'posted' ORDER BY s.day, s.at, g.name COLLATE PINYIN",
		       &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct content_use *u = &(*out)[(*n)++];
		u->group_id = sqlite3_column_int64(st, 0);
		u->group_name = xstrdup(db_col_text(st, 1));
		u->day = date_parse(db_col_text(st, 2));
		u->at = time_parse_hhmm(db_col_text(st, 3));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		content_usage_free(*out, *n);
		*out = NULL;
		*n = 0;
		return db_fail(db, "reading where content is scheduled", cause);
	}
	return 0;
}

int content_archived(struct db *db, int64_t id, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT archived FROM content WHERE id = ?", &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int r = sqlite3_step(st), rc;
	if (r == SQLITE_ROW)
		rc = sqlite3_column_int(st, 0) ? 1 : 0;
	else if (r == SQLITE_DONE)
		rc = set_cause(cause, "no content item %lld", (long long)id);
	else
		rc = db_fail(db, "reading content", cause);
	sqlite3_finalize(st);
	return rc;
}

int content_archive(struct db *db, int64_t id, bool archive, const char *operator,
		    char **cause)
{
	struct content_item it;
	if (content_get(db, id, &it, cause) < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	int rc = db_begin(db, cause);
	if (rc == 0)
		rc = db_prepare(db, "UPDATE content SET archived = ? WHERE id = ?", &st, cause);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, archive);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, "archiving content", cause);
	}
	sqlite3_finalize(st);
	if (rc == 0) {
		char *detail = xasprintf("#%lld %s", (long long)id, it.title);
		rc = db_audit(db, operator, archive ? "content-archive" : "content-unarchive", detail,
			      cause);
		free(detail);
	}
	content_item_clear(&it);
	if (rc < 0 || db_commit(db, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}
