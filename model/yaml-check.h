/*
 * Bounded YAML loading for the importers (model/ only): the limits the playbook
 * reader has, applied before libyaml builds a document, so a hostile file is
 * refused in milliseconds instead of holding a write transaction for hours.
 */
#ifndef SOPDECK_YAML_CHECK_H
#define SOPDECK_YAML_CHECK_H

#include <stddef.h>
#include <yaml.h>

#define YAML_IMPORT_MAX_DEPTH 32   /* as the playbook's: groups and content nest 3 levels */

/*
 * Check text with libyaml's event parser (depth at most YAML_IMPORT_MAX_DEPTH,
 * at most max_events events, one document, no aliases, no NUL in a value), then
 * load it into *doc (delete it with yaml_document_delete). -1 with a cause
 * "name:line:col: ..." on a syntax error or a limit; an empty file gives
 * "name: no rows".
 */
int yaml_load_bounded(const char *text, size_t len, const char *name, long max_events,
		      yaml_document_t *doc, char **cause);

/* libyaml's problem or context text in the interface's language (NULL: "bad YAML"). */
const char *yaml_problem_text(const char *text);
/* What goes between the problem and its context: " ", or "" when the context is translated. */
const char *yaml_context_sep(const char *context);

#endif
