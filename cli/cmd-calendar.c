/*
 * sopdeck calendar [--week YYYY-Www | --month YYYY-MM] [--group NAME] [--json]
 * sopdeck schedule --group NAME --date D --slot HH:MM [--action ID] (--content ID | --topic T
 *     ... | --status S | --clear | --move-to-date D2 [--move-to-slot T2] | --copy-to-date ...)
 * sopdeck schedule [--group NAME] --copy-week YYYY-Www;  sopdeck schedule --undo | --redo
 * sopdeck export calendar (the exporter in cli/cmd-export.c's table).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "calendar.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/* A key and its value: the pairs every JSON object here is made of. */
static void kv_str(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

static void kv_str_or_null(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str_or_null(j, s);
}

static void kv_int(struct json *j, const char *key, long long v)
{
	json_key(j, key);
	json_int(j, v);
}

static void kv_bool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}

/* The document's outer object on stdout (the last json_end closes it). */
static void doc_begin(struct json *j)
{
	json_init(j, stdout);
	json_object(j);
}

/* A day as "YYYY-MM-DD" and a time of day as "HH:MM". */
static void kv_date(struct json *j, const char *key, int day)
{
	char date[11];
	date_format(day, date);
	kv_str(j, key, date);
}

static void kv_time(struct json *j, const char *key, int at)
{
	char hhmm[6];
	time_format_hhmm(at, hhmm);
	kv_str(j, key, hhmm);
}

/* A key opening an array (json_end closes it). */
static void kv_array(struct json *j, const char *key)
{
	json_key(j, key);
	json_array(j);
}

/* Translated where printed: 周一 .. in Chinese, Mon .. in English. */
static const char *const weekdays[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
				       N_("Fri"), N_("Sat"), N_("Sun")};

/* A day and a time as "YYYY-MM-DD" and "HH:MM". */
static void cal_fmt_cli(int day, int at, char date[11], char hhmm[6])
{
	date_format(day, date);
	time_format_hhmm(at, hhmm);
}

/* "YYYY-MM" into year and month; false if malformed. */
static bool parse_month(const char *s, int *y, int *m)
{
	char extra;
	if (strlen(s) != 7 || s[4] != '-' || sscanf(s, "%4d-%2d%c", y, m, &extra) != 2)
		return false;
	return *m >= 1 && *m <= 12 && *y >= 1 && date_valid_ymd(*y, *m, 1);
}

static void json_warnings(struct json *j, unsigned w)
{
	static const struct {
		unsigned bit;
		const char *key;
	} keys[] = {
		{CAL_WARN_DUPLICATE, "duplicate"},
		{CAL_WARN_STAGE, "stage"},
		{CAL_WARN_NOT_DUE, "not_due"},
		{CAL_WARN_EMPTY_SOON, "empty_soon"},
		{CAL_WARN_CATEGORY, "category"},
	};
	json_array(j);
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (w & keys[i].bit)
			json_str(j, keys[i].key);
	json_end(j);
}

/* A cell's first members: its day, time and action (what every group's cell of that row,
   day and action shares). */
static void cell_head_write(struct json *j, const char *date, const char *time,
			    const struct pb_action *a)
{
	kv_str(j, "date", date);
	kv_str(j, "time", time);
	kv_bool(j, "fillable", a != NULL);
	kv_str_or_null(j, "action", a ? a->id : NULL);
	kv_str_or_null(j, "action_title", a ? a->title : NULL);
}

/* A cell's last members when no A/B test runs in it and nothing warns. */
static void cell_tail_plain_write(struct json *j)
{
	json_key(j, "ab");
	json_null(j);
	json_key(j, "warnings");
	json_array(j);
	json_end(j);
}

/* Members written once by the writer into memory (json_members copies them after). */
struct members {
	const struct pb_action *action;  /* a head's: whose it is */
	bool made;
	char *buf;                       /* "{" and the members; NULL: write them each time */
	size_t len;
};

/* Make m from what write writes (head: date, time, a; else the plain tail). */
static void members_make(struct members *m, const char *date, const char *time,
			 const struct pb_action *a, bool head)
{
	free(m->buf);
	*m = (struct members){.action = a, .made = true};
	FILE *f = open_memstream(&m->buf, &m->len);
	if (!f)
		return;  /* written the long way, as before */
	struct json t;
	json_init(&t, f);
	json_object(&t);
	if (head)
		cell_head_write(&t, date, time, a);
	else
		cell_tail_plain_write(&t);
	if (fclose(f) != 0 || m->len < 1) {
		free(m->buf);
		m->buf = NULL;
	}
}

/* A slot's members after its title: what a team's slots mostly share (a few categories,
   owners and statuses, topic and form mostly empty). */
static void slot_tail_write(struct json *j, const struct cal_slot *s)
{
	kv_str_or_null(j, "category", s->category);
	kv_str(j, "topic", s->topic ? s->topic : "");
	kv_str(j, "form", s->form ? s->form : "");
	kv_str(j, "owner", s->owner ? s->owner : "");
	kv_str(j, "status", slot_status_key(s->status));
	kv_str(j, "updated_by", s->updated_by ? s->updated_by : "");
}

/*
 * The slot tails written so far, by their fields' bytes: each distinct tail is escaped
 * once (into one memory stream, then copied) and copied after (json_members). At most
 * TAIL_MEMO of them; past that, or for long fields, a tail is written the long way.
 */
#define TAIL_MEMO 512
struct tail_memo {
	struct tail_entry {
		uint64_t hash;
		char *key, *text;          /* NULL: free */
		size_t key_len, len;
	} e[TAIL_MEMO * 2];                /* open addressing, at most half full */
	size_t used;
	FILE *f;                           /* the stream tails are made in */
	char *buf;
	size_t buf_len;
	bool broken;                       /* the stream failed: no memo */
};

/* The tail's fields as one key (each field's length, then its bytes); false if too long. */
static bool slot_tail_key(const struct cal_slot *s, char *key, size_t cap, size_t *len)
{
	const char *f[6] = {s->category, s->topic, s->form, s->owner, slot_status_key(s->status),
			    s->updated_by};
	size_t n = 0;
	for (int i = 0; i < 6; i++) {
		size_t l = f[i] ? strlen(f[i]) : 0;
		if (l > 255 || n + 1 + l > cap)
			return false;
		key[n++] = (char)l;
		if (l)
			memcpy(key + n, f[i], l);
		n += l;
	}
	*len = n;
	return true;
}

/* Write s's tail: copied from the memo when it was made before, made (and kept) else. */
static void slot_tail(struct json *j, struct tail_memo *m, const struct cal_slot *s)
{
	char key[512];
	size_t key_len;
	if (m->broken || !slot_tail_key(s, key, sizeof key, &key_len)) {
		slot_tail_write(j, s);
		return;
	}
	uint64_t h = 0xcbf29ce484222325ULL;  /* FNV-1a */
	for (size_t i = 0; i < key_len; i++)
		h = (h ^ (unsigned char)key[i]) * 0x100000001b3ULL;
	size_t at = (size_t)(h >> 40) % (TAIL_MEMO * 2);
	struct tail_entry *e = &m->e[at];
	while (e->key && !(e->hash == h && e->key_len == key_len &&
			   memcmp(e->key, key, key_len) == 0)) {
		at = (at + 1) % (TAIL_MEMO * 2);
		e = &m->e[at];
	}
	if (e->key) {
		json_members(j, e->text, e->len);
		return;
	}
	if (m->used == TAIL_MEMO) {
		slot_tail_write(j, s);
		return;
	}
	if (!m->f && !(m->f = open_memstream(&m->buf, &m->buf_len))) {
		m->broken = true;
		slot_tail_write(j, s);
		return;
	}
	struct json t;
	json_init(&t, m->f);
	json_object(&t);
	slot_tail_write(&t, s);
	long end = fflush(m->f) == 0 ? ftell(m->f) : -1;
	if (end < 1 || fseek(m->f, 0, SEEK_SET) != 0) {
		m->broken = true;
		slot_tail_write(j, s);
		return;
	}
	*e = (struct tail_entry){.hash = h, .key = xmalloc(key_len), .key_len = key_len,
				 .text = xmalloc((size_t)end - 1), .len = (size_t)end - 1};
	memcpy(e->key, key, key_len);
	memcpy(e->text, m->buf + 1, e->len);  /* after its "{" */
	m->used++;
	json_members(j, e->text, e->len);
}

static void tail_memo_free(struct tail_memo *m)
{
	for (size_t i = 0; i < TAIL_MEMO * 2; i++) {
		free(m->e[i].key);
		free(m->e[i].text);
	}
	if (m->f)
		fclose(m->f);
	free(m->buf);
}

/*
 * One cell of the week: its action and slot, warnings, the duplicate's date (date and time
 * as text, formatted once per week rather than per cell). head: the members the row's
 * cells of that day share, made again when the action differs; tail: the plain ending.
 */
static void print_cell_json(struct json *j, const char *date, const char *time,
			    const struct cal_cell *c, struct members *head,
			    const struct members *tail, struct tail_memo *slot_tails)
{
	json_object(j);
	if (!head->made || head->action != c->action)
		members_make(head, date, time, c->action, true);
	if (head->buf)
		json_members(j, head->buf + 1, head->len - 1);
	else
		cell_head_write(j, date, time, c->action);
	json_key(j, "slot");
	if (c->slot) {
		const struct cal_slot *s = c->slot;
		json_object(j);
		json_key(j, "content_id");
		if (s->content_id)
			json_int(j, s->content_id);
		else
			json_null(j);
		kv_str_or_null(j, "title", s->content_id ? s->title : NULL);
		slot_tail(j, slot_tails, s);
		json_end(j);
	} else {
		json_null(j);
	}
	if (!c->ab_arm && !c->warn && tail->buf) {
		json_members(j, tail->buf + 1, tail->len - 1);
		json_end(j);
		return;
	}
	/* The A/B test that decides this day's copy or time, or null. */
	json_key(j, "ab");
	if (c->ab_arm) {
		char arm[2] = {c->ab_arm, 0}, t[6] = "";
		json_object(j);
		kv_str(j, "test", c->ab_test);
		kv_str(j, "arm", arm);
		json_key(j, "time");
		if (c->ab_at >= 0) {
			time_format_hhmm(c->ab_at, t);
			json_str(j, t);
		} else {
			json_null(j);
		}
		kv_str(j, "copy", c->ab_copy);
		json_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "warnings");
	json_warnings(j, c->warn);
	if (c->warn & CAL_WARN_DUPLICATE) {
		char dup[11];
		date_format(c->dup_day, dup);
		kv_str(j, "duplicate_of", dup);
	}
	json_end(j);
}

static void print_week_json(const struct cal_week *w)
{
	char start[11], end[11], week[16];
	date_format(w->start, start);
	date_format(w->start + 6, end);
	snprintf(week, sizeof week, "%04d-W%02d", w->iso_year, w->iso_week);
	struct json j;
	doc_begin(&j);
	kv_str(&j, "week", week);
	kv_str(&j, "start", start);
	kv_str(&j, "end", end);
	kv_array(&j, "rows");
	for (size_t r = 0; r < w->n_rows; r++) {
		json_object(&j);
		kv_time(&j, "time", w->rows[r].at);
		kv_str(&j, "label", w->rows[r].label ? w->rows[r].label : "");
		kv_str_or_null(&j, "action", w->rows[r].action_id);
		kv_bool(&j, "daily", w->rows[r].daily);
		json_end(&j);
	}
	json_end(&j);
	char dates[7][11], (*times)[6] = xcalloc(w->n_rows ? w->n_rows : 1, sizeof *times);
	for (int d = 0; d < 7; d++)
		date_format(w->start + d, dates[d]);
	for (size_t r = 0; r < w->n_rows; r++)
		time_format_hhmm(w->rows[r].at, times[r]);
	/* Each (row, day)'s first members, escaped once per action rather than per cell. */
	struct members *heads = xcalloc(w->n_rows ? w->n_rows * 7 : 1, sizeof *heads), tail = {0};
	struct tail_memo *slot_tails = xcalloc(1, sizeof *slot_tails);
	members_make(&tail, NULL, NULL, NULL, false);
	kv_array(&j, "groups");
	for (size_t g = 0; g < w->n_groups; g++) {
		const struct cal_group_week *gw = &w->groups[g];
		json_object(&j);
		kv_int(&j, "id", gw->group.id);
		kv_str(&j, "name", gw->group.name);
		kv_str_or_null(&j, "stage", gw->stage ? gw->stage->key : NULL);
		kv_str(&j, "playbook", gw->pb ? gw->pb->name : "");
		kv_array(&j, "cells");
		for (size_t r = 0; r < w->n_rows; r++)
			for (int d = 0; d < 7; d++) {
				const struct cal_cell *c = calendar_cell(w, g, r, d);
				if (c->action || c->slot)
					print_cell_json(&j, dates[d], times[r], c,
							&heads[r * 7 + (size_t)d], &tail,
							slot_tails);
			}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	for (size_t i = 0; i < w->n_rows * 7; i++)
		free(heads[i].buf);
	free(heads);
	free(tail.buf);
	tail_memo_free(slot_tails);
	free(slot_tails);
	free(times);
	kv_array(&j, "mix");
	for (size_t i = 0; i < w->n_mix; i++) {
		json_object(&j);
		kv_str(&j, "key", w->mix[i].key ? w->mix[i].key : "");
		kv_str(&j, "name", w->mix[i].name ? w->mix[i].name : "");
		kv_int(&j, "target", w->mix[i].target);
		kv_int(&j, "used", (long long)w->mix[i].used);
		json_key(&j, "share");
		json_fixed(&j, w->mix[i].share, 1);
		json_end(&j);
	}
	json_end(&j);
	kv_int(&j, "content_total", (long long)w->mix_total);
	kv_int(&j, "content_other", (long long)w->mix_other);
	kv_int(&j, "due", (long long)w->n_due);
	kv_int(&j, "filled", (long long)w->n_filled);
	kv_int(&j, "warnings", (long long)w->n_warnings);
	json_end(&j);
}

/* One column of text, cut and padded by display width (the one column printer). */
static void cell(const char *s, int cols)
{
	out_cell(stdout, s, cols, NULL);
}

static void print_week_text(const struct cal_week *w)
{
	char start[11], end[11];
	date_format(w->start, start);
	date_format(w->start + 6, end);
	printf("%04d-W%02d  %s ~ %s  ", w->iso_year, w->iso_week, start, end);
	printf(_("filled %zu/%zu"), w->n_filled, w->n_due);
	if (w->n_warnings) {
		fputs("  ", stdout);
		printf(_("warnings %zu"), w->n_warnings);
	}
	printf("\n%s", _("content mix"));
	for (size_t i = 0; i < w->n_mix; i++) {
		fputs("  ", stdout);
		out_text(stdout, w->mix[i].name);
		printf(" %.0f%%/%d%%", w->mix[i].share, w->mix[i].target);
	}
	fputs("  ", stdout);
	printf(_("(%zu in all)"), w->mix_total);
	putchar('\n');
	/*
	 * What every group repeats is fitted once: the day headers' line and each row's
	 * label (500 groups print them 500 times); per group only the cells are fitted.
	 */
	struct buf days = {0}, *labels = xcalloc(w->n_rows ? w->n_rows : 1, sizeof *labels);
	text_fit_buf(&days, "", 18, true);
	for (int d = 0; d < 7; d++) {
		char date[11], head[24];
		date_format(w->start + d, date);
		snprintf(head, sizeof head, "%s %s", _(weekdays[d]), date + 5);
		buf_add(&days, " ", 1);
		text_fit_buf(&days, head, 14, true);
	}
	buf_add(&days, "\n", 1);
	for (size_t r = 0; r < w->n_rows; r++) {
		char at[6];
		time_format_hhmm(w->rows[r].at, at);
		/* The one-off row is 专项 / 1x; the others are the playbook's titles (title_en
		   in English, as the console shows them). */
		buf_addf(&labels[r], "%s %s", at,
			 w->rows[r].action_id ? i18n_title(w->rows[r].label, w->rows[r].label_en)
					      : _("1x"));
		char *label = xstrdup(buf_str(&labels[r]));
		labels[r].len = 0;
		text_fit_buf(&labels[r], label, 18, true);
		free(label);
	}
	/* Most cells are blank or "·": fitted once, then copied (13,000 cells of 500 groups). */
	static const char *const plain[2] = {"", "·"};
	struct buf fitted[2] = {{0}, {0}}, line = {0};
	for (int k = 0; k < 2; k++) {
		buf_add(&fitted[k], " ", 1);
		out_cell_buf(&fitted[k], plain[k], 14, "");
	}
	for (size_t g = 0; g < w->n_groups; g++) {
		const struct cal_group_week *gw = &w->groups[g];
		printf("\n");
		cell(gw->group.name, text_width(gw->group.name));
		fputs("  ", stdout);
		out_text(stdout, playbook_stage_name(gw->stage, "-"));
		putchar('\n');
		fwrite(days.data, 1, days.len, stdout);
		for (size_t r = 0; r < w->n_rows; r++) {
			/* A line at a time: each cell after its separating blank. */
			line.len = 0;
			buf_add(&line, labels[r].data, labels[r].len);
			for (int d = 0; d < 7; d++) {
				const struct cal_cell *c = calendar_cell(w, g, r, d);
				int k = !c->action && !c->slot ? 0
					: c->slot && !cal_slot_empty(c->slot) ? -1 : 1;
				if (k >= 0 && !c->warn) {
					buf_add(&line, fitted[k].data, fitted[k].len);
					continue;
				}
				buf_add(&line, " ", 1);
				/* "!" and the text in 14 columns is "!" and the text in 13. */
				if (c->warn)
					buf_add(&line, "!", 1);
				out_cell_buf(&line, k >= 0 ? plain[k] : cal_slot_label(c->slot),
					     c->warn ? 13 : 14, "");
			}
			buf_add(&line, "\n", 1);
			fwrite(line.data, 1, line.len, stdout);
		}
	}
	buf_free(&line);
	buf_free(&fitted[0]);
	buf_free(&fitted[1]);
	for (size_t r = 0; r < w->n_rows; r++)
		buf_free(&labels[r]);
	free(labels);
	buf_free(&days);
}

/* Group names the model joins with 、 (as JSON keeps them), joined as the language does. */
static void print_group_list(const char *list)
{
	static const char sep[] = "、";
	for (const char *p = list, *q; p; p = q ? q + strlen(sep) : NULL) {
		q = strstr(p, sep);
		char *name = xstrndup(p, q ? (size_t)(q - p) : strlen(p));
		char *safe = text_sanitize(name, false);
		printf(p == list ? "%s" : _(", %s"), safe);
		free(safe);
		free(name);
	}
}

static void print_month(const struct cal_month *m, bool json, int today)
{
	if (json) {
		char month[16];
		snprintf(month, sizeof month, "%04d-%02d", m->year, m->month);
		struct json j;
		doc_begin(&j);
		kv_str(&j, "month", month);
		kv_array(&j, "days");
		for (size_t i = 0; i < m->n_days; i++) {
			json_object(&j);
			kv_date(&j, "date", m->days[i].day);
			kv_int(&j, "due", (long long)m->days[i].n_due);
			kv_int(&j, "filled", (long long)m->days[i].n_filled);
			kv_array(&j, "nodes");
			for (size_t k = 0; k < m->days[i].n_nodes; k++)
				json_str(&j, m->days[i].nodes[k] ? m->days[i].nodes[k] : "");
			json_end(&j);
			json_end(&j);
		}
		json_end(&j);
		kv_array(&j, "upcoming");
		for (size_t i = 0; i < m->n_upcoming; i++) {
			const struct cal_node_info *n = &m->upcoming[i];
			char date[11];
			date_format(n->date, date);
			json_object(&j);
			kv_str(&j, "node", n->node->name ? n->node->name : "");
			kv_str(&j, "date", date);
			kv_int(&j, "days_left", n->days_left);
			kv_int(&j, "lead_days", n->node->lead_days);
			kv_bool(&j, "in_lead", n->in_lead);
			kv_bool(&j, "flagged", n->flagged);
			kv_str(&j, "missing", n->missing ? n->missing : "");
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
		return;
	}
	printf("%04d-%02d\n", m->year, m->month);
	for (size_t i = 0; i < m->n_days; i++) {
		const struct cal_month_day *d = &m->days[i];
		char date[11];
		date_format(d->day, date);
		printf("%s %s%s %3zu/%-3zu", date, _(weekdays[date_weekday(d->day)]),
		       d->day == today ? "*" : " ", d->n_filled, d->n_due);
		for (size_t k = 0; k < d->n_nodes; k++) {
			fputs(_(" ["), stdout);
			out_text(stdout, d->nodes[k]);
			fputs(_("]"), stdout);
		}
		printf("\n");
	}
	printf("\n%s\n", _("node countdowns"));
	for (size_t i = 0; i < m->n_upcoming; i++) {
		const struct cal_node_info *n = &m->upcoming[i];
		char date[11];
		date_format(n->date, date);
		printf("  %s ", date);
		cell(n->node->name, 12);
		printf(_(" in %3d days"), n->days_left);
		if (n->flagged) {
			fputs(_("  ! nothing planned: "), stdout);
			print_group_list(n->missing);
		}
		printf("\n");
	}
}

/* --group, --week or --month at argv[*i]: 1 taken (its value stored), 0 not one, -1 no value. */
static int period_opt(struct cli *cli, int *i, const char **group, const char **week,
		      const char **month)
{
	static const char *const names[] = {"--group", "--week", "--month"};
	const char **dest[] = {group, week, month};
	for (size_t k = 0; k < ARRAY_LEN(names); k++) {
		const char *v;
		int r = cli_opt_value(cli->argc, cli->argv, i, names[k], &v);
		if (r > 0)
			*dest[k] = v;
		if (r != 0)
			return r;
	}
	return 0;
}

int cmd_calendar(struct cli *cli)
{
	const char *group = NULL, *week = NULL, *month = NULL;
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		int r = period_opt(cli, &i, &group, &week, &month);
		if (r == 0 && strcmp(cli->argv[i], "--json") == 0)
			json = true, r = 1;
		else if (r == 0)
			return cli_unknown("calendar", cli->argv[i]);
		if (r < 0)
			return cli_usage("calendar", _("%s needs a value"), cli->argv[i]);
	}
	int start = calendar_week_start(cli->today), y = 0, m = 0;
	if (week && month)
		return cli_usage("calendar", _("--week and --month exclude each other"));
	if (week && (start = date_parse_iso_week(week)) == DATE_INVALID)
		return cli_usage("calendar", _("--week: '%s' is not an ISO week (YYYY-Www, e.g. "
				 "2026-W10) or does not exist inside 1900-01-01 .. 9999-12-31"), week);
	if (month && !parse_month(month, &y, &m))
		return cli_usage("calendar", _("--month: '%s' is not a month (YYYY-MM)"), month);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	int rc = EXIT_OK;
	/* Every playbook once: each group's week and month follow its own. */
	if (playbook_set_load(db, &set, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (month) {
		struct cal_month cm;
		if (calendar_month_set(db, set, y, m, group, cli->today, &cm, &cause) < 0) {
			rc = cli_fail(cause);
		} else {
			print_month(&cm, json, cli->today);
			calendar_month_free(&cm);
		}
	} else {
		struct cal_week w;
		/* Each slot's fields that the output prints, no more (15,000 slots a week). */
		if (calendar_week_read(db, set, start, group, calendar_now(cli->today),
				       json ? CAL_READ_JSON : CAL_READ_GRID, &w, &cause) < 0) {
			rc = cli_fail(cause);
		} else {
			if (json)
				print_week_json(&w);
			else
				print_week_text(&w);
			calendar_week_free(&w);
		}
	}
	playbook_set_free(set);
	free(cause);
	db_close(db);
	return rc;
}

/* A date and an optional time for a move/copy target; the source's time by default. */
static int parse_target(const char *date, const char *slot, int at, struct cal_pos *to)
{
	if ((to->day = date_parse(date)) == DATE_INVALID)
		return cli_usage("schedule", _("'%s' is not a date (YYYY-MM-DD, 1900-01-01 .. "
				 "9999-12-31)"), date);
	to->at = at;
	if (slot && (to->at = time_parse_hhmm(slot)) < 0)
		return cli_usage("schedule", _("'%s' is not a time (HH:MM)"), slot);
	return 0;
}

/* Copy the week before `week` (YYYY-Www) into it, for one group or all. */
static int schedule_copy_week(struct cli *cli, const char *group, const char *week)
{
	int start = date_parse_iso_week(week);
	if (start == DATE_INVALID)
		return cli_usage("schedule", _("--copy-week: '%s' is not an ISO week (YYYY-Www) "
				 "inside 1900-01-01 .. 9999-12-31"), week);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	struct group g = {0};
	size_t copied = 0, skipped = 0;
	int rc = group ? group_require(db, group, &g, &cause) : 0;
	if (rc == 0)
		rc = playbook_set_load(db, &set, &cause);
	/* Each group's slots go to its own playbook's columns. */
	if (rc == 0)
		rc = calendar_copy_week_set(db, set, start, g.id, cli->operator, &copied, &skipped,
					    &cause);
	if (rc == 0)
		printf(_("copied %zu slots into %s (%zu skipped: taken or nothing due)\n"), copied,
		       week, skipped);
	int status_rc = rc < 0 ? cli_fail(cause) : EXIT_OK;
	group_clear(&g);
	playbook_set_free(set);
	free(cause);
	db_close(db);
	return status_rc;
}

int cmd_schedule(struct cli *cli)
{
	const char *group = NULL, *date = NULL, *slot = NULL, *content = NULL, *status = NULL;
	const char *move_date = NULL, *move_slot = NULL, *copy_date = NULL, *copy_slot = NULL;
	const char *to_group = NULL, *copy_week = NULL, *action = NULL;
	struct cal_fill f = {.status = -1};
	bool clear = false, undo = false, redo = false;
	for (int i = 1; i < cli->argc; i++) {
		const char *v = NULL;
		int r = 0;
		static const char *const names[] = {
			"--group", "--date", "--slot", "--content", "--topic", "--form", "--owner",
			"--status", "--action", "--move-to-date", "--move-to-slot", "--copy-to-date",
			"--copy-to-slot", "--to-group", "--copy-week"};
		const char **dst[] = {&group, &date, &slot, &content, &f.topic, &f.form, &f.owner,
				      &status, &action, &move_date, &move_slot, &copy_date,
				      &copy_slot, &to_group, &copy_week};
		for (size_t k = 0; k < ARRAY_LEN(names) && r == 0; k++)
			if ((r = cli_opt_value(cli->argc, cli->argv, &i, names[k], &v)) > 0)
				*dst[k] = v;
		if (r < 0)
			return cli_usage("schedule", _("%s needs a value"), cli->argv[i]);
		if (r > 0)
			continue;
		if (strcmp(cli->argv[i], "--clear") == 0)
			clear = true;
		else if (strcmp(cli->argv[i], "--undo") == 0)
			undo = true;
		else if (strcmp(cli->argv[i], "--redo") == 0)
			undo = redo = true;  /* the same path: no position needed */
		else
			return cli_unknown("schedule", cli->argv[i]);
	}
	if (copy_week) {
		if (date || slot || content || f.topic || clear || undo || move_date || copy_date)
			return cli_usage("schedule", _("--copy-week takes only --group"));
		return schedule_copy_week(cli, group, copy_week);
	}
	if (move_date && copy_date)
		return cli_usage("schedule", _("--move-to-date and --copy-to-date exclude each other"));
	if ((move_slot && !move_date) || (copy_slot && !copy_date))
		return cli_usage("schedule", _("--move-to-slot / --copy-to-slot need --move-to-date "
				 "/ --copy-to-date"));
	if (to_group && !move_date && !copy_date)
		return cli_usage("schedule", _("--to-group goes with --move-to-date or --copy-to-date"));
	bool relocate = move_date || copy_date;
	int day = DATE_INVALID, at = -1;
	struct cal_pos to = {0};
	if (!undo) {
		if (!group || !date || !slot)
			return cli_usage("schedule", _("needs --group NAME --date YYYY-MM-DD --slot HH:MM"));
		if ((day = date_parse(date)) == DATE_INVALID)
			return cli_usage("schedule", _("--date: '%s' is not a date (YYYY-MM-DD, "
					 "1900-01-01 .. 9999-12-31)"), date);
		if ((at = time_parse_hhmm(slot)) < 0)
			return cli_usage("schedule", _("--slot: '%s' is not a time (HH:MM)"), slot);
		if (status && (f.status = slot_status_parse(status)) < 0)
			return cli_usage("schedule", _("--status: want planned, drafted, reviewed or "
					 "posted, not '%s'"), status);
		if (content) {
			char *end;
			errno = 0;
			long long id = strtoll(content, &end, 10);
			if (errno || *end || id <= 0)
				return cli_usage("schedule", _("--content: '%s' is not a content id"),
						 content);
			f.content_id = id;
		}
		if (clear && (content || f.topic))
			return cli_usage("schedule", _("--clear takes no --content or --topic"));
		if (relocate && (clear || content || f.topic || f.form || f.owner || status))
			return cli_usage("schedule", _("--move-to-date / --copy-to-date take no "
					 "--content, --topic, --status or --clear"));
		if (!clear && !relocate && !content && !f.topic && f.status < 0)
			return cli_usage("schedule", _("say what to schedule: --content ID, --topic "
					 "TEXT, --status S, --clear, --move-to-date or --copy-to-date"));
		if (relocate && parse_target(move_date ? move_date : copy_date,
					     move_date ? move_slot : copy_slot, at, &to) != 0)
			return EXIT_USAGE;
	}
	f.action_id = action;
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL, *what = NULL;
	struct playbook *pb = NULL;
	struct group g = {0}, tg = {0};
	int rc = 0;
	if (redo) {
		rc = calendar_redo(db, cli->operator, &what, &cause);
		if (rc == 0)
			printf(_("redone: %s\n"), what);
	} else if (undo) {
		rc = calendar_undo(db, cli->operator, &what, &cause);
		if (rc == 0) {
			fputs(_("undone: "), stdout);
			out_text(stdout, what);
			putchar('\n');
		}
	} else if ((rc = group_require(db, group, &g, &cause)) == 0 &&
		   (!to_group || (rc = group_require(db, to_group, &tg, &cause)) == 0) &&
		   /* The (target) group's own playbook says which columns it has. */
		   (rc = playbook_load_for_group(db, to_group ? &tg : &g, &pb, &cause)) == 0) {
		/* What was done, a whole sentence in _() (Chinese mode says it in Chinese). */
		bool cleared = false;
		if (relocate) {
			struct cal_pos from = {g.id, day, at, action};
			to.group_id = to_group ? tg.id : g.id;
			rc = calendar_move(db, pb, from, to, copy_date != NULL, cli->operator, &cause);
		} else if (clear) {
			rc = calendar_clear(db, g.id, day, at, action, cli->operator, &cause);
			cleared = true;
		} else if (content || f.topic) {
			rc = calendar_fill(db, pb, g.id, day, at, &f, cli->operator, &cause);
		} else {
			rc = calendar_set_status(db, g.id, day, at, action, (enum slot_status)f.status,
						 cli->operator, &cause);
		}
		char *name = text_sanitize(g.name, false);
		if (rc == 0 && relocate) {
			char d2[11], t2[6];
			cal_fmt_cli(to.day, to.at, d2, t2);
			char *to_name = text_sanitize(to_group ? tg.name : g.name, false);
			if (copy_date)
				printf(_("copied %s %s %s to %s %s %s\n"), name, date, slot, to_name, d2,
				       t2);
			else
				printf(_("moved %s %s %s to %s %s %s\n"), name, date, slot, to_name, d2,
				       t2);
			free(to_name);
		} else if (rc == 0 && cleared) {
			printf(_("cleared %s %s %s\n"), name, date, slot);
		} else if (rc == 0) {
			printf(_("scheduled %s %s %s\n"), name, date, slot);
		}
		free(name);
	}
	int status_rc = rc < 0 ? cli_fail(cause) : EXIT_OK;
	group_clear(&g);
	group_clear(&tg);
	playbook_free(pb);
	free(what);
	free(cause);
	db_close(db);
	return status_rc;
}

int export_calendar(struct cli *cli, struct db *db, const char *format, FILE *out)
{
	int fmt = calendar_format_parse(format);
	if (fmt < 0)
		return cli_usage("export calendar", _("--format: want csv, md or ics, not '%s'"),
				 format);
	const char *group = NULL, *week = NULL, *month = NULL;
	struct cal_export_opts opts = {false, false};
	for (int i = 2; i < cli->argc; i++) {
		int r;
		if (!strcmp(cli->argv[i], "--with-empty")) {
			opts.with_empty = true;
			continue;
		}
		if (!strcmp(cli->argv[i], "--with-body")) {
			opts.with_body = true;
			continue;
		}
		if ((r = period_opt(cli, &i, &group, &week, &month)) == 0)
			return cli_unknown("export calendar", cli->argv[i]);
		if (r < 0)
			return cli_usage("export calendar", _("%s needs a value"), cli->argv[i]);
	}
	if (week && month)
		return cli_usage("export calendar", _("--week and --month exclude each other"));
	int from = calendar_week_start(cli->today), to, y, m;
	if (week && (from = date_parse_iso_week(week)) == DATE_INVALID)
		return cli_usage("export calendar", _("--week: '%s' is not an ISO week (YYYY-Www)"),
				 week);
	to = from + 6;
	if (month) {
		if (!parse_month(month, &y, &m))
			return cli_usage("export calendar", _("--month: '%s' is not a month (YYYY-MM)"),
					 month);
		from = date_from_ymd(y, m, 1);
		to = from + date_days_in_month(y, m) - 1;
	}
	char *cause = NULL;
	struct playbook_set *set = NULL;
	size_t n;
	int rc = EXIT_OK;
	/* Each group's cells and texts from its own playbook, every playbook loaded once. */
	if (playbook_set_load(db, &set, &cause) < 0 ||
	    calendar_export_set(db, set, from, to, group, (enum cal_format)fmt, &opts, out, &n,
				&cause) < 0)
		rc = cli_fail(cause);
	playbook_set_free(set);
	free(cause);
	return rc;
}
