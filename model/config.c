/* The config file: libyaml events checked key by key, every error with file:line:col. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

#include "config.h"
#include "i18n.h"
#include "util.h"
#include "yaml-check.h"

#define CONFIG_MAX_BYTES (64 * 1024)

static const char *const config_names[CONFIG_N] = {
	"db", "operator", "timezone", "language", "theme", "week_start", "default_view", "mouse",
};
static const char *const config_defaults[CONFIG_N] = {
	NULL, NULL, "Asia/Shanghai", "zh", "auto", "monday", "today", "true",
};
/* Allowed values, '|'-separated; NULL = free text checked by config_check. */
static const char *const config_choices[CONFIG_N] = {
	NULL, NULL, NULL, "zh|en", "auto|default|light|dark|mono", "monday|sunday",
	"today|calendar|library|kpi|log|review|groups", "true|false",
};

/* The console's actions and their keys today (tui/app.c and the views' help tables). */
const char *const config_key_actions[] = {
	"quit", "help", "redraw", "next_tab", "prev_tab", "tab_today", "tab_calendar",
	"tab_library", "tab_kpi", "tab_log", "tick", "open", "copy", "reload", "search",
	"tab_review", "overdue", "tab_groups", NULL,
};
static const char *const config_key_defaults[] = {
	"q", "?", "^L", "Tab", "S-Tab", "1", "2", "3", "4", "5", "Space", "Enter", "y", "r", "/",
	"6", "!", "7",
};

const char *config_key_name(enum config_key k)
{
	return config_names[k];
}

const char *config_key_default(enum config_key k)
{
	return config_defaults[k];
}

const char *config_key_action_default(const char *action)
{
	for (size_t i = 0; config_key_actions[i]; i++)
		if (strcmp(config_key_actions[i], action) == 0)
			return config_key_defaults[i];
	return NULL;
}

char *config_default_path(void)
{
	const char *x = getenv("XDG_CONFIG_HOME");
	if (x && x[0] == '/')
		return xasprintf("%s/sopdeck/config.yaml", x);
	const char *home = getenv("HOME");
	return xasprintf("%s/.config/sopdeck/config.yaml", home && *home ? home : ".");
}

void config_free(struct config *cfg)
{
	if (!cfg)
		return;
	free(cfg->path);
	for (int k = 0; k < CONFIG_N; k++)
		free(cfg->v[k].value);
	for (size_t i = 0; i < cfg->n_keys; i++) {
		free(cfg->keys[i].action);
		free(cfg->keys[i].key);
	}
	free(cfg->keys);
	free(cfg);
}

struct cfg_parser {
	yaml_parser_t p;
	yaml_event_t ev;
	const char *name;
	char **cause;
	bool follow_language; /* the file's language: line chooses the language of what follows */
	int language;         /* the language the file named, -1 before its line */
};

/* Fetch the next event; a YAML syntax error becomes file:line:col. */
static int cfg_next(struct cfg_parser *cp)
{
	yaml_event_delete(&cp->ev);
	if (yaml_parser_parse(&cp->p, &cp->ev))
		return 0;
	memset(&cp->ev, 0, sizeof cp->ev);
	const yaml_mark_t *m = &cp->p.problem_mark;
	return set_cause(cp->cause, _("%s:%zu:%zu: bad YAML: %s%s%s"), cp->name, m->line + 1,
			 m->column + 1, cp->p.problem ? yaml_problem_text(cp->p.problem) : _("syntax error"),
			 yaml_context_sep(cp->p.context),
			 cp->p.context ? yaml_problem_text(cp->p.context) : "");
}

static int cfg_fail(struct cfg_parser *cp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* An error at the current event's position. */
static int cfg_fail(struct cfg_parser *cp, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	set_cause(cp->cause, "%s:%zu:%zu: %s", cp->name, cp->ev.start_mark.line + 1,
		  cp->ev.start_mark.column + 1, msg);
	free(msg);
	return -1;
}

static const char *cfg_kind(yaml_event_type_t t)
{
	switch (t) {
	case YAML_MAPPING_START_EVENT: return _("a mapping");
	case YAML_SEQUENCE_START_EVENT: return _("a list");
	case YAML_ALIAS_EVENT: return _("an alias");
	default: return _("not a text");
	}
}

/* A plain ~, null or empty scalar is YAML's null: no value at all. */
static bool cfg_is_null(const yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return false;
	return !*v || !strcmp(v, "~") || !strcmp(v, "null") || !strcmp(v, "Null") ||
	       !strcmp(v, "NULL");
}

static bool cfg_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return true;
	return false;
}

/* The current scalar event's text, or an error naming what it got instead. */
static int cfg_scalar(struct cfg_parser *cp, const char *key, char **out)
{
	if (cp->ev.type != YAML_SCALAR_EVENT)
		return cfg_fail(cp, _("%s: want a text value, not %s"), key, cfg_kind(cp->ev.type));
	if (cfg_is_null(&cp->ev))
		return cfg_fail(cp, _("%s: needs a value"), key);
	const char *v = (const char *)cp->ev.data.scalar.value;
	if (strlen(v) != cp->ev.data.scalar.length || cfg_has_control(v))
		return cfg_fail(cp, _("%s: control characters are not allowed"), key);
	if (cp->ev.data.scalar.length > 4096)
		return cfg_fail(cp, _("%s: longer than 4096 bytes"), key);
	*out = xstrdup(v);
	return 0;
}

/* Is v one of the '|'-separated choices? */
static bool cfg_choice(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *c = choices; *c;) {
		size_t len = strcspn(c, "|");
		if (len == n && strncmp(c, v, n) == 0)
			return true;
		c += len + (c[len] == '|');
	}
	return false;
}

/* A time zone name as in the tz database: Area/City, letters, digits, _ + -. */
static bool cfg_zone_ok(const char *v)
{
	if (!*v || v[0] == '/' || strstr(v, "..") || strlen(v) > 64)
		return false;
	for (const char *s = v; *s; s++)
		if (!(((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') || (*s >= '0' && *s <= '9') ||
		      strchr("_+-/", *s)))
			return false;
	return true;
}

/* A key as the console names it: one character, ^X, F1-F12 or a named key. */
static bool cfg_key_ok(const char *v)
{
	static const char *const named[] = {"Tab", "S-Tab", "Enter", "Esc", "Space", "Backspace",
					    "Up", "Down", "Left", "Right", "Home", "End",
					    "PgUp", "PgDn"};
	size_t n = strlen(v);
	if (n == 1 && v[0] > ' ' && v[0] < 0x7f)
		return true;
	if (n == 2 && v[0] == '^' && v[1] >= 'A' && v[1] <= 'Z')
		return true;
	if ((n == 2 || n == 3) && v[0] == 'F') {
		int f = atoi(v + 1);
		return v[1] >= '1' && v[1] <= '9' && f >= 1 && f <= 12;
	}
	for (size_t i = 0; i < ARRAY_LEN(named); i++)
		if (strcmp(v, named[i]) == 0)
			return true;
	return false;
}

/* keys: a mapping of action to key, each action known and bound once. */
static int cfg_parse_keys(struct cfg_parser *cp, struct config *cfg)
{
	if (cp->ev.type != YAML_MAPPING_START_EVENT)
		return cp->ev.type == YAML_SCALAR_EVENT && cfg_is_null(&cp->ev)
			       ? 0
			       : cfg_fail(cp, _("keys: want a mapping of action: key, not %s"),
					  cp->ev.type == YAML_SCALAR_EVENT ? _("a text")
									   : cfg_kind(cp->ev.type));
	for (;;) {
		if (cfg_next(cp) < 0)
			return -1;
		if (cp->ev.type == YAML_MAPPING_END_EVENT)
			return 0;
		if (cp->ev.type != YAML_SCALAR_EVENT)
			return cfg_fail(cp, _("keys: want an action name, not %s"),
					cfg_kind(cp->ev.type));
		const char *action = (const char *)cp->ev.data.scalar.value;
		if (!config_key_action_default(action))
			return cfg_fail(cp, _("keys: unknown action '%.64s' (known: quit, "
					      "help, redraw, next_tab, prev_tab, "
					      "tab_today..tab_log, tab_review, tab_groups, tick, "
					      "open, copy, reload, search, overdue)"), action);
		for (size_t i = 0; i < cfg->n_keys; i++)
			if (strcmp(cfg->keys[i].action, action) == 0)
				return cfg_fail(cp, _("keys: '%s' is bound twice"), action);
		char *name = xstrdup(action), *key = NULL;
		if (cfg_next(cp) < 0 || cfg_scalar(cp, name, &key) < 0) {
			free(name);
			return -1;
		}
		if (!cfg_key_ok(key)) {
			cfg_fail(cp, _("keys: %s: '%.32s' is not a key (one character, ^X, F1-F12, "
				       "Tab, Enter, Esc, Space ...)"), name, key);
			free(name);
			free(key);
			return -1;
		}
		cfg->keys = xrealloc(cfg->keys, (cfg->n_keys + 1) * sizeof *cfg->keys);
		cfg->keys[cfg->n_keys++] = (struct config_binding){
			name, key, (int)cp->ev.start_mark.line + 1, (int)cp->ev.start_mark.column + 1};
	}
}

/* One top-level setting's value, checked. */
static int cfg_parse_value(struct cfg_parser *cp, struct config *cfg, int k)
{
	char *v = NULL;
	if (cfg_scalar(cp, config_names[k], &v) < 0)
		return -1;
	bool ok = true;
	const char *want = NULL;
	if (config_choices[k]) {
		ok = cfg_choice(config_choices[k], v);
		want = config_choices[k];
	} else if (k == CONFIG_TIMEZONE) {
		ok = cfg_zone_ok(v);
		want = _("a tz database name such as Asia/Shanghai");
	}
	if (!ok) {
		cfg_fail(cp, _("%s: '%.64s' is not one of %s"), config_names[k], v, want);
		free(v);
		return -1;
	}
	/* Nothing chose a language (no --lang, no $SOPDECK_LANG): the file's own line does,
	   for its later errors too. */
	if (k == CONFIG_LANGUAGE) {
		cp->language = i18n_lang_parse(v);
		if (cp->follow_language)
			i18n_set(cp->language == I18N_EN ? I18N_EN : I18N_ZH);
	}
	if (k == CONFIG_DB && v[0] == '~' && v[1] == '/') {
		const char *home = getenv("HOME");
		char *full = xasprintf("%s%s", home ? home : "", v + 1);
		free(v);
		v = full;
	}
	cfg->v[k] = (struct config_value){v, (int)cp->ev.start_mark.line + 1,
					  (int)cp->ev.start_mark.column + 1};
	return 0;
}

/* The document: nothing, a null, or one mapping of known keys, each once. */
static int cfg_parse_doc(struct cfg_parser *cp, struct config *cfg)
{
	if (cfg_next(cp) < 0 || cfg_next(cp) < 0)  /* stream start, document start */
		return -1;
	if (cp->ev.type == YAML_STREAM_END_EVENT)
		return 0;
	if (cfg_next(cp) < 0)
		return -1;
	if (cp->ev.type == YAML_SCALAR_EVENT && cfg_is_null(&cp->ev))
		goto end;
	if (cp->ev.type != YAML_MAPPING_START_EVENT)
		return cfg_fail(cp, _("want a mapping of settings (db: PATH ...), not %s"),
				cp->ev.type == YAML_SCALAR_EVENT ? _("a text")
								 : cfg_kind(cp->ev.type));
	bool seen_keys = false;
	for (;;) {
		if (cfg_next(cp) < 0)
			return -1;
		if (cp->ev.type == YAML_MAPPING_END_EVENT)
			break;
		if (cp->ev.type != YAML_SCALAR_EVENT)
			return cfg_fail(cp, _("want a setting name, not %s"),
					cfg_kind(cp->ev.type));
		const char *key = (const char *)cp->ev.data.scalar.value;
		int k = -1;
		for (int i = 0; i < CONFIG_N; i++)
			if (strcmp(key, config_names[i]) == 0)
				k = i;
		if (k < 0 && strcmp(key, "keys") != 0)
			return cfg_fail(cp, _("unknown key '%.64s' (known: db, operator, "
					      "timezone, language, theme, week_start, "
					      "default_view, mouse, keys)"), key);
		if ((k >= 0 && cfg->v[k].value) || (k < 0 && seen_keys))
			return cfg_fail(cp, _("'%s' is set twice"), key);
		if (cfg_next(cp) < 0)
			return -1;
		if (k >= 0 ? cfg_parse_value(cp, cfg, k) < 0 : cfg_parse_keys(cp, cfg) < 0)
			return -1;
		seen_keys |= k < 0;
	}
end:
	if (cfg_next(cp) < 0)  /* document end */
		return -1;
	if (cfg_next(cp) < 0)
		return -1;
	if (cp->ev.type != YAML_STREAM_END_EVENT)
		return cfg_fail(cp, _("one YAML document only"));
	return 0;
}

/* config_parse, the file's language line followed or not, what it named in *language. */
static int config_parse_lang(const char *text, size_t len, const char *name, bool follow,
			     int *language, struct config **out, char **cause)
{
	struct config *cfg = xcalloc(1, sizeof *cfg);
	cfg->path = xstrdup(name);
	cfg->found = true;
	struct cfg_parser cp = {
		.name = name, .cause = cause, .follow_language = follow, .language = -1};
	yaml_parser_initialize(&cp.p);
	yaml_parser_set_input_string(&cp.p, (const unsigned char *)text, len);
	int rc = cfg_parse_doc(&cp, cfg);
	yaml_event_delete(&cp.ev);
	yaml_parser_delete(&cp.p);
	if (language)
		*language = cp.language;
	if (rc < 0) {
		config_free(cfg);
		return -1;
	}
	*out = cfg;
	return 0;
}

int config_parse(const char *text, size_t len, const char *name, struct config **out,
		 char **cause)
{
	return config_parse_lang(text, len, name, false, NULL, out, cause);
}

int config_load(const char *path, struct config **out, char **cause)
{
	return config_load_lang(path, false, NULL, out, cause);
}

int config_load_lang(const char *path, bool follow_language, int *language,
		     struct config **out, char **cause)
{
	if (language)
		*language = -1;
	struct stat st;
	if (stat(path, &st) < 0 && errno == ENOENT) {
		struct config *cfg = xcalloc(1, sizeof *cfg);
		cfg->path = xstrdup(path);
		*out = cfg;
		return 0;
	}
	char *text;
	size_t len;
	if (read_file(path, CONFIG_MAX_BYTES, &text, &len, cause) < 0)
		return -1;
	int rc = config_parse_lang(text, len, path, follow_language, language, out, cause);
	free(text);
	return rc;
}
