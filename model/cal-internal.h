/* Shared by the calendar's files (model/calendar*.c) only. */
#ifndef SOPDECK_MODEL_CAL_INTERNAL_H
#define SOPDECK_MODEL_CAL_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "calendar.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

/* "YYYY-MM-DD" and "HH:MM". */
void cal_fmt(int day, int at, char date[11], char hhmm[6]);
/* An action title without its English gloss: "早安问候 (morning greeting)" -> "早安问候". */
char *cal_short_title(const char *title);
/*
 * Bind a slot's position to st's parameters first .. first + 3: group, date,
 * time, action (NULL: left unbound, i.e. NULL).
 */
void cal_bind_pos(sqlite3_stmt *st, int first, int64_t group_id, int day, int at,
		  const char *action_id);
/*
 * calendar_due_actions in two halves, for many groups at once: the content actions whose
 * day rule (every, nodes) holds on day, in playbook order (the same for every group, the
 * costly half); then those of them whose group rule (type, stage, day N) holds for g, in
 * calendar_due_actions' order.
 */
size_t cal_day_candidates(const struct playbook *pb, int day, struct cal_due *out);
size_t cal_due_among(const struct playbook *pb, const struct group *g, int day,
		     const struct cal_due *cand, struct cal_due *out);
/* The playbook's recurring content actions as rows (unsorted); free with cal_rows_free. */
size_t cal_grid_rows(const struct playbook *pb, struct cal_row **out);
void cal_rows_free(struct cal_row *rows, size_t n);
/* Slots with day in from..to for one group (id) or all (0), by day, time, group, id. */
int cal_slots_load(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause);
void cal_slots_free(struct cal_slot *s, size_t n);
/* Content ids, each once, ascending (free id). */
struct cal_ids {
	int64_t *id;
	size_t n;
};
/* The week's slots' strings, one block, and how each block is held (cal_big_free). */
struct cal_week_slots {
	char *text;
	size_t text_mapped, slots_mapped;
};
/*
 * The same for the week, in the order read (no sort) and without an allocation per
 * slot: every slot's strings point into week->text (free the slots and the text with
 * cal_big_free and week's *_mapped, no cal_slot_clear); only the fields `what` says are
 * read (the others "", the status planned); CAL_READ_UNTITLED: title and content_form
 * for cal_slots_title later.
 */
int cal_week_slots_load(struct db *db, int from, int to, int64_t group_id,
			enum cal_week_read what, struct cal_slot **out, size_t *n,
			struct cal_week_slots *week, char **cause);
/*
 * Room for want bytes at *p, used of them kept (*cap its room): malloc'd, or with huge
 * true util's struct big held as three fields (huge pages once large, see big_reserve;
 * *mapped its mapping's bytes, 0 while malloc'd).
 */
void cal_big_reserve(char **p, size_t used, size_t want, size_t *cap, size_t *mapped,
		     bool huge);
/* Free what cal_big_reserve gave (mapped: its *mapped). */
void cal_big_free(void *p, size_t mapped);
/*
 * Point the slots' title and content_form at their items' (one statement, each item
 * once, in id order), the strings in *text (NULL when no slot has content; the
 * caller frees it after the slots).
 */
int cal_slots_title(struct db *db, struct cal_slot *const *slots, size_t n, char **text,
		    char **cause);
/* ids as a JSON array ("[3,5,8]") appended to b, for json_each. */
void cal_ids_json(struct buf *b, const int64_t *ids, size_t n);
/* One group by name, or all (NULL). */
int cal_groups_load(struct db *db, const char *group_name, struct group **out, size_t *n,
		    char **cause);

/*
 * Step st to its end, each row appended to the array *out (elements of size
 * bytes, zeroed, *n of them) by read; reset st. On an error every row is
 * cleared (clear NULL: nothing to), the array freed and db_fail says `what`.
 * One loop for every reader of a list of rows (model/calendar-slot.c).
 */
int cal_read_rows(struct db *db, sqlite3_stmt *st, void **out, size_t *n, size_t size,
		  void (*read)(sqlite3_stmt *st, void *row), void (*clear)(void *row),
		  const char *what, char **cause);

/* ---- changes and undo (model/calendar-undo.c) ---- */

/*
 * A change's description: its kind ("fill", "fill-topic", "clear", "status", "move",
 * "copy", "copy-week") and fields, kept language-free in slot_undo.what and written out
 * in a language when shown (undo's message in the interface's, the audit's in English).
 * cal_desc takes the fields up to a NULL; cal_desc_add appends one.
 */
char *cal_desc(const char *kind, ...) __attribute__((sentinel));
void cal_desc_add(char **desc, const char *field);
/* desc in lang; a description stored before they were language-free comes back as is. */
char *cal_desc_text(const char *desc, enum i18n_lang lang);

/* A change in progress: one transaction and one undo batch. */
struct cal_change {
	struct db *db;
	const char *operator;
	char *what;          /* the description (cal_desc: undo's message, the audit's detail) */
	int64_t batch;
};
/* Begin the transaction and a new undo batch; takes what (freed on failure). */
int cal_change_begin(struct db *db, const char *operator, char *what, struct cal_change *c,
		     char **cause);
/* Keep the slot's before-image for undo, once per position and change. */
int cal_change_snapshot(struct cal_change *c, int64_t group_id, int day, int at,
			const char *action_id, char **cause);
/* Audit as kind, forget redo, drop old undo batches, commit; rolls back on failure. */
int cal_change_commit(struct cal_change *c, const char *kind, char **cause);
/* Roll back; always -1. */
int cal_change_fail(struct cal_change *c);

#endif
