/*
 * A workspace: the database with a playbook in it. Opening one is opening the
 * database (db_open) and, the first time, installing the built-in playbook.
 * Its settings: the time zone every day and time follows, the default playbook.
 */
#ifndef SOPDECK_WORKSPACE_H
#define SOPDECK_WORKSPACE_H

struct db;

/*
 * db_open, then, when the database has no playbook yet, the built-in default
 * playbook as version 1 recorded as imported by operator.
 */
int workspace_open(const char *path, const char *operator, struct db **out, char **cause);

/*
 * The workspace's settings (table `setting`, issue 11): its time zone and its
 * default playbook. A setting absent from the table has its default.
 */
/* A setting's value (*out malloc'd): 0 found, 1 absent, -1 error. */
int workspace_get(struct db *db, const char *key, char **out, char **cause);
/* Set a setting, audited as "setting KEY=VALUE" (its own transaction unless in one). */
int workspace_set(struct db *db, const char *key, const char *value, const char *operator,
		  char **cause);

/*
 * The workspace's time zone and where it came from: $SOPDECK_TZ ("SOPDECK_TZ"),
 * the workspace ("workspace"), else DATE_ZONE_DEFAULT ("default"). *zone malloc'd.
 */
int workspace_timezone(struct db *db, char **zone, const char **source, char **cause);
/* Make the workspace's zone the process's (date_zone_set): call once after db_open. */
int workspace_zone_apply(struct db *db, char **cause);

#endif
