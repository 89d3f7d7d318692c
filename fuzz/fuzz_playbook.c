/* libFuzzer harness: the playbook loader must reject or accept any bytes without crashing. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "playbook.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct playbook *pb = NULL;
	char *cause = NULL;
	if (playbook_parse((const char *)data, size, "fuzz.yaml", &pb, &cause) == 0)
		playbook_free(pb);
	free(cause);
	return 0;
}
