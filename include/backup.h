/*
 * Backup, restore and the workspace check. A backup is a plain SQLite file made
 * with SQLite's online backup API: consistent while other operators write, and
 * taken a few pages at a time so no writer waits long. A restore checks the
 * file (integrity, a sopdeck workspace, a schema this sopdeck knows), keeps the
 * database it replaces beside it, and replaces the content in one transaction.
 */
#ifndef SOPDECK_BACKUP_H
#define SOPDECK_BACKUP_H

#include <stddef.h>
#include <stdint.h>

struct db;

/*
 * Copy the open database to path (a temporary file beside it, renamed over path
 * when complete and integrity-checked); mode 0600, 0660 shared. *pages gets the
 * pages copied.
 */
int backup_to(struct db *db, const char *path, long *pages, char **cause);

/*
 * Replace the database at db_path by the backup at from. The backup is checked
 * first (PRAGMA integrity_check, application_id, sopdeck tables, schema not
 * newer than this sopdeck); then the current database, if there is one, is
 * copied to "DB_PATH.before-restore-YYYYmmddTHHMMSS" (*kept gets that path, or
 * NULL) and the backup's pages replace the database's in one transaction, so
 * another process sees the old or the new workspace, never a mix. The caller
 * reopens with db_open (which migrates an older backup) and audits.
 */
int backup_restore(const char *db_path, const char *from, char **kept, int *schema,
		   char **cause);

/* What `sopdeck check` found: problems is empty when everything holds. */
struct backup_check {
	int schema, schema_want;     /* user_version and this sopdeck's */
	size_t audit_rows;
	char **problems;             /* one line each */
	size_t n_problems;
};
/*
 * PRAGMA integrity_check, PRAGMA foreign_key_check, the schema version and the
 * audit log's hash chain. Returns -1 only when the checks could not run.
 */
int backup_check(struct db *db, struct backup_check *out, char **cause);
void backup_check_clear(struct backup_check *c);

#endif
