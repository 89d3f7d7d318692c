/*
 * sopdeck calendar [--week YYYY-Www | --month YYYY-MM] [--group NAME] [--json]
 * sopdeck schedule --group NAME --date D --slot HH:MM [--action ID] (--content ID | --topic T
 *     ... | --status S | --clear | --move-to-date D2 [--move-to-slot T2] | --copy-to-date ...)
 * sopdeck schedule [--group NAME] --copy-week YYYY-Www;  sopdeck schedule --undo | --redo
 * sopdeck export calendar (the exporter in cli/cmd-export.c's table).
 */
#include <errno.h>
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

static const char *const weekdays[] = {"周一", "周二", "周三", "周四", "周五", "周六", "周日"};

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
	};
	json_array(j);
	for (size_t i = 0; i < ARRAY_LEN(keys); i++)
		if (w & keys[i].bit)
			json_str(j, keys[i].key);
	json_end(j);
}

/* One cell of the week: its action and slot, warnings, the duplicate's date. */
static void print_cell_json(struct json *j, const struct cal_week *w, size_t r, int d,
			    const struct cal_cell *c)
{
	char date[11], at[6];
	date_format(w->start + d, date);
	time_format_hhmm(w->rows[r].at, at);
	json_object(j);
	json_key(j, "date");
	json_str(j, date);
	json_key(j, "time");
	json_str(j, at);
	json_key(j, "fillable");
	json_bool(j, c->action != NULL);
	json_key(j, "action");
	json_str_or_null(j, c->action ? c->action->id : NULL);
	json_key(j, "action_title");
	json_str_or_null(j, c->action ? c->action->title : NULL);
	json_key(j, "slot");
	if (c->slot) {
		const struct cal_slot *s = c->slot;
		json_object(j);
		json_key(j, "content_id");
		if (s->content_id)
			json_int(j, s->content_id);
		else
			json_null(j);
		json_key(j, "title");
		json_str_or_null(j, s->content_id ? s->title : NULL);
		json_key(j, "category");
		json_str_or_null(j, s->category);
		json_key(j, "topic");
		json_str(j, s->topic ? s->topic : "");
		json_key(j, "form");
		json_str(j, s->form ? s->form : "");
		json_key(j, "owner");
		json_str(j, s->owner ? s->owner : "");
		json_key(j, "status");
		json_str(j, slot_status_key(s->status));
		json_key(j, "updated_by");
		json_str(j, s->updated_by ? s->updated_by : "");
		json_end(j);
	} else {
		json_null(j);
	}
	/* The A/B test that decides this day's copy or time, or null. */
	json_key(j, "ab");
	if (c->ab_arm) {
		char arm[2] = {c->ab_arm, 0}, t[6] = "";
		json_object(j);
		json_key(j, "test");
		json_str(j, c->ab_test);
		json_key(j, "arm");
		json_str(j, arm);
		json_key(j, "time");
		if (c->ab_at >= 0) {
			time_format_hhmm(c->ab_at, t);
			json_str(j, t);
		} else {
			json_null(j);
		}
		json_key(j, "copy");
		json_str(j, c->ab_copy);
		json_end(j);
	} else {
		json_null(j);
	}
	json_key(j, "warnings");
	json_warnings(j, c->warn);
	if (c->warn & CAL_WARN_DUPLICATE) {
		char dup[11];
		date_format(c->dup_day, dup);
		json_key(j, "duplicate_of");
		json_str(j, dup);
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
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "week");
	json_str(&j, week);
	json_key(&j, "start");
	json_str(&j, start);
	json_key(&j, "end");
	json_str(&j, end);
	json_key(&j, "rows");
	json_array(&j);
	for (size_t r = 0; r < w->n_rows; r++) {
		char at[6];
		time_format_hhmm(w->rows[r].at, at);
		json_object(&j);
		json_key(&j, "time");
		json_str(&j, at);
		json_key(&j, "label");
		json_str(&j, w->rows[r].label ? w->rows[r].label : "");
		json_key(&j, "action");
		json_str_or_null(&j, w->rows[r].action_id);
		json_key(&j, "daily");
		json_bool(&j, w->rows[r].daily);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "groups");
	json_array(&j);
	for (size_t g = 0; g < w->n_groups; g++) {
		const struct cal_group_week *gw = &w->groups[g];
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, gw->group.id);
		json_key(&j, "name");
		json_str(&j, gw->group.name);
		json_key(&j, "stage");
		json_str_or_null(&j, gw->stage ? gw->stage->key : NULL);
		json_key(&j, "cells");
		json_array(&j);
		for (size_t r = 0; r < w->n_rows; r++)
			for (int d = 0; d < 7; d++) {
				const struct cal_cell *c = calendar_cell(w, g, r, d);
				if (c->action || c->slot)
					print_cell_json(&j, w, r, d, c);
			}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "mix");
	json_array(&j);
	for (size_t i = 0; i < w->n_mix; i++) {
		json_object(&j);
		json_key(&j, "key");
		json_str(&j, w->mix[i].key ? w->mix[i].key : "");
		json_key(&j, "name");
		json_str(&j, w->mix[i].name ? w->mix[i].name : "");
		json_key(&j, "target");
		json_int(&j, w->mix[i].target);
		json_key(&j, "used");
		json_int(&j, (long long)w->mix[i].used);
		json_key(&j, "share");
		json_fixed(&j, w->mix[i].share, 1);
		json_end(&j);
	}
	json_end(&j);
	json_key(&j, "content_total");
	json_int(&j, (long long)w->mix_total);
	json_key(&j, "content_other");
	json_int(&j, (long long)w->mix_other);
	json_key(&j, "due");
	json_int(&j, (long long)w->n_due);
	json_key(&j, "filled");
	json_int(&j, (long long)w->n_filled);
	json_key(&j, "warnings");
	json_int(&j, (long long)w->n_warnings);
	json_end(&j);
}

/* One column of text, cut and padded by display width. */
static void cell(const char *s, int cols)
{
	char *safe = text_sanitize(s, false);
	char *fit = text_fit(safe, cols, true);
	fputs(fit, stdout);
	free(fit);
	free(safe);
}

static void print_week_text(const struct cal_week *w)
{
	char start[11], end[11];
	date_format(w->start, start);
	date_format(w->start + 6, end);
	printf("%04d-W%02d  %s ~ %s  已排 %zu/%zu", w->iso_year, w->iso_week, start, end,
	       w->n_filled, w->n_due);
	if (w->n_warnings)
		printf("  提醒 %zu", w->n_warnings);
	printf("\n内容配比");
	for (size_t i = 0; i < w->n_mix; i++) {
		fputs("  ", stdout);
		out_text(stdout, w->mix[i].name);
		printf(" %.0f%%/%d%%", w->mix[i].share, w->mix[i].target);
	}
	printf("  (共 %zu 条)\n", w->mix_total);
	for (size_t g = 0; g < w->n_groups; g++) {
		const struct cal_group_week *gw = &w->groups[g];
		printf("\n");
		cell(gw->group.name, text_width(gw->group.name));
		fputs("  ", stdout);
		out_text(stdout, gw->stage ? gw->stage->name : "-");
		putchar('\n');
		cell("", 18);
		for (int d = 0; d < 7; d++) {
			char date[11], head[24];
			date_format(w->start + d, date);
			snprintf(head, sizeof head, "%s %s", weekdays[d], date + 5);
			printf(" ");
			cell(head, 14);
		}
		printf("\n");
		for (size_t r = 0; r < w->n_rows; r++) {
			char at[6], *label;
			time_format_hhmm(w->rows[r].at, at);
			label = xasprintf("%s %s", at, w->rows[r].label);
			cell(label, 18);
			free(label);
			for (int d = 0; d < 7; d++) {
				const struct cal_cell *c = calendar_cell(w, g, r, d);
				const char *text = !c->action && !c->slot ? ""
					: c->slot && !cal_slot_empty(c->slot) ? cal_slot_label(c->slot)
					: "·";
				char *t = xasprintf("%s%s", c->warn ? "!" : "", text);
				printf(" ");
				cell(t, 14);
				free(t);
			}
			printf("\n");
		}
	}
}

static void print_month(const struct cal_month *m, bool json, int today)
{
	if (json) {
		char month[16];
		snprintf(month, sizeof month, "%04d-%02d", m->year, m->month);
		struct json j;
		json_init(&j, stdout);
		json_object(&j);
		json_key(&j, "month");
		json_str(&j, month);
		json_key(&j, "days");
		json_array(&j);
		for (size_t i = 0; i < m->n_days; i++) {
			char date[11];
			date_format(m->days[i].day, date);
			json_object(&j);
			json_key(&j, "date");
			json_str(&j, date);
			json_key(&j, "due");
			json_int(&j, (long long)m->days[i].n_due);
			json_key(&j, "filled");
			json_int(&j, (long long)m->days[i].n_filled);
			json_key(&j, "nodes");
			json_array(&j);
			for (size_t k = 0; k < m->days[i].n_nodes; k++)
				json_str(&j, m->days[i].nodes[k] ? m->days[i].nodes[k] : "");
			json_end(&j);
			json_end(&j);
		}
		json_end(&j);
		json_key(&j, "upcoming");
		json_array(&j);
		for (size_t i = 0; i < m->n_upcoming; i++) {
			const struct cal_node_info *n = &m->upcoming[i];
			char date[11];
			date_format(n->date, date);
			json_object(&j);
			json_key(&j, "node");
			json_str(&j, n->node->name ? n->node->name : "");
			json_key(&j, "date");
			json_str(&j, date);
			json_key(&j, "days_left");
			json_int(&j, n->days_left);
			json_key(&j, "lead_days");
			json_int(&j, n->node->lead_days);
			json_key(&j, "in_lead");
			json_bool(&j, n->in_lead);
			json_key(&j, "flagged");
			json_bool(&j, n->flagged);
			json_key(&j, "missing");
			json_str(&j, n->missing ? n->missing : "");
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
		printf("%s %s%s %3zu/%-3zu", date, weekdays[date_weekday(d->day)],
		       d->day == today ? "*" : " ", d->n_filled, d->n_due);
		for (size_t k = 0; k < d->n_nodes; k++) {
			fputs(" 【", stdout);
			out_text(stdout, d->nodes[k]);
			fputs("】", stdout);
		}
		printf("\n");
	}
	printf("\n节点倒计时\n");
	for (size_t i = 0; i < m->n_upcoming; i++) {
		const struct cal_node_info *n = &m->upcoming[i];
		char date[11];
		date_format(n->date, date);
		printf("  %s ", date);
		cell(n->node->name, 12);
		printf(" 还有 %3d 天", n->days_left);
		if (n->flagged) {
			fputs("  ! 未排内容：", stdout);
			out_text(stdout, n->missing);
		}
		printf("\n");
	}
}

int cmd_calendar(struct cli *cli)
{
	const char *group = NULL, *week = NULL, *month = NULL;
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		const char *v;
		int r;
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0)
			group = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--week", &v)) != 0)
			week = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--month", &v)) != 0)
			month = v;
		else if (strcmp(cli->argv[i], "--json") == 0)
			json = true, r = 1;
		else
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
	struct playbook *pb = NULL;
	int rc = EXIT_OK;
	if (playbook_load_active(db, &pb, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (month) {
		struct cal_month cm;
		if (calendar_month(db, pb, y, m, group, cli->today, &cm, &cause) < 0) {
			rc = cli_fail(cause);
		} else {
			print_month(&cm, json, cli->today);
			calendar_month_free(&cm);
		}
	} else {
		struct cal_week w;
		if (calendar_week(db, pb, start, group, calendar_now(cli->today), &w, &cause) < 0) {
			rc = cli_fail(cause);
		} else {
			if (json)
				print_week_json(&w);
			else
				print_week_text(&w);
			calendar_week_free(&w);
		}
	}
	playbook_free(pb);
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
	struct playbook *pb = NULL;
	struct group g = {0};
	size_t copied = 0, skipped = 0;
	int rc = group ? group_find(db, group, &g, &cause) : 0;
	if (rc == 0)
		rc = playbook_load_active(db, &pb, &cause);
	if (rc == 0)
		rc = calendar_copy_week(db, pb, start, g.id, cli->operator, &copied, &skipped,
					&cause);
	if (rc == 0)
		printf(_("copied %zu slots into %s (%zu skipped: taken or nothing due)\n"), copied,
		       week, skipped);
	int status_rc = rc < 0 ? cli_fail(cause) : EXIT_OK;
	group_clear(&g);
	playbook_free(pb);
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
	} else if ((rc = group_find(db, group, &g, &cause)) == 0 &&
		   (rc = playbook_load_active(db, &pb, &cause)) == 0 &&
		   (!to_group || (rc = group_find(db, to_group, &tg, &cause)) == 0)) {
		const char *done = "scheduled";
		if (relocate) {
			struct cal_pos from = {g.id, day, at, action};
			to.group_id = to_group ? tg.id : g.id;
			rc = calendar_move(db, pb, from, to, copy_date != NULL, cli->operator, &cause);
			done = copy_date ? "copied" : "moved";
		} else if (clear) {
			rc = calendar_clear(db, g.id, day, at, action, cli->operator, &cause);
			done = "cleared";
		} else if (content || f.topic) {
			rc = calendar_fill(db, pb, g.id, day, at, &f, cli->operator, &cause);
		} else {
			rc = calendar_set_status(db, g.id, day, at, action, (enum slot_status)f.status,
						 cli->operator, &cause);
		}
		if (rc == 0 && relocate) {
			char d2[11], t2[6];
			cal_fmt_cli(to.day, to.at, d2, t2);
			printf("%s ", done);
			out_text(stdout, g.name);
			printf(_(" %s %s to "), date, slot);
			out_text(stdout, to_group ? tg.name : g.name);
			printf(" %s %s\n", d2, t2);
		} else if (rc == 0) {
			printf("%s ", done);
			out_text(stdout, g.name);
			printf(" %s %s\n", date, slot);
		}
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
		const char *v;
		int r;
		if (!strcmp(cli->argv[i], "--with-empty")) {
			opts.with_empty = true;
			continue;
		}
		if (!strcmp(cli->argv[i], "--with-body")) {
			opts.with_body = true;
			continue;
		}
		if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &v)) != 0)
			group = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--week", &v)) != 0)
			week = v;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--month", &v)) != 0)
			month = v;
		else
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
	struct playbook *pb = NULL;
	size_t n;
	int rc = EXIT_OK;
	if (playbook_load_active(db, &pb, &cause) < 0 ||
	    calendar_export_with(db, pb, from, to, group, (enum cal_format)fmt, &opts, out, &n,
				 &cause) < 0)
		rc = cli_fail(cause);
	playbook_free(pb);
	free(cause);
	return rc;
}
