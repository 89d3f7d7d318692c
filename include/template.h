/*
 * Script templates (话术模板): {group}, {date}, {node}, {days}, ... filled in.
 * A placeholder may say what to write when its value is empty: {node|今日}.
 */
#ifndef SOPDECK_TEMPLATE_H
#define SOPDECK_TEMPLATE_H

#include <stdbool.h>
#include <stddef.h>

struct template_var {
	const char *name;  /* without braces */
	const char *value; /* NULL or "" = empty */
};

/*
 * Fill {name} and {name|default} placeholders from vars. An empty value (NULL
 * or "") gives the default when one is written; a NULL value without a default
 * stays as written, as do unknown placeholders; "{{" and "}}" stand for literal
 * braces. Returns a new string.
 */
char *template_fill(const char *body, const struct template_var *vars, size_t n_vars);
/* As template_fill, but a known placeholder that stays empty is written as nothing. */
char *template_fill_clean(const char *body, const struct template_var *vars, size_t n_vars);

/* One placeholder of a template, pointing into its body. */
struct template_ph {
	const char *name;      /* the name, not terminated: name_len bytes */
	size_t name_len;
	bool has_default;      /* written as {name|default} */
	size_t offset;         /* of the '{' in the body */
};

/*
 * The next placeholder at or after *pos ("{{" and "}}" skipped). Returns 1 and
 * advances *pos past it, 0 at the end, -1 for a '{' without '}' (*pos at it).
 */
int template_next(const char *body, size_t *pos, struct template_ph *ph);

/* The Chinese forms operators write: "12月15日" (16 bytes) and "周二". */
void template_date_cn(int day, char out[16]);
const char *template_weekday_cn(int day);

#endif
