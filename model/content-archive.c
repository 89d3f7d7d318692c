/*
 * Archive instead of delete: an item with history (past or posted slots) keeps
 * those slots and its KPI history but leaves the library lists; what a delete
 * would unschedule (from today on, not posted) is listed first so the operator
 * is asked before anything planned goes.
 */
#include <stdlib.h>

#include "content-internal.h"
#include "content.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

int content_pending_slots(struct db *db, int64_t id, int today, struct content_use **out,
			  size_t *n, char **cause)
{
	return content_slots_read(db, id, today, out, n, cause);
}

int content_archive(struct db *db, int64_t id, bool archive, const char *operator,
		    char **cause)
{
	struct content_item it;
	if (content_require(db, id, &it, cause) < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	int rc = db_begin(db, cause);
	if (rc == 0)
		rc = db_prepare(db, "UPDATE content SET archived = ? WHERE id = ?", &st, cause);
	if (rc == 0) {
		sqlite3_bind_int(st, 1, archive);
		sqlite3_bind_int64(st, 2, id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("archiving content"), cause);
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
