/* The demo workspace: groups in every stage, Chinese content, KPI history. */
#ifndef SOPDECK_DEMO_H
#define SOPDECK_DEMO_H

struct db;

/* Fill db with demo data dated around today, unless it already has groups. */
int demo_populate(struct db *db, int today, const char *operator, char **cause);
/* The demo's feedback entries and A/B test (model/demo-pdca.c), called by demo_populate. */
int pdca_demo_populate(struct db *db, int today, const char *operator, char **cause);

#endif
