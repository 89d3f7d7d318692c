/* Shared by the cmocka unit tests: includes in the order cmocka needs, and small helpers. */
#ifndef SOPDECK_TESTUTIL_H
#define SOPDECK_TESTUTIL_H

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dates.h"
#include "db.h"
#include "group.h"
#include "i18n.h"
#include "playbook.h"
#include "util.h"
#include "workspace.h"

/* Widths need a UTF-8 LC_CTYPE. */
static inline void test_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
}

/*
 * The model's messages come in the interface's language, Chinese unless chosen; the
 * unit tests compare their English, so every test binary starts in English (before
 * main). A test of the Chinese sets it with i18n_set and sets English back.
 */
__attribute__((constructor, used)) static void test_english(void)
{
	i18n_set(I18N_EN);
}

/* A fresh in-memory database with the built-in playbook; fails the test if it cannot open. */
static inline struct db *test_db(void)
{
	struct db *db = NULL;
	char *cause = NULL;
	if (workspace_open(":memory:", "tester", &db, &cause) < 0)
		fail_msg("workspace_open: %s", cause);
	return db;
}

/* Import groups from a YAML list (or CSV when csv); fails the test on an error. */
static inline void test_groups(struct db *db, const char *text, bool csv)
{
	char *cause = NULL;
	size_t n;
	if (group_import_text(db, text, strlen(text), csv ? "groups.csv" : "groups.yaml", csv,
			      "tester", &n, &cause) < 0)
		fail_msg("importing groups: %s", cause);
}

/* The id of the group named name; fails the test when there is none. */
static inline int64_t test_group_id(struct db *db, const char *name)
{
	char *cause = NULL;
	struct group g;
	if (group_require(db, name, &g, &cause) < 0)
		fail_msg("%s", cause);
	int64_t id = g.id;
	group_clear(&g);
	return id;
}

/* The names group_list (all: group_list_all) gives, in its order, joined by ',', an archived
   one marked "(归档)" (malloc'd); fails the test when the list cannot be read. */
static inline char *test_group_names(struct db *db, bool all)
{
	struct group *g;
	size_t n;
	char *cause = NULL;
	if ((all ? group_list_all(db, &g, &n, &cause) : group_list(db, &g, &n, &cause)) < 0)
		fail_msg("%s", cause);
	struct buf b = {0};
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "%s%s%s", i ? "," : "", g[i].name, g[i].archived ? "(归档)" : "");
	group_list_free(g, n);
	buf_str(&b);
	return b.data;
}

/* The active playbook; fails the test when it cannot load. */
static inline struct playbook *test_active_playbook(struct db *db)
{
	char *cause = NULL;
	struct playbook *pb = NULL;
	if (playbook_load_active(db, &pb, &cause) < 0)
		fail_msg("loading the playbook: %s", cause);
	return pb;
}

/* The fixture most model tests share: a workspace, its active playbook, two groups' ids. */
struct test_fx {
	struct db *db;
	struct playbook *pb;
	struct playbook_set *set;  /* every playbook of the workspace (reports, advice, A/B) */
	int64_t a, b;   /* the ids of the groups named a and b (0 when not asked for) */
};

/* A fixture with groups imported (YAML, or CSV when csv); a and b name two of them or NULL. */
static inline struct test_fx *test_fx_open(const char *groups, bool csv, const char *a,
					   const char *b)
{
	test_locale();
	struct test_fx *f = xcalloc(1, sizeof *f);
	f->db = test_db();
	test_groups(f->db, groups, csv);
	f->pb = test_active_playbook(f->db);
	char *cause = NULL;
	if (playbook_set_load(f->db, &f->set, &cause) < 0)
		fail_msg("playbook set: %s", cause);
	f->a = a ? test_group_id(f->db, a) : 0;
	f->b = b ? test_group_id(f->db, b) : 0;
	return f;
}

/* cmocka teardown for a test_fx. */
static inline int test_fx_teardown(void **state)
{
	struct test_fx *f = *state;
	playbook_free(f->pb);
	playbook_set_free(f->set);
	db_close(f->db);
	free(f);
	return 0;
}

/* Day number of "YYYY-MM-DD", failing the test on a bad literal. */
static inline int D(const char *s)
{
	int d = date_parse(s);
	if (d == DATE_INVALID)
		fail_msg("bad date literal %s", s);
	return d;
}


#endif
