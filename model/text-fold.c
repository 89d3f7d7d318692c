/*
 * Search folding (include/text.h): ICU's NFKC_Casefold, one normalisation
 * segment at a time so that every folded character knows its source bytes.
 * Chinese and lower-case ASCII, nearly all of a library, fold to themselves:
 * they skip ICU (see fast_char). Without ICU's data the fold falls back to
 * full-width to half-width and ASCII lower case, what sopdeck did before.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>

#include "text.h"
#include "util.h"

static const UNormalizer2 *normalizer(void)
{
	static const UNormalizer2 *nz;
	static bool tried;
	if (!tried) {
		UErrorCode err = U_ZERO_ERROR;
		nz = unorm2_getNFKCCasefoldInstance(&err);
		if (U_FAILURE(err))
			nz = NULL;
		tried = true;
	}
	return nz;
}

/*
 * Characters NFKC_Casefold leaves alone that never combine with a neighbour:
 * ASCII other than A-Z, and the CJK unified ideographs (basic block and
 * extension A). A run of them needs no ICU call.
 */
static bool fast_char(unsigned cp)
{
	return (cp < 0x80 && !(cp >= 'A' && cp <= 'Z')) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
	       (cp >= 0x3400 && cp <= 0x4DBF);
}

/* The fold of one code point without ICU: the old full-width and ASCII rule. */
static unsigned fallback_fold(unsigned cp)
{
	if (cp >= 0xFF01 && cp <= 0xFF5E)
		cp = cp - 0xFF01 + 0x21;
	else if (cp == 0x3000)
		cp = ' ';
	return cp >= 'A' && cp <= 'Z' ? cp - 'A' + 'a' : cp;
}

struct ubuf {
	UChar *v;
	int32_t n, cap;
};

static void ubuf_reserve(struct ubuf *b, int32_t cap)
{
	if (cap > b->cap) {
		b->cap = cap > 2 * b->cap ? cap : 2 * b->cap;
		b->v = xrealloc(b->v, (size_t)b->cap * sizeof *b->v);
	}
}

/* Normalise seg into UTF-8 (into *out, grown as needed); -1 if ICU fails. */
static int fold_segment(const UNormalizer2 *nz, const struct ubuf *seg, struct ubuf *tmp,
			struct buf *out)
{
	UErrorCode err = U_ZERO_ERROR;
	ubuf_reserve(tmp, seg->n * 4 + 8);
	int32_t n = unorm2_normalize(nz, seg->v, seg->n, tmp->v, tmp->cap, &err);
	if (err == U_BUFFER_OVERFLOW_ERROR) {
		err = U_ZERO_ERROR;
		ubuf_reserve(tmp, n + 1);
		n = unorm2_normalize(nz, seg->v, seg->n, tmp->v, tmp->cap, &err);
	}
	if (U_FAILURE(err))
		return -1;
	out->len = 0;
	for (int32_t i = 0; i < n;) {
		UChar32 c;
		U16_NEXT(tmp->v, i, n, c);
		char u8[4];
		buf_add(out, u8, utf8_encode((unsigned)c, u8));
	}
	return 0;
}

int text_fold_pieces(const char *s, size_t n, text_fold_fn *fn, void *ctx)
{
	const UNormalizer2 *nz = normalizer();
	struct ubuf seg = {0}, tmp = {0};
	struct buf out = {0};
	int rc = 0;
	size_t i = 0;
	unsigned cp = 0;
	size_t len = n ? utf8_decode(s, n, &cp) : 0;
	while (i < n && rc == 0) {
		size_t start = i;
		char u8[4];
		if (!nz || fast_char(cp)) {
			/* Its own fold, if what follows starts a segment (fast characters do). */
			unsigned next = 0;
			size_t nlen = i + len < n ? utf8_decode(s + i + len, n - i - len, &next) : 0;
			if (!nz || !nlen || fast_char(next) ||
			    unorm2_hasBoundaryBefore(nz, (UChar32)next)) {
				/* A fast character folds to itself; without ICU, the old rule. */
				size_t flen = utf8_encode(fallback_fold(cp), u8);
				i += len;
				cp = next, len = nlen;
				rc = fn(ctx, start, i, u8, flen);
				continue;
			}
		}
		/* A segment: this character and whatever follows up to the next boundary. */
		seg.n = 0;
		do {
			ubuf_reserve(&seg, seg.n + 2);
			U16_APPEND_UNSAFE(seg.v, seg.n, (UChar32)cp);
			i += len;
			len = i < n ? utf8_decode(s + i, n - i, &cp) : 0;
		} while (i < n && !unorm2_hasBoundaryBefore(nz, (UChar32)cp));
		if (fold_segment(nz, &seg, &tmp, &out) < 0) {
			/* ICU refused (cannot happen for valid code points): keep the text. */
			out.len = 0;
			buf_add(&out, s + start, i - start);
		}
		rc = fn(ctx, start, i, out.data ? out.data : "", out.len);
	}
	free(seg.v);
	free(tmp.v);
	buf_free(&out);
	return rc;
}

static int fold_append(void *ctx, size_t start, size_t end, const char *fold, size_t len)
{
	buf_add(ctx, fold, len);
	return 0;
}

char *text_fold(const char *s)
{
	s = s ? s : "";
	struct buf b = {0};
	text_fold_pieces(s, strlen(s), fold_append, &b);
	buf_str(&b);
	return b.data ? b.data : xstrdup("");
}
