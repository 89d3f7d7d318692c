/* Bounded YAML loading: the importers' depth, size and alias limits, checked by events first. */
#include <stdbool.h>
#include <string.h>

#include "i18n.h"
#include "util.h"
#include "yaml-check.h"

/*
 * libyaml's problem and context texts (English in the library), marked for the catalogue so
 * a Chinese user reads why a file failed; a text not listed is shown as libyaml wrote it.
 */
static const char *const yaml_texts[] = {
	N_("block sequence entries are not allowed in this context"),
	N_("control characters are not allowed"),
	N_("could not find expected ':'"),
	N_("did not find expected ',' or ']'"),
	N_("did not find expected ',' or '}'"),
	N_("did not find expected '-' indicator"),
	N_("did not find expected <document start>"),
	N_("did not find expected comment or line break"),
	N_("did not find expected hexdecimal number"),
	N_("did not find expected key"),
	N_("did not find expected node content"),
	N_("did not find expected whitespace or line break"),
	N_("found a tab character that violates indentation"),
	N_("found a tab character where an indentation space is expected"),
	N_("found an incorrect leading UTF-8 octet"),
	N_("found an incorrect trailing UTF-8 octet"),
	N_("found character that cannot start any token"),
	N_("found duplicate anchor; first occurrence"),
	N_("found undefined alias"),
	N_("found undefined tag handle"),
	N_("found unexpected ':'"),
	N_("found unexpected document indicator"),
	N_("found unexpected end of stream"),
	N_("found unknown escape character"),
	N_("incomplete UTF-8 octet sequence"),
	N_("invalid leading UTF-8 octet"),
	N_("invalid trailing UTF-8 octet"),
	N_("invalid Unicode character"),
	N_("input is too long"),
	N_("mapping keys are not allowed in this context"),
	N_("mapping values are not allowed in this context"),
	N_("while parsing a block collection"),
	N_("while parsing a block mapping"),
	N_("while parsing a block node"),
	N_("while parsing a flow mapping"),
	N_("while parsing a flow node"),
	N_("while parsing a flow sequence"),
	N_("while parsing a node"),
	N_("while scanning a block scalar"),
	N_("while scanning a plain scalar"),
	N_("while scanning a quoted scalar"),
	N_("while scanning a simple key"),
	N_("while scanning an alias"),
	N_("while scanning an anchor"),
	N_("while scanning a tag"),
	N_("while scanning for the next token"),
};

const char *yaml_problem_text(const char *text)
{
	(void)yaml_texts;  /* the table is read by tools/po-check.py, not at run time */
	return text ? _(text) : _("bad YAML");
}

const char *yaml_context_sep(const char *context)
{
	if (!context)
		return "";
	/* A translated context brings its own brackets: "……（解析块映射时）". */
	return _(context) == context ? " " : "";
}

/* "name:line:col: problem" from a parser that failed. */
static int parser_fail(yaml_parser_t *p, const char *name, char **cause)
{
	if (p->error == YAML_MEMORY_ERROR)
		return set_cause(cause, _("%s: out of memory reading YAML"), name);
	const yaml_mark_t *m = &p->problem_mark;
	return set_cause(cause, _("%s:%zu:%zu: YAML syntax: %s%s%s"), name, m->line + 1,
			 m->column + 1, yaml_problem_text(p->problem),
			 yaml_context_sep(p->context), p->context ? yaml_problem_text(p->context) : "");
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
