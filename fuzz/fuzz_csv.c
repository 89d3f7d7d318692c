/* libFuzzer harness: the CSV reader (encoding detection, quoting, limits). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv *csv;
	char *cause = NULL;
	if (csv_open_mem((const char *)data, size, "fuzz.csv", &csv, &cause) == 0) {
		struct csv_record rec;
		while (csv_next(csv, &rec, &cause) > 0)
			for (size_t i = 0; i < rec.n; i++)
				if (strlen(rec.fields[i]) > size * 4 + 16)
					abort(); /* a field cannot grow past its input */
		csv_close(csv);
	}
	free(cause);
	return 0;
}
