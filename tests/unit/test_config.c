/* The config file reader: values with their positions, defaults, and errors with line:col. */
#include "testutil.h"
#include "config.h"

static struct config *parse_ok(const char *text)
{
	struct config *cfg = NULL;
	char *cause = NULL;
	if (config_parse(text, strlen(text), "c.yaml", &cfg, &cause) < 0)
		fail_msg("unexpected error: %s", cause);
	return cfg;
}

static void parse_fails(const char *text, const char *want)
{
	struct config *cfg = NULL;
	char *cause = NULL;
	assert_int_equal(config_parse(text, strlen(text), "c.yaml", &cfg, &cause), -1);
	assert_null(cfg);
	if (!strstr(cause, want))
		fail_msg("'%s' lacks '%s'", cause, want);
	free(cause);
}

static void values_and_positions(void **state)
{
	(void)state;
	struct config *cfg = parse_ok("# 设置\noperator: 林小雨\ntheme:   mono\nkeys:\n  quit: Q\n"
				      "  redraw: ^R\n");
	assert_string_equal(cfg->v[CONFIG_OPERATOR].value, "林小雨");
	assert_int_equal(cfg->v[CONFIG_OPERATOR].line, 2);
	assert_int_equal(cfg->v[CONFIG_OPERATOR].col, 11);
	assert_string_equal(cfg->v[CONFIG_THEME].value, "mono");
	assert_int_equal(cfg->v[CONFIG_THEME].col, 10);
	assert_null(cfg->v[CONFIG_DB].value);
	assert_int_equal(cfg->n_keys, 2);
	assert_string_equal(cfg->keys[1].action, "redraw");
	assert_string_equal(cfg->keys[1].key, "^R");
	assert_int_equal(cfg->keys[1].line, 6);
	config_free(cfg);
	assert_string_equal(config_key_default(CONFIG_WEEK_START), "monday");
	assert_string_equal(config_key_action_default("quit"), "q");
	assert_null(config_key_action_default("fly"));
}

static void empty_is_nothing(void **state)
{
	(void)state;
	const char *texts[] = {"", "# only a comment\n", "---\n", "~\n", "keys:\n"};
	for (size_t i = 0; i < ARRAY_LEN(texts); i++) {
		struct config *cfg = parse_ok(texts[i]);
		for (int k = 0; k < CONFIG_N; k++)
			assert_null(cfg->v[k].value);
		assert_int_equal(cfg->n_keys, 0);
		config_free(cfg);
	}
}

static void errors_say_where(void **state)
{
	(void)state;
	parse_fails("db: /a\nevry: day\n", "c.yaml:2:1: unknown key 'evry'");
	parse_fails("db: [1, 2]\n", "c.yaml:1:5: db: want a text value, not a list");
	parse_fails("language: fr\n", "c.yaml:1:11: language: 'fr' is not one of zh|en");
	parse_fails("default_view: home\n", "1:15: default_view: 'home' is not one of");
	parse_fails("timezone: /etc/x\n", "1:11: timezone:");
	parse_fails("db: 'open\n", "c.yaml:2:1: bad YAML");
	parse_fails("db: a\ndb: b\n", "c.yaml:2:1: 'db' is set twice");
	parse_fails("keys: {quit: q, quit: x}\n", "1:17: keys: 'quit' is bound twice");
	parse_fails("keys: {jump: j}\n", "1:8: keys: unknown action 'jump'");
	parse_fails("keys: {quit: F13}\n", "1:14: keys: quit: 'F13' is not a key");
	parse_fails("keys: [q]\n", "1:7: keys: want a mapping");
	parse_fails("just text\n", "1:1: want a mapping of settings");
	parse_fails("operator: \"a\\tb\"\n", "1:11: operator: control characters");
}

/* Issue 15's console settings: mouse, the Review tab, the overdue key. */
static void console_settings(void **state)
{
	(void)state;
	struct config *cfg = parse_ok("mouse: false\ndefault_view: review\n"
				      "keys: {tab_review: R, overdue: n}\n");
	assert_string_equal(cfg->v[CONFIG_MOUSE].value, "false");
	assert_int_equal(cfg->v[CONFIG_MOUSE].line, 1);
	assert_string_equal(cfg->v[CONFIG_DEFAULT_VIEW].value, "review");
	assert_int_equal(cfg->n_keys, 2);
	assert_string_equal(cfg->keys[0].action, "tab_review");
	assert_string_equal(cfg->keys[1].key, "n");
	config_free(cfg);
	assert_string_equal(config_key_default(CONFIG_MOUSE), "true");
	assert_string_equal(config_key_action_default("tab_review"), "6");
	assert_string_equal(config_key_action_default("overdue"), "!");
	cfg = parse_ok("theme: default\n");
	assert_string_equal(cfg->v[CONFIG_THEME].value, "default");
	config_free(cfg);
	parse_fails("theme: neon\n", "1:8: theme: 'neon' is not one of auto|default|light|dark|mono");
	parse_fails("mouse: yes\n", "c.yaml:1:8: mouse: 'yes' is not one of true|false");
	parse_fails("mouse: [1]\n", "1:8: mouse: want a text value");
	parse_fails("mousse: true\n", "unknown key 'mousse' (known: db, operator, timezone, "
		    "language, theme, week_start, default_view, mouse, keys)");
}

static void missing_file_is_no_error(void **state)
{
	(void)state;
	struct config *cfg = NULL;
	char *cause = NULL;
	assert_int_equal(config_load("/nonexistent/sopdeck/config.yaml", &cfg, &cause), 0);
	assert_false(cfg->found);
	assert_string_equal(cfg->path, "/nonexistent/sopdeck/config.yaml");
	config_free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(values_and_positions),
		cmocka_unit_test(empty_is_nothing),
		cmocka_unit_test(errors_say_where),
		cmocka_unit_test(console_settings),
		cmocka_unit_test(missing_file_is_no_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
