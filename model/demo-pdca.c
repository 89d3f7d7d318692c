/*
 * The demo's PDCA data: feedback in every quadrant (two already answered) and
 * an A/B test of the evening perks copy that started ten days ago in the two
 * promotion groups, so the Review tab and `sopdeck ab` have something to show.
 */
#include "ab.h"
#include "demo.h"
#include "feedback.h"
#include "playbook.h"
#include "util.h"

static const struct {
	const char *group;
	enum feedback_quadrant quadrant;
	const char *text, *member;
	int days_ago;
	const char *closed_note;   /* NULL: still open */
} demo_feedback[] = {
	{"宝妈育儿交流3群", FEEDBACK_PUBLIC, "希望每周多发两次辅食食谱", "糖糖妈", 1, NULL},
	{"宝妈育儿交流3群", FEEDBACK_ACTIVE, "晒了宝宝第一次自己吃饭的视频，20 人点赞", "乐乐妈", 2,
	 NULL},
	{"母婴好物福利社", FEEDBACK_PRIVATE, "推送太频繁了，一天五条有点打扰", "小周", 3,
	 "晚间福利与早安合并，改为每天三条"},
	{"母婴好物福利社", FEEDBACK_SILENT, "退群", "Amy", 4, NULL},
	{"职场穿搭研究所", FEEDBACK_PUBLIC, "想看通勤穿搭的预算版本", "Lily", 5,
	 "周五成果展增加百元内穿搭"},
	{"轻食减脂打卡营", FEEDBACK_PRIVATE, "打卡提醒太早，7 点还没起", "阿宁", 1, NULL},
};

int pdca_demo_populate(struct db *db, int today, const char *operator, char **cause)
{
	for (size_t i = 0; i < ARRAY_LEN(demo_feedback); i++) {
		int64_t id;
		if (feedback_add(db, demo_feedback[i].group, demo_feedback[i].quadrant,
				 demo_feedback[i].text, demo_feedback[i].member,
				 today - demo_feedback[i].days_ago, operator, &id, cause) < 0)
			return -1;
		if (demo_feedback[i].closed_note &&
		    feedback_close(db, id, demo_feedback[i].closed_note, NULL, operator, cause) < 0)
			return -1;
	}
	struct playbook_set *set;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	const struct playbook *pb = set->fallback;
	/* Two groups of the default line: a test belongs to one playbook. */
	static const char *const groups[] = {"母婴好物福利社", "老客户售后服务群"};
	struct ab_spec spec = {
		.name = "福利话术",
		.action_id = "perks",
		.metric = "open_rate",
		.kind = AB_COPY,
		.arm = {"🔥今晚 8 点专属宠粉福利，群内下单再减 10 元", "⏰限时福利：今晚 24 点截止，先到先得"},
		.groups = groups,
		.n_groups = ARRAY_LEN(groups),
		.from = today - 10,
		.days = 14,
	};
	/* A playbook without the action or metric (an operator's own) simply has no demo test. */
	int rc = 0;
	if (playbook_action(pb, spec.action_id) && playbook_metric(pb, spec.metric))
		rc = ab_create(db, set, &spec, operator, cause);
	playbook_set_free(set);
	return rc;
}
