/*
 * The group form: what `sopdeck group set|archive|unarchive|delete` do, on the
 * group of the row under the cursor (Today's and the Groups tab's), so a
 * disbanded group can leave the checklist, come back, and an owner or playbook
 * be changed without leaving the console. The form is one line at the bottom
 * of the tab, as the `/` filter is.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "draw.h"
#include "group.h"
#include "text.h"
#include "today-group.h"
#include "util.h"

/* The longest owner, name, type or playbook typed (bytes). */
#define TODAY_GROUP_FIELD_MAX 200

void today_group_init(struct today_group *f)
{
	*f = (struct today_group){.step = TG_CLOSED};
	widget_input_init(&f->in, TODAY_GROUP_FIELD_MAX);
}

/* Forget the group (the form is closed). */
static void today_group_close(struct today_group *f)
{
	f->step = TG_CLOSED;
	free(f->name);
	free(f->owner);
	free(f->type);
	free(f->playbook);
	f->name = f->owner = f->type = f->playbook = NULL;
	widget_input_set(&f->in, "");
}

void today_group_change_clear(struct today_group_change *c)
{
	free(c->group);
	free(c->before);
	free(c->after);
	*c = (struct today_group_change){.field = TG_CLOSED};
}

void today_group_free(struct today_group *f)
{
	today_group_close(f);
	today_group_change_clear(&f->done);
	widget_input_free(&f->in);
}

bool today_group_take(struct today_group *f, struct today_group_change *out)
{
	if (f->done.field == TG_CLOSED)
		return false;
	*out = f->done;
	f->done = (struct today_group_change){.field = TG_CLOSED};
	return true;
}

/* Remember a change made (the values copied), replacing one not taken. */
static void today_group_record(struct today_group *f, enum today_group_step field,
			       const char *group, const char *before, const char *after)
{
	today_group_change_clear(&f->done);
	f->done = (struct today_group_change){
		.field = field,
		.group = xstrdup(group),
		.before = before ? xstrdup(before) : NULL,
		.after = after ? xstrdup(after) : NULL,
	};
}

void today_group_open(struct today_group *f, const struct group *g, const char *playbook)
{
	today_group_close(f);
	f->id = g->id;
	f->archived = g->archived;
	f->name = xstrdup(g->name);
	f->owner = xstrdup(g->owner ? g->owner : "");
	f->type = xstrdup(group_type_name(g->type));
	f->playbook = xstrdup(playbook ? playbook : "");
	f->step = TG_MENU;
}

/* Start editing a field from its current value. */
static void today_group_field(struct today_group *f, enum today_group_step step,
			      const char *value)
{
	f->step = step;
	f->start = value;
	f->ask_discard = false;
	widget_input_set(&f->in, value);
}

/* Apply the field being edited: one audited change through the model. */
static int today_group_apply(struct today_group *f, struct app *app)
{
	const char *v = widget_input_text(&f->in);
	struct group_change c = {0};
	const char *what = NULL, *before = NULL;
	switch (f->step) {
	case TG_OWNER:
		c.owner = v;
		what = _("owner");
		before = f->owner;
		break;
	case TG_NAME:
		c.name = v;
		what = _("name");
		before = f->name;
		break;
	case TG_TYPE:
		c.type = v;
		what = _("type");
		before = f->type;
		break;
	case TG_PLAYBOOK:
		c.playbook = v;
		what = _("playbook");
		before = f->playbook;
		break;
	default:
		return VIEW_HANDLED;
	}
	char *cause = NULL;
	if (group_change(app->db, f->name, &c, app->operator, &cause) < 0) {
		/* The field stays open with what was typed, to correct it. */
		app_error(app, "%s", cause);
		free(cause);
		return VIEW_HANDLED;
	}
	app_message(app, _("group %s: %s changed"), c.name ? c.name : f->name, what);
	/* The type as its word, whatever was typed (a key, English), so undo gives it back. */
	int type = f->step == TG_TYPE ? group_type_parse(v) : -1;
	char *after = c.name ? text_trim(xstrdup(v)) : NULL;
	today_group_record(f, f->step, after ? after : f->name, before,
			   type >= 0 ? group_type_name((enum group_type)type) : (after ? after : v));
	free(after);
	today_group_close(f);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* Archive (or bring back), delete, or delete with its history (purge): the model's change. */
static int today_group_commit(struct today_group *f, struct app *app, enum today_group_step what)
{
	char *cause = NULL;
	int rc;
	if (what == TG_ARCHIVE || what == TG_UNARCHIVE)
		rc = group_set_archived(app->db, f->name, what == TG_ARCHIVE, app->operator, &cause);
	else
		rc = group_delete(app->db, f->name, what == TG_PURGE, app->operator, &cause);
	if (rc < 0) {
		app_error(app, "%s", cause);
		free(cause);
		today_group_close(f);
		return VIEW_HANDLED;
	}
	if (what == TG_ARCHIVE)
		app_message(app, _("archived %s (the Groups tab brings it back)"), f->name);
	else if (what == TG_UNARCHIVE)
		app_message(app, _("unarchived %s: back in the views"), f->name);
	else if (what == TG_PURGE)
		app_message(app, _("deleted %s and its history"), f->name);
	else
		app_message(app, _("deleted %s"), f->name);
	today_group_record(f, what == TG_PURGE ? TG_DELETE : what, f->name, NULL, NULL);
	today_group_close(f);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* D: ask to delete; a group with history is deleted only with P (its history with it). */
static void today_group_ask_delete(struct today_group *f, struct app *app)
{
	char *cause = NULL;
	struct group_history h = {0};
	if (group_history(app->db, f->id, &h, &cause) < 0) {
		app_error(app, "%s", cause);
		free(cause);
		today_group_close(f);
		return;
	}
	f->history = h;
	f->step = h.ticks || h.kpi_days || h.slots ? TG_PURGE : TG_DELETE;
}

/* The menu's keys: which change to make. */
static int today_group_menu_key(struct today_group *f, struct app *app, int key)
{
	switch (key) {
	case 'o':
		today_group_field(f, TG_OWNER, f->owner);
		break;
	case 'n':
		today_group_field(f, TG_NAME, f->name);
		break;
	case 't':
		today_group_field(f, TG_TYPE, f->type);
		break;
	case 'p':
		today_group_field(f, TG_PLAYBOOK, f->playbook);
		break;
	case 'a':
		/* Bringing back changes nothing lost: no question. */
		if (f->archived)
			return today_group_commit(f, app, TG_UNARCHIVE);
		f->step = TG_ARCHIVE;
		break;
	case 'D':
		today_group_ask_delete(f, app);
		break;
	case 27:
	case 'q':
		today_group_close(f);
		break;
	}
	return VIEW_HANDLED;
}

int today_group_key(struct today_group *f, struct app *app, int key)
{
	switch (f->step) {
	case TG_CLOSED:
		return VIEW_IGNORED;
	case TG_MENU:
		return today_group_menu_key(f, app, key);
	case TG_ARCHIVE:
	case TG_DELETE:
		if (key == 'y' || key == 'Y')
			return today_group_commit(f, app, f->step);
		today_group_close(f);
		app_message(app, "%s", _("nothing changed"));
		return VIEW_HANDLED;
	case TG_PURGE:
		/* Only the capital P: a stray y or Enter must not delete history. */
		if (key == 'P')
			return today_group_commit(f, app, TG_PURGE);
		if (key == 'a' && !f->archived)
			return today_group_commit(f, app, TG_ARCHIVE);
		today_group_close(f);
		app_message(app, "%s", _("nothing changed"));
		return VIEW_HANDLED;
	default:
		break;
	}
	/* Typed text is not dropped on one key: Esc on a changed field asks first. */
	if (f->ask_discard) {
		f->ask_discard = false;
		if (key == 'y' || key == 'Y')
			f->step = TG_MENU;
		return VIEW_HANDLED;
	}
	switch (key) {
	case 27:
		if (strcmp(widget_input_text(&f->in), f->start ? f->start : "") != 0)
			f->ask_discard = true;
		else
			f->step = TG_MENU;
		return VIEW_HANDLED;
	case '\n':
	case '\r':
	case KEY_ENTER:
		return today_group_apply(f, app);
	}
	/* Everything else is the field's: letters are text, not tab keys. */
	widget_input_key(&f->in, key);
	return VIEW_HANDLED;
}

void today_group_draw(struct today_group *f, WINDOW *win, int y, int x, int cols)
{
	if (f->step == TG_CLOSED)
		return;
	attr_t a = pal(PAL_MESSAGE);
	draw_fill(win, y, x, cols, a);
	char *line = NULL;
	const char *label = NULL;
	switch (f->step) {
	case TG_MENU:
		line = f->archived ? xasprintf(_("group %s: o owner · n name · t type · p playbook · "
						 "a unarchive · D delete · Esc"), f->name)
				   : xasprintf(_("group %s: o owner · n name · t type · p playbook · "
						 "a archive · D delete · Esc"), f->name);
		break;
	case TG_ARCHIVE:
		line = xasprintf(_("archive %s? It leaves the views, its history stays (y/n)"),
				 f->name);
		break;
	case TG_DELETE:
		line = xasprintf(_("delete %s for good? It has no history (y/n)"), f->name);
		break;
	case TG_PURGE:
		line = f->archived
			? xasprintf(_("%s: %ld ticks, %ld KPI days, %ld slots. P purges all · any other "
				      "key keeps it"),
				    f->name, f->history.ticks, f->history.kpi_days,
				    f->history.slots)
			: xasprintf(_("%s: %ld ticks, %ld KPI days, %ld slots. P purges all · a archives "
				      "· else keeps"),
				    f->name, f->history.ticks, f->history.kpi_days,
				    f->history.slots);
		break;
	case TG_OWNER:
		label = _("owner: ");
		break;
	case TG_NAME:
		label = _("new name: ");
		break;
	case TG_TYPE:
		label = _("type (群发推广型, 精细化运营型, 客户服务型): ");
		break;
	case TG_PLAYBOOK:
		label = _("playbook (empty: the default): ");
		break;
	default:
		break;
	}
	if (line) {
		draw_text(win, y, x, line, cols, a);
		free(line);
		return;
	}
	const char *hint = f->ask_discard ? _("  discard changes? y/n") : _("  (Enter save, Esc back)");
	int hw = text_width(hint);
	int w = draw_str(win, y, x, label, cols, a);
	if (cols - w - hw > 4) {
		widget_input_draw(&f->in, win, y, x + w, cols - w - hw, a);
		draw_str(win, y, x + cols - hw, hint, hw, a);
	} else {
		widget_input_draw(&f->in, win, y, x + w, cols - w, a);
	}
}
