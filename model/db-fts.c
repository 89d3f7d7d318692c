/*
 * The library's search tokenizer `sopdeck_char` (FTS5, registered on every
 * connection by db_open before the migrations run, like sopdeck_fold; here in
 * the db module so that opening a database depends on text, not on content). Every character of the
 * folded text (content_fold = text_fold: NFKC_Casefold, model/text-fold.c)
 * is its own token, and each run of white space is one token. A query word
 * given as an FTS5 string ("误区") goes through the same tokenizer and becomes
 * a phrase of consecutive characters, so a match is exactly a substring match
 * on the folded text, for one character as for ten and in any script. ASCII
 * runs are not one token: "bc" must find "abc", which a word token cannot.
 */
#include <stdlib.h>
#include <string.h>

#include "db-fts.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* The white space that splits a query into words (content.c search_match), after folding. */
static bool fts_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The tokenizer's walk over the fold's pieces: a white-space run is one token. */
struct tok_walk {
	int (*emit)(void *ctx, const char *tok, int n, int start, int end);
	void *ctx;
	bool in_space;
	int space_start, space_end;
};

static int space_flush(struct tok_walk *w)
{
	if (!w->in_space)
		return 0;
	w->in_space = false;
	return w->emit(w->ctx, " ", 1, w->space_start, w->space_end);
}

/*
 * One piece of the fold (text_fold_pieces): each of its characters is a token
 * with the piece's offsets in the original, so ㈱ ("(株)") is three tokens that
 * all point at ㈱, and a phrase search for 株 finds it.
 */
static int tok_piece(void *arg, size_t start, size_t end, const char *fold, size_t len)
{
	struct tok_walk *w = arg;
	for (size_t i = 0; i < len;) {
		unsigned cp;
		size_t l = utf8_decode(fold + i, len - i, &cp);
		if (fts_space(fold[i])) {
			if (!w->in_space)
				w->space_start = (int)start;
			w->in_space = true;
			w->space_end = (int)end;
		} else {
			int rc = space_flush(w);
			if (rc == 0)
				rc = w->emit(w->ctx, fold + i, (int)l, (int)start, (int)end);
			if (rc)
				return rc;
		}
		i += l;
	}
	return 0;
}

int db_fts_tokenize(const char *text, int len,
			 int (*emit)(void *ctx, const char *tok, int n, int start, int end),
			 void *ctx)
{
	char *raw = xstrndup(text ? text : "", len > 0 ? (size_t)len : 0);
	struct tok_walk w = {emit, ctx, false, 0, 0};
	int rc = text_fold_pieces(raw, strlen(raw), tok_piece, &w);
	if (rc == 0)
		rc = space_flush(&w);
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
		return set_cause(cause, _("registering the search tokenizer: %s"),
				 sqlite3_errmsg(db));
	int rc = sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return set_cause(cause, _("registering the search tokenizer: %s"),
				 sqlite3_errmsg(db));
	if (!api || api->iVersion < 2)
		return set_cause(cause, _("registering the search tokenizer: SQLite has no FTS5"));
	fts5_tokenizer tok = {tok_create, tok_delete, tok_tokenize};
	if (api->xCreateTokenizer(api, "sopdeck_char", NULL, &tok, NULL) != SQLITE_OK)
		return set_cause(cause, _("registering the search tokenizer: %s"),
				 sqlite3_errmsg(db));
	return 0;
}
