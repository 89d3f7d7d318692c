/*
 * The database: one SQLite file, schema versioned by PRAGMA user_version and
 * moved forward by the migrations in assets/migrations/. WAL, foreign keys on,
 * a busy timeout; created with mode 0600 (0660 when shared by a group).
 */
#ifndef SOPDECK_DB_H
#define SOPDECK_DB_H

#include <stdbool.h>
#include <stdint.h>

struct db;

/*
 * PRAGMA application_id of a sopdeck workspace ('SOPD'): set when a file is
 * created or first opened by this sopdeck; db_open refuses a file with another
 * id, or with no id and another program's tables, before changing anything.
 */
#define SOPDECK_APPLICATION_ID 0x534F5044

/*
 * Open (creating if needed) the database at path, or an in-memory one for
 * ":memory:". Runs pending migrations. Installs no playbook: opening a
 * workspace is workspace_open (workspace.h), one layer above.
 */
int db_open(const char *path, struct db **out, char **cause);
void db_close(struct db *db);
/*
 * Before the first db_open: the page cache grows in malloc'd memory, not in the
 * fixed 2 MiB region the console starts fastest with (SQLite recycles pages once
 * that region is full, which would cap the imports' 32 MiB cache).
 */
void db_page_cache_unbounded(void);

/* The schema version this binary migrates to. */
int db_schema_version(void);
/*
 * A new database (a file that does not exist yet, or ":memory:") starts as a copy of the
 * build's schema image, the migrations already applied; off, db_open runs every
 * migration instead (tests compare the two). On by default.
 */
void db_schema_image_use(bool on);

/* Where the database is when neither --db nor $SOPDECK_DB says: XDG data dir. */
char *db_default_path(void);

/*
 * Group sharing (docs/sharing.md): when on, a database file db_open creates is
 * 0660 and directories it creates are 2770 (setgid), whatever the umask; off
 * (the default) they are 0600 and 0700. On also when $SOPDECK_SHARED is "1".
 * Existing files keep their mode.
 */
void db_set_shared(bool on);
bool db_shared(void);

/*
 * Create the parent directories of path: 0700; shared, the last one (the
 * workspace's own directory) 2770 and any above it that had to be made 0711.
 * Existing directories are never changed.
 */
int db_make_parent_dirs(const char *path, char **cause);
/* Make an existing database and its -wal/-shm files 0660 (init --shared). */
int db_share_files(const char *path, char **cause);

const char *db_path(const struct db *db);

/* One write transaction (BEGIN IMMEDIATE), so concurrent writers queue instead of failing. */
int db_begin(struct db *db, char **cause);
int db_commit(struct db *db, char **cause);
void db_rollback(struct db *db);

/*
 * Several reads as one read transaction (BEGIN): one snapshot, its locks taken and
 * the WAL index checked once instead of at every statement. true when it began one
 * (none when a transaction is open already); db_read_end(db, that) ends it.
 */
bool db_read_begin(struct db *db);
void db_read_end(struct db *db, bool began);

/* Changes when another connection commits; lets the console notice other operators. */
int64_t db_data_version(struct db *db);
/*
 * This connection's number among those the process opened (1, 2, ...): a cache kept
 * for a connection tells it from a later one that got the same address.
 */
int64_t db_serial(const struct db *db);

/* Append to the audit log (inside the caller's transaction). */
int db_audit(struct db *db, const char *operator, const char *kind, const char *detail,
	     char **cause);

/*
 * How many SQL statements this connection has prepared and run (a db_cached
 * fetch counts as one run, not one prepare). Tests use the counts to prove a
 * screen or command does a fixed number of queries, not one per item.
 */
struct db_stats {
	long prepared;
	long run;
};
struct db_stats db_stats(const struct db *db);
/* The statements db_cached holds: how many, and the text of the i-th (a test reads
   each one's plan: no statement a screen runs scans a table that grows). */
int db_cached_count(const struct db *db);
const char *db_cached_text(const struct db *db, int i);

/*
 * Now as stored: UTC ISO 8601 with Z, "2026-03-04T23:30:00Z" (the clock of
 * date_clock, so $SOPDECK_NOW moves it too). Shown in the workspace's zone with
 * date_stamp_show. DB_NOW_SIZE includes the NUL.
 */
#define DB_NOW_SIZE 21
void db_now(char out[DB_NOW_SIZE]);

#endif
