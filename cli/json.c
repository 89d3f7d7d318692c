/* JSON string output (RFC 8259): escapes quotes, backslashes and every control character. */
#include <math.h>
#include <stdio.h>

#include "cli.h"

void json_string(FILE *out, const char *s)
{
	putc('"', out);
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\r': fputs("\\r", out); break;
		case '\t': fputs("\\t", out); break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				fprintf(out, "\\u%04x", *p);
			else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
				/* C1 controls (U+0080..U+009F): a terminal may act on them raw. */
				fprintf(out, "\\u%04x", *++p);
			else
				putc(*p, out);
		}
	}
	putc('"', out);
}

/* A JSON number: RFC 8259 has no inf or NaN, so a non-finite value is written as null. */
void json_double(FILE *out, double v)
{
	if (isfinite(v))
		fprintf(out, "%.10g", v);
	else
		fputs("null", out);
}
