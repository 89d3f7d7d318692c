/* Filling {placeholders} in script templates. */
#include <string.h>

#include "template.h"
#include "util.h"

char *template_fill(const char *body, const struct template_var *vars, size_t n_vars)
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
				size_t len = (size_t)(end - p - 1);
				const struct template_var *v = NULL;
				for (size_t i = 0; i < n_vars; i++)
					if (strlen(vars[i].name) == len &&
					    memcmp(vars[i].name, p + 1, len) == 0)
						v = &vars[i];
				if (v && v->value) {
					buf_adds(&b, v->value);
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
