/*
 * Calendar changes: fill, clear, status, move/copy and copy-week, each one
 * transaction, audited and one undo batch (model/calendar-undo.c).
 */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cal-internal.h"
#include "content.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

/* Insert or replace the slot at a position. */
static int slot_write(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		      int64_t content_id, const char *topic, const char *form, const char *owner,
		      enum slot_status status, const char *operator, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db,
		       "INSERT INTO slot (group_id, day, at, action_id, content_id, topic, form, "
		       "owner, status, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		       "ON CONFLICT (group_id, day, at, action_id) DO UPDATE SET "
		       "content_id = excluded.content_id, topic = excluded.topic, "
		       "form = excluded.form, owner = excluded.owner, status = excluded.status, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by", cause)))
		return -1;
	char now[DB_NOW_SIZE];
	db_now(now);
	cal_bind_pos(st, 1, group_id, day, at, action_id ? action_id : "");
	if (content_id)
		sqlite3_bind_int64(st, 5, content_id);
	sqlite3_bind_text(st, 6, topic ? topic : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 7, form ? form : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 8, owner ? owner : "", -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 9, slot_status_key(status), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 10, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 11, operator, -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("writing a calendar slot"), cause);
}

/* Delete the slot of one action (NULL = none, '') at a position. */
static int slot_delete(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		       char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db, "DELETE FROM slot WHERE group_id = ? AND day = ? AND at = ? AND "
		       "action_id = ?", cause)))
		return -1;
	cal_bind_pos(st, 1, group_id, day, at, action_id ? action_id : "");
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("clearing a calendar slot"), cause);
}

/*
 * The action of a slot to write: want (when due for the group then), else
 * prefer (when due), else the most specific content action due at that time;
 * an error says nothing is due there.
 */
static int due_here(struct db *db, const struct playbook *pb, int64_t group_id, int day, int at,
		    const char *want, const char *prefer, const struct pb_action **action,
		    char **name, char **cause)
{
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	struct cal_due due = {0};
	size_t n = calendar_due_actions(pb, &g, day, at, &due);
	*action = NULL;
	for (size_t i = 0; i < n && !*action; i++)
		if (want ? strcmp(due.a[i]->id, want) == 0
			 : prefer && strcmp(due.a[i]->id, prefer) == 0)
			*action = due.a[i];
	if (!*action && !want && n)
		*action = due.a[0];
	cal_due_free(&due);
	int rc = 0;
	if (!*action) {
		char date[11], hhmm[6];
		cal_fmt(day, at, date, hhmm);
		if (want)
			rc = set_cause(cause, _("%s: action '%s' is not due on %s at %s (for its "
						"stage and type): not a slot to fill"), g.name,
				       want, date, hhmm);
		else
			rc = set_cause(cause, _("%s has nothing due on %s at %s (no playbook "
						"content action for its stage and type "
						"then): not a slot to fill"),
				       g.name, date, hhmm);
	}
	if (name)
		*name = xstrdup(g.name);
	group_clear(&g);
	return rc;
}

/* A fill's field when given, else the stored slot's value ("" for a new slot). */
static const char *keep(const char *given, const struct cal_slot *old, const char *old_value)
{
	return given ? given : old ? old_value : "";
}

int calendar_fill(struct db *db, const struct playbook *pb, int64_t group_id, int day, int at,
		  const struct cal_fill *f, const char *operator, char **cause)
{
	if (at < 0 || at >= 24 * 60)
		return set_cause(cause, _("a slot needs a time of day (HH:MM)"));
	if (f->status >= SLOT_STATUS_COUNT)
		return set_cause(cause, _("bad slot status %d"), f->status);
	if (!f->content_id && (!f->topic || !*f->topic))
		return set_cause(cause, _("a placeholder needs a topic (or "
					  "fill with a content id)"));
	const struct pb_action *action = NULL;
	char *gname = NULL;
	if (due_here(db, pb, group_id, day, at, f->action_id, NULL, &action, &gname, cause) < 0) {
		free(gname);
		return -1;
	}
	if (f->content_id) {
		struct content_item it;
		if (content_require(db, f->content_id, &it, cause) < 0) {
			free(gname);
			return -1;
		}
		content_item_clear(&it);
	}
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)f->content_id);
	char *what = f->content_id
		? cal_desc("fill", gname, date, hhmm, action->id, id, (char *)NULL)
		: cal_desc("fill-topic", gname, date, hhmm, action->id, f->topic, (char *)NULL);
	free(gname);
	struct cal_change c;
	if (cal_change_begin(db, operator, what, &c, cause) < 0)
		return -1;
	struct cal_slot old;
	int have = calendar_slot_get(db, group_id, day, at, action->id, &old, cause);
	if (have < 0)
		return cal_change_fail(&c);
	const struct cal_slot *o = have == 0 ? &old : NULL;
	enum slot_status status = SLOT_PLANNED;
	if (f->status >= 0)
		status = (enum slot_status)f->status;
	else if (o && old.content_id == f->content_id)
		status = old.status;
	/* Filling a placeholder from the library keeps its plan: topic, form, owner. */
	int rc = cal_change_snapshot(&c, group_id, day, at, action->id, cause);
	if (rc == 0)
		rc = slot_write(db, group_id, day, at, action->id, f->content_id,
				keep(f->topic, o, o ? old.topic : NULL),
				keep(f->form, o, o ? old.form : NULL),
				keep(f->owner, o, o ? old.owner : NULL), status, operator, cause);
	if (o)
		cal_slot_clear(&old);
	if (rc < 0)
		return cal_change_fail(&c);
	return cal_change_commit(&c, "schedule", cause);
}

/* Start a change on a stored slot: it must exist (action_id as in calendar_slot_get). */
static int change_on_slot(struct db *db, int64_t group_id, int day, int at,
			  const char *action_id, const char *operator, const char *verb,
			  const char *status, struct cal_change *c, struct cal_slot *slot,
			  char **cause)
{
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	struct group g;
	if (group_require_id(db, group_id, &g, cause) < 0)
		return -1;
	char *what = status ? cal_desc("status", g.name, date, hhmm, status, (char *)NULL)
			    : cal_desc(verb, g.name, date, hhmm, (char *)NULL);
	if (cal_change_begin(db, operator, what, c, cause) < 0) {
		group_clear(&g);
		return -1;
	}
	int have = calendar_slot_get(db, group_id, day, at, action_id, slot, cause);
	if (have == 1)
		set_cause(cause, _("nothing scheduled for %s on %s %s%s%s"), g.name, date, hhmm,
			  action_id && *action_id ? " " : "", action_id ? action_id : "");
	group_clear(&g);
	if (have != 0 || cal_change_snapshot(c, group_id, day, at, slot->action_id, cause) < 0) {
		if (have == 0)
			cal_slot_clear(slot);
		return cal_change_fail(c);
	}
	return 0;
}

int calendar_clear(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		   const char *operator, char **cause)
{
	struct cal_change c;
	struct cal_slot s;
	if (change_on_slot(db, group_id, day, at, action_id, operator, "clear", NULL, &c, &s,
			   cause) < 0)
		return -1;
	int rc = slot_delete(db, group_id, day, at, s.action_id, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return cal_change_fail(&c);
	return cal_change_commit(&c, "unschedule", cause);
}

int calendar_set_status(struct db *db, int64_t group_id, int day, int at, const char *action_id,
			enum slot_status status, const char *operator, char **cause)
{
	if ((unsigned)status >= SLOT_STATUS_COUNT)
		return set_cause(cause, _("bad slot status %d"), (int)status);
	struct cal_change c;
	struct cal_slot s;
	if (change_on_slot(db, group_id, day, at, action_id, operator, "status",
			   slot_status_key(status), &c, &s, cause) < 0)
		return -1;
	int rc = slot_write(db, group_id, day, at, s.action_id, s.content_id, s.topic, s.form,
			    s.owner, status, operator, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return cal_change_fail(&c);
	return cal_change_commit(&c, "slot-status", cause);
}

int calendar_cycle_status(struct db *db, int64_t group_id, int day, int at,
			  const char *action_id, const char *operator, enum slot_status *now,
			  char **cause)
{
	struct cal_slot s;
	int have = calendar_slot_get(db, group_id, day, at, action_id, &s, cause);
	if (have < 0)
		return -1;
	if (have == 1) {
		char date[11], hhmm[6];
		cal_fmt(day, at, date, hhmm);
		return set_cause(cause, _("nothing scheduled on %s %s: fill the slot first"), date,
				 hhmm);
	}
	enum slot_status next = (enum slot_status)((s.status + 1) % SLOT_STATUS_COUNT);
	/* Address the slot by its own key: "" for a slot stored without an action. */
	char *key = xstrdup(s.action_id ? s.action_id : "");
	cal_slot_clear(&s);
	int rc = calendar_set_status(db, group_id, day, at, key, next, operator, cause);
	free(key);
	if (rc < 0)
		return -1;
	if (now)
		*now = next;
	return 0;
}

int calendar_move(struct db *db, const struct playbook *pb, struct cal_pos from,
		  struct cal_pos to, bool keep_source, const char *operator, char **cause)
{
	struct cal_change c;
	struct cal_slot s;
	if (change_on_slot(db, from.group_id, from.day, from.at, from.action_id, operator,
			   keep_source ? "copy" : "move", NULL, &c, &s, cause) < 0)
		return -1;
	const struct pb_action *action = NULL;
	char *tname = NULL;
	/* The target's action: given, else the source's own when due there. */
	int rc = due_here(db, pb, to.group_id, to.day, to.at, to.action_id, s.action_id, &action,
			  &tname, cause);
	char date[11], hhmm[6];
	cal_fmt(to.day, to.at, date, hhmm);
	if (rc == 0 && from.group_id == to.group_id && from.day == to.day && from.at == to.at &&
	    s.action_id && strcmp(s.action_id, action->id) == 0)
		rc = set_cause(cause, _("the target is the slot itself"));
	struct cal_slot t;
	int have = rc == 0 ? calendar_slot_get(db, to.group_id, to.day, to.at, action->id, &t,
					       cause) : 1;
	if (have < 0)
		rc = -1;
	if (have == 0) {
		if (!cal_slot_empty(&t))
			rc = set_cause(cause, _("%s %s %s %s is already filled "
						"(%s): clear it first"),
				       tname, date, hhmm, action->id, cal_slot_label(&t));
		cal_slot_clear(&t);
	}
	/* The description names the target too, for the undo message. */
	cal_desc_add(&c.what, tname ? tname : "");
	cal_desc_add(&c.what, date);
	cal_desc_add(&c.what, hhmm);
	free(tname);
	if (rc == 0)
		rc = cal_change_snapshot(&c, to.group_id, to.day, to.at, action->id, cause);
	if (rc == 0)
		rc = slot_write(db, to.group_id, to.day, to.at, action->id, s.content_id, s.topic,
				s.form, s.owner, keep_source ? SLOT_PLANNED : s.status, operator,
				cause);
	if (rc == 0 && !keep_source)
		rc = slot_delete(db, from.group_id, from.day, from.at, s.action_id, cause);
	cal_slot_clear(&s);
	if (rc < 0)
		return cal_change_fail(&c);
	return cal_change_commit(&c, keep_source ? "schedule-copy" : "schedule-move", cause);
}

int calendar_copy_week(struct db *db, const struct playbook *pb, int start, int64_t group_id,
		       const char *operator, size_t *copied, size_t *skipped, char **cause)
{
	/* Every group on pb: a set of one, which every group falls back to. */
	struct playbook *one = (struct playbook *)pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	return calendar_copy_week_set(db, &set, start, group_id, operator, copied, skipped,
				      cause);
}

int calendar_copy_week_set(struct db *db, const struct playbook_set *set, int start,
			   int64_t group_id, const char *operator, size_t *copied, size_t *skipped,
			   char **cause)
{
	/* start is the caller's first day (a Monday, or the console's week_start). */
	*copied = *skipped = 0;
	int y, wk;
	date_iso_week(start + 3, &y, &wk);
	struct cal_change c;
	char week[16];
	snprintf(week, sizeof week, "%04d-W%02d", y, wk);
	if (cal_change_begin(db, operator, cal_desc("copy-week", week, (char *)NULL), &c,
			     cause) < 0)
		return -1;
	struct cal_slot *slots;
	size_t n;
	if (cal_slots_load(db, start - 7, start - 1, group_id, &slots, &n, cause) < 0)
		return cal_change_fail(&c);
	struct group g = {0};
	struct cal_due due = {0};
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const struct cal_slot *s = &slots[i];
		if (cal_slot_empty(s))
			continue;
		if (g.id != s->group_id) {
			group_clear(&g);
			if ((rc = group_require_id(db, s->group_id, &g, cause)) < 0)
				break;
		}
		const struct pb_action *a = NULL;
		int day = s->day + 7;
		/* The group's own playbook says whether that column is there next week. */
		size_t k = calendar_due_actions(playbook_set_for(set, &g), &g, day, s->at, &due);
		/* The same action a week later; a slot without one takes the time's first. */
		for (size_t j = 0; j < k && !a; j++)
			if (!s->action_id || strcmp(due.a[j]->id, s->action_id) == 0)
				a = due.a[j];
		struct cal_slot t;
		int have = 1;
		if (!a || (have = calendar_slot_get(db, g.id, day, s->at, a->id, &t, cause)) != 1) {
			if (have < 0)
				rc = -1;
			else if (have == 0)
				cal_slot_clear(&t);
			(*skipped)++;
			continue;
		}
		rc = cal_change_snapshot(&c, g.id, day, s->at, a->id, cause);
		if (rc == 0)
			rc = slot_write(db, g.id, day, s->at, a->id, s->content_id, s->topic,
					s->form, s->owner, SLOT_PLANNED, operator, cause);
		if (rc == 0)
			(*copied)++;
	}
	group_clear(&g);
	cal_due_free(&due);
	cal_slots_free(slots, n);
	if (rc < 0 || *copied == 0) {
		cal_change_fail(&c);
		return rc;
	}
	char n_copied[24];
	snprintf(n_copied, sizeof n_copied, "%zu", *copied);
	cal_desc_add(&c.what, n_copied);
	return cal_change_commit(&c, "schedule-copy-week", cause);
}
