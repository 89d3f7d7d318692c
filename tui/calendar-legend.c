/*
 * The Calendar's legend (`i`, and the same marks under `?`): every mark a cell
 * can show, as this terminal draws it (ASCII when the locale is not UTF-8),
 * and every warning word the detail line can lead with.
 */
#include <stdlib.h>
#include <string.h>

#include "calendar-tab.h"
#include "draw.h"
#include "text.h"
#include "util.h"

/* The warnings, in the words calendar_warn_text uses, and what to do about each. */
static const struct {
	unsigned bit;
	const char *meaning;
} legend_warnings[] = {
	{CAL_WARN_DUPLICATE, "同一内容 14 天内已排过 (the date follows)"},
	{CAL_WARN_STAGE, "栏目不适合群的阶段"},
	{CAL_WARN_NOT_DUE, "这里已无此栏目 (剧本改过)"},
	{CAL_WARN_EMPTY_SOON, "48 小时内要发, 还空着"},
	{CAL_WARN_CATEGORY, "内容分类与栏目分类不同 (可以排, 会提示)"},
};

/* Add one legend line: the mark padded to 6 columns (by display width), its meaning. */
static void legend_line(struct buf *b, const char *mark, const char *meaning)
{
	int pad = 6 - text_width(mark);
	buf_addf(b, "%s%*s%s\n", mark, pad > 1 ? pad : 1, "", meaning);
}

void calv_legend_draw(struct view_calendar *v, WINDOW *win, const struct rect *r)
{
	struct buf b = {0};
	static const enum slot_status order[] = {SLOT_POSTED, SLOT_REVIEWED, SLOT_DRAFTED,
						 SLOT_PLANNED};
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		char *m = xasprintf("状态 %s", slot_status_name(order[i]));
		legend_line(&b, calv_mark(v, order[i]), m);
		free(m);
	}
	legend_line(&b, v->ascii ? "." : "·", "待填: 有栏目, 还没排内容");
	legend_line(&b, "!", "警告: 详情行 (最后一行) 说明是哪种, 见下");
	legend_line(&b, "", "空白格: 这天这个时间没有栏目, 不能排");
	legend_line(&b, "专项", "一次性栏目的行 (冷启动, 节点倒计时)");
	legend_line(&b, "__", "下划线: M/C 标记的来源格 (移动/复制)");
	legend_line(&b, "周三", "高亮的日期: 今天");
	legend_line(&b, "!14天", "选择器里: 本群 14 天内已排过这条");
	for (size_t i = 0; i < ARRAY_LEN(legend_warnings); i++) {
		char *w = calendar_warn_text(legend_warnings[i].bit);
		char *m = xasprintf("%s: %s", w, legend_warnings[i].meaning);
		legend_line(&b, "!", m);
		free(m);
		free(w);
	}
	buf_str(&b);
	int lines = 0;
	for (const char *p = b.data; *p; p++)
		lines += *p == '\n';
	/* Too small a screen for a box: the grid stays, any key still closes. */
	if (r->w < 12 || r->h < 4) {
		buf_free(&b);
		return;
	}
	int h = lines + 3 < r->h ? lines + 3 : r->h;
	struct rect box = rect_centre(r, h, r->w - 4 < 72 ? r->w - 4 : 72);
	draw_clear(win, &box, pal(PAL_NORMAL));
	struct rect in = draw_box(win, &box, "图例 legend (任意键关闭)", pal(PAL_BORDER));
	const char *p = b.data;
	for (int y = 0; y < in.h && *p; y++) {
		const char *nl = strchr(p, '\n');
		char *one = xstrndup(p, (size_t)(nl - p));
		draw_text(win, in.y + y, in.x + 1, one, in.w - 2,
			  y >= lines - (int)ARRAY_LEN(legend_warnings) ? pal(PAL_OVERDUE)
								     : pal(PAL_NORMAL));
		free(one);
		p = nl + 1;
	}
	buf_free(&b);
}

/* Any key closes the legend. */
int calv_legend_key(struct view_calendar *v, int key)
{
	v->mode = MODE_GRID;
	return VIEW_HANDLED | VIEW_REDRAW;
}
