/* Placeholder until the console lands: keeps the skeleton linking. */
#include <langinfo.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "tui.h"

void tui_ensure_utf8_ctype(void)
{
	const char *cs = nl_langinfo(CODESET);
	if (cs && strcmp(cs, "UTF-8") == 0)
		return;
	setlocale(LC_CTYPE, "C.UTF-8");
}

int tui_run(struct db *db, int today, const char *operator)
{
	(void)db, (void)today, (void)operator;
	fputs("sopdeck: the console is not built yet\n", stderr);
	return 1;
}
