/*
 * The console's main loop: the tab bar, the status bar, the message line, the
 * help overlay and the global keys; everything else is a view (view.h). The
 * only place that calls through struct view_ops and refreshes the terminal.
 * Input waits at most APP_TICK_MS so periodic work (overdue state, changes by
 * other operators) runs without threads.
 */
#include <errno.h>
#include <malloc.h>
#include <sys/mman.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <locale.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "i18n.h"
#include "dates.h"
#include "db.h"
#include "draw.h"
#include "group.h"
#include "keymap.h"
#include "text.h"
#include "tui.h"
#include "util.h"
#include "view.h"
#include "widget.h"

#define APP_TICK_MS 1000
#define APP_MIN_COLS 80
#define APP_MIN_ROWS 24
#define CTRL(c) ((c) & 0x1f)
#define APP_WHEEL_ROWS 3   /* rows one notch of the wheel moves the cursor */

/* The tabs, in order: keys 1-7. */
static const struct view_ops *const app_views[] = {
	&view_today,
	&view_calendar,
	&view_library,
	&view_kpi,
	&view_log,
	&view_review,
	&view_groups,
};
#define APP_NVIEWS ARRAY_LEN(app_views)

struct app_state {
	struct app app;           /* first: views get &state->app */
	void *states[APP_NVIEWS];
	bool stale[APP_NVIEWS];   /* data changed since the view last loaded */
	struct rect area[APP_NVIEWS];  /* the area it last loaded for */
	size_t current;
	bool help;                /* the help overlay is open */
	struct widget_pager help_pager;
	char *message;
	bool message_error;
	int64_t data_version;
	bool quit;
	struct keymap keymap;     /* the config file's key bindings */
	int tab_x[APP_NVIEWS], tab_w[APP_NVIEWS];  /* where each tab was drawn: for clicks */
	const char *theme;        /* the config's theme, for the help */
	bool mouse;               /* mouse events asked for (not --no-mouse, `mouse: false`) */
};

/* A global key: up to seven key codes, how help shows them, what they do, and the
   config file's name for each code's action (keys: in config.yaml). */
struct app_key {
	int codes[7];
	const char *label, *help;
	void (*run)(struct app_state *s, int key);
	const char *actions[7];
};

static void app_key_tab(struct app_state *s, int key);
static void app_key_next(struct app_state *s, int key);
static void app_key_help(struct app_state *s, int key);
static void app_key_quit(struct app_state *s, int key);
static void app_key_redraw(struct app_state *s, int key);

static void app_key_owner(struct app_state *s, int key);

static const struct app_key app_keys[] = {
	{{'1', '2', '3', '4', '5', '6', '7'}, "1-7",
	 N_("tabs: Today Calendar Library KPI Log Review Groups"), app_key_tab,
	 {"tab_today", "tab_calendar", "tab_library", "tab_kpi", "tab_log", "tab_review",
	  "tab_groups"}},
	{{'\t', KEY_BTAB}, "Tab S-Tab", N_("next / previous tab"), app_key_next,
	 {"next_tab", "prev_tab"}},
	{{'?', KEY_F(1)}, "? F1", N_("this help (Esc or ? closes it)"), app_key_help, {"help"}},
	{{CTRL('l')}, "^L", N_("redraw the screen"), app_key_redraw, {"redraw"}},
	{{'O'}, "O", N_("my groups (owner = you) / all groups"), app_key_owner, {NULL}},
	{{'q'}, "q", N_("quit"), app_key_quit, {N_("quit")}},
};

static struct app_state *app_state_of(struct app *app)
{
	return (struct app_state *)app;
}

/* Replace the message line's text. */
static void app_set_message(struct app *app, bool error, const char *fmt, va_list ap)
{
	struct app_state *s = app_state_of(app);
	free(s->message);
	s->message = xvasprintf(fmt, ap);
	s->message_error = error;
}

void app_message(struct app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_set_message(app, false, fmt, ap);
	va_end(ap);
}

void app_error(struct app *app, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	app_set_message(app, true, fmt, ap);
	va_end(ap);
}

int app_run_editor(struct app *app, const char *editor, const char *text, size_t max,
		   char **out, char **cause)
{
	char path[] = "/tmp/sopdeck-edit-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0) {
		set_cause(cause, _("temporary file: %s"), error_text(errno));
		return -1;
	}
	FILE *f = fdopen(fd, "w");
	if (!f) {
		set_cause(cause, _("temporary file: %s"), error_text(errno));
		close(fd);
		unlink(path);
		return -1;
	}
	bool wrote = fputs(text, f) >= 0;
	if (fclose(f) != 0 || !wrote) {
		set_cause(cause, _("temporary file %s: %s"), path, error_text(errno));
		unlink(path);
		return -1;
	}
	def_prog_mode();
	endwin();
	int status = -1;
	pid_t pid = fork();
	if (pid == 0) {
		/* Through the shell, so that EDITOR="code -w" works like in git. */
		execl("/bin/sh", "sh", "-c", "$EDITOR \"$1\"", "sh", path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
	int rc = -1;
	size_t len;
	if (pid < 0)
		set_cause(cause, _("cannot start %s: %s"), editor, error_text(errno));
	else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		set_cause(cause, _("%s exited with status %d"), editor,
			  WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	else if (read_file(path, max, out, &len, cause) == 0) {
		/* Editors add a final newline; the text had none. */
		while (len && (*out)[len - 1] == '\n')
			(*out)[--len] = '\0';
		rc = 0;
	}
	unlink(path);
	return rc;
}

int app_now_minute(const struct app *app)
{
	int real = date_today();
	if (app->today < real)
		return 24 * 60;
	if (app->today > real)
		return -1;
	time_t t = date_clock();
	struct tm tm;
	localtime_r(&t, &tm);
	return tm.tm_hour * 60 + tm.tm_min;
}

/* Switch to tab i. */
static void app_switch(struct app_state *s, size_t i)
{
	if (i < APP_NVIEWS)
		s->current = i;
}

static void app_key_tab(struct app_state *s, int key)
{
	app_switch(s, (size_t)(key - '1'));
}

static void app_key_next(struct app_state *s, int key)
{
	size_t step = key == KEY_BTAB ? APP_NVIEWS - 1 : 1;
	app_switch(s, (s->current + step) % APP_NVIEWS);
}

static void app_key_quit(struct app_state *s, int key)
{
	s->quit = true;
}

static void app_key_redraw(struct app_state *s, int key)
{
	clearok(curscr, TRUE);
}

/* A global key's label in the help: its own, or with the config's bindings in. */
static char *app_key_label(const struct app_state *s, const struct app_key *k)
{
	bool bound = false;
	for (size_t j = 0; j < ARRAY_LEN(k->actions) && k->actions[j]; j++)
		bound |= keymap_bound(&s->keymap, k->actions[j]) >= 0;
	if (!bound)
		return xstrdup(k->label);
	struct buf b = {0};
	for (size_t j = 0; j < ARRAY_LEN(k->codes) && k->codes[j]; j++) {
		int code = k->actions[j] ? keymap_bound(&s->keymap, k->actions[j]) : -1;
		char name[16];
		keymap_name(code >= 0 ? code : k->codes[j], name);
		buf_addf(&b, "%s%s", j ? " " : "", name);
	}
	buf_str(&b);
	return b.data;
}

/* Is word one of the space-separated words of list? */
static bool app_has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = list; *p;) {
		size_t len = strcspn(p, " ");
		if (len == n && strncmp(p, word, n) == 0)
			return true;
		p += len + (p[len] == ' ');
	}
	return false;
}

/* Is action one of the global table's (quit, help, tabs)? Those are shown there only. */
static bool app_global_action(const char *action)
{
	for (size_t i = 0; i < ARRAY_LEN(app_keys); i++)
		for (size_t j = 0; j < ARRAY_LEN(app_keys[i].actions); j++)
			if (app_keys[i].actions[j] && strcmp(app_keys[i].actions[j], action) == 0)
				return true;
	return false;
}

/* A view's help keys ("Space x") with the keys bound to its actions added ("Space x t"). */
static char *app_view_label(const struct app_state *s, const char *keys)
{
	struct buf b = {0};
	buf_adds(&b, keys);
	for (size_t i = 0; i < s->keymap.n; i++) {
		char def[16], key[16];
		if (app_global_action(s->keymap.map[i].action))
			continue;
		keymap_name(s->keymap.map[i].def, def);
		keymap_name(s->keymap.map[i].code, key);
		if (app_has_word(keys, def) && !app_has_word(buf_str(&b), key))
			buf_addf(&b, " %s", key);
	}
	buf_str(&b);
	return b.data;
}

/*
 * One "keys  what they do" line of the help text, keys padded by display width; keys
 * wider than their column run into the gap rather than being cut off ("PgDn Pg…").
 */
static void app_help_line(struct buf *b, const char *keys, const char *help)
{
	int w = text_width(keys);
	char *k = text_fit(keys, w > 16 ? w : 16, true);
	buf_addf(b, "  %s  %s\n", k, _(help));
	free(k);
}

/* The help text, generated from the global key table and the current view's table. */
static char *app_help_text(const struct app_state *s)
{
	const struct view_ops *v = app_views[s->current];
	struct buf b = {0};
	buf_addf(&b, "%s\n", _("Everywhere"));
	for (size_t i = 0; i < ARRAY_LEN(app_keys); i++) {
		char *label = app_key_label(s, &app_keys[i]);
		app_help_line(&b, label, app_keys[i].help);
		free(label);
	}
	if (s->mouse)
		app_help_line(&b, _("(mouse)"), _("click a tab, a row or a cell; the wheel scrolls"));
	buf_addf(&b, "\n%s\n", _(v->name));
	if (!v->keys || !v->keys[0].keys)
		buf_addf(&b, "  %s\n", _("(no keys of its own yet)"));
	for (const struct view_key *k = v->keys; k && k->keys; k++) {
		/* Keys are keys, except a word such as 专项 / one-off (N_() in the table). */
		char *label = app_view_label(s, _(k->keys));
		app_help_line(&b, label, k->help);
		free(label);
	}
	if (s->keymap.n)
		buf_addf(&b, "\n%s\n", _("Your keys (keys: in the config file)"));
	for (size_t i = 0; i < s->keymap.n; i++) {
		const struct keymap_entry *e = &s->keymap.map[i];
		char key[16], def[16];
		keymap_name(e->code, key);
		keymap_name(e->def, def);
		char *what = xasprintf(_("%s (as %s)"), e->action, def);
		app_help_line(&b, key, what);
		free(what);
	}
	buf_addf(&b, _("\nColours: %s, theme %s (NO_COLOR=1 turns them off)."), pal_mode(),
		 s->theme);
	buf_str(&b);
	return b.data;
}

static void app_key_help(struct app_state *s, int key)
{
	char *text = app_help_text(s);
	widget_pager_set_text(&s->help_pager, text);
	free(text);
	s->help = true;
}

/* Keys while the help overlay is open: scroll it or close it. */
static void app_help_key(struct app_state *s, int key)
{
	if (key == 27 || key == 'q' || key == '?' || key == KEY_F(1) || key == '\n' ||
	    key == KEY_ENTER)
		s->help = false;
	else
		widget_pager_key(&s->help_pager, key);
}

/* Data changed: every view is stale; the visible one loads before its next draw. */
static void app_mark_stale(struct app_state *s)
{
	for (size_t i = 0; i < APP_NVIEWS; i++)
		s->stale[i] = true;
	s->data_version = db_data_version(s->app.db);
}

void app_debug_load(const struct app *app, const char *what, struct db_stats before)
{
	const char *path = getenv("SOPDECK_DEBUG_LOADS");
	if (!path || !*path)
		return;
	struct db_stats now = db_stats(app->db);
	FILE *f = fopen(path, "a");
	if (f) {
		fprintf(f, "%s prepared=%ld run=%ld\n", what, now.prepared - before.prepared,
			now.run - before.run);
		fclose(f);
	}
}

/* Load the current view if it is stale or its area changed: the only caller of load(). */
static void app_load_current(struct app_state *s, const struct rect *body)
{
	size_t i = s->current;
	void *st = s->states[i];
	if (!st)
		return;
	const struct rect *a = &s->area[i];
	if (!s->stale[i] && a->h == body->h && a->w == body->w && a->y == body->y &&
	    a->x == body->x)
		return;
	s->stale[i] = false;
	s->area[i] = *body;
	struct db_stats before = db_stats(s->app.db);
	bool again = s->app.load_again;
	app_views[i]->load(st, body);
	if (!again && s->app.load_again) {
		/* The first screen's load: the whole one follows right after the frame. */
		char *what = xasprintf("%s:first", app_views[i]->name);
		app_debug_load(&s->app, what, before);
		free(what);
	} else {
		app_debug_load(&s->app, app_views[i]->name, before);
	}
}

/* Act on what a view asked for. */
static void app_flags(struct app_state *s, int flags)
{
	if (flags & VIEW_RELOAD) {
		app_mark_stale(s);
	} else if (flags & VIEW_CHANGED) {
		/* The visible view updated itself (a tick: one group); the others load when shown. */
		bool keep = s->stale[s->current];
		app_mark_stale(s);
		s->stale[s->current] = keep;
	}
	if (flags & VIEW_QUIT)
		s->quit = true;
}

/*
 * Dispatch one key: the help overlay, then the view, then the global table. A
 * key bound in the config file reaches the view as its action's default key only
 * when the view did not take it as it is (so typing in a search is never
 * translated); a global key whose action is bound elsewhere no longer acts.
 */
static void app_key(struct app_state *s, int key)
{
	if (s->help) {
		app_help_key(s, keymap_translate(&s->keymap, key));
		return;
	}
	void *st = s->states[s->current];
	const struct view_ops *v = app_views[s->current];
	int flags = st ? v->key(st, key) : VIEW_IGNORED;
	app_flags(s, flags);
	if (flags & VIEW_HANDLED)
		return;
	int bound = keymap_translate(&s->keymap, key);
	if (bound != key) {
		key = bound;
		flags = st ? v->key(st, key) : VIEW_IGNORED;
		app_flags(s, flags);
		if (flags & VIEW_HANDLED)
			return;
	} else if (keymap_replaced(&s->keymap, key)) {
		return;
	}
	for (size_t i = 0; i < ARRAY_LEN(app_keys); i++)
		for (size_t j = 0; j < ARRAY_LEN(app_keys[i].codes); j++)
			if (app_keys[i].codes[j] == key && key != 0) {
				app_keys[i].run(s, key);
				return;
			}
}

/* Periodic work: notice other operators' changes, let the view update its clock. */
static void app_tick(struct app_state *s)
{
	int64_t dv = db_data_version(s->app.db);
	if (dv != s->data_version)
		app_mark_stale(s);
	void *st = s->states[s->current];
	if (st && app_views[s->current]->tick)
		app_flags(s, app_views[s->current]->tick(st));
}

/* O: the views keep to the groups you own, or show everyone's (group_scope_set). */
static void app_key_owner(struct app_state *s, int key)
{
	if (group_scope(s->app.db)) {
		group_scope_set(s->app.db, NULL);
		app_message(&s->app, "%s", _("all groups (O: only mine)"));
	} else {
		size_t n = 0;
		char *cause = NULL;
		if (group_count_owned(s->app.db, s->app.operator, &n, &cause) < 0) {
			app_error(&s->app, "%s", cause);
			free(cause);
			return;
		}
		if (n == 0) {
			app_error(&s->app, _("you (%s) own no groups; showing all"), s->app.operator);
			return;
		}
		group_scope_set(s->app.db, s->app.operator);
		app_message(&s->app, _("my groups: %zu (O: all groups)"), n);
	}
	app_mark_stale(s);
}

/* The top line: program name, the tabs, and where help is. The name gives way to the
   tabs when both do not fit (seven English tabs at 80 columns). */
static void app_draw_tabs(struct app_state *s, int cols)
{
	draw_fill(stdscr, 0, 0, cols, pal(PAL_TAB));
	const char *title = " sopdeck ";
	int need = text_width(title);
	for (size_t i = 0; i < APP_NVIEWS; i++) {
		char *t = xasprintf(" %zu %s ", i + 1, _(app_views[i]->name));
		need += text_width(t) + 1;
		free(t);
	}
	int x = need <= cols ? draw_str(stdscr, 0, 0, title, cols, pal(PAL_TITLE)) : -1;
	for (size_t i = 0; i < APP_NVIEWS; i++)
		s->tab_x[i] = s->tab_w[i] = 0;
	for (size_t i = 0; i < APP_NVIEWS && x < cols; i++) {
		char *t = xasprintf(" %zu %s ", i + 1, _(app_views[i]->name));
		int w = draw_str(stdscr, 0, x + 1, t, cols - x - 1,
				 pal(i == s->current ? PAL_TAB_ACTIVE : PAL_TAB));
		s->tab_x[i] = x + 1;
		s->tab_w[i] = w;
		x += w + 1;
		free(t);
	}
	const char *hint = _("? help  q quit ");
	int w = text_width(hint);
	if (x + w < cols)
		draw_str(stdscr, 0, cols - w, hint, w, pal(PAL_TAB));
}

/*
 * A mouse event (KEY_MOUSE): a click on a tab switches to it, a click in the body
 * goes to the view (a row, a cell), the wheel moves as ↑ ↓ do. With help open, a
 * click closes it and the wheel scrolls it.
 */
static void app_mouse(struct app_state *s)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return;
	int wheel = 0;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = KEY_UP;
#ifdef BUTTON5_PRESSED
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = KEY_DOWN;
#endif
	if (wheel) {
		for (int i = 0; i < APP_WHEEL_ROWS; i++)
			if (s->help)
				widget_pager_key(&s->help_pager, wheel);
			else
				app_key(s, wheel);
		return;
	}
	if (!(ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED)))
		return;
	if (s->help) {
		s->help = false;
		return;
	}
	if (ev.y == 0) {
		for (size_t i = 0; i < APP_NVIEWS; i++) {
			int from = s->tab_x[i], to = s->tab_x[i] + s->tab_w[i];
			if (s->tab_w[i] > 0 && ev.x >= from && ev.x < to)
				app_switch(s, i);
		}
		return;
	}
	void *st = s->states[s->current];
	const struct view_ops *v = app_views[s->current];
	if (st && v->click && ev.y < LINES - 2)
		app_flags(s, v->click(st, ev.y, ev.x));
}

/* The status bar: date and weekday, operator, database. */
static void app_draw_status(struct app_state *s, int y, int cols)
{
	static const char *const weekdays[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					       N_("Fri"), N_("Sat"), N_("Sun")};
	char date[11];
	date_format(s->app.today, date);
	bool real = s->app.today == date_today();
	const char *scope = group_scope(s->app.db);
	char *left = xasprintf(_(" %s %s%s │ operator %s │ %s%s │ "), date,
			       _(weekdays[date_weekday(s->app.today)]), real ? "" : " (--today)",
			       s->app.operator, scope ? _("mine: ") : _("all groups"),
			       scope ? scope : "");
	draw_fill(stdscr, y, 0, cols, pal(PAL_STATUS));
	int x = draw_str(stdscr, y, 0, left, cols, pal(PAL_STATUS));
	draw_str_tail(stdscr, y, x, db_path(s->app.db), cols - x - 1, pal(PAL_STATUS));
	free(left);
}

/* The help overlay, centred over the body. */
static void app_draw_help(struct app_state *s, const struct rect *body)
{
	struct rect box = rect_centre(body, body->h, 76);
	struct rect in = draw_box(stdscr, &box, _("Help: keys"), pal(PAL_BORDER));
	widget_pager_draw(&s->help_pager, stdscr, &in, pal(PAL_NORMAL));
}

/* A terminal below the minimum gets one plain line, centred, until it grows:
   the longest wording that fits, else the shortest cut to the width. */
static void app_draw_too_small(int rows, int cols)
{
	char msg[4][160];
	snprintf(msg[0], sizeof msg[0], _("terminal too small: need %dx%d, have %dx%d"),
		 APP_MIN_COLS, APP_MIN_ROWS, cols, rows);
	snprintf(msg[1], sizeof msg[1], _("too small, need %dx%d"), APP_MIN_COLS, APP_MIN_ROWS);
	snprintf(msg[2], sizeof msg[2], _("too small: %dx%d"), APP_MIN_COLS, APP_MIN_ROWS);
	snprintf(msg[3], sizeof msg[3], "%s", _("too small"));
	/* By display columns: the Chinese wordings are twice as wide as they are long. */
	size_t i = 0;
	while (i + 1 < ARRAY_LEN(msg) && text_width(msg[i]) > cols)
		i++;
	int w = text_width(msg[i]);
	if (w > cols)
		w = cols;
	if (w > 0 && rows > 0)
		draw_str(stdscr, rows / 2, (cols - w) / 2, msg[i], w, A_NORMAL);
}

/*
 * A key's write left open so the screen could show it first (a tick): commit it
 * now, the fsync after the frame instead of between the key and the frame. -1 when
 * it failed (rolled back): every view is stale, to show what is saved, and why.
 */
static int app_commit(struct app_state *s)
{
	if (!s->app.commit_after_draw)
		return 0;
	s->app.commit_after_draw = false;
	char *cause = NULL;
	int rc = db_commit(s->app.db, &cause);
	if (rc < 0) {
		app_error(&s->app, "%s", cause);
		app_mark_stale(s);
	}
	free(cause);
	return rc;
}

/*
 * The frame in one write. ncurses 6.4 flushes its output at every cursor move
 * of an update until the screen has once been suspended (_nc_mvcur_sp, while
 * endwin is "initial"), so a whole frame left in a write per line: 27 for the
 * first Today screen, each waking the terminal (or sshd) to read a line. The
 * link wraps that flush (-Wl,--wrap=_nc_flush_sp, Makefile) and it is held
 * while app_refresh updates the screen, then done once: ncurses' own flush when
 * its buffer is full is inside its lib_tputs.o, not wrapped, so it still writes.
 */
/* Weak: an ncurses without _nc_flush_sp still links (the wrap then never runs, and
   refresh() flushes as it always did). */
void __real__nc_flush_sp(SCREEN *sp) __attribute__((weak));
void __wrap__nc_flush_sp(SCREEN *sp);
static SCREEN *app_screen;
static bool app_frame_held;

void __wrap__nc_flush_sp(SCREEN *sp)
{
	if (!app_frame_held)
		__real__nc_flush_sp(sp);
}

/* refresh() with its output written at the end, not line by line. */
static void app_refresh(void)
{
	bool wrapped = app_screen && __real__nc_flush_sp;
	app_frame_held = wrapped;
	refresh();
	app_frame_held = false;
	if (wrapped)
		__real__nc_flush_sp(app_screen);
}

static void app_draw(struct app_state *s)
{
	int rows = LINES, cols = COLS;
	erase();
	if (rows < APP_MIN_ROWS || cols < APP_MIN_COLS) {
		app_draw_too_small(rows, cols);
		app_refresh();
		return;
	}
	app_draw_tabs(s, cols);
	struct rect body = {1, 0, rows - 3, cols};
	void *st = s->states[s->current];
	app_load_current(s, &body);
	if (st)
		app_views[s->current]->draw(st, stdscr, &body);
	else
		draw_text(stdscr, 2, 2, _("this view could not start"), cols - 4, pal(PAL_ERROR));
	if (s->help)
		app_draw_help(s, &body);
	app_draw_status(s, rows - 2, cols);
	if (s->message)
		draw_text(stdscr, rows - 1, 0, s->message, cols - 1,
			  pal(s->message_error ? PAL_ERROR : PAL_MESSAGE));
	app_refresh();
}

void tui_ensure_utf8_ctype(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && strcmp(cs, "UTF-8") == 0)
		return;
	setlocale(LC_CTYPE, "C.UTF-8");
}

/* The signal that asked us to stop (SIGTERM, SIGHUP, SIGINT), 0 for none. */
static volatile sig_atomic_t app_signal;

/* Only note the signal: the loop sees it within one tick and leaves cleanly. */
static void app_on_signal(int sig)
{
	app_signal = sig;
}

/* Catch sig unless it is ignored (nohup keeps its meaning). */
static void app_catch(int sig)
{
	struct sigaction old, sa = {0};
	sa.sa_handler = app_on_signal;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: the read in getch returns at once. */
	if (sigaction(sig, NULL, &old) == 0 && old.sa_handler == SIG_IGN)
		return;
	sigaction(sig, &sa, NULL);
}

/*
 * Can the console start here? Says why not on stderr. A missing or unknown
 * TERM, input that is not a terminal and a locale without UTF-8 each get one
 * plain line instead of garbage (initscr would print its own and exit).
 */
static SCREEN *app_start_terminal(void)
{
	const char *term = getenv("TERM");
	if (!term || !*term) {
		fputs(_("sopdeck: TERM is not set, so the console cannot draw; set it (for example "
			"TERM=xterm-256color) or use the commands (sopdeck help)\n"),
		      stderr);
		return NULL;
	}
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		fputs(_("sopdeck: the console needs a terminal for input and output; without one use "
			"the commands (sopdeck help)\n"),
		      stderr);
		return NULL;
	}
	const char *cs = nl_langinfo(CODESET);
	if (!cs || strcmp(cs, "UTF-8") != 0) {
		fputs("sopdeck: the console needs a UTF-8 locale to draw Chinese, and C.UTF-8 is "
		      "not installed; set LANG to a UTF-8 locale (locale -a lists them)\n",
		      stderr);
		return NULL;
	}
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		char *t = text_sanitize(term, false);
		fprintf(stderr,
			_("sopdeck: unknown terminal type '%s' (TERM): no terminfo entry; try "
			  "TERM=xterm-256color\n"),
			t);
		free(t);
		return NULL;
	}
	/* TERM=dumb (an editor's shell, a CI log) cannot move the cursor: nothing
	   drawn there is usable, so the same one line instead (nothing drawn yet). */
	const char *cup = tigetstr("cup");
	if (!cup || cup == (const char *)-1 || tigetflag("hc") > 0) {
		endwin();
		delscreen(scr);
		char *t = text_sanitize(term, false);
		fprintf(stderr,
			_("sopdeck: the terminal type '%s' (TERM) cannot move the cursor, so the "
			  "console cannot draw; use a full terminal (TERM=xterm-256color) or the "
			  "commands (sopdeck help)\n"),
			t);
		free(t);
		return NULL;
	}
	return scr;
}

/*
 * getch gave ERR: a tick, or a terminal that is gone (hung up, input closed),
 * where every read fails at once. Tell them apart without spinning.
 */
static bool app_input_gone(int64_t waited_ms, int *fast)
{
	struct pollfd p = {.fd = STDIN_FILENO, .events = POLLIN};
	if (poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL)))
		return true;
	if (waited_ms >= APP_TICK_MS / 2) {
		*fast = 0;
		return false;
	}
	/* A signal or a resize may cut one wait short; dozens in a row mean EOF. */
	return ++*fast >= 20;
}

static int64_t app_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The config's theme (NULL: auto), week start and first tab. */
static void app_configure(struct app_state *s, const struct config *cfg)
{
	const char *theme = cfg ? cfg->v[CONFIG_THEME].value : NULL;
	s->theme = theme ? theme : config_key_default(CONFIG_THEME);
	const char *ws = cfg ? cfg->v[CONFIG_WEEK_START].value : NULL;
	s->app.week_start = ws && strcmp(ws, "sunday") == 0 ? 6 : 0;
	const char *first = cfg ? cfg->v[CONFIG_DEFAULT_VIEW].value : NULL;
	for (size_t i = 0; first && i < APP_NVIEWS; i++)
		if (strcasecmp(app_views[i]->name, first) == 0)
			s->current = i;
	keymap_build(&s->keymap, cfg);
}

/*
 * The console's heap in transparent huge pages: its first screen builds a
 * team's checklist (4,400 items, 1,500 advice texts, a week of counters),
 * about 900 page faults of 4 KiB at 6 us each on this kind of VM, the largest
 * part of the start after the data. malloc keeps to one heap grown 8 MiB at a
 * time and never trimmed, advised as huge pages past what is already used.
 */
static void app_heap_huge(void)
{
	enum { HUGE = 2 << 20 };
	static bool done;
	if (done)
		return;
	done = true;
	big_keep_on_heap();
	if (!mallopt(M_MMAP_THRESHOLD, 32 << 20) || !mallopt(M_TRIM_THRESHOLD, 64 << 20) ||
	    !mallopt(M_TOP_PAD, 8 << 20))
		return;
	char *lo = sbrk(0);
	if (lo == (char *)-1)
		return;
	uintptr_t a = ((uintptr_t)lo + HUGE - 1) & ~(uintptr_t)(HUGE - 1);
	/*
	 * The heap's free top (keepcost) up to the first 2 MiB boundary is taken by a block
	 * never touched nor freed, so what the screens allocate starts at the boundary, in
	 * huge pages: left to malloc, up to 2 MiB of it (the checklist's items among it) came
	 * in 4 KiB faults (perf: 490 to the first frame, 300 of them there).
	 */
	static void *below_boundary;
	size_t top = mallinfo2().keepcost, below = a - (uintptr_t)lo + top;
	if (!below_boundary && top < below && below > 4096)
		below_boundary = malloc(below - 64);
	/* A block larger than the heap's free top makes malloc grow it, by the pad too. */
	void *volatile grow = malloc(mallinfo2().arena + (1 << 20));
	free(grow);
	char *hi = sbrk(0);
	if (hi == (char *)-1)
		return;
	uintptr_t b = (uintptr_t)hi & ~(uintptr_t)(HUGE - 1);
	if (b > a)
		madvise((void *)a, b - a, MADV_HUGEPAGE);
}

void tui_prepare(void)
{
	app_heap_huge();
}

int tui_run(struct db *db, int today, const char *operator, const struct tui_options *opt)
{
	app_heap_huge();
	struct app_state s = {.app = {.db = db, .today = today, .operator = operator}};
	app_configure(&s, opt ? opt->config : NULL);
	/* main() already called setlocale, so ncursesw draws UTF-8. */
	SCREEN *scr = app_start_terminal();
	if (!scr)
		return 1;
	app_screen = scr;
	app_signal = 0;
	app_catch(SIGTERM);
	app_catch(SIGHUP);
	app_catch(SIGINT);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	timeout(APP_TICK_MS);
	pal_init(s.theme);
	s.mouse = opt && opt->mouse;
	if (s.mouse) {
		/* Presses, not clicks: no wait to tell a click from a drag. */
		mouseinterval(0);
		mmask_t want = BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON4_PRESSED;
#ifdef BUTTON5_PRESSED
		want |= BUTTON5_PRESSED;
#endif
		mousemask(want, NULL);
	}

	/* An operator who owns groups starts on them (O switches); --mine/--owner already chose. */
	size_t owned = 0;
	char *cause = NULL;
	if (!group_scope(db) && group_count_owned(db, operator, &owned, &cause) == 0 && owned > 0)
		group_scope_set(db, operator);
	free(cause);
	s.data_version = db_data_version(db);
	for (size_t i = 0; i < APP_NVIEWS; i++) {
		s.states[i] = app_views[i]->init(&s.app);
		s.stale[i] = true;
	}

	int fast = 0;
	bool gone = false;
	/* Profiling the start-up: end right after the first screen is out. */
	const char *dq = getenv("SOPDECK_DEBUG_QUIT");
	bool quit_first = dq && strcmp(dq, "first-frame") == 0;
	while (!s.quit && !app_signal) {
		app_draw(&s);
		if (app_commit(&s) < 0)
			continue;
		if (quit_first)
			break;
		if (s.app.load_again) {
			/* The first screen is out: now the whole view, before any key. */
			s.app.load_again = false;
			s.stale[s.current] = true;
			continue;
		}
		int64_t t0 = app_ms();
		int key = getch();
		if (app_signal)
			break;
		if (key == ERR) {
			if (app_input_gone(app_ms() - t0, &fast)) {
				gone = true;
				break;
			}
			app_tick(&s);
			continue;
		}
		fast = 0;
		if (key == KEY_RESIZE)
			continue;
		if (key == KEY_MOUSE && (!s.mouse || LINES < APP_MIN_ROWS || COLS < APP_MIN_COLS)) {
			MEVENT ev;
			getmouse(&ev);
			continue;
		}
		free(s.message);
		s.message = NULL;
		if (LINES < APP_MIN_ROWS || COLS < APP_MIN_COLS) {
			if (key == 'q')
				s.quit = true;
			continue;
		}
		if (key == KEY_MOUSE)
			app_mouse(&s);
		else
			app_key(&s, key);
	}

	/* A signal between a tick and its frame: the tick is still saved. */
	app_commit(&s);
	endwin();
	app_screen = NULL;
	delscreen(scr);
	for (size_t i = 0; i < APP_NVIEWS; i++)
		if (s.states[i])
			app_views[i]->free(s.states[i]);
	widget_pager_free(&s.help_pager);
	keymap_free(&s.keymap);
	free(s.message);
	if (app_signal) {
		/* Exit the way a killed program does, now that the terminal is restored. */
		return 128 + app_signal;
	}
	if (gone) {
		fputs(_("sopdeck: the terminal went away (input closed); nothing was lost\n"), stderr);
		return 1;
	}
	return 0;
}
