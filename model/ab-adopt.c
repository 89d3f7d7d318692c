/*
 * Adopting an A/B test's winner: the playbook's stored YAML is loaded as a
 * libyaml document, the action's time or a new template holding the winning
 * copy is written into it, with a new version and a note stating the measured
 * effect, and the result is parsed and stored like any imported playbook.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ab-internal.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi.h"
#include "playbook.h"
#include "util.h"
#include "yaml-check.h"

/* The value node of key in mapping node index map, or 0. */
static int map_get(yaml_document_t *doc, int map, const char *key)
{
	yaml_node_t *m = yaml_document_get_node(doc, map);
	if (!m || m->type != YAML_MAPPING_NODE)
		return 0;
	for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(doc, p->key);
		if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
		    memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
			return p->value;
	}
	return 0;
}

/* Set key to a scalar in mapping map: replace the value's text, or add the pair. */
static int map_set(yaml_document_t *doc, int map, const char *key, const char *value,
		   yaml_scalar_style_t style)
{
	int v = map_get(doc, map, key);
	yaml_node_t *n = v ? yaml_document_get_node(doc, v) : NULL;
	if (n && n->type == YAML_SCALAR_NODE) {
		/* libyaml frees node text with free() when the document is deleted. */
		free(n->data.scalar.value);
		n->data.scalar.value = (yaml_char_t *)xstrdup(value);
		n->data.scalar.length = strlen(value);
		n->data.scalar.style = style;
		return 0;
	}
	if (n)
		return -1;
	int k = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)key, (int)strlen(key),
					 YAML_PLAIN_SCALAR_STYLE);
	int s = yaml_document_add_scalar(doc, NULL, (yaml_char_t *)value, (int)strlen(value), style);
	if (!k || !s || !yaml_document_append_mapping_pair(doc, map, k, s))
		return -1;
	return 0;
}

/* The mapping of the action with id in the document's actions list, or 0. */
static int find_action(yaml_document_t *doc, int root, const char *id)
{
	int seq = map_get(doc, root, "actions");
	yaml_node_t *s = yaml_document_get_node(doc, seq);
	if (!s || s->type != YAML_SEQUENCE_NODE)
		return 0;
	for (yaml_node_item_t *i = s->data.sequence.items.start; i < s->data.sequence.items.top; i++) {
		int idv = map_get(doc, *i, "id");
		yaml_node_t *n = yaml_document_get_node(doc, idv);
		if (n && n->type == YAML_SCALAR_NODE && n->data.scalar.length == strlen(id) &&
		    memcmp(n->data.scalar.value, id, n->data.scalar.length) == 0)
			return *i;
	}
	return 0;
}

static int write_buf(void *data, unsigned char *bytes, size_t size)
{
	buf_add(data, bytes, size);
	return 1;
}

/* "1.0" -> "1.1", "2.0.9" -> "2.0.10", "v2" -> "v3", "beta" -> "beta.1". */
static char *version_next(const char *v)
{
	size_t n = strlen(v), i = n;
	while (i > 0 && v[i - 1] >= '0' && v[i - 1] <= '9')
		i--;
	if (i == n || n - i > 9)
		return xasprintf("%s.1", v);
	return xasprintf("%.*s%ld", (int)i, v, strtol(v + i, NULL, 10) + 1);
}

/* The playbook's YAML with the winner written in; a new string, or NULL with cause. */
static char *rewrite_yaml(const char *yaml_text, const struct ab_test *t, int arm,
			  const char *version, const char *note, char **cause)
{
	yaml_parser_t parser;
	yaml_document_t doc;
	yaml_parser_initialize(&parser);
	yaml_parser_set_input_string(&parser, (const unsigned char *)yaml_text, strlen(yaml_text));
	if (!yaml_parser_load(&parser, &doc)) {
		set_cause(cause, _("the stored playbook does not parse again: %s"),
			  parser.problem ? yaml_problem_text(parser.problem) : _("YAML error"));
		yaml_parser_delete(&parser);
		return NULL;
	}
	yaml_parser_delete(&parser);
	char *out = NULL;
	int root = 1;
	int action = find_action(&doc, root, t->action_id);
	int rc = action ? 0 : set_cause(cause, _("action '%s' is no longer in the playbook"),
					t->action_id);
	if (rc == 0 && t->kind == AB_TIME) {
		rc = map_set(&doc, action, "at", t->arm[arm], YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	} else if (rc == 0) {
		/* A template of its own: the old one may be shared by other actions. */
		/* Template keys are ASCII words; action ids are already. */
		char *key = xasprintf("%s-ab%lld", t->action_id, (long long)t->id);
		int templates = map_get(&doc, root, "templates");
		if (!templates) {
			int k = yaml_document_add_scalar(&doc, NULL, (yaml_char_t *)"templates", 9,
							 YAML_PLAIN_SCALAR_STYLE);
			templates = yaml_document_add_mapping(&doc, NULL, YAML_BLOCK_MAPPING_STYLE);
			if (!k || !templates || !yaml_document_append_mapping_pair(&doc, root, k, templates))
				rc = -1;
		}
		if (rc == 0)
			rc = map_set(&doc, templates, key, t->arm[arm], YAML_LITERAL_SCALAR_STYLE);
		if (rc == 0)
			rc = map_set(&doc, action, "template", key, YAML_PLAIN_SCALAR_STYLE);
		free(key);
		if (rc < 0 && cause && !*cause)
			set_cause(cause, _("cannot write the winning copy into the playbook"));
	}
	if (rc == 0)
		rc = map_set(&doc, root, "version", version, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	if (rc == 0)
		rc = map_set(&doc, root, "note", note, YAML_DOUBLE_QUOTED_SCALAR_STYLE);
	if (rc < 0) {
		if (cause && !*cause)
			set_cause(cause, _("cannot write the playbook's version and note"));
		yaml_document_delete(&doc);
		return NULL;
	}
	struct buf b = {0};
	yaml_emitter_t em;
	yaml_emitter_initialize(&em);
	yaml_emitter_set_output(&em, write_buf, &b);
	yaml_emitter_set_unicode(&em, 1);
	yaml_emitter_set_width(&em, 100);
	/* yaml_emitter_dump deletes the document, whether it succeeds or not. */
	if (yaml_emitter_open(&em) && yaml_emitter_dump(&em, &doc) && yaml_emitter_close(&em) &&
	    yaml_emitter_flush(&em))
		out = xstrdup(buf_str(&b));
	else
		set_cause(cause, _("writing the playbook: %s"),
			  em.problem ? em.problem : _("emitter error"));
	yaml_emitter_delete(&em);
	buf_free(&b);
	return out;
}

/* The stored YAML of version id. */
static char *stored_yaml(struct db *db, int64_t id, char **cause)
{
	sqlite3_stmt *st = db_cached(db, "SELECT yaml FROM playbook_version WHERE id = ?", cause);
	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	char *text = NULL;
	if (sqlite3_step(st) == SQLITE_ROW)
		text = xstrdup(db_col_text(st, 0));
	else
		db_fail(db, _("reading the playbook's YAML"), cause);
	sqlite3_reset(st);
	return text;
}

/* "话术测试 早安问候：A「…」 vs B「…」，采用 B，内容打开率 +4.2 个百分点（显著）". */
static char *effect_note(const struct playbook *pb, const struct ab_test *t, int arm,
			 const struct ab_standing *s)
{
	const struct pb_action *a = playbook_action(pb, t->action_id);
	const struct pb_metric *m = playbook_metric(pb, t->metric);
	struct buf b = {0};
	buf_addf(&b, "%s %s：%s vs %s，采用 %c", t->kind == AB_COPY ? "话术测试" : "时段测试",
		 a ? a->title : t->action_id, t->arm[0], t->arm[1], 'A' + arm);
	if (s->comparable) {
		double d = arm == 1 ? s->diff : -s->diff;
		buf_addf(&b, "，%s %+.1f%s（%s，%d+%d 群日）", m ? m->name : t->metric, d,
			 m && m->unit == UNIT_PERCENT ? " 个百分点" : "",
			 s->significant ? "显著" : "不显著", s->arm[0].group_days,
			 s->arm[1].group_days);
	} else {
		buf_addf(&b, "，%s 尚无数据", m ? m->name : t->metric);
	}
	char *note = xstrdup(buf_str(&b));
	buf_free(&b);
	/* A note is one line: copies may hold newlines. */
	for (char *p = note; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' ';
	return note;
}

int ab_adopt(struct db *db, const struct playbook_set *set, const char *name, int arm,
	     int today, const char *operator, char **note_out, char **cause)
{
	if (arm != 0 && arm != 1)
		return set_cause(cause, _("adopt A or B"));
	struct ab_test t;
	int f = ab_find(db, name, &t, cause);
	if (f != 0)
		return f < 0 ? -1 : set_cause(cause, _("no A/B test named '%s'"), name);
	/* The winner goes into the playbook the test's groups run on, not the default. */
	const struct playbook *pb = ab_test_playbook(set, &t);
	struct ab_standing s;
	char *yaml = NULL, *text = NULL, *note = NULL, *version = NULL;
	struct playbook *next = NULL;
	int rc = 0;
	if (*t.adopted)
		rc = set_cause(cause, _("test '%s' was adopted already (arm %s)"), name, t.adopted);
	if (rc == 0)
		rc = ab_standing(db, pb, &t, today, &s, cause);
	if (rc == 0 && !(yaml = stored_yaml(db, pb->version_id, cause)))
		rc = -1;
	if (rc == 0) {
		note = effect_note(pb, &t, arm, &s);
		version = version_next(pb->version);
		text = rewrite_yaml(yaml, &t, arm, version, note, cause);
		rc = text ? 0 : -1;
	}
	if (rc == 0) {
		char *where = xasprintf("ab adopt %s", name);
		rc = playbook_parse(text, strlen(text), where, &next, cause);
		free(where);
	}
	if (rc == 0)
		rc = db_begin(db, cause);
	if (rc == 0) {
		char *source = xasprintf("ab:%s", name);
		char arm_s[2] = {(char)('A' + arm), 0};
		rc = playbook_store_locked(db, next, text, source, operator, cause);
		if (rc == 0)
			rc = ab_mark_stopped(db, &t, today, operator, arm_s, cause);
		if (rc == 0) {
			char *detail = xasprintf("ab adopt %s %s: version %s: %s", name, arm_s,
						 version, note);
			rc = db_audit(db, operator, "ab", detail, cause);
			free(detail);
		}
		free(source);
		if (rc == 0)
			rc = db_commit(db, cause);
		else
			db_rollback(db);
	}
	if (rc == 0 && note_out)
		*note_out = xstrdup(note);
	if (next)
		playbook_free(next);
	free(yaml);
	free(text);
	free(note);
	free(version);
	ab_test_clear(&t);
	return rc;
}
