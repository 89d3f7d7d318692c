/*
 * sopdeck tick ID / untick ID: record who did an action today; ID as `today` prints
 * it (3:morning) or by the group's name (宝妈早教群:morning).
 */
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "checklist.h"
#include "cli.h"
#include "dates.h"
#include "db.h"
#include "group.h"
#include "text.h"
#include "today.h"
#include "util.h"

/*
 * The model names an item by its numeric id (3:morning); a failure names it as the operator
 * typed it (宝妈早教群:morning), so the message points at their own words.
 */
static int fail_as_typed(const char *cause, int64_t group_id, const char *action_id,
			 const char *typed)
{
	char *resolved = xasprintf("%lld:%s", (long long)group_id, action_id);
	size_t n = strlen(resolved);
	int rc;
	if (strcmp(resolved, typed) != 0 && strncmp(cause, resolved, n) == 0) {
		char *named = xasprintf("%s%s", typed, cause + n);
		rc = cli_fail(named);
		free(named);
	} else {
		rc = cli_fail(cause);
	}
	free(resolved);
	return rc;
}

int cmd_tick(struct cli *cli)
{
	bool tick = strcmp(cli->argv[0], "tick") == 0;
	if (cli->argc < 2)
		return cli_usage(cli->argv[0], _("expected an item ID such as 3:morning"));
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	char *cause = NULL;
	int rc = EXIT_OK;
	for (int i = 1; i < cli->argc && rc == EXIT_OK; i++) {
		int64_t group_id;
		char *action_id = NULL;
		/* GROUPID:ACTION or GROUP-NAME:ACTION; a name nobody has is a failure, not usage. */
		const char *colon = strrchr(cli->argv[i], ':');
		if (!colon || colon == cli->argv[i] || colon[1] == '\0') {
			char *safe = text_sanitize(cli->argv[i], false);
			rc = cli_usage(cli->argv[0], _("'%s' is not an item ID (GROUP:ACTION, e.g. "
				       "3:morning or Mums:morning)"), safe);
			free(safe);
			break;
		}
		if (group_parse_item(db, cli->argv[i], &group_id, &action_id, &cause) < 0) {
			rc = cli_fail(cause);
			break;
		}
		/* Ticking again keeps the first operator: say so rather than "ticked". */
		char *by = NULL, *at = NULL;
		int had = tick ? checklist_ticked_by(db, group_id, action_id, cli->today, &by, &at,
						     &cause)
			       : 1;
		if (had == 0) {
			out_text(stdout, cli->argv[i]);
			printf(_(" already ticked by "));
			out_text(stdout, by);
			printf(_(" at "));
			char shown[20];
			date_stamp_show(at, shown);
			out_text(stdout, shown);
			puts(_("; unchanged"));
			free(by);
			free(at);
			free(action_id);
			continue;
		}
		if (had < 0) {
			rc = fail_as_typed(cause, group_id, action_id, cli->argv[i]);
			free(action_id);
			break;
		}
		int r = tick ? today_tick(db, group_id, action_id, cli->today, cli->operator,
					      &cause)
			     : today_untick(db, group_id, action_id, cli->today, cli->operator,
						&cause);
		if (r < 0)
			rc = fail_as_typed(cause, group_id, action_id, cli->argv[i]);
		else
			printf(tick ? _("ticked %s\n") : _("unticked %s\n"), cli->argv[i]);
		free(action_id);
	}
	free(cause);
	db_close(db);
	return rc;
}
