/*
 * sopdeck content add|edit|delete|archive: what the console's Library can do,
 * on the command line. Delete lists the slots it would empty and wants --yes
 * for them; an item that was posted is archived, never lost.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "cli.h"
#include "content-args.h"
#include "content.h"
#include "dates.h"
#include "db.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

bool cmd_content_is_edit(const char *word)
{
	return !strcmp(word, "add") || !strcmp(word, "edit") || !strcmp(word, "delete") ||
	       !strcmp(word, "archive");
}

/* An item id argument: > 0, else 0 after a usage error. */
static int64_t parse_id(const char *cmd, const char *s)
{
	char *end;
	errno = 0;
	long long id = s ? strtoll(s, &end, 10) : 0;
	if (!s || errno || *end || id <= 0) {
		cli_usage(cmd, _("needs a content ID (a number, as `sopdeck content` lists)"));
		return 0;
	}
	return id;
}

/* Replace *field with a copy of v. */
static void set_field(char **field, const char *v)
{
	free(*field);
	*field = xstrdup(v);
}

/*
 * Apply --title --category --zone --form --style --tags --date --source --body
 * --body-file to it. Returns EXIT_OK, or an exit status after the message.
 */
static int apply_options(struct cli *cli, struct db *db, const char *cmd, int first,
			 struct content_item *it)
{
	static const char *const names[] = {"--title", "--category", "--zone", "--form",
					    "--style", "--tags",     "--date", "--source",
					    "--body",  "--body-file"};
	enum { TITLE, CAT, ZONE, FORM, STYLE, TAGS, DATE, SOURCE, BODY, BODY_FILE };
	for (int i = first; i < cli->argc; i++) {
		const char *v = NULL;
		int r = 0;
		size_t k = 0;
		for (; k < ARRAY_LEN(names); k++)
			if ((r = cli_opt_value(cli->argc, cli->argv, &i, names[k], &v)) != 0)
				break;
		if (r < 0)
			return cli_usage(cmd, _("%s needs a value"), names[k]);
		if (r == 0)
			return cli_unknown(cmd, cli->argv[i]);
		switch (k) {
		case TITLE:
			free(it->title);
			it->title = text_trim(xstrdup(v));
			break;
		case CAT: {
			/* Any business line's category: the library is shared. */
			char *cause = NULL, *key = NULL;
			int found = *v ? content_category_any(db, v, &key, &cause) : 1;
			if (found < 0) {
				int rc = cli_fail(cause);
				free(cause);
				return rc;
			}
			if (!found)
				return cli_usage(cmd, _("--category: unknown category '%s'"), v);
			set_field(&it->category, key ? key : "");
			free(key);
			break;
		}
		case ZONE: {
			const char *key = content_zone_parse(v);
			if (!key)
				return cli_usage(cmd, _("--zone: want knowledge|visual|campaign|ugc"));
			set_field(&it->zone, key);
			break;
		}
		case FORM: {
			const char *key = content_form_parse(v);
			if (!key)
				return cli_usage(cmd, _("--form: want text|video|voice|live|qa (or their Chinese names)"));
			set_field(&it->form, key);
			break;
		}
		case STYLE: set_field(&it->style, v); break;
		case SOURCE: set_field(&it->source, v); break;
		case BODY: set_field(&it->body, v); break;
		case BODY_FILE: {
			char *data, *cause = NULL;
			size_t len;
			if (read_file(v, 16u << 20, &data, &len, &cause) < 0) {
				int rc = cli_fail(cause);
				free(cause);
				return rc;
			}
			free(it->body);
			it->body = data;
			break;
		}
		case TAGS:
			content_tags_free(it->tags, it->n_tags);
			it->n_tags = content_tags_split(v, &it->tags);
			break;
		case DATE:
			if ((it->date = content_parse_date(v)) == DATE_INVALID)
				return cli_usage(cmd, _("--date: '%s' is not a date (YYYY-MM-DD or YYYYMM)"),
						 v);
			break;
		}
	}
	return EXIT_OK;
}

/* content add --title T ...: a new item, dated today unless --date. */
static int content_cmd_add(struct cli *cli, struct db *db)
{
	struct content_item it = {0};
	const char **fields[] = {(const char **)&it.title, (const char **)&it.category,
				 (const char **)&it.zone, (const char **)&it.form,
				 (const char **)&it.style, (const char **)&it.source,
				 (const char **)&it.body};
	for (size_t i = 0; i < ARRAY_LEN(fields); i++)
		*fields[i] = xstrdup("");
	it.date = cli->today;
	int rc = apply_options(cli, db, "content add", 2, &it);
	char *cause = NULL;
	if (rc == EXIT_OK && !*it.title)
		rc = cli_usage("content add", _("needs --title TEXT"));
	if (rc == EXIT_OK) {
		if (content_add(db, &it, cli->operator, &cause) < 0)
			rc = cli_fail(cause);
		else
			printf(_("added #%lld %s\n"), (long long)it.id, it.title);
	}
	free(cause);
	content_item_clear(&it);
	return rc;
}

/* content edit ID [--field value]...: change only the fields given. */
static int content_cmd_edit(struct cli *cli, struct db *db)
{
	int64_t id = parse_id("content edit", cli->argc > 2 ? cli->argv[2] : NULL);
	if (!id)
		return EXIT_USAGE;
	if (cli->argc < 4)
		return cli_usage("content edit", _("say what to change: --title, --body, --tags ..."));
	struct content_item it;
	char *cause = NULL;
	if (content_require(db, id, &it, &cause) < 0) {
		int rc = cli_fail(cause);
		free(cause);
		return rc;
	}
	int rc = apply_options(cli, db, "content edit", 3, &it);
	if (rc == EXIT_OK) {
		if (content_update(db, &it, cli->operator, &cause) < 0)
			rc = cli_fail(cause);
		else
			printf(_("edited #%lld %s\n"), (long long)it.id, it.title);
	}
	free(cause);
	content_item_clear(&it);
	return rc;
}

/* Print the slots a delete would empty, one a line, on stderr. */
static void print_pending(const struct content_use *u, size_t n)
{
	static const char *const wd[] = {N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"),
					 N_("Fri"), N_("Sat"), N_("Sun")};
	for (size_t i = 0; i < n; i++) {
		char d[11], at[6] = "--:--";
		date_format(u[i].day, d);
		if (u[i].at >= 0)
			time_format_hhmm(u[i].at, at);
		char *g = text_sanitize(*u[i].group_name ? u[i].group_name : _("(deleted group)"),
					 false);
		fprintf(stderr, "  %s %s %s  %s\n", d, _(wd[date_weekday(u[i].day)]), at, g);
		free(g);
	}
}

/* content delete ID [--yes]: archived if it has history; slots ahead cleared only with --yes. */
static int content_cmd_delete(struct cli *cli, struct db *db)
{
	int64_t id = parse_id("content delete", cli->argc > 2 ? cli->argv[2] : NULL);
	if (!id)
		return EXIT_USAGE;
	bool yes = false;
	for (int i = 3; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--yes") || !strcmp(cli->argv[i], "-y"))
			yes = true;
		else
			return cli_usage("content delete", _("unexpected argument '%s'"), cli->argv[i]);
	}
	struct content_item it;
	struct content_use *use = NULL;
	size_t n_use = 0, cleared = 0;
	bool archived = false;
	char *cause = NULL;
	int rc = EXIT_OK;
	if (content_require(db, id, &it, &cause) < 0) {
		rc = cli_fail(cause);
		free(cause);
		return rc;
	}
	char *title = text_sanitize(it.title, false);
	if (content_pending_slots(db, id, cli->today, &use, &n_use, &cause) < 0) {
		rc = cli_fail(cause);
	} else if (n_use && !yes) {
		fprintf(stderr, _("sopdeck: \"%s\" is scheduled in %zu slot%s from today on, not yet "
			"posted; deleting it clears them (past slots stay as history):\n"), title,
			n_use, i18n_plural_s(n_use));
		print_pending(use, n_use);
		fprintf(stderr, _("run `sopdeck content delete %lld --yes` to go ahead\n"),
			(long long)id);
		rc = EXIT_FAIL;
	} else if (content_delete_on(db, id, cli->today, cli->operator, &cleared, &archived,
				     &cause) < 0) {
		rc = cli_fail(cause);
	} else {
		if (archived)
			printf(_("archived #%lld %s: it has past or posted slots, so they and its KPI "
			       "history stay (`sopdeck content --archived` lists it)"), (long long)id,
			       title);
		else
			printf(_("deleted #%lld %s"), (long long)id, title);
		if (cleared)
			printf(_("; cleared %zu slot%s"), cleared, i18n_plural_s(cleared));
		printf("\n");
		free(cause);
		cause = NULL;
	}
	free(title);
	free(cause);
	content_usage_free(use, n_use);
	content_item_clear(&it);
	return rc;
}

/* content archive ID [--restore]: leave the library lists (or come back); slots stay. */
static int content_cmd_archive(struct cli *cli, struct db *db)
{
	int64_t id = parse_id("content archive", cli->argc > 2 ? cli->argv[2] : NULL);
	if (!id)
		return EXIT_USAGE;
	bool restore = false;
	for (int i = 3; i < cli->argc; i++) {
		if (!strcmp(cli->argv[i], "--restore"))
			restore = true;
		else
			return cli_usage("content archive", _("unexpected argument '%s'"), cli->argv[i]);
	}
	char *cause = NULL;
	int rc = EXIT_OK;
	if (content_archive(db, id, !restore, cli->operator, &cause) < 0)
		rc = cli_fail(cause);
	else
		printf(restore ? _("restored #%lld\n") : _("archived #%lld\n"), (long long)id);
	free(cause);
	return rc;
}

int cmd_content_edit(struct cli *cli)
{
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	const char *what = cli->argv[1];
	int rc = !strcmp(what, "add")      ? content_cmd_add(cli, db)
		 : !strcmp(what, "edit")   ? content_cmd_edit(cli, db)
		 : !strcmp(what, "delete") ? content_cmd_delete(cli, db)
					   : content_cmd_archive(cli, db);
	db_close(db);
	return rc;
}
