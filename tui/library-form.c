/*
 * The Library's add / edit form: one row per field, Enter edits a field on
 * the prompt line (library-search.c), the body in $EDITOR when it is set
 * (handed over through app_run_editor, the only place that suspends the
 * screen) or else in the built-in editor; w saves through content_add or
 * content_update, which check every field again.
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "dates.h"
#include "draw.h"
#include "library.h"
#include "text.h"
#include "util.h"

#define CTRL(c) ((c) & 0x1f)

/* Translated where drawn (_()). */
const char *const lib_field_names[FLD_COUNT] = {
	N_("title"), N_("category"), N_("zone"), N_("form"), N_("style"), N_("tags"), N_("date"),
	N_("source"), N_("body")};

void lib_form_clear(struct view_library *v)
{
	for (size_t i = 0; i < FLD_COUNT; i++) {
		free(v->fields[i]);
		v->fields[i] = NULL;
	}
	content_item_clear(&v->edit);
}

void lib_form_open(struct view_library *v, const struct content_item *it)
{
	lib_form_clear(v);
	struct content_item blank = {.date = v->app->today};
	content_item_copy(&v->edit, it ? it : &blank);
	char date[11];
	date_format(v->edit.date, date);
	v->fields[FLD_TITLE] = xstrdup(v->edit.title);
	v->fields[FLD_CATEGORY] = xstrdup(lib_category_name(v, v->edit.category));
	v->fields[FLD_ZONE] = xstrdup(content_zone_label(v->edit.zone));
	v->fields[FLD_FORM] = xstrdup(content_form_label(v->edit.form));
	v->fields[FLD_STYLE] = xstrdup(v->edit.style);
	v->fields[FLD_TAGS] = lib_tags_text(&v->edit, "、");
	v->fields[FLD_DATE] = xstrdup(date);
	v->fields[FLD_SOURCE] = xstrdup(v->edit.source);
	v->fields[FLD_BODY] = xstrdup(v->edit.body);
	v->field = 0;
	v->ask_discard = false;
	v->mode = LIB_FORM;
}

void lib_field_done(struct view_library *v, const char *text)
{
	free(v->fields[v->field]);
	v->fields[v->field] = xstrdup(text);
	v->mode = LIB_FORM;
}

/* Has the form a field that differs from the item it was opened on? */
static bool lib_form_dirty(struct view_library *v)
{
	char date[11];
	date_format(v->edit.date, date);
	char *tags = lib_tags_text(&v->edit, "、");
	const char *orig[FLD_COUNT] = {
		[FLD_TITLE] = v->edit.title,
		[FLD_CATEGORY] = lib_category_name(v, v->edit.category),
		[FLD_ZONE] = content_zone_label(v->edit.zone),
		[FLD_FORM] = content_form_label(v->edit.form),
		[FLD_STYLE] = v->edit.style,
		[FLD_TAGS] = tags,
		[FLD_DATE] = date,
		[FLD_SOURCE] = v->edit.source,
		[FLD_BODY] = v->edit.body,
	};
	bool dirty = false;
	for (size_t i = 0; i < FLD_COUNT && !dirty; i++)
		dirty = strcmp(v->fields[i] ? v->fields[i] : "", orig[i] ? orig[i] : "") != 0;
	free(tags);
	return dirty;
}

/*
 * The answer to "放弃修改？ y/n": y discards (the form closes, or the body editor
 * drops its text), anything else goes back to editing. Nothing typed is lost unasked.
 */
static int lib_discard_answer(struct view_library *v, int key)
{
	v->ask_discard = false;
	if (key != 'y' && key != 'Y') {
		app_message(v->app, "%s", _("still editing"));
		return VIEW_HANDLED;
	}
	if (v->mode == LIB_BODY) {
		v->mode = LIB_FORM;
		app_message(v->app, "%s", _("body unchanged"));
		return VIEW_HANDLED;
	}
	lib_form_clear(v);
	v->mode = LIB_LIST;
	app_message(v->app, "%s", _("not saved"));
	return VIEW_HANDLED;
}

/* Edit the body in $EDITOR: app.c suspends the screen, runs it and restores it. */
static int lib_body_external(struct view_library *v, const char *editor)
{
	char *text = NULL, *cause = NULL;
	if (app_run_editor(v->app, editor, v->fields[FLD_BODY], CONTENT_MAX_IMPORT_BYTES, &text,
			   &cause) == 0) {
		free(v->fields[FLD_BODY]);
		v->fields[FLD_BODY] = text;
		app_message(v->app, _("body edited in %s"), editor);
	} else {
		app_error(v->app, _("%s failed; body unchanged: %s"), editor, cause ? cause : "");
		free(cause);
	}
	return VIEW_HANDLED | VIEW_REDRAW;
}

int lib_body_key(struct view_library *v, int key)
{
	if (v->ask_discard)
		return lib_discard_answer(v, key);
	switch (key) {
	case 27:
		if (strcmp(widget_input_text(&v->body), v->fields[FLD_BODY] ? v->fields[FLD_BODY] : ""))
			v->ask_discard = true;
		else
			v->mode = LIB_FORM;
		return VIEW_HANDLED;
	case CTRL('d'):
	case CTRL('s'):   /* often eaten by the terminal's flow control (IXON) */
		free(v->fields[FLD_BODY]);
		v->fields[FLD_BODY] = xstrdup(widget_input_text(&v->body));
		v->mode = LIB_FORM;
		return VIEW_HANDLED;
	case '\n':
	case KEY_ENTER:
		widget_input_insert(&v->body, "\n");
		return VIEW_HANDLED;
	}
	widget_input_key(&v->body, key);
	return VIEW_HANDLED;
}

/* Turn the form's fields into an item and store it. */
static void lib_form_save(struct view_library *v)
{
	struct content_item it = {0};
	content_item_copy(&it, &v->edit);
	const char *category = content_category_parse(v->pb, v->fields[FLD_CATEGORY]);
	const char *zone = content_zone_parse(v->fields[FLD_ZONE]);
	const char *form = content_form_parse(v->fields[FLD_FORM]);
	int date = content_parse_date(v->fields[FLD_DATE]);
	int bad = !category ? FLD_CATEGORY : !zone ? FLD_ZONE : !form ? FLD_FORM
		: date == DATE_INVALID ? FLD_DATE : -1;
	if (bad >= 0) {
		app_error(v->app, _("%s: '%s' is not valid"), _(lib_field_names[bad]), v->fields[bad]);
		content_item_clear(&it);
		return;
	}
	free(it.title), it.title = text_trim(xstrdup(v->fields[FLD_TITLE]));
	free(it.category), it.category = xstrdup(category);
	free(it.zone), it.zone = xstrdup(zone);
	free(it.form), it.form = xstrdup(form);
	free(it.style), it.style = text_trim(xstrdup(v->fields[FLD_STYLE]));
	free(it.source), it.source = text_trim(xstrdup(v->fields[FLD_SOURCE]));
	free(it.body), it.body = xstrdup(v->fields[FLD_BODY]);
	content_tags_free(it.tags, it.n_tags);
	it.n_tags = content_tags_split(v->fields[FLD_TAGS], &it.tags);
	it.date = date;
	char *cause = NULL;
	int rc = it.id ? content_update(v->app->db, &it, v->app->operator, &cause)
		       : content_add(v->app->db, &it, v->app->operator, &cause);
	if (rc < 0) {
		lib_error(v, cause);
	} else {
		app_message(v->app, v->edit.id ? _("saved: %s") : _("added: %s"), it.title);
		v->mode = LIB_LIST;
		lib_form_clear(v);
	}
	content_item_clear(&it);
}

int lib_form_key(struct view_library *v, int key)
{
	if (v->ask_discard)
		return lib_discard_answer(v, key);
	switch (key) {
	case 27:
		if (lib_form_dirty(v)) {
			v->ask_discard = true;
			return VIEW_HANDLED;
		}
		lib_form_clear(v);
		v->mode = LIB_LIST;
		app_message(v->app, "%s", _("not saved"));
		return VIEW_HANDLED;
	case 'j':
	case KEY_DOWN:
		v->field = (v->field + 1) % FLD_COUNT;
		return VIEW_HANDLED;
	case 'k':
	case KEY_UP:
		v->field = (v->field + FLD_COUNT - 1) % FLD_COUNT;
		return VIEW_HANDLED;
	case CTRL('s'):
	case 'w':
		lib_form_save(v);
		return VIEW_HANDLED | (v->mode == LIB_LIST ? VIEW_RELOAD : 0);
	case '\n':
	case KEY_ENTER:
		if (v->field == FLD_BODY) {
			const char *editor = getenv("EDITOR");
			if (editor && *editor)
				return lib_body_external(v, editor);
			widget_input_set(&v->body, v->fields[FLD_BODY]);
			v->mode = LIB_BODY;
			return VIEW_HANDLED;
		}
		lib_prompt(v, _(lib_field_names[v->field]), v->fields[v->field], lib_field_done);
		return VIEW_HANDLED;
	}
	return VIEW_HANDLED;
}

/* The built-in body editor: the text wrapped, a bar at the cursor, its line kept in view. */
static void lib_body_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	struct rect box = rect_centre(body, body->h, body->w - 4);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, _("body (^D done · Esc cancel)"), pal(PAL_BORDER));
	const char *t = widget_input_text(&v->body);
	size_t at = v->body.cursor;
	char *before = xasprintf("%.*s▏", (int)at, t);
	char *all = xasprintf("%s%s", before, t + at);
	struct widget_pager p = {0};
	/* Which wrapped line the cursor is on: the lines of the text up to it. */
	widget_pager_set_text(&p, before);
	widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
	size_t line = p.lines ? p.lines - 1 : 0;
	draw_clear(win, &in, pal(PAL_NORMAL));
	widget_pager_set_text(&p, all);
	p.top = line >= (size_t)in.h ? line - (size_t)in.h + 1 : 0;
	widget_pager_draw(&p, win, &in, pal(PAL_NORMAL));
	widget_pager_free(&p);
	free(before);
	free(all);
	if (v->ask_discard)
		draw_text(win, in.y + in.h - 1, in.x, _("discard changes? y/n"), in.w, pal(PAL_ERROR));
}

void lib_form_draw(struct view_library *v, WINDOW *win, const struct rect *body)
{
	if (v->mode == LIB_BODY) {
		lib_body_draw(v, win, body);
		return;
	}
	struct rect box = rect_centre(body, FLD_COUNT + 5, body->w - 8);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, v->edit.id ? _("edit item") : _("new item"),
				  pal(PAL_BORDER));
	for (size_t i = 0; i < FLD_COUNT; i++) {
		attr_t a = i == v->field ? pal(PAL_SELECTED) : pal(PAL_NORMAL);
		int y = in.y + (int)i;
		draw_fill(win, y, in.x, in.w, a);
		draw_text(win, y, in.x + 1, _(lib_field_names[i]), 8, a);
		const char *val = v->fields[i] ? v->fields[i] : "";
		if (i == FLD_BODY) {
			char *first = xstrndup(val, strcspn(val, "\n"));
			char *s = xasprintf(_("%s%s (Enter edits)"), first,
					    strchr(val, '\n') ? " …" : "");
			draw_text(win, y, in.x + 10, s, in.w - 11, a);
			free(s);
			free(first);
		} else {
			draw_text(win, y, in.x + 10, val, in.w - 11, a);
		}
	}
	if (v->ask_discard)
		draw_text(win, in.y + FLD_COUNT + 1, in.x + 1, _("discard changes? y/n"), in.w - 2,
			  pal(PAL_ERROR));
	else
		draw_text(win, in.y + FLD_COUNT + 1, in.x + 1,
			  _("Enter edits · w saves · Esc cancels · names may be Chinese"), in.w - 2,
			  pal(PAL_DIM));
}
