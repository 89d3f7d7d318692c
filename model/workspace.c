/* Opening a workspace: the database, then the default playbook the first time. */
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "db.h"
#include "internal.h"
#include "playbook.h"
#include "util.h"
#include "workspace.h"

/* Does the database hold any playbook version yet? 0 yes, 1 no, -1 error. */
static int playbook_absent(struct db *db, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT EXISTS (SELECT 1 FROM playbook_version)", &st, cause) < 0)
		return -1;
	int rc = sqlite3_step(st);
	int have = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, "looking for a playbook", cause);
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

int workspace_open(const char *path, const char *operator, struct db **out, char **cause)
{
	struct db *db;
	if (db_open(path, &db, cause) < 0)
		return -1;
	int absent = playbook_absent(db, cause);
	if (absent < 0 || (absent == 1 && install_default_playbook(db, operator, cause) < 0)) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

int workspace_get(struct db *db, const char *key, char **out, char **cause)
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
		return db_fail(db, "reading the workspace settings", cause);
	return 1;
}

int workspace_set(struct db *db, const char *key, const char *value, const char *operator,
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
			rc = db_fail(db, "writing a workspace setting", cause);
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

int workspace_timezone(struct db *db, char **zone, const char **source, char **cause)
{
	const char *env = getenv("SOPDECK_TZ");
	if (env && *env) {
		*zone = xstrdup(env);
		*source = "SOPDECK_TZ";
		return 0;
	}
	int rc = workspace_get(db, "timezone", zone, cause);
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

int workspace_zone_apply(struct db *db, char **cause)
{
	char *zone;
	const char *source;
	if (workspace_timezone(db, &zone, &source, cause) < 0)
		return -1;
	char *why = NULL;
	int rc = date_zone_set(zone, &why);
	if (rc < 0)
		set_cause(cause, "%s (from %s)", why, source);
	free(why);
	free(zone);
	return rc;
}
