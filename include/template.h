/* Script templates (话术模板): {group}, {date}, {node}, {days}, ... filled in. */
#ifndef SOPDECK_TEMPLATE_H
#define SOPDECK_TEMPLATE_H

#include <stddef.h>

struct template_var {
	const char *name;  /* without braces */
	const char *value;
};

/*
 * Fill {name} placeholders from vars. Unknown placeholders stay as written;
 * "{{" and "}}" stand for literal braces. Returns a new string.
 */
char *template_fill(const char *body, const struct template_var *vars, size_t n_vars);

#endif
