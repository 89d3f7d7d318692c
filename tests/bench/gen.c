/*
 * The benchmark's workspace generator: a real team's scale as the CSV files an
 * operator would import, written in one process (no interpreter per row).
 *
 *   gen DIR TODAY            DIR/groups.csv (500 groups, every lifecycle stage, owners),
 *                            DIR/content.csv (100,000 items), DIR/kpi.csv (365 days x
 *                            500 groups = 182,500 rows), DIR/calcurse-apts, -todo and
 *                            DIR/task.json (10,000 each for the comparison)
 *   gen fill IN OUT TODAY    fill the empty rows of `export calendar --format csv`:
 *                            content from the library, most past slots posted
 *
 * Deterministic (a fixed xorshift seed): the same files every run, so a cached
 * workspace and a fresh one hold the same data.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_GROUPS 500
#define N_ITEMS 100000
#define N_DAYS 365
#define N_OTHER 10000   /* calcurse appointments + todos, taskwarrior tasks */

static uint64_t rng = 0x9E3779B97F4A7C15ull;

/* xorshift64*: fast, deterministic, good enough to spread data. */
static uint32_t rnd(uint32_t n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717ull) >> 33) % n;
}

#define PICK(a) ((a)[rnd(sizeof(a) / sizeof *(a))])

/* Day number (days since 1970-01-01) of "YYYY-MM-DD", and back. */
static long day_of(const char *s)
{
	struct tm tm = {0};
	if (sscanf(s, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) != 3)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long)(timegm(&tm) / 86400);
}

static void fmt_day(long day, char out[11])
{
	time_t t = (time_t)day * 86400;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	return f;
}

static const char *const topics[] = {"宝宝辅食", "夜醒怎么办", "湿疹护理", "睡眠训练", "早教游戏",
				     "亲子阅读", "换季穿衣", "出牙期", "分离焦虑", "二胎家庭",
				     "宝宝便秘", "补钙误区", "绘本推荐", "如厕训练", "挑食偏食",
				     "减脂餐", "居家健身", "护肤步骤", "会员福利", "新品试用"};
static const char *const frames[] = {"%s的三个误区", "%s怎么办？一文讲清", "%s：妈妈们最常问的 5 个问题",
				     "关于%s，医生这样说", "%s实操清单", "%s打卡第 %d 天",
				     "%s常见误区盘点", "限时福利：%s专场", "%s经验分享",
				     "%s｜育儿干货第 %d 期"};
static const char *const tags[] = {"育儿", "育儿干货", "辅食", "睡眠", "早教", "健康", "会员日",
				   "福利", "品牌故事", "打卡", "互动话题", "新品", "亲子", "好物",
				   "6月龄", "1-3岁", "宝妈", "用户晒单", "直播预告", "节日"};
static const char *const forms[] = {"图文", "图文", "图文", "短视频", "短视频", "语音", "直播",
				    "问答"};
static const char *const zones[] = {"知识干货区", "视觉素材区", "活动素材区", "用户UGC区"};
static const char *const styles[] = {"温暖治愈", "专业严谨", "活泼有趣", "官方", "亲切邻家"};
static const char *const sources[] = {"原创", "原创", "转载", "用户投稿", "合作方"};
static const char *const bodies[] = {
	"很多妈妈都会遇到这个问题，先别着急，我们一条一条来看。",
	"第一，观察宝宝的状态；第二，记录每天的变化；第三，必要时咨询医生。",
	"群里的小伙伴分享了自己的经验，欢迎大家在评论区补充。",
	"今晚 8 点群内直播答疑，提前把问题发在群里，老师逐一解答。",
	"专属福利仅限群成员，点击小程序领取优惠券，数量有限先到先得。",
	"坚持打卡 21 天，完成的小伙伴可以领取精美礼品一份。"};

/* A category by the playbook's target mix, 50/30/20. */
static const char *category(void)
{
	uint32_t r = rnd(100);
	return r < 50 ? "促活型" : r < 80 ? "转化型" : "品牌型";
}

static void gen_groups(const char *dir, long today)
{
	FILE *f = open_out(dir, "groups.csv");
	static const char *const types[] = {"群发推广型", "精细化运营型", "客户服务型"};
	static const char *const names[] = {"宝妈成长营", "辅食交流群", "早教互助群", "健身打卡群",
					    "会员福利群", "售后服务群", "好物分享群", "亲子阅读群"};
	/* Ages across every stage: launch 0-6, activation 7-29, monetisation 30-89,
	 * retention 90-179, referral 180+. */
	static const int ages[][2] = {{0, 7}, {7, 30}, {30, 90}, {90, 180}, {180, 720}};
	fputs("\xEF\xBB\xBF群名,平台,类型,创建日期,群主,定位\n", f);
	for (int i = 0; i < N_GROUPS; i++) {
		const int *a = ages[i % 5];
		char created[11];
		fmt_day(today - a[0] - (long)rnd((uint32_t)(a[1] - a[0])), created);
		fprintf(f, "%s%03d,%s,%s,%s,运营%02d,为 0-3 岁宝宝的妈妈提供育儿干货与福利\n",
			names[i % 8], i, i % 3 ? "企业微信" : "个人微信", types[i % 3], created,
			i % 12 + 1);
	}
	fclose(f);
}

static void gen_content(const char *dir, long today)
{
	FILE *f = open_out(dir, "content.csv");
	fputs("\xEF\xBB\xBF标题,分类,素材区,形式,风格,标签,日期,来源,正文\n", f);
	for (int i = 0; i < N_ITEMS; i++) {
		char title[256], day[11];
		snprintf(title, sizeof title, PICK(frames), PICK(topics), i % 300 + 1);
		fmt_day(today - (long)rnd(730), day);
		const char *t1 = PICK(tags), *t2 = PICK(tags);
		fprintf(f, "%s #%d,%s,%s,%s,%s,\"%s、%s\",%s,%s,\"%s%s\"\n", title, i + 1, category(),
			PICK(zones), PICK(forms), PICK(styles), t1, t2 == t1 ? "宝妈" : t2, day,
			PICK(sources), PICK(bodies), PICK(bodies));
	}
	fclose(f);
}

static void gen_kpi(const char *dir, long today)
{
	FILE *f = open_out(dir, "kpi.csv");
	fputs("日期,群名,群成员数,新增群成员数,退群成员数,发过消息的群成员数,群聊消息总数,推送触达数,"
	      "打开数,活动参与人数,下单人数,订单数,成交金额\n", f);
	static const char *const names[] = {"宝妈成长营", "辅食交流群", "早教互助群", "健身打卡群",
					    "会员福利群", "售后服务群", "好物分享群", "亲子阅读群"};
	for (int d = N_DAYS; d >= 1; d--) {
		char day[11];
		fmt_day(today - d, day);
		for (int i = 0; i < N_GROUPS; i++) {
			int members = 150 + i % 300 + (N_DAYS - d) / 4;
			int buyers = (int)rnd(12);
			fprintf(f, "%s,%s%03d,%d,%u,%u,%u,%u,%d,%u,%u,%d,%d,%u.%02u\n", day,
				names[i % 8], i, members, rnd(8), rnd(4), 10 + rnd(40), 50 + rnd(300),
				members, 20 + rnd(80), rnd(30), buyers, buyers + (int)rnd(3),
				rnd(3000), rnd(100));
		}
	}
	fclose(f);
}

/* The same scale for calcurse (appointments + todos) and taskwarrior (tasks, one import). */
static void gen_other(const char *dir, long today)
{
	FILE *apts = open_out(dir, "calcurse-apts"), *todo = open_out(dir, "calcurse-todo");
	FILE *task = open_out(dir, "task.json");
	for (int i = 0; i < N_OTHER; i++) {
		char buf[160];
		snprintf(buf, sizeof buf, PICK(frames), PICK(topics), i % 300 + 1);
		if (i % 2 == 0) {
			long d = today - 120 + (long)rnd(240);
			time_t t = (time_t)d * 86400;
			struct tm tm;
			gmtime_r(&t, &tm);
			int h = 8 + (int)rnd(12);
			fprintf(apts, "%02d/%02d/%04d @ %02d:00 -> %02d/%02d/%04d @ %02d:30 |%s %s%03u\n",
				tm.tm_mon + 1, tm.tm_mday, tm.tm_year + 1900, h, tm.tm_mon + 1,
				tm.tm_mday, tm.tm_year + 1900, h, buf, "宝妈成长营", rnd(500));
		} else {
			fprintf(todo, "[%u] %s\n", rnd(9) + 1, buf);
		}
		fprintf(task, "{\"description\":\"%s\",\"status\":\"pending\",\"entry\":"
			"\"20260101T000000Z\",\"uuid\":\"%08x-0000-4000-8000-%012x\",\"tags\":"
			"[\"%s\"],\"project\":\"sop%u\"}\n",
			buf, (unsigned)i, (unsigned)i, i % 5 == 0 ? "育儿" : "other", rnd(20));
	}
	fclose(apts);
	fclose(todo);
	fclose(task);
}

/* Split a simple CSV line (the export's empty rows: no quotes) into at most n fields. */
static int split(char *line, char **f, int n)
{
	int k = 0;
	f[k++] = line;
	for (char *p = line; *p && k < n; p++)
		if (*p == ',') {
			*p = '\0';
			f[k++] = p + 1;
		}
	return k;
}

/*
 * Fill the calendar sheet: 90% of rows get content (a few placeholders), owners
 * by group; rows before today are mostly posted, today's half posted, later
 * planned/drafted/reviewed.
 */
static int fill(const char *in, const char *out, long today)
{
	FILE *r = fopen(in, "r"), *w = fopen(out, "w");
	if (!r || !w) {
		perror(r ? out : in);
		return 1;
	}
	static const char *const later[] = {"计划", "计划", "初稿", "已审"};
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long n = 0;
	while ((len = getline(&line, &cap, r)) > 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (n++ == 0) {  /* the header, with its BOM */
			fprintf(w, "%s\r\n", line);
			continue;
		}
		char *f[12];
		if (split(line, f, 12) != 11 || strchr(f[3], '"')) {
			fprintf(stderr, "%s:%ld: not an empty export row\n", in, n);
			return 1;
		}
		long day = day_of(f[0]);
		uint32_t x = rnd(100);
		if (x >= 90 || !f[4][0]) {  /* left empty; a slot where nothing is due stays */
			fprintf(w, "%s,%s,%s,%s,%s,,,,,,\r\n", f[0], f[1], f[2], f[3], f[4]);
			continue;
		}
		const char *status = day < today ? (x < 85 ? "已发" : "已审")
				   : day == today ? (x < 45 ? "已发" : "已审") : later[x % 4];
		char owner[16];
		snprintf(owner, sizeof owner, "编辑%u", rnd(6) + 1);
		if (x < 5)  /* a placeholder: the plan before the content exists */
			fprintf(w, "%s,%s,%s,%s,%s,,%s选题待定,,图文,%s,计划\r\n", f[0], f[1], f[2], f[3],
				f[4], PICK(topics), owner);
		else
			fprintf(w, "%s,%s,%s,%s,%s,%u,,,,%s,%s\r\n", f[0], f[1], f[2], f[3], f[4],
				1 + rnd(N_ITEMS), owner, status);
	}
	free(line);
	fclose(r);
	return fclose(w) == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "fill") == 0)
		return fill(argv[2], argv[3], day_of(argv[4]));
	if (argc != 3 || day_of(argv[2]) < 0) {
		fprintf(stderr, "usage: gen DIR YYYY-MM-DD | gen fill IN OUT YYYY-MM-DD\n");
		return 2;
	}
	long today = day_of(argv[2]);
	gen_groups(argv[1], today);
	gen_content(argv[1], today);
	gen_kpi(argv[1], today);
	gen_other(argv[1], today);
	return 0;
}
