/*
 * The week grid: a row per recurring content action and a 专项 row per time
 * for one-off actions, a cell per group, row and day with its slot, warnings,
 * the week's category mix and A/B arms; a fixed number of queries for any
 * number of groups.
 */
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

/* Would action a be due for g on day if stages did not filter it? */
static bool due_but_for_stage(const struct playbook *pb, const struct group *g, int day,
			      const struct pb_action *action)
{
	if (!action || action->n_stages == 0)
		return false;
	struct pb_action a = *action;
	a.n_stages = 0;
	return playbook_action_due(pb, &a, g, day, NULL);
}

size_t cal_grid_rows(const struct playbook *pb, struct cal_row **out)
{
	struct cal_row *rows = NULL;
	size_t n = 0;
	for (size_t i = 0; i < pb->n_actions; i++) {
		const struct pb_action *a = &pb->actions[i];
		if (!calendar_action_is_content(a) || !calendar_action_recurring(a))
			continue;
		rows = xrealloc(rows, (n + 1) * sizeof *rows);
		rows[n++] = (struct cal_row){
			.at = a->at,
			.label = cal_short_title(a->title),
			.label_en = a->title_en && *a->title_en ? xstrdup(a->title_en) : NULL,
			.daily = __builtin_popcount(a->weekdays) >= 5,
			.action_id = xstrdup(a->id),
			.order = i,
		};
	}
	*out = rows;
	return n;
}

void cal_rows_free(struct cal_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(rows[i].label);
		free(rows[i].label_en);
		free(rows[i].action_id);
	}
	free(rows);
}

/* Add the one-off row (专项) for time at unless there is one. */
static void rows_add_lane(struct cal_row **rows, size_t *n, int at)
{
	for (size_t j = 0; j < *n; j++)
		if ((*rows)[j].at == at && !(*rows)[j].action_id)
			return;
	*rows = xrealloc(*rows, (*n + 1) * sizeof **rows);
	(*rows)[(*n)++] = (struct cal_row){.at = at, .label = xstrdup("专项"), .order = SIZE_MAX};
}

static int row_cmp(const void *a, const void *b)
{
	const struct cal_row *x = a, *y = b;
	if (x->at != y->at)
		return (x->at > y->at) - (x->at < y->at);
	return (x->order > y->order) - (x->order < y->order);
}

/* Row indexes into rows (ctx) in row_cmp's order, then by index. */
static int row_index_cmp(const void *a, const void *b, void *ctx)
{
	const struct cal_row *rows = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = row_cmp(&rows[i], &rows[j]);
	return c ? c : (i > j) - (i < j);
}

/* Group ids with their index in the week, by id. */
static int id_index_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

/*
 * The content actions due for every group on every day of the week, each
 * (group, day) computed once (calendar_due_actions, by time then most specific
 * first): rows and cells only filter them by time, where asking again for each
 * row of each cell ran the due rule (lunar nodes included) rows times over.
 */
struct week_due {
	const struct pb_action **a; /* (group, day)'s actions: a[first[i] .. first[i + 1]) */
	size_t *first;              /* i = group * 7 + weekday; n_groups * 7 + 1 entries */
};

/*
 * Groups alike for the due rule: playbook_action_due reads a group's creation day
 * and type (its age and stage follow from them); the platform is in the key too,
 * so that a rule reading it would not be answered for another group.
 */
static int due_class(const struct cal_group_week *x, const struct cal_group_week *y)
{
	if (x->pb != y->pb)
		return (uintptr_t)x->pb < (uintptr_t)y->pb ? -1 : 1;
	if (x->group.created != y->group.created)
		return x->group.created < y->group.created ? -1 : 1;
	if (x->group.type != y->group.type)
		return x->group.type < y->group.type ? -1 : 1;
	return (x->group.platform > y->group.platform) - (x->group.platform < y->group.platform);
}

/* Group indexes by class, then by index. */
static int due_class_cmp(const void *a, const void *b, void *ctx)
{
	const struct cal_week *w = ctx;
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = due_class(&w->groups[i], &w->groups[j]);
	return c ? c : (i > j) - (i < j);
}

static void week_due_build(const struct cal_week *w, struct week_due *wd)
{
	size_t n = w->n_groups * 7, cap = 16, used = 0;
	/* (group, day)'s actions: a[start[i] .. start[i] + count[i]), then laid out in order. */
	size_t *start = xcalloc(n + 1, sizeof *start), *count = xcalloc(n + 1, sizeof *count);
	const struct pb_action **a = xcalloc(cap, sizeof *a);
	struct cal_due due = {0};
	/* The day half of the rule once per playbook and day (few playbooks, seven days). */
	struct pb_days {
		const struct playbook *pb;
		struct cal_due cand[7];
	} *pbd = NULL;
	size_t n_pbd = 0;
	/* The rule runs once per class of alike groups (a team creates groups in batches). */
	size_t *order = xcalloc(w->n_groups + 1, sizeof *order);
	for (size_t g = 0; g < w->n_groups; g++)
		order[g] = g;
	if (w->n_groups > 1)
		qsort_r(order, w->n_groups, sizeof *order, due_class_cmp, (void *)w);
	for (size_t k = 0; k < w->n_groups; k++) {
		size_t g = order[k];
		if (k > 0 && due_class(&w->groups[order[k - 1]], &w->groups[g]) == 0) {
			/* The same answers as the group before it in its class. */
			for (int d = 0; d < 7; d++) {
				start[g * 7 + (size_t)d] = start[order[k - 1] * 7 + (size_t)d];
				count[g * 7 + (size_t)d] = count[order[k - 1] * 7 + (size_t)d];
			}
			continue;
		}
		const struct cal_group_week *gw = &w->groups[g];
		size_t p = 0;
		while (p < n_pbd && pbd[p].pb != gw->pb)
			p++;
		if (p == n_pbd) {
			pbd = xrealloc(pbd, (n_pbd + 1) * sizeof *pbd);
			memset(&pbd[n_pbd], 0, sizeof *pbd);
			pbd[n_pbd].pb = gw->pb;
			for (int d = 0; d < 7; d++)
				cal_day_candidates(gw->pb, w->start + d, &pbd[n_pbd].cand[d]);
			n_pbd++;
		}
		for (int d = 0; d < 7; d++) {
			size_t m = cal_due_among(gw->pb, &gw->group, w->start + d, &pbd[p].cand[d],
						 &due);
			if (used + m > cap) {
				while (used + m > cap)
					cap *= 2;
				a = xrealloc(a, cap * sizeof *a);
			}
			if (m)
				memcpy(a + used, due.a, m * sizeof *a);
			start[g * 7 + (size_t)d] = used;
			count[g * 7 + (size_t)d] = m;
			used += m;
		}
	}
	/* Laid out by (group, day), as row_due reads them. */
	size_t total = 0;
	for (size_t i = 0; i < n; i++)
		total += count[i];
	wd->first = xcalloc(n + 1, sizeof *wd->first);
	wd->a = xcalloc(total ? total : 1, sizeof *wd->a);
	size_t at = 0;
	for (size_t i = 0; i < n; i++) {
		wd->first[i] = at;
		if (count[i])
			memcpy(wd->a + at, a + start[i], count[i] * sizeof *a);
		at += count[i];
	}
	wd->first[n] = at;
	free(order);
	free(start);
	free(count);
	free(a);
	cal_due_free(&due);
	for (size_t p = 0; p < n_pbd; p++)
		for (int d = 0; d < 7; d++)
			cal_due_free(&pbd[p].cand[d]);
	free(pbd);
}

static void week_due_free(struct week_due *wd)
{
	free(wd->a);
	free(wd->first);
}

/*
 * The action a cell of row r stands for (group g, weekday d): the row's
 * action, or the lane's most specific one; *n_due how many of them are due.
 */
static const struct pb_action *row_due(const struct week_due *wd, const struct cal_row *r,
				       size_t g, int d, size_t *n_due)
{
	size_t i = g * 7 + (size_t)d;
	const struct pb_action *hit = NULL;
	*n_due = 0;
	/* The day's actions at the row's time, most specific first (calendar_due_actions). */
	for (size_t k = wd->first[i]; k < wd->first[i + 1]; k++) {
		const struct pb_action *a = wd->a[k];
		if (a->at != r->at)
			continue;
		bool mine = r->action_id ? strcmp(a->id, r->action_id) == 0
					 : !calendar_action_recurring(a);
		if (!mine)
			continue;
		if (!hit)
			hit = a;
		(*n_due)++;
	}
	return hit;
}

/* The week's context for filling cells, built once for all groups. */
struct week_ctx {
	size_t *by_group;                /* slot indexes, group after group (the week's order) */
	size_t *first;                   /* group g's: by_group[first[g] .. first[g + 1]) */
	size_t *row_of;                  /* each slot's row (slot_row), SIZE_MAX if none */
	const struct pb_action **act;    /* a group's cells' actions, n_rows * 7 (scratch) */
	size_t *n_due;                   /* and how many are due in each (scratch) */
	const struct week_due *due;      /* each (group, day)'s due actions */
	/* Every group's row_cell and cells in one block (huge pages once large: 500 groups'
	   cells were 300 page faults a malloc at a time), each group's at its offsets. */
	char *block;
	size_t block_used, block_cap, block_mapped;
	size_t *row_cell_off, *cells_off;
};

/* n bytes from x's block (8-aligned, zeroed) for group data; their offset in it. */
static size_t block_take(struct week_ctx *x, size_t n)
{
	n = (n + 7) & ~(size_t)7;
	cal_big_reserve(&x->block, x->block_used, x->block_used + n, &x->block_cap,
			&x->block_mapped, true);
	memset(x->block + x->block_used, 0, n);
	size_t at = x->block_used;
	x->block_used += n;
	return at;
}

/*
 * The row a stored slot shows in (what row_holds_slot says, asked once per slot):
 * its recurring action's row at its time, else the lane at its time; SIZE_MAX if
 * rows has neither.
 */
static size_t slot_row(const struct cal_row *rows, size_t n_rows, const struct cal_slot *s)
{
	size_t lane = SIZE_MAX;
	for (size_t r = 0; r < n_rows; r++) {
		if (rows[r].at != s->at)
			continue;
		if (!rows[r].action_id)
			lane = r;
		else if (s->action_id && strcmp(rows[r].action_id, s->action_id) == 0)
			return r;
	}
	return lane;
}

/* Is the slot of cell c the one of its action (not a lane's other one-off)? */
static bool slot_exact(const struct cal_cell *c, const struct cal_slot *s)
{
	return c->action && s->action_id && strcmp(s->action_id, c->action->id) == 0;
}

/*
 * Fill in the cells of group gi: each of its slots goes straight to its cell (a cell
 * holds its action's slot, else the lowest id of the others there), then each cell
 * is judged once.
 */
static void week_cells(struct cal_week *w, size_t gi, int64_t now, struct week_ctx *x)
{
	struct cal_group_week *gw = &w->groups[gi];
	const struct playbook *pb = gw->pb;
	/* Cells only for the rows the group has something in: most rows are another
	   playbook's or stage's, and 500 groups' empty cells were most of the week's memory. */
	x->row_cell_off[gi] = block_take(x, (w->n_rows ? w->n_rows : 1) * sizeof *gw->row_cell);
	gw->row_cell = (size_t *)(void *)(x->block + x->row_cell_off[gi]);
	size_t used = 0;
	for (size_t r = 0; r < w->n_rows; r++) {
		bool any = false;
		for (int d = 0; d < 7; d++) {
			size_t i = r * 7 + (size_t)d;
			x->act[i] = row_due(x->due, &w->rows[r], gi, d, &x->n_due[i]);
			any = any || x->act[i];
		}
		gw->row_cell[r] = any ? used++ : SIZE_MAX;
	}
	for (size_t k = x->first[gi]; k < x->first[gi + 1]; k++) {
		size_t r = x->row_of[x->by_group[k]];
		if (r != SIZE_MAX && gw->row_cell[r] == SIZE_MAX)
			gw->row_cell[r] = used++;
	}
	/* (The block may move: row_cell is found again at its offset.) */
	x->cells_off[gi] = block_take(x, (used ? used * 7 : 1) * sizeof *gw->cells);
	gw->row_cell = (size_t *)(void *)(x->block + x->row_cell_off[gi]);
	gw->cells = (struct cal_cell *)(void *)(x->block + x->cells_off[gi]);
	for (size_t r = 0; r < w->n_rows; r++)
		for (int d = 0; gw->row_cell[r] != SIZE_MAX && d < 7; d++) {
			struct cal_cell *c = &gw->cells[gw->row_cell[r] * 7 + (size_t)d];
			c->action = x->act[r * 7 + (size_t)d];
			c->n_due = x->n_due[r * 7 + (size_t)d];
			c->dup_day = DATE_INVALID;
		}
	for (size_t k = x->first[gi]; k < x->first[gi + 1]; k++) {
		size_t i = x->by_group[k], r = x->row_of[i];
		struct cal_slot *s = &w->slots[i];
		int d = s->day - w->start;
		if (r == SIZE_MAX || d < 0 || d > 6)
			continue;
		struct cal_cell *c = &gw->cells[gw->row_cell[r] * 7 + (size_t)d];
		if (!c->slot || slot_exact(c, s) || (!slot_exact(c, c->slot) && s->id < c->slot->id))
			c->slot = s;
	}
	for (size_t r = 0; r < w->n_rows; r++) {
		for (int d = 0; gw->row_cell[r] != SIZE_MAX && d < 7; d++) {
			struct cal_cell *c = &gw->cells[gw->row_cell[r] * 7 + (size_t)d];
			int day = w->start + d, at = w->rows[r].at;
			bool empty = !c->slot || cal_slot_empty(c->slot);
			bool matches = c->slot && c->action &&
				       (!c->slot->action_id ||
					strcmp(c->slot->action_id, c->action->id) == 0);
			if (c->action)
				w->n_due++;
			if (!empty && matches)
				w->n_filled++;
			if (!empty && !matches) {
				const struct pb_action *sa = c->slot->action_id
					? playbook_action(pb, c->slot->action_id) : NULL;
				c->warn |= due_but_for_stage(pb, &gw->group, day, sa) ? CAL_WARN_STAGE
										      : CAL_WARN_NOT_DUE;
			}
			/* A 转化型 item in a 促活型 column is allowed, but said. */
			const struct pb_action *col = c->action;
			if (!col && c->slot && c->slot->action_id)
				col = playbook_action(pb, c->slot->action_id);
			if (c->slot && c->slot->content_id && c->slot->category[0] && col &&
			    col->category && strcmp(col->category, c->slot->category) != 0)
				c->warn |= CAL_WARN_CATEGORY;
			/* The nearest repeat within 14 days, kept on the slot row (migration 023). */
			if (c->slot && c->slot->content_id) {
				c->dup_day = c->slot->dup_day;
				if (c->dup_day != DATE_INVALID)
					c->warn |= CAL_WARN_DUPLICATE;
			}
			int64_t due_at = (int64_t)day * 1440 + at;
			if (c->action && empty && due_at >= now &&
			    due_at - now < CALENDAR_EMPTY_HOURS * 60)
				c->warn |= CAL_WARN_EMPTY_SOON;
			if (c->warn)
				w->n_warnings++;
		}
	}
}

/* The week's slots group after group (the order of w->groups); x->row_of is each one's row. */
static void week_ctx_place(const struct cal_week *w, struct week_ctx *x)
{
	size_t n = w->n_slots, ng = w->n_groups;
	x->by_group = xcalloc(n ? n : 1, sizeof *x->by_group);
	x->first = xcalloc(ng + 1, sizeof *x->first);
	/* Group ids in id order with their index, looked up once per slot. */
	struct gid { int64_t id; size_t g; } *ids = xcalloc(ng ? ng : 1, sizeof *ids);
	size_t *gi = xcalloc(n ? n : 1, sizeof *gi), *count = xcalloc(ng + 1, sizeof *count);
	bool sorted = true;
	for (size_t g = 0; g < ng; g++) {
		ids[g] = (struct gid){w->groups[g].group.id, g};
		sorted = sorted && (g == 0 || ids[g - 1].id < ids[g].id);
	}
	if (!sorted)
		qsort(ids, ng, sizeof *ids, id_index_cmp);
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = ng;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (ids[mid].id < w->slots[i].group_id)
				lo = mid + 1;
			else
				hi = mid;
		}
		gi[i] = lo < ng && ids[lo].id == w->slots[i].group_id ? ids[lo].g : ng;
		count[gi[i]]++;
	}
	/* A counting sort: group by group, each group's slots in the order read. */
	for (size_t g = 0; g < ng; g++)
		x->first[g + 1] = x->first[g] + count[g];
	memset(count, 0, (ng + 1) * sizeof *count);
	for (size_t i = 0; i < n; i++)
		if (gi[i] < ng)
			x->by_group[x->first[gi[i]] + count[gi[i]]++] = i;
	free(ids);
	free(gi);
	free(count);
}

/* Add pb's categories to the week's mix, those of a key already there once. */
static void mix_add_categories(struct cal_week *w, const struct playbook *pb)
{
	for (size_t i = 0; i < pb->n_categories; i++) {
		bool have = false;
		for (size_t k = 0; k < w->n_mix && !have; k++)
			have = strcmp(w->mix[k].key, pb->categories[i].key) == 0;
		if (have)
			continue;
		w->mix = xrealloc(w->mix, (w->n_mix + 1) * sizeof *w->mix);
		w->mix[w->n_mix++] = (struct cal_mix){.key = pb->categories[i].key,
						      .name = pb->categories[i].name,
						      .target = pb->categories[i].share};
	}
}

/* The week's mix: filled content by category against the targets (the default playbook's
   categories first, then any other the groups' playbooks add); the slots of the groups
   shown only (by_group, n: week_ctx_place's), not the whole workspace's under "my groups". */
static void week_mix(const struct playbook_set *set, struct cal_week *w, const size_t *by_group,
		     size_t n)
{
	w->mix = xcalloc(1, sizeof *w->mix);
	mix_add_categories(w, set->fallback);
	for (size_t g = 0; g < w->n_groups; g++)
		mix_add_categories(w, w->groups[g].pb);
	for (size_t i = 0; i < n; i++) {
		const struct cal_slot *s = &w->slots[by_group[i]];
		if (!s->content_id)
			continue;
		w->mix_total++;
		bool found = false;
		for (size_t k = 0; k < w->n_mix && !found; k++)
			if (strcmp(w->mix[k].key, s->category) == 0) {
				w->mix[k].used++;
				found = true;
			}
		if (!found)
			w->mix_other++;
	}
	for (size_t i = 0; i < w->n_mix; i++)
		w->mix[i].share = w->mix_total ? 100.0 * (double)w->mix[i].used /
							 (double)w->mix_total
					       : 0;
}

/*
 * The grid's recurring rows from every playbook the week's groups run on (each
 * once; the default's when no group is shown), a row per (time, action).
 */
static void week_rows(const struct playbook_set *set, struct cal_week *w)
{
	for (size_t g = 0; g <= w->n_groups; g++) {
		const struct playbook *pb = g < w->n_groups ? w->groups[g].pb : set->fallback;
		bool seen = g == w->n_groups && w->n_groups > 0;
		for (size_t k = 0; k < g && !seen; k++)
			seen = w->groups[k].pb == pb;
		if (seen)
			continue;
		struct cal_row *rows;
		size_t n = cal_grid_rows(pb, &rows);
		for (size_t i = 0; i < n; i++) {
			bool dup = false;
			for (size_t j = 0; j < w->n_rows && !dup; j++)
				dup = w->rows[j].at == rows[i].at &&
				      strcmp(w->rows[j].action_id, rows[i].action_id) == 0;
			if (dup) {
				free(rows[i].label);
				free(rows[i].label_en);
				free(rows[i].action_id);
				continue;
			}
			w->rows = xrealloc(w->rows, (w->n_rows + 1) * sizeof *w->rows);
			w->rows[w->n_rows++] = rows[i];
		}
		free(rows);
	}
}

static int week_ab(struct db *db, struct cal_week *w, char **cause);

int calendar_week(struct db *db, const struct playbook *pb, int start, const char *group_name,
		  int64_t now, struct cal_week *out, char **cause)
{
	/* Every group on pb: a set of one, which every group falls back to. */
	struct playbook *one = (struct playbook *)pb;
	struct playbook_set set = {.pbs = &one, .n = 1, .fallback = one};
	return calendar_week_set(db, &set, start, group_name, now, out, cause);
}

/* The week, each slot with the fields `what` says (CAL_READ_UNTITLED: without the items'
   titles, which calendar_week_titles reads). */
static int week_build(struct db *db, const struct playbook_set *set, int start,
		      const char *group_name, int64_t now, enum cal_week_read what,
		      struct cal_week *out, char **cause)
{
	memset(out, 0, sizeof *out);
	/* The caller's first day (the console's week_start); the ISO week of most days. */
	out->start = start;
	date_iso_week(out->start + 3, &out->iso_year, &out->iso_week);
	struct group *groups;
	size_t n_groups;
	if (cal_groups_load(db, group_name, &groups, &n_groups, cause) < 0)
		return -1;
	out->groups = xcalloc(n_groups ? n_groups : 1, sizeof *out->groups);
	out->n_groups = n_groups;
	for (size_t g = 0; g < n_groups; g++) {
		struct cal_group_week *gw = &out->groups[g];
		gw->group = groups[g];
		gw->pb = playbook_set_for(set, &gw->group);
		int age = group_age(&gw->group, out->start);
		gw->stage = age >= 0 ? playbook_stage_for_age(gw->pb, age) : NULL;
	}
	free(groups);
	int64_t only = group_name ? out->groups[0].group.id : 0;
	struct cal_week_slots ws;
	if (cal_week_slots_load(db, out->start, out->start + 6, only, what, &out->slots,
				&out->n_slots, &ws, cause) < 0) {
		calendar_week_free(out);
		return -1;
	}
	out->slot_text = ws.text;
	out->slot_text_mapped = ws.text_mapped;
	out->slots_mapped = ws.slots_mapped;
	for (size_t g = 0; g < n_groups; g++)
		out->groups[g].titled = what != CAL_READ_UNTITLED;
	week_rows(set, out);
	size_t n_recurring = out->n_rows;
	/* One-off actions due this week get their time's 专项 row. */
	struct week_due wd;
	week_due_build(out, &wd);
	for (size_t i = 0; i < wd.first[out->n_groups * 7]; i++)
		if (!calendar_action_recurring(wd.a[i]))
			rows_add_lane(&out->rows, &out->n_rows, wd.a[i]->at);
	/* So do slots that no recurring row holds, so nothing stored is hidden. Each slot's
	   row is found once (slot_row): its recurring action's, else its time's lane. */
	size_t *row_of = xcalloc(out->n_slots ? out->n_slots : 1, sizeof *row_of);
	for (size_t i = 0; i < out->n_slots; i++) {
		row_of[i] = slot_row(out->rows, n_recurring, &out->slots[i]);
		if (row_of[i] == SIZE_MAX)
			rows_add_lane(&out->rows, &out->n_rows, out->slots[i].at);
	}
	for (size_t i = 0; i < out->n_slots; i++)
		if (row_of[i] == SIZE_MAX)
			row_of[i] = slot_row(out->rows, out->n_rows, &out->slots[i]);
	/*
	 * A row nobody shown has anything due in (售后答疑 without a service group) is
	 * dropped: the rows are marked from each slot's row and each due action's, one
	 * pass over each rather than a pass per row (each action once: a handful of
	 * them make up the whole week's list).
	 */
	bool *used = xcalloc(out->n_rows ? out->n_rows : 1, sizeof *used);
	for (size_t r = 0; r < out->n_rows; r++)
		used[r] = !out->rows[r].action_id;
	for (size_t i = 0; i < out->n_slots; i++)
		if (row_of[i] != SIZE_MAX)
			used[row_of[i]] = true;
	const struct pb_action *seen[64] = {0};  /* the actions marked, by a hash of their address */
	for (size_t i = 0; i < wd.first[out->n_groups * 7]; i++) {
		const struct pb_action *a = wd.a[i];
		size_t h = (size_t)((uintptr_t)a * 0x9E3779B97F4A7C15ULL >> 58);
		if (seen[h] == a)
			continue;
		seen[h] = a;
		for (size_t r = 0; r < out->n_rows; r++)
			if (!used[r] && out->rows[r].at == a->at && out->rows[r].action_id &&
			    strcmp(out->rows[r].action_id, a->id) == 0)
				used[r] = true;
	}
	/* The rows kept, in order (time, then playbook order); new_row: each old row's place. */
	size_t *new_row = xcalloc(out->n_rows ? out->n_rows : 1, sizeof *new_row);
	size_t *order = xcalloc(out->n_rows ? out->n_rows : 1, sizeof *order);
	size_t kept = 0;
	for (size_t r = 0; r < out->n_rows; r++) {
		new_row[r] = SIZE_MAX;
		if (used[r]) {
			order[kept++] = r;
		} else {
			free(out->rows[r].label);
			free(out->rows[r].label_en);
			free(out->rows[r].action_id);
		}
	}
	free(used);
	if (kept > 1)
		qsort_r(order, kept, sizeof *order, row_index_cmp, out->rows);
	struct cal_row *rows = xcalloc(kept ? kept : 1, sizeof *rows);
	for (size_t k = 0; k < kept; k++) {
		rows[k] = out->rows[order[k]];
		new_row[order[k]] = k;
	}
	free(order);
	free(out->rows);
	out->rows = rows;
	out->n_rows = kept;
	for (size_t i = 0; i < out->n_slots; i++)
		if (row_of[i] != SIZE_MAX)
			row_of[i] = new_row[row_of[i]];
	free(new_row);
	/* Cells read only memory: the slots by group (each with its repeat day). */
	struct week_ctx x = {.due = &wd, .row_of = row_of};
	week_ctx_place(out, &x);
	x.act = xcalloc(out->n_rows ? out->n_rows * 7 : 1, sizeof *x.act);
	x.n_due = xcalloc(out->n_rows ? out->n_rows * 7 : 1, sizeof *x.n_due);
	x.row_cell_off = xcalloc(out->n_groups + 1, sizeof *x.row_cell_off);
	x.cells_off = xcalloc(out->n_groups + 1, sizeof *x.cells_off);
	for (size_t g = 0; g < out->n_groups; g++)
		week_cells(out, g, now, &x);
	/* The block is where it will stay: every group's pointers into it. */
	for (size_t g = 0; g < out->n_groups; g++) {
		out->groups[g].row_cell = (size_t *)(void *)(x.block + x.row_cell_off[g]);
		out->groups[g].cells = (struct cal_cell *)(void *)(x.block + x.cells_off[g]);
	}
	out->cell_block = x.block;
	out->cell_block_mapped = x.block_mapped;
	free(x.row_cell_off);
	free(x.cells_off);
	week_mix(set, out, x.by_group, x.first[out->n_groups]);
	free(x.act);
	free(x.n_due);
	/* Kept: which slots are whose, for the titles read later. */
	out->slot_by_group = x.by_group;
	out->slot_first = x.first;
	free(x.row_of);
	week_due_free(&wd);
	if (week_ab(db, out, cause) < 0) {
		calendar_week_free(out);
		return -1;
	}
	return 0;
}

int calendar_week_set(struct db *db, const struct playbook_set *set, int start,
		      const char *group_name, int64_t now, struct cal_week *out, char **cause)
{
	return week_build(db, set, start, group_name, now, CAL_READ_ALL, out, cause);
}

int calendar_week_read(struct db *db, const struct playbook_set *set, int start,
		       const char *group_name, int64_t now, enum cal_week_read what,
		       struct cal_week *out, char **cause)
{
	return week_build(db, set, start, group_name, now, what, out, cause);
}

int calendar_week_untitled(struct db *db, const struct playbook_set *set, int start,
			   const char *group_name, int64_t now, struct cal_week *out,
			   char **cause)
{
	return week_build(db, set, start, group_name, now, CAL_READ_UNTITLED, out, cause);
}

int calendar_week_titles(struct db *db, struct cal_week *w, size_t from, size_t to,
			 char **cause)
{
	if (to > w->n_groups)
		to = w->n_groups;
	if (!w->slot_first || from >= to)
		return 0;
	struct cal_slot **slots = NULL;
	size_t n = 0, cap = 0;
	for (size_t g = from; g < to; g++) {
		if (w->groups[g].titled)
			continue;
		for (size_t k = w->slot_first[g]; k < w->slot_first[g + 1]; k++) {
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				slots = xrealloc(slots, cap * sizeof *slots);
			}
			slots[n++] = &w->slots[w->slot_by_group[k]];
		}
	}
	char *text = NULL;
	int rc = n ? cal_slots_title(db, slots, n, &text, cause) : 0;
	free(slots);
	if (rc < 0)
		return -1;
	if (text) {
		w->title_text = xrealloc(w->title_text, (w->n_title_text + 1) * sizeof *w->title_text);
		w->title_text[w->n_title_text++] = text;
	}
	for (size_t g = from; g < to; g++)
		w->groups[g].titled = true;
	return 0;
}

void calendar_week_free(struct cal_week *w)
{
	cal_rows_free(w->rows, w->n_rows);
	for (size_t g = 0; g < w->n_groups; g++) {
		group_clear(&w->groups[g].group);
	}
	free(w->groups);
	cal_big_free(w->cell_block, w->cell_block_mapped);  /* every group's cells */
	cal_big_free(w->slots, w->slots_mapped);  /* their strings are all in slot_text */
	cal_big_free(w->slot_text, w->slot_text_mapped);
	free(w->slot_first);
	free(w->slot_by_group);
	for (size_t i = 0; i < w->n_title_text; i++)
		free(w->title_text[i]);
	free(w->title_text);
	free(w->mix);
	ab_list_free(w->ab_tests, w->n_ab_tests);
	memset(w, 0, sizeof *w);
}

/* Every A/B test in one go (two statements): each tested cell of the week gets its day's arm. */
static int week_ab(struct db *db, struct cal_week *w, char **cause)
{
	if (ab_list(db, &w->ab_tests, &w->n_ab_tests, cause) < 0)
		return -1;
	for (size_t t = 0; t < w->n_ab_tests; t++) {
		const struct ab_test *test = &w->ab_tests[t];
		for (int d = 0; d < 7; d++) {
			int arm = ab_arm_on(test, w->start + d);
			if (arm < 0)
				continue;
			for (size_t g = 0; g < w->n_groups; g++) {
				bool in = false;
				for (size_t k = 0; k < test->n_groups && !in; k++)
					in = test->groups[k] == w->groups[g].group.id;
				for (size_t r = 0; in && r < w->n_rows; r++) {
					struct cal_cell *c = calendar_cell(w, g, r, d);
					if (!c || !c->action || strcmp(c->action->id, test->action_id) != 0)
						continue;
					c->ab_test = test->name;
					c->ab_arm = (char)('A' + arm);
					c->ab_at = test->kind == AB_TIME ? time_parse_hhmm(test->arm[arm]) : -1;
					c->ab_copy = test->kind == AB_COPY ? test->arm[arm] : NULL;
				}
			}
		}
	}
	return 0;
}

struct cal_cell *calendar_cell(const struct cal_week *w, size_t g, size_t row, int weekday)
{
	/* What a row the group has nothing in shows: read only (no action: nothing writes it). */
	static struct cal_cell nothing = {.dup_day = DATE_INVALID};
	if (g >= w->n_groups || row >= w->n_rows || weekday < 0 || weekday > 6)
		return NULL;
	size_t at = w->groups[g].row_cell[row];
	return at == SIZE_MAX ? &nothing : &w->groups[g].cells[at * 7 + (size_t)weekday];
}
