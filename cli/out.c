/* Text output for people: data printed on a terminal goes through the sanitiser first. */
#include <stdlib.h>

#include "cli.h"
#include "text.h"

void out_text(FILE *out, const char *s)
{
	/* Names, notes and playbook text come from files others wrote: an escape
	   sequence in them must show as "^[", never reach the terminal raw. */
	char *safe = text_sanitize(s ? s : "", false);
	fputs(safe, out);
	free(safe);
}
