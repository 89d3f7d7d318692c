/*
 * The group lifecycle (issue 11): item IDs by group name, archive/unarchive,
 * delete (refused while the group has history unless purged), and `group set`.
 * Each change is one transaction and audited.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "text.h"
#include "util.h"

int group_parse_item(struct db *db, const char *id, int64_t *group_id, char **action_id,
		     char **cause)
{
	const char *colon = strrchr(id, ':');
	bool ok = colon && colon > id && colon[1] != '\0';
	for (const char *p = colon ? colon + 1 : id; ok && *p; p++)
		ok = !isspace((unsigned char)*p) && !iscntrl((unsigned char)*p);
	if (!ok) {
		char *safe = text_sanitize(id, false);
		set_cause(cause, _("'%s' is not an item ID (GROUP:ACTION, e.g. 3:morning "
				   "or Mums:morning)"), safe);
		free(safe);
		return -1;
	}
	char *group = xstrndup(id, (size_t)(colon - id));
	bool numeric = strlen(group) <= 18;
	for (const char *p = group; numeric && *p; p++)
		numeric = isdigit((unsigned char)*p);
	struct group g;
	/* A number is an id first (as `today` prints it); a group may still be named "2024". */
	int found = numeric ? group_find_id(db, strtoll(group, NULL, 10), &g, cause) : 1;
	if (found == 1)
		found = group_find(db, group, &g, cause);
	int rc = found == 0 ? 0 : -1;
	if (found == 1) {
		char *safe = text_sanitize(id, false), *sg = text_sanitize(group, false);
		if (numeric)
			set_cause(cause, _("%s: no group with id %s (nor one named '%s')"), safe,
				  sg,
				  sg);
		else
			set_cause(cause, _("%s: no group named '%s'"), safe, sg);
		free(safe);
		free(sg);
	} else if (found == 0) {
		*group_id = g.id;
		*action_id = xstrdup(colon + 1);
		group_clear(&g);
	}
	free(group);
	return rc;
}

/* Run one UPDATE/DELETE bound to (text, int64) or (int64) in the open transaction. */
static int run_id(struct db *db, const char *sql, int64_t id, const char *text, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, sql, &st, cause) < 0)
		return -1;
	int i = 1;
	if (text)
		sqlite3_bind_text(st, i++, text, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, i, id);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, _("changing a group"), cause);
	sqlite3_finalize(st);
	return rc;
}

/* End the transaction: commit on success, roll back on failure. */
static int finish(struct db *db, int rc, char **cause)
{
	if (rc < 0) {
		db_rollback(db);
		return -1;
	}
	return db_commit(db, cause);
}

int group_set_archived(struct db *db, const char *name, bool archived, const char *operator,
		       char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	struct group g;
	int rc = group_require(db, name, &g, cause);
	if (rc < 0)
		return finish(db, -1, cause);
	if (g.archived == archived) {
		rc = set_cause(cause, archived ? _("group '%s' is already archived; nothing to do")
					: _("group '%s' is not archived; nothing to do"), g.name);
	} else {
		rc = run_id(db, "UPDATE chat_group SET archived = ? WHERE id = ?", g.id,
			    archived ? "1" : "0", cause);
		if (rc == 0)
			rc = db_audit(db, operator, archived ? "group archive" : "group unarchive",
				      g.name, cause);
	}
	group_clear(&g);
	return finish(db, rc, cause);
}

int group_history(struct db *db, int64_t id, struct group_history *out, char **cause)
{
	sqlite3_stmt *st = db_cached(db,
		"SELECT (SELECT count(*) FROM tick WHERE group_id = ?1), "
		"(SELECT count(DISTINCT day) FROM kpi_day WHERE group_id = ?1), "
		"(SELECT count(*) FROM slot WHERE group_id = ?1)", cause);
	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->ticks = sqlite3_column_int(st, 0);
		out->kpi_days = sqlite3_column_int(st, 1);
		out->slots = sqlite3_column_int(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, _("reading a group's history"), cause);
}

int group_delete(struct db *db, const char *name, bool purge, const char *operator,
		 char **cause)
{
	if (db_begin(db, cause) < 0)
		return -1;
	struct group g;
	if (group_require(db, name, &g, cause) < 0)
		return finish(db, -1, cause);
	struct group_history h = {0};
	int rc = group_history(db, g.id, &h, cause);
	bool has = h.ticks || h.kpi_days || h.slots;
	if (rc == 0 && has && !purge)
		rc = set_cause(cause, _("group '%s' has history (%ld ticks, %ld KPI days, %ld "
					"calendar slots): archive it (`sopdeck group archive`) to "
					"keep it, or add --purge to delete the history too"),
			       g.name, h.ticks,
			       h.kpi_days, h.slots);
	/* Ticks, KPI days and slots go by ON DELETE CASCADE; the undo log has no key. */
	if (rc == 0)
		rc = run_id(db, "DELETE FROM slot_undo WHERE group_id = ?", g.id, NULL, cause);
	if (rc == 0)
		rc = run_id(db, "DELETE FROM chat_group WHERE id = ?", g.id, NULL, cause);
	if (rc == 0) {
		char *detail = has ? xasprintf("%s (purged %ld ticks, %ld KPI days, %ld slots)",
					       g.name, h.ticks, h.kpi_days, h.slots)
				   : xstrdup(g.name);
		rc = db_audit(db, operator, "group delete", detail, cause);
		free(detail);
	}
	group_clear(&g);
	return finish(db, rc, cause);
}

int group_change(struct db *db, const char *name, const struct group_change *c,
		 const char *operator, char **cause)
{
	if (!c->owner && !c->name && !c->type && !c->playbook)
		return set_cause(cause, _("nothing to change (--owner, "
					  "--name, --type, --playbook)"));
	int type = c->type ? group_type_parse(c->type) : 0;
	if (type < 0)
		return set_cause(cause, _("unknown group type '%s' (expected promotion, segmented "
					  "or service, 群发推广型, 精细化运营型 or 客户服务型)"),
				 c->type);
	char *new_name = c->name ? text_trim(xstrdup(c->name)) : NULL;
	if (new_name && !*new_name) {
		free(new_name);
		return set_cause(cause, _("--name: a group needs a name"));
	}
	if (db_begin(db, cause) < 0) {
		free(new_name);
		return -1;
	}
	struct group g;
	if (group_require(db, name, &g, cause) < 0) {
		free(new_name);
		return finish(db, -1, cause);
	}
	struct buf what = {0};
	buf_adds(&what, g.name);
	int rc = 0;
	if (c->playbook && *c->playbook) {
		int r = playbook_find_name(db, c->playbook, cause);
		if (r == 1)
			rc = set_cause(cause, _("no playbook named '%s' (see `sopdeck playbooks`)"),
				       c->playbook);
		else
			rc = r;
	}
	struct group other;
	if (rc == 0 && new_name && strcmp(new_name, g.name) != 0) {
		int taken = group_find(db, new_name, &other, cause);
		if (taken == 0) {
			group_clear(&other);
			rc = set_cause(cause, _("a group named '%s' already exists"), new_name);
		} else if (taken < 0) {
			rc = -1;
		}
	}
	if (rc == 0 && c->owner) {
		rc = run_id(db, "UPDATE chat_group SET owner = ? WHERE id = ?", g.id, c->owner,
			    cause);
		buf_addf(&what, "; owner %s -> %s", g.owner, c->owner);
	}
	if (rc == 0 && c->type) {
		const char *key = group_type_key((enum group_type)type);
		rc = run_id(db, "UPDATE chat_group SET type = ? WHERE id = ?", g.id, key, cause);
		buf_addf(&what, "; type %s -> %s", group_type_key(g.type), key);
	}
	if (rc == 0 && c->playbook) {
		rc = run_id(db, "UPDATE chat_group SET playbook = ? WHERE id = ?", g.id,
			    c->playbook, cause);
		buf_addf(&what, "; playbook %s -> %s", *g.playbook ? g.playbook : "(default)",
			 *c->playbook ? c->playbook : "(default)");
	}
	if (rc == 0 && new_name) {
		rc = run_id(db, "UPDATE chat_group SET name = ? WHERE id = ?", g.id, new_name,
			    cause);
		/* Renamed: its pinyin sort key again (migration 020's trigger cleared it). */
		if (rc == 0)
			rc = db_sort_keys_fill(db, cause);
		buf_addf(&what, "; name -> %s", new_name);
	}
	if (rc == 0)
		rc = db_audit(db, operator, "group set", buf_str(&what), cause);
	buf_free(&what);
	group_clear(&g);
	free(new_name);
	return finish(db, rc, cause);
}
