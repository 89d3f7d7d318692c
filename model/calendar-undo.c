/*
 * Undo and redo of calendar changes, kept in the database: every change is one
 * transaction recording the before-image of the slots it touches as a batch of
 * slot_undo (per operator); undo moves a batch back into the slots and what it
 * replaced into slot_redo, redo the other way.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cal-internal.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

/* The stored description's field separator (ASCII unit separator). */
#define DESC_SEP '\x1f'
#define DESC_MAX_FIELDS 8

/* Append one field; a separator inside it (a user's name) becomes a space. */
static void desc_field(struct buf *b, const char *field)
{
	size_t start = b->len;
	buf_adds(b, field ? field : "");
	for (size_t i = start; i < b->len; i++)
		if (b->data[i] == DESC_SEP)
			b->data[i] = ' ';
}

char *cal_desc(const char *kind, ...)
{
	struct buf b = {0};
	buf_adds(&b, kind);
	va_list ap;
	va_start(ap, kind);
	for (const char *f; (f = va_arg(ap, const char *));) {
		buf_add(&b, (char[]){DESC_SEP}, 1);
		desc_field(&b, f);
	}
	va_end(ap);
	return b.data;
}

void cal_desc_add(char **desc, const char *field)
{
	struct buf b = {0};
	buf_adds(&b, *desc);
	buf_add(&b, (char[]){DESC_SEP}, 1);
	desc_field(&b, field);
	free(*desc);
	*desc = b.data;
}

/*
 * Each kind's sentence, per language through the catalogue (i18n_get_in keeps the
 * format checked against the msgid). Fields are the user's names and the slot's
 * position, never translated; a slot status is the status's word.
 */
char *cal_desc_text(const char *desc, enum i18n_lang lang)
{
	if (!strchr(desc, DESC_SEP))
		return xstrdup(desc);
	char *copy = xstrdup(desc);
	const char *f[DESC_MAX_FIELDS] = {0};
	size_t n = 0;
	for (char *p = copy; p && n < DESC_MAX_FIELDS; n++) {
		f[n] = p;
		if ((p = strchr(p, DESC_SEP)))
			*p++ = '\0';
	}
	for (size_t i = n; i < DESC_MAX_FIELDS; i++)
		f[i] = "";
	const char *k = f[0];
	char *out = NULL;
	if (!strcmp(k, "fill"))
		out = xasprintf(i18n_get_in(lang, N_("fill %s %s %s %s with content %s")), f[1], f[2],
				f[3], f[4], f[5]);
	else if (!strcmp(k, "fill-topic"))
		out = xasprintf(i18n_get_in(lang, N_("fill %s %s %s %s with placeholder %s")), f[1],
				f[2], f[3], f[4], f[5]);
	else if (!strcmp(k, "clear"))
		out = xasprintf(i18n_get_in(lang, N_("clear %s %s %s")), f[1], f[2], f[3]);
	else if (!strcmp(k, "status"))
		out = xasprintf(i18n_get_in(lang, N_("mark %s %s %s %s")), f[1], f[2], f[3],
				i18n_get_in(lang, f[4]));
	else if (!strcmp(k, "move") && n > 4)
		out = xasprintf(i18n_get_in(lang, N_("move %s %s %s to %s %s %s")), f[1], f[2], f[3],
				f[4], f[5], f[6]);
	else if (!strcmp(k, "move"))
		out = xasprintf(i18n_get_in(lang, N_("move %s %s %s")), f[1], f[2], f[3]);
	else if (!strcmp(k, "copy") && n > 4)
		out = xasprintf(i18n_get_in(lang, N_("copy %s %s %s to %s %s %s")), f[1], f[2], f[3],
				f[4], f[5], f[6]);
	else if (!strcmp(k, "copy"))
		out = xasprintf(i18n_get_in(lang, N_("copy %s %s %s")), f[1], f[2], f[3]);
	else if (!strcmp(k, "copy-week") && n > 2)
		out = xasprintf(i18n_get_in(lang, N_("copy last week into %s (%s slots)")), f[1], f[2]);
	else if (!strcmp(k, "copy-week"))
		out = xasprintf(i18n_get_in(lang, N_("copy last week into %s")), f[1]);
	free(copy);
	if (out)
		return out;
	/* A kind this build does not know: its fields as they are. */
	out = xstrdup(desc);
	for (char *p = out; (p = strchr(p, DESC_SEP));)
		*p = ' ';
	return out;
}

/* Begin: the transaction, and the next batch number for this change's before-images. */
int cal_change_begin(struct db *db, const char *operator, char *what, struct cal_change *c,
		     char **cause)
{
	c->db = db;
	c->operator = operator;
	c->what = what;
	if (db_begin(db, cause) < 0) {
		free(what);
		return -1;
	}
	sqlite3_stmt *st = db_cached(db, "SELECT coalesce(max(batch), 0) + 1 FROM slot_undo", cause);
	if (!st) {
		db_rollback(db);
		free(what);
		return -1;
	}
	c->batch = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 1;
	sqlite3_reset(st);
	return 0;
}

/* Keep the slot's before-image for undo, once per position and change. */
int cal_change_snapshot(struct cal_change *c, int64_t group_id, int day, int at,
			const char *action_id, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(c->db,
		       "INSERT INTO slot_undo (batch, operator, what, group_id, day, at, existed, "
		       "action_id, content_id, topic, form, owner, status, updated_at, updated_by) "
		       "SELECT ?1, ?2, ?3, ?4, ?5, ?6, s.id IS NOT NULL, ?7, s.content_id, "
		       "coalesce(s.topic, ''), coalesce(s.form, ''), coalesce(s.owner, ''), "
		       "coalesce(s.status, 'planned'), coalesce(s.updated_at, ''), "
		       "coalesce(s.updated_by, '') FROM (SELECT 1) LEFT JOIN slot s "
		       "ON s.group_id = ?4 AND s.day = ?5 AND s.at = ?6 AND s.action_id = ?7 "
		       "WHERE NOT EXISTS (SELECT 1 FROM slot_undo u WHERE u.batch = ?1 AND "
		       "u.group_id = ?4 AND u.day = ?5 AND u.at = ?6 AND u.action_id = ?7)", cause)))
		return -1;
	sqlite3_bind_int64(st, 1, c->batch);
	sqlite3_bind_text(st, 2, c->operator, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, c->what, -1, SQLITE_TRANSIENT);
	cal_bind_pos(st, 4, group_id, day, at, action_id ? action_id : "");
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(c->db, _("recording undo"), cause);
}

static int redo_forget(struct db *db, const char *operator, char **cause);

/* Audit, drop old undo batches, commit; rolls back on failure. Frees what. */
int cal_change_commit(struct cal_change *c, const char *kind, char **cause)
{
	sqlite3_stmt *st = NULL;
	/* The audit keeps the English sentence, whoever's language made the change. */
	char *detail = cal_desc_text(c->what, I18N_EN);
	int rc = db_audit(c->db, c->operator, kind, detail, cause);
	free(detail);
	/* A new change ends what could be redone, as in every editor. */
	if (rc == 0)
		rc = redo_forget(c->db, c->operator, cause);
	if (rc == 0 && !(st = db_cached(c->db,
					"DELETE FROM slot_undo WHERE operator = ?1 AND batch < (SELECT "
					"coalesce(min(batch), 0) FROM (SELECT DISTINCT batch FROM "
					"slot_undo WHERE operator = ?1 ORDER BY batch DESC LIMIT ?2))",
					cause)))
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, c->operator, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int(st, 2, CALENDAR_UNDO_KEEP);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(c->db, _("trimming undo"), cause);
		sqlite3_reset(st);
	}
	free(c->what);
	c->what = NULL;
	if (rc < 0) {
		db_rollback(c->db);
		return -1;
	}
	return db_commit(c->db, cause);
}

/* Give up the change: roll back, nothing of it stays. */
int cal_change_fail(struct cal_change *c)
{
	db_rollback(c->db);
	free(c->what);
	c->what = NULL;
	return -1;
}

/* Drop the operator's redo batches (a new change was made). */
static int redo_forget(struct db *db, const char *operator, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "DELETE FROM slot_redo WHERE operator = ?", &st, cause) < 0)
		return -1;
	sqlite3_bind_text(st, 1, operator, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, _("forgetting redo"), cause);
	sqlite3_finalize(st);
	return rc;
}

/* Run one statement over ?1 = batch, ?2 = the other table's new batch. */
static int batch_step(struct db *db, const char *sql, int64_t batch, int64_t other,
		      char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	sqlite3_bind_int64(st, 1, batch);
	sqlite3_bind_int64(st, 2, other);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, _("undoing"), cause);
	sqlite3_finalize(st);
	return rc;
}

/*
 * Undo (from slot_undo to slot_redo) or redo (the other way): the newest batch of
 * the operator in `from` is put back, and what is there now becomes a batch of
 * `to`, so that each can be taken back by the other. One transaction, audited.
 */
static int undo_redo(struct db *db, const char *operator, bool redo, char **what, char **cause)
{
	const char *from = redo ? "slot_redo" : "slot_undo", *to = redo ? "slot_undo" : "slot_redo";
	if (db_begin(db, cause) < 0)
		return -1;
	sqlite3_stmt *st = NULL;
	char *sql = xasprintf("SELECT batch, what, (SELECT coalesce(max(batch), 0) + 1 FROM %s) "
			      "FROM %s WHERE operator = ? ORDER BY batch DESC, id DESC LIMIT 1", to, from);
	int rc = db_prepare(db, sql, &st, cause);
	free(sql);
	int64_t batch = 0, other = 0;
	char *desc = NULL;
	if (rc == 0) {
		sqlite3_bind_text(st, 1, operator, -1, SQLITE_TRANSIENT);
		int r = sqlite3_step(st);
		if (r == SQLITE_ROW) {
			batch = sqlite3_column_int64(st, 0);
			desc = xstrdup(db_col_text(st, 1));
			other = sqlite3_column_int64(st, 2);
		} else if (r == SQLITE_DONE) {
			rc = set_cause(cause, redo ? _("nothing to redo for %s")
						  : _("nothing to undo for %s"), operator);
		} else {
			rc = db_fail(db, _("reading undo"), cause);
		}
	}
	sqlite3_finalize(st);
	/* Keep what is there now, delete it, then put back the batch's image. */
	char *steps[] = {
		xasprintf("INSERT INTO %s (batch, operator, what, group_id, day, at, existed, "
			  "action_id, content_id, topic, form, owner, status, updated_at, updated_by) "
			  "SELECT ?2, u.operator, u.what, u.group_id, u.day, u.at, s.id IS NOT NULL, "
			  "coalesce(u.action_id, ''), s.content_id, coalesce(s.topic, ''), "
			  "coalesce(s.form, ''), coalesce(s.owner, ''), coalesce(s.status, 'planned'), "
			  "coalesce(s.updated_at, ''), coalesce(s.updated_by, '') FROM %s u "
			  "LEFT JOIN slot s ON s.group_id = u.group_id AND s.day = u.day AND "
			  "s.at = u.at AND s.action_id = coalesce(u.action_id, '') WHERE u.batch = ?1",
			  to, from),
		xasprintf("DELETE FROM slot WHERE EXISTS (SELECT 1 FROM %s u WHERE u.batch = ?1 "
			  "AND u.group_id = slot.group_id AND u.day = slot.day AND u.at = slot.at "
			  "AND coalesce(u.action_id, '') = slot.action_id)", from),
		xasprintf("INSERT INTO slot (group_id, day, at, action_id, content_id, topic, form, "
			  "owner, status, updated_at, updated_by) SELECT u.group_id, u.day, u.at, "
			  "coalesce(u.action_id, ''), "
			  "(SELECT id FROM content WHERE id = u.content_id), u.topic, u.form, u.owner, "
			  "u.status, u.updated_at, u.updated_by FROM %s u WHERE u.batch = ?1 "
			  "AND u.existed AND EXISTS (SELECT 1 FROM chat_group g WHERE g.id = u.group_id)",
			  from),
		xasprintf("DELETE FROM %s WHERE batch = ?1", from),
	};
	for (size_t i = 0; i < ARRAY_LEN(steps); i++) {
		if (rc == 0)
			rc = batch_step(db, steps[i], batch, other, cause);
		free(steps[i]);
	}
	if (rc == 0) {
		char *en = cal_desc_text(desc, I18N_EN);
		char *detail = xasprintf("%s %s", redo ? "redo" : "undo", en);
		free(en);
		rc = db_audit(db, operator, redo ? "schedule-redo" : "schedule-undo", detail, cause);
		free(detail);
	}
	if (rc < 0 || db_commit(db, cause) < 0) {
		db_rollback(db);
		free(desc);
		return -1;
	}
	/* The message in the interface's language. */
	if (what)
		*what = cal_desc_text(desc, i18n_lang());
	free(desc);
	return 0;
}

int calendar_undo(struct db *db, const char *operator, char **what, char **cause)
{
	return undo_redo(db, operator, false, what, cause);
}

int calendar_redo(struct db *db, const char *operator, char **what, char **cause)
{
	return undo_redo(db, operator, true, what, cause);
}
