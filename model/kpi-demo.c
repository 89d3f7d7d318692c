/*
 * Demo KPI history: sixty days of plausible daily counters per group, each
 * group with one weak spot so the console has advice to show, and a second
 * SOP version twenty days ago after which open rates improve.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "kpi.h"
#include "util.h"

#define DEMO_DAYS 60
#define DEMO_VERSION_AGO 20

/* Rates of a group's members; one of them is weak on purpose. */
struct profile {
	double size;        /* members the group grows towards */
	double join, speak, open, part, conv, aov, coupon, viral, leave;
};

static const struct profile profiles[] = {
	/* weak join rate (launch) */
	{220, 0.24, 0.15, 0.32, 0.20, 0.04, 120, 0.40, 0.06, 0.004},
	/* weak speaker rate (activation) */
	{180, 0.45, 0.07, 0.28, 0.18, 0.04, 110, 0.40, 0.06, 0.004},
	/* weak conversion (monetisation) */
	{420, 0.50, 0.14, 0.26, 0.17, 0.03, 150, 0.38, 0.06, 0.003},
	/* weak open rate (retention) */
	{480, 0.50, 0.12, 0.15, 0.16, 0.06, 160, 0.36, 0.06, 0.003},
	/* weak viral rate (referral) */
	{300, 0.50, 0.16, 0.30, 0.20, 0.07, 130, 0.45, 0.02, 0.002},
	/* weak coupon redemption */
	{85, 0.60, 0.22, 0.34, 0.25, 0.06, 90, 0.20, 0.06, 0.004},
};

/* Deterministic noise in [1 - spread, 1 + spread] from a group and a day. */
static double noise(int64_t gid, int day, int salt, double spread)
{
	uint32_t x = (uint32_t)(gid * 2654435761u) ^ (uint32_t)day * 40503u ^ (uint32_t)salt * 97u;
	x ^= x >> 13;
	x *= 0x5bd1e995u;
	x ^= x >> 15;
	return 1 - spread + 2 * spread * (double)(x % 10000) / 10000.0;
}

static int put(sqlite3_stmt *st, int64_t gid, const char *date, const char *counter,
	       double v, struct db *db, char **cause)
{
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, gid);
	sqlite3_bind_text(st, 2, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, counter, -1, SQLITE_STATIC);
	sqlite3_bind_double(st, 4, v);
	return sqlite3_step(st) == SQLITE_DONE ? 0 : db_fail(db, _("storing demo counters"), cause);
}

/* One group's history from its creation (at most DEMO_DAYS back) to yesterday. */
static int demo_group(struct db *db, sqlite3_stmt *st, const struct group *g,
		      const struct profile *p, int today, char **cause)
{
	int start = g->created > today - DEMO_DAYS ? g->created : today - DEMO_DAYS;
	/* Members before the window: grown from 40 towards the profile's size. */
	double members = p->size - (p->size - 40) * exp(-(start - g->created) / 25.0);
	for (int d = start; d < today; d++) {
		int age = d - g->created;
		double joined = round((age < 7 ? 18 : 2 + p->size / 150) * noise(g->id, d, 1, 0.4));
		if (members > p->size * 1.05)
			joined = round(joined / 3);
		double left = round(members * p->leave * noise(g->id, d, 2, 0.8));
		members = fmax(10, members + joined - left);
		double open = p->open * (d >= today - DEMO_VERSION_AGO ? 1.0 : 0.86);
		double speakers = round(members * p->speak * noise(g->id, d, 3, 0.3));
		double delivered = round(members * 0.97);
		double opens = round(delivered * open * noise(g->id, d, 4, 0.25));
		double buyers = round(members * p->conv * noise(g->id, d, 5, 0.5));
		double orders = round(buyers * 1.2 + (buyers > 0));
		double issued = round(members * 0.08 * noise(g->id, d, 6, 0.3));
		const struct {
			const char *key;
			double v;
		} c[] = {
			{"members", round(members)},
			{"joined", joined},
			{"left", left},
			{"speakers", speakers},
			{"messages", round(speakers * 6.5 * noise(g->id, d, 7, 0.3))},
			{"invited", round(joined / p->join * noise(g->id, d, 8, 0.1))},
			{"profiles", round(members * (age < 7 ? 0.55 : 0.7))},
			{"retained_week1", round(joined * 0.86)},
			{"delivered", delivered},
			{"opens", opens},
			{"participants", round(members * p->part * noise(g->id, d, 9, 0.3))},
			{"buyers", buyers},
			{"orders", orders},
			{"revenue", round(orders * p->aov * noise(g->id, d, 10, 0.2) * 100) / 100},
			{"coupons_issued", issued},
			{"coupons_used", round(issued * p->coupon * noise(g->id, d, 11, 0.3))},
			{"active_week", round(members * 0.42 * noise(g->id, d, 12, 0.1))},
			{"repeat_buyers", round(buyers * 0.3)},
			{"churned", round(members * 0.01 * noise(g->id, d, 13, 0.5))},
			{"referred", round(members * p->viral / 7 * noise(g->id, d, 14, 0.6))},
			{"shares", round(members * 0.12 * noise(g->id, d, 15, 0.3))},
			{"koc", round(members * 0.04)},
			{"ugc", round(speakers * 0.3 * noise(g->id, d, 16, 0.5))},
		};
		char date[11];
		date_format(d, date);
		for (size_t i = 0; i < ARRAY_LEN(c); i++)
			if (put(st, g->id, date, c[i].key, c[i].v, db, cause) < 0)
				return -1;
	}
	return 0;
}

/*
 * Date the built-in version DEMO_DAYS back and store it again as version 1.1
 * DEMO_VERSION_AGO days back, so the version view has a before and an after.
 */
static int demo_versions(struct db *db, int today, const char *operator, char **cause)
{
	size_t len;
	const char *text = playbook_builtin_text(&len);
	struct playbook *pb;
	if (playbook_parse(text, len, "playbook.yaml", &pb, cause) < 0)
		return -1;
	/* 09:00 and 09:30 in the workspace's zone, stored in UTC. */
	char old[DATE_STAMP_SIZE], mid[DATE_STAMP_SIZE];
	date_stamp_utc(date_local_instant(today - DEMO_DAYS, 9 * 60), old);
	date_stamp_utc(date_local_instant(today - DEMO_VERSION_AGO, 9 * 60 + 30), mid);
	sqlite3_stmt *st;
	int rc = db_prepare(db, "UPDATE playbook_version SET imported_at = ?", &st, cause);
	if (rc == 0) {
		sqlite3_bind_text(st, 1, old, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("dating the demo playbook"), cause);
		sqlite3_finalize(st);
	}
	if (rc == 0)
		rc = playbook_store(db, pb, text, "demo", operator, cause);
	if (rc == 0 && db_prepare(db,
				  "UPDATE playbook_version SET version = '1.1', imported_at = ?, "
				  "note = '优化推送时间与标题（20:00 推送 + 数字+痛点标题）' WHERE id = ?",
				  &st, cause) == 0) {
		sqlite3_bind_text(st, 1, mid, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(st, 2, pb->version_id);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("dating the demo playbook"), cause);
		sqlite3_finalize(st);
	} else if (rc == 0) {
		rc = -1;
	}
	playbook_free(pb);
	return rc;
}

int kpi_demo_populate(struct db *db, int today, const char *operator, char **cause)
{
	struct group *groups;
	size_t n;
	if (group_list(db, &groups, &n, cause) < 0)
		return -1;
	/* Profiles follow the groups' age, so each stage shows its own weak spot. */
	int rc = db_begin(db, cause);
	sqlite3_stmt *st = NULL;
	if (rc == 0)
		rc = db_prepare(db,
				"INSERT OR REPLACE INTO kpi_day (group_id, day, counter, value, "
				"imported_at, source) VALUES (?, ?, ?, ?, "
				"strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 'demo')",
				&st, cause);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int age = today - groups[i].created;
		size_t k = age < 7 ? 0 : age < 30 ? 1 : age < 90 ? (age < 40 ? 5 : 2)
			 : age < 180 ? 3 : 4;
		rc = demo_group(db, st, &groups[i], &profiles[k], today, cause);
	}
	sqlite3_finalize(st);
	if (rc == 0)
		rc = kpi_weeks_rebuild_all(db, cause);
	if (rc == 0)
		rc = db_audit(db, operator, "demo", "kpi: 60 days of demo counters", cause);
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	group_list_free(groups, n);
	if (rc == 0)
		rc = demo_versions(db, today, operator, cause);
	return rc;
}
