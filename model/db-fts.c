/*
 * The library's search tokenizer `sopdeck_char` (FTS5, registered on every
 * connection by db_open before the migrations run, like sopdeck_fold; here in
 * the db module so that opening a database depends on text, not on content). Every character of the
 * folded text (content_fold: full-width forms to half-width, ASCII lower case)
 * is its own token, and each run of white space is one token. A query word
 * given as an FTS5 string ("误区") goes through the same tokenizer and becomes
 * a phrase of consecutive characters, so a match is exactly a substring match
 * on the folded text, for one character as for ten and in any script. ASCII
 * runs are not one token: "bc" must find "abc", which a word token cannot.
 */
#include <stdlib.h>
#include <string.h>

#include "db-fts.h"
#include "text.h"
#include "util.h"

/* The white space that splits a query into words (content.c search_match), after folding. */
static bool fts_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int db_fts_tokenize(const char *text, int len,
			 int (*emit)(void *ctx, const char *tok, int n, int start, int end),
			 void *ctx)
{
	char *raw = xstrndup(text ? text : "", len > 0 ? (size_t)len : 0);
	size_t n = strlen(raw);
	char *f = text_fold(raw);
	size_t nf = strlen(f);
	/*
	 * The fold maps each character to exactly one character, so walking both
	 * strings in step gives each token its offsets in the original text.
	 */
	size_t i = 0, j = 0;
	int rc = 0;
	while (i < nf && rc == 0) {
		unsigned cp;
		size_t start = j;
		if (fts_space(f[i])) {
			while (i < nf && fts_space(f[i])) {
				i += utf8_decode(f + i, nf - i, &cp);
				if (j < n)
					j += utf8_decode(raw + j, n - j, &cp);
			}
			rc = emit(ctx, " ", 1, (int)start, (int)j);
			continue;
		}
		size_t lf = utf8_decode(f + i, nf - i, &cp);
		if (j < n)
			j += utf8_decode(raw + j, n - j, &cp);
		rc = emit(ctx, f + i, (int)lf, (int)start, (int)j);
		i += lf;
	}
	free(f);
	free(raw);
	return rc;
}

/* xCreate: the tokenizer has no state and no options; any non-NULL handle will do. */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	static char handle;
	(void)ctx;
	(void)argv;
	if (argc > 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&handle;
	return SQLITE_OK;
}

static void tok_delete(Fts5Tokenizer *t)
{
	(void)t;
}

/* FTS5's callback has flags first; db_fts_tokenize's does not. */
struct tok_call {
	void *ctx;
	int (*token)(void *, int, const char *, int, int, int);
};

static int tok_emit(void *arg, const char *tok, int n, int start, int end)
{
	struct tok_call *c = arg;
	return c->token(c->ctx, 0, tok, n, start, end);
}

static int tok_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
			int (*token)(void *, int, const char *, int, int, int))
{
	(void)t;
	(void)flags;
	struct tok_call c = {ctx, token};
	return db_fts_tokenize(text, len, tok_emit, &c);
}

int db_fts_register(sqlite3 *db, char **cause)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	/* The documented way to reach FTS5's API: a pointer handed out by SELECT fts5(?). */
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return set_cause(cause, "registering the search tokenizer: %s",
				 sqlite3_errmsg(db));
	int rc = sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return set_cause(cause, "registering the search tokenizer: %s",
				 sqlite3_errmsg(db));
	if (!api || api->iVersion < 2)
		return set_cause(cause, "registering the search tokenizer: SQLite has no FTS5");
	fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	if (api->xCreateTokenizer(api, "sopdeck_char", NULL, &tok, NULL) != SQLITE_OK)
		return set_cause(cause, "registering the search tokenizer: %s",
				 sqlite3_errmsg(db));
	return 0;
}
