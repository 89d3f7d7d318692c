/* Filling {placeholders} in script templates. */
#include <stdio.h>
#include <string.h>

#include "dates.h"
#include "template.h"
#include "util.h"

int template_next(const char *body, size_t *pos, struct template_ph *ph)
{
	const char *p = body + *pos;
	while (*p) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			p += 2;
			continue;
		}
		if (*p != '{') {
			p++;
			continue;
		}
		const char *end = strchr(p + 1, '}');
		if (!end) {
			*pos = (size_t)(p - body);
			return -1;
		}
		const char *bar = memchr(p + 1, '|', (size_t)(end - p - 1));
		ph->name = p + 1;
		ph->name_len = (size_t)((bar ? bar : end) - p - 1);
		ph->has_default = bar != NULL;
		ph->offset = (size_t)(p - body);
		*pos = (size_t)(end + 1 - body);
		return 1;
	}
	*pos = (size_t)(p - body);
	return 0;
}

/* The shared filler; clean decides what an empty placeholder without a default becomes. */
static char *fill(const char *body, const struct template_var *vars, size_t n_vars, bool clean)
{
	struct buf b = {0};
	const char *p = body;
	while (*p) {
		if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}')) {
			buf_add(&b, p, 1);
			p += 2;
			continue;
		}
		if (*p == '{') {
			const char *end = strchr(p + 1, '}');
			if (end) {
				const char *bar = memchr(p + 1, '|', (size_t)(end - p - 1));
				size_t len = (size_t)((bar ? bar : end) - p - 1);
				const struct template_var *v = NULL;
				for (size_t i = 0; i < n_vars; i++)
					if (strlen(vars[i].name) == len &&
					    memcmp(vars[i].name, p + 1, len) == 0)
						v = &vars[i];
				bool empty = v && (!v->value || !*v->value);
				if (v && !empty) {
					buf_adds(&b, v->value);
					p = end + 1;
					continue;
				}
				if (v && bar) {
					buf_add(&b, bar + 1, (size_t)(end - bar - 1));
					p = end + 1;
					continue;
				}
				if (v && (v->value || clean)) {
					p = end + 1;
					continue;
				}
			}
		}
		buf_add(&b, p, 1);
		p++;
	}
	buf_str(&b);
	return b.data;
}

char *template_fill(const char *body, const struct template_var *vars, size_t n_vars)
{
	return fill(body, vars, n_vars, false);
}

char *template_fill_clean(const char *body, const struct template_var *vars, size_t n_vars)
{
	return fill(body, vars, n_vars, true);
}

void template_date_cn(int day, char out[16])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	snprintf(out, 16, "%d月%d日", m, d);
}

const char *template_weekday_cn(int day)
{
	static const char *const names[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};
	return names[date_weekday(day)];
}
