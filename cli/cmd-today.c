/* sopdeck today [--group NAME] [--json]: the day's checklist, per group in time order. */
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "checklist.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "text.h"
#include "today.h"
#include "util.h"

static void print_json(const struct checklist *cl, const struct playbook *pb, int today)
{
	char date[11];
	date_format(cl->day, date);
	size_t done, total;
	checklist_progress(cl, (size_t)-1, &done, &total);
	printf("{\"date\":\"%s\",\"done\":%zu,\"total\":%zu,\"groups\":[", date, done, total);
	for (size_t g = 0; g < cl->n_groups; g++) {
		const struct group *gr = &cl->groups[g];
		int age = group_age(gr, today);
		const struct pb_stage *st = playbook_stage_for_age(pb, age);
		printf("%s{\"id\":%lld,\"name\":", g ? "," : "", (long long)gr->id);
		json_string(stdout, gr->name);
		printf(",\"type\":\"%s\",\"platform\":\"%s\",\"day\":%d,\"stage\":",
		       group_type_key(gr->type), group_platform_key(gr->platform), age + 1);
		json_string(stdout, st ? st->key : NULL);
		printf(",\"actions\":[");
		bool first = true;
		for (size_t i = 0; i < cl->n_items; i++) {
			const struct checklist_item *it = &cl->items[i];
			if (it->group != g)
				continue;
			char at[6] = "";
			if (it->action->at >= 0)
				time_format_hhmm(it->action->at, at);
			printf("%s{\"id\":\"%lld:%s\",\"action\":", first ? "" : ",",
			       (long long)gr->id, it->action->id);
			json_string(stdout, it->action->id);
			printf(",\"title\":");
			json_string(stdout, it->action->title);
			printf(",\"time\":");
			if (it->action->at >= 0)
				json_string(stdout, at);
			else
				fputs("null", stdout);
			printf(",\"category\":");
			if (it->action->category)
				json_string(stdout, it->action->category);
			else
				fputs("null", stdout);
			/* "action" for the playbook's; "kpi" for advice on a metric below threshold. */
			printf(",\"kind\":\"%s\"", it->kpi_action ? "kpi" : "action");
			if (it->metric) {
				printf(",\"metric\":");
				json_string(stdout, it->metric->key);
			}
			if (it->node) {
				printf(",\"node\":");
				json_string(stdout, it->node);
				printf(",\"days_to_node\":%d", it->node_days);
			}
			/* The content calendar's slot for the action that day, or null. */
			printf(",\"slot\":");
			if (it->has_slot) {
				printf("{\"label\":");
				json_string(stdout, it->slot_label);
				printf(",\"status\":\"%s\",\"content_id\":",
				       slot_status_key((enum slot_status)it->slot_status));
				if (it->slot_content_id)
					printf("%lld}", (long long)it->slot_content_id);
				else
					fputs("null}", stdout);
			} else {
				fputs("null", stdout);
			}
			printf(",\"ticked\":%s,\"ticked_by\":", it->ticked ? "true" : "false");
			if (it->ticked) {
				json_string(stdout, it->ticked_by);
				printf(",\"ticked_at\":");
				json_string(stdout, it->ticked_at);
			} else {
				fputs("null,\"ticked_at\":null", stdout);
			}
			putchar('}');
			first = false;
		}
		printf("]}");
	}
	printf("]}\n");
}

/* One column of text output, padded by display width. */
static void print_cell(const char *s, int cols)
{
	char *safe = text_sanitize(s, false);
	char *fit = text_fit(safe, cols, true);
	fputs(fit, stdout);
	free(fit);
	free(safe);
}

static void print_text(const struct checklist *cl, const struct playbook *pb, int today)
{
	char date[11];
	date_format(cl->day, date);
	size_t done, total;
	checklist_progress(cl, (size_t)-1, &done, &total);
	printf("%s  %zu/%zu done\n", date, done, total);
	if (cl->n_groups == 0)
		printf("no groups yet: add them with `sopdeck import groups FILE.yaml|FILE.csv`\n");
	for (size_t g = 0; g < cl->n_groups; g++) {
		const struct group *gr = &cl->groups[g];
		int age = group_age(gr, today);
		const struct pb_stage *st = playbook_stage_for_age(pb, age);
		checklist_progress(cl, g, &done, &total);
		printf("\n");
		print_cell(gr->name, text_width(gr->name));
		printf("  第%d天 %s  %zu/%zu\n", age + 1, st ? st->name : "-", done, total);
		for (size_t i = 0; i < cl->n_items; i++) {
			const struct checklist_item *it = &cl->items[i];
			if (it->group != g)
				continue;
			char at[6] = "--:--", id[64];
			if (it->action->at >= 0)
				time_format_hhmm(it->action->at, at);
			snprintf(id, sizeof id, "%lld:%s", (long long)gr->id, it->action->id);
			printf("  [%c] %s  ", it->ticked ? 'x' : ' ', at);
			print_cell(id, 24);
			printf(" ");
			print_cell(it->action->title, text_width(it->action->title));
			if (it->node) {
				char *node = text_sanitize(it->node, false);
				if (it->node_days > 0)
					printf("  (距%s还有%d天)", node, it->node_days);
				else
					printf("  (%s当天)", node);
				free(node);
			}
			if (it->ticked) {
				char *by = text_sanitize(it->ticked_by, false);
				printf("  (%s)", by);
				free(by);
			}
			printf("\n");
			if (it->has_slot) {
				char *label = text_sanitize(it->slot_label, false);
				printf("        ▸ 排期 %s (%s)\n", label,
				       slot_status_name((enum slot_status)it->slot_status));
				free(label);
			}
		}
	}
}

int cmd_today(struct cli *cli)
{
	const char *group = NULL;
	bool json = false;
	for (int i = 1; i < cli->argc; i++) {
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--group", &group);
		if (r < 0)
			return cli_usage("today", "--group needs a name");
		if (r > 0)
			continue;
		if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else
			return cli_usage("today", "unexpected argument '%s'", cli->argv[i]);
	}
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	struct playbook *pb = NULL;
	struct checklist cl = {0};
	int rc = EXIT_OK;
	if (playbook_load_active(db, &pb, &cause) < 0 ||
	    today_build(db, pb, cli->today, group, &cl, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (json) {
		print_json(&cl, pb, cli->today);
	} else {
		print_text(&cl, pb, cli->today);
	}
	checklist_free(&cl);
	playbook_free(pb);
	free(cause);
	db_close(db);
	return rc;
}
