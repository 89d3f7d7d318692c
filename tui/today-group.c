/*
 * The Today tab's group form: what `sopdeck group set|archive|delete` do, on
 * the group of the row under the cursor, so a disbanded group can leave the
 * checklist and an owner or playbook be changed without leaving the console.
 * The form is one line at the bottom of the tab, as the `/` filter is.
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

void today_group_free(struct today_group *f)
{
	today_group_close(f);
	widget_input_free(&f->in);
}

void today_group_open(struct today_group *f, const struct group *g, const char *playbook)
{
	today_group_close(f);
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
	widget_input_set(&f->in, value);
}

/* Apply the field being edited: one audited change through the model. */
static int today_group_apply(struct today_group *f, struct app *app)
{
	const char *v = widget_input_text(&f->in);
	struct group_change c = {0};
	const char *what = NULL;
	switch (f->step) {
	case TG_OWNER:
		c.owner = v;
		what = _("owner");
		break;
	case TG_NAME:
		c.name = v;
		what = _("name");
		break;
	case TG_TYPE:
		c.type = v;
		what = _("type");
		break;
	case TG_PLAYBOOK:
		c.playbook = v;
		what = _("playbook");
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
	today_group_close(f);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* Archive or delete after the y. */
static int today_group_confirm(struct today_group *f, struct app *app)
{
	char *cause = NULL;
	bool archive = f->step == TG_ARCHIVE;
	int rc = archive ? group_set_archived(app->db, f->name, true, app->operator, &cause)
			 : group_delete(app->db, f->name, false, app->operator, &cause);
	if (rc < 0) {
		app_error(app, "%s", cause);
		free(cause);
		today_group_close(f);
		return VIEW_HANDLED;
	}
	app_message(app, archive ? _("archived %s (sopdeck group unarchive brings it back)")
				 : _("deleted %s"), f->name);
	today_group_close(f);
	return VIEW_HANDLED | VIEW_RELOAD;
}

/* The menu's keys: which change to make. */
static int today_group_menu_key(struct today_group *f, int key)
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
		f->step = TG_ARCHIVE;
		break;
	case 'D':
		f->step = TG_DELETE;
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
		return today_group_menu_key(f, key);
	case TG_ARCHIVE:
	case TG_DELETE:
		if (key == 'y' || key == 'Y')
			return today_group_confirm(f, app);
		today_group_close(f);
		app_message(app, "%s", _("nothing changed"));
		return VIEW_HANDLED;
	default:
		break;
	}
	switch (key) {
	case 27:
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
		line = xasprintf(_("group %s: o owner · n name · t type · p playbook · a archive · "
				   "D delete · Esc"), f->name);
		break;
	case TG_ARCHIVE:
		line = xasprintf(_("archive %s? It leaves the views, its history stays (y/n)"),
				 f->name);
		break;
	case TG_DELETE:
		line = xasprintf(_("delete %s for good? Refused while it has history (y/n)"),
				 f->name);
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
	const char *hint = _("  (Enter save, Esc back)");
	int hw = text_width(hint);
	int w = draw_str(win, y, x, label, cols, a);
	if (cols - w - hw > 4) {
		widget_input_draw(&f->in, win, y, x + w, cols - w - hw, a);
		draw_str(win, y, x + cols - hw, hint, hw, a);
	} else {
		widget_input_draw(&f->in, win, y, x + w, cols - w, a);
	}
}
