/* libFuzzer harness: KPI formula parser and evaluator. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "formula.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool known(const char *name, void *ctx)
{
	(void)ctx;
	return strlen(name) < 12;
}

static double value(const char *name, void *ctx)
{
	(void)ctx;
	return (double)(strlen(name) % 3);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct formula *f;
	char *cause = NULL;
	int col = 0;
	if (formula_parse(text, known, NULL, &f, &col, &cause) == 0) {
		double r;
		formula_eval(f, value, NULL, &r);
		const char *names[8];
		formula_counters(f, names, 8);
		formula_free(f);
	} else if (col < 1 || (size_t)col > size + 1) {
		abort(); /* an error column must point inside the text */
	}
	free(cause);
	free(text);
	return 0;
}
