/*
 * The playbook loader: YAML text to struct playbook, every rule of FORMATS.md
 * checked, every error with file:line:col. libyaml's event API builds a small
 * tree of our own, so aliases can be refused outright (no alias bombs) and the
 * events counted (no huge input); the tree is then checked section by section
 * in dependency order (counters before the metrics whose formulas use them).
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "dates.h"
#include "formula.h"
#include "i18n.h"
#include "lunar.h"
#include "playbook.h"
#include "template.h"
#include "util.h"
#include "yaml-check.h"

#define MAX_DEPTH 32              /* a playbook nests four levels; anything deeper is hostile */
#define MAX_ITEMS 1000            /* per list: lookups are linear, so bound them */
#define MAX_DAYS_BEFORE ((size_t)(sizeof(((struct pb_action *)0)->days_before) / sizeof(int)))

enum ykind { Y_SCALAR, Y_SEQ, Y_MAP };

/* One YAML node; a mapping's kids alternate key, value. */
struct ynode {
	enum ykind kind;
	char *value;       /* scalars: NUL-terminated */
	bool quoted;       /* scalar written in quotes or as a block */
	bool single_line;  /* scalar written on one line (formula columns are exact) */
	int line, col;     /* 1-based, col in characters */
	struct ynode **kids;
	size_t n, cap;
};

struct ctx {
	const char *file;
	char **cause;
	struct playbook *pb;
};

static void ynode_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		ynode_free(n->kids[i]);
	free(n->kids);
	free(n->value);
	free(n);
}

static void ynode_add(struct ynode *parent, struct ynode *kid)
{
	if (parent->n == parent->cap) {
		parent->cap = parent->cap ? parent->cap * 2 : 8;
		parent->kids = xrealloc(parent->kids, parent->cap * sizeof *parent->kids);
	}
	parent->kids[parent->n++] = kid;
}

__attribute__((format(printf, 4, 5)))
static int fail_at(struct ctx *c, int line, int col, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(c->cause, "%s:%d:%d: %s", c->file, line, col, msg);
	free(msg);
	return -1;
}

#define fail(c, node, ...) fail_at((c), (node)->line, (node)->col, __VA_ARGS__)

static const char *kind_name(const struct ynode *n)
{
	switch (n->kind) {
	case Y_SCALAR: return _("a value");
	case Y_SEQ: return _("a list");
	case Y_MAP: return _("a mapping");
	}
	return "?";
}

/* ---- YAML text to tree ---- */

static struct ynode *ynode_new(enum ykind kind, yaml_mark_t mark)
{
	struct ynode *n = xcalloc(1, sizeof *n);
	n->kind = kind;
	n->line = (int)mark.line + 1;
	n->col = (int)mark.column + 1;
	return n;
}

/* Read events into a tree: one document, no aliases, bounded events and depth. */
static int yaml_to_tree(struct ctx *c, const char *text, size_t len, struct ynode **out)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return set_cause(c->cause, _("%s: cannot start the YAML parser"), c->file);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	struct ynode *root = NULL, *stack[MAX_DEPTH];
	int depth = 0, docs = 0, rc = -1;
	long events = 0;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			yaml_mark_t m = p.problem_mark;
			if (p.error == YAML_MEMORY_ERROR)
				set_cause(c->cause, _("%s: out of memory reading YAML"), c->file);
			else
				fail_at(c, (int)m.line + 1, (int)m.column + 1,
					_("YAML syntax: %s%s%s"),
					p.problem ? yaml_problem_text(p.problem) : _("error"),
					yaml_context_sep(p.context),
					p.context ? yaml_problem_text(p.context) : "");
			goto out;
		}
		bool done = ev.type == YAML_STREAM_END_EVENT;
		struct ynode *n = NULL;
		if (++events > PLAYBOOK_MAX_EVENTS) {
			fail_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				_("playbook too large (more than %d YAML events)"),
				PLAYBOOK_MAX_EVENTS);
			yaml_event_delete(&ev);
			goto out;
		}
		switch (ev.type) {
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				fail_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
					_("a playbook is one YAML document; found a second one"));
				yaml_event_delete(&ev);
				goto out;
			}
			break;
		case YAML_ALIAS_EVENT:
			fail_at(c, (int)ev.start_mark.line + 1, (int)ev.start_mark.column + 1,
				_("YAML aliases (*%s) are not allowed in a playbook"),
				(const char *)ev.data.alias.anchor);
			yaml_event_delete(&ev);
			goto out;
		case YAML_SCALAR_EVENT:
			n = ynode_new(Y_SCALAR, ev.start_mark);
			n->value = xstrndup((const char *)ev.data.scalar.value, ev.data.scalar.length);
			if (strlen(n->value) != ev.data.scalar.length) {
				fail(c, n, _("NUL character in a value"));
				ynode_free(n);
				yaml_event_delete(&ev);
				goto out;
			}
			n->quoted = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
			n->single_line = ev.start_mark.line == ev.end_mark.line &&
					 (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
					  ev.data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
					  ev.data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE);
			break;
		case YAML_SEQUENCE_START_EVENT:
			n = ynode_new(Y_SEQ, ev.start_mark);
			break;
		case YAML_MAPPING_START_EVENT:
			n = ynode_new(Y_MAP, ev.start_mark);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (n) {
			if (depth > 0)
				ynode_add(stack[depth - 1], n);
			else
				root = n;
			if (n->kind != Y_SCALAR) {
				if (depth == MAX_DEPTH) {
					fail(c, n,
					     _("YAML nested too deeply (more than %d levels)"),
					     MAX_DEPTH);
					yaml_event_delete(&ev);
					goto out;
				}
				stack[depth++] = n;
			}
		}
		yaml_event_delete(&ev);
		if (done)
			break;
	}
	if (!root) {
		set_cause(c->cause, _("%s:1:1: the playbook is empty"), c->file);
		goto out;
	}
	*out = root;
	root = NULL;
	rc = 0;
out:
	ynode_free(root);
	yaml_parser_delete(&p);
	return rc;
}

/* ---- typed access ---- */

/* Is the scalar YAML's null (~, null or nothing)? */
static bool is_null(const struct ynode *n)
{
	return n->kind == Y_SCALAR && !n->quoted &&
	       (!*n->value || !strcmp(n->value, "~") || !strcmp(n->value, "null"));
}

/*
 * Pick the known keys of a mapping into vals (NULL when absent or null);
 * unknown and duplicate keys are errors.
 */
static int get_fields(struct ctx *c, const struct ynode *map, const char *what,
		      const char *const *names, size_t n_names, const struct ynode **vals)
{
	if (map->kind != Y_MAP)
		return fail(c, map, _("%s must be a mapping (key: value), found %s"), _(what),
			    kind_name(map));
	for (size_t i = 0; i < n_names; i++)
		vals[i] = NULL;
	for (size_t k = 0; k + 1 < map->n; k += 2) {
		const struct ynode *key = map->kids[k], *val = map->kids[k + 1];
		if (key->kind != Y_SCALAR)
			return fail(c, key, _("%s: keys must be plain words"), _(what));
		for (size_t j = 0; j < k; j += 2)
			if (!strcmp(map->kids[j]->value, key->value))
				return fail(c, key, _("duplicate key '%s' in %s"), key->value,
					    _(what));
		size_t i = 0;
		while (i < n_names && strcmp(names[i], key->value))
			i++;
		if (i == n_names) {
			struct buf b = {0};
			for (size_t j = 0; j < n_names; j++)
				buf_addf(&b, "%s%s", j ? ", " : "", names[j]);
			int rc = fail(c, key, _("unknown key '%s' in %s (known: %s)"), key->value,
				      _(what), buf_str(&b));
			buf_free(&b);
			return rc;
		}
		vals[i] = is_null(val) ? NULL : val;
	}
	return 0;
}

static int need(struct ctx *c, const struct ynode *map, const struct ynode *val, const char *key,
		const char *what)
{
	if (!val)
		return fail(c, map, _("%s has no '%s'"), _(what), key);
	return 0;
}

/* A string value: a scalar, not a list or mapping; empty only if allowed. */
static int get_str(struct ctx *c, const struct ynode *n, const char *key, bool allow_empty,
		   char **out)
{
	if (n->kind != Y_SCALAR)
		return fail(c, n, _("'%s' must be a text value, found %s"), key, kind_name(n));
	if (!allow_empty && !*n->value)
		return fail(c, n, _("'%s' is empty"), key);
	*out = xstrdup(n->value);
	return 0;
}

static int get_int(struct ctx *c, const struct ynode *n, const char *key, long lo, long hi,
		   int *out)
{
	if (n->kind != Y_SCALAR)
		return fail(c, n, _("'%s' must be a whole number, found %s"), key, kind_name(n));
	const char *s = n->value;
	char *end;
	long v = strtol(s, &end, 10);
	if (!*s || !(isdigit((unsigned char)*s) || (*s == '-' && isdigit((unsigned char)s[1]))) ||
	    *end)
		return fail(c, n, _("'%s' must be a whole number, found '%s'"), key, s);
	if (v < lo || v > hi)
		return fail(c, n, _("'%s' must be between %ld and %ld, found %ld"), key, lo, hi, v);
	*out = (int)v;
	return 0;
}

static int get_num(struct ctx *c, const struct ynode *n, const char *key, double *out)
{
	if (n->kind != Y_SCALAR)
		return fail(c, n, _("'%s' must be a number, found %s"), key, kind_name(n));
	char *end;
	double v = strtod(n->value, &end);
	if (!*n->value || *end || !isfinite(v) || isspace((unsigned char)*n->value) ||
	    isalpha((unsigned char)*n->value))
		return fail(c, n, _("'%s' must be a number, found '%s'"), key, n->value);
	*out = v;
	return 0;
}

static int need_seq(struct ctx *c, const struct ynode *n, const char *key)
{
	if (n->kind != Y_SEQ)
		return fail(c, n, _("'%s' must be a list, found %s"), key, kind_name(n));
	if (n->n > MAX_ITEMS)
		return fail(c, n, _("'%s' has more than %d entries"), key, MAX_ITEMS);
	return 0;
}

/* Keys that formulas, ids and filters refer to: letters, digits, _ and -, not starting with a digit. */
static bool is_ident(const char *s, bool dash)
{
	if (!*s || isdigit((unsigned char)*s))
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && !(dash && (*s == '-' || *s == '.')))
			return false;
	return true;
}

static int get_key(struct ctx *c, const struct ynode *n, const char *key, bool dash, char **out)
{
	if (get_str(c, n, key, false, out) < 0)
		return -1;
	if (!is_ident(*out, dash))
		return fail(c, n, _("'%s' must be a word of letters, digits%s and _ (found '%s')"),
			    key, dash ? ", -, ." : "", *out);
	return 0;
}

/* A list of text values into a new array. */
static int get_str_list(struct ctx *c, const struct ynode *n, const char *key, char ***out,
			size_t *n_out)
{
	if (need_seq(c, n, key) < 0)
		return -1;
	*out = xcalloc(n->n ? n->n : 1, sizeof **out);
	*n_out = 0;
	for (size_t i = 0; i < n->n; i++) {
		if (get_str(c, n->kids[i], key, false, &(*out)[i]) < 0)
			return -1;
		(*n_out)++;
		for (size_t j = 0; j < i; j++)
			if (!strcmp((*out)[j], (*out)[i]))
				return fail(c, n->kids[i], _("'%s' lists '%s' twice"), key,
					    (*out)[i]);
	}
	return 0;
}

/* ---- sections ---- */

static int parse_categories(struct ctx *c, const struct ynode *seq)
{
	static const char *const names[] = {"key", "name", "share"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "categories") < 0)
		return -1;
	pb->categories = xcalloc(seq->n + 1, sizeof *pb->categories);
	int sum = 0;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[3];
		struct pb_category *cat = &pb->categories[i];
		if (get_fields(c, m, N_("category"), names, 3, v) < 0 ||
		    need(c, m, v[0], "key", N_("category")) < 0 ||
		    need(c, m, v[1], "name", N_("category")) < 0 ||
		    need(c, m, v[2], "share", N_("category")) < 0)
			return -1;
		pb->n_categories++;
		if (get_key(c, v[0], "key", true, &cat->key) < 0 ||
		    get_str(c, v[1], "name", false, &cat->name) < 0 ||
		    get_int(c, v[2], "share", 0, 100, &cat->share) < 0)
			return -1;
		for (size_t j = 0; j < i; j++) {
			const struct pb_category *o = &pb->categories[j];
			if (!strcmp(o->key, cat->key) || !strcmp(o->name, cat->key))
				return fail(c, v[0], _("duplicate category '%s'"), cat->key);
			if (!strcmp(o->name, cat->name) || !strcmp(o->key, cat->name))
				return fail(c, v[1], _("duplicate category '%s'"), cat->name);
		}
		sum += cat->share;
	}
	if (seq->n && sum != 100)
		return fail(c, seq, _("category shares add up to %d, not 100"), sum);
	return 0;
}

static int parse_counters(struct ctx *c, const struct ynode *seq)
{
	static const char *const names[] = {"key", "aliases"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "counters") < 0)
		return -1;
	pb->counters = xcalloc(seq->n + 1, sizeof *pb->counters);
	size_t n_aliases = 0;
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[2];
		struct pb_counter *ct = &pb->counters[i];
		if (get_fields(c, m, N_("counter"), names, 2, v) < 0 ||
		    need(c, m, v[0], "key", N_("counter")) < 0)
			return -1;
		pb->n_counters++;
		if (get_key(c, v[0], "key", false, &ct->key) < 0)
			return -1;
		if (playbook_counter(pb, ct->key) != ct)
			return fail(c, v[0], _("duplicate counter '%s'"), ct->key);
		if (v[1] && get_str_list(c, v[1], "aliases", &ct->aliases, &ct->n_aliases) < 0)
			return -1;
		/* Each alias is checked against all before it: bound the total, not just the list. */
		n_aliases += ct->n_aliases;
		if (n_aliases > MAX_ITEMS)
			return fail(c, v[1], _("more than %d counter aliases in all"), MAX_ITEMS);
		for (size_t a = 0; a < ct->n_aliases; a++)
			if (playbook_counter(pb, ct->aliases[a]) != ct)
				return fail(c, v[1]->kids[a],
					    _("alias '%s' already names counter '%s'"),
					    ct->aliases[a], playbook_counter(pb, ct->aliases[a])->key);
	}
	return 0;
}

static bool counter_known(const char *name, void *ctx)
{
	const struct playbook *pb = ctx;
	for (size_t i = 0; i < pb->n_counters; i++)
		if (!strcmp(pb->counters[i].key, name))
			return true;
	return false;
}

/* Parse a metric's formula; errors point at the column inside the scalar when it is exact. */
static int parse_formula(struct ctx *c, const struct ynode *n, struct pb_metric *m)
{
	int col = 0;
	char *why = NULL;
	if (formula_parse(m->formula_text, counter_known, c->pb, &m->formula, &col, &why) == 0) {
		/* Sums keep a fixed table of a formula's counters: more is refused, not dropped. */
		const char *names[FORMULA_MAX_COUNTERS + 1];
		if (formula_counters(m->formula, names, ARRAY_LEN(names)) <= FORMULA_MAX_COUNTERS)
			return 0;
		return fail_at(c, n->line, n->col, _("formula names more than %d counters"),
			       FORMULA_MAX_COUNTERS);
	}
	int at = n->col;
	if (n->single_line && col > 0)
		at = n->col + (n->quoted ? 1 : 0) + col - 1;
	fail_at(c, n->line, at, "%s", why ? why : _("bad formula"));
	free(why);
	return -1;
}

static int parse_unit(struct ctx *c, const struct ynode *n, enum metric_unit *out)
{
	static const enum metric_unit units[] = {UNIT_PERCENT, UNIT_CURRENCY, UNIT_COUNT,
						 UNIT_RATIO};
	if (n->kind == Y_SCALAR)
		for (size_t i = 0; i < ARRAY_LEN(units); i++)
			if (!strcmp(n->value, metric_unit_name(units[i]))) {
				*out = units[i];
				return 0;
			}
	return fail(c, n, _("'unit' must be percent, currency, count or ratio, found '%s'"),
		    n->kind == Y_SCALAR ? n->value : kind_name(n));
}

static int parse_metrics(struct ctx *c, const struct ynode *seq)
{
	static const char *const names[] = {"key",	  "name",	"formula", "unit",
					    "warn_below", "warn_above", "advice", "name_en",
					    "advice_en"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "metrics") < 0)
		return -1;
	pb->metrics = xcalloc(seq->n + 1, sizeof *pb->metrics);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[9];
		struct pb_metric *mt = &pb->metrics[i];
		if (get_fields(c, m, N_("metric"), names, 9, v) < 0 ||
		    need(c, m, v[0], "key", N_("metric")) < 0 ||
		    need(c, m, v[1], "name", N_("metric")) < 0 ||
		    need(c, m, v[2], "formula", N_("metric")) < 0 ||
		    need(c, m, v[3], "unit", N_("metric")) < 0)
			return -1;
		pb->n_metrics++;
		if (get_key(c, v[0], "key", false, &mt->key) < 0)
			return -1;
		if (playbook_metric(pb, mt->key) != mt)
			return fail(c, v[0], _("duplicate metric '%s'"), mt->key);
		if (get_str(c, v[1], "name", false, &mt->name) < 0 ||
		    get_str(c, v[2], "formula", false, &mt->formula_text) < 0 ||
		    parse_formula(c, v[2], mt) < 0 || parse_unit(c, v[3], &mt->unit) < 0)
			return -1;
		if (v[4]) {
			if (get_num(c, v[4], "warn_below", &mt->warn_below) < 0)
				return -1;
			mt->has_warn_below = true;
		}
		if (v[5]) {
			if (get_num(c, v[5], "warn_above", &mt->warn_above) < 0)
				return -1;
			mt->has_warn_above = true;
		}
		if (mt->has_warn_below && mt->has_warn_above && mt->warn_below > mt->warn_above)
			return fail(c, v[4], _("'warn_below' (%g) is above 'warn_above' (%g)"),
				    mt->warn_below, mt->warn_above);
		if (v[6] ? get_str(c, v[6], "advice", true, &mt->advice) < 0
			 : (mt->advice = xstrdup(""), 0))
			return -1;
		/* The English the console shows in English (issue 15); optional. */
		if ((v[7] && get_str(c, v[7], "name_en", false, &mt->name_en) < 0) ||
		    (v[8] && get_str(c, v[8], "advice_en", false, &mt->advice_en) < 0))
			return -1;
	}
	return 0;
}

static int parse_stages(struct ctx *c, const struct ynode *seq)
{
	static const char *const names[] = {"key",	"name",	   "from_day",
					    "to_day", "metrics", "name_en"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "stages") < 0)
		return -1;
	pb->stages = xcalloc(seq->n + 1, sizeof *pb->stages);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[6];
		struct pb_stage *st = &pb->stages[i];
		if (get_fields(c, m, N_("stage"), names, 6, v) < 0 ||
		    need(c, m, v[0], "key", N_("stage")) < 0 ||
		    need(c, m, v[1], "name", N_("stage")) < 0 ||
		    need(c, m, v[2], "from_day", N_("stage")) < 0)
			return -1;
		pb->n_stages++;
		st->to_day = -1;
		if (get_key(c, v[0], "key", true, &st->key) < 0)
			return -1;
		if (playbook_stage(pb, st->key) != st)
			return fail(c, v[0], _("duplicate stage '%s'"), st->key);
		if (get_str(c, v[1], "name", false, &st->name) < 0 ||
		    get_int(c, v[2], "from_day", 0, 100000, &st->from_day) < 0)
			return -1;
		/* The English name the interface shows in English (issue 15); optional. */
		if (v[5] && get_str(c, v[5], "name_en", false, &st->name_en) < 0)
			return -1;
		if (v[3]) {
			if (get_int(c, v[3], "to_day", 1, 100000, &st->to_day) < 0)
				return -1;
			if (st->to_day <= st->from_day)
				return fail(c, v[3], _("'to_day' (%d) must be "
						       "after 'from_day' (%d)"),
					    st->to_day, st->from_day);
		}
		if (v[4]) {
			if (get_str_list(c, v[4], "metrics", &st->metrics, &st->n_metrics) < 0)
				return -1;
			for (size_t k = 0; k < st->n_metrics; k++)
				if (!playbook_metric(pb, st->metrics[k]))
					return fail(c, v[4]->kids[k], _("unknown metric '%s'"),
						    st->metrics[k]);
		}
		/* Stages are [from_day, to_day); an open end reaches forever. */
		for (size_t j = 0; j < i; j++) {
			const struct pb_stage *o = &pb->stages[j];
			bool apart = (st->to_day >= 0 && st->to_day <= o->from_day) ||
				     (o->to_day >= 0 && o->to_day <= st->from_day);
			if (!apart) {
				char a[16], b[16];
				snprintf(a, sizeof a, "%d", st->to_day);
				snprintf(b, sizeof b, "%d", o->to_day);
				return fail(c, m, _("stage '%s' (days %d-%s) overlaps "
						    "stage '%s' (days %d-%s)"),
					    st->key, st->from_day, st->to_day < 0 ? "" : a, o->key,
					    o->from_day, o->to_day < 0 ? "" : b);
			}
		}
	}
	return 0;
}

/* Placeholders a template may use; template_fill leaves others as written, so they are typos. */
static const char *const template_vars[] = {"group", "date",  "node",	  "days",    "owner",
					    "positioning", "stage", "operator", "title", "time",
					    "weekday", "date_iso"};

/* Is the placeholder's name one of template_vars? */
static bool template_var_known(const struct template_ph *ph)
{
	for (size_t i = 0; i < ARRAY_LEN(template_vars); i++)
		if (strlen(template_vars[i]) == ph->name_len &&
		    !strncmp(template_vars[i], ph->name, ph->name_len))
			return true;
	return false;
}

static int check_template(struct ctx *c, const struct ynode *n, const char *body)
{
	size_t pos = 0;
	struct template_ph ph;
	int r;
	while ((r = template_next(body, &pos, &ph)) > 0) {
		if (!template_var_known(&ph)) {
			struct buf b = {0};
			for (size_t j = 0; j < ARRAY_LEN(template_vars); j++)
				buf_addf(&b, "%s{%s}", j ? " " : "", template_vars[j]);
			int rc = fail(c, n, _("unknown placeholder '%.*s' in template (known: %s)"),
				      (int)(pos - ph.offset), body + ph.offset, buf_str(&b));
			buf_free(&b);
			return rc;
		}
	}
	if (r < 0)
		return fail(c, n, _("template has '{' without '}' (write {{ for a brace)"));
	return 0;
}

/* Does every group age from day 0 on fall in some stage (so {stage} is never empty)? */
static bool stages_cover_all(const struct playbook *pb)
{
	int cur = 0;
	for (;;) {
		const struct pb_stage *st = playbook_stage_for_age(pb, cur);
		if (!st)
			return false;
		if (st->to_day < 0)
			return true;
		cur = st->to_day;
	}
}

/*
 * Why placeholder name can be empty when action a fills its template, or NULL
 * when it never is: an operator must never copy a raw {placeholder} to customers.
 */
static const char *placeholder_empty_why(const struct playbook *pb, const struct pb_action *a,
					 const char *name, size_t len)
{
#define IS(s) (len == strlen(s) && !strncmp(name, s, len))
	if ((IS("node") || IS("days")) && !a->before_node)
		return _("the action does not count down to a node");
	if (IS("time") && a->at < 0)
		return _("the action has no 'at' time");
	if (IS("owner"))
		return _("a group may have no owner");
	if (IS("positioning"))
		return _("a group may have no positioning");
	if (IS("stage") && !a->n_stages && !stages_cover_all(pb))
		return _("a group's age may fall outside every stage");
	return NULL;
#undef IS
}

int playbook_check_text(const struct playbook *pb, const struct pb_action *a, const char *body,
			char **cause)
{
	size_t pos = 0;
	struct template_ph ph;
	int r;
	while ((r = template_next(body, &pos, &ph)) > 0) {
		if (!template_var_known(&ph))
			return set_cause(cause, _("unknown placeholder '%.*s' (known: {group} {date} "
						  "{weekday} {date_iso} {time} {title} {operator} "
						  "{owner} {positioning} {stage} {node} {days})"),
					 (int)(pos - ph.offset), body + ph.offset);
		const char *why = ph.has_default ? NULL
			: placeholder_empty_why(pb, a, ph.name, ph.name_len);
		if (why)
			return set_cause(cause, _("{%.*s} is empty for action '%s' (%s): say what to "
						  "write instead, e.g. {%.*s|今日}"),
					 (int)ph.name_len, ph.name, a->id, why, (int)ph.name_len,
					 ph.name);
	}
	if (r < 0)
		return set_cause(cause, _("'{' without '}' (write {{ for a brace)"));
	return 0;
}

/* Refuse an action whose template would put out an empty placeholder without a default. */
static int check_action_template(struct ctx *c, const struct ynode *n, const struct pb_action *a)
{
	const struct pb_template *t = playbook_template(c->pb, a->template_key);
	size_t pos = 0;
	struct template_ph ph;
	while (template_next(t->body, &pos, &ph) > 0) {
		const char *why = ph.has_default ? NULL
			: placeholder_empty_why(c->pb, a, ph.name, ph.name_len);
		if (why)
			return fail(c, n, _("template '%s' writes {%.*s}, which is empty "
					    "for action '%s' (%s): say what to write "
					    "instead, e.g. {%.*s|今日}"),
				    t->key, (int)ph.name_len, ph.name, a->id, why,
				    (int)ph.name_len, ph.name);
	}
	return 0;
}

static int parse_templates(struct ctx *c, const struct ynode *map)
{
	struct playbook *pb = c->pb;
	if (map->kind != Y_MAP)
		return fail(c, map, _("'templates' must be a mapping (key: text), found %s"),
			    kind_name(map));
	if (map->n / 2 > MAX_ITEMS)
		return fail(c, map, _("'templates' has more than %d entries"), MAX_ITEMS);
	pb->templates = xcalloc(map->n / 2 + 1, sizeof *pb->templates);
	for (size_t k = 0; k + 1 < map->n; k += 2) {
		const struct ynode *key = map->kids[k], *val = map->kids[k + 1];
		struct pb_template *t = &pb->templates[pb->n_templates++];
		if (get_key(c, key, "template key", true, &t->key) < 0)
			return -1;
		if (playbook_template(pb, t->key) != t)
			return fail(c, key, _("duplicate template '%s'"), t->key);
		if (get_str(c, val, t->key, false, &t->body) < 0 || check_template(c, val, t->body) < 0)
			return -1;
	}
	return 0;
}

/*
 * lunar: "MM-DD" (month 1..12 of the Chinese calendar, day 1..30; a day 30 in
 * a 29-day month is its last day) and offset: days from it, -30..30.
 */
static int parse_lunar(struct ctx *c, const struct ynode *n, const struct ynode *off,
		       struct pb_node *nd)
{
	const char *s = n->kind == Y_SCALAR ? n->value : "";
	int mo = 0, d = 0, used = 0;
	if (sscanf(s, "%2d-%2d%n", &mo, &d, &used) != 2 || used != 5 || s[used] || mo < 1 ||
	    mo > 12 || d < 1 || d > 30)
		return fail(c, n, _("'lunar' must be \"MM-DD\" of the Chinese calendar (month "
				    "01-12, day 01-30; 中秋 is \"08-15\"), found '%s'"),
			    n->kind == Y_SCALAR ? s : kind_name(n));
	char *why = NULL;
	if (lunar_ready(&why) < 0) {
		fail(c, n, "%s", why);
		free(why);
		return -1;
	}
	nd->lunar_month = mo;
	nd->lunar_day = d;
	if (off && get_int(c, off, "offset", -30, 30, &nd->offset) < 0)
		return -1;
	return 0;
}

static int parse_nodes(struct ctx *c, const struct ynode *seq)
{
	static const char *const names[] = {"name",	 "date", "dates", "monthly",
					    "lead_days", "lunar", "offset"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "nodes") < 0)
		return -1;
	pb->nodes = xcalloc(seq->n + 1, sizeof *pb->nodes);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[7];
		struct pb_node *nd = &pb->nodes[i];
		if (get_fields(c, m, N_("node"), names, 7, v) < 0 ||
		    need(c, m, v[0], "name", N_("node")) < 0)
			return -1;
		pb->n_nodes++;
		nd->lead_days = 7;
		if (get_str(c, v[0], "name", false, &nd->name) < 0)
			return -1;
		if (playbook_node(pb, nd->name) != nd)
			return fail(c, v[0], _("duplicate node '%s'"), nd->name);
		int kinds = !!v[1] + !!v[2] + !!v[3] + !!v[5];
		if (kinds != 1)
			return fail(c, m, _("node '%s' needs exactly one of date (MM-DD, yearly), "
					    "dates (a list of YYYY-MM-DD), monthly (day of month) "
					    "or lunar (MM-DD of the Chinese calendar)"),
				    nd->name);
		if (v[5] && parse_lunar(c, v[5], v[6], nd) < 0)
			return -1;
		if (v[6] && !v[5])
			return fail(c, v[6], _("'offset' is for lunar nodes (除夕: lunar "
					       "\"01-01\", offset -1); node '%s' has none"),
				    nd->name);
		if (v[1]) {
			const char *s = v[1]->kind == Y_SCALAR ? v[1]->value : "";
			int mo = 0, d = 0, used = 0;
			if (sscanf(s, "%2d-%2d%n", &mo, &d, &used) != 2 || used != 5 || s[used] ||
			    !date_valid_ymd(2000, mo, d))
				return fail(c, v[1], _("'date' must be \"MM-DD\" (a "
						       "yearly date), found '%s'"),
					    v[1]->kind == Y_SCALAR ? s : kind_name(v[1]));
			nd->month = mo;
			nd->day = d;
		}
		if (v[2]) {
			if (need_seq(c, v[2], "dates") < 0)
				return -1;
			nd->dates = xcalloc(v[2]->n + 1, sizeof *nd->dates);
			for (size_t k = 0; k < v[2]->n; k++) {
				const struct ynode *dn = v[2]->kids[k];
				int day = dn->kind == Y_SCALAR ? date_parse(dn->value) : DATE_INVALID;
				if (day == DATE_INVALID)
					return fail(c, dn,
						    _("'dates' needs YYYY-MM-DD dates, found '%s'"),
						    dn->kind == Y_SCALAR ? dn->value : kind_name(dn));
				for (size_t j = 0; j < nd->n_dates; j++)
					if (nd->dates[j] == day)
						return fail(c, dn, _("date %s listed twice"),
							    dn->value);
				/* Insert sorted. */
				size_t j = nd->n_dates++;
				while (j > 0 && nd->dates[j - 1] > day) {
					nd->dates[j] = nd->dates[j - 1];
					j--;
				}
				nd->dates[j] = day;
			}
			if (!nd->n_dates)
				return fail(c, v[2], _("'dates' is an empty list"));
		}
		if (v[3] && get_int(c, v[3], "monthly", 1, 31, &nd->monthly_day) < 0)
			return -1;
		if (v[4] && get_int(c, v[4], "lead_days", 0, 366, &nd->lead_days) < 0)
			return -1;
	}
	return 0;
}

static const char *const weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

static int weekday_bit(const char *s)
{
	for (int i = 0; i < 7; i++)
		if (!strcmp(s, weekday_names[i]))
			return i;
	return -1;
}

/* every: day | weekday | mon..sun | [mon, wed, ...] | month-start | month-end | month-day N */
static int parse_every(struct ctx *c, const struct ynode *n, struct pb_action *a)
{
	static const char *const help = N_("day, weekday, mon..sun, a list of mon..sun, "
					   "month-start, month-end or \"month-day N\"");
	if (n->kind == Y_SEQ) {
		if (!n->n)
			return fail(c, n, _("'every' is an empty list; expected %s"), _(help));
		a->every = EVERY_WEEKDAYS;
		for (size_t i = 0; i < n->n; i++) {
			const struct ynode *k = n->kids[i];
			int bit = k->kind == Y_SCALAR ? weekday_bit(k->value) : -1;
			if (bit < 0)
				return fail(c, k, _("'every' lists weekdays mon..sun; found '%s'"),
					    k->kind == Y_SCALAR ? k->value : kind_name(k));
			if (a->weekdays & (1u << bit))
				return fail(c, k, _("'every' lists '%s' twice"), k->value);
			a->weekdays |= 1u << bit;
		}
		return 0;
	}
	if (n->kind != Y_SCALAR)
		return fail(c, n, _("'every' must be %s; found %s"), _(help), kind_name(n));
	const char *s = n->value;
	int bit = weekday_bit(s), d = 0, used = 0;
	if (!strcmp(s, "day")) {
		a->every = EVERY_WEEKDAYS;
		a->weekdays = 0x7F;
	} else if (!strcmp(s, "weekday")) {
		a->every = EVERY_WEEKDAYS;
		a->weekdays = 0x1F;
	} else if (bit >= 0) {
		a->every = EVERY_WEEKDAYS;
		a->weekdays = 1u << bit;
	} else if (!strcmp(s, "month-start")) {
		a->every = EVERY_MONTH_START;
	} else if (!strcmp(s, "month-end")) {
		a->every = EVERY_MONTH_END;
	} else if (!strncmp(s, "month-day ", 10) && sscanf(s + 10, "%d%n", &d, &used) == 1 &&
		   !s[10 + used] && isdigit((unsigned char)s[10])) {
		if (d < 1 || d > 31)
			return fail(c, n, _("'every: month-day N' needs N from 1 to 31, found %d"),
				    d);
		a->every = EVERY_MONTH_DAY;
		a->month_day = d;
	} else {
		return fail(c, n, _("bad 'every' value '%s'; expected %s"), s, _(help));
	}
	return 0;
}

static int parse_group_types(struct ctx *c, const struct ynode *n, unsigned *out)
{
	static const char *const keys[] = {"promotion", "segmented", "service"};
	static const char *const zh[] = {"群发推广型", "精细化运营型", "客户服务型"};
	if (need_seq(c, n, "group_types") < 0)
		return -1;
	for (size_t i = 0; i < n->n; i++) {
		const struct ynode *k = n->kids[i];
		int t = -1;
		for (int j = 0; j < GROUP_TYPE_COUNT && k->kind == Y_SCALAR; j++)
			if (!strcmp(k->value, keys[j]) || !strcmp(k->value, zh[j]))
				t = j;
		if (t < 0)
			return fail(c, k, _("unknown group type '%s' (promotion 群发推广型, "
					    "segmented 精细化运营型, service 客户服务型)"),
				    k->kind == Y_SCALAR ? k->value : kind_name(k));
		*out |= 1u << t;
	}
	return 0;
}

static int parse_days_before(struct ctx *c, const struct ynode *n, struct pb_action *a)
{
	const struct ynode *one[1] = {n};
	const struct ynode *const *items = one;
	size_t count = 1;
	if (n->kind == Y_SEQ) {
		items = (const struct ynode *const *)n->kids;
		count = n->n;
		if (!count)
			return fail(c, n, _("'days_before' is an empty list"));
		if (count > MAX_DAYS_BEFORE)
			return fail(c, n, _("'days_before' lists more than %zu days"),
				    MAX_DAYS_BEFORE);
	}
	for (size_t i = 0; i < count; i++) {
		int d;
		if (get_int(c, items[i], "days_before", 0, 366, &d) < 0)
			return -1;
		for (size_t j = 0; j < a->n_days_before; j++)
			if (a->days_before[j] == d)
				return fail(c, items[i], _("'days_before' lists %d twice"), d);
		a->days_before[a->n_days_before++] = d;
	}
	return 0;
}

static int parse_actions(struct ctx *c, const struct ynode *seq)
{
	enum { ID, TITLE, AT, EVERY, GROUP_DAY, NODE, DAYS, CAT, TPL, STAGES, TYPES, TITLE_EN,
	       N_FIELDS };
	static const char *const names[] = {"id",	   "title",	  "at",	      "every",
					    "on_group_day", "before_node", "days_before", "category",
					    "template",	   "stages",	  "group_types", "title_en"};
	struct playbook *pb = c->pb;
	if (need_seq(c, seq, "actions") < 0)
		return -1;
	pb->actions = xcalloc(seq->n + 1, sizeof *pb->actions);
	for (size_t i = 0; i < seq->n; i++) {
		const struct ynode *m = seq->kids[i], *v[N_FIELDS];
		struct pb_action *a = &pb->actions[i];
		if (get_fields(c, m, N_("action"), names, N_FIELDS, v) < 0 ||
		    need(c, m, v[ID], "id", N_("action")) < 0 ||
		    need(c, m, v[TITLE], "title", N_("action")) < 0)
			return -1;
		pb->n_actions++;
		a->at = -1;
		if (get_key(c, v[ID], "id", true, &a->id) < 0)
			return -1;
		if (playbook_action(pb, a->id) != a)
			return fail(c, v[ID], _("duplicate action id '%s'"), a->id);
		/* Ids are typed on the command line ("3:morning") and kept in fixed buffers. */
		if (strlen(a->id) > PLAYBOOK_MAX_ID)
			return fail(c, v[ID], _("action id '%.20s…' is longer than %d characters"),
				    a->id, PLAYBOOK_MAX_ID);
		if (get_str(c, v[TITLE], "title", false, &a->title) < 0)
			return -1;
		/* The English title the console shows in English (issue 15); optional. */
		if (v[TITLE_EN] && get_str(c, v[TITLE_EN], "title_en", false, &a->title_en) < 0)
			return -1;
		if (v[AT]) {
			a->at = v[AT]->kind == Y_SCALAR ? time_parse_hhmm(v[AT]->value) : -1;
			if (a->at < 0)
				return fail(c, v[AT], _("'at' must be a time \"HH:MM\" "
							"(00:00-23:59), found '%s'"),
					    v[AT]->kind == Y_SCALAR ? v[AT]->value
								    : kind_name(v[AT]));
		}
		int kinds = !!v[EVERY] + !!v[GROUP_DAY] + !!v[NODE];
		if (kinds != 1)
			return fail(c, m, _("action '%s' needs exactly one of 'every', "
					    "'on_group_day' or 'before_node'"),
				    a->id);
		if (v[EVERY] && parse_every(c, v[EVERY], a) < 0)
			return -1;
		if (v[GROUP_DAY] && get_int(c, v[GROUP_DAY], "on_group_day", 1, 100000,
					    &a->group_day) < 0)
			return -1;
		if (v[NODE]) {
			if (get_str(c, v[NODE], "before_node", false, &a->before_node) < 0)
				return -1;
			if (!playbook_node(pb, a->before_node))
				return fail(c, v[NODE], _("unknown node '%s' in 'before_node'"),
					    a->before_node);
			if (v[DAYS]) {
				if (parse_days_before(c, v[DAYS], a) < 0)
					return -1;
			} else {
				a->n_days_before = 1; /* on the node's day itself */
			}
		} else if (v[DAYS]) {
			return fail(c, v[DAYS], _("'days_before' needs 'before_node'"));
		}
		if (v[CAT]) {
			if (get_str(c, v[CAT], "category", false, &a->category) < 0)
				return -1;
			const struct pb_category *cat = playbook_category(pb, a->category);
			if (!cat)
				return fail(c, v[CAT], _("unknown category '%s'"), a->category);
			/* Stored by key, whether written as key or Chinese name. */
			free(a->category);
			a->category = xstrdup(cat->key);
		}
		if (v[TPL]) {
			if (get_str(c, v[TPL], "template", false, &a->template_key) < 0)
				return -1;
			if (!playbook_template(pb, a->template_key))
				return fail(c, v[TPL], _("unknown template '%s'"), a->template_key);
		}
		if (v[STAGES]) {
			if (get_str_list(c, v[STAGES], "stages", &a->stages, &a->n_stages) < 0)
				return -1;
			for (size_t k = 0; k < a->n_stages; k++) {
				const struct pb_stage *st = playbook_stage(pb, a->stages[k]);
				if (!st)
					return fail(c, v[STAGES]->kids[k], _("unknown stage '%s'"),
						    a->stages[k]);
			}
		}
		if (v[TYPES] && parse_group_types(c, v[TYPES], &a->group_types) < 0)
			return -1;
		if (v[TPL] && check_action_template(c, v[TPL], a) < 0)
			return -1;
	}
	return 0;
}

/* Check the whole tree into c->pb, sections in dependency order. */
static int parse_root(struct ctx *c, const struct ynode *root)
{
	enum { NAME, VERSION, NOTE, CATS, COUNTERS, METRICS, STAGES, ACTIONS, NODES, TEMPLATES, N };
	static const char *const names[] = {"playbook", "version", "note",    "categories",
					    "counters", "metrics", "stages",  "actions",
					    "nodes",	"templates"};
	const struct ynode *v[N];
	struct playbook *pb = c->pb;
	if (get_fields(c, root, N_("the playbook"), names, N, v) < 0 ||
	    need(c, root, v[NAME], "playbook", N_("the playbook")) < 0 ||
	    get_str(c, v[NAME], "playbook", false, &pb->name) < 0)
		return -1;
	if (v[VERSION] ? get_str(c, v[VERSION], "version", false, &pb->version) < 0
		       : (pb->version = xstrdup(""), 0))
		return -1;
	if (v[NOTE] ? get_str(c, v[NOTE], "note", true, &pb->note) < 0
		    : (pb->note = xstrdup(""), 0))
		return -1;
	if ((v[CATS] && parse_categories(c, v[CATS]) < 0) ||
	    (v[COUNTERS] && parse_counters(c, v[COUNTERS]) < 0) ||
	    (v[METRICS] && parse_metrics(c, v[METRICS]) < 0) ||
	    (v[STAGES] && parse_stages(c, v[STAGES]) < 0) ||
	    (v[TEMPLATES] && parse_templates(c, v[TEMPLATES]) < 0) ||
	    (v[NODES] && parse_nodes(c, v[NODES]) < 0) ||
	    (v[ACTIONS] && parse_actions(c, v[ACTIONS]) < 0))
		return -1;
	return 0;
}

int playbook_parse(const char *text, size_t len, const char *filename, struct playbook **out,
		   char **cause)
{
	struct ctx c = {filename, cause, NULL};
	if (len > PLAYBOOK_MAX_BYTES)
		return set_cause(cause, _("%s: playbook is larger than the limit of %u bytes"),
				 filename, PLAYBOOK_MAX_BYTES);
	struct ynode *root;
	if (yaml_to_tree(&c, text, len, &root) < 0)
		return -1;
	c.pb = xcalloc(1, sizeof *c.pb);
	int rc = parse_root(&c, root);
	ynode_free(root);
	if (rc < 0) {
		playbook_free(c.pb);
		return -1;
	}
	*out = c.pb;
	return 0;
}

int playbook_parse_file(const char *path, struct playbook **out, char **cause)
{
	char *text;
	size_t len;
	if (read_file(path, PLAYBOOK_MAX_BYTES, &text, &len, cause) < 0)
		return -1;
	int rc = playbook_parse(text, len, path, out, cause);
	free(text);
	return rc;
}
