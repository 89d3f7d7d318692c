/* Shared by model/ab.c and model/ab-adopt.c only. */
#ifndef SOPDECK_AB_INTERNAL_H
#define SOPDECK_AB_INTERNAL_H

#include "ab.h"

/* The numerator and denominator counter keys of a proportion metric ("opens / delivered"); -1 if it is not one. */
int ab_metric_parts(const struct playbook *pb, const char *metric_key, const char **num,
		    const char **den);
/* Inside the caller's transaction: stopped at today (end_day the day before), adopted arm or NULL. */
int ab_mark_stopped(struct db *db, const struct ab_test *t, int today, const char *operator,
		    const char *adopted, char **cause);

#endif
