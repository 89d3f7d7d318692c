/* sopdeck today [--group NAME] [--json]: the day's checklist, per group in time order. */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "action-text.h"
#include "calendar.h"
#include "checklist.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "text.h"
#include "today.h"
#include "util.h"

/* The text of every item, before any output: a failed read prints no half document. */
static char **item_texts(struct db *db, const struct checklist *cl, const char *operator,
			 char **cause)
{
	char **texts = xcalloc(cl->n_items + 1, sizeof *texts);
	for (size_t i = 0; i < cl->n_items; i++) {
		struct action_text t;
		if (action_text_item(db, cl, &cl->items[i], operator, &t, cause) < 0) {
			for (size_t j = 0; j < i; j++)
				free(texts[j]);
			free(texts);
			return NULL;
		}
		texts[i] = t.text;
		t.text = NULL;
		action_text_clear(&t);
	}
	return texts;
}

/* Each group's items: a run of the checklist (checklist_finish orders them by group). */
struct group_runs {
	size_t *first, *done, *total;
};

/* The runs of every group, counted in one pass over the items. */
static struct group_runs group_runs(const struct checklist *cl)
{
	struct group_runs r = {xcalloc(cl->n_groups + 1, sizeof *r.first),
			       xcalloc(cl->n_groups + 1, sizeof *r.done),
			       xcalloc(cl->n_groups + 1, sizeof *r.total)};
	for (size_t i = cl->n_items; i-- > 0;) {
		r.first[cl->items[i].group] = i;
		r.total[cl->items[i].group]++;
		r.done[cl->items[i].group] += cl->items[i].ticked;
	}
	return r;
}

static void group_runs_free(struct group_runs *r)
{
	free(r->first);
	free(r->done);
	free(r->total);
}

/* An item's id "GROUP:ACTION" into b, reused: printf for each of a team's 4,000 items was 5%. */
static void item_id(struct buf *b, int64_t group_id, const char *action_id)
{
	char num[24], *e = num + sizeof num, *d = e;
	unsigned long long u = group_id < 0 ? 0ULL - (unsigned long long)group_id
					    : (unsigned long long)group_id;
	do
		*--d = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (group_id < 0)
		*--d = '-';
	b->len = 0;
	buf_add(b, d, (size_t)(e - d));
	buf_add(b, ":", 1);
	buf_adds(b, action_id);
}

static void print_json(const struct checklist *cl, int today, char **texts)
{
	struct buf id = {0};
	char date[11];
	date_format(cl->day, date);
	size_t done, total;
	checklist_progress(cl, (size_t)-1, &done, &total);
	/* Overdue: the action's time has passed in the workspace's zone and it is open. */
	int now_min = date_minute_on(cl->day);
	struct group_runs runs = group_runs(cl);
	struct json j;
	json_init(&j, stdout);
	json_object(&j);
	json_key(&j, "date");
	json_str(&j, date);
	json_key(&j, "done");
	json_int(&j, (long long)done);
	json_key(&j, "total");
	json_int(&j, (long long)total);
	json_key(&j, "groups");
	json_array(&j);
	for (size_t g = 0; g < cl->n_groups; g++) {
		const struct group *gr = &cl->groups[g];
		int age = group_age(gr, today);
		const struct playbook *pb = checklist_playbook(cl, g);
		const struct pb_stage *st = playbook_stage_for_age(pb, age);
		json_object(&j);
		json_key(&j, "id");
		json_int(&j, gr->id);
		json_key(&j, "name");
		json_str(&j, gr->name);
		json_key(&j, "owner");
		json_str(&j, gr->owner);
		json_key(&j, "type");
		json_str(&j, group_type_key(gr->type));
		json_key(&j, "platform");
		json_str(&j, group_platform_key(gr->platform));
		json_key(&j, "day");
		json_int(&j, age + 1);
		json_key(&j, "stage");
		json_str(&j, st ? st->key : "");
		/* The playbook the group runs on: its actions, titles and texts are that one's. */
		json_key(&j, "playbook");
		json_str(&j, pb->name);
		json_key(&j, "playbook_version");
		json_str(&j, pb->version);
		json_key(&j, "actions");
		json_array(&j);
		for (size_t i = runs.first[g]; runs.total[g] && i < cl->n_items; i++) {
			const struct checklist_item *it = &cl->items[i];
			if (it->group != g)
				break;
			char at[6] = "";
			if (it->action->at >= 0)
				time_format_hhmm(it->action->at, at);
			json_object(&j);
			json_key(&j, "id");
			item_id(&id, gr->id, it->action->id);
			json_str(&j, buf_str(&id));
			json_key(&j, "action");
			json_str(&j, it->action->id);
			json_key(&j, "title");
			json_str(&j, it->action->title);
			/* The playbook's English title, or null (issue 15). */
			json_key(&j, "title_en");
			json_str(&j, it->action->title_en);
			/* Exactly what `y` copies in the console (FORMATS.md). */
			json_key(&j, "text");
			json_str(&j, texts[i]);
			json_key(&j, "time");
			json_str(&j, it->action->at >= 0 ? at : NULL);
			json_key(&j, "category");
			json_str(&j, it->action->category);
			/* "action" for the playbook's; "kpi" for advice on a metric below threshold. */
			json_key(&j, "kind");
			json_str(&j, it->kpi_action ? "kpi" : "action");
			if (it->metric) {
				json_key(&j, "metric");
				json_str(&j, it->metric->key);
			}
			if (it->node) {
				json_key(&j, "node");
				json_str(&j, it->node);
				json_key(&j, "days_to_node");
				json_int(&j, it->node_days);
			}
			/* The A/B test whose arm the item follows today, or null. */
			json_key(&j, "ab");
			if (it->ab_test) {
				json_object(&j);
				json_key(&j, "test");
				json_str(&j, it->ab_test);
				json_key(&j, "arm");
				json_str(&j, it->ab_arm ? "B" : "A");
				json_end(&j);
			} else {
				json_null(&j);
			}
			/* The content calendar's slot for the action that day, or null. */
			json_key(&j, "slot");
			if (it->has_slot) {
				json_object(&j);
				json_key(&j, "label");
				json_str(&j, it->slot_label);
				json_key(&j, "status");
				json_str(&j, slot_status_key((enum slot_status)it->slot_status));
				json_key(&j, "content_id");
				if (it->slot_content_id)
					json_int(&j, it->slot_content_id);
				else
					json_null(&j);
				json_end(&j);
			} else {
				json_null(&j);
			}
			json_key(&j, "owner");
			json_str(&j, gr->owner);
			json_key(&j, "overdue");
			json_bool(&j, checklist_item_overdue(it, now_min));
			json_key(&j, "ticked");
			json_bool(&j, it->ticked);
			json_key(&j, "ticked_by");
			json_str(&j, it->ticked ? it->ticked_by : NULL);
			json_key(&j, "ticked_at");
			json_str(&j, it->ticked ? it->ticked_at : NULL);
			json_end(&j);
		}
		json_end(&j);
		json_end(&j);
	}
	json_end(&j);
	json_end(&j);
	group_runs_free(&runs);
	buf_free(&id);
}

/*
 * One item of the text checklist (and its slot's line) into line, written at once: what
 * printf and a sanitised copy per field cost a third of `today` for a team's 4,400 items.
 * scratch holds a field that goes through a translated format.
 */
static void print_item(struct buf *line, struct buf *scratch, const struct group *gr,
		       const struct checklist_item *it, int now_min)
{
	char at[6] = "--:--";
	if (it->action->at >= 0)
		time_format_hhmm(it->action->at, at);
	line->len = 0;
	buf_adds(line, it->ticked ? "  [x] " : "  [ ] ");
	buf_adds(line, at);
	buf_add(line, "  ", 2);
	item_id(scratch, gr->id, it->action->id);
	out_cell_buf(line, buf_str(scratch), 24, " ");
	const char *title = i18n_title(it->action->title, it->action->title_en);
	text_sanitize_buf(line, title ? title : "", false);
	if (it->ab_test) {
		buf_adds(line, "  [A/B ");
		text_sanitize_buf(line, it->ab_test, false);
		buf_adds(line, it->ab_arm ? " B]" : " A]");
	}
	if (it->node) {
		scratch->len = 0;
		text_sanitize_buf(scratch, it->node, false);
		if (it->node_days > 0)
			buf_addf(line, _("  (%s in %d day%s)"), buf_str(scratch), it->node_days,
				 i18n_plural_s(it->node_days));
		else
			buf_addf(line, _("  (%s today)"), buf_str(scratch));
	}
	if (it->ticked) {
		buf_adds(line, "  (");
		text_sanitize_buf(line, it->ticked_by, false);
		buf_adds(line, ")");
	} else if (checklist_item_overdue(it, now_min)) {
		buf_adds(line, _("  [overdue]"));
	}
	buf_add(line, "\n", 1);
	if (it->has_slot) {
		scratch->len = 0;
		text_sanitize_buf(scratch, it->slot_label, false);
		buf_addf(line, _("        ▸ slot %s (%s)\n"), buf_str(scratch),
			 slot_status_label((enum slot_status)it->slot_status));
	}
	fwrite(line->data, 1, line->len, stdout);
}

/*
 * first: the earliest group's creation day when every group was created after the day
 * shown (DATE_INVALID otherwise), so an empty list is not taken for "no groups yet".
 */
static void print_text(const struct checklist *cl, const struct playbook_set *set, int today,
		       const char *owner, const char *archived, int first)
{
	char date[11];
	date_format(cl->day, date);
	size_t done, total;
	checklist_progress(cl, (size_t)-1, &done, &total);
	printf(_("%s  %zu/%zu done\n"), date, done, total);
	struct group_runs runs = group_runs(cl);
	int now_min = date_minute_on(cl->day);
	/* Each item's lines built in one reused buffer and written once (4,400 items). */
	struct buf line = {0}, scratch = {0};
	if (cl->n_groups == 0 && archived) {
		char *safe = text_sanitize(archived, false);
		printf(_("group '%s' is archived: it has no actions (`sopdeck group unarchive` brings "
			 "it back)\n"), safe);
		free(safe);
	} else if (cl->n_groups == 0 && owner) {
		char *safe = text_sanitize(owner, false);
		printf(_("no groups owned by %s today (all groups: without --mine/--owner)\n"), safe);
		free(safe);
	} else if (cl->n_groups == 0 && first != DATE_INVALID) {
		char f[11];
		date_format(first, f);
		printf(_("no group exists yet on %s: the first was created on %s\n"), date, f);
	} else if (cl->n_groups == 0)
		printf("%s", _("no groups yet: add them with `sopdeck import groups FILE.yaml|FILE.csv`\n"));
	for (size_t g = 0; g < cl->n_groups; g++) {
		const struct group *gr = &cl->groups[g];
		int age = group_age(gr, today);
		const struct playbook *pb = checklist_playbook(cl, g);
		const struct pb_stage *st = playbook_stage_for_age(pb, age);
		done = runs.done[g];
		total = runs.total[g];
		printf("\n");
		out_cell(stdout, gr->name, -1, NULL);
		printf(_("  day %d "), age + 1);
		out_text(stdout, playbook_stage_name(st, "-"));
		printf("  %zu/%zu", done, total);
		if (gr->owner && *gr->owner) {
			printf("%s", _("  owner "));
			out_text(stdout, gr->owner);
		}
		/* With several business lines, say which playbook the group's items come from. */
		if (set->n > 1) {
			fputs(_("  playbook "), stdout);
			out_text(stdout, pb->name);
		}
		printf("\n");
		for (size_t i = runs.first[g]; runs.total[g] && i < cl->n_items; i++) {
			const struct checklist_item *it = &cl->items[i];
			if (it->group != g)
				break;
			print_item(&line, &scratch, gr, it, now_min);
		}
	}
	buf_free(&line);
	buf_free(&scratch);
	group_runs_free(&runs);
}

int cmd_today(struct cli *cli)
{
	const char *group = NULL;
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &group);
		if (r < 0)
			return cli_usage("today", "%s", _("--group needs a name"));
		if (r > 0)
			continue;
		if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_unknown("today", cli->argv[i]);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook_set *set = NULL;
	struct checklist cl = {0};
	int rc = EXIT_OK;
	if (playbook_set_load(db, &set, &cause) < 0 ||
	    today_build(db, set, cli->today, group, &cl, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (json) {
		char **texts = today_load_bodies(db, &cl, &cause) < 0
				       ? NULL
				       : item_texts(db, &cl, cli->operator, &cause);
		if (!texts) {
			rc = cli_fail(cause);
		} else {
			print_json(&cl, cli->today, texts);
			for (size_t i = 0; i < cl.n_items; i++)
				free(texts[i]);
			free(texts);
		}
	} else {
		/* An archived group named with --group: say so, not "no groups yet". */
		struct group g = {0};
		int found = group && cl.n_groups == 0 ? group_find(db, group, &g, &cause) : 1;
		/* Nothing on the day, yet groups exist: all made later (planning back in time). */
		int first = DATE_INVALID;
		if (found == 0 && !g.archived && g.created > cli->today)
			first = g.created;
		if (found == 1 && cl.n_groups == 0 && !group && !cli->owner) {
			struct group *gs;
			size_t n;
			if (group_list(db, &gs, &n, &cause) < 0) {
				found = -1;
			} else {
				for (size_t i = 0; i < n; i++)
					if (gs[i].created > cli->today &&
					    (first == DATE_INVALID || gs[i].created < first))
						first = gs[i].created;
				group_list_free(gs, n);
			}
		}
		if (found < 0)
			rc = cli_fail(cause);
		else
			print_text(&cl, set, cli->today, cli->owner,
				   found == 0 && g.archived ? g.name : NULL, first);
		if (found == 0)
			group_clear(&g);
	}
	checklist_free(&cl);
	playbook_set_free(set);
	free(cause);
	db_close(db);
	return rc;
}
