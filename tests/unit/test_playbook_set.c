/* A playbook per business line: the set holds every playbook once, each group finds its own. */
#include "testutil.h"

#include "calendar.h"
#include "group.h"
#include "playbook.h"
#include "setting.h"

static const char fitness_yaml[] =
	"playbook: 健身SOP\n"
	"version: \"1.0\"\n"
	"stages:\n"
	"  - {key: launch, name: 初建期, from_day: 0}\n"
	"actions:\n"
	"  - {id: workout, title: 打卡提醒, at: \"07:00\", every: day}\n";

static void store(struct db *db, const char *yaml)
{
	struct playbook *p = NULL;
	char *cause = NULL;
	if (playbook_parse(yaml, strlen(yaml), "t.yaml", &p, &cause) < 0 ||
	    playbook_store(db, p, yaml, "t.yaml", "tester", &cause) < 0)
		fail_msg("store: %s", cause);
	playbook_free(p);
}

static void import_groups(struct db *db, const char *yaml)
{
	char *cause = NULL;
	size_t n = 0;
	if (group_import_text(db, yaml, strlen(yaml), "g.yaml", false, "tester", &n, &cause) < 0)
		fail_msg("groups: %s", cause);
}

static struct group *find(struct group *gs, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(gs[i].name, name) == 0)
			return &gs[i];
	fail_msg("no group %s", name);
	return NULL;
}

/* Two lines of business: each group gets its own playbook, one without gets the default. */
static void test_each_group_its_own(void **state)
{
	struct db *db = test_db();
	const char *builtin = NULL;
	{
		struct playbook *b = NULL;
		char *cause = NULL;
		assert_int_equal(playbook_load_active(db, &b, &cause), 0);
		builtin = xstrdup(b->name);
		playbook_free(b);
	}
	store(db, fitness_yaml);
	char *yaml = xasprintf("- {name: 健身一群, platform: wecom, type: promotion, "
			       "created: 2026-01-01, playbook: 健身SOP}\n"
			       "- {name: 宝妈一群, platform: wecom, type: promotion, "
			       "created: 2026-01-01, playbook: %s}\n"
			       "- {name: 无名群, platform: wecom, type: promotion, "
			       "created: 2026-01-01}\n", builtin);
	import_groups(db, yaml);
	free(yaml);

	struct playbook_set *set = NULL;
	char *cause = NULL;
	assert_int_equal(playbook_set_load(db, &set, &cause), 0);
	assert_int_equal(set->n, 2);
	/* The newest import is the default until `playbook default` says otherwise. */
	assert_string_equal(set->fallback->name, "健身SOP");

	struct group *gs = NULL;
	size_t n = 0;
	assert_int_equal(group_list(db, &gs, &n, &cause), 0);
	assert_string_equal(playbook_set_for(set, find(gs, n, "健身一群"))->name, "健身SOP");
	assert_string_equal(playbook_set_for(set, find(gs, n, "宝妈一群"))->name, builtin);
	assert_string_equal(playbook_set_for(set, find(gs, n, "无名群"))->name, "健身SOP");
	assert_non_null(playbook_action(playbook_set_for(set, find(gs, n, "健身一群")),
					"workout"));
	assert_null(playbook_action(playbook_set_for(set, find(gs, n, "宝妈一群")), "workout"));
	assert_null(playbook_set_named(set, "没有这个"));
	playbook_set_free(set);

	/* `playbook default` moves the groups without a playbook, not the others. */
	assert_int_equal(setting_set(db, "default_playbook", builtin, "tester", &cause), 0);
	assert_int_equal(playbook_set_load(db, &set, &cause), 0);
	assert_string_equal(playbook_set_for(set, find(gs, n, "无名群"))->name, builtin);
	assert_string_equal(playbook_set_for(set, find(gs, n, "健身一群"))->name, "健身SOP");
	playbook_set_free(set);
	group_list_free(gs, n);
	free((char *)builtin);
	db_close(db);
}

/* Loading costs the same number of statements for 3 groups as for 300. */
/*
 * The month's node flags judge each group by its own playbook: a group on a line whose
 * playbook has no 双12 (健身SOP) is not "missing" content for it; the default's group is.
 */
static void test_node_flags_own_playbook(void **state)
{
	(void)state;
	struct db *db = test_db();
	char *cause = NULL;
	struct playbook *b = NULL;
	assert_int_equal(playbook_load_active(db, &b, &cause), 0);
	char *builtin = xstrdup(b->name);
	playbook_free(b);
	store(db, fitness_yaml);
	if (playbook_set_default(db, builtin, "tester", &cause) < 0)
		fail_msg("%s", cause);
	char *yaml = xasprintf("- {name: 健身一群, platform: wecom, type: promotion, "
			       "created: 2025-01-01, playbook: 健身SOP}\n"
			       "- {name: 宝妈一群, platform: wecom, type: promotion, "
			       "created: 2025-01-01, playbook: %s}\n", builtin);
	import_groups(db, yaml);
	free(yaml);
	struct playbook_set *set = NULL;
	assert_int_equal(playbook_set_load(db, &set, &cause), 0);
	struct cal_month m;
	if (calendar_month_set(db, set, 2026, 12, NULL, D("2026-12-05"), &m, &cause) < 0)
		fail_msg("%s", cause);
	bool seen = false;
	for (size_t i = 0; i < m.n_upcoming; i++)
		if (strcmp(m.upcoming[i].node->name, "双12") == 0) {
			seen = true;
			assert_true(m.upcoming[i].flagged);
			assert_non_null(strstr(m.upcoming[i].missing, "宝妈一群"));
			assert_null(strstr(m.upcoming[i].missing, "健身一群"));
		}
	assert_true(seen);
	calendar_month_free(&m);
	playbook_set_free(set);
	free(builtin);
	db_close(db);
}

static void test_loads_do_not_grow_with_groups(void **state)
{
	long counts[2];
	for (int round = 0; round < 2; round++) {
		struct db *db = test_db();
		store(db, fitness_yaml);
		int groups = round ? 300 : 3;
		char *yaml = xstrdup("");
		for (int i = 0; i < groups; i++) {
			char *next = xasprintf("%s- {name: 群%d, platform: wecom, type: promotion, "
					       "created: 2026-01-01%s}\n", yaml, i,
					       i % 2 ? ", playbook: 健身SOP" : "");
			free(yaml);
			yaml = next;
		}
		import_groups(db, yaml);
		free(yaml);
		struct playbook_set *set = NULL;
		char *cause = NULL;
		struct db_stats before = db_stats(db);
		assert_int_equal(playbook_set_load(db, &set, &cause), 0);
		counts[round] = db_stats(db).prepared - before.prepared;
		playbook_set_free(set);
		db_close(db);
	}
	assert_int_equal(counts[0], counts[1]);
}

int main(void)
{
	test_locale();
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_each_group_its_own),
		cmocka_unit_test(test_loads_do_not_grow_with_groups),
		cmocka_unit_test(test_node_flags_own_playbook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
