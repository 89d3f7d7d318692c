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
#include "util.h"
#include "workspace.h"

/* A fresh in-memory database with the built-in playbook; fails the test if it cannot open. */
static inline struct db *test_db(void)
{
	struct db *db = NULL;
	char *cause = NULL;
	if (workspace_open(":memory:", "tester", &db, &cause) < 0)
		fail_msg("workspace_open: %s", cause);
	return db;
}

/* Day number of "YYYY-MM-DD", failing the test on a bad literal. */
static inline int D(const char *s)
{
	int d = date_parse(s);
	if (d == DATE_INVALID)
		fail_msg("bad date literal %s", s);
	return d;
}

/* Widths need a UTF-8 LC_CTYPE. */
static inline void test_locale(void)
{
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "C.utf8");
}

#endif
