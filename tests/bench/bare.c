/*
 * The yardstick for the console's first frame: a bare ncursesw program that draws
 * a screen of Chinese text (a tab bar, 20 rows, a status line) and waits for q.
 * Anything the real console does beyond this is its own start-up cost.
 */
#define _XOPEN_SOURCE_EXTENDED 1
#include <curses.h>
#include <locale.h>

int main(void)
{
	setlocale(LC_ALL, "");
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	start_color();
	use_default_colors();
	init_pair(1, COLOR_BLACK, COLOR_CYAN);
	attron(COLOR_PAIR(1));
	mvaddstr(0, 0, " 1 今日清单  2 内容排期  3 内容库  4 数据看板  5 操作日志 ");
	attroff(COLOR_PAIR(1));
	for (int r = 1; r < LINES - 1; r++)
		mvprintw(r, 0, "[ ] 宝妈成长营%03d  08:30 早安问候  促活型  第 %d 项", r, r);
	mvaddstr(LINES - 1, 0, "? 帮助  q 退出");
	refresh();
	while (getch() != 'q')
		;
	endwin();
	return 0;
}
