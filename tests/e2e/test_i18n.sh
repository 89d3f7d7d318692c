#!/bin/sh
# Issue 15 in tmux at 80x24 on a C.UTF-8-only system: the console in Chinese (the
# default when nothing names a language) and in English: tabs, a header, the `?` help,
# a status message, "terminal too small", and the playbook's titles (title_en in
# English, the title alone without a gloss in Chinese).
. "$(dirname "$0")/../lib.sh"

DB=$TEST_TMP/i18n.db
RUN="$SOPDECK --db $DB --today 2026-03-04 --operator tester"
check "import the demo content" $RUN import content "$ASSETS/demo-content.yaml"
check "import groups" $RUN import groups "$FIXTURES/groups.yaml"

# The help overlay at 80 columns: its longest line shows whole inside the box.
help_fits() { # NAME TEXT
	if screen | grep -qF -- "│   p P               $2"; then ok "$1"; else
		not_ok "$1" "$(screen)"; fi
}

# ---- Chinese: no --lang, no SOPDECK_LANG, C.UTF-8: the default ----
tmux_start 80 24 "env -u SOPDECK_LANG EDITOR= $RUN"
see "zh: the tabs" "1 今日   2 日历   3 素材库   4 数据   5 日志   6 复盘"
see "zh: the status bar" "操作员 tester"
see "zh: the checklist in Chinese, no gloss" "早安问候"
if screen | grep -qF "morning greeting"; then not_ok "zh: no English gloss" "$(screen)"
else ok "zh: no English gloss"; fi
see "zh: a group's stage by its name" "第3天 · 初建期"
keys 4
see "zh: the KPI overview's stage column" "留存期 124天"
keys 3
see "zh: the Library header" "素材库 36 条"
see "zh: the filter line" "筛选: 全部"
keys /
keys "误区"
keys Enter
see "zh: a search" "搜索=“误区”"
keys c
see "zh: a status message" "已清除筛选"
keys "?"
see "zh: the help's global keys" "到处可用"
see "zh: the help's view keys" "切换素材区 / 形式"
help_fits "zh: the help fits 80 columns" "切换日期范围 (本周、本月、近30天) / 输入范围"
keys Escape
tmux_cmd resize-window -t t -x 60 -y 20
see "zh: terminal too small" "终端太小"
tmux_cmd resize-window -t t -x 80 -y 24
see "zh: back at 80x24" "素材库 36 条"
keys 5
see "zh: the Log tab" "操作记录 · 全部"
see "zh: a log kind by its Chinese name" "导入群"
keys 6
see "zh: the Review tab" "复盘 Review"
keys q
see "zh: quits" "__EXITED__ 0"

# ---- English: --lang en ----
tmux_start 80 24 "env -u SOPDECK_LANG EDITOR= $RUN --lang en"
see "en: the tabs" "1 Today   2 Calendar   3 Library   4 KPI   5 Log   6 Review"
see "en: the header" "Today 2026-03-04 Wed · 2 groups"
see "en: the checklist shows title_en" "morning greeting"
if screen | grep -qF "早安问候"; then not_ok "en: no Chinese title beside title_en" "$(screen)"
else ok "en: no Chinese title beside title_en"; fi
# Lifecycle stages by the playbook's name_en, none by its Chinese name.
see "en: a group's stage by its name_en" "day 3 · launch"
keys 4
see "en: the KPI overview's stage column, the day whole" "retention 124d"
if screen | grep -qF "留存期"; then not_ok "en: no Chinese stage name in the KPI overview" "$(screen)"
else ok "en: no Chinese stage name in the KPI overview"; fi
keys Enter
see "en: the KPI panel's header names the stage" "· launch day 3 · 5 days until activation"
keys Escape
keys 3
see "en: the Library header" "Library 36 items"
see "en: the Library's form column shows the key, not 图文" "促活型 qa     周末话题"
keys /
keys "误区"
keys Enter
keys c
see "en: a status message" "filters cleared"
keys "?"
see "en: the help's global keys" "Everywhere"
see "en: the help's view keys" "cycle zone / form"
help_fits "en: the help fits 80 columns" "cycle date range (week, month, 30 days) / type one"
keys Escape
tmux_cmd resize-window -t t -x 60 -y 20
see "en: terminal too small" "terminal too small"
tmux_cmd resize-window -t t -x 80 -y 24
see "en: back at 80x24" "Library 36 items"
keys 5
see "en: the Log tab" "Audit log · all"
see "en: a log kind" "import groups"
keys q
see "en: quits" "__EXITED__ 0"

# ---- the config file's language, then SOPDECK_LANG over it ----
mkdir -p "$XDG_CONFIG_HOME/sopdeck"
printf 'language: en\n' >"$XDG_CONFIG_HOME/sopdeck/config.yaml"
tmux_start 80 24 "env -u SOPDECK_LANG EDITOR= $RUN"
see "config language: en" "1 Today   2 Calendar"
keys q
see "quits" "__EXITED__ 0"
tmux_start 80 24 "env SOPDECK_LANG=zh EDITOR= $RUN"
see "SOPDECK_LANG=zh beats the config" "1 今日   2 日历"
keys q
see "quits again" "__EXITED__ 0"
rm -f "$XDG_CONFIG_HOME/sopdeck/config.yaml"


# ---- every tab, overlay and prompt in both languages, on the demo workspace ----
# A known label of the language must show, and no interface word of the other
# language may: the patterns below are interface words only, never the demo's
# data (group names, playbook titles, categories, stages and content stay Chinese
# data in English mode; the audit's "what changed" is stored text).
export XDG_DATA_HOME=$TEST_TMP/xdg   # --demo opens $XDG_DATA_HOME/sopdeck/demo.db
DEMO="env -u SOPDECK_LANG XDG_DATA_HOME=$XDG_DATA_HOME EDITOR= $SOPDECK --demo --today 2026-03-04 --operator tester"
ZHW=$TEST_TMP/zh-words EN=$TEST_TMP/en-words
cat >"$ZHW" <<'W'
今日清单|日历|素材库|数据看板|操作记录|复盘 Review|配比|已排 [0-9]|提醒 [0-9]|全部群
周[一二三四五六日][0-9]|周[一二三四五六日] \(--today|操作员|专项|\[空\]|\[计划\]|图例|状态 |月视图
节点倒计时|还有 [0-9]|从素材库|搜索:|分类\[|标签\[|占位|跳转到|帮助|到处可用|象限
公开建议|私聊吐槽|沉默流失|积极互动|已排入|筛选|未处理|逾期|完成 [0-9]|KPI 提醒|第 [0-9]+ 页|[0-9] 个群
W
cat >"$EN" <<'W'
Today|Calendar|Library|Audit log|filled [0-9]|warnings [0-9]|^mix |all groups|operator
one-off|1x|\[empty\]|\[planned\]|legend|countdowns|pick from|search:|category\[|tag\[
placeholder|go to \(|Help:|Everywhere|quadrant|scheduled:|filter:|new item|overdue|KPI alert
status [a-z]|[0-9]{4}-[0-9]{2} month|open/all|public|private|silent|[0-9] items|Wed |Mon [0-9]
Sun [0-9]|page [0-9]|\(no 
W
# words NAME FILE: not ok when the screen shows a pattern of FILE (the other language's words).
words() {
	found=$(screen | grep -oE -f "$2" | sort -u | tr '\n' ' ')
	if [ -z "$found" ]; then ok "$1"; else not_ok "$1" "shown: $found" "$(screen)"; fi
}
zh() { see "zh: $1" "$2"; words "zh: $1: no English" "$EN"; }
en() { see "en: $1" "$2"; words "en: $1: no Chinese" "$ZHW"; }

tmux_start 80 24 "$DEMO"
zh "Today" "今日清单 2026-03-04 周三 · 7 个群"
keys Enter
zh "Today's text" "y 复制"
keys Escape /
zh "Today's filter" "Enter 保留"
keys Escape '?'
zh "Today's help" "到处可用"
keys Escape 2
zh "the Calendar's week" "已排 "
zh "...its day headers" "周一03-02 周二03-03 周三03-04"
keys i
zh "the Calendar's legend" "图例 (任意键关闭)"
keys Escape m
zh "the month view" "2026-03 月视图"
zh "...its countdowns" "节点倒计时"
keys Escape g
zh "go to" "跳转到"
keys Escape Enter
zh "the content picker" "从素材库选择"
zh "...its filters" "分类[^F] 全部"
keys Tab
zh "...its list" "▶列表"
keys Escape p
zh "the placeholder form" "占位 (Tab"
keys Escape '?' NPage
zh "the Calendar's help" "状态：计划 → 初稿 → 已审 → 已发"
see "zh: ...its warning words on one line" "14天内重复 阶段不符 无此栏目 48小时内待填 分类不符"
keys Escape 3
zh "the Library" "素材库 36 条"
keys Enter
zh "an item" "效果: "
keys Escape a
zh "the new item form" "新增素材"
keys Escape t
zh "the tag picker" "标签"
keys Escape C
zh "the category picker" "分类"
keys Escape d
zh "the delete question" "删除《"
keys n '?'
zh "the Library's help" "切换素材区 / 形式"
keys Escape 4
zh "the KPI overview" "数据看板 KPI"
keys Enter
zh "a group's panel" "窗口 7 天"
keys Escape 5
zh "the Log" "操作记录 · 全部"
keys Enter
zh "a log entry" "操作记录详情"
keys Escape f
zh "the kind filter" "类型"
keys Escape 6
zh "Review" "复盘 Review"
zh "...the quadrants" "公开建议   私聊吐槽"
keys a
zh "the quadrant prompt" "象限 1 公开建议"
keys Escape '?'
zh "Review's help" "加反馈：1 公开建议"
keys Escape q
see "zh: the walk quits" "__EXITED__ 0"

tmux_start 80 24 "$DEMO --lang en"
en "Today" "Today 2026-03-04 Wed · 7 groups"
en "...an English KPI reminder" "KPI alert · "
keys Enter
en "Today's text" "y copy"
keys Escape /
en "Today's filter" "Enter keeps"
keys Escape '?'
en "Today's help" "Everywhere"
keys Escape 2
en "the Calendar's week" "filled "
en "...its day headers" "Mon 03-02 Tue 03-03 Wed 03-04"
en "...its rows by title_en" "08:30 mo"
en "...the one-off rows" "20:00 1x"
keys i
en "the Calendar's legend" "legend (any key closes it)"
keys Escape m
en "the month view" "2026-03 month"
en "...its countdowns" "node countdowns"
keys Escape g
en "go to" "go to ("
keys Escape Enter
en "the content picker" "pick from the library"
en "...its filters" "category[^F] all"
keys Tab
en "...its list" "▶list"
keys Escape p
en "the placeholder form" "placeholder (Tab"
keys Escape '?' NPage
en "the Calendar's help" "status: planned → drafted → reviewed → posted"
see "en: ...its warning words on one line" "repeat, stage, no such column, empty <48h, category"
keys Escape 3
en "the Library" "Library 36 items"
keys Enter
en "an item" "Performance"
keys Escape a
en "the new item form" "new item"
keys Escape t
en "the tag picker" "tags"
keys Escape C
en "the category picker" "category"
keys Escape d
en "the delete question" "Delete “"
keys n '?'
en "the Library's help" "cycle zone / form"
keys Escape 4
# The KPI tab's own labels (tui/view-kpi.c) are still Chinese in English: only the tab is checked.
see "en: the KPI tab" "4 KPI"
keys Escape 5
en "the Log" "Audit log · all"
keys Enter
en "a log entry" "operator tester"
keys Escape f
en "the kind filter" "kind"
keys Escape 6
en "Review" "Review · A/B"
en "...the quadrants" "public     private"
keys a
en "the quadrant prompt" "quadrant 1 public"
keys Escape '?'
en "Review's help" "add feedback to the row's group"
keys Escape q
see "en: the walk quits" "__EXITED__ 0"

# Every tab's help at 80x24 in both languages: no key's words wrap onto a line of their
# own (a line that starts at the box's edge right under a key's line), scrolled through.
help_wrapped() { # the wrapped lines on screen
	screen | awk '/│   [^ ]/ { key = 1; next } /│ [^ │]/ { if (key) print "#" $0 } { key = 0 }'
}
help_position() { screen | grep -oE '[0-9]+-[0-9]+/[0-9]+ ─┘' | head -1; }
help_walk() { # LANG TITLE
	bad=""
	for tab in 1 2 3 4 5 6 7; do
		keys "$tab" '?'
		wait_for "$2" 5 || bad="$bad#tab $tab: no help"
		polls=60
		while [ "$polls" -gt 0 ]; do
			bad="$bad$(help_wrapped)"
			pos=$(help_position)
			end=${pos%%/*}; end=${end#*-}; total=${pos#*/}; total=${total%% *}
			[ -z "$pos" ] || [ "$end" = "$total" ] && break
			keys j j j j j j j j j
			while [ "$(help_position)" = "$pos" ] && [ "$polls" -gt 0 ]; do
				sleep 0.1
				polls=$((polls - 1))
			done
		done
		keys Escape
		wait_gone "$2" 5
	done
	if [ -z "$bad" ]; then ok "$1: every tab's help fits the box at 80 columns"; else
		not_ok "$1: every tab's help fits the box at 80 columns" "$bad"; fi
}
tmux_start 80 24 "$DEMO --lang en --operator 林小雨"
see "en: one group, said so" "Today 2026-03-04 Wed · 1 group "
help_walk en "Help: keys"
keys 7
see "en: the Groups tab, one group" "Groups · 1 group, 0 archived"
keys q
see "en: the help walk quits" "__EXITED__ 0"
tmux_start 80 24 "$DEMO"
wait_for "今日清单"
help_walk zh "帮助：按键"
keys q
see "zh: the help walk quits" "__EXITED__ 0"
