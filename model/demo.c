/* The demo workspace. */
#include "demo.h"
#include "util.h"

int demo_populate(struct db *db, int today, const char *operator, char **cause)
{
	(void)db, (void)today, (void)operator;
	return set_cause(cause, "demo workspace not built yet");
}
