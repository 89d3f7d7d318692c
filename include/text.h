/*
 * Text measured and cut by terminal columns, never bytes. Every string drawn
 * on the terminal goes through text_sanitize (control characters shown as
 * visible escapes, invalid UTF-8 as U+FFFD) and text_fit.
 * Needs an UTF-8 LC_CTYPE (the console and the tests set one).
 */
#ifndef SOPDECK_TEXT_H
#define SOPDECK_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* Decode one UTF-8 character at s (n bytes available); returns its length, sets *cp.
   Invalid or truncated input yields U+FFFD with length 1. n must be > 0. */
size_t utf8_decode(const char *s, size_t n, unsigned *cp);
/* Encode cp into out (4 bytes at most); returns the length. */
size_t utf8_encode(unsigned cp, char out[4]);
bool utf8_valid(const char *s, size_t n);

/* Display columns of one code point (0 for combining, 2 for CJK). */
int text_cp_width(unsigned cp);
/* Display columns of a UTF-8 string, after sanitising. */
int text_width(const char *s);
/*
 * The bytes of s (len bytes) that make its next line of at most cols display columns:
 * up to a newline (not counted), else whole characters, broken before a space in the
 * line's second half when the rest does not fit, so Latin words stay whole; at least
 * one character. Callers skip the spaces at a break.
 */
size_t text_wrap_line(const char *s, size_t len, int cols);

/*
 * Copy s into a new string that is safe to show: C0/C1 controls and DEL become
 * caret or \x escapes (ESC -> "^["), tabs and newlines become one space
 * (keep_newlines keeps '\n'), invalid bytes become U+FFFD.
 */
char *text_sanitize(const char *s, bool keep_newlines);
/* The same appended to b (a line built for one write): no string of its own. */
struct buf;
void text_sanitize_buf(struct buf *b, const char *s, bool keep_newlines);

/*
 * Fit s (already sanitised) into cols columns: cut at a character boundary,
 * ending with "…" when cut, and padded with spaces to exactly cols when pad is
 * true. Returns a new string.
 */
char *text_fit(const char *s, int cols, bool pad);

/*
 * Append text_fit(text_sanitize(s, false), cols, pad) to b, byte for byte the same,
 * without allocating: one pass over s that stops once the text is known not to fit;
 * printable ASCII costs no decoding. For printing many cells (the week, the checklist).
 */
struct buf;
void text_fit_buf(struct buf *b, const char *s, int cols, bool pad);

/* Trim ASCII and full-width (U+3000) white space at both ends, in place. */
char *text_trim(char *s);

/* Fold full-width ASCII forms (U+FF01..U+FF5E) to ASCII and U+3000 to space. New string. */
char *text_fold_width(const char *s);

/*
 * Fold text for search, both what is stored and what is typed: Unicode's
 * NFKC_Casefold (ICU), so full-width and half-width forms, compatibility
 * characters (①, ㊙, ㎏, ￥) and case in every script compare equal; invisible
 * format characters drop out. NULL is "". New string. model/text-fold.c.
 */
char *text_fold(const char *s);

/*
 * The fold piece by piece, for the search tokenizer to know where each folded
 * character came from: fn gets each stretch [start, end) of s that folds on
 * its own (a character with its combining marks) and its fold (len bytes, may
 * be empty or several characters). The pieces' folds joined are text_fold(s).
 * Stops at fn's first non-zero return and returns it.
 */
typedef int text_fold_fn(void *ctx, size_t start, size_t end, const char *fold, size_t len);
int text_fold_pieces(const char *s, size_t n, text_fold_fn *fn, void *ctx);

/* Base64 (RFC 4648) of data; new string. */
char *text_base64(const void *data, size_t len);

/* Case-insensitive ASCII, exact otherwise: does hay contain needle? */
bool text_contains(const char *hay, const char *needle);

#endif
