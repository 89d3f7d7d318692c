/* libFuzzer harness: the display sanitiser never lets a control byte through,
   text_fit never exceeds its width or splits a character, and text_fit_buf (one pass,
   no allocation) writes the very bytes of text_fit(text_sanitize()). */
#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int ready;
	if (!ready) {
		setlocale(LC_ALL, "C.UTF-8");
		ready = 1;
	}
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	char *safe = text_sanitize(text, false);
	size_t n = strlen(safe);
	if (!utf8_valid(safe, n))
		abort();
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)safe[i];
		if (c < 0x20 || c == 0x7F)
			abort();
		if (c == 0xC2 && i + 1 < n && (unsigned char)safe[i + 1] >= 0x80 &&
		    (unsigned char)safe[i + 1] <= 0x9F)
			abort(); /* a C1 control */
	}
	static struct buf b;
	for (int cols = 0; cols < 12; cols++) {
		char *fit = text_fit(safe, cols, true);
		if (!utf8_valid(fit, strlen(fit)) || text_width(fit) != cols)
			abort();
		for (int pad = 0; pad < 2; pad++) {
			char *want = pad ? fit : text_fit(safe, cols, false);
			b.len = 0;
			text_fit_buf(&b, text, cols, pad);
			if (strcmp(buf_str(&b), want) != 0)
				abort();
			if (!pad)
				free(want);
		}
		free(fit);
	}
	free(safe);
	free(text);
	return 0;
}
