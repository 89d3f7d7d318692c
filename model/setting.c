/*
 * The workspace's settings (table `setting`, issue 11): its time zone and its
 * default playbook. Kept apart from workspace.c, which installs the playbook,
 * so that the playbook store can set its default without a cycle.
 */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "internal.h"
#include "setting.h"
#include "util.h"

int setting_get(struct db *db, const char *key, char **out, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT value FROM setting WHERE key = ?", cause);
	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = xstrdup(db_col_text(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(db, _("reading the workspace settings"), cause);
	return 1;
}

int setting_set(struct db *db, const char *key, const char *value, const char *operator,
		  char **cause)
{
	/* Inside a caller's transaction (an import) it joins that one. */
	bool own = sqlite3_get_autocommit(db_sqlite(db));
	if (own && db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st = db_cached(db, "INSERT INTO setting (key, value) VALUES (?1, ?2) "
				     "ON CONFLICT (key) DO UPDATE SET value = ?2", cause);
	int rc = st ? 0 : -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, value, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("writing a workspace setting"), cause);
		sqlite3_reset(st);
	}
	if (rc == 0) {
		char *detail = xasprintf("%s=%s", key, value);
		rc = db_audit(db, operator, "setting", detail, cause);
		free(detail);
	}
	if (!own)
		return rc;
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

int setting_timezone(struct db *db, char **zone, const char **source, char **cause)
{
	const char *env = getenv("SOPDECK_TZ");
	if (env && *env) {
		*zone = xstrdup(env);
		*source = "SOPDECK_TZ";
		return 0;
	}
	int rc = setting_get(db, "timezone", zone, cause);
	if (rc < 0)
		return -1;
	if (rc == 0 && **zone) {
		*source = "workspace";
		return 0;
	}
	if (rc == 0)
		free(*zone);
	*zone = xstrdup(DATE_ZONE_DEFAULT);
	*source = "default";
	return 0;
}

int setting_zone_apply(struct db *db, char **cause)
{
	char *zone;
	const char *source;
	if (setting_timezone(db, &zone, &source, cause) < 0)
		return -1;
	char *why = NULL;
	int rc = date_zone_set(zone, &why);
	if (rc < 0)
		set_cause(cause, _("%s (from %s)"), why, source);
	free(why);
	free(zone);
	return rc;
}
