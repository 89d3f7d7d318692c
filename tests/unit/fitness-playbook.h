/*
 * A second business line for the unit tests (a fitness playbook): its open
 * rate held to 60% (the built-in's: 20%), its own check-in metric and stages.
 * The shell suites' fixture, tests/fixtures/fitness-playbook.yaml, read as it is.
 */
#ifndef SOPDECK_TEST_FITNESS_H
#define SOPDECK_TEST_FITNESS_H

#include "testutil.h"

/* The fixture's text (malloc'd, *len its bytes); fails the test when it cannot be read. */
static inline char *fitness_yaml_read(size_t *len)
{
	char *data = NULL, *cause = NULL;
	if (read_file(TEST_FIXTURES "/fitness-playbook.yaml", 1 << 20, &data, len, &cause) < 0)
		fail_msg("%s", cause);
	return data;
}

#endif
