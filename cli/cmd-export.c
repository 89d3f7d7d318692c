/* sopdeck export KIND [--format F] [-o FILE]: one exporter per kind, found in a table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "cli.h"
#include "content-args.h"
#include "content.h"
#include "db.h"
#include "util.h"

/*
 * An exporter parses its own options (argv[0] is the kind) and writes to out.
 * Returns an exit status.
 */
struct exporter {
	const char *kind;
	const char *formats;   /* for the usage message, e.g. "csv|yaml" */
	int (*run)(struct cli *cli, struct db *db, const char *format, FILE *out);
};

/* Where the export goes, for messages: the -o file or standard output. */
static const char *export_where = "standard output";

static int export_content(struct cli *cli, struct db *db, const char *format, FILE *out)
{
	enum content_format fmt;
	if (!format || strcmp(format, "csv") == 0)
		fmt = CONTENT_CSV;
	else if (strcmp(format, "yaml") == 0 || strcmp(format, "yml") == 0)
		fmt = CONTENT_YAML;
	else
		return cli_usage("export content", _("--format: want csv or yaml, not '%s'"), format);
	struct content_args a = {.argc = cli->argc, .argv = cli->argv};
	content_filter_init(&a.filter);
	int rc = EXIT_OK;
	for (int i = 2; i < cli->argc && rc == EXIT_OK; i++) {
		int r = content_args_parse(db, "export content", &i, &a);
		if (r > 0)
			rc = r;
		else if (r < 0)
			rc = cli_unknown("export content", cli->argv[i]);
	}
	char *cause = NULL;
	size_t n;
	if (rc == EXIT_OK && content_export(db, &a.filter, fmt, out, &n, &cause) < 0) {
		/* A failed write (a full disk) is said with the file it was for. */
		char *msg = ferror(out) ? xasprintf("%s: %s", export_where, cause) : NULL;
		rc = cli_fail(msg ? msg : cause);
		free(msg);
	}
	free(cause);
	content_args_free(&a);
	return rc;
}

/* "sopdeck: PATH: what: reason" for a failed write; returns EXIT_FAIL. */
static int export_fail(const char *path, const char *what, int err)
{
	char *msg = xasprintf("%s: %s: %s", path, what, error_text(err ? err : EIO));
	cli_fail(msg);
	free(msg);
	return EXIT_FAIL;
}

/*
 * A fresh temporary file beside path, from mkstemp (O_CREAT|O_EXCL: a symlink
 * another group member planted there is never followed), mode 0600 or 0660
 * shared; renamed over path once complete, so a failed export leaves no half file.
 */
static FILE *export_open_tmp(const char *path, char **tmp)
{
	char *copy = xstrdup(path), *slash = strrchr(copy, '/');
	const char *base = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	*tmp = slash ? xasprintf("%s/.%s.XXXXXX", *copy ? copy : "", base)
		     : xasprintf(".%s.XXXXXX", base);
	free(copy);
	int fd = mkstemp(*tmp);
	if (fd < 0) {
		export_fail(path, _("cannot create a temporary file beside it"), errno);
		free(*tmp);
		*tmp = NULL;
		return NULL;
	}
	FILE *out = NULL;
	if (fchmod(fd, db_shared() ? 0660 : 0600) < 0 || !(out = fdopen(fd, "w"))) {
		export_fail(*tmp, _("cannot open"), errno);
		close(fd);
		unlink(*tmp);
		free(*tmp);
		*tmp = NULL;
	}
	return out;
}

/* Flush, fsync, close and rename tmp over path; on any failure remove tmp. */
static int export_finish(FILE *out, const char *tmp, const char *path, int rc)
{
	int err = 0;
	if (rc == EXIT_OK && (ferror(out) || fflush(out) != 0 || fsync(fileno(out)) != 0)) {
		err = errno;
		rc = export_fail(path, _("writing the export failed"), err);
	}
	if (fclose(out) != 0 && rc == EXIT_OK)
		rc = export_fail(path, _("writing the export failed"), errno);
	if (rc == EXIT_OK && rename(tmp, path) != 0)
		rc = export_fail(path, _("cannot replace it"), errno);
	if (rc != EXIT_OK)
		unlink(tmp);
	return rc;
}

static const struct exporter exporters[] = {
	{"content", "csv|yaml", export_content},
	{"kpi", "csv|md", cmd_kpi_export},
	{"calendar", "csv|md|ics", export_calendar},
};

int cmd_export(struct cli *cli)
{
	if (cli->argc < 2)
		return cli_usage("export", _("expected: export calendar|content|kpi [--format F] "
				 "[-o FILE]"));
	const struct exporter *ex = NULL;
	for (size_t i = 0; i < ARRAY_LEN(exporters); i++)
		if (strcmp(cli->argv[1], exporters[i].kind) == 0)
			ex = &exporters[i];
	if (!ex)
		return cli_unknown_kind("export", cli->argv[1]);
	/* --format and -o are common to every kind; the rest is the exporter's. */
	const char *format = NULL, *path = NULL;
	int n = 2;
	for (int i = 2; i < cli->argc; i++) {
		const char *v;
		int r = cli_opt_value(cli->argc, cli->argv, &i, "--format", &v);
		if (r == 0)
			r = cli_opt_value(cli->argc, cli->argv, &i, "-o", &v) * 2;
		if (r == 0)
			r = cli_opt_value(cli->argc, cli->argv, &i, "--output", &v) * 2;
		if (r < 0)
			return cli_usage("export", _("%s needs a value"), cli->argv[i]);
		if (r == 1)
			format = v;
		else if (r == 2)
			path = v;
		else
			cli->argv[n++] = cli->argv[i];
	}
	cli->argc = n;
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	if (path)
		export_where = path;
	FILE *out = stdout;
	char *tmp = NULL;
	if (path && !(out = export_open_tmp(path, &tmp))) {
		db_close(db);
		return EXIT_FAIL;
	}
	int rc = ex->run(cli, db, format, out);
	if (path)
		rc = export_finish(out, tmp, path, rc);
	else if (fflush(stdout) != 0 && rc == EXIT_OK)
		rc = export_fail(_("standard output"), _("writing the export failed"), errno);
	free(tmp);
	db_close(db);
	return rc;
}
