/* Backup (SQLite's online backup API, stepped), restore (checked, the old database kept), check. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "audit.h"
#include "backup.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

#ifndef SOPDECK_APPLICATION_ID
#define SOPDECK_APPLICATION_ID 0x534F5044 /* 'SOPD', as db.h defines it once db_open sets it */
#endif

#define BACKUP_PAGES_PER_STEP 256  /* 1 MiB at 4 KiB pages: a writer waits one step at most */
#define BACKUP_PAUSE_MS 5          /* between steps, so queued writers get their turn */
#define BACKUP_BUSY_MS 10000       /* give up after this long without progress */

static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
	nanosleep(&ts, NULL);
}

/* sqlite3's message for a handle, or a fallback when it could not even be allocated. */
static const char *sql_msg(sqlite3 *s)
{
	return s ? sqlite3_errmsg(s) : _("out of memory");
}

/*
 * Copy src into dst with the backup API: pages_per_step at a time (-1: all in one
 * step, one transaction on dst) with a pause between steps; busy or locked
 * sources are retried until BACKUP_BUSY_MS pass without progress.
 */
static int copy_pages(sqlite3 *src, sqlite3 *dst, int pages_per_step, long *pages,
		      const char *what, char **cause)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return set_cause(cause, "%s: %s", what, sqlite3_errmsg(dst));
	long waited = 0;
	int rc;
	for (;;) {
		rc = sqlite3_backup_step(b, pages_per_step);
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK) {
			waited = 0;
			pause_ms(BACKUP_PAUSE_MS);
			continue;
		}
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && waited < BACKUP_BUSY_MS) {
			pause_ms(20);
			waited += 20;
			continue;
		}
		break;
	}
	if (pages)
		*pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return set_cause(cause, "%s: %s", what,
				 rc == SQLITE_BUSY || rc == SQLITE_LOCKED
					 ? _("the database stayed busy for 10 "
					     "s; nothing was changed")
					 : sqlite3_errstr(rc));
	return 0;
}

/* PRAGMA integrity_check on an open handle: 0 when "ok", else the first complaint. */
static int integrity(sqlite3 *s, const char *name, char **cause)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK)
		return set_cause(cause, _("%s: not a readable SQLite database: %s"), name,
				 sqlite3_errmsg(s));
	int rc = sqlite3_step(st);
	char *bad = NULL;
	if (rc == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
		bad = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_ROW)
		bad = xstrdup(sqlite3_errmsg(s));
	sqlite3_finalize(st);
	if (!bad)
		return 0;
	set_cause(cause, _("%s: integrity check failed: %s"), name, bad);
	free(bad);
	return -1;
}

/* One integer from a query on a raw handle. */
static int query_int(sqlite3 *s, const char *sql, int64_t *v)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(s, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

/* A fresh file beside path (mkstemp: never a planted symlink) with the workspace's mode. */
static char *temp_beside(const char *path, const char *tag, char **cause)
{
	char *tmp = xasprintf("%s.%s-XXXXXX", path, tag);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		set_cause(cause, _("%s: cannot create a file beside it: %s"), path,
			  error_text(errno));
		free(tmp);
		return NULL;
	}
	if (fchmod(fd, db_shared() ? 0660 : 0600) < 0) {
		set_cause(cause, "%s: %s", tmp, error_text(errno));
		close(fd);
		unlink(tmp);
		free(tmp);
		return NULL;
	}
	close(fd);
	return tmp;
}

/*
 * Copy the database open as src to path: into a temporary file, made a
 * self-contained rollback-journal file, integrity-checked, renamed over path.
 */
static int copy_to_file(sqlite3 *src, const char *path, int pages_per_step, long *pages,
			char **cause)
{
	char *tmp = temp_beside(path, "part", cause);
	if (!tmp)
		return -1;
	sqlite3 *dst = NULL;
	int rc = -1;
	if (sqlite3_open_v2(tmp, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		set_cause(cause, "%s: %s", tmp, sql_msg(dst));
	else if (copy_pages(src, dst, pages_per_step, pages, path, cause) == 0 &&
		 sqlite3_exec(dst, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) == SQLITE_OK &&
		 integrity(dst, path, cause) == 0)
		rc = 0;
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = set_cause(cause, _("%s: cannot close the copy"), tmp);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = set_cause(cause, "%s: %s", path, error_text(errno));
	if (rc < 0)
		unlink(tmp);
	free(tmp);
	return rc;
}

int backup_to(struct db *db, const char *path, long *pages, char **cause)
{
	return copy_to_file(db_sqlite(db), path, BACKUP_PAGES_PER_STEP, pages, cause);
}

/* Is the file at from a sound sopdeck workspace this sopdeck can open? Sets *schema. */
static int restore_check_source(sqlite3 *s, const char *from, int *schema, char **cause)
{
	if (integrity(s, from, cause) < 0)
		return -1;
	int64_t app = 0, version = 0, tables = 0;
	if (query_int(s, "PRAGMA application_id", &app) < 0 ||
	    query_int(s, "PRAGMA user_version", &version) < 0 ||
	    query_int(s, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
			 "('audit', 'chat_group', 'playbook_version')", &tables) < 0)
		return set_cause(cause, _("%s: not a readable SQLite database: %s"), from,
				 sqlite3_errmsg(s));
	if ((app != 0 && app != SOPDECK_APPLICATION_ID) || version < 1 || tables != 3)
		return set_cause(cause, _("%s: not a sopdeck workspace (application_id 0x%08llX, "
					  "schema version %lld); nothing was changed"), from,
				 (unsigned long long)(uint32_t)app, (long long)version);
	if (version > db_schema_version())
		return set_cause(cause, _("%s: schema version %lld is newer than this "
					  "sopdeck understands (%d); use a newer "
					  "sopdeck; nothing was changed"), from,
				 (long long)version, db_schema_version());
	*schema = (int)version;
	return 0;
}

/* Set the current database aside: a consistent copy if it opens, else its files renamed. */
static int restore_keep_current(const char *db_path, char **kept, char **cause)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	char *keep = xasprintf("%s.before-restore-%s", db_path, stamp);
	sqlite3 *cur = NULL;
	char *why = NULL;
	int rc = -1;
	if (sqlite3_open_v2(db_path, &cur, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK) {
		sqlite3_busy_timeout(cur, BACKUP_BUSY_MS);
		rc = copy_to_file(cur, keep, BACKUP_PAGES_PER_STEP, NULL, &why);
	}
	sqlite3_close(cur);
	if (rc < 0) {
		/* A database too damaged to copy is moved aside whole, with its WAL. */
		static const char *const sfx[] = {"", "-wal", "-shm"};
		for (size_t i = 0; i < ARRAY_LEN(sfx); i++) {
			char *a = xasprintf("%s%s", db_path, sfx[i]), *b = xasprintf("%s%s", keep, sfx[i]);
			int r = rename(a, b);
			int err = errno;
			free(a);
			free(b);
			if (r != 0 && (i == 0 || err != ENOENT)) {
				set_cause(cause, _("%s: cannot keep the current database (%s; "
						   "moving it aside: %s); nothing was changed"),
					  db_path,
					  why ? why : _("cannot open it"), error_text(err));
				free(why);
				free(keep);
				return -1;
			}
		}
	}
	free(why);
	*kept = keep;
	return 0;
}

int backup_restore(const char *db_path, const char *from, char **kept, int *schema,
		   char **cause)
{
	*kept = NULL;
	struct stat st;
	if (stat(from, &st) != 0)
		return set_cause(cause, "%s: %s", from, error_text(errno));
	sqlite3 *src = NULL, *dst = NULL;
	if (sqlite3_open_v2(from, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		set_cause(cause, _("%s: cannot open: %s"), from, sql_msg(src));
		sqlite3_close(src);
		return -1;
	}
	int rc = restore_check_source(src, from, schema, cause);
	if (rc == 0 && access(db_path, F_OK) == 0)
		rc = restore_keep_current(db_path, kept, cause);
	if (rc == 0) {
		/* Created like db_open creates it: 0600, or 0660 shared, from the first byte. */
		int fd = open(db_path, O_RDWR | O_CREAT | O_CLOEXEC, db_shared() ? 0660 : 0600);
		if (fd < 0)
			rc = set_cause(cause, "%s: %s", db_path, error_text(errno));
		else
			close(fd);
	}
	if (rc == 0 && sqlite3_open_v2(db_path, &dst, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
		rc = set_cause(cause, _("%s: cannot open: %s"), db_path, sql_msg(dst));
	if (rc == 0) {
		sqlite3_busy_timeout(dst, BACKUP_BUSY_MS);
		/* One step: every page replaced in one write transaction on the live file,
		   through SQLite's locks and WAL, so other connections stay consistent
		   (renaming a file under them would pair the new file with the old WAL). */
		rc = copy_pages(src, dst, -1, NULL, db_path, cause);
		if (rc == 0)
			rc = integrity(dst, db_path, cause);
	}
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}

/* Append a problem line to the check's report. */
static void check_add(struct backup_check *c, char *line)
{
	c->problems = xrealloc(c->problems, (c->n_problems + 1) * sizeof *c->problems);
	c->problems[c->n_problems++] = line;
}

int backup_check(struct db *db, struct backup_check *out, char **cause)
{
	*out = (struct backup_check){.schema_want = db_schema_version()};
	sqlite3 *s = db_sqlite(db);
	sqlite3_stmt *st;
	/* Up to 20 complaints: enough to see what is damaged without flooding. */
	if (db_prepare(db, "PRAGMA integrity_check(20)", &st, cause) < 0)
		return -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = db_col_text(st, 0);
		if (strcmp(m, "ok") != 0)
			check_add(out, xasprintf(_("integrity: %s"), m));
	}
	sqlite3_finalize(st);
	if (db_prepare(db, "PRAGMA foreign_key_check", &st, cause) < 0)
		return -1;
	size_t fk = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (fk++ < 20)
			check_add(out, xasprintf(_("foreign key: %s row %lld "
						   "refers to a missing %s row"),
						 db_col_text(st, 0),
						 (long long)sqlite3_column_int64(st, 1),
						 db_col_text(st, 2)));
	}
	sqlite3_finalize(st);
	if (fk > 20)
		check_add(out, xasprintf(_("foreign key: ... and %zu more"), fk - 20));
	int64_t v = -1, app = 0;
	if (query_int(s, "PRAGMA user_version", &v) < 0 ||
	    query_int(s, "PRAGMA application_id", &app) < 0)
		return db_fail(db, _("reading the schema version"), cause);
	out->schema = (int)v;
	if (v != out->schema_want)
		check_add(out, xasprintf(_("schema: version %lld, this sopdeck's is %d"),
					 (long long)v,
					 out->schema_want));
	if (app != 0 && app != SOPDECK_APPLICATION_ID)
		check_add(out, xasprintf(_("application_id 0x%08llX is not sopdeck's"),
					 (unsigned long long)(uint32_t)app));
	struct audit_check ac;
	if (audit_verify(db, &ac, cause) < 0)
		return -1;
	out->audit_rows = ac.rows;
	if (ac.problem)
		check_add(out, xasprintf(_("audit log: %s"), ac.problem));
	audit_check_clear(&ac);
	return 0;
}

void backup_check_clear(struct backup_check *c)
{
	for (size_t i = 0; i < c->n_problems; i++)
		free(c->problems[i]);
	free(c->problems);
	c->problems = NULL;
	c->n_problems = 0;
}
