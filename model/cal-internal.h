/* Shared by model/calendar.c and model/calendar-export.c only. */
#ifndef SOPDECK_MODEL_CAL_INTERNAL_H
#define SOPDECK_MODEL_CAL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "calendar.h"

/* "YYYY-MM-DD" and "HH:MM". */
void cal_fmt(int day, int at, char date[11], char hhmm[6]);
/* An action title without its English gloss: "早安问候 (morning greeting)" -> "早安问候". */
char *cal_short_title(const char *title);
/* The playbook's recurring content actions as rows (unsorted); free with cal_rows_free. */
size_t cal_grid_rows(const struct playbook *pb, struct cal_row **out);
void cal_rows_free(struct cal_row *rows, size_t n);
/* Slots with day in from..to for one group (id) or all (0), by day, time, group. */
int cal_slots_load(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause);
void cal_slots_free(struct cal_slot *s, size_t n);
/* One group by name, or all (NULL). */
int cal_groups_load(struct db *db, const char *group_name, struct group **out, size_t *n,
		    char **cause);

#endif
