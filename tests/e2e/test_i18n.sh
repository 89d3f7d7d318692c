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
keys 3
see "en: the Library header" "Library 36 items"
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
