/* `sopdeck config`: every setting in effect and where it came from (flag, env, config, default). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "config.h"
#include "dates.h"
#include "db.h"
#include "i18n.h"
#include "setting.h"
#include "util.h"

/* One setting as shown: its value, the origin ("flag --db", "config FILE:3", ...), used? */
struct setting {
	const char *name;
	const char *value;
	char *origin;
	bool used;   /* does the program act on it yet */
};

/* "env SOPDECK_DB" -> "env"; the first word names the kind of source. */
static void origin_kind(const char *origin, char kind[16])
{
	size_t n = strcspn(origin, " ");
	snprintf(kind, 16, "%.*s", (int)(n < 15 ? n : 15), origin);
}

static char *config_where(const struct config *cfg, int line)
{
	return xasprintf("config %s:%d", cfg->path, line);
}

static void json_setting(struct json *j, const struct config *cfg, const struct setting *s,
			 int line)
{
	char kind[16];
	origin_kind(s->origin, kind);
	json_key(j, s->name);
	json_object(j);
	json_key(j, "value");
	json_str(j, s->value);
	json_key(j, "source");
	json_str(j, kind);
	json_key(j, "origin");
	json_str(j, s->origin);
	json_key(j, "file");
	json_str(j, strcmp(kind, "config") == 0 ? cfg->path : NULL);
	json_key(j, "line");
	if (strcmp(kind, "config") == 0)
		json_int(j, line);
	else
		json_null(j);
	json_key(j, "used");
	json_bool(j, s->used);
	json_end(j);
}

/*
 * The origin as the reader's language says it: the kind word translated, the rest (a
 * flag, a variable, a path) as it is. JSON keeps the English kind: scripts match on it.
 */
static void text_origin(const char *origin)
{
	static const char *const kinds[] = {N_("flag"),   N_("env"),       N_("config"),
					    N_("default"), N_("workspace"), N_("locale")};
	size_t n = strcspn(origin, " ");
	const char *rest = origin + n;
	for (size_t i = 0; i < sizeof kinds / sizeof *kinds; i++) {
		if (strlen(kinds[i]) == n && strncmp(origin, kinds[i], n) == 0) {
			fputs(_(kinds[i]), stdout);
			if (strcmp(rest, " (today in the workspace's time zone)") == 0)
				rest = _(" (today in the workspace's time zone)");
			out_text(stdout, rest);
			return;
		}
	}
	out_text(stdout, origin);
}

static void text_setting(const struct setting *s)
{
	out_cell(stdout, s->name, 13, " ");
	out_text(stdout, s->value);
	printf("  [");
	text_origin(s->origin);
	printf("]%s\n", s->used ? "" : "  *");
}

/*
 * The zone in effect and where it came from: $SOPDECK_TZ, else the workspace's own
 * (stored by init or on first use), else, for a workspace not made yet, the config's
 * (it will take it), else the default; cli->today becomes the day in that zone.
 * -1 after a message when the database fails.
 */
static int zone_in_effect(struct cli *cli, const struct config *cfg, char **value, char **origin)
{
	const char *env = getenv("SOPDECK_TZ");
	const struct config_value *v = &cfg->v[CONFIG_TIMEZONE];
	/* cli_open_db applies the workspace's zone and takes today in it. A database this
	   sopdeck cannot open (a newer schema, said on stderr) leaves the settings to show. */
	struct db *db = !(env && *env) && access(cli->db_path, F_OK) == 0 ? cli_open_db(cli) : NULL;
	if (db) {
		char *cause = NULL;
		const char *source = NULL;
		int rc = setting_timezone(db, value, &source, &cause);
		db_close(db);
		if (rc < 0) {
			cli_fail(cause);
			free(cause);
			return -1;
		}
		*origin = strcmp(source, "workspace") == 0 ? xasprintf("workspace %s", cli->db_path)
							   : xstrdup("default");
		return 0;
	}
	if (env && *env) {
		*value = xstrdup(env);
		*origin = xstrdup("env SOPDECK_TZ");
	} else {
		*value = xstrdup(v->value ? v->value : config_key_default(CONFIG_TIMEZONE));
		*origin = v->value ? config_where(cfg, v->line) : xstrdup("default");
	}
	char *cause = NULL;
	if (date_zone_set(*value, &cause) < 0) {
		cli_fail(cause);
		free(cause);
		free(*value);
		free(*origin);
		return -1;
	}
	if (!cli->today_fixed)
		cli->today = date_today();
	return 0;
}

int cmd_config(struct cli *cli)
{
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_unknown("config", cli->argv[i]);
	}
	const struct config *cfg = cli->config;
	/* The zone first: today is the workspace's day in it, not the server's date. */
	char *zone = NULL, *zone_origin = NULL;
	if (zone_in_effect(cli, cfg, &zone, &zone_origin) < 0)
		return EXIT_FAIL;
	char today[11];
	date_format(cli->today, today);
	struct setting s[3 + CONFIG_N];
	size_t n = 0;
	int lines[3 + CONFIG_N] = {0};
	s[n++] = (struct setting){"db", cli->db_path, xstrdup(cli->db_from), true};
	lines[0] = cfg->v[CONFIG_DB].line;
	s[n++] = (struct setting){"operator", cli->operator, xstrdup(cli->operator_from), true};
	lines[1] = cfg->v[CONFIG_OPERATOR].line;
	s[n++] = (struct setting){"today", today, xstrdup(cli->today_from), true};
	for (int k = CONFIG_TIMEZONE; k < CONFIG_N; k++) {
		const struct config_value *v = &cfg->v[k];
		/* The console applies these (tui/app.c); the others are only stored so far. */
		bool used = k == CONFIG_THEME || k == CONFIG_WEEK_START ||
			    k == CONFIG_DEFAULT_VIEW || k == CONFIG_MOUSE || k == CONFIG_LANGUAGE ||
			    k == CONFIG_TIMEZONE;
		lines[n] = v->line;
		if (k == CONFIG_MOUSE && cli->no_mouse) {
			lines[n] = 0;
			s[n++] = (struct setting){config_key_name(k), "false",
						  xstrdup("flag --no-mouse"), true};
			continue;
		}
		if (k == CONFIG_TIMEZONE) {
			if (strncmp(zone_origin, "config ", 7) != 0)
				lines[n] = 0;
			s[n++] = (struct setting){config_key_name(k), zone, zone_origin, true};
			continue;
		}
		if (k == CONFIG_LANGUAGE && cli->lang_from) {
			/* Resolved by main.c: flag, env, config, locale or default. */
			s[n++] = (struct setting){config_key_name(k), i18n_lang_name(i18n_lang()),
						  xstrdup(cli->lang_from), true};
			continue;
		}
		s[n++] = (struct setting){config_key_name(k),
					  v->value ? v->value : config_key_default(k),
					  v->value ? config_where(cfg, v->line) : xstrdup("default"),
					  used};
	}
	size_t nk = 0;
	while (config_key_actions[nk])
		nk++;
	struct setting *keys = xcalloc(nk, sizeof *keys);
	int *key_lines = xcalloc(nk, sizeof *key_lines);
	for (size_t i = 0; i < nk; i++) {
		const char *a = config_key_actions[i];
		keys[i] = (struct setting){a, config_key_action_default(a), NULL, true};
		for (size_t b = 0; b < cfg->n_keys; b++)
			if (strcmp(cfg->keys[b].action, a) == 0) {
				keys[i].value = cfg->keys[b].key;
				keys[i].origin = config_where(cfg, cfg->keys[b].line);
				key_lines[i] = cfg->keys[b].line;
			}
		if (!keys[i].origin)
			keys[i].origin = xstrdup("default");
	}

	if (json) {
		struct json j;
		json_init(&j, stdout);
		json_object(&j);
		json_key(&j, "file");
		json_str(&j, cfg->path);
		json_key(&j, "found");
		json_bool(&j, cfg->found);
		json_key(&j, "settings");
		json_object(&j);
		for (size_t i = 0; i < n; i++)
			json_setting(&j, cfg, &s[i], lines[i]);
		json_end(&j);
		json_key(&j, "keys");
		json_object(&j);
		for (size_t i = 0; i < nk; i++)
			json_setting(&j, cfg, &keys[i], key_lines[i]);
		json_end(&j);
		json_end(&j);
	} else {
		printf(_("config file   "));
		out_text(stdout, cfg->path);
		if (cfg->found)
			putchar('\n');
		else
			printf("  %s\n", _("(not found: every setting below is a default or from the "
					   "command line and environment)"));
		for (size_t i = 0; i < n; i++)
			text_setting(&s[i]);
		printf(_("keys (the console's key bindings):\n"));
		for (size_t i = 0; i < nk; i++) {
			printf("  ");
			text_setting(&keys[i]);
		}
		bool unused = false;
		for (size_t i = 0; i < n; i++)
			unused |= !s[i].used;
		for (size_t i = 0; i < nk; i++)
			unused |= !keys[i].used;
		if (unused)
			printf(_("* stored and shown, not used by the console yet\n"));
	}
	free(zone);
	for (size_t i = 0; i < n; i++)
		free(s[i].origin);
	for (size_t i = 0; i < nk; i++)
		free(keys[i].origin);
	free(keys);
	free(key_lines);
	return fflush(stdout) == 0 ? EXIT_OK : cli_fail(_("writing the settings failed"));
}
