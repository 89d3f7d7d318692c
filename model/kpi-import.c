/*
 * KPI import: daily counters per group from a CSV export (WeCom 客户群统计, a
 * shop's orders). Every row is checked before anything is written, so a file
 * with one bad row changes nothing unless a partial import is asked for.
 */
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdint.h>

#include "csv.h"
#include "dates.h"
#include "i18n.h"
#include "internal.h"
#include "kpi-internal.h"
#include "kpi.h"
#include "text.h"
#include "util.h"

/* Sixty groups for twenty years is 438,000 group-days: more is a wrong file, and rows are
 * held until the whole file is checked, so this bounds the memory of an import. */
#define KPI_IMPORT_MAX_ROWS 500000

/* The import's page cache: rows are written in key order, so only the by-day index's
   pages are touched at random (a team's year: 4 MB). */
#define KPI_IMPORT_CACHE_KIB 8192

static const char *const date_names[] = {"日期", "date", "统计日期", "day", NULL};
static const char *const group_names[] = {"群名", "群名称", "group", "客户群名称", "群聊名称",
					  "客户群", NULL};

/*
 * A counter column of the file. Each group runs on its own playbook (issue 11), so a column
 * is matched against every playbook of the workspace: counter[p] is what it means in the
 * set's playbook p, NULL where p has no such counter (a value there is a bad row).
 */
struct column {
	int field;                  /* index in the record */
	const struct pb_counter **counter; /* by playbook of the set; NULL for other columns */
	const char *key;            /* the key it stands for (the default playbook's first) */
	char *header;
	bool percent;               /* a value had a %: not a counter after all */
};

/* A checked row waiting to be written. */
struct row {
	int64_t group_id;
	int day;
	int pb;                     /* its group's playbook: index in the set */
	long line;
	double *value;              /* by column */
	bool *present;
};

struct import {
	const char *name;
	const struct playbook_set *set; /* loaded once: every playbook a row may run on */
	struct column *cols;
	size_t n_cols;
	struct column *other;       /* the columns that are not counters (counter NULL) */
	size_t n_other;
	struct row *rows;
	size_t n_rows, cap_rows;
	size_t *seen;               /* hash of (group, day): row index + 1, 0 = free slot */
	size_t seen_cap;            /* a power of two, kept over twice n_rows */
	struct group *groups;
	size_t n_groups;
	int *group_pb;              /* by group: index of its playbook in set */
	size_t *by_name;            /* hash of group names: index in groups + 1, 0 = free */
	size_t by_name_cap;         /* a power of two, over twice n_groups */
	struct kpi_import_result *res;
	int today;                  /* days after it are refused, as in manual entry */
	size_t n_header;            /* the header's fields: a row's value past them is refused */
};

int kpi_parse_day(const char *s)
{
	char *t = text_trim(text_fold_width(s));
	int y = 0, m = 0, d = 0, n = 0;
	int day = DATE_INVALID;
	if (sscanf(t, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 ||
	    sscanf(t, "%4d/%2d/%2d%n", &y, &m, &d, &n) == 3 ||
	    sscanf(t, "%4d.%2d.%2d%n", &y, &m, &d, &n) == 3 ||
	    sscanf(t, "%4d年%2d月%2d日%n", &y, &m, &d, &n) == 3) {
		/* Only a time of day (spreadsheets add " 0:00:00") may follow. */
		const char *rest = t + n;
		bool ok = n > 0 && isdigit((unsigned char)t[0]);
		if (*rest && *rest != ' ' && *rest != 'T')
			ok = false;
		for (const char *p = rest; ok && *p; p++)
			if (!isdigit((unsigned char)*p) && *p != ':' && *p != ' ' && *p != 'T')
				ok = false;
		if (ok && y >= 1900 && date_valid_ymd(y, m, d))
			day = date_from_ymd(y, m, d);
	}
	free(t);
	return day;
}

bool kpi_parse_number(const char *s, double *out)
{
	char *t = text_trim(text_fold_width(s));
	char *p = t;
	/* Currency marks around amounts: "¥1,234.00", full-width "￥1,234.00" (U+FFE5), "1234元". */
	if (strncmp(p, "¥", strlen("¥")) == 0)
		p += strlen("¥");
	else if (strncmp(p, "￥", strlen("￥")) == 0)
		p += strlen("￥");
	else if (*p == '$')
		p++;
	size_t len = strlen(p);
	if (len >= strlen("元") && strcmp(p + len - strlen("元"), "元") == 0)
		p[len - strlen("元")] = '\0';
	if (*p == '+')
		p++;
	/* Digits with optional thousands separators (groups of three), then decimals. */
	struct buf digits = {0};
	bool ok = isdigit((unsigned char)*p), seen_comma = false;
	int group = 0;
	for (; ok && *p && *p != '.'; p++) {
		if (isdigit((unsigned char)*p)) {
			buf_add(&digits, p, 1);
			group++;
		} else if (*p == ',') {
			if ((seen_comma && group != 3) || (!seen_comma && (group < 1 || group > 3)))
				ok = false;
			seen_comma = true;
			group = 0;
		} else {
			ok = false;
		}
	}
	if (ok && seen_comma && group != 3)
		ok = false;
	if (ok && *p == '.') {
		buf_add(&digits, p++, 1);
		if (!isdigit((unsigned char)*p))
			ok = false;
		for (; ok && *p; p++)
			if (isdigit((unsigned char)*p))
				buf_add(&digits, p, 1);
			else
				ok = false;
	}
	if (ok) {
		char *end;
		double v = strtod(buf_str(&digits), &end);
		ok = *end == '\0' && isfinite(v);
		if (ok)
			*out = v;
	}
	buf_free(&digits);
	free(t);
	return ok;
}

/* A cell that means "no value": empty, "-", "—", "/". */
static bool blank_cell(const char *t)
{
	return !*t || !strcmp(t, "-") || !strcmp(t, "—") || !strcmp(t, "--") || !strcmp(t, "/");
}

static void strv_add(char ***v, size_t *n, char *s)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	(*v)[(*n)++] = s;
}

/* Record a problem with a row (message already has file:line). */
__attribute__((format(printf, 3, 4)))
static void problem(struct import *im, long line, const char *fmt, ...)
{
	struct kpi_import_result *res = im->res;
	if (res->n_problems >= KPI_IMPORT_MAX_PROBLEMS) {
		res->more_problems++;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	strv_add(&res->problems, &res->n_problems, xasprintf("%s:%ld: %s", im->name, line, msg));
	free(msg);
}

/* The cell as a trimmed, display-safe copy for messages. */
static char *shown(const char *cell)
{
	char *t = text_trim(xstrdup(cell));
	char *s = text_sanitize(t, false);
	free(t);
	if (text_width(s) > 40) {
		char *f = text_fit(s, 40, false);
		free(s);
		s = f;
	}
	return s;
}

/* Classify the header's columns; -1 with a cause if the file cannot be a KPI file. */
static int read_header(struct import *im, const struct csv_record *h, int *date_col,
		       int *group_col, char **cause)
{
	*date_col = csv_find_column(h, date_names);
	*group_col = csv_find_column(h, group_names);
	im->n_header = h->n;
	if (*date_col < 0)
		return set_cause(cause, _("%s:%ld: no date column (日期 or date)"), im->name,
				 h->line);
	if (*group_col < 0)
		return set_cause(cause, _("%s:%ld: no group column (群名, 群名称 or group)"),
				 im->name,
				 h->line);
	for (size_t i = 0; i < h->n; i++) {
		if ((int)i == *date_col || (int)i == *group_col)
			continue;
		char *name = text_trim(xstrdup(h->fields[i]));
		bool pct = strchr(name, '%') || strstr(name, "％");
		/* What the column means in each playbook; known if any playbook has it. */
		size_t np = im->set->n;
		const struct pb_counter **c = xcalloc(np + 1, sizeof *c);
		const char *key = NULL;
		for (size_t p = 0; !pct && p < np; p++) {
			c[p] = playbook_counter(im->set->pbs[p], name);
			if (c[p] && (!key || im->set->pbs[p] == im->set->fallback))
				key = c[p]->key;
		}
		for (size_t k = 0; key && k < im->n_cols; k++)
			for (size_t p = 0; p < np; p++)
				if (c[p] && im->cols[k].counter[p] == c[p]) {
					char *s = shown(name);
					set_cause(cause, _("%s:%ld: columns '%s' and '%s' are both "
						  "counter '%s'"), im->name, h->line,
						  im->cols[k].header, s, c[p]->key);
					free(s);
					free(name);
					free(c);
					return -1;
				}
		if (!key) {
			free(c);
			/* Kept to tell percent columns from unknown ones once the values are seen. */
			if (*name) {
				im->other = xrealloc(im->other, (im->n_other + 1) * sizeof *im->other);
				im->other[im->n_other++] = (struct column){(int)i, NULL, NULL, name, pct};
			} else {
				free(name);
			}
			continue;
		}
		im->cols = xrealloc(im->cols, (im->n_cols + 1) * sizeof *im->cols);
		im->cols[im->n_cols++] = (struct column){(int)i, c, key, name, false};
	}
	if (im->n_cols == 0)
		return set_cause(cause, _("%s:%ld: no counter columns (e.g. 群成员数, 退群成员数; see the "
				 "playbooks' counters)"), im->name, h->line);
	return 0;
}

/* FNV-1a of a group name, for the name table built once per import. */
static size_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603u;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211u;
	return (size_t)(h ^ h >> 32);
}

/* Index every group by name once, with its playbook: a file has a row per group and day. */
static void groups_index(struct import *im)
{
	im->group_pb = xcalloc(im->n_groups + 1, sizeof *im->group_pb);
	for (size_t g = 0; g < im->n_groups; g++) {
		const struct playbook *pb = playbook_set_for(im->set, &im->groups[g]);
		for (size_t p = 0; p < im->set->n; p++)
			if (im->set->pbs[p] == pb)
				im->group_pb[g] = (int)p;
	}
	im->by_name_cap = 16;
	while (im->by_name_cap < 2 * im->n_groups + 1)
		im->by_name_cap *= 2;
	im->by_name = xcalloc(im->by_name_cap, sizeof *im->by_name);
	for (size_t g = 0; g < im->n_groups; g++) {
		size_t i = name_hash(im->groups[g].name) & (im->by_name_cap - 1);
		while (im->by_name[i])
			i = (i + 1) & (im->by_name_cap - 1);
		im->by_name[i] = g + 1;
	}
}

/* The index in im->groups of the group called name, or -1. */
static ptrdiff_t find_group(const struct import *im, const char *name)
{
	for (size_t i = name_hash(name) & (im->by_name_cap - 1); im->by_name[i];
	     i = (i + 1) & (im->by_name_cap - 1))
		if (!strcmp(im->groups[im->by_name[i] - 1].name, name))
			return (ptrdiff_t)im->by_name[i] - 1;
	return -1;
}

/* Is this cell a totals marker ("合计", "总计：", "汇总")? Exports end with such a row. */
static bool totals_cell(const char *cell)
{
	static const char *const marks[] = {"合计", "总计", "汇总", "total", NULL};
	char *t = text_trim(text_fold_width(cell));
	bool yes = false;
	for (const char *const *m = marks; *m && !yes; m++) {
		size_t n = strlen(*m);
		if (strncasecmp(t, *m, n) == 0) {
			const char *rest = t + n;
			yes = !*rest || !strcmp(rest, ":") || !strcmp(rest, "：");
		}
	}
	free(t);
	return yes;
}

/* Record a note about a line skipped on purpose (message already has file:line). */
__attribute__((format(printf, 3, 4)))
static void note(struct import *im, long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = xvasprintf(fmt, ap);
	va_end(ap);
	strv_add(&im->res->notes, &im->res->n_notes, xasprintf("%s:%ld: %s", im->name, line, msg));
	free(msg);
}

/* A group and day hashed to a slot of im->seen. */
static size_t seen_hash(int64_t gid, int day, size_t cap)
{
	uint64_t h = (uint64_t)gid * 0x9E3779B97F4A7C15u ^ (uint64_t)(uint32_t)day * 0xC2B2AE3D27D4EB4Fu;
	return (size_t)(h ^ h >> 29) & (cap - 1);
}

/* The row already read for (gid, day), or NULL. */
static const struct row *seen_find(const struct import *im, int64_t gid, int day)
{
	if (!im->seen_cap)
		return NULL;
	for (size_t i = seen_hash(gid, day, im->seen_cap); im->seen[i];
	     i = (i + 1) & (im->seen_cap - 1)) {
		const struct row *r = &im->rows[im->seen[i] - 1];
		if (r->group_id == gid && r->day == day)
			return r;
	}
	return NULL;
}

/* Remember row index r (already in im->rows) by its group and day. */
static void seen_add(struct import *im, size_t r)
{
	if (2 * (im->n_rows + 1) > im->seen_cap) {
		/* Grow and rehash: every row so far is in im->rows. */
		free(im->seen);
		im->seen_cap = im->seen_cap ? im->seen_cap * 2 : 1024;
		im->seen = xcalloc(im->seen_cap, sizeof *im->seen);
		for (size_t k = 0; k < r; k++) {
			size_t i = seen_hash(im->rows[k].group_id, im->rows[k].day, im->seen_cap);
			while (im->seen[i])
				i = (i + 1) & (im->seen_cap - 1);
			im->seen[i] = k + 1;
		}
	}
	size_t i = seen_hash(im->rows[r].group_id, im->rows[r].day, im->seen_cap);
	while (im->seen[i])
		i = (i + 1) & (im->seen_cap - 1);
	im->seen[i] = r + 1;
}

/*
 * Counters of one row that cannot both be true: more people spoke, opened or
 * left than the group has, more opens than pushes delivered. Such a row is a
 * bad export (or columns swapped), and rates above 100% would follow from it.
 */
static const char *const contradictions[][2] = {
	{"speakers", "members"}, {"openers", "members"}, {"left", "members"},
	{"opens", "delivered"},  {"opens", "reach"},
};

/* The first contradiction in a row's values: 0 none, else a problem is recorded. */
static int check_contradictions(struct import *im, long line, int pb, const double *value,
				const bool *present)
{
	for (size_t i = 0; i < ARRAY_LEN(contradictions); i++) {
		const struct column *hi = NULL, *lo = NULL;
		double vh = 0, vl = 0;
		for (size_t k = 0; k < im->n_cols; k++) {
			if (!present[k])
				continue;
			const char *key = im->cols[k].counter[pb]->key;
			if (!strcmp(key, contradictions[i][0]))
				hi = &im->cols[k], vh = value[k];
			else if (!strcmp(key, contradictions[i][1]))
				lo = &im->cols[k], vl = value[k];
		}
		if (hi && lo && vh > vl) {
			char *h = shown(hi->header), *l = shown(lo->header);
			problem(im, line, _("counters contradict each other: %s %.15g is "
					    "above %s %.15g (%s > %s)"), h, vh, l, vl,
				contradictions[i][0], contradictions[i][1]);
			free(h);
			free(l);
			return -1;
		}
	}
	return 0;
}

/* Check one record; a good one is appended to im->rows. */
static void read_row(struct import *im, const struct csv_record *rec, int date_col,
		     int group_col)
{
	long line = rec->line;
	if ((size_t)date_col >= rec->n || (size_t)group_col >= rec->n) {
		problem(im, line, _("too few fields (%zu)"), rec->n);
		return;
	}
	/* A value with no column ("1,000" unquoted) would be lost: a bad row, not a drop. */
	for (size_t i = im->n_header; i < rec->n; i++)
		if (rec->fields[i][strspn(rec->fields[i], " \t\r\n")] != '\0') {
			problem(im, line, _("%zu fields, but the header has %zu (a number with a "
					    "thousands separator needs quotes: \"1,000\")"), rec->n,
				im->n_header);
			return;
		}
	/* A totals row is a sum of the others, not a group's day: skip it, and say so. */
	if (totals_cell(rec->fields[date_col]) || totals_cell(rec->fields[group_col])) {
		note(im, line, _("totals row skipped"));
		return;
	}
	int day = kpi_parse_day(rec->fields[date_col]);
	if (day == DATE_INVALID) {
		char *s = shown(rec->fields[date_col]);
		problem(im, line, _("bad date '%s' (want YYYY-MM-DD or YYYY/M/D)"), s);
		free(s);
		return;
	}
	if (day > im->today) {
		char d[11], t[11];
		date_format(day, d);
		date_format(im->today, t);
		problem(im, line, _("%s is in the future (today is %s): no "
				    "numbers exist for it yet"),
			d, t);
		return;
	}
	char *gname = text_trim(xstrdup(rec->fields[group_col]));
	ptrdiff_t gi = *gname ? find_group(im, gname) : -1;
	if (gi < 0 && im->res->n_problems >= KPI_IMPORT_MAX_PROBLEMS) {
		/* Only counted from here on: a file of unknown groups is millions of lines. */
		im->res->more_problems++;
		free(gname);
		return;
	}
	if (gi < 0) {
		char *s = shown(gname);
		if (*gname)
			problem(im, line, _("unknown group '%s'"), s);
		else
			problem(im, line, _("no group name"));
		free(s);
		free(gname);
		return;
	}
	free(gname);
	int64_t gid = im->groups[gi].id;
	int pb = im->group_pb[gi];
	const struct row *same = seen_find(im, gid, day);
	if (same) {
		problem(im, line, _("the same group and day as line %ld"), same->line);
		return;
	}
	if (im->n_rows == KPI_IMPORT_MAX_ROWS) {
		problem(im, line, _("more than %d rows in one file (split it, e.g. by month)"),
			KPI_IMPORT_MAX_ROWS);
		return;
	}
	for (size_t k = 0; k < im->n_other; k++) {
		struct column *c = &im->other[k];
		if (!c->percent && (size_t)c->field < rec->n) {
			char *t = text_trim(text_fold_width(rec->fields[c->field]));
			size_t len = strlen(t);
			c->percent = len > 1 && t[len - 1] == '%';
			free(t);
		}
	}
	/* One block per row, the flags after the values: 400,000 rows are held at once. */
	double *value = xcalloc(1, im->n_cols * (sizeof *value + sizeof(bool)));
	bool *present = (bool *)(value + im->n_cols);
	for (size_t k = 0; k < im->n_cols; k++) {
		struct column *c = &im->cols[k];
		if ((size_t)c->field >= rec->n)
			continue;
		char *t = text_trim(text_fold_width(rec->fields[c->field]));
		size_t len = strlen(t);
		if (blank_cell(t)) {
			/* no value that day */
		} else if (len > 0 && t[len - 1] == '%') {
			c->percent = true;
		} else if (!c->counter[pb]) {
			/* Another line's counter: this group's playbook would never show it. */
			char *s = shown(c->header), *g = shown(im->groups[gi].name);
			char *p = shown(im->set->pbs[pb]->name);
			problem(im, line, _("column '%s': group '%s' runs on playbook '%s', which has "
				"no such counter"), s, g, p);
			free(s);
			free(g);
			free(p);
			free(t);
			free(value);
			return;
		} else if (!kpi_parse_number(t, &value[k])) {
			char *s = shown(t);
			problem(im, line, _("column '%s': '%s' is not a number"), c->header, s);
			free(s);
			free(t);
			free(value);
			return;
		} else if (value[k] > KPI_COUNTER_MAX) {
			char *s = shown(t);
			problem(im, line, _("column '%s': %s is more than %.0f (a counter this "
					    "large is a wrong column or a typo)"), c->header, s,
				KPI_COUNTER_MAX);
			free(s);
			free(t);
			free(value);
			return;
		} else {
			present[k] = true;
		}
		free(t);
	}
	if (check_contradictions(im, line, pb, value, present) < 0) {
		free(value);
		return;
	}
	if (im->n_rows == im->cap_rows) {
		im->cap_rows = im->cap_rows ? im->cap_rows * 2 : 64;
		im->rows = xrealloc(im->rows, im->cap_rows * sizeof *im->rows);
	}
	im->rows[im->n_rows] = (struct row){gid, day, pb, line, value, present};
	seen_add(im, im->n_rows);
	im->n_rows++;
}

/* A counter value as JSON: whole numbers without ".0" (the kpi_day view reads REAL back).
   Digits by hand: a team's year is two million values, and printf was a fifth of it. */
static void json_number(struct buf *b, double v)
{
	char tmp[32];
	if (v >= 0 && v < 1e15 && v == (double)(int64_t)v) {
		uint64_t n = (uint64_t)v;
		char *p = tmp + sizeof tmp;
		do {
			*--p = (char)('0' + n % 10);
			n /= 10;
		} while (n);
		buf_add(b, p, (size_t)(tmp + sizeof tmp - p));
	} else {
		int len = snprintf(tmp, sizeof tmp, "%.17g", v);
		buf_add(b, tmp, (size_t)len);
	}
}

/* ,"key": (no comma first) into a JSON object being written. */
static void json_key(struct buf *b, const char *key)
{
	if (b->len > 1)
		buf_add(b, ",", 1);
	buf_add(b, "\"", 1);
	buf_adds(b, key);
	buf_add(b, "\":", 2);
}

/* Rows by group, then day: the order of kpi_cell's primary key. */
static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	if (x->group_id != y->group_id)
		return x->group_id < y->group_id ? -1 : 1;
	return (x->day > y->day) - (x->day < y->day);
}

/*
 * The kept weeks of the days written summed again (the triggers dropped them): a span per
 * run of a group's days whose weeks follow one another (rows are in group and day order).
 */
static int rebuild_weeks(struct db *db, const struct import *im, char **cause)
{
	struct kpi_span *spans = xcalloc(im->n_rows + 1, sizeof *spans);
	size_t n = 0;
	for (size_t r = 0; r < im->n_rows; r++) {
		const struct row *row = &im->rows[r];
		struct kpi_span *last = n ? &spans[n - 1] : NULL;
		/* Days within a fortnight of the span's end: its weeks touch or overlap. */
		if (last && last->group_id == row->group_id && row->day - last->to <= 13) {
			last->to = row->day;
			continue;
		}
		spans[n++] = (struct kpi_span){row->group_id, row->day, row->day};
	}
	int rc = kpi_weeks_rebuild(db, spans, n, cause);
	free(spans);
	return rc;
}

/*
 * Write the checked rows: for each group/day, the file's counters replace the stored ones
 * (a blank cell removes that counter). One kpi_cell row per group-day, written with one
 * upsert: the file's values as a JSON object, merged into a stored day with json_patch
 * (RFC 7396: a null removes the key), so nothing is looked up row by row.
 */
static int write_rows(struct db *db, struct import *im, const char *operator, char **cause)
{
	char now[DB_NOW_SIZE];
	db_now(now);
	sqlite3_stmt *src = NULL, *ins = NULL, *empty = NULL;
	int rc = 0;
	int64_t source_id = 0;
	if (db_prepare(db, "INSERT INTO kpi_source (imported_at, source) VALUES (?1, ?2) "
		       "ON CONFLICT (imported_at, source) DO UPDATE SET source = excluded.source "
		       "RETURNING id", &src, cause) < 0 ||
	    db_prepare(db,
		       "INSERT INTO kpi_cell (group_id, day, vals, source_id) VALUES (?1, ?2, ?3, ?4) "
		       "ON CONFLICT (group_id, day) DO UPDATE SET vals = json_patch(vals, ?5), "
		       "source_id = ?4",
		       &ins, cause) < 0 ||
	    db_prepare(db, "DELETE FROM kpi_cell WHERE group_id = ?1 AND day = ?2 AND vals = '{}'",
		       &empty, cause) < 0)
		rc = -1;
	if (rc == 0) {
		sqlite3_bind_text(src, 1, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(src, 2, im->name, -1, SQLITE_STATIC);
		if (sqlite3_step(src) == SQLITE_ROW)
			source_id = sqlite3_column_int64(src, 0);
		else
			rc = db_fail(db, _("recording the KPI import"), cause);
		/*
		 * Finished at once: a RETURNING statement left open keeps its statement
		 * journal open, so every upsert's journal nests in it and is never emptied
		 * (each statement's end walked the whole of it: a re-import of a year's
		 * counters took 100 s instead of 3).
		 */
		sqlite3_reset(src);
	}
	/* Written in key order, each B-tree page is filled once instead of spilled and
	   written again for every row that lands on it (exports are ordered by day). */
	qsort(im->rows, im->n_rows, sizeof *im->rows, row_cmp);
	struct buf vals = {0}, patch = {0};
	/* Groups counted by a mark per group id (ids are dense enough: rowids of chat_group). */
	int64_t max_id = 0;
	for (size_t g = 0; g < im->n_groups; g++)
		if (im->groups[g].id > max_id)
			max_id = im->groups[g].id;
	bool *counted = xcalloc((size_t)max_id + 1, sizeof *counted);
	for (size_t r = 0; rc == 0 && r < im->n_rows; r++) {
		const struct row *row = &im->rows[r];
		char date[11];
		date_format(row->day, date);
		bool any = false, removes = false;
		vals.len = 0;
		patch.len = 0;
		buf_adds(&vals, "{");
		buf_adds(&patch, "{");
		for (size_t k = 0; k < im->n_cols; k++) {
			const struct pb_counter *c = im->cols[k].counter[row->pb];
			/* Not the row's playbook's counter: its cell was blank (checked), left alone. */
			if (im->cols[k].percent || !c)
				continue;
			const char *key = c->key;  /* letters, digits, _ */
			json_key(&patch, key);
			if (!row->present[k]) {
				buf_adds(&patch, "null");
				removes = true;
				continue;
			}
			json_key(&vals, key);
			json_number(&vals, row->value[k]);
			json_number(&patch, row->value[k]);
			im->res->values++;
			any = true;
		}
		buf_adds(&vals, "}");
		buf_adds(&patch, "}");
		/* A day whose cells are all blank only removes what was stored. */
		if (any || removes) {
			sqlite3_reset(ins);
			sqlite3_bind_int64(ins, 1, row->group_id);
			sqlite3_bind_text(ins, 2, date, 10, SQLITE_STATIC);
			sqlite3_bind_text(ins, 3, buf_str(&vals), (int)vals.len, SQLITE_STATIC);
			sqlite3_bind_int64(ins, 4, source_id);
			sqlite3_bind_text(ins, 5, buf_str(&patch), (int)patch.len, SQLITE_STATIC);
			if (sqlite3_step(ins) != SQLITE_DONE) {
				rc = db_fail(db, _("storing KPI counters"), cause);
				break;
			}
		}
		if (removes) {
			sqlite3_reset(empty);
			sqlite3_bind_int64(empty, 1, row->group_id);
			sqlite3_bind_text(empty, 2, date, 10, SQLITE_STATIC);
			if (sqlite3_step(empty) != SQLITE_DONE) {
				rc = db_fail(db, _("replacing KPI counters"), cause);
				break;
			}
		}
		if (any)
			im->res->rows++;
		if (row->group_id >= 0 && row->group_id <= max_id && !counted[row->group_id]) {
			counted[row->group_id] = true;
			im->res->groups++;
		}
	}
	free(counted);
	buf_free(&vals);
	buf_free(&patch);
	sqlite3_finalize(src);
	sqlite3_finalize(ins);
	sqlite3_finalize(empty);
	if (rc == 0)
		rc = rebuild_weeks(db, im, cause);
	if (rc == 0) {
		char *detail = xasprintf("kpi: %zu rows, %zu values, %zu groups from %s%s", im->res->rows,
					 im->res->values, im->res->groups, im->name,
					 im->res->skipped ? " (partial)" : "");
		rc = db_audit(db, operator, "import", detail, cause);
		free(detail);
	}
	return rc;
}

/* The refusal message: a summary line, then every listed problem. */
static int refuse(const struct import *im, char **cause)
{
	const struct kpi_import_result *res = im->res;
	size_t total = res->n_problems + res->more_problems;
	struct buf b = {0};
	buf_addf(&b, _("%s: %zu bad row%s, nothing imported (--partial imports the good rows):"),
		 im->name, total, i18n_plural_s((long long)total));
	for (size_t i = 0; i < res->n_problems; i++)
		buf_addf(&b, "\n%s", res->problems[i]);
	if (res->more_problems)
		buf_addf(&b, _("\n... and %zu more"), res->more_problems);
	int rc = set_cause(cause, "%s", buf_str(&b));
	buf_free(&b);
	return rc;
}

/* Could this record be the header: does it name a date and a group column? */
static bool is_header(const struct csv_record *rec)
{
	return csv_find_column(rec, date_names) >= 0 && csv_find_column(rec, group_names) >= 0;
}

/* A copy of rec that outlives the next csv_next. */
static struct csv_record record_copy(const struct csv_record *rec)
{
	struct csv_record c = {xcalloc(rec->n + 1, sizeof *c.fields), rec->n, rec->line, rec->width};
	for (size_t i = 0; i < rec->n; i++)
		c.fields[i] = xstrdup(rec->fields[i]);
	return c;
}

static void record_free(struct csv_record *rec)
{
	for (size_t i = 0; i < rec->n; i++)
		free(rec->fields[i]);
	free(rec->fields);
}

static int import_csv(struct db *db, struct import *im, struct csv *csv, bool partial,
		      const char *operator, char **cause)
{
	struct kpi_import_result *res = im->res;
	res->encoding = csv_encoding(csv);
	struct csv_record rec;
	int r = csv_next(csv, &rec, cause);
	if (r == 0)
		return set_cause(cause, _("%s: no rows (an empty file)"), im->name);
	if (r < 0)
		return -1;
	/*
	 * WeCom's export starts with a title line ("客户群统计 2026-03-01 至 ...")
	 * above the header: the header is the first record with a date and a group
	 * column among the first few. If none has, the first record is judged as
	 * the header, so the message names what it lacks.
	 */
	struct csv_record first = record_copy(&rec);
	struct buf skipped = {0};      /* "line\ttext\n" of each record above the header */
	bool found = is_header(&rec);
	for (int k = 1; !found && k < KPI_IMPORT_HEADER_LINES; k++) {
		buf_addf(&skipped, "%ld\t", rec.line);
		for (size_t i = 0, any = 0; i < rec.n; i++) {
			if (!*rec.fields[i])
				continue;
			if (any++)
				buf_adds(&skipped, " ");
			/* A quoted field may hold the separators of this buffer: blank them. */
			for (const char *c = rec.fields[i]; *c; c++)
				buf_add(&skipped, *c == '\n' || *c == '\t' ? " " : c, 1);
		}
		buf_adds(&skipped, "\n");
		if ((r = csv_next(csv, &rec, cause)) <= 0)
			break;
		found = is_header(&rec);
	}
	if (r < 0) {
		record_free(&first);
		buf_free(&skipped);
		return -1;
	}
	if (found) {
		for (char *p = skipped.len ? skipped.data : NULL; p && *p;) {
			char *nl = strchr(p, '\n'), *tab = strchr(p, '\t');
			*nl = '\0';
			char *sh = shown(tab + 1);
			note(im, strtol(p, NULL, 10), _("line above the header skipped: '%s'"), sh);
			free(sh);
			p = nl + 1;
		}
	}
	buf_free(&skipped);
	int date_col, group_col;
	int hr = read_header(im, found ? &rec : &first, &date_col, &group_col, cause);
	record_free(&first);
	if (hr < 0)
		return -1;
	if (group_list_all(db, &im->groups, &im->n_groups, cause) < 0)
		return -1;
	groups_index(im);
	size_t bad = 0;
	while ((r = csv_next(csv, &rec, cause)) > 0) {
		size_t before = res->n_problems + res->more_problems;
		read_row(im, &rec, date_col, group_col);
		if (res->n_problems + res->more_problems > before)
			bad++;
	}
	if (r < 0)
		return -1;
	/* Percent columns are not counters, whatever their header says. */
	size_t counters = 0;
	for (size_t k = 0; k < im->n_other; k++)
		if (im->other[k].percent)
			strv_add(&res->percent, &res->n_percent, shown(im->other[k].header));
		else
			strv_add(&res->ignored, &res->n_ignored, shown(im->other[k].header));
	for (size_t k = 0; k < im->n_cols; k++) {
		if (im->cols[k].percent)
			strv_add(&res->percent, &res->n_percent, shown(im->cols[k].header));
		else
			strv_add(&res->columns, &res->n_columns, xstrdup(im->cols[k].key));
	}
	counters = res->n_columns;
	if (counters == 0)
		return set_cause(cause, _("%s: every counter column holds percentages; rates are "
					  "computed, import the counts"), im->name);
	if (bad && !partial)
		return refuse(im, cause);
	/* The same rule as every import: a file without a single row is an error. */
	if (im->n_rows == 0 && !bad)
		return set_cause(cause, _("%s: no rows (only a header)"), im->name);
	res->skipped = bad;
	/* Before BEGIN: SQLite decides where statement journals go when a transaction starts. */
	db_bulk(db, KPI_IMPORT_CACHE_KIB);
	if (db_begin(db, cause) < 0) {
		db_bulk(db, 0);
		return -1;
	}
	int rc = 0;
	/* The day's advice of every group kept with the counters it comes from, so the
	   day's first checklist reads it (an import for no particular day keeps none). */
	if (write_rows(db, im, operator, cause) < 0 ||
	    (im->today != DATE_MAX && kpi_advice_memo_fill(db, im->set, im->today, cause) < 0) ||
	    db_commit(db, cause) < 0) {
		db_rollback(db);
		res->rows = res->values = res->groups = 0;
		rc = -1;
	}
	db_bulk(db, 0);
	return rc;
}

static int import_run(struct db *db, const struct playbook_set *set, struct csv *csv,
		      const char *name, bool partial, int today, const char *operator,
		      struct kpi_import_result *res, char **cause)
{
	struct import im = {.name = name, .set = set, .res = res, .today = today};
	int rc = import_csv(db, &im, csv, partial, operator, cause);
	for (size_t k = 0; k < im.n_cols; k++) {
		free(im.cols[k].header);
		free(im.cols[k].counter);
	}
	free(im.cols);
	for (size_t k = 0; k < im.n_other; k++)
		free(im.other[k].header);
	free(im.other);
	for (size_t i = 0; i < im.n_rows; i++) {
		free(im.rows[i].value);   /* present lives in the same block */
	}
	free(im.rows);
	free(im.seen);
	free(im.by_name);
	free(im.group_pb);
	group_list_free(im.groups, im.n_groups);
	csv_close(csv);
	return rc;
}

int kpi_import_file(struct db *db, const struct playbook_set *set, const char *path, bool partial,
		    int today, const char *operator, struct kpi_import_result *res, char **cause)
{
	memset(res, 0, sizeof *res);
	struct csv *csv;
	if (csv_open(path, &csv, cause) < 0)
		return -1;
	return import_run(db, set, csv, path, partial, today, operator, res, cause);
}

int kpi_import_mem(struct db *db, const struct playbook_set *set, const char *data, size_t len,
		   const char *name, bool partial, int today, const char *operator,
		   struct kpi_import_result *res, char **cause)
{
	memset(res, 0, sizeof *res);
	struct csv *csv;
	if (csv_open_mem(data, len, name, &csv, cause) < 0)
		return -1;
	return import_run(db, set, csv, name, partial, today, operator, res, cause);
}

void kpi_import_result_free(struct kpi_import_result *res)
{
	for (size_t i = 0; i < res->n_columns; i++)
		free(res->columns[i]);
	for (size_t i = 0; i < res->n_ignored; i++)
		free(res->ignored[i]);
	for (size_t i = 0; i < res->n_percent; i++)
		free(res->percent[i]);
	for (size_t i = 0; i < res->n_notes; i++)
		free(res->notes[i]);
	for (size_t i = 0; i < res->n_problems; i++)
		free(res->problems[i]);
	free(res->columns);
	free(res->ignored);
	free(res->percent);
	free(res->notes);
	free(res->problems);
	memset(res, 0, sizeof *res);
}
