/* libFuzzer harness: date, ISO week and time parsers; parse(format(x)) == x. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dates.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	int d = date_parse(text);
	if (d != DATE_INVALID) {
		char back[11];
		date_format(d, back);
		if (strcmp(back, text) != 0 || date_parse(back) != d)
			abort();
		int y, w;
		date_iso_week(d, &y, &w);
		int monday = date_iso_week_start(y, w);
		if (monday == DATE_INVALID || d - monday < 0 || d - monday > 6)
			abort();
	}
	int week = date_parse_iso_week(text);
	if (week != DATE_INVALID && date_weekday(week) != 0)
		abort();
	int t = time_parse_hhmm(text);
	if (t != -1 && (t < 0 || t >= 24 * 60))
		abort();
	free(text);
	return 0;
}
