/*
 * `sopdeck_ids(?)`: an eponymous table-valued function whose rows are the ids of
 * a C array bound with sqlite3_bind_pointer (SQLite's carray, which the system
 * library lacks). The calendar's week reads its items' titles and their uses
 * around the week by seeking each id: json_each of a JSON list built and parsed
 * every time cost more than a sixth of those reads.
 */
#include <stdlib.h>
#include <string.h>

#include "db-ids.h"
#include "i18n.h"
#include "util.h"

#define IDS_POINTER_TYPE "sopdeck_ids"

enum { COL_VALUE, COL_LIST };

struct ids_cursor {
	sqlite3_vtab_cursor base;
	const struct db_ids *ids;  /* NULL: no list bound (no rows) */
	size_t at;
};

static int ids_connect(sqlite3 *db, void *aux, int argc, const char *const *argv,
		       sqlite3_vtab **out, char **err)
{
	int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(value INTEGER, list HIDDEN)");
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_vtab *t = sqlite3_malloc(sizeof *t);
	if (!t)
		return SQLITE_NOMEM;
	memset(t, 0, sizeof *t);
	*out = t;
	return SQLITE_OK;
}

static int ids_disconnect(sqlite3_vtab *t)
{
	sqlite3_free(t);
	return SQLITE_OK;
}

static int ids_open(sqlite3_vtab *t, sqlite3_vtab_cursor **out)
{
	struct ids_cursor *c = sqlite3_malloc(sizeof *c);
	if (!c)
		return SQLITE_NOMEM;
	memset(c, 0, sizeof *c);
	*out = &c->base;
	return SQLITE_OK;
}

static int ids_close(sqlite3_vtab_cursor *cur)
{
	sqlite3_free(cur);
	return SQLITE_OK;
}

static int ids_filter(sqlite3_vtab_cursor *cur, int idx, const char *idx_str, int argc,
		      sqlite3_value **argv)
{
	struct ids_cursor *c = (struct ids_cursor *)cur;
	c->ids = argc > 0 ? sqlite3_value_pointer(argv[0], IDS_POINTER_TYPE) : NULL;
	c->at = 0;
	return SQLITE_OK;
}

static int ids_next(sqlite3_vtab_cursor *cur)
{
	((struct ids_cursor *)cur)->at++;
	return SQLITE_OK;
}

static int ids_eof(sqlite3_vtab_cursor *cur)
{
	const struct ids_cursor *c = (const struct ids_cursor *)cur;
	return !c->ids || c->at >= c->ids->n;
}

static int ids_column(sqlite3_vtab_cursor *cur, sqlite3_context *ctx, int col)
{
	const struct ids_cursor *c = (const struct ids_cursor *)cur;
	if (col == COL_VALUE)
		sqlite3_result_int64(ctx, c->ids->id[c->at]);
	else
		sqlite3_result_null(ctx);
	return SQLITE_OK;
}

static int ids_rowid(sqlite3_vtab_cursor *cur, sqlite_int64 *rowid)
{
	*rowid = (sqlite_int64)((const struct ids_cursor *)cur)->at + 1;
	return SQLITE_OK;
}

/* The list is an equality constraint on the hidden column: without one, no plan. */
static int ids_best_index(sqlite3_vtab *t, sqlite3_index_info *info)
{
	for (int i = 0; i < info->nConstraint; i++) {
		const struct sqlite3_index_constraint *k = &info->aConstraint[i];
		if (k->iColumn != COL_LIST || k->op != SQLITE_INDEX_CONSTRAINT_EQ)
			continue;
		if (!k->usable)
			return SQLITE_CONSTRAINT;
		info->aConstraintUsage[i].argvIndex = 1;
		info->aConstraintUsage[i].omit = 1;
		info->estimatedCost = 1000;
		info->estimatedRows = 1000;
		return SQLITE_OK;
	}
	t->zErrMsg = sqlite3_mprintf("sopdeck_ids needs a list");
	return SQLITE_ERROR;
}

static const sqlite3_module ids_module = {
	.iVersion = 0,
	.xConnect = ids_connect,
	.xBestIndex = ids_best_index,
	.xDisconnect = ids_disconnect,
	.xOpen = ids_open,
	.xClose = ids_close,
	.xFilter = ids_filter,
	.xNext = ids_next,
	.xEof = ids_eof,
	.xColumn = ids_column,
	.xRowid = ids_rowid,
};

int db_ids_register(sqlite3 *db, char **cause)
{
	if (sqlite3_create_module(db, "sopdeck_ids", &ids_module, NULL) == SQLITE_OK)
		return 0;
	return set_cause(cause, _("registering the id list function: %s"), sqlite3_errmsg(db));
}

void db_ids_bind(sqlite3_stmt *st, int i, const struct db_ids *ids)
{
	sqlite3_bind_pointer(st, i, (void *)ids, IDS_POINTER_TYPE, NULL);
}
