/*
 * KPI formulas from the playbook: + - * / ( ), numbers and counter keys.
 * Parsed once (at playbook load, where unknown counters are errors) into a
 * small tree, evaluated over sums of counters.
 */
#ifndef SOPDECK_FORMULA_H
#define SOPDECK_FORMULA_H

#include <stdbool.h>
#include <stddef.h>

struct formula;

/*
 * Parse text. known(name, ctx) says whether a counter key exists; an unknown
 * name, a syntax error or trailing input fails with a cause naming the column
 * (1-based, in characters) in *col.
 */
int formula_parse(const char *text, bool (*known)(const char *name, void *ctx), void *ctx,
		  struct formula **out, int *col, char **cause);
void formula_free(struct formula *f);

/*
 * Evaluate with value(name, ctx) giving each counter's sum over the window.
 * Returns false when a division by zero (or a non-finite result) makes the
 * value undefined: show "—", never 0, inf or nan.
 */
bool formula_eval(const struct formula *f, double (*value)(const char *name, void *ctx),
		  void *ctx, double *result);

/* The counter keys the formula uses, each once, in order of appearance. */
size_t formula_counters(const struct formula *f, const char **names, size_t max);
/* The most counters a metric's formula may name (the loader refuses more). */
#define FORMULA_MAX_COUNTERS 32

#endif
