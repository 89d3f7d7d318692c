/*
 * Reading stored slots: one slot, an action's slot, a range of days at once
 * (the week, the Today tab), the content used around a day (the picker's marks).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calendar.h"
#include "cal-internal.h"
#include "db-ids.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "util.h"

#define SLOT_SELECT                                                                      \
	"SELECT s.id, s.group_id, s.day, s.at, s.action_id, coalesce(s.content_id, 0), "   \
	"s.title, s.category, s.content_form, s.topic, s.form, "                         \
	"s.owner, s.status, s.updated_at, s.updated_by, s.dup_day "                        \
	"FROM slot s "

/* A slot's nine strings, in the order cal_slot_pack lays them out. */
enum { PK_ACTION, PK_TITLE, PK_CATEGORY, PK_CFORM, PK_TOPIC, PK_FORM, PK_OWNER, PK_UAT, PK_UBY,
       PK_COUNT };

/* Where each of them is in struct cal_slot (PK_* order). */
static const size_t pk_offset[PK_COUNT] = {
	offsetof(struct cal_slot, action_id), offsetof(struct cal_slot, title),
	offsetof(struct cal_slot, category),  offsetof(struct cal_slot, content_form),
	offsetof(struct cal_slot, topic),     offsetof(struct cal_slot, form),
	offsetof(struct cal_slot, owner),     offsetof(struct cal_slot, updated_at),
	offsetof(struct cal_slot, updated_by),
};

/* A slot's string field k (PK_*). */
static inline char **slot_field(struct cal_slot *s, int k)
{
	return (char **)(void *)((char *)s + pk_offset[k]);
}

/*
 * Give s its strings in one allocation (s->strings) instead of nine: a week of
 * 15,000 slots is then 15,000 mallocs and frees, not 135,000. action "" is NULL.
 */
static void cal_slot_pack(struct cal_slot *s, const char *const str[PK_COUNT],
			  const size_t len[PK_COUNT])
{
	size_t total = 0;
	for (int i = 0; i < PK_COUNT; i++)
		total += len[i] + 1;
	char *p = s->strings = xmalloc(total);
	for (int i = 0; i < PK_COUNT; i++) {
		memcpy(p, str[i], len[i]);
		p[len[i]] = '\0';
		*slot_field(s, i) = p;
		p += len[i] + 1;
	}
	if (!s->action_id[0])
		s->action_id = NULL;
}

/* Column col as text and its length in bytes ("" for NULL). */
static const char *col_text(sqlite3_stmt *st, int col, size_t *len)
{
	const char *t = db_col_text(st, col);
	*len = (size_t)sqlite3_column_bytes(st, col);
	return t;
}

/* Column col as slot.dup_day: a day number, DATE_INVALID for NULL (no repeat). */
static int slot_dup_day(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? date_parse((const char *)t) : DATE_INVALID;
}

static void slot_from_row(sqlite3_stmt *st, struct cal_slot *s)
{
	s->id = sqlite3_column_int64(st, 0);
	s->group_id = sqlite3_column_int64(st, 1);
	s->day = date_parse(db_col_text(st, 2));
	s->at = time_parse_hhmm(db_col_text(st, 3));
	s->content_id = sqlite3_column_int64(st, 5);
	s->dup_day = slot_dup_day(st, 15);
	static const int cols[PK_COUNT] = {4, 6, 7, 8, 9, 10, 11, 13, 14};
	const char *str[PK_COUNT];
	size_t len[PK_COUNT];
	for (int i = 0; i < PK_COUNT; i++)
		str[i] = col_text(st, cols[i], &len[i]);
	int status = slot_status_parse(db_col_text(st, 12));
	s->status = status < 0 ? SLOT_PLANNED : (enum slot_status)status;
	cal_slot_pack(s, str, len);
}

int cal_read_rows(struct db *db, sqlite3_stmt *st, void **out, size_t *n, size_t size,
		  void (*read)(sqlite3_stmt *st, void *row), void (*clear)(void *row),
		  const char *what, char **cause)
{
	*out = NULL;
	*n = 0;
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 32;
			*out = xrealloc(*out, cap * size);
		}
		void *row = (char *)*out + *n * size;
		memset(row, 0, size);
		read(st, row);
		(*n)++;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	for (size_t i = 0; clear && i < *n; i++)
		clear((char *)*out + i * size);
	free(*out);
	*out = NULL;
	*n = 0;
	return db_fail(db, _(what), cause);
}

void cal_bind_pos(sqlite3_stmt *st, int first, int64_t group_id, int day, int at,
		  const char *action_id)
{
	char date[11], hhmm[6];
	cal_fmt(day, at, date, hhmm);
	sqlite3_bind_int64(st, first, group_id);
	sqlite3_bind_text(st, first + 1, date, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, first + 2, hhmm, -1, SQLITE_TRANSIENT);
	if (action_id)
		sqlite3_bind_text(st, first + 3, action_id, -1, SQLITE_TRANSIENT);
}

/* The columns of a range of slots, their item's title and form the slot row's own (kept by
   migration 028's triggers, as the category by 023's): no read of the content table.
   The first eight are every reader's; the strings after them depend on what is read. */
#define SLOT_RANGE_FIXED                                                                  \
	"SELECT id, group_id, day, at, action_id, coalesce(content_id, 0), category, dup_day"
#define SLOT_RANGE_ALL ", topic, form, owner, status, updated_at, updated_by, title, content_form"
#define SLOT_RANGE_SELECT SLOT_RANGE_FIXED SLOT_RANGE_ALL " FROM slot "
#define SLOT_RANGE_WHERE_ALL "WHERE day BETWEEN ?1 AND ?2 AND ?3 = 0"
#define SLOT_RANGE_WHERE_ONE "WHERE group_id = ?3 AND day BETWEEN ?1 AND ?2"

/*
 * What each enum cal_week_read reads: the statement for every group's slots and for one
 * group's, the column of each string field (PK_*; -1: not read, "") and of the status
 * (-1: planned). Every column is a cost per slot (15,000 a week), so a printer reads
 * only what it prints.
 */
static const struct read_set {
	const char *all, *one;
	int col[PK_COUNT];
	int status;
} read_sets[] = {
	[CAL_READ_ALL] = {SLOT_RANGE_SELECT SLOT_RANGE_WHERE_ALL,
			  SLOT_RANGE_SELECT SLOT_RANGE_WHERE_ONE,
			  {4, 14, 6, 15, 8, 9, 10, 12, 13}, 11},
	[CAL_READ_UNTITLED] = {SLOT_RANGE_FIXED ", topic, form, owner, status, updated_at, "
			       "updated_by FROM slot " SLOT_RANGE_WHERE_ALL,
			       SLOT_RANGE_FIXED ", topic, form, owner, status, updated_at, "
			       "updated_by FROM slot " SLOT_RANGE_WHERE_ONE,
			       {4, -1, 6, -1, 8, 9, 10, 12, 13}, 11},
	[CAL_READ_JSON] = {SLOT_RANGE_FIXED ", topic, form, owner, status, updated_by, title "
			   "FROM slot " SLOT_RANGE_WHERE_ALL,
			   SLOT_RANGE_FIXED ", topic, form, owner, status, updated_by, title "
			   "FROM slot " SLOT_RANGE_WHERE_ONE,
			   {4, 13, 6, -1, 8, 9, 10, -1, 12}, 11},
	[CAL_READ_GRID] = {SLOT_RANGE_FIXED ", topic, title FROM slot " SLOT_RANGE_WHERE_ALL,
			   SLOT_RANGE_FIXED ", topic, title FROM slot " SLOT_RANGE_WHERE_ONE,
			   {4, 9, 6, -1, 8, -1, -1, -1, -1}, -1},
};

/* By day, time, group, then id (the order every caller of the range readers gets). */
static int slot_order_cmp(const void *a, const void *b)
{
	const struct cal_slot *x = a, *y = b;
	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	return (x->id > y->id) - (x->id < y->id);
}

/* Bind days from..to and the group (id, or the JSON list when list is not NULL). */
static void bind_range(sqlite3_stmt *st, int from, int to, int64_t group_id, const char *list)
{
	char dfrom[11], dto[11];
	date_format(from, dfrom);
	date_format(to, dto);
	sqlite3_bind_text(st, 1, dfrom, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, dto, -1, SQLITE_TRANSIENT);
	if (list)
		sqlite3_bind_text(st, 3, list, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_int64(st, 3, group_id);
}

void cal_ids_json(struct buf *b, const int64_t *ids, size_t n)
{
	buf_add(b, "[", 1);
	for (size_t i = 0; i < n; i++) {
		/* Digits by hand: snprintf per id was a tenth of reading a week. */
		char num[24];
		size_t k = sizeof num;
		uint64_t v = ids[i] < 0 ? (uint64_t)0 - (uint64_t)ids[i] : (uint64_t)ids[i];
		do
			num[--k] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		if (ids[i] < 0)
			num[--k] = '-';
		if (i)
			num[--k] = ',';
		buf_add(b, num + k, sizeof num - k);
	}
	buf_add(b, "]", 1);
}

void cal_big_free(void *p, size_t mapped)
{
	struct big b = {.data = p, .mapped = mapped};
	big_free(&b);
}

void cal_big_reserve(char **p, size_t used, size_t want, size_t *cap, size_t *mapped, bool huge)
{
	if (want <= *cap)
		return;
	if (!huge) {
		size_t c = *cap ? *cap : (size_t)64 << 10;
		while (c < want)
			c *= 2;
		*p = xrealloc(*p, c);  /* the small cases (one group's week): malloc's */
		*cap = c;
		return;
	}
	/* util's block (huge pages once large), held here as three fields. */
	struct big b = {.data = *p, .cap = *cap, .mapped = *mapped};
	big_reserve(&b, used, want);
	*p = b.data;
	*cap = b.cap;
	*mapped = b.mapped;
}

/*
 * The slots st reads (the columns of read_sets[what]; the fields not read stay "" and the
 * status planned), in one statement: no join per row, no sort in SQL, no read of the
 * content table (the item's title, form and category are the slot row's). week NULL:
 * each slot's strings are one allocation and the slots are sorted by slot_order_cmp;
 * else, for the week, the strings of every slot point into one block given back in
 * week->text and the slots stay in the order read (the week places each slot in its cell
 * itself); both blocks in huge pages once large (week->*_mapped: a 4 KiB page fault is
 * some 5 µs on a virtual machine, and a team's week is 3 MB of them).
 */
static int slots_read_range(struct db *db, sqlite3_stmt *st, struct cal_slot **out, size_t *n,
			    struct cal_week_slots *week, enum cal_week_read what, char **cause)
{
	const struct read_set *rs = &read_sets[what];
	bool huge = week != NULL;
	char *text = NULL, *slots = NULL;
	size_t text_len = 0, text_cap = 0, text_mapped = 0, cap = 0, slots_mapped = 0;
	cal_big_reserve(&text, 0, 1, &text_cap, &text_mapped, huge);
	text[text_len++] = '\0';  /* offset 0: the empty string (no content, no such column) */
	*out = NULL;
	*n = 0;
	/* Rows come by day mostly: the last day's text is parsed once. */
	char last_day[16] = "";
	int last_num = DATE_INVALID, rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		cal_big_reserve(&slots, *n * sizeof **out, (*n + 1) * sizeof **out, &cap,
				&slots_mapped, huge);
		struct cal_slot *s = (struct cal_slot *)(void *)slots + (*n)++;
		memset(s, 0, sizeof *s);
		s->id = sqlite3_column_int64(st, 0);
		s->group_id = sqlite3_column_int64(st, 1);
		const char *day = db_col_text(st, 2);
		if (strcmp(day, last_day) != 0) {
			snprintf(last_day, sizeof last_day, "%s", day);
			last_num = date_parse(day);
		}
		s->day = last_num;
		s->at = time_parse_hhmm(db_col_text(st, 3));
		s->content_id = sqlite3_column_int64(st, 5);
		s->dup_day = s->content_id ? slot_dup_day(st, 7) : DATE_INVALID;
		int status = rs->status < 0 ? SLOT_PLANNED : slot_status_parse(db_col_text(st, rs->status));
		s->status = status < 0 ? SLOT_PLANNED : (enum slot_status)status;
		/* Until the text stops moving each string field holds its offset in it (0: ""). */
		for (int k = 0; k < PK_COUNT; k++) {
			if (rs->col[k] < 0)
				continue;
			/* An item's title and form: none without an item (a stale row's). */
			if (!s->content_id && (k == PK_TITLE || k == PK_CFORM))
				continue;
			size_t len;
			const char *t = col_text(st, rs->col[k], &len);
			if (len == 0)
				continue;  /* offset 0 already */
			cal_big_reserve(&text, text_len, text_len + len + 1, &text_cap, &text_mapped,
					huge);
			*slot_field(s, k) = (char *)(uintptr_t)text_len;
			memcpy(text + text_len, t, len + 1);
			text_len += len + 1;
		}
	}
	sqlite3_reset(st);
	*out = (struct cal_slot *)(void *)slots;
	if (rc != SQLITE_DONE) {
		cal_big_free(slots, slots_mapped);
		cal_big_free(text, text_mapped);
		*out = NULL;
		*n = 0;
		return db_fail(db, _("reading the calendar"), cause);
	}
	const char *base = text;
	for (size_t i = 0; i < *n; i++) {
		struct cal_slot *s = &(*out)[i];
		if (week) {
			/* The week's: each field points into the text (action "" is NULL). */
			for (int k = 0; k < PK_COUNT; k++)
				*slot_field(s, k) = (char *)base + (uintptr_t)*slot_field(s, k);
			if (!s->action_id[0])
				s->action_id = NULL;
			continue;
		}
		const char *str[PK_COUNT];
		size_t len[PK_COUNT];
		for (int k = 0; k < PK_COUNT; k++) {
			str[k] = base + (uintptr_t)*slot_field(s, k);
			len[k] = strlen(str[k]);
		}
		cal_slot_pack(s, str, len);
	}
	if (!week && *n > 1)
		qsort(*out, *n, sizeof **out, slot_order_cmp);
	if (week) {
		/* The slots' strings and the slots: the caller's now. */
		week->text = text;
		week->text_mapped = text_mapped;
		week->slots_mapped = slots_mapped;
		return 0;
	}
	cal_big_free(text, text_mapped);
	return 0;
}

/*
 * The range's statement: every group's slots by day (slot_by_day), or one group's
 * through its own index (group_id, day: the UNIQUE key's), not the whole range's
 * rows read and all but one group's dropped, as "?3 = 0 OR group_id = ?3" did.
 */
static sqlite3_stmt *range_statement(struct db *db, int64_t group_id, enum cal_week_read what,
				     char **cause)
{
	return db_cached(db, group_id ? read_sets[what].one : read_sets[what].all, cause);
}

int cal_slots_load(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *st = range_statement(db, group_id, CAL_READ_ALL, cause);
	if (!st)
		return -1;
	bind_range(st, from, to, group_id, NULL);
	return slots_read_range(db, st, out, n, NULL, CAL_READ_ALL, cause);
}

int cal_week_slots_load(struct db *db, int from, int to, int64_t group_id,
			enum cal_week_read what, struct cal_slot **out, size_t *n,
			struct cal_week_slots *week, char **cause)
{
	*out = NULL;
	*n = 0;
	*week = (struct cal_week_slots){0};
	sqlite3_stmt *st = range_statement(db, group_id, what, cause);
	if (!st)
		return -1;
	bind_range(st, from, to, group_id, NULL);
	return slots_read_range(db, st, out, n, week, what, cause);
}

/* Slots by id (calendar_week_titles' merge with the rows read in id order). */
static int slot_ptr_id_cmp(const void *a, const void *b)
{
	const struct cal_slot *x = *(struct cal_slot *const *)a, *y = *(struct cal_slot *const *)b;
	return (x->id > y->id) - (x->id < y->id);
}

int cal_slots_title(struct db *db, struct cal_slot *const *slots, size_t n, char **text,
		    char **cause)
{
	*text = NULL;
	/* The slots holding an item, by id: their rows are read in that order and merged. */
	struct cal_slot **by_id = xcalloc(n + 1, sizeof *by_id);
	int64_t *ids = xcalloc(n + 1, sizeof *ids);
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (slots[i]->content_id)
			by_id[m++] = slots[i];
	if (m > 1)
		qsort(by_id, m, sizeof *by_id, slot_ptr_id_cmp);
	for (size_t i = 0; i < m; i++)
		ids[i] = by_id[i]->id;
	struct buf b = {0};
	buf_add(&b, "", 1);
	size_t *off = xcalloc(2 * m + 1, sizeof *off);
	int rc = 0;
	if (m) {
		sqlite3_stmt *st = db_cached(db, "SELECT s.id, s.title, s.content_form FROM "
					     "sopdeck_ids(?1) j JOIN slot s ON s.id = j.value",
					     cause);
		if (!st) {
			rc = -1;
		} else {
			struct db_ids list = {ids, m};
			db_ids_bind(st, 1, &list);
			size_t k = 0;
			while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
				int64_t id = sqlite3_column_int64(st, 0);
				while (k < m && by_id[k]->id < id)
					k++;  /* gone since the week was read: "" as before */
				if (k == m || by_id[k]->id != id)
					continue;
				for (int c = 0; c < 2; c++) {
					size_t len;
					const char *t = col_text(st, 1 + c, &len);
					off[2 * k + (size_t)c] = b.len;
					buf_add(&b, t, len + 1);
				}
				k++;
			}
			sqlite3_reset(st);
			rc = rc == SQLITE_DONE ? 0 : db_fail(db, _("reading the calendar"), cause);
		}
	}
	free(ids);
	if (rc < 0) {
		free(by_id);
		free(off);
		buf_free(&b);
		return -1;
	}
	for (size_t i = 0; i < m; i++) {
		by_id[i]->title = b.data + off[2 * i];
		by_id[i]->content_form = b.data + off[2 * i + 1];
	}
	free(by_id);
	free(off);
	*text = b.data;
	return 0;
}

void cal_slots_free(struct cal_slot *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		cal_slot_clear(&s[i]);
	free(s);
}

int calendar_slot_get(struct db *db, int64_t group_id, int day, int at, const char *action_id,
		      struct cal_slot *out, char **cause)
{
	sqlite3_stmt *st;
	if (!(st = db_cached(db, SLOT_SELECT "WHERE s.group_id = ?1 AND s.day = ?2 AND s.at = ?3 "
		       "AND (?4 IS NULL OR s.action_id = ?4) ORDER BY s.id LIMIT 2", cause)))
		return -1;
	cal_bind_pos(st, 1, group_id, day, at, action_id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			/* Two actions have a slot then: the caller must say which. */
			char *other = xstrdup(db_col_text(st, 4)), date[11], hhmm[6];
			sqlite3_reset(st);
			cal_fmt(day, at, date, hhmm);
			set_cause(cause, _("%s %s has slots of several actions (%s, %s): "
					   "say which (--action ID)"), date, hhmm,
				  out->action_id ? out->action_id : "",
				  other);
			free(other);
			cal_slot_clear(out);
			return -1;
		}
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? 0 : db_fail(db, _("reading a calendar slot"), cause);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 1;
	return db_fail(db, _("reading a calendar slot"), cause);
}

/* cal_read_rows' callback for a list of ids. */
static void id_read(sqlite3_stmt *st, void *row)
{
	*(int64_t *)row = sqlite3_column_int64(st, 0);
}

int calendar_recent_content(struct db *db, int64_t group_id, int day, int64_t **ids, size_t *n,
			    char **cause)
{
	*ids = NULL;
	*n = 0;
	sqlite3_stmt *st;
	if (!(st = db_cached(db,
		       "SELECT DISTINCT content_id FROM slot WHERE group_id = ?1 AND "
		       "content_id IS NOT NULL AND day BETWEEN ?2 AND ?3 ORDER BY content_id", cause)))
		return -1;
	char lo[11], hi[11];
	date_format(day - (CALENDAR_DUP_DAYS - 1), lo);
	date_format(day + (CALENDAR_DUP_DAYS - 1), hi);
	sqlite3_bind_int64(st, 1, group_id);
	sqlite3_bind_text(st, 2, lo, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, hi, -1, SQLITE_TRANSIENT);
	return cal_read_rows(db, st, (void **)ids, n, sizeof **ids, id_read, NULL,
			     N_("reading recent content"), cause);
}

int calendar_slot_for_action(struct db *db, const struct pb_action *a, int64_t group_id,
			     int day, struct cal_slot *out, char **cause)
{
	if (a->at < 0)
		return 1;
	/* Its own slot first, else the one stored at its time without an action. */
	sqlite3_stmt *st = db_cached(db, SLOT_SELECT "WHERE s.group_id = ?1 AND s.day = ?2 AND "
				     "s.at = ?3 AND s.action_id IN (?4, '') ORDER BY s.action_id = '' "
				     "LIMIT 1", cause);
	if (!st)
		return -1;
	cal_bind_pos(st, 1, group_id, day, a->at, a->id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(out, 0, sizeof *out);
		slot_from_row(st, out);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	return rc == SQLITE_DONE ? 1 : db_fail(db, _("reading a calendar slot"), cause);
}

int calendar_slots(struct db *db, int from, int to, int64_t group_id, struct cal_slot **out,
		   size_t *n, char **cause)
{
	return cal_slots_load(db, from, to, group_id, out, n, cause);
}

int calendar_slots_of(struct db *db, int from, int to, const int64_t *ids, size_t n_ids,
		      struct cal_slot **out, size_t *n, char **cause)
{
	*out = NULL;
	*n = 0;
	/* Each group's range of days through the UNIQUE key (group_id, day, at, action_id). */
	sqlite3_stmt *st = db_cached(db, SLOT_RANGE_SELECT "WHERE group_id IN (SELECT value FROM "
				     "json_each(?3)) AND day BETWEEN ?1 AND ?2", cause);
	if (!st)
		return -1;
	struct buf list = {0};
	cal_ids_json(&list, ids, n_ids);
	bind_range(st, from, to, 0, buf_str(&list));
	buf_free(&list);
	return slots_read_range(db, st, out, n, NULL, CAL_READ_ALL, cause);
}

void calendar_slots_free(struct cal_slot *s, size_t n)
{
	cal_slots_free(s, n);
}

const struct cal_slot *calendar_slot_pick(const struct cal_slot *slots, size_t n,
					  const struct pb_action *a, int64_t group_id, int day)
{
	if (a->at < 0)
		return NULL;
	const struct cal_slot *loose = NULL;
	for (size_t i = 0; i < n; i++) {
		const struct cal_slot *s = &slots[i];
		if (s->group_id != group_id || s->day != day || s->at != a->at)
			continue;
		if (s->action_id && strcmp(s->action_id, a->id) == 0)
			return s;
		if (!s->action_id)
			loose = s;
	}
	return loose;
}

int cal_groups_load(struct db *db, const char *group_name, struct group **out, size_t *n,
		    char **cause)
{
	if (!group_name)
		return group_list(db, out, n, cause);
	*out = xcalloc(1, sizeof **out);
	*n = 1;
	if (group_require(db, group_name, *out, cause) < 0) {
		free(*out);
		*out = NULL;
		*n = 0;
		return -1;
	}
	return 0;
}
