/*
 * The demo workspace: groups in every stage, type and platform, dated around
 * today, with some of today's earlier actions already ticked by teammates so
 * a new user sees a working console at once.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "assets.h"
#include "calendar.h"
#include "checklist.h"
#include "dates.h"
#include "content.h"
#include "demo.h"
#include "group.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "today.h"
#include "util.h"

/* The demo's second business line: assets/demo-playbook-fashion.yaml. */
#define DEMO_LINE2 "穿搭社群SOP"

static const struct demo_group {
	const char *name;
	enum group_platform platform;
	enum group_type type;
	int age; /* days since creation, today = 0 */
	const char *owner, *positioning;
	const char *playbook; /* NULL: the default (母婴) line; else the second business line */
} demo_groups[] = {
	{"宝妈育儿交流3群", PLATFORM_WECOM, GROUP_SEGMENTED, 2, "林小雨",
	 "为 0-3 岁宝宝的新手妈妈提供科学育儿指导，每日育儿干货 + 儿科医生每周答疑", NULL},
	{"轻食减脂打卡营", PLATFORM_WECHAT, GROUP_SEGMENTED, 12, "陈教练",
	 "为想减脂的上班族提供饮食与运动方案，按增肌/减脂/塑形分组，每日打卡 + 每周直播课", NULL},
	{"母婴好物福利社", PLATFORM_WECOM, GROUP_PROMOTION, 45, "王店长",
	 "为宝妈提供母婴好物限时折扣，周三限时秒杀 + 周五会员日专属价", NULL},
	{"职场穿搭研究所", PLATFORM_WECHAT, GROUP_PROMOTION, 120, "苏苏",
	 "为 25-35 岁职场女性提供穿搭解决方案，每周 3 次穿搭教程 + 专属折扣", DEMO_LINE2},
	{"白领穿搭福利群", PLATFORM_WECOM, GROUP_PROMOTION, 20, "苏苏",
	 "为通勤女性提供平价通勤穿搭，每日穿搭 + 周六上新群友专享折扣", DEMO_LINE2},
	{"老客户售后服务群", PLATFORM_WECOM, GROUP_SERVICE, 200, "客服阿杰",
	 "为已购客户提供使用指导与售后答疑，工作日 2 小时内响应，老用户专属折扣日", NULL},
	{"新品体验官测试群", PLATFORM_WECHAT, GROUP_SERVICE, 30, "小美",
	 "80 人测试群：新规则、新内容和新活动先在这里试，收集反馈后再推广到大群", NULL},
};

/* Teammates whose ticks make the demo look like a team at work. */
static const char *const demo_operators[] = {"小美", "阿杰", "林小雨"};

static int insert_group(struct db *db, const struct demo_group *g, int today, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT INTO chat_group (name, platform, type, created, owner, positioning, "
		       "playbook) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       &st, cause) < 0)
		return -1;
	char date[11];
	date_format(today - g->age, date);
	sqlite3_bind_text(st, 1, g->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, group_platform_key(g->platform), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, group_type_key(g->type), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 5, g->owner, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, g->positioning, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, g->playbook ? g->playbook : "", -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_fail(db, _("creating a demo group"), cause);
}

/*
 * Tick most of today's actions whose time has passed, each a few minutes after
 * its time, by a teammate; every third one stays open so overdue items show.
 */
static int tick_earlier(struct db *db, int today, char **cause)
{
	struct playbook_set *set;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	struct checklist cl;
	if (today_build(db, set, today, NULL, &cl, cause) < 0) {
		playbook_set_free(set);
		return -1;
	}
	int now_min = 12 * 60;
	if (today == date_today()) {
		time_t t = date_clock();
		struct tm tm;
		localtime_r(&t, &tm);
		now_min = tm.tm_hour * 60 + tm.tm_min;
	}
	sqlite3_stmt *st;
	if (db_prepare(db,
		       "INSERT OR IGNORE INTO tick (group_id, action_id, day, operator, ticked_at) "
		       "VALUES (?, ?, ?, ?, ?)",
		       &st, cause) < 0) {
		checklist_free(&cl);
		playbook_set_free(set);
		return -1;
	}
	char date[11];
	date_format(today, date);
	int rc = 0;
	size_t n = 0;
	/* Early in the morning nothing is due yet: teammates did the first items ahead. */
	bool early = true;
	for (size_t i = 0; i < cl.n_items; i++)
		if (cl.items[i].action->at >= 0 && cl.items[i].action->at + 5 <= now_min)
			early = false;
	for (size_t i = 0; rc == 0 && i < cl.n_items; i++) {
		const struct checklist_item *it = &cl.items[i];
		int done;
		if (early) {
			if (it->group > 1 || (i > 0 && cl.items[i - 1].group == it->group))
				continue;
			done = now_min > 20 ? now_min - 7 - (int)it->group * 5 : 0;
		} else {
			if (it->action->at < 0 || it->action->at + 5 > now_min || i % 3 == 2)
				continue;
			done = it->action->at + 3 + (int)(i % 7);
		}
		/* That minute in the workspace's zone, stored in UTC like every tick. */
		char *at = xmalloc(DATE_STAMP_SIZE);
		date_stamp_utc(date_local_instant(today, (done / 60 % 24) * 60 + done % 60), at);
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, cl.groups[it->group].id);
		sqlite3_bind_text(st, 2, it->action->id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, date, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 4, demo_operators[n++ % ARRAY_LEN(demo_operators)], -1,
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 5, at, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = db_fail(db, _("ticking a demo item"), cause);
		free(at);
	}
	sqlite3_finalize(st);
	checklist_free(&cl);
	playbook_set_free(set);
	return rc;
}

static int has_groups(struct db *db, bool *yes, char **cause)
{
	sqlite3_stmt *st;
	if (db_prepare(db, "SELECT EXISTS (SELECT 1 FROM chat_group)", &st, cause) < 0)
		return -1;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0) != 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : db_fail(db, _("counting groups"), cause);
}

/*
 * Four days of the content calendar (yesterday to the day after tomorrow) for three groups, so the Calendar tab
 * and the Today items show scheduled content: posted before today, reviewed
 * today, drafts and plans ahead. Items are taken from the demo library by category.
 */
static int calendar_demo(struct db *db, int today, const char *operator, char **cause)
{
	struct playbook_set *set = NULL;
	struct group *groups = NULL;
	struct content_item *items = NULL;
	size_t n_groups = 0, n_items = 0;
	struct content_filter all = {.from = DATE_INVALID, .to = DATE_INVALID};
	int rc = playbook_set_load(db, &set, cause);
	if (rc == 0)
		rc = group_list(db, &groups, &n_groups, cause);
	if (rc == 0)
		rc = content_query(db, &all, CONTENT_SORT_DATE, NULL, false, 200, &items, &n_items,
				   cause);
	size_t next = 0;
	for (size_t g = 0, filled = 0; rc == 0 && g < n_groups && filled < 3; g++) {
		/* The demo library is the 母婴 line's material: three groups of that line. */
		const struct playbook *pb = playbook_set_for(set, &groups[g]);
		if (pb != set->fallback)
			continue;
		filled++;
		for (int day = today - 1; rc == 0 && day <= today + 2; day++) {
			for (size_t a = 0; rc == 0 && a < pb->n_actions; a++) {
				const struct pb_action *act = &pb->actions[a];
				if (act->at < 0 || !act->category ||
				    !playbook_action_due(pb, act, &groups[g], day, NULL))
					continue;
				/* The next library item of the action's category, round robin. */
				const struct content_item *pick = NULL;
				for (size_t k = 0; k < n_items && !pick; k++) {
					const struct content_item *c = &items[(next + k) % n_items];
					if (strcmp(c->category, act->category) == 0) {
						pick = c;
						next = (next + k + 1) % n_items;
					}
				}
				if (!pick)
					continue;
				struct cal_fill f = {
					.content_id = pick->id,
					.action_id = act->id,
					.status = day < today    ? SLOT_POSTED
						  : day == today ? SLOT_REVIEWED
						  : day == today + 1 ? SLOT_DRAFTED
								   : SLOT_PLANNED,
				};
				rc = calendar_fill(db, pb, groups[g].id, day, act->at, &f, operator,
						   cause);
			}
		}
	}
	/* Today's actions the teammates already ticked have their content posted, as a tick does. */
	if (rc == 0)
		rc = db_exec(db,
			     "UPDATE slot SET status = 'posted' WHERE EXISTS (SELECT 1 FROM tick t "
			     "WHERE t.group_id = slot.group_id AND t.day = slot.day "
			     "AND t.action_id = slot.action_id)",
			     cause);
	if (items)
		content_items_free(items, n_items);
	group_list_free(groups, n_groups);
	playbook_set_free(set);
	return rc;
}

/*
 * The second business line: its playbook stored beside the default one, which
 * stays the default (a new import would otherwise become it), so the groups
 * that name no playbook keep the 母婴 line.
 */
static int demo_second_line(struct db *db, const char *operator, char **cause)
{
	const struct asset *a = asset_find("demo-playbook-fashion.yaml");
	if (!a)
		return set_cause(cause, _("demo-playbook-fashion.yaml: not built in"));
	char *dflt = NULL;
	struct playbook *pb = NULL;
	int rc = playbook_default_name(db, &dflt, cause);
	if (rc == 0)
		rc = playbook_parse(a->data, a->len, "demo-playbook-fashion.yaml", &pb, cause);
	if (rc == 0)
		rc = playbook_store(db, pb, a->data, "demo", operator, cause);
	if (rc == 0)
		rc = playbook_set_default(db, dflt, operator, cause);
	playbook_free(pb);
	free(dflt);
	return rc;
}

int demo_populate(struct db *db, int today, const char *operator, char **cause)
{
	bool exists = false;
	if (has_groups(db, &exists, cause) < 0)
		return -1;
	if (exists)
		return 0;
	if (demo_second_line(db, operator, cause) < 0)
		return -1;
	int rc = db_begin(db, cause);
	for (size_t i = 0; rc == 0 && i < ARRAY_LEN(demo_groups); i++)
		rc = insert_group(db, &demo_groups[i], today, cause);
	if (rc == 0)
		rc = db_sort_keys_fill(db, cause);
	if (rc == 0)
		rc = tick_earlier(db, today, cause);
	if (rc == 0)
		rc = db_audit(db, operator, "demo", "created the demo workspace", cause);
	if (rc == 0)
		rc = db_commit(db, cause);
	else
		db_rollback(db);
	if (rc < 0)
		return -1;

	/*
	 * ---- Other features' demo data: add ONE call per feature below. ----
	 * Each call runs its own transaction on the groups created above, e.g.
	 *	if (content_demo(db, today, operator, cause) < 0) return -1;
	 *	if (kpi_demo(db, today, operator, cause) < 0) return -1;
	 */
	if (content_demo_populate(db, today, operator, cause) < 0)
		return -1;
	if (kpi_demo_populate(db, today, operator, cause) < 0)
		return -1;
	if (calendar_demo(db, today, operator, cause) < 0)
		return -1;
	if (pdca_demo_populate(db, today, operator, cause) < 0)
		return -1;

	return 0;
}
