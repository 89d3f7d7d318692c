/* Drawing text and the colour palette: the only place tui/ writes characters. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "text.h"
#include "util.h"

static attr_t pal_attrs[PAL_COUNT];
static const char *pal_chosen = "none";

/* One role: colours for 256- and 8-colour terminals, and the attributes without colour. */
struct pal_spec {
	short fg256, bg256, fg8, bg8;
	attr_t with_colour, plain;
};

/* -1 is the terminal's default colour (use_default_colors). */
static const struct pal_spec pal_specs[PAL_COUNT] = {
	[PAL_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
	[PAL_TITLE] = {231, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD | A_REVERSE},
	[PAL_TAB] = {252, 237, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
	[PAL_TAB_ACTIVE] = {16, 214, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE},
	[PAL_STATUS] = {252, 237, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE},
	[PAL_MESSAGE] = {114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[PAL_ERROR] = {231, 160, COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
	[PAL_HEADER] = {117, -1, COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[PAL_SELECTED] = {231, 25, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_REVERSE},
	[PAL_OVERDUE] = {203, -1, COLOR_RED, -1, A_BOLD, A_BOLD},
	[PAL_DONE] = {244, -1, COLOR_GREEN, -1, A_NORMAL, A_DIM},
	[PAL_DIM] = {244, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM},
	[PAL_BAR_DONE] = {114, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[PAL_BAR_TODO] = {240, -1, COLOR_WHITE, -1, A_NORMAL, A_DIM},
	[PAL_BORDER] = {117, -1, COLOR_CYAN, -1, A_NORMAL, A_NORMAL},
};

/* The light theme: darker text for a light background; the plain attributes are the same. */
static const struct pal_spec pal_specs_light[PAL_COUNT] = {
	[PAL_NORMAL] = {-1, -1, -1, -1, A_NORMAL, A_NORMAL},
	[PAL_TITLE] = {231, 24, COLOR_WHITE, COLOR_BLUE, A_BOLD, A_BOLD | A_REVERSE},
	[PAL_TAB] = {235, 252, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[PAL_TAB_ACTIVE] = {16, 214, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_BOLD | A_UNDERLINE},
	[PAL_STATUS] = {235, 252, COLOR_BLACK, COLOR_WHITE, A_NORMAL, A_REVERSE},
	[PAL_MESSAGE] = {28, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[PAL_ERROR] = {231, 160, COLOR_WHITE, COLOR_RED, A_BOLD, A_BOLD | A_REVERSE},
	[PAL_HEADER] = {25, -1, COLOR_BLUE, -1, A_BOLD, A_BOLD | A_UNDERLINE},
	[PAL_SELECTED] = {16, 153, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE},
	[PAL_OVERDUE] = {160, -1, COLOR_RED, -1, A_BOLD, A_BOLD},
	[PAL_DONE] = {245, -1, COLOR_GREEN, -1, A_NORMAL, A_DIM},
	[PAL_DIM] = {242, -1, COLOR_BLACK, -1, A_NORMAL, A_DIM},
	[PAL_BAR_DONE] = {28, -1, COLOR_GREEN, -1, A_NORMAL, A_NORMAL},
	[PAL_BAR_TODO] = {250, -1, COLOR_BLACK, -1, A_NORMAL, A_DIM},
	[PAL_BORDER] = {25, -1, COLOR_BLUE, -1, A_NORMAL, A_NORMAL},
};

void pal_init(const char *theme)
{
	const char *nc = getenv("NO_COLOR");
	bool mono = theme && strcmp(theme, "mono") == 0;
	const struct pal_spec *specs =
		theme && strcmp(theme, "light") == 0 ? pal_specs_light : pal_specs;
	/* mono never starts colour: the terminal's own colours stay as they are. */
	bool colour = !mono && !(nc && *nc) && has_colors() && start_color() != ERR;
	bool rich = colour && COLORS >= 256 && COLOR_PAIRS > PAL_COUNT;
	if (colour && COLOR_PAIRS <= PAL_COUNT)
		colour = false;
	if (colour)
		use_default_colors();
	pal_chosen = rich ? "256" : colour ? "8" : "none";
	for (int r = 0; r < PAL_COUNT; r++) {
		const struct pal_spec *s = &specs[r];
		if (!colour) {
			pal_attrs[r] = s->plain;
			continue;
		}
		if (r == PAL_NORMAL) {
			pal_attrs[r] = A_NORMAL;
			continue;
		}
		short fg = rich ? s->fg256 : s->fg8, bg = rich ? s->bg256 : s->bg8;
		init_pair((short)r, fg, bg);
		pal_attrs[r] = COLOR_PAIR(r) | s->with_colour;
	}
}

attr_t pal(enum pal_role role)
{
	return role < PAL_COUNT ? pal_attrs[role] : A_NORMAL;
}

const char *pal_mode(void)
{
	return pal_chosen;
}

/* Sanitise, fit and draw; returns the display width drawn. */
static int draw_fitted(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr,
		       bool pad)
{
	if (cols <= 0)
		return 0;
	char *safe = text_sanitize(s ? s : "", false);
	char *fit = text_fit(safe, cols, pad);
	int w = text_width(fit);
	/* Handed over as characters: a string of bytes goes through the C library's
	   multibyte conversion one byte at a time (a third of drawing a screen). */
	size_t n = strlen(fit), k = 0;
	wchar_t local[256], *wide = n < ARRAY_LEN(local) ? local : xmalloc((n + 1) * sizeof *wide);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		size_t len = utf8_decode(fit + i, n - i, &cp);
		wide[k++] = (wchar_t)cp;
		i += len ? len : 1;
	}
	wattrset(win, attr);
	mvwaddnwstr(win, y, x, wide, (int)k);
	wattrset(win, A_NORMAL);
	if (wide != local)
		free(wide);
	free(fit);
	free(safe);
	return w;
}

int draw_text(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr)
{
	return draw_fitted(win, y, x, s, cols, attr, true);
}

int draw_str(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr)
{
	return draw_fitted(win, y, x, s, cols, attr, false);
}

int draw_text_right(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr)
{
	if (cols <= 0)
		return 0;
	char *safe = text_sanitize(s ? s : "", false);
	int pad = cols - text_width(safe);
	if (pad > 0)
		draw_fill(win, y, x, pad, attr);
	else
		pad = 0;
	draw_text(win, y, x + pad, safe, cols - pad, attr);
	free(safe);
	return cols;
}

int draw_str_tail(WINDOW *win, int y, int x, const char *s, int cols, attr_t attr)
{
	if (cols <= 0)
		return 0;
	char *safe = text_sanitize(s ? s : "", false);
	const char *p = safe;
	size_t n = strlen(safe);
	if (text_width(safe) > cols) {
		/* Drop characters from the front until the rest and "…" fit. */
		while (*p && text_width(p) > cols - 1) {
			unsigned cp;
			p += utf8_decode(p, n - (size_t)(p - safe), &cp);
		}
		char *t = xasprintf("…%s", p);
		int w = draw_str(win, y, x, t, cols, attr);
		free(t);
		free(safe);
		return w;
	}
	int w = draw_str(win, y, x, safe, cols, attr);
	free(safe);
	return w;
}

int draw_textf(WINDOW *win, int y, int x, int cols, attr_t attr, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	int w = draw_text(win, y, x, s, cols, attr);
	free(s);
	return w;
}

void draw_fill(WINDOW *win, int y, int x, int cols, attr_t attr)
{
	if (cols <= 0)
		return;
	wattrset(win, attr);
	mvwhline(win, y, x, ' ', cols);
	wattrset(win, A_NORMAL);
}

void draw_clear(WINDOW *win, const struct rect *r, attr_t attr)
{
	for (int i = 0; i < r->h; i++)
		draw_fill(win, r->y + i, r->x, r->w, attr);
}

struct rect draw_box(WINDOW *win, const struct rect *r, const char *title, attr_t attr)
{
	struct rect in = {r->y + 1, r->x + 2, r->h - 2, r->w - 4};
	if (r->h < 3 || r->w < 6)
		return (struct rect){r->y, r->x, 0, 0};
	draw_clear(win, r, pal(PAL_NORMAL));
	/* Unicode box drawing rather than ACS: one column each in UTF-8, no charset switching. */
	wattrset(win, attr);
	for (int i = 0; i < r->h; i++) {
		bool edge = i == 0 || i == r->h - 1;
		const char *l = i == 0 ? "┌" : i == r->h - 1 ? "└" : "│";
		const char *rr = i == 0 ? "┐" : i == r->h - 1 ? "┘" : "│";
		mvwaddstr(win, r->y + i, r->x, l);
		if (edge)
			for (int j = 1; j < r->w - 1; j++)
				mvwaddstr(win, r->y + i, r->x + j, "─");
		mvwaddstr(win, r->y + i, r->x + r->w - 1, rr);
	}
	wattrset(win, A_NORMAL);
	if (title && *title) {
		char *t = xasprintf(" %s ", title);
		draw_str(win, r->y, r->x + 2, t, r->w - 4, attr | A_BOLD);
		free(t);
	}
	return in;
}

void draw_bar(WINDOW *win, int y, int x, int cols, size_t done, size_t total)
{
	if (cols <= 0)
		return;
	int full = total ? (int)((done * (size_t)cols + total / 2) / total) : 0;
	if (full > cols)
		full = cols;
	if (done > 0 && done < total && full == 0)
		full = 1;
	if (done < total && full == cols)
		full = cols - 1;
	/* U+2588 and U+2591 are one column wide in every UTF-8 terminal we target. */
	wattrset(win, pal(PAL_BAR_DONE));
	for (int i = 0; i < full; i++)
		mvwaddstr(win, y, x + i, "\xe2\x96\x88");
	wattrset(win, pal(PAL_BAR_TODO));
	for (int i = full; i < cols; i++)
		mvwaddstr(win, y, x + i, "\xe2\x96\x91");
	wattrset(win, A_NORMAL);
}

struct rect rect_centre(const struct rect *r, int h, int w)
{
	if (h > r->h)
		h = r->h;
	if (w > r->w)
		w = r->w;
	return (struct rect){r->y + (r->h - h) / 2, r->x + (r->w - w) / 2, h, w};
}

bool draw_want_ascii(void)
{
	const char *e = getenv("SOPDECK_ASCII");
	if (e && *e)
		return true;
	/* The locale the user asked for, not the C.UTF-8 the console may have switched to. */
	const char *loc = getenv("LC_ALL");
	if (!loc || !*loc)
		loc = getenv("LC_CTYPE");
	if (!loc || !*loc)
		loc = getenv("LANG");
	return !loc || !*loc || (!strcasestr(loc, "utf-8") && !strcasestr(loc, "utf8"));
}
