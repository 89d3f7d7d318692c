/* Opening the database, migrations, statements, transactions, the audit log. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "internal.h"
#include "text.h"
#include "util.h"

#define MIGRATION_PREFIX "migrations/"
#define BUSY_TIMEOUT_MS 10000

#define STMT_CACHE_SIZE 128

struct stmt_cache_entry {
	const char *key; /* the caller's literal: compared by pointer first */
	char *text;      /* then by text, in case the same SQL comes from another pointer */
	sqlite3_stmt *st;
};

struct db {
	sqlite3 *sql;
	char *path;
	struct db_stats stats;
	struct stmt_cache_entry cache[STMT_CACHE_SIZE];
	int ncache;
};

struct db_stats db_stats(const struct db *db)
{
	return db->stats;
}

sqlite3 *db_sqlite(struct db *db)
{
	return db->sql;
}

const char *db_path(const struct db *db)
{
	return db->path;
}

int db_fail(struct db *db, const char *what, char **cause)
{
	return set_cause(cause, "%s: %s: %s", db->path, what, sqlite3_errmsg(db->sql));
}

int db_prepare(struct db *db, const char *sql, sqlite3_stmt **st, char **cause)
{
	db->stats.prepared++;
	db->stats.run++;
	if (sqlite3_prepare_v2(db->sql, sql, -1, st, NULL) != SQLITE_OK)
		return db_fail(db, "prepare", cause);
	return 0;
}

sqlite3_stmt *db_cached(struct db *db, const char *sql, char **cause)
{
	db->stats.run++;
	for (int i = 0; i < db->ncache; i++) {
		struct stmt_cache_entry *e = &db->cache[i];
		if (e->key == sql || strcmp(e->text, sql) == 0) {
			sqlite3_reset(e->st);
			sqlite3_clear_bindings(e->st);
			return e->st;
		}
	}
	sqlite3_stmt *st;
	db->stats.prepared++;
	/* PERSISTENT: SQLite's hint for a statement kept for the connection's life. */
	if (sqlite3_prepare_v3(db->sql, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(db, "prepare", cause);
		return NULL;
	}
	if (db->ncache == STMT_CACHE_SIZE) {
		/* Full: a fixed set of queries never gets here; drop the oldest. */
		sqlite3_finalize(db->cache[0].st);
		free(db->cache[0].text);
		memmove(db->cache, db->cache + 1, (STMT_CACHE_SIZE - 1) * sizeof db->cache[0]);
		db->ncache--;
	}
	db->cache[db->ncache++] = (struct stmt_cache_entry){sql, xstrdup(sql), st};
	return st;
}

int db_exec(struct db *db, const char *sql, char **cause)
{
	char *err = NULL;
	db->stats.prepared++;
	db->stats.run++;
	if (sqlite3_exec(db->sql, sql, NULL, NULL, &err) != SQLITE_OK) {
		set_cause(cause, "%s: %s", db->path, err ? err : sqlite3_errmsg(db->sql));
		sqlite3_free(err);
		return -1;
	}
	return 0;
}

const char *db_col_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? (const char *)s : "";
}

static int migration_number(const char *name)
{
	if (strncmp(name, MIGRATION_PREFIX, strlen(MIGRATION_PREFIX)) != 0)
		return 0;
	return atoi(name + strlen(MIGRATION_PREFIX));
}

int db_schema_version(void)
{
	int max = 0;
	for (const struct asset *a = assets_all; a->name; a++)
		if (migration_number(a->name) > max)
			max = migration_number(a->name);
	return max;
}

static int user_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;
	if (sqlite3_prepare_v2(db->sql, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* Apply each migration above the file's user_version, each in its own transaction. */
static int migrate(struct db *db, char **cause)
{
	int have = user_version(db);
	if (have < 0)
		return db_fail(db, "reading schema version", cause);
	int want = db_schema_version();
	if (have > want)
		return set_cause(cause,
				 "%s: database schema version %d is newer than this sopdeck "
				 "understands (%d); use a newer sopdeck",
				 db->path, have, want);
	for (int v = have + 1; v <= want; v++) {
		const struct asset *m = NULL;
		for (const struct asset *a = assets_all; a->name; a++)
			if (migration_number(a->name) == v)
				m = a;
		if (!m)
			return set_cause(cause, "internal: migration %d is missing", v);
		if (db_begin(db, cause) < 0)
			return -1;
		/* Another process may have migrated while we waited for the lock. */
		if (user_version(db) >= v) {
			db_rollback(db);
			continue;
		}
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v);
		if (db_exec(db, m->data, cause) < 0 || db_exec(db, setv, cause) < 0) {
			db_rollback(db);
			return -1;
		}
		if (db_commit(db, cause) < 0)
			return -1;
	}
	return 0;
}

/* sopdeck_fold(text): text_fold in SQL, for migration 005 to fill content.search. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	char *f = text_fold((const char *)s);
	sqlite3_result_text(ctx, f, -1, free);
}

static bool db_shared_flag;

void db_set_shared(bool on)
{
	db_shared_flag = on;
}

bool db_shared(void)
{
	const char *e = getenv("SOPDECK_SHARED");
	return db_shared_flag || (e && strcmp(e, "1") == 0);
}

int db_make_parent_dirs(const char *path, char **cause)
{
	char *copy = xstrdup(path);
	bool shared = db_shared();
	for (char *p = copy + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == 0) {
			/* setgid: files made inside belong to the directory's group. chmod,
			   not mkdir's mode, so the operator's umask cannot narrow it. */
			if (shared && chmod(copy, 02770) < 0) {
				set_cause(cause, "%s: cannot make the directory group-shared: %s", copy,
					  strerror(errno));
				free(copy);
				return -1;
			}
		} else if (errno != EEXIST) {
			set_cause(cause, "%s: cannot create directory: %s", copy, strerror(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

char *db_default_path(void)
{
	const char *xdg = getenv("XDG_DATA_HOME");
	if (xdg && *xdg == '/')
		return xasprintf("%s/sopdeck/sopdeck.db", xdg);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/sopdeck/sopdeck.db", home && *home ? home : ".");
}

int db_open(const char *path, struct db **out, char **cause)
{
	bool memory = strcmp(path, ":memory:") == 0;
	if (!memory) {
		if (db_make_parent_dirs(path, cause) < 0)
			return -1;
		/* Create the file ourselves so it is 0600 (0660 shared) from the first
		   byte on; SQLite gives its -wal and -shm files the same mode, so an
		   existing file set up for a group stays shared. */
		mode_t mode = db_shared() ? 0660 : 0600;
		int fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0) {
			if (fchmod(fd, mode) < 0) {
				set_cause(cause, "%s: %s", path, strerror(errno));
				close(fd);
				return -1;
			}
		} else if (errno == EEXIST) {
			fd = open(path, O_RDWR | O_CLOEXEC);
		}
		if (fd < 0)
			return set_cause(cause, "%s: %s", path, strerror(errno));
		close(fd);
	}
	struct db *db = xcalloc(1, sizeof *db);
	db->path = xstrdup(path);
	if (sqlite3_open_v2(path, &db->sql, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
	    SQLITE_OK) {
		set_cause(cause, "%s: cannot open database: %s", path,
			  db->sql ? sqlite3_errmsg(db->sql) : "out of memory");
		db_close(db);
		return -1;
	}
	sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS);
	sqlite3_create_function(db->sql, "sopdeck_fold", 1,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL, sql_fold,
				NULL, NULL);
	sqlite3_extended_result_codes(db->sql, 1);
	if (db_exec(db, "PRAGMA foreign_keys = ON", cause) < 0 ||
	    (!memory && db_exec(db, "PRAGMA journal_mode = WAL", cause) < 0) ||
	    db_exec(db, "PRAGMA synchronous = FULL", cause) < 0 || migrate(db, cause) < 0) {
		db_close(db);
		return -1;
	}
	*out = db;
	return 0;
}

void db_close(struct db *db)
{
	if (!db)
		return;
	for (int i = 0; i < db->ncache; i++) {
		sqlite3_finalize(db->cache[i].st);
		free(db->cache[i].text);
	}
	sqlite3_close_v2(db->sql);
	free(db->path);
	free(db);
}

int db_begin(struct db *db, char **cause)
{
	int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY)
		/* Said first and plainly: the console shows the start of it on one line. */
		return set_cause(cause, "busy: another operator's change (a large import?) held "
				 "the database for %d s; nothing was changed, try again (%s)",
				 BUSY_TIMEOUT_MS / 1000, db->path);
	if (rc != SQLITE_OK)
		return db_fail(db, "cannot start a write transaction", cause);
	return 0;
}

int db_commit(struct db *db, char **cause)
{
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, "commit failed; nothing was changed", cause);
		db_rollback(db);
		return -1;
	}
	return 0;
}

void db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
}

int64_t db_data_version(struct db *db)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	if (sqlite3_prepare_v2(db->sql, "PRAGMA data_version", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

void db_now(char out[20])
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, 20, "%Y-%m-%d %H:%M:%S", &tm);
}

int db_audit(struct db *db, const char *operator, const char *kind, const char *detail,
	     char **cause)
{
	sqlite3_stmt *st =
		db_cached(db, "INSERT INTO audit (at, operator, kind, detail) VALUES (?, ?, ?, ?)",
			  cause);
	if (!st)
		return -1;
	char now[20];
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, kind, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 4, detail, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, "writing the audit log", cause);
	return 0;
}
