/*
 * A workspace: the database with a playbook in it. Opening one is opening the
 * database (db_open) and, the first time, installing the built-in playbook.
 */
#ifndef SOPDECK_WORKSPACE_H
#define SOPDECK_WORKSPACE_H

struct db;

/*
 * db_open, then, when the database has no playbook yet, the built-in default
 * playbook as version 1 recorded as imported by operator.
 */
int workspace_open(const char *path, const char *operator, struct db **out, char **cause);

#endif
