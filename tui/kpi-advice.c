/*
 * The KPI panel's advice: for every metric shown past its threshold, the
 * playbook's advice (advice_en in English when given), wrapped whole: the
 * advice is the point of the panel, cut it would say nothing.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "kpi-tab.h"
#include "i18n.h"
#include "draw.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/*
 * Draw s from row y on, wrapped to cols display columns (continuation lines
 * indented by indent) as text_wrap_line breaks it. Rows from last on are not
 * used: the final row ends in "…" if the rest does not fit. Returns the row
 * after the text.
 */
static int view_kpi_draw_wrapped(WINDOW *win, int y, int x, int cols, int indent, const char *s,
				 attr_t attr, int last)
{
	char *safe = text_sanitize(s ? s : "", false);
	const char *p = safe, *end = safe + strlen(safe);
	bool first = true;
	while (*p && y < last && cols > indent) {
		int lx = first ? x : x + indent, lw = first ? cols : cols - indent;
		const char *q = p + text_wrap_line(p, (size_t)(end - p), lw);
		char *line = xstrndup(p, (size_t)(q - p));
		if (q < end && y + 1 >= last)
			draw_text(win, y, lx, p, lw, attr); /* the last row: cut with "…" */
		else
			draw_text(win, y, lx, line, lw, attr);
		free(line);
		y++;
		p = q;
		while (*p == ' ')
			p++;
		first = false;
	}
	free(safe);
	return y;
}

int kpiv_advice_draw(struct view_kpi *v, WINDOW *win, const struct rect *r, int y, int bottom)
{
	int x = r->x + 2;
	bool any = false;
	for (size_t i = 0; i < v->n_rows && y + 1 < bottom; i++) {
		const struct kpi_metric_result *m = v->rows[i].r;
		if (m->status != KPI_WARN)
			continue;
		if (!any) {
			draw_text(win, ++y, r->x, _(" advice"), r->w, pal(PAL_HEADER));
			y++;
			any = true;
		}
		/* English mode shows the playbook's advice_en when it gives one. */
		const char *advice = kpi_advice_text(m->metric, m->value);
		if (advice == m->metric->advice)
			advice = i18n_title(m->metric->advice, m->metric->advice_en);
		char *a = xasprintf(_("%s %s: %s"), v->ascii ? "*" : "•",
				    i18n_title(m->metric->name, m->metric->name_en), advice);
		y = view_kpi_draw_wrapped(win, y, x, r->w - 4, 2, a, pal(PAL_NORMAL), bottom);
		free(a);
	}
	if (!any && y + 1 < bottom)
		draw_text(win, ++y, x, _("no metric past its threshold"), r->w - 4, pal(PAL_DIM));
	return y;
}
