/* KPI formula parser and evaluator: expr = term {(+|-) term}; term = factor {(*|/) factor}. */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"
#include "i18n.h"
#include "util.h"

#define MAX_DEPTH 64

enum node_kind { F_NUM, F_VAR, F_ADD, F_SUB, F_MUL, F_DIV, F_NEG };

struct formula {
	enum node_kind kind;
	double num;
	char *var;
	struct formula *l, *r;
};

struct parser {
	const char *text, *p;
	bool (*known)(const char *, void *);
	void *ctx;
	int depth;
	char **cause;
	int *col;
};

/* Column in characters (not bytes) of the parser's position, 1-based. */
static int column(const struct parser *ps)
{
	int col = 1;
	for (const char *q = ps->text; q < ps->p; q++)
		if (((unsigned char)*q & 0xC0) != 0x80)
			col++;
	return col;
}

__attribute__((format(printf, 2, 3)))
static struct formula *fail(struct parser *ps, const char *fmt, ...)
{
	if (ps->col)
		*ps->col = column(ps);
	if (ps->cause) {
		va_list ap;
		va_start(ap, fmt);
		free(*ps->cause);
		*ps->cause = xvasprintf(fmt, ap);
		va_end(ap);
	}
	return NULL;
}

static struct formula *node(enum node_kind kind, struct formula *l, struct formula *r)
{
	struct formula *f = xcalloc(1, sizeof *f);
	f->kind = kind;
	f->l = l;
	f->r = r;
	return f;
}

/* The character at p (a whole UTF-8 sequence), for messages. */
static void char_at(const char *p, char out[5])
{
	size_t n = 1;
	while (n < 4 && ((unsigned char)p[n] & 0xC0) == 0x80)
		n++;
	memcpy(out, p, n);
	out[n] = '\0';
}

static void skip_space(struct parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static struct formula *parse_expr(struct parser *ps);

static bool is_name_char(char c, bool first)
{
	return isalpha((unsigned char)c) || c == '_' || (!first && isdigit((unsigned char)c));
}

static struct formula *parse_factor(struct parser *ps)
{
	skip_space(ps);
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, _("formula nested too deeply"));
	struct formula *f = NULL;
	if (*ps->p == '(') {
		ps->p++;
		f = parse_expr(ps);
		if (!f)
			return NULL;
		skip_space(ps);
		if (*ps->p != ')') {
			formula_free(f);
			return fail(ps, _("expected ')' in formula"));
		}
		ps->p++;
	} else if (*ps->p == '-') {
		ps->p++;
		struct formula *inner = parse_factor(ps);
		f = inner ? node(F_NEG, inner, NULL) : NULL;
	} else if (isdigit((unsigned char)*ps->p) || *ps->p == '.') {
		char *end;
		double v = strtod(ps->p, &end);
		if (end == ps->p || !isfinite(v))
			return fail(ps, _("bad number in formula"));
		ps->p = end;
		f = node(F_NUM, NULL, NULL);
		f->num = v;
	} else if (is_name_char(*ps->p, true)) {
		const char *start = ps->p;
		while (is_name_char(*ps->p, false))
			ps->p++;
		char *name = xstrndup(start, (size_t)(ps->p - start));
		if (ps->known && !ps->known(name, ps->ctx)) {
			ps->p = start;
			fail(ps, _("unknown counter '%s' in formula"), name);
			free(name);
			return NULL;
		}
		f = node(F_VAR, NULL, NULL);
		f->var = name;
	} else if (*ps->p == '\0') {
		return fail(ps, _("formula ends where a number or counter was expected"));
	} else {
		char c[5];
		char_at(ps->p, c);
		return fail(ps, _("unexpected '%s' in formula (only + - * / ( ), "
				  "numbers and counter keys)"), c);
	}
	ps->depth--;
	return f;
}

static struct formula *parse_term(struct parser *ps)
{
	struct formula *l = parse_factor(ps);
	while (l) {
		skip_space(ps);
		char op = *ps->p;
		if (op != '*' && op != '/')
			break;
		ps->p++;
		struct formula *r = parse_factor(ps);
		if (!r) {
			formula_free(l);
			return NULL;
		}
		l = node(op == '*' ? F_MUL : F_DIV, l, r);
	}
	return l;
}

static struct formula *parse_expr(struct parser *ps)
{
	struct formula *l = parse_term(ps);
	while (l) {
		skip_space(ps);
		char op = *ps->p;
		if (op != '+' && op != '-')
			break;
		ps->p++;
		struct formula *r = parse_term(ps);
		if (!r) {
			formula_free(l);
			return NULL;
		}
		l = node(op == '+' ? F_ADD : F_SUB, l, r);
	}
	return l;
}

int formula_parse(const char *text, bool (*known)(const char *name, void *ctx), void *ctx,
		  struct formula **out, int *col, char **cause)
{
	struct parser ps = {text, text, known, ctx, 0, cause, col};
	struct formula *f = parse_expr(&ps);
	if (!f)
		return -1;
	skip_space(&ps);
	if (*ps.p != '\0') {
		formula_free(f);
		char c[5];
		char_at(ps.p, c);
		fail(&ps, _("unexpected '%s' after the end of the formula"), c);
		return -1;
	}
	*out = f;
	return 0;
}

void formula_free(struct formula *f)
{
	if (!f)
		return;
	formula_free(f->l);
	formula_free(f->r);
	free(f->var);
	free(f);
}

bool formula_eval(const struct formula *f, double (*value)(const char *name, void *ctx),
		  void *ctx, double *result)
{
	double l = 0, r = 0;
	if (f->l && !formula_eval(f->l, value, ctx, &l))
		return false;
	if (f->r && !formula_eval(f->r, value, ctx, &r))
		return false;
	switch (f->kind) {
	case F_NUM: *result = f->num; break;
	case F_VAR: *result = value(f->var, ctx); break;
	case F_ADD: *result = l + r; break;
	case F_SUB: *result = l - r; break;
	case F_MUL: *result = l * r; break;
	case F_NEG: *result = -l; break;
	case F_DIV:
		if (r == 0)
			return false;
		*result = l / r;
		break;
	}
	return isfinite(*result);
}

static void collect(const struct formula *f, const char **names, size_t max, size_t *n)
{
	if (!f)
		return;
	if (f->kind == F_VAR) {
		for (size_t i = 0; i < *n && i < max; i++)
			if (strcmp(names[i], f->var) == 0)
				return;
		if (*n < max)
			names[*n] = f->var;
		(*n)++;
	}
	collect(f->l, names, max, n);
	collect(f->r, names, max, n);
}

size_t formula_counters(const struct formula *f, const char **names, size_t max)
{
	size_t n = 0;
	collect(f, names, max, &n);
	return n;
}
