/* Bounded YAML loading: the importers' depth, size and alias limits, checked by events first. */
#include <stdbool.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "yaml-check.h"

/* "name:line:col: problem" from a parser that failed. */
static int parser_fail(yaml_parser_t *p, const char *name, char **cause)
{
	if (p->error == YAML_MEMORY_ERROR)
		return set_cause(cause, _("%s: out of memory reading YAML"), name);
	const yaml_mark_t *m = &p->problem_mark;
	return set_cause(cause, _("%s:%zu:%zu: YAML syntax: %s%s%s"), name, m->line + 1,
			 m->column + 1, p->problem ? p->problem : _("bad YAML"),
			 p->context ? " " : "", p->context ? p->context : "");
}

/* One pass of events over text: stops at the first limit crossed, before any document is built. */
static int check_events(const char *text, size_t len, const char *name, long max_events,
			char **cause)
{
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return set_cause(cause, _("%s: cannot start the YAML parser"), name);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int depth = 0, docs = 0, rc = 0;
	long events = 0;
	bool content = false;
	for (;;) {
		yaml_event_t ev;
		if (!yaml_parser_parse(&p, &ev)) {
			rc = parser_fail(&p, name, cause);
			break;
		}
		size_t line = ev.start_mark.line + 1, col = ev.start_mark.column + 1;
		bool done = ev.type == YAML_STREAM_END_EVENT;
		if (++events > max_events) {
			rc = set_cause(cause, _("%s:%zu:%zu: too large (more than %ld YAML "
						"events); split the file"), name, line, col,
				       max_events);
		} else if (ev.type == YAML_DOCUMENT_START_EVENT && ++docs > 1) {
			rc = set_cause(cause, _("%s:%zu:%zu: one YAML document per "
						"file; found a second one"), name, line, col);
		} else if (ev.type == YAML_ALIAS_EVENT) {
			rc = set_cause(cause, _("%s:%zu:%zu: YAML aliases (*%s) are not allowed"),
				       name, line, col, (const char *)ev.data.alias.anchor);
		} else if (ev.type == YAML_SCALAR_EVENT) {
			content = true;
			if (strlen((const char *)ev.data.scalar.value) != ev.data.scalar.length)
				rc = set_cause(cause, _("%s:%zu:%zu: a NUL character in a value"),
					       name,
					       line, col);
		} else if (ev.type == YAML_SEQUENCE_START_EVENT ||
			   ev.type == YAML_MAPPING_START_EVENT) {
			content = true;
			if (++depth > YAML_IMPORT_MAX_DEPTH)
				rc = set_cause(cause, _("%s:%zu:%zu: YAML nested too deeply "
							"(more than %d levels)"), name, line, col,
					       YAML_IMPORT_MAX_DEPTH);
		} else if (ev.type == YAML_SEQUENCE_END_EVENT ||
			   ev.type == YAML_MAPPING_END_EVENT) {
			depth--;
		}
		yaml_event_delete(&ev);
		if (rc < 0 || done)
			break;
	}
	yaml_parser_delete(&p);
	if (rc == 0 && !content)
		rc = set_cause(cause, _("%s: no rows"), name);
	return rc;
}

int yaml_load_bounded(const char *text, size_t len, const char *name, long max_events,
		      yaml_document_t *doc, char **cause)
{
	if (check_events(text, len, name, max_events, cause) < 0)
		return -1;
	yaml_parser_t p;
	if (!yaml_parser_initialize(&p))
		return set_cause(cause, _("%s: cannot start the YAML parser"), name);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	int rc = 0;
	if (!yaml_parser_load(&p, doc))
		rc = parser_fail(&p, name, cause);
	yaml_parser_delete(&p);
	return rc;
}
