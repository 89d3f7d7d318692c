/*
 * The config file, $XDG_CONFIG_HOME/sopdeck/config.yaml (else ~/.config/sopdeck/...):
 * a YAML mapping of settings, each kept with the line and column it came from so
 * that `sopdeck config` can say where a value is from and errors say where.
 */
#ifndef SOPDECK_CONFIG_H
#define SOPDECK_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

enum config_key {
	CONFIG_DB,
	CONFIG_OPERATOR,
	CONFIG_TIMEZONE,
	CONFIG_LANGUAGE,
	CONFIG_THEME,
	CONFIG_WEEK_START,
	CONFIG_DEFAULT_VIEW,
	CONFIG_MOUSE,         /* true|false: the console takes mouse clicks and the wheel */
	CONFIG_N
};

struct config_value {
	char *value;   /* NULL: not in the file */
	int line, col; /* 1-based, of the value */
};

/* keys: {ACTION: KEY}, a console key binding. */
struct config_binding {
	char *action, *key;
	int line, col;
};

struct config {
	char *path;    /* the file read (or looked for) */
	bool found;    /* the file exists */
	struct config_value v[CONFIG_N];
	struct config_binding *keys;
	size_t n_keys;
};

/* The key's name in the file ("week_start"). */
const char *config_key_name(enum config_key k);
/* The value used when nothing sets it (NULL: computed elsewhere, e.g. db and operator). */
const char *config_key_default(enum config_key k);

/* The actions `keys:` may bind, and their default keys; ended by NULL. */
extern const char *const config_key_actions[];
const char *config_key_action_default(const char *action);

/* $XDG_CONFIG_HOME/sopdeck/config.yaml, else $HOME/.config/sopdeck/config.yaml. */
char *config_default_path(void);

/*
 * Read the file at path into a new config. A missing file is no error (found is
 * false, nothing set). Bad YAML, unknown keys, wrong types and bad values are
 * errors with "path:line:col: ...".
 */
int config_load(const char *path, struct config **out, char **cause);
/*
 * The same, and with follow_language (nothing else chose a language) the file's own
 * language: line chooses the language (i18n_set) of its later errors. *language gets
 * what that line named (I18N_ZH, I18N_EN) or -1, on an error too.
 */
int config_load_lang(const char *path, bool follow_language, int *language,
		     struct config **out, char **cause);
/* The same over text already read; name is used in messages. */
int config_parse(const char *text, size_t len, const char *name, struct config **out,
		 char **cause);
void config_free(struct config *cfg);

#endif
