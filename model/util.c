/* Allocation, error causes, growable buffers, whole-file reads. */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "i18n.h"
#include "util.h"

static void out_of_memory(void)
{
	/* The catalogue is a static table: translating allocates nothing. */
	fputs(_("sopdeck: out of memory\n"), stderr);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		out_of_memory();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		out_of_memory();
	return p;
}

char *xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;
	if (vasprintf(&s, fmt, ap) < 0)
		out_of_memory();
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

int set_cause(char **cause, const char *fmt, ...)
{
	if (cause) {
		va_list ap;
		va_start(ap, fmt);
		char *s = xvasprintf(fmt, ap);
		va_end(ap);
		free(*cause);
		*cause = s;
	}
	return -1;
}

void buf_add(struct buf *b, const void *data, size_t len)
{
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap < b->len + len + 1)
			cap *= 2;
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
	}
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void buf_adds(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void buf_addf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	buf_adds(b, s);
	free(s);
}

const char *buf_str(struct buf *b)
{
	/* Terminate at len even when a caller reset len to reuse the buffer. */
	buf_add(b, "", 0);
	return b->data;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

const char *error_text(int err)
{
	/* The ones an operator meets (a path typed wrong, a folder not theirs, a full disk). */
	switch (err) {
	case ENOENT: return _("no such file or directory");
	case EACCES: return _("permission denied");
	case EPERM: return _("operation not permitted");
	case EISDIR: return _("is a directory");
	case ENOTDIR: return _("not a directory");
	case ENOSPC: return _("no space left on the device");
	case EROFS: return _("read-only file system");
	case EEXIST: return _("file exists");
	default: return strerror(err);
	}
}

int read_file(const char *path, size_t max_bytes, char **data, size_t *len, char **cause)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return set_cause(cause, "%s: %s", path, error_text(errno));
	struct buf b = {0};
	char chunk[65536];
	size_t n;
	errno = 0;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		if (b.len + n > max_bytes) {
			fclose(f);
			buf_free(&b);
			return set_cause(cause, _("%s: file is larger than the limit of %zu bytes"),
					 path, max_bytes);
		}
		buf_add(&b, chunk, n);
	}
	/* fread sets errno on a read error (EISDIR for a folder). */
	int err = ferror(f) ? (errno ? errno : EIO) : 0;
	fclose(f);
	if (err) {
		buf_free(&b);
		return set_cause(cause, _("%s: read error: %s"), path, error_text(err));
	}
	*len = b.len;
	*data = b.data ? b.data : xstrdup("");
	return 0;
}

/* A huge page's size, and its alignment. */
#define BIG_HUGE ((size_t)2 << 20)
/* The address space a block's first mapping takes: it grows within it without a copy
   (the block of `content --search 误区 --json`'s texts was copied at 4, 8 and 16 MB). Only
   what is touched is memory; a larger block is mapped again and copied. */
#define BIG_RESERVE ((size_t)512 << 20)

/* Give the block back, mapped or malloc'd; b is empty after. */
void big_free(struct big *b)
{
	if (b->mapped)
		munmap(b->data, b->mapped);
	else
		free(b->data);
	*b = (struct big){0};
}

/* Room for want bytes, the first used kept: doubling, mapped in huge pages from 256 KiB. */
static bool big_heap_only;

void big_keep_on_heap(void)
{
	big_heap_only = true;
}

bool big_on_heap(void)
{
	return big_heap_only;
}

size_t big_map_min(void)
{
	return big_heap_only ? BIG_HUGE : BIG_HUGE / 8;
}

void big_reserve(struct big *b, size_t used, size_t want)
{
	if (want <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : (size_t)64 << 10;
	while (cap < want)
		cap *= 2;
	if (b->mapped && cap <= b->mapped) {
		/* Still within the reservation: nothing moves. */
		b->cap = cap;
		return;
	}
	if (cap < big_map_min()) {
		/* Never mapped yet: a mapping is at least BIG_HUGE. */
		b->data = xrealloc(b->data, cap);
		b->cap = cap;
		return;
	}
	cap = (cap + BIG_HUGE - 1) & ~(BIG_HUGE - 1);
	size_t reserve = cap < BIG_RESERVE ? BIG_RESERVE : cap;
	char *map = mmap(NULL, reserve + BIG_HUGE, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (map == MAP_FAILED && reserve > cap) {
		/* No room for the reservation (a limit on the address space): the size alone. */
		reserve = cap;
		map = mmap(NULL, reserve + BIG_HUGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	}
	if (map == MAP_FAILED) {
		if (b->mapped) {
			char *data = xmalloc(cap);
			memcpy(data, b->data, used);
			big_free(b);
			b->data = data;
		} else {
			b->data = xrealloc(b->data, cap);
		}
		b->cap = cap;
		return;
	}
	/* Aligned to 2 MiB, a huge page's own alignment; the slack given back. */
	char *at = (char *)(((uintptr_t)map + BIG_HUGE - 1) & ~(uintptr_t)(BIG_HUGE - 1));
	if (at > map)
		munmap(map, (size_t)(at - map));
	if (at + reserve < map + reserve + BIG_HUGE)
		munmap(at + reserve, (size_t)(map + reserve + BIG_HUGE - (at + reserve)));
	madvise(at, reserve, MADV_HUGEPAGE);
	if (used)
		memcpy(at, b->data, used);
	big_free(b);
	*b = (struct big){.data = at, .cap = cap, .mapped = reserve};
}

/* The heap's next bytes in huge pages (see util.h): grown now, that stretch marked. */
void heap_huge_pages(size_t bytes)
{
	char *before = sbrk(0);
	if (before == (char *)-1 || bytes > INT32_MAX || mallopt(M_TOP_PAD, (int)bytes) != 1)
		return;
	/* Blocks (each holding the one before) from the free space until malloc has to grow
	   the heap, by the pad more than it needs; all given back, the top holds the stretch. */
	void **held = NULL;
	for (size_t i = 0; i < 1024 && sbrk(0) == before; i++) {
		void **p = xmalloc((size_t)64 << 10);
		*p = held;
		held = p;
	}
	while (held) {
		void **next = *held;
		free(held);
		held = next;
	}
	char *after = sbrk(0);
	if (after == (char *)-1 || after == before)
		return;
	/* The free top, from its first whole huge page to its last. */
	uintptr_t top = (uintptr_t)after - mallinfo2().keepcost;
	uintptr_t lo = (top + BIG_HUGE - 1) & ~(uintptr_t)(BIG_HUGE - 1);
	uintptr_t hi = (uintptr_t)after & ~(uintptr_t)(BIG_HUGE - 1);
	if (hi <= lo || madvise((void *)lo, hi - lo, MADV_HUGEPAGE) != 0)
		return;
	/*
	 * The top's head below lo stays in 4 KiB pages: up to 2 MiB, by where the heap happened
	 * to start (ASLR), and the first blocks come from there (185 to 435 faults for one
	 * `today --json`). A block that fills it, kept for the process's life (one chunk header
	 * touched), so what comes next starts in the huge pages. Carved from the top only if
	 * malloc does not map it on its own: the mmap threshold raised for this one call.
	 */
	static void *head;
	if (lo - top >= 4096 && !head) {
		mallopt(M_MMAP_THRESHOLD, (int)(2 * BIG_HUGE));
		head = malloc(lo - top - 16);
		mallopt(M_MMAP_THRESHOLD, 128 << 10);
		/* Not at the top's start (a free block elsewhere fitted): of no use, given back. */
		if (head && (uintptr_t)head != top + 16) {
			free(head);
			head = NULL;
		}
	}
}
