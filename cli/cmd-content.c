/*
 * sopdeck content [filters] [--sort=title] [--limit N] [--after ID] [--count] [--json]:
 * the content library, filtered, newest first (date, then id, both descending;
 * --sort=title: title, then id, ascending), written as it is read; --count: how many.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "i18n.h"
#include "cli.h"
#include "content-args.h"
#include "content.h"
#include "dates.h"
#include "db.h"
#include "kpi.h"
#include "playbook.h"
#include "text.h"
#include "util.h"

/* Texts a writev takes at most (IOV_MAX is 1024 on Linux): 512 items and their commas. */
#define OUT_IOV 1024
/* JSON items held back to fetch their performance together. */
#define CHUNK 256
/* After this many chunks the rest take their performance from one read of every item's
   (36,000 rows at team scale, in id order) instead of a query per chunk (a fifth of
   `--search 误区 --json`, 94 chunks). */
#define CHUNKS_BEFORE_ALL 4

void content_args_free(struct content_args *a)
{
	free(a->tags);
	free(a->category);
	memset(a, 0, sizeof *a);
}

/* --from after --to matches nothing: say so instead of printing an empty list. */
static int range_check(const char *cmd, const struct content_filter *f)
{
	if (f->from != DATE_INVALID && f->to != DATE_INVALID && f->from > f->to) {
		char from[11], to[11];
		date_format(f->from, from);
		date_format(f->to, to);
		return cli_usage(cmd, _("--from %s is after --to %s: the date range is reversed"),
				 from, to);
	}
	return 0;
}

/* --from or --to (r, v from cli_opt_value) into *day: YYYY-MM-DD, or YYYYMM (the month's
   first day, or its last for --to); then the range is checked. */
static int date_opt(const char *cmd, const char *opt, int r, const char *v, bool end, int *day,
		    const struct content_filter *f)
{
	if (r < 0)
		return cli_usage(cmd, _("%s needs a date"), opt);
	*day = content_parse_date(v);
	if (*day == DATE_INVALID)
		return cli_usage(cmd, _("%s: '%s' is not a date (YYYY-MM-DD or YYYYMM)"), opt, v);
	if (end && strlen(v) == 6) {
		int y, m, d;
		date_to_ymd(*day, &y, &m, &d);
		*day += date_days_in_month(y, m) - 1;
	}
	return range_check(cmd, f);
}

int content_category_any(struct db *db, const char *v, char **key, char **cause)
{
	struct playbook_set *set;
	if (playbook_set_load(db, &set, cause) < 0)
		return -1;
	const char *k = content_category_parse(set->fallback, v);
	for (size_t i = 0; !k && i < set->n; i++)
		k = content_category_parse(set->pbs[i], v);
	*key = k ? xstrdup(k) : NULL;
	playbook_set_free(set);
	return k != NULL;
}

int content_args_parse(struct db *db, const char *cmd, int *i, struct content_args *a)
{
	int argc = a->argc;
	char **argv = a->argv;
	const char *v;
	int r;
	if ((r = cli_opt_value(argc, argv, i, "--tag", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--tag needs a value"));
		a->tags = xrealloc(a->tags, (a->filter.n_tags + 1) * sizeof *a->tags);
		a->tags[a->filter.n_tags++] = v;
		a->filter.tags = a->tags;
	} else if ((r = cli_opt_value(argc, argv, i, "--category", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--category needs a value"));
		char *cause = NULL, *key = NULL;
		int found = content_category_any(db, v, &key, &cause);
		if (found < 0) {
			cli_fail(cause);
			free(cause);
			return EXIT_FAIL;
		}
		if (!found)
			return cli_usage(cmd, _("--category: unknown category '%s'"), v);
		free(a->category);
		a->category = key;
		a->filter.category = a->category;
	} else if ((r = cli_opt_value(argc, argv, i, "--zone", &v)) != 0) {
		if (r < 0 || !(a->filter.zone = content_zone_parse(v)) || !*a->filter.zone)
			return cli_usage(cmd, _("--zone: want knowledge|visual|campaign|ugc"));
	} else if ((r = cli_opt_value(argc, argv, i, "--form", &v)) != 0) {
		if (r < 0 || !(a->filter.form = content_form_parse(v)) || !*a->filter.form)
			return cli_usage(cmd, _("--form: want text|video|voice|live|qa"));
	} else if ((r = cli_opt_value(argc, argv, i, "--from", &v)) != 0) {
		return date_opt(cmd, "--from", r, v, false, &a->filter.from, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--to", &v)) != 0) {
		return date_opt(cmd, "--to", r, v, true, &a->filter.to, &a->filter);
	} else if ((r = cli_opt_value(argc, argv, i, "--search", &v)) != 0) {
		if (r < 0)
			return cli_usage(cmd, _("--search needs a value"));
		a->filter.search = v;
	} else {
		return -1;
	}
	return 0;
}

/*
 * "performance": posted slots up to today, open and interaction rates in percent
 * (as `kpi --json`; null when undefined), rank over the last 30 days (null if
 * not ranked) out of ranked, retire (bottom 20%). Members of the item's object
 * (json_put): the comma before the key is written here.
 */
static void json_perf(struct json *j, const struct kpi_content_perf *p)
{
	if (!p || (!p->posts && !p->open_defined && !p->interact_defined && !p->rank &&
		   !p->ranked && !p->retire)) {
		/* Most of a library has never been posted: the same text for all of them. */
		json_put_lit(j, ",\"performance\":{\"posts\":0,\"open_rate\":null,"
				"\"interact_rate\":null,\"rank\":null,\"ranked\":0,"
				"\"retire\":false}");
		return;
	}
	json_put_lit(j, ",\"performance\":{\"posts\":");
	json_put_int(j, (long long)p->posts);
	json_put_lit(j, ",\"open_rate\":");
	json_put_num_or_null(j, p->open_defined, p->open_rate * 100);
	json_put_lit(j, ",\"interact_rate\":");
	json_put_num_or_null(j, p->interact_defined, p->interact_rate * 100);
	json_put_lit(j, ",\"rank\":");
	if (p->rank)
		json_put_int(j, (long long)p->rank);
	else
		json_put_lit(j, "null");
	json_put_lit(j, ",\"ranked\":");
	json_put_int(j, (long long)p->ranked);
	if (p->retire)
		json_put_lit(j, ",\"retire\":true}");
	else
		json_put_lit(j, ",\"retire\":false}");
}

/*
 * Is the stored tags text already what content_tags_split makes of it, tags
 * joined by ';'? Then the printed list is that text with "、" for each ';', and
 * seg[i], len[i] are its n tags in place. Anything it could change (another
 * separator, a full-width character, a space at a tag's edge, an empty or
 * repeated tag, too many) says no.
 */
static bool tags_plain_split(const char *s, const char *seg[CONTENT_MAX_TAGS + 1],
			     size_t len[CONTENT_MAX_TAGS + 1], size_t *n_tags)
{
	size_t n = 0;
	const char *p = s;
	while (*p) {
		const char *start = p;
		while (*p && *p != ';') {
			unsigned char c = (unsigned char)*p;
			/* ',' and the wide separators; the folded U+FF01-FF5E, U+3000 (E3 80 80)
			   and "、" (E3 80 81); 4-byte and invalid leads (an overlong U+3000). */
			if (c == ',' || c >= 0xEF ||
			    (c == 0xE3 && (unsigned char)p[1] == 0x80 &&
			     ((unsigned char)p[2] == 0x80 || (unsigned char)p[2] == 0x81)))
				return false;
			p++;
		}
		size_t l = (size_t)(p - start);
#define BLANK(c) ((c) == ' ' || (c) == '\t' || (c) == '\r' || (c) == '\n')
		if (!l || n == CONTENT_MAX_TAGS || BLANK(start[0]) || BLANK(start[l - 1]))
			return false;
#undef BLANK
		for (size_t i = 0; i < n; i++)
			if (len[i] == l && memcmp(seg[i], start, l) == 0)
				return false;
		seg[n] = start;
		len[n++] = l;
		if (*p && !*++p)
			return false; /* a trailing ';': an empty tag */
	}
	*n_tags = n;
	return true;
}

static bool tags_plain(const char *s, size_t *n_tags)
{
	const char *seg[CONTENT_MAX_TAGS + 1];
	size_t len[CONTENT_MAX_TAGS + 1];
	return tags_plain_split(s, seg, len, n_tags);
}

/* The tags column: the item's tags joined by "、" (", " in English). */
static void text_tags(struct buf *b, const char *stored)
{
	const char *sep = i18n_list_sep();
	size_t n;
	if (tags_plain(stored, &n)) {
		for (const char *p = stored; *p;) {
			const char *semi = strchr(p, ';');
			size_t l = semi ? (size_t)(semi - p) : strlen(p);
			buf_add(b, p, l);
			if (!semi)
				break;
			buf_adds(b, sep);
			p = semi + 1;
		}
		return;
	}
	char **tags;
	n = content_tags_split(stored, &tags);
	for (size_t t = 0; t < n; t++) {
		if (t)
			buf_adds(b, sep);
		buf_adds(b, tags[t]);
	}
	content_tags_free(tags, n);
}

/* A stored date as date_format writes it (a date that parses is that already). */
static void date_text(const char *stored, char date[11])
{
	int day = date_parse(stored);
	if (day != DATE_INVALID)
		memcpy(date, stored, 11);
	else
		date_format(day, date);
}

/* The "tags" array, what content_tags_split makes of the stored text: a member of the
   item's object (json_put), its comma before the key written here. */
static void json_tags(struct json *j, const char *stored)
{
	size_t n;
	const char *seg[CONTENT_MAX_TAGS + 1];
	size_t len[CONTENT_MAX_TAGS + 1];
	if (tags_plain_split(stored, seg, len, &n)) {
		/* Already split and normalised: each ';'-separated piece as it is, its bytes in
		   place (a ';' or the NUL follows, which ends no character). */
		for (size_t t = 0; t < n; t++)
			json_put_member(j, t ? "," : ",\"tags\":[", t ? 1 : 9, seg[t], len[t]);
		if (!n)
			json_put_lit(j, ",\"tags\":[");
	} else {
		json_put_lit(j, ",\"tags\":[");
		char **tags;
		n = content_tags_split(stored, &tags);
		for (size_t t = 0; t < n; t++) {
			if (t)
				json_put_lit(j, ",");
			json_put_str(j, tags[t], strlen(tags[t]));
		}
		content_tags_free(tags, n);
	}
	json_put_lit(j, "]");
}

/* A string member of the item's object: ",\"key\":" and the text, escaped. */
#define json_member_text(j, key, s) \
	json_put_member((j), ",\"" key "\":", sizeof(key) + 3, (s), strlen(s))

/*
 * One item's object, its keys in a fixed order: written as literals with the values
 * between them (json_put), where a key and its comma each were a writer call
 * (a fifth of `content --search 误区 --json`'s instructions).
 */
static void json_item(struct json *j, const struct content_line *it,
		      const struct kpi_content_perf *perf)
{
	char date[11];
	date_text(it->date, date);
	json_object(j);
	json_put_lit(j, "\"id\":");
	json_put_int(j, it->id);
	json_member_text(j, "title", it->title);
	json_member_text(j, "category", it->category);
	json_member_text(j, "zone", it->zone);
	json_member_text(j, "form", it->form);
	json_member_text(j, "style", it->style);
	/* date_text's ten digits and dashes (date_format's "%04u-%02u-%02u" at worst): nothing
	   to escape or scan. */
	char date_member[] = ",\"date\":\"YYYY-MM-DD\"";
	memcpy(date_member + 9, date, 10);
	json_put(j, date_member, sizeof date_member - 1);
	json_member_text(j, "source", it->source);
	json_tags(j, it->tags);
	json_put_member(j, ",\"body\":", 8, it->body, it->body_len);
	json_perf(j, perf);
	json_end(j);
}

/* One item on a line of its own. */
static void print_json_item(struct json *j, const struct content_line *it,
			    const struct kpi_content_perf *perf)
{
	json_newline(j);
	json_item(j, it, perf);
}

/*
 * out_cell_buf for a cell whose text may be plain ASCII (an id, a date, a category key):
 * printable ASCII is a column a byte, so the fit is a length compare, the same bytes
 * text_fit_buf would give; anything else takes out_cell_buf.
 */
static void cell_ascii(struct buf *line, const char *s, size_t len, int cols, const char *sep)
{
	char cell[64];
	size_t n, c = (size_t)cols;
	bool plain = cols > 0 && c < sizeof cell - 2;
	for (size_t i = 0; plain && i < len; i++)
		plain = s[i] >= 0x20 && s[i] < 0x7F;
	if (!plain) {
		out_cell_buf(line, s, cols, sep);
		return;
	}
	if (len <= c) {
		/* It fits: as it is, padded to the column when a separator follows. */
		memcpy(cell, s, len);
		n = len;
		if (sep) {
			memset(cell + n, ' ', c - len);
			n = c;
		}
	} else {
		/* Too wide: the first cols - 1 columns and "…", which fills the last one. */
		memcpy(cell, s, c - 1);
		memcpy(cell + c - 1, "\xE2\x80\xA6", 3);
		n = c + 2;
	}
	buf_add(line, cell, n);
	if (sep)
		buf_adds(line, sep);
}

/* A category's name in the default playbook, else in the first other that has its key;
   NULL when none has it. */
static const char *category_name(const struct playbook_set *set, const char *key)
{
	const struct pb_category *c = NULL;
	for (size_t i = 0; !c && set && i <= set->n; i++) {
		const struct playbook *pb = i ? set->pbs[i - 1] : set->fallback;
		for (size_t k = 0; pb && !c && k < pb->n_categories; k++)
			if (strcmp(pb->categories[k].key, key) == 0)
				c = &pb->categories[k];
	}
	return c ? c->name : NULL;
}

/*
 * The category's cell: in Chinese its name (转化型), as the Library shows it; in English,
 * or when no playbook knows the key, the key. Each category fitted once, then copied
 * (a listing has a few of them over thousands of rows).
 */
static void category_cell(struct buf *line, const struct playbook_set *set, const char *key)
{
	static struct {
		char *key;
		struct buf cell;
	} cells[32];
	static size_t n_cells;
	size_t i = 0;
	while (i < n_cells && strcmp(cells[i].key, key) != 0)
		i++;
	if (i == n_cells) {
		const char *name = category_name(set, key);
		if (n_cells == ARRAY_LEN(cells)) {
			if (name)
				out_cell_buf(line, name, 8, "  ");
			else
				cell_ascii(line, key, strlen(key), 8, "  ");
			return;
		}
		cells[n_cells].key = xstrdup(key);
		if (name)
			out_cell_buf(&cells[n_cells].cell, name, 8, "  ");
		else
			cell_ascii(&cells[n_cells].cell, key, strlen(key), 8, "  ");
		n_cells++;
	}
	buf_add(line, cells[i].cell.data, cells[i].cell.len);
}

/*
 * The tags column, fitted to 40 columns: from a memo of the stored texts seen (a library
 * repeats its tag sets; splitting and fitting them again was a fifth of a listing's
 * rows), else made in scratch and remembered while the memo has room.
 */
static void tags_cell(struct buf *line, struct buf *scratch, const char *stored)
{
	enum { SLOTS = 4096, KEPT = SLOTS / 2 };
	static struct {
		uint64_t hash;
		char *key;      /* the stored text, NULL = empty slot */
		char *cell;
		size_t len;
	} memo[SLOTS];
	static size_t kept;
	uint64_t h = 1469598103934665603ULL;  /* FNV-1a */
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)stored; *p; p++, n++)
		h = (h ^ *p) * 1099511628211ULL;
	size_t i = (size_t)(h ^ h >> 32) & (SLOTS - 1);
	while (memo[i].key && !(memo[i].hash == h && strcmp(memo[i].key, stored) == 0))
		i = (i + 1) & (SLOTS - 1);
	if (memo[i].key) {
		buf_add(line, memo[i].cell, memo[i].len);
		return;
	}
	scratch->len = 0;
	text_tags(scratch, stored);
	size_t at = line->len;
	out_cell_buf(line, buf_str(scratch), 40, NULL);
	if (kept < KEPT) {
		/* Half the slots at most: a probe always ends at an empty one. */
		memo[i].hash = h;
		memo[i].key = xmalloc(n + 1);
		memcpy(memo[i].key, stored, n + 1);
		memo[i].len = line->len - at;
		memo[i].cell = xmalloc(memo[i].len + 1);
		memcpy(memo[i].cell, line->data + at, memo[i].len);
		kept++;
	}
}

/* One item's line of text output, built in one buffer and written at once; categories
   by their names from set (NULL: the keys). */
static void text_line(struct buf *line, const struct content_line *l,
		      const struct playbook_set *set)
{
	static struct buf tags;
	char id[24], date[11];
	/* "%lld" without snprintf: a tenth of the line's cost went to formatting it. */
	char *p = id + sizeof id;
	*--p = '\0';
	unsigned long long v = l->id < 0 ? 0 - (unsigned long long)l->id : (unsigned long long)l->id;
	do
		*--p = (char)('0' + v % 10);
	while (v /= 10);
	if (l->id < 0)
		*--p = '-';
	date_text(l->date, date);
	cell_ascii(line, p, (size_t)(id + sizeof id - 1 - p), 6, "  ");
	cell_ascii(line, date, strlen(date), 10, "  ");
	category_cell(line, set, l->category);
	/* The form's cell is one of six words: each fitted once, then copied. */
	static struct {
		const char *name;
		struct buf cell;
	} forms[8];
	const char *form = content_form_label(l->form);
	size_t f = 0;
	while (f < ARRAY_LEN(forms) && forms[f].name && forms[f].name != form)
		f++;
	if (f == ARRAY_LEN(forms)) {
		out_cell_buf(line, form, 6, "  ");
	} else {
		if (!forms[f].name) {
			forms[f].name = form;
			out_cell_buf(&forms[f].cell, form, 6, "  ");
		}
		buf_add(line, forms[f].cell.data, forms[f].cell.len);
	}
	out_cell_buf(line, l->title, 40, "  ");
	tags_cell(line, &tags, l->tags);
	buf_add(line, "\n", 1);
}

/* One item's line of the text listing, written. */
static void print_text_line(const struct content_line *l, const struct playbook_set *set)
{
	static struct buf line;
	line.len = 0;
	text_line(&line, l, set);
	fwrite(line.data, 1, line.len, stdout);
}

/*
 * The stream's state: items are written as the query reads them; JSON holds
 * back at most CHUNK of them, so that their performance is one batch of
 * queries per chunk, never one per item nor every match's at once.
 */
struct stream {
	struct db *db;
	const struct playbook_set *set;  /* each group's rates by its own playbook */
	int today;
	bool json;
	struct json j;          /* the document being written (--json) */
	size_t limit;           /* 0 = no limit */
	size_t written;         /* items written so far */
	bool more;              /* a row past the limit exists */
	int64_t last_id;        /* the last item written */
	int64_t ids[CHUNK];     /* the held items (JSON) */
	size_t at[CHUNK];       /* where each one's strings start in held */
	struct buf held;        /* their strings, copied: a row's are SQLite's until the next */
	size_t n_chunk;
	size_t chunks;          /* chunks written */
	struct kpi_content_perf *all;  /* every item's performance, by id, once chunks pass */
	size_t n_all;
	uint32_t *slot_of;             /* all's place + 1 by id (0: none), when ids are dense */
	size_t n_slot;
	bool joined;    /* the rows carry their stored performance (content_each_perf) */
	size_t ranked;  /* then: how many items are ranked */
	/* A whole listing's texts, written from where content_render holds them (out_add). */
	struct iovec iov[OUT_IOV];
	int n_iov;
};

/*
 * The texts held for one writev, written when full and when the listing ends: copied into
 * stdout's buffer first, a whole listing's were a tenth of `content --search 误区 --json`
 * (12 MB read back from where they were held, in date order; to /dev/null nothing at all).
 */
static int out_flush(struct stream *s, char **cause)
{
	struct iovec *v = s->iov;
	int n = s->n_iov;
	s->n_iov = 0;
	if (!n)
		return 0;
	/* What stdio holds (the document's start) goes first. */
	fflush(stdout);
	while (n > 0) {
		ssize_t w = writev(STDOUT_FILENO, v, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return set_cause(cause, _("writing the listing: %s"), error_text(errno));
		while (n > 0 && (size_t)w >= v->iov_len) {
			w -= (ssize_t)v->iov_len;
			v++;
			n--;
		}
		if (n > 0) {
			v->iov_base = (char *)v->iov_base + w;
			v->iov_len -= (size_t)w;
		}
	}
	return 0;
}

/* n bytes at p, held until out_flush (they stay where they are until then). */
static int out_add(struct stream *s, const char *p, size_t n, char **cause)
{
	if (!n)
		return 0;
	if (s->n_iov == OUT_IOV && out_flush(s, cause) < 0)
		return -1;
	s->iov[s->n_iov++] = (struct iovec){.iov_base = (void *)p, .iov_len = n};
	return 0;
}

/* A held item's strings in the order stream_item copies them. */
#define HELD_STRINGS 9

/* An item's performance from every item's (s->all), as kpi_content_performance_list
   gives it: zero but the id when it has none. */
static void perf_of(struct stream *s, int64_t id, struct kpi_content_perf *out)
{
	if (!s->slot_of && s->n_all) {
		/* Ids are dense (1..100,000 at team scale): slot_of[id] is the entry's place
		   plus one, one read instead of a binary search of 36,000 entries a row (a
		   twentieth of the command, mostly cache misses). Sparse ids keep searching. */
		int64_t max = s->all[s->n_all - 1].content_id;
		if (s->all[0].content_id >= 0 && max < 4 * (int64_t)s->n_all + (1 << 20)) {
			s->n_slot = (size_t)max + 1;
			s->slot_of = xcalloc(s->n_slot, sizeof *s->slot_of);
			for (size_t i = 0; i < s->n_all; i++)
				s->slot_of[s->all[i].content_id] = (uint32_t)i + 1;
		}
	}
	const struct kpi_content_perf *p;
	if (s->slot_of)
		p = id >= 0 && (size_t)id < s->n_slot && s->slot_of[id]
			    ? &s->all[s->slot_of[id] - 1]
			    : NULL;
	else
		p = kpi_content_perf_find(s->all, s->n_all, id);
	if (p) {
		*out = *p;
	} else {
		memset(out, 0, sizeof *out);
		out->content_id = id;
	}
}

/* Write the held items with their performance (two queries for the lot). */
static int stream_flush(struct stream *s, char **cause)
{
	if (!s->n_chunk)
		return 0;
	struct kpi_content_perf perf[CHUNK];
	int rc = 0;
	if (!s->all && ++s->chunks > CHUNKS_BEFORE_ALL)
		rc = kpi_content_performance_all(s->db, s->set, s->today, &s->all, &s->n_all,
						 cause);
	if (rc == 0 && s->all) {
		/* As kpi_content_performance_list gives it: zero but the id when absent. */
		for (size_t i = 0; i < s->n_chunk; i++)
			perf_of(s, s->ids[i], &perf[i]);
	} else if (rc == 0) {
		rc = kpi_content_performance_list(s->db, s->set, s->today, s->ids, s->n_chunk,
						  perf, cause);
	}
	for (size_t i = 0; rc == 0 && i < s->n_chunk; i++) {
		const char *str[HELD_STRINGS], *p = s->held.data + s->at[i];
		for (int k = 0; k < HELD_STRINGS; k++, p += strlen(p) + 1)
			str[k] = p;
		struct content_line l = {.id = s->ids[i], .date = str[0], .category = str[1],
					 .form = str[2], .title = str[3], .tags = str[4],
					 .zone = str[5], .style = str[6], .source = str[7],
					 .body = str[8], .body_len = strlen(str[8])};
		print_json_item(&s->j, &l, &perf[i]);
		s->written++;
	}
	s->n_chunk = 0;
	s->held.len = 0;
	return rc;
}

/* A row's joined performance as kpi_content_performance_list gives it: zero but the id
   when absent. */
static void joined_perf(const struct stream *s, const struct content_line *l,
			struct kpi_content_perf *perf)
{
	*perf = (struct kpi_content_perf){.content_id = l->id};
	if (l->perf.has) {
		perf->posts = (size_t)l->perf.posts;
		perf->open_defined = l->perf.open_defined;
		perf->open_rate = l->perf.open_rate;
		perf->interact_defined = l->perf.interact_defined;
		perf->interact_rate = l->perf.interact_rate;
		perf->rank = (size_t)l->perf.rank;
		perf->ranked = s->ranked;
		perf->retire = l->perf.retire;
	}
}

/* content_render's callback (JSON, the whole list with its joined performance): the
   row's object into out, the document's newline dropped. */
static void render_item(const struct content_line *l, void *ctx, struct buf *out)
{
	struct stream *s = ctx;
	struct kpi_content_perf perf;
	joined_perf(s, l, &perf);
	struct json j;
	json_init_buf(&j, out);
	json_item(&j, l, &perf);
	out->len--;
}

/* content_render's callback: the rendered objects in the listing's order, each on a line
   of its own, written from where they are held. */
static int emit_item(const char *text, size_t len, void *ctx, char **cause)
{
	struct stream *s = ctx;
	if (!text)
		return out_flush(s, cause);
	size_t n;
	json_newline(&s->j);
	const char *sep = json_raw_sep(&s->j, &n);
	if (out_add(s, sep, n, cause) < 0 || out_add(s, text, len, cause) < 0)
		return -1;
	s->written++;
	return 0;
}

/* content_render's callback (text): the row's line into out. */
static void render_line(const struct content_line *l, void *ctx, struct buf *out)
{
	struct stream *s = ctx;
	text_line(out, l, s->set);
}

/* content_render's callback (text): the lines in the listing's order, written from where
   they are held. */
static int emit_line(const char *text, size_t len, void *ctx, char **cause)
{
	struct stream *s = ctx;
	if (!text)
		return out_flush(s, cause);
	if (out_add(s, text, len, cause) < 0)
		return -1;
	s->written++;
	return 0;
}

/* content_each_full's callback (JSON): one row read, held with its chunk. */
static int stream_item(const struct content_line *l, void *ctx, char **cause)
{
	struct stream *s = ctx;
	if (s->limit && s->written + s->n_chunk == s->limit) {
		/* The one row asked for beyond the limit: there is a next page. */
		s->more = true;
		return 1;
	}
	s->last_id = l->id;
	if (s->joined) {
		struct kpi_content_perf perf;
		joined_perf(s, l, &perf);
		print_json_item(&s->j, l, &perf);
		s->written++;
		return 0;
	}
	if (!s->all && !s->chunks && !s->n_chunk && l->rows > CHUNK * CHUNKS_BEFORE_ALL) {
		/* The whole list, known to be long before its first row: every item's
		   performance at once, and each row written as it comes, nothing held. */
		s->chunks = CHUNKS_BEFORE_ALL + 1;
		if (kpi_content_performance_all(s->db, s->set, s->today, &s->all, &s->n_all,
						cause) < 0)
			return -1;
	}
	if (s->all && !s->n_chunk) {
		struct kpi_content_perf perf;
		perf_of(s, l->id, &perf);
		print_json_item(&s->j, l, &perf);
		s->written++;
		return 0;
	}
	s->ids[s->n_chunk] = l->id;
	s->at[s->n_chunk++] = s->held.len;
	const char *str[HELD_STRINGS] = {l->date, l->category, l->form,   l->title, l->tags,
					 l->zone, l->style,    l->source, l->body};
	for (int k = 0; k < HELD_STRINGS; k++)
		buf_add(&s->held, str[k], strlen(str[k]) + 1);
	return s->n_chunk == CHUNK ? stream_flush(s, cause) : 0;
}

/* content_each_line's callback (text output): one row read, one line written. */
static int stream_line(const struct content_line *l, void *ctx, char **cause)
{
	(void)cause;
	struct stream *s = ctx;
	if (s->limit && s->written == s->limit) {
		s->more = true;
		return 1;
	}
	s->last_id = l->id;
	print_text_line(l, s->set);
	s->written++;
	return 0;
}

/* A positive integer option value (--limit, --after), else a usage error. */
static int parse_count(const char *opt, const char *v, size_t *out)
{
	char *end;
	errno = 0;
	unsigned long long n = strtoull(v, &end, 10);
	if (!*v || *end || errno || n == 0 || n > INT64_MAX || *v == '-' || *v == '+')
		return cli_usage("content", _("%s: '%s' is not a positive whole number"), opt, v);
	*out = (size_t)n;
	return 0;
}

/*
 * --count: the number of matches alone (the listing's filters, counted on the search's
 * and the tags' indexes where they suffice, no item read), a line of its own or
 * {"count": N}. What `task /WORD/ count` answers, without printing every match.
 */
static int print_count(struct db *db, const struct content_filter *f, bool json)
{
	char *cause = NULL;
	size_t n;
	if (content_count(db, f, &n, &cause) < 0) {
		int rc = cli_fail(cause);
		free(cause);
		return rc;
	}
	if (json) {
		struct json j;
		json_init(&j, stdout);
		json_object(&j);
		json_key(&j, "count");
		json_int(&j, (long long)n);
		json_end(&j);
	} else {
		printf("%zu\n", n);
	}
	return EXIT_OK;
}

int cmd_content(struct cli *cli)
{
	if (cli->argc > 1 && cmd_content_is_edit(cli->argv[1]))
		return cmd_content_edit(cli);
	struct db *db = cli_open_db(cli);
	if (!db)
		return EXIT_FAIL;
	struct content_args a = {.argc = cli->argc, .argv = cli->argv};
	content_filter_init(&a.filter);
	bool json = false, by_title = false, count = false;
	size_t limit = 0, after = 0;
	int rc = EXIT_OK;
	for (int i = 1; i < cli->argc && rc == EXIT_OK; i++) {
		const char *v;
		int r = content_args_parse(db, "content", &i, &a);
		if (r > 0)
			rc = r;
		else if (r == 0)
			continue;
		else if (strcmp(cli->argv[i], "--json") == 0)
			json = true;
		else if (strcmp(cli->argv[i], "--archived") == 0)
			a.filter.archived = true;
		else if (strcmp(cli->argv[i], "--count") == 0)
			count = true;
		else if (strcmp(cli->argv[i], "--sort=title") == 0)
			by_title = true;
		else if (strcmp(cli->argv[i], "--sort=date") == 0)
			by_title = false;
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--sort", &v)) != 0)
			/* "--sort title" as well as "--sort=title", as every other option takes. */
			rc = r < 0 || (strcmp(v, "title") != 0 && strcmp(v, "date") != 0)
				     ? cli_usage("content", _("--sort takes title or date"))
				     : ((by_title = strcmp(v, "title") == 0), EXIT_OK);
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--limit", &v)) != 0)
			rc = r < 0 ? cli_usage("content", _("--limit needs a number"))
				   : parse_count("--limit", v, &limit);
		else if ((r = cli_opt_value(cli->argc, cli->argv, &i, "--after", &v)) != 0)
			rc = r < 0 ? cli_usage("content", _("--after needs an item id"))
				   : parse_count("--after", v, &after);
		else
			rc = cli_unknown("content", cli->argv[i]);
	}
	char *cause = NULL;
	if (rc == EXIT_OK && count && (limit || after))
		rc = cli_usage("content", _("--count counts every match: it takes no --limit or "
					    "--after"));
	if (rc == EXIT_OK && count) {
		rc = print_count(db, &a.filter, json);
		content_args_free(&a);
		db_close(db);
		return rc;
	}
	enum content_sort sort = by_title ? CONTENT_SORT_TITLE : CONTENT_SORT_DATE;
	/* --after ID: the keyset of that item in the listing's order, continued strictly after. */
	struct content_item from = {0};
	struct content_cursor cur;
	if (rc == EXIT_OK && after) {
		if (content_require(db, (int64_t)after, &from, &cause) < 0)
			rc = cli_fail(cause);
		else
			cur = content_cursor_at(&from);
	}
	struct stream *s = xcalloc(1, sizeof *s);
	struct playbook_set *set = NULL;
	/* JSON: each group's rates by its own playbook; Chinese text: the categories' names. */
	if (rc == EXIT_OK && (json || i18n_lang() != I18N_EN) &&
	    playbook_set_load(db, &set, &cause) < 0)
		rc = cli_fail(cause);
	int stored = 0;
	if (rc == EXIT_OK) {
		*s = (struct stream){.db = db, .set = set, .today = cli->today, .json = json,
				     .limit = limit};
		/* The stored performance joined to the rows read, when it is today's (it is made
		   so first): a seek per match, not a read of every item's. Else held in chunks. */
		stored = json ? kpi_content_perf_stored(db, set, cli->today, &s->ranked, &cause) : 0;
		if (stored < 0)
			rc = cli_fail(cause);
	}
	if (rc != EXIT_OK) {
		playbook_set_free(set);
		free(s);
		free(cause);
		content_item_clear(&from);
		content_args_free(&a);
		db_close(db);
		return rc;
	}
	s->joined = stored > 0;
	/* A long listing in 64 KiB writes, not a pipe's 4 KiB ones (a write is ~5 us here).
	   Nothing has been written to stdout yet; a terminal keeps its line buffering. */
	static char out_buf[1 << 16];
	if (!isatty(STDOUT_FILENO))
		setvbuf(stdout, out_buf, _IOFBF, sizeof out_buf);
	json_init(&s->j, stdout);
	if (json) {
		json_object(&s->j);
		json_key(&s->j, "items");
		json_array(&s->j);
	}
	/* One statement read row by row; limit + 1 rows to know whether a next page exists. */
	const struct content_cursor *c = after ? &cur : NULL;
	/* The whole list with its stored performance: each item's object written as its row
	   is read (content_render), then the objects in order. */
	bool rendered = (!json || s->joined) && !limit && sort == CONTENT_SORT_DATE;
	if ((rendered ? content_render(db, &a.filter, c,
				       json ? CONTENT_COLUMNS_PERF : CONTENT_COLUMNS_LINE,
				       json ? render_item : render_line,
				       json ? emit_item : emit_line, s, &cause)
	     : json   ? (s->joined ? content_each_perf : content_each_full)(
			      db, &a.filter, sort, c, limit ? limit + 1 : 0, stream_item, s, &cause)
		      : content_each_line(db, &a.filter, sort, c, limit ? limit + 1 : 0,
					  stream_line, s, &cause)) < 0 ||
	    (json && stream_flush(s, &cause) < 0))
		rc = cli_fail(cause);
	if (json && rc == EXIT_OK) {
		json_newline(&s->j);
		json_end(&s->j);
		json_key(&s->j, "count");
		json_int(&s->j, (long long)s->written);
		json_key(&s->j, "next_after");
		if (s->more)
			json_int(&s->j, s->last_id);
		else
			json_null(&s->j);
		json_end(&s->j);
	} else if (rc == EXIT_OK && s->written == 0) {
		fprintf(stderr, _("sopdeck: no content matches\n"));
	} else if (rc == EXIT_OK && s->more) {
		fprintf(stderr, _("sopdeck: more items follow: --after %lld\n"), (long long)s->last_id);
	}
	playbook_set_free(set);
	free(s->all);
	free(s->slot_of);
	buf_free(&s->held);
	free(s);
	free(cause);
	content_item_clear(&from);
	content_args_free(&a);
	db_close(db);
	return rc;
}
