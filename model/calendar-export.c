/* The calendar's month view (nodes, countdowns, flags) and its exports: CSV, Markdown, iCalendar. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "action-text.h"
#include "cal-internal.h"
#include "calendar.h"
#include "content.h"
#include "csv.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "text.h"
#include "util.h"

static const char *const weekday_names[] = {"周一", "周二", "周三", "周四",
					    "周五", "周六", "周日"};
/* The Markdown table's, translated where written (the CSV keeps weekday_names). */
static const char *const md_weekdays[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					  N_("Fri"), N_("Sat"), N_("Sun")};

/* Is the slot about the node: an action counting down to it, or its name in the text? */
static bool slot_for_node(const struct playbook *pb, const struct cal_slot *s,
			  const struct pb_node *node)
{
	if (cal_slot_empty(s))
		return false;
	const struct pb_action *a = s->action_id ? playbook_action(pb, s->action_id) : NULL;
	if (a && a->before_node && strcmp(a->before_node, node->name) == 0)
		return true;
	return strstr(s->title, node->name) || strstr(s->topic, node->name);
}

/* Does pb have an action counting down to node? */
static bool node_has_actions(const struct playbook *pb, const struct pb_node *node)
{
	for (size_t k = 0; k < pb->n_actions; k++)
		if (pb->actions[k].before_node && strcmp(pb->actions[k].before_node, node->name) == 0)
			return true;
	return false;
}

/*
 * Which groups have nothing planned for the node in its lead window; "" if none.
 * Each group is judged by its own playbook's countdown actions.
 */
static int node_missing(struct db *db, const struct playbook_set *set,
			const struct group *groups, size_t n_groups, const struct pb_node *node,
			int date, char **missing, char **cause)
{
	struct cal_slot *slots;
	size_t n;
	int lead = node->lead_days > 0 ? node->lead_days : 0;
	if (cal_slots_load(db, date - lead, date, 0, &slots, &n, cause) < 0)
		return -1;
	/* Only groups one of the node's countdown actions applies to (types, stages). */
	struct buf b = {0};
	for (size_t g = 0; g < n_groups; g++) {
		if (groups[g].created > date)
			continue;
		const struct playbook *pb = playbook_set_for(set, &groups[g]);
		/* A group whose own playbook has no such node (another line's) is not concerned. */
		if (!playbook_node(pb, node->name))
			continue;
		bool concerned = !node_has_actions(pb, node);
		for (size_t k = 0; k < pb->n_actions && !concerned; k++) {
			const struct pb_action *a = &pb->actions[k];
			if (!a->before_node || strcmp(a->before_node, node->name) != 0)
				continue;
			for (size_t d = 0; d < a->n_days_before && !concerned; d++)
				concerned = playbook_action_due(pb, a, &groups[g],
								date - a->days_before[d], NULL);
		}
		if (!concerned)
			continue;
		bool planned = false;
		for (size_t i = 0; i < n && !planned; i++)
			planned = slots[i].group_id == groups[g].id &&
				  slot_for_node(pb, &slots[i], node);
		if (!planned)
			buf_addf(&b, "%s%s", b.len ? "、" : "", groups[g].name);
	}
	cal_slots_free(slots, n);
	buf_str(&b);
	*missing = b.data;
	return 0;
}

static int node_info_cmp(const void *a, const void *b)
{
	const struct cal_node_info *x = a, *y = b;
	return (x->date > y->date) - (x->date < y->date);
}

int calendar_month(struct db *db, const struct playbook *pb, int year, int month,
		   const char *group_name, int today, struct cal_month *out, char **cause)
{
	/* Every group on pb: a set of one, which every group falls back to. */
	struct playbook *one = (struct playbook *)pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	return calendar_month_set(db, &set, year, month, group_name, today, out, cause);
}

int calendar_month_set(struct db *db, const struct playbook_set *set, int year, int month,
		       const char *group_name, int today, struct cal_month *out, char **cause)
{
	/* The year's nodes are the workspace's (the default playbook's); due cells each group's. */
	const struct playbook *pb = set->fallback;
	memset(out, 0, sizeof *out);
	if (month < 1 || month > 12 || !date_valid_ymd(year, month, 1))
		return set_cause(cause, _("%04d-%02d is not a month"), year, month);
	out->year = year;
	out->month = month;
	int first = date_from_ymd(year, month, 1);
	out->n_days = (size_t)date_days_in_month(year, month);
	int last = first + (int)out->n_days - 1;
	struct group *groups;
	size_t n_groups;
	if (cal_groups_load(db, group_name, &groups, &n_groups, cause) < 0)
		return -1;
	struct cal_slot *slots = NULL;
	size_t n_slots = 0;
	int rc = cal_slots_load(db, first, last, group_name ? groups[0].id : 0, &slots, &n_slots,
				cause);
	out->days = xcalloc(out->n_days, sizeof *out->days);
	struct cal_due dd = {0};
	/* The slots come by day, time, group: each day's are a range (was: all, per group). */
	size_t day_first = 0;
	for (size_t i = 0; i < out->n_days && rc == 0; i++) {
		struct cal_month_day *md = &out->days[i];
		md->day = first + (int)i;
		while (day_first < n_slots && slots[day_first].day < md->day)
			day_first++;
		size_t day_end = day_first;
		while (day_end < n_slots && slots[day_end].day == md->day)
			day_end++;
		/* Both counts are over the same set: the content actions due that day. */
		for (size_t g = 0; g < n_groups; g++) {
			size_t k = calendar_due_actions(playbook_set_for(set, &groups[g]), &groups[g],
							md->day, -1, &dd);
			const struct pb_action *const *due = dd.a;
			md->n_due += k;
			for (size_t s = day_first; s < day_end; s++) {
				const struct cal_slot *sl = &slots[s];
				if (sl->group_id != groups[g].id || cal_slot_empty(sl))
					continue;
				for (size_t a = 0; a < k; a++)
					if (due[a]->at == sl->at &&
					    (!sl->action_id || strcmp(sl->action_id, due[a]->id) == 0)) {
						md->n_filled++;
						break;
					}
			}
		}
		/* Every node of the day: none dropped however many fall on it. */
		for (size_t k = 0; k < pb->n_nodes; k++)
			if (playbook_node_next(&pb->nodes[k], md->day) == md->day) {
				if (!md->nodes)
					md->nodes = xcalloc(pb->n_nodes, sizeof *md->nodes);
				md->nodes[md->n_nodes++] = pb->nodes[k].name;
			}
	}
	cal_due_free(&dd);
	out->upcoming = xcalloc(pb->n_nodes ? pb->n_nodes : 1, sizeof *out->upcoming);
	for (size_t k = 0; k < pb->n_nodes && rc == 0; k++) {
		const struct pb_node *node = &pb->nodes[k];
		int date = playbook_node_next(node, today);
		if (date == DATE_INVALID)
			continue;
		struct cal_node_info *ni = &out->upcoming[out->n_upcoming++];
		ni->node = node;
		ni->date = date;
		ni->days_left = date - today;
		ni->in_lead = ni->days_left <= node->lead_days;
		ni->missing = NULL;
		if (ni->in_lead)
			rc = node_missing(db, set, groups, n_groups, node, date, &ni->missing, cause);
		else
			ni->missing = xstrdup("");
		ni->flagged = ni->missing && ni->missing[0];
	}
	if (out->n_upcoming > 1)
		qsort(out->upcoming, out->n_upcoming, sizeof *out->upcoming, node_info_cmp);
	cal_slots_free(slots, n_slots);
	group_list_free(groups, n_groups);
	if (rc < 0)
		calendar_month_free(out);
	return rc;
}

void calendar_month_free(struct cal_month *m)
{
	for (size_t i = 0; i < m->n_upcoming; i++)
		free(m->upcoming[i].missing);
	free(m->upcoming);
	for (size_t i = 0; m->days && i < m->n_days; i++)
		free(m->days[i].nodes);
	free(m->days);
	memset(m, 0, sizeof *m);
}

/* ---- exports ---- */

int calendar_format_parse(const char *s)
{
	if (!s || strcmp(s, "csv") == 0)
		return CAL_CSV;
	if (strcmp(s, "md") == 0 || strcmp(s, "markdown") == 0)
		return CAL_MARKDOWN;
	if (strcmp(s, "ics") == 0 || strcmp(s, "ical") == 0 || strcmp(s, "icalendar") == 0)
		return CAL_ICS;
	return -1;
}

/* One line of the export: a fillable cell or a stored slot. */
struct entry {
	int day, at;
	const struct group *group;
	const struct pb_action *action;  /* NULL: a slot where nothing is due */
	const struct cal_slot *slot;     /* NULL: empty */
	const struct playbook *pb;       /* the group's own playbook */
};

static int entry_cmp(const void *a, const void *b)
{
	const struct entry *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	int c = strcmp(x->group->name, y->group->name);
	if (c || x->group->id != y->group->id)
		return c ? c : (x->group->id > y->group->id) - (x->group->id < y->group->id);
	/* Two actions at one time: playbook order would need the index; ids are stable. */
	const char *p = x->action ? x->action->id : x->slot && x->slot->action_id
		? x->slot->action_id : "";
	const char *q = y->action ? y->action->id : y->slot && y->slot->action_id
		? y->slot->action_id : "";
	return strcmp(p, q);
}

static void entry_add(struct entry **e, size_t *n, size_t *cap, struct entry v)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 64;
		*e = xrealloc(*e, *cap * sizeof **e);
	}
	(*e)[(*n)++] = v;
}

/* The due action a stored slot belongs to: its own, or the time's first for one without. */
static const struct pb_action *slot_due(const struct playbook *pb, const struct group *g,
					const struct cal_slot *s)
{
	struct cal_due due = {0};
	size_t k = calendar_due_actions(pb, g, s->day, s->at, &due);
	const struct pb_action *hit = NULL;
	for (size_t i = 0; i < k && !hit; i++)
		if (!s->action_id || strcmp(s->action_id, due.a[i]->id) == 0)
			hit = due.a[i];
	cal_due_free(&due);
	return hit;
}

/* Every content action due (a fillable slot) and every stored slot, in order. */
static void collect(const struct playbook_set *set, int from, int to,
		    const struct group *groups, size_t n_groups, const struct cal_slot *slots,
		    size_t n_slots, struct entry **out, size_t *n)
{
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	for (size_t s = 0; s < n_slots; s++) {
		const struct group *g = NULL;
		for (size_t i = 0; i < n_groups && !g; i++)
			if (groups[i].id == slots[s].group_id)
				g = &groups[i];
		if (!g)
			continue;
		const struct playbook *pb = playbook_set_for(set, g);
		entry_add(out, n, &cap, (struct entry){slots[s].day, slots[s].at, g,
						       slot_due(pb, g, &slots[s]), &slots[s], pb});
	}
	size_t stored = *n;
	struct cal_due dd = {0};
	for (int day = from; day <= to; day++)
		for (size_t g = 0; g < n_groups; g++) {
			const struct playbook *pb = playbook_set_for(set, &groups[g]);
			size_t k = calendar_due_actions(pb, &groups[g], day, -1, &dd);
			const struct pb_action *const *due = dd.a;
			for (size_t a = 0; a < k; a++) {
				bool have = false;
				for (size_t e = 0; e < stored && !have; e++)
					have = (*out)[e].group == &groups[g] && (*out)[e].day == day &&
					       (*out)[e].action == due[a];
				if (!have)
					entry_add(out, n, &cap, (struct entry){day, due[a]->at,
									       &groups[g], due[a],
									       NULL, pb});
			}
		}
	cal_due_free(&dd);
	if (*n > 1)
		qsort(*out, *n, sizeof **out, entry_cmp);
}

/* The values of one entry as text columns. */
struct entry_text {
	char date[11], hhmm[6];
	char *column, *what, *category, *form, *owner;
	const char *status;
	int64_t content_id;
};

static void entry_text(const struct entry *e, struct entry_text *t)
{
	const struct playbook *pb = e->pb;
	cal_fmt(e->day, e->at, t->date, t->hhmm);
	t->column = e->action ? cal_short_title(e->action->title) : xstrdup("");
	const struct cal_slot *s = e->slot;
	t->what = xstrdup(s ? cal_slot_label(s) : "");
	const struct pb_category *cat = s && s->category[0] ? playbook_category(pb, s->category)
							     : NULL;
	t->category = xstrdup(cat ? cat->name : s ? s->category : "");
	const char *form = s ? (s->content_id && s->content_form[0] ? s->content_form : s->form)
			     : "";
	const char *fname = form[0] ? content_form_name(form) : NULL;
	t->form = xstrdup(fname ? fname : form);
	t->owner = xstrdup(s ? s->owner : "");
	t->status = s && !cal_slot_empty(s) ? slot_status_name(s->status) : "";
	t->content_id = s ? s->content_id : 0;
}

static void entry_text_clear(struct entry_text *t)
{
	free(t->column);
	free(t->what);
	free(t->category);
	free(t->form);
	free(t->owner);
}

/* A Markdown table cell: pipes escaped, line breaks and controls as spaces. */
static void md_cell(FILE *out, const char *s)
{
	char *safe = text_sanitize(s, false);
	fputs(" ", out);
	for (const char *p = safe; *p; p++) {
		if (*p == '|')
			fputs("\\|", out);
		else
			fputc(*p, out);
	}
	fputs(" |", out);
	free(safe);
}

char *ics_escape(const char *s)
{
	struct buf b = {0};
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '\\': buf_adds(&b, "\\\\"); break;
		case ';': buf_adds(&b, "\\;"); break;
		case ',': buf_adds(&b, "\\,"); break;
		case '\n': buf_adds(&b, "\\n"); break;
		case '\r': break;
		default:
			/* Other controls are not allowed in TEXT (RFC 5545 3.3.11). */
			if (*p < 0x20 || *p == 0x7f)
				buf_add(&b, " ", 1);
			else
				buf_add(&b, p, 1);
		}
	}
	buf_str(&b);
	return b.data;
}

void ics_fold(const char *line, struct buf *out)
{
	size_t len = strlen(line), pos = 0;
	bool first = true;
	while (true) {
		size_t room = first ? 75 : 74;  /* a continuation starts with one space */
		size_t take = len - pos;
		if (take > room) {
			take = room;
			/* Never split a UTF-8 character: back up to its first byte. */
			while (take > 0 && ((unsigned char)line[pos + take] & 0xC0) == 0x80)
				take--;
		}
		if (!first)
			buf_add(out, " ", 1);
		buf_add(out, line + pos, take);
		buf_add(out, "\r\n", 2);
		pos += take;
		first = false;
		if (pos >= len)
			break;
	}
}

/* A property whose value is TEXT: escaped and folded. */
static void ics_text(struct buf *b, const char *name, const char *value)
{
	char *esc = ics_escape(value);
	char *line = xasprintf("%s:%s", name, esc);
	ics_fold(line, b);
	free(line);
	free(esc);
}

/* A stored time (UTC with Z, or an old naive local one) as UTC "YYYYMMDDTHHMMSSZ". */
static void ics_stamp(const char *stored, char out[17])
{
	time_t t = 0;
	if (date_stamp_parse(stored, &t) < 0)
		t = 0;
	struct tm utc;
	gmtime_r(&t, &utc);
	strftime(out, 17, "%Y%m%dT%H%M%SZ", &utc);
}

/*
 * The text an entry posts (--with-body): the content's body, else the action's
 * template filled in for that group and day, else "" (the column says what it is).
 */
static char *entry_body(struct db *db, const struct entry *e)
{
	const struct playbook *pb = e->pb;
	const struct cal_slot *s = e->slot;
	if (s && s->content_id) {
		struct content_item c;
		char *cause = NULL;
		if (content_get(db, s->content_id, &c, &cause) == 0) {
			struct buf b = {0};
			for (const char *p = c.body; *p; p++)
				if (!(p[0] == '\r' && p[1] == '\n'))
					buf_add(&b, p, 1);
			content_item_clear(&c);
			buf_str(&b);
			if (*b.data)
				return b.data;
			buf_free(&b);
		}
		free(cause);
	}
	if (!e->action)
		return xstrdup("");
	int node_days = 0;
	bool due = playbook_action_due(pb, e->action, e->group, e->day, &node_days);
	char *t = action_text_template(pb, e->action, e->group, e->day,
				       due ? e->action->before_node : NULL, node_days, NULL, false);
	return t ? t : xstrdup("");
}

/* A filled slot (content or a topic): what an export lists without --with-empty. */
static bool entry_filled(const struct entry *e)
{
	return e->slot && !cal_slot_empty(e->slot);
}

static void export_ics(struct db *db, const struct entry *e, size_t n, bool with_body,
		       FILE *out, size_t *count)
{
	struct buf b = {0};
	buf_adds(&b, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sopdeck//content calendar//ZH\r\n"
		     "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n");
	ics_text(&b, "X-WR-CALNAME", "sopdeck 内容排期");
	for (size_t i = 0; i < n; i++) {
		if (!e[i].slot || cal_slot_empty(e[i].slot))
			continue;
		struct entry_text t;
		entry_text(&e[i], &t);
		char ymd[9], hm[5], stamp[17];
		snprintf(ymd, sizeof ymd, "%.4s%.2s%.2s", t.date, t.date + 5, t.date + 8);
		snprintf(hm, sizeof hm, "%.2s%.2s", t.hhmm, t.hhmm + 3);
		ics_stamp(e[i].slot->updated_at, stamp);
		buf_adds(&b, "BEGIN:VEVENT\r\n");
		/* Per action: two actions at one time are two events. */
		const char *key = e[i].slot->action_id ? e[i].slot->action_id : "";
		buf_addf(&b, "UID:slot-%lld-%s-%s%s%s@sopdeck\r\n", (long long)e[i].group->id, ymd,
			 hm, key[0] ? "-" : "", key);
		buf_addf(&b, "DTSTAMP:%s\r\n", stamp);
		/* Real UTC: 08:30 in the workspace's zone (Beijing) is 00:30Z, wherever
		   the server or the calendar app is. */
		char start[17];
		struct tm su;
		time_t st = date_local_instant(date_parse(t.date), time_parse_hhmm(t.hhmm));
		gmtime_r(&st, &su);
		strftime(start, sizeof start, "%Y%m%dT%H%M%SZ", &su);
		buf_addf(&b, "DTSTART:%s\r\nDURATION:PT30M\r\n", start);
		char *summary = xasprintf("[%s] %s%s%s", e[i].group->name, t.column,
					  t.column[0] ? "：" : "", t.what);
		ics_text(&b, "SUMMARY", summary);
		free(summary);
		char *desc = xasprintf("群：%s\n栏目：%s\n内容：%s\n分类：%s\n形式：%s\n负责人：%s\n"
				       "状态：%s", e[i].group->name, t.column, t.what, t.category,
				       t.form, t.owner, t.status);
		if (with_body) {
			char *body = entry_body(db, &e[i]);
			char *more = xasprintf("%s\n\n%s", desc, body);
			free(desc);
			free(body);
			desc = more;
		}
		ics_text(&b, "DESCRIPTION", desc);
		free(desc);
		if (t.category[0])
			ics_text(&b, "CATEGORIES", t.category);
		buf_addf(&b, "STATUS:%s\r\n",
			 e[i].slot->status >= SLOT_REVIEWED ? "CONFIRMED" : "TENTATIVE");
		buf_adds(&b, "END:VEVENT\r\n");
		entry_text_clear(&t);
		(*count)++;
	}
	buf_adds(&b, "END:VCALENDAR\r\n");
	fwrite(b.data, 1, b.len, out);
	buf_free(&b);
}

int calendar_export(struct db *db, const struct playbook *pb, int from, int to,
		    const char *group_name, enum cal_format fmt, FILE *out, size_t *count,
		    char **cause)
{
	return calendar_export_with(db, pb, from, to, group_name, fmt, NULL, out, count, cause);
}

int calendar_export_with(struct db *db, const struct playbook *pb, int from, int to,
			 const char *group_name, enum cal_format fmt,
			 const struct cal_export_opts *opts, FILE *out, size_t *count, char **cause)
{
	/* Every group on pb: a set of one, which every group falls back to. */
	struct playbook *one = (struct playbook *)pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	return calendar_export_set(db, &set, from, to, group_name, fmt, opts, out, count, cause);
}

int calendar_export_set(struct db *db, const struct playbook_set *set, int from, int to,
			const char *group_name, enum cal_format fmt,
			const struct cal_export_opts *opts, FILE *out, size_t *count, char **cause)
{
	static const struct cal_export_opts plain = {false, false};
	if (!opts)
		opts = &plain;
	*count = 0;
	if (to < from)
		return set_cause(cause, _("empty date range"));
	struct group *groups;
	size_t n_groups;
	if (cal_groups_load(db, group_name, &groups, &n_groups, cause) < 0)
		return -1;
	struct cal_slot *slots;
	size_t n_slots;
	if (cal_slots_load(db, from, to, group_name ? groups[0].id : 0, &slots, &n_slots,
			   cause) < 0) {
		group_list_free(groups, n_groups);
		return -1;
	}
	struct entry *e;
	size_t n;
	collect(set, from, to, groups, n_groups, slots, n_slots, &e, &n);
	static const char *const heads[] = {"日期", "星期", "时间", "群", "栏目", "内容ID",
					    "内容/主题", "分类", "形式", "负责人", "状态", "正文"};
	/* The text column only with --with-body. */
	size_t n_heads = ARRAY_LEN(heads) - !opts->with_body;
	if (fmt == CAL_ICS) {
		export_ics(db, e, n, opts->with_body, out, count);
	} else {
		if (fmt == CAL_CSV) {
			csv_write_bom(out);
			csv_write_row(out, heads, n_heads);
		} else {
			char a[11], b[11];
			date_format(from, a);
			date_format(to, b);
			/* A table to read, not to import: in the interface's language. */
			static const char *const md_heads[] = {
				N_("Date"),     N_("Weekday"), N_("Time"),   N_("Group"),
				N_("Column"),   N_("Content ID"), N_("Content/topic"),
				N_("Category"), N_("Form"),    N_("Owner"),  N_("Status"),
				N_("Text")};
			fprintf(out, "### %s %s ~ %s\n\n|", _("Content schedule"), a, b);
			for (size_t i = 0; i < n_heads; i++)
				md_cell(out, _(md_heads[i]));
			fputs("\n|", out);
			for (size_t i = 0; i < n_heads; i++)
				fputs(" --- |", out);
			fputc('\n', out);
		}
		for (size_t i = 0; i < n; i++) {
			/* 4 filled slots are 4 lines, not 200 empty ones around them. */
			if (!opts->with_empty && !entry_filled(&e[i]))
				continue;
			struct entry_text t;
			entry_text(&e[i], &t);
			char id[24] = "";
			if (t.content_id)
				snprintf(id, sizeof id, "%lld", (long long)t.content_id);
			char *body = opts->with_body ? entry_body(db, &e[i]) : NULL;
			if (body && fmt == CAL_MARKDOWN) {
				/* A table row is one line: line breaks as <br>. */
				struct buf b = {0};
				for (const char *p = body; *p; p++)
					if (*p == '\n')
						buf_adds(&b, "<br>");
					else
						buf_add(&b, p, 1);
				free(body);
				buf_str(&b);
				body = b.data;
			}
			const char *v[] = {t.date, weekday_names[date_weekday(e[i].day)], t.hhmm,
					   e[i].group->name, t.column, id, t.what, t.category,
					   t.form, t.owner, t.status, body ? body : ""};
			if (fmt == CAL_CSV) {
				csv_write_row(out, v, n_heads);
			} else {
				/* The sheet's words (CSV: what import reads) as the interface says them. */
				v[1] = _(md_weekdays[date_weekday(e[i].day)]);
				if (*t.status)
					v[10] = slot_status_label(e[i].slot->status);
				if (i18n_lang() == I18N_EN && *t.form && e[i].slot)
					v[8] = e[i].slot->content_id && e[i].slot->content_form[0]
						       ? e[i].slot->content_form
						       : e[i].slot->form;
				fputc('|', out);
				for (size_t k = 0; k < n_heads; k++)
					md_cell(out, v[k]);
				fputc('\n', out);
			}
			free(body);
			entry_text_clear(&t);
			(*count)++;
		}
	}
	free(e);
	cal_slots_free(slots, n_slots);
	group_list_free(groups, n_groups);
	return 0;
}
