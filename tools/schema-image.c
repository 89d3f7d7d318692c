/*
 * schema-image: the database a new workspace starts from, made at build time.
 *
 *   schema-image OUT.c TMP.db assets/migrations/NNN-name.sql...
 *
 * Applies the migrations in order to an empty file, as model/db.c's migrate() does for
 * a new database, and writes its pages into OUT.c (`schema_image`, its length and the
 * schema version). A new workspace is then a copy of these pages instead of 30-odd
 * migrations at run time: SQLite re-reads the whole schema after every ALTER TABLE, so
 * migrating an empty database took 25 ms of CPU (130 ms under ASan), paid by every
 * `init`, every unit test's in-memory database and ~260 test workspaces a `make test`.
 *
 * The functions, collation and tokenizer the migrations name are registered here as
 * stand-ins that fail when called: on empty tables SQLite only needs them to exist,
 * and a migration that did call one at build time stops the build instead of baking a
 * wrong value in. tests/unit/test_schema_image.c compares the image with the migrated
 * schema, object by object and row by row.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "schema-image: %s: %s\n", what, detail);
	exit(1);
}

static void stand_in_function(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	sqlite3_result_error(ctx, "schema-image: a migration called a function on data", -1);
}

static int stand_in_collation(void *arg, int na, const void *a, int nb, const void *b)
{
	(void)arg;
	(void)na;
	(void)a;
	(void)nb;
	(void)b;
	fputs("schema-image: a migration compared text with the PINYIN collation\n", stderr);
	exit(1);
}

/* The FTS5 tokenizer "sopdeck_char": created with the table, never asked to tokenize. */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	(void)argc;
	*out = (Fts5Tokenizer *)&tok_create;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
			int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	(void)ctx;
	(void)flags;
	(void)text;
	(void)n;
	(void)token;
	return SQLITE_ERROR;
}

static void register_stand_ins(sqlite3 *db)
{
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
	if (sqlite3_create_function(db, "sopdeck_fold", 1, flags, NULL, stand_in_function, NULL,
				    NULL) != SQLITE_OK ||
	    sqlite3_create_function(db, "sopdeck_sort_key", 1, flags, NULL, stand_in_function,
				    NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_collation(db, "PINYIN", SQLITE_UTF8, NULL, stand_in_collation) !=
		    SQLITE_OK)
		die("registering stand-ins", sqlite3_errmsg(db));
	sqlite3_stmt *st;
	fts5_api *api = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		die("fts5", sqlite3_errmsg(db));
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	static fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	if (!api || api->xCreateTokenizer(api, "sopdeck_char", NULL, &tok, NULL) != SQLITE_OK)
		die("fts5", "cannot register the tokenizer stand-in");
}

static void exec(sqlite3 *db, const char *sql, const char *where)
{
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		die(where, err ? err : sqlite3_errmsg(db));
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		die(path, strerror(errno));
	size_t cap = 1 << 16, n = 0;
	char *s = malloc(cap);
	size_t got;
	while (s && (got = fread(s + n, 1, cap - n - 1, f)) > 0) {
		n += got;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	if (!s || ferror(f))
		die(path, "cannot read");
	fclose(f);
	s[n] = '\0';
	*len = n;
	return s;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fputs("usage: schema-image OUT.c TMP.db MIGRATION.sql...\n", stderr);
		return 2;
	}
	const char *out = argv[1], *tmp = argv[2];
	remove(tmp);
	sqlite3 *db;
	if (sqlite3_open(tmp, &db) != SQLITE_OK)
		die(tmp, sqlite3_errmsg(db));
	register_stand_ins(db);
	/* As db_open: foreign keys on, then every migration of a new database in one
	   transaction, user_version set after each. */
	exec(db, "PRAGMA foreign_keys = ON", "pragma");
	exec(db, "BEGIN IMMEDIATE", "begin");
	int version = 0;
	for (int i = 3; i < argc; i++) {
		const char *base = strrchr(argv[i], '/');
		base = base ? base + 1 : argv[i];
		int v = atoi(base);
		if (v <= version)
			die(argv[i], "migrations must come in increasing order");
		size_t len;
		char *sql = slurp(argv[i], &len);
		exec(db, sql, argv[i]);
		free(sql);
		char setv[64];
		snprintf(setv, sizeof setv, "PRAGMA user_version = %d", v);
		exec(db, setv, argv[i]);
		version = v;
	}
	exec(db, "COMMIT", "commit");
	if (sqlite3_close(db) != SQLITE_OK)
		die(tmp, "cannot close");
	size_t len;
	unsigned char *img = (unsigned char *)slurp(tmp, &len);
	if (len < 100 || len % 512)
		die(tmp, "not a database image");
	FILE *f = fopen(out, "w");
	if (!f)
		die(out, strerror(errno));
	fprintf(f, "/* Generated by tools/schema-image.c from assets/migrations: do not edit. */\n"
		   "#include <stddef.h>\n\n"
		   "const int schema_image_version = %d;\n"
		   "const size_t schema_image_len = %zu;\n"
		   "const unsigned char schema_image[] = {\n",
		version, len);
	for (size_t i = 0; i < len; i++)
		fprintf(f, "%u,%s", img[i], i % 32 == 31 ? "\n" : "");
	fputs("};\n", f);
	if (fclose(f) != 0)
		die(out, strerror(errno));
	free(img);
	remove(tmp);
	return 0;
}
