/*
 * The calendar's rules, pure: slot statuses and labels, the warnings' words,
 * which playbook actions are content actions and which are due when.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "calendar.h"
#include "cal-internal.h"
#include "dates.h"
#include "i18n.h"
#include "util.h"

static const char *const status_keys[] = {"planned", "drafted", "reviewed", "posted"};
static const char *const status_names[] = {"计划", "初稿", "已审", "已发"};

const char *slot_status_key(enum slot_status s)
{
	return (unsigned)s < SLOT_STATUS_COUNT ? status_keys[s] : "planned";
}

const char *slot_status_name(enum slot_status s)
{
	return (unsigned)s < SLOT_STATUS_COUNT ? status_names[s] : "计划";
}

const char *slot_status_label(enum slot_status s)
{
	/* The msgstrs are status_names: the exports keep those whatever the language. */
	static const char *const labels[] = {N_("planned"), N_("drafted"), N_("reviewed"),
					     N_("posted")};
	return _((unsigned)s < SLOT_STATUS_COUNT ? labels[s] : labels[0]);
}

int slot_status_parse(const char *s)
{
	static const char *const more[] = {"待写", "待审", "已审核", "已发布"};
	/* The stored form first (the key: every slot a week reads), then the names. */
	for (int i = 0; i < SLOT_STATUS_COUNT; i++)
		if (strcmp(s, status_keys[i]) == 0)
			return i;
	for (int i = 0; i < SLOT_STATUS_COUNT; i++)
		if (strcmp(s, status_keys[i]) == 0 || strcmp(s, status_names[i]) == 0 ||
		    strcmp(s, more[i]) == 0)
			return i;
	return -1;
}

const char *cal_slot_label(const struct cal_slot *s)
{
	return s->content_id ? s->title : s->topic;
}

bool cal_slot_empty(const struct cal_slot *s)
{
	return s->content_id == 0 && s->topic[0] == '\0';
}

void cal_slot_clear(struct cal_slot *s)
{
	if (s->strings) {
		/* Read from the database: the nine strings are one allocation. */
		free(s->strings);
		memset(s, 0, sizeof *s);
		return;
	}
	free(s->action_id);
	free(s->title);
	free(s->category);
	free(s->content_form);
	free(s->topic);
	free(s->form);
	free(s->owner);
	free(s->updated_at);
	free(s->updated_by);
	memset(s, 0, sizeof *s);
}

char *calendar_warn_text(unsigned w)
{
	static const struct {
		unsigned bit;
		const char *text;
	} words[] = {
		{CAL_WARN_DUPLICATE, N_("repeat")},
		{CAL_WARN_STAGE, N_("wrong stage")},
		{CAL_WARN_NOT_DUE, N_("no such column")},
		{CAL_WARN_EMPTY_SOON, N_("empty <48h")},
		{CAL_WARN_CATEGORY, N_("wrong category")},
	};
	struct buf b = {0};
	for (size_t i = 0; i < ARRAY_LEN(words); i++)
		if (w & words[i].bit)
			buf_addf(&b, "%s%s", b.len ? " " : "", _(words[i].text));
	buf_str(&b);
	return b.data;
}

int64_t calendar_now(int today)
{
	if (today != date_today())
		return (int64_t)today * 1440;
	time_t t = date_clock();
	struct tm tm;
	localtime_r(&t, &tm);
	return (int64_t)today * 1440 + tm.tm_hour * 60 + tm.tm_min;
}

int calendar_week_start(int day)
{
	return day - date_weekday(day);
}

int calendar_week_first(int day, int first_weekday)
{
	return day - (date_weekday(day) - first_weekday + 7) % 7;
}

void cal_fmt(int day, int at, char date[11], char hhmm[6])
{
	date_format(day, date);
	time_format_hhmm(at, hhmm);
}

/* How specific an action's rule is: a node countdown beats a weekly column beats a daily one. */
static int action_rank(const struct pb_action *a)
{
	if (a->before_node)
		return 5;
	if (a->group_day > 0)
		return 4;
	if (a->every == EVERY_MONTH_START || a->every == EVERY_MONTH_END ||
	    a->every == EVERY_MONTH_DAY)
		return 3;
	if (a->every == EVERY_WEEKDAYS && __builtin_popcount(a->weekdays) < 5)
		return 2;
	return 1;
}

bool calendar_action_is_content(const struct pb_action *a)
{
	return a->at >= 0 && a->category && a->category[0];
}

bool calendar_action_recurring(const struct pb_action *a)
{
	return a->every == EVERY_WEEKDAYS && !a->before_node && a->group_day == 0;
}

/* Earlier time first, then the more specific action, then playbook order. */
static bool due_before(const struct pb_action *a, const struct pb_action *b)
{
	if (a->at != b->at)
		return a->at < b->at;
	return action_rank(a) > action_rank(b);
}

void cal_due_free(struct cal_due *d)
{
	free(d->a);
	memset(d, 0, sizeof *d);
}

/* Room for one more action in out. */
static void due_grow(struct cal_due *out)
{
	if (out->n == out->cap) {
		out->cap = out->cap ? out->cap * 2 : 16;
		out->a = xrealloc(out->a, out->cap * sizeof *out->a);
	}
}

/* Add a to out in calendar_due_actions' order (by time, then most specific first). */
static void due_insert(struct cal_due *out, const struct pb_action *a)
{
	due_grow(out);
	/* Insertion keeps playbook order among equals. */
	size_t j = out->n++;
	while (j > 0 && due_before(a, out->a[j - 1])) {
		out->a[j] = out->a[j - 1];
		j--;
	}
	out->a[j] = a;
}

size_t cal_day_candidates(const struct playbook *pb, int day, struct cal_due *out)
{
	out->n = 0;
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		if (!calendar_action_is_content(a) || !playbook_action_due_day(pb, a, day, NULL))
			continue;
		due_grow(out);
		out->a[out->n++] = a;  /* playbook order */
	}
	return out->n;
}

size_t cal_due_among(const struct playbook *pb, const struct group *g, int day,
		     const struct cal_due *cand, struct cal_due *out)
{
	out->n = 0;
	for (size_t i = 0; i < cand->n; i++)
		if (playbook_action_due_group(pb, cand->a[i], g, day))
			due_insert(out, cand->a[i]);
	return out->n;
}

size_t calendar_due_actions(const struct playbook *pb, const struct group *g, int day, int at,
			    struct cal_due *out)
{
	out->n = 0;
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		if ((at >= 0 && a->at != at) || !calendar_action_is_content(a) ||
		    !playbook_action_due(pb, a, g, day, NULL))
			continue;
		due_insert(out, a);
	}
	return out->n;
}


char *cal_short_title(const char *title)
{
	const char *cut = strstr(title, " (");
	const char *cut2 = strstr(title, "（");
	if (!cut || (cut2 && cut2 < cut))
		cut = cut2;
	return cut && cut > title ? xstrndup(title, (size_t)(cut - title)) : xstrdup(title);
}

