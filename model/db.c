/* Opening the database, migrations, statements, transactions, the audit log. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "assets.h"
#include "chain.h"
#include "collate.h"
#include "dates.h"
#include "db-fts.h"
#include "db-ids.h"
#include "db-readahead.h"
#include "i18n.h"
#include "internal.h"
#include "schema-image.h"
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
	char *group_owner; /* group_list's scope (group_scope_set); NULL = every owner */
	bool sort_keys;    /* every chat_group.sort_key made, under the running ICU */
	int64_t serial;    /* this connection among those the process opened (db_serial) */
};

int db_cached_count(const struct db *db)
{
	return db->ncache;
}

const char *db_cached_text(const struct db *db, int i)
{
	return i >= 0 && i < db->ncache ? db->cache[i].text : NULL;
}

int64_t db_serial(const struct db *db)
{
	return db->serial;
}

bool db_sort_keys_valid(const struct db *db)
{
	return db->sort_keys;
}

const char *db_group_owner(const struct db *db)
{
	return db->group_owner;
}

void db_set_group_owner(struct db *db, const char *owner)
{
	free(db->group_owner);
	db->group_owner = owner ? xstrdup(owner) : NULL;
}

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
		return db_fail(db, _("prepare"), cause);
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
		db_fail(db, _("prepare"), cause);
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

/* The migration that adds the audit chain; the entries before it are hashed in C. */
#define AUDIT_CHAIN_MIGRATION 8

/*
 * Chain the audit entries written before migration 8 (in its transaction): in
 * id order, each hashed over its predecessor's hash, and the head recorded.
 */
static int audit_chain_existing(struct db *db, char **cause)
{
	sqlite3_stmt *st, *up;
	if (db_prepare(db, "SELECT id, at, operator, account, kind, detail FROM audit ORDER BY id",
		       &st, cause) < 0)
		return -1;
	if (db_prepare(db, "UPDATE audit SET prev_hash = ?, hash = ? WHERE id = ?", &up,
		       cause) < 0) {
		sqlite3_finalize(st);
		return -1;
	}
	char prev[CHAIN_HASH_HEX] = "", hash[CHAIN_HASH_HEX];
	int64_t last = 0, count = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		last = sqlite3_column_int64(st, 0);
		chain_hash_entry(prev, db_col_text(st, 1), db_col_text(st, 2), db_col_text(st, 3),
			       db_col_text(st, 4), db_col_text(st, 5), hash);
		sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, last);
		if (sqlite3_step(up) != SQLITE_DONE) {
			rc = SQLITE_ERROR;
			break;
		}
		sqlite3_reset(up);
		memcpy(prev, hash, sizeof prev);
		count++;
	}
	sqlite3_finalize(st);
	sqlite3_finalize(up);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("chaining the audit log"), cause);
	if (count == 0)
		return 0;
	char *sql = sqlite3_mprintf("INSERT INTO audit_head (one, last_id, hash, count) "
				    "VALUES (1, %lld, %Q, %lld)",
				    (long long)last, hash, (long long)count);
	rc = db_exec(db, sql, cause);
	sqlite3_free(sql);
	return rc;
}

/* Apply each migration above the file's user_version, each in its own transaction. */
static int migrate(struct db *db, char **cause)
{
	int have = user_version(db);
	if (have < 0)
		return db_fail(db, _("reading schema version"), cause);
	int want = db_schema_version();
	if (have > want)
		return set_cause(cause,
				 _("%s: database schema version %d is newer than this sopdeck "
				   "understands (%d); use a newer sopdeck"),
				 db->path, have, want);
	/*
	 * A new database gets every migration in one transaction: one commit (one fsync in
	 * WAL) instead of one per migration, and no other process ever sees half a schema.
	 * An upgrade keeps one transaction per migration, so a failure keeps the ones before.
	 */
	bool fresh = have == 0 && want > 0;
	if (fresh) {
		if (db_begin(db, cause) < 0)
			return -1;
		int now = user_version(db);
		if (now != 0) {  /* another process made it while we waited for the lock */
			db_rollback(db);
			if (now < 0)
				return db_fail(db, _("reading schema version"), cause);
			fresh = false;
			have = now;
		}
	}
	for (int v = have + 1; v <= want; v++) {
		const struct asset *m = NULL;
		for (const struct asset *a = assets_all; a->name; a++)
			if (migration_number(a->name) == v)
				m = a;
		/* Numbers are handed out to parallel branches: one not in this binary
		   is a gap, not an error (its schema, if any, comes with it). */
		if (!m)
			continue;
		if (!fresh) {
			if (db_begin(db, cause) < 0)
				return -1;
			/* Another process may have migrated while we waited for the lock. */
			int now = user_version(db);
			if (now < 0) {
				db_fail(db, _("reading schema version"), cause);
				db_rollback(db);
				return -1;
			}
			if (now >= v) {
				db_rollback(db);
				continue;
			}
		}
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v);
		if (db_exec(db, m->data, cause) < 0 ||
		    (v == AUDIT_CHAIN_MIGRATION && audit_chain_existing(db, cause) < 0) ||
		    db_exec(db, setv, cause) < 0) {
			db_rollback(db);
			return -1;
		}
		if (!fresh && db_commit(db, cause) < 0)
			return -1;
	}
	return fresh ? db_commit(db, cause) : 0;
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

/* sopdeck_sort_key(name): collate_key in SQL, for chat_group.sort_key (migration 020). */
static void sql_sort_key(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	unsigned char *key;
	size_t len;
	char *cause = NULL;
	if (collate_key((const char *)s, (size_t)sqlite3_value_bytes(argv[0]), &key, &len,
			&cause) < 0) {
		sqlite3_result_error(ctx, cause, -1);
		free(cause);
		return;
	}
	sqlite3_result_blob(ctx, key, (int)len, free);
}

/*
 * COLLATE PINYIN and sopdeck_sort_key on this connection. The collator opens on
 * first use, not here: the ICU data is linked into the binary, and a start that
 * lists groups by their stored keys never needs it.
 */
static int collate_register(struct db *db, char **cause)
{
	if (sqlite3_create_collation_v2(db->sql, COLLATE_SQL_NAME, SQLITE_UTF8, NULL,
					collate_sqlite, NULL) != SQLITE_OK ||
	    sqlite3_create_function(db->sql, "sopdeck_sort_key", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sql_sort_key, NULL, NULL) != SQLITE_OK)
		return db_fail(db, "registering the " COLLATE_SQL_NAME " collation", cause);
	return 0;
}

int db_sort_keys_fill(struct db *db, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "UPDATE chat_group SET sort_key = sopdeck_sort_key(name) "
				     "WHERE sort_key = x''", cause);
	if (!st)
		return -1;
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("making the groups' sort keys"), cause);
}

/*
 * Make every group's sort key again (all: the ICU changed) or only the missing
 * ones (rows another program wrote), and record the ICU they were made under.
 */
static int sort_keys_make(struct db *db, bool all, char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, "UPDATE collation_key SET version = ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, collate_key_version(), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(db, _("making the groups' sort keys"), cause);
		db_rollback(db);
		return -1;
	}
	if ((all && db_exec(db, "UPDATE chat_group SET sort_key = x''", cause) < 0) ||
	    db_sort_keys_fill(db, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

/*
 * Are the stored sort keys usable (migration 020)? Made under this ICU and none
 * missing: one small read at every open. Otherwise they are made here; where
 * this connection cannot write (a read-only file, another operator's long
 * import), group_list orders by the collator itself instead, which is correct,
 * only slower: not an error.
 */
static int sort_keys_check(struct db *db, char **cause)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT version = ?, EXISTS (SELECT 1 FROM chat_group "
				    "WHERE sort_key = x'') FROM collation_key", -1, &st, NULL);
	bool current = false, missing = true;
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, collate_key_version(), -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		current = sqlite3_column_int(st, 0) != 0;
		missing = sqlite3_column_int(st, 1) != 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return db_fail(db, _("reading the groups' sort keys"), cause);
	if (!current || missing) {
		char *why = NULL;
		if (sort_keys_make(db, !current, &why) < 0) {
			int code = sqlite3_errcode(db->sql) & 0xFF;
			if (code != SQLITE_READONLY && code != SQLITE_BUSY) {
				*cause = why;
				return -1;
			}
			free(why);
			return 0;
		}
	}
	db->sort_keys = true;
	return 0;
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
	char *last = strrchr(copy, '/');
	for (char *p = copy + 1; last && p <= last; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(copy, 0700) == 0) {
			/* Only the workspace's own directory (the last one) is shared: 2770,
			   setgid so files made inside belong to its group. A directory above
			   it that we had to make (~/.local, ~/.local/share) must never be
			   group-writable, or a member could plant ~/.local/bin/ls; shared,
			   it is 0711 so the group can pass through it and nothing more.
			   chmod, not mkdir's mode, so the operator's umask cannot narrow it. */
			mode_t mode = !shared ? 0700 : p == last ? 02770 : 0711;
			if (mode != 0700 && chmod(copy, mode) < 0) {
				set_cause(cause, _("%s: cannot set the directory's mode to %o: %s"),
					  copy,
					  (unsigned)mode, error_text(errno));
				free(copy);
				return -1;
			}
		} else if (errno != EEXIST) {
			set_cause(cause, _("%s: cannot create directory: %s"), copy,
				  error_text(errno));
			free(copy);
			return -1;
		}
		*p = '/';
	}
	free(copy);
	return 0;
}

int db_share_files(const char *path, char **cause)
{
	/* SQLite gives new -wal/-shm files the database's mode, but files made while it
	   was 0600 stay 0600: fix all three, or say which one and why not. */
	static const char *const suffix[] = {"", "-wal", "-shm"};
	for (size_t i = 0; i < ARRAY_LEN(suffix); i++) {
		char *p = xasprintf("%s%s", path, suffix[i]);
		struct stat st;
		if (stat(p, &st) < 0) {
			int err = errno;
			free(p);
			if (err == ENOENT && i > 0)
				continue;
			return set_cause(cause, "%s%s: %s", path, suffix[i], error_text(err));
		}
		if ((st.st_mode & 07777) != 0660 && chmod(p, 0660) < 0) {
			int err = errno;
			set_cause(cause,
				  err == EPERM ? _("%s: cannot make it group-shared (0660): %s "
						   "(only its owner or root may change its mode)")
					       : _("%s: cannot make it group-shared (0660): %s"),
				  p, error_text(err));
			free(p);
			return -1;
		}
		free(p);
	}
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

/* Read one integer PRAGMA; -1 with a cause (a file that is not SQLite fails here). */
static int pragma_int(struct db *db, const char *sql, int64_t *out, char **cause)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, sql, -1, &st, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if ((sqlite3_errcode(db->sql) & 0xFF) == SQLITE_NOTADB)
		return set_cause(cause, _("%s: not a sopdeck workspace (not an SQLite database at "
					  "all); nothing was changed"), db->path);
	return db_fail(db, _("reading the database header"), cause);
}

/* Does the file hold a table of this name? A lookup: 0 yes, 1 no, -1 error with cause. */
static int find_table(struct db *db, const char *name, char **cause)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db->sql, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND "
				    "name = ?", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("reading the database's tables"), cause);
}

/*
 * Is this file ours? Decided before anything (journal mode, migrations) writes
 * to it: another program's SQLite file, a newer schema or a directory where the
 * -wal file cannot be made is refused with nothing changed. An older sopdeck's
 * workspace (application_id 0, our tables) and a new empty file get our id.
 */
static int db_recognise(struct db *db, bool memory, char **cause)
{
	if (!memory) {
		/* WAL needs PATH-wal and PATH-shm beside the file: say so plainly rather
		   than SQLite's "attempt to write a readonly database". */
		char *dir = xstrdup(db->path), *slash = strrchr(dir, '/');
		if (slash)
			slash[slash == dir] = '\0';
		const char *d = slash ? dir : ".";
		char *wal = xasprintf("%s-wal", db->path), *shm = xasprintf("%s-shm", db->path);
		bool stuck = access(d, W_OK) != 0;
		int err = errno;
		stuck = stuck && (access(wal, F_OK) != 0 || access(shm, F_OK) != 0);
		free(wal);
		free(shm);
		if (stuck) {
			set_cause(cause, _("%s: the directory is not writable (%s), so the "
					   "database's -wal file cannot be created beside %s; "
					   "sopdeck needs write access to the directory"), d,
				  error_text(err), db->path);
			free(dir);
			return -1;
		}
		free(dir);
	}
	int64_t app = 0, version = 0, tables = 0;
	if (pragma_int(db, "PRAGMA application_id", &app, cause) < 0 ||
	    pragma_int(db, "PRAGMA user_version", &version, cause) < 0 ||
	    pragma_int(db, "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'",
		       &tables, cause) < 0)
		return -1;
	if (app != 0 && app != SOPDECK_APPLICATION_ID)
		return set_cause(cause, _("%s: not a sopdeck workspace (SQLite "
					  "application_id 0x%08llX belongs to another "
					  "program); nothing was changed"),
				 db->path, (unsigned long long)(uint32_t)app);
	if (version > db_schema_version())
		return set_cause(cause, _("%s: database schema version %lld is newer than "
					  "this sopdeck understands (%d); use a newer "
					  "sopdeck; nothing was changed"), db->path,
				 (long long)version, db_schema_version());
	if (app == 0 && version == 0 && tables > 0)
		return set_cause(cause, _("%s: not a sopdeck workspace (an SQLite database with "
					  "%lld tables of another program); nothing was changed"),
				 db->path,
				 (long long)tables);
	int audit = app == 0 && version > 0 ? find_table(db, "audit", cause) : 0;
	int groups = audit == 0 && app == 0 && version > 0 ? find_table(db, "chat_group", cause)
							       : 0;
	if (audit < 0 || groups < 0)
		return -1;
	if (audit == 1 || groups == 1)
		return set_cause(cause, _("%s: not a sopdeck workspace (user_version %lld but no "
					  "sopdeck tables); nothing was changed"), db->path,
				 (long long)version);
	if (app == SOPDECK_APPLICATION_ID)
		return 0;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA application_id = %ld", (long)SOPDECK_APPLICATION_ID);
	return db_exec(db, sql, cause);
}

/* The page cache's own memory: one 2 MiB region, about 470 pages of 4 KiB. */
#define PAGE_CACHE_REGION (2u << 20)

/*
 * SQLite's page cache in one region, a huge page where the kernel gives one
 * (transparent huge pages): each page read otherwise took a fresh malloc'd
 * block, and touching it a page fault (300 of them, a third of the console's
 * start at team scale on a VM where a fault costs 20 us). Other page sizes take
 * malloc's memory as before. The region also bounds the cache (SQLite recycles
 * pages once it is nearly full), so the imports go without it
 * (db_page_cache_unbounded): with it 100,000 items took 4.9 s instead of 4.1 s.
 */
static bool page_cache_unbounded;

void db_page_cache_unbounded(void)
{
	page_cache_unbounded = true;
}

static void sqlite_page_cache(void)
{
	int hdr = 0;
	if (page_cache_unbounded)
		return;
	if (sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &hdr) != SQLITE_OK || hdr <= 0)
		return;
	size_t huge = PAGE_CACHE_REGION;
	char *map = mmap(NULL, 2 * huge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			 0);
	if (map == MAP_FAILED)
		return;
	/* Aligned to 2 MiB (a huge page's own alignment); the slack is given back. */
	char *at = (char *)(((uintptr_t)map + huge - 1) & ~(uintptr_t)(huge - 1));
	if (at > map)
		munmap(map, (size_t)(at - map));
	if (at + huge < map + 2 * huge)
		munmap(at + huge, (size_t)(map + 2 * huge - (at + huge)));
	madvise(at, huge, MADV_HUGEPAGE);
	int slot = (4096 + hdr + 7) & ~7;
	if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, at, slot, (int)(huge / (size_t)slot)) !=
	    SQLITE_OK)
		munmap(at, huge);
}

/*
 * SQLite without its mutexes: sopdeck is one thread (the console forks only to
 * exec an editor), and locking around every call was 6% of the console's start.
 * Set before SQLite initialises, so once, before the first connection.
 */
static void sqlite_single_thread(void)
{
	static bool done;
	if (done)
		return;
	done = true;
	sqlite3_config(SQLITE_CONFIG_SINGLETHREAD);
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	sqlite_page_cache();
}

static bool schema_image_on = true;

void db_schema_image_use(bool on)
{
	schema_image_on = on;
}

/* The build's image is this binary's schema (it always is, unless a build went wrong). */
static bool schema_image_usable(void)
{
	return schema_image_on && schema_image_len > 0 &&
	       schema_image_version == db_schema_version();
}

/*
 * A new database file from the schema image: written beside path under a temporary name,
 * then hard-linked to path, which fails if path appeared meanwhile (another process made
 * it: its file is kept). 0 made, 1 not made (path exists, or the file system has no hard
 * links: db_open then creates it and migrates), -1 error with cause.
 */
static int image_write_file(const char *path, mode_t mode, char **cause)
{
	char *tmp = xasprintf("%s.new-XXXXXX", path);
	int fd = mkstemp(tmp);
	if (fd < 0) {
		int err = errno;
		free(tmp);
		return set_cause(cause, "%s: %s", path, error_text(err));
	}
	int rc = 0;
	size_t done = 0;
	while (done < schema_image_len) {
		ssize_t n = write(fd, schema_image + done, schema_image_len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = -1;
			break;
		}
		done += (size_t)n;
	}
	if (rc == 0 && (fchmod(fd, mode) < 0 || fsync(fd) < 0))
		rc = -1;
	if (rc < 0)
		set_cause(cause, "%s: %s", tmp, error_text(errno));
	close(fd);
	if (rc == 0 && link(tmp, path) < 0)
		rc = 1;  /* EEXIST: another process was first; EPERM & co: no hard links here */
	unlink(tmp);
	free(tmp);
	return rc;
}

/* The schema image into a new in-memory connection (before anything is read from it). */
static int image_load_memory(struct db *db, char **cause)
{
	unsigned char *copy = sqlite3_malloc64(schema_image_len);
	if (!copy)
		return set_cause(cause, _("%s: cannot open database: %s"), db->path,
				 _("out of memory"));
	memcpy(copy, schema_image, schema_image_len);
	if (sqlite3_deserialize(db->sql, "main", copy, (sqlite3_int64)schema_image_len,
				(sqlite3_int64)schema_image_len,
				SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE) !=
	    SQLITE_OK)
		return set_cause(cause, _("%s: setting up the connection: %s"), db->path,
				 sqlite3_errmsg(db->sql));
	return 0;
}

int db_open(const char *path, struct db **out, char **cause)
{
	bool memory = strcmp(path, ":memory:") == 0;
	sqlite_single_thread();
	if (!memory) {
		if (db_make_parent_dirs(path, cause) < 0)
			return -1;
		/* Create the file ourselves so it is 0600 (0660 shared) from the first
		   byte on; SQLite gives its -wal and -shm files the same mode, so an
		   existing file set up for a group stays shared. */
		mode_t mode = db_shared() ? 0660 : 0600;
		int made = 1;
		if (schema_image_usable() && access(path, F_OK) < 0 && errno == ENOENT &&
		    (made = image_write_file(path, mode, cause)) < 0)
			return -1;
		int fd = made == 0 ? open(path, O_RDWR | O_CLOEXEC)
				   : open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, mode);
		if (fd >= 0) {
			if (fchmod(fd, mode) < 0) {
				set_cause(cause, "%s: %s", path, error_text(errno));
				close(fd);
				return -1;
			}
		} else if (errno == EEXIST) {
			fd = open(path, O_RDWR | O_CLOEXEC);
		}
		if (fd < 0)
			return set_cause(cause, "%s: %s", path, error_text(errno));
		close(fd);
	}
	struct db *db = xcalloc(1, sizeof *db);
	static int64_t opened;
	db->serial = ++opened;
	db->path = xstrdup(path);
	/* NOMUTEX: one thread per connection, so no lock around every sqlite3_column_*. */
	/* Files through the read-ahead layer (db-readahead.c): long scans in 64 KiB reads. */
	if (sqlite3_open_v2(path, &db->sql,
			    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			    memory ? NULL : db_readahead_vfs()) != SQLITE_OK) {
		set_cause(cause, _("%s: cannot open database: %s"), path,
			  db->sql ? sqlite3_errmsg(db->sql) : _("out of memory"));
		db_close(db);
		return -1;
	}
	/* Checked: a connection without sopdeck_fold would fail later as "no such function". */
	if (sqlite3_busy_timeout(db->sql, BUSY_TIMEOUT_MS) != SQLITE_OK ||
	    sqlite3_extended_result_codes(db->sql, 1) != SQLITE_OK ||
	    sqlite3_create_function(db->sql, "sopdeck_fold", 1,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
				    sql_fold, NULL, NULL) != SQLITE_OK) {
		set_cause(cause, _("%s: setting up the connection: %s"), path,
			  sqlite3_errmsg(db->sql));
		db_close(db);
		return -1;
	}
	if (db_fts_register(db->sql, cause) < 0 || db_ids_register(db->sql, cause) < 0 ||
	    collate_register(db, cause) < 0) {
		db_close(db);
		return -1;
	}
	if ((memory && schema_image_usable() && image_load_memory(db, cause) < 0) ||
	    db_recognise(db, memory, cause) < 0 ||
	    db_exec(db, "PRAGMA foreign_keys = ON", cause) < 0 ||
	    (!memory && db_exec(db, "PRAGMA journal_mode = WAL", cause) < 0) ||
	    db_exec(db, "PRAGMA synchronous = FULL", cause) < 0 || migrate(db, cause) < 0 ||
	    sort_keys_check(db, cause) < 0) {
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
	free(db->group_owner);
	free(db->path);
	free(db);
}

void db_bulk(struct db *db, int cache_kib)
{
	char sql[96];
	/* temp_store: each upsert's statement journal (a page or two, emptied after the
	   statement) stays in memory instead of a pwrite per page to a file in /var/tmp. */
	snprintf(sql, sizeof sql, "PRAGMA cache_size = -%d; PRAGMA temp_store = %s",
		 cache_kib > 0 ? cache_kib : 2000, cache_kib > 0 ? "MEMORY" : "DEFAULT");
	sqlite3_exec(db->sql, sql, NULL, NULL, NULL);
}

int db_begin(struct db *db, char **cause)
{
	int rc = sqlite3_exec(db->sql, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_BUSY)
		/* Said first and plainly: the console shows the start of it on one line. */
		return set_cause(cause, _("busy: another operator's change (a large "
					  "import?) held the database for %d s; nothing was "
					  "changed, try again (%s)"),
				 BUSY_TIMEOUT_MS / 1000, db->path);
	if (rc != SQLITE_OK)
		return db_fail(db, _("cannot start a write transaction"), cause);
	return 0;
}

void db_busy_wait(struct db *db, bool wait)
{
	sqlite3_busy_timeout(db->sql, wait ? BUSY_TIMEOUT_MS : 0);
}

int db_commit(struct db *db, char **cause)
{
	if (sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		db_fail(db, _("commit failed; nothing was changed"), cause);
		db_rollback(db);
		return -1;
	}
	return 0;
}

bool db_read_begin(struct db *db)
{
	return sqlite3_get_autocommit(db->sql) &&
	       sqlite3_exec(db->sql, "BEGIN", NULL, NULL, NULL) == SQLITE_OK;
}

void db_read_end(struct db *db, bool began)
{
	if (began && !sqlite3_get_autocommit(db->sql))
		sqlite3_exec(db->sql, "COMMIT", NULL, NULL, NULL);
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

void db_now(char out[DB_NOW_SIZE])
{
	date_stamp_utc(date_clock(), out);
}

/* The Unix account running sopdeck (from the process's uid, which --operator cannot change). */
static const char *db_account(void)
{
	static char name[64];
	if (!name[0]) {
		struct passwd *pw = getpwuid(geteuid());
		if (pw && pw->pw_name && *pw->pw_name)
			snprintf(name, sizeof name, "%s", pw->pw_name);
		else
			snprintf(name, sizeof name, "uid %lu", (unsigned long)geteuid());
	}
	return name;
}

/* Append one chained entry; the caller holds the write transaction. */
static int audit_append(struct db *db, const char *operator, const char *kind,
			const char *detail, char **cause)
{
	sqlite3_stmt *head = db_cached(db, "SELECT hash FROM audit_head WHERE one = 1", cause);
	if (!head)
		return -1;
	char prev[CHAIN_HASH_HEX] = "", hash[CHAIN_HASH_HEX], now[DB_NOW_SIZE];
	int rc = sqlite3_step(head);
	if (rc == SQLITE_ROW)
		snprintf(prev, sizeof prev, "%s", db_col_text(head, 0));
	sqlite3_reset(head);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(db, _("reading the audit log's last hash"), cause);
	db_now(now);
	const char *account = db_account();
	chain_hash_entry(prev, now, operator, account, kind, detail, hash);
	sqlite3_stmt *st = db_cached(db, "INSERT INTO audit (at, operator, account, kind, detail, "
				     "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)", cause);
	if (!st)
		return -1;
	const char *v[] = {now, operator, account, kind, detail, prev, hash};
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("writing the audit log"), cause);
	sqlite3_stmt *up = db_cached(db, "INSERT INTO audit_head (one, last_id, hash, count) "
				     "VALUES (1, ?1, ?2, 1) ON CONFLICT (one) DO UPDATE SET "
				     "last_id = ?1, hash = ?2, count = count + 1", cause);
	if (!up)
		return -1;
	sqlite3_bind_int64(up, 1, sqlite3_last_insert_rowid(db->sql));
	sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(up);
	sqlite3_reset(up);
	if (rc != SQLITE_DONE)
		return db_fail(db, _("writing the audit log's head"), cause);
	return 0;
}

int db_audit(struct db *db, const char *operator, const char *kind, const char *detail,
	     char **cause)
{
	/* The chain needs the last hash and the insert in one write transaction; every
	   caller has one, but a stray call outside one must not fork the chain. */
	if (!sqlite3_get_autocommit(db->sql))
		return audit_append(db, operator, kind, detail, cause);
	if (db_begin(db, cause) < 0)
		return -1;
	if (audit_append(db, operator, kind, detail, cause) < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}
