/* The workspace's settings: its time zone and default playbook (model/setting.c). */
#ifndef SOPDECK_SETTING_H
#define SOPDECK_SETTING_H

struct db;

/*
 * The workspace's settings (table `setting`, issue 11): its time zone and its
 * default playbook. A setting absent from the table has its default.
 */
/* A setting's value (*out malloc'd): 0 found, 1 absent, -1 error. */
int setting_get(struct db *db, const char *key, char **out, char **cause);
/* Set a setting, audited as "setting KEY=VALUE" (its own transaction unless in one). */
int setting_set(struct db *db, const char *key, const char *value, const char *operator,
		  char **cause);

/*
 * The workspace's time zone and where it came from: $SOPDECK_TZ ("SOPDECK_TZ"),
 * the workspace ("workspace"), else DATE_ZONE_DEFAULT ("default"). *zone malloc'd.
 */
int setting_timezone(struct db *db, char **zone, const char **source, char **cause);
/* Make the workspace's zone the process's (date_zone_set): call once after db_open. */
int setting_zone_apply(struct db *db, char **cause);

#endif
