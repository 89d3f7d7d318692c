/* Opening a workspace: the database, then the default playbook the first time. */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "playbook.h"
#include "util.h"
#include "workspace.h"

/*
 * Does the database hold any playbook version yet? 0 yes, 1 no, -1 error. *weeks: are the
 * counters stored before migration 037 still to be summed by week (asked in the same
 * statement: every start runs it)?
 */
static int playbook_absent(struct db *db, bool *weeks, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT EXISTS (SELECT 1 FROM playbook_version), "
		       "EXISTS (SELECT 1 FROM kpi_week_todo)", &st, cause) < 0)
		return -1;
	int rc = sqlite3_step(st);
	int have = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	*weeks = rc == SQLITE_ROW && sqlite3_column_int(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, _("looking for a playbook"), cause);
	return have ? 0 : 1;
}

/* The built-in playbook, parsed and stored as the first version. */
static int install_default_playbook(struct db *db, const char *operator, char **cause)
{
	size_t len;
	const char *text = playbook_builtin_text(&len);
	struct playbook *pb;
	if (playbook_parse(text, len, "built-in playbook.yaml", &pb, cause) < 0)
		return -1;
	int rc = playbook_store(db, pb, text, "built-in", operator, cause);
	playbook_free(pb);
	return rc;
}

/* The kept weeks of the counters a workspace held before migration 037, once. */
static int sum_weeks(struct db *db, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	if (kpi_weeks_rebuild_all(db, cause) < 0 || db_commit(db, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return 0;
}

int workspace_open(const char *path, const char *operator, struct db **out, char **cause)
{
	struct db *db;
	if (db_open(path, &db, cause) < 0)
		return -1;
	bool weeks = false;
	int absent = playbook_absent(db, &weeks, cause);
	if (absent < 0 || (absent == 1 && install_default_playbook(db, operator, cause) < 0) ||
	    (weeks && sum_weeks(db, cause) < 0)) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}
