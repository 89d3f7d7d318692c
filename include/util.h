/* Small helpers every layer uses: allocation that cannot fail silently, and error causes. */
#ifndef SOPDECK_UTIL_H
#define SOPDECK_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocation failure ends the process with a message: there is no sane recovery. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

/*
 * Model functions return 0 or -1 and, on -1, hand back a malloc'd message in
 * *cause (if cause is not NULL) saying what failed and where. Always returns -1.
 */
int set_cause(char **cause, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A growable byte buffer. */
struct buf {
	char *data;
	size_t len, cap;
};
void buf_add(struct buf *b, const void *data, size_t len);
void buf_adds(struct buf *b, const char *s);
void buf_addf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* NUL-terminated contents (never NULL); stays owned by b. */
const char *buf_str(struct buf *b);
void buf_free(struct buf *b);

/*
 * A growing block for a whole listing's rows, in 2 MiB huge pages once past 256 KiB where
 * the kernel gives them (transparent huge pages on request): a fresh 4 KiB page's first
 * touch costs 10-30 us on a VM (about 20 us on this one), and the 2,700 of `content --search
 * 误区 --json`'s 11 MB were a quarter of its time. Smaller blocks, and any when mmap fails,
 * are malloc's.
 */
struct big {
	char *data;
	size_t cap;
	size_t mapped;  /* the mapping's bytes at data; 0 = malloc'd */
};
/* Room for want bytes, the first used kept (data may move). */
void big_reserve(struct big *b, size_t used, size_t want);
void big_free(struct big *b);
/*
 * Blocks under 2 MiB from malloc, not a mapping of their own (the console: its heap is in
 * huge pages already, and a block's own mapping rounded a few hundred KiB up to a whole
 * resident huge page: peak RSS 29-31 -> 25 MB). Larger blocks are still mapped, so they
 * do not use up the heap's huge-page stretch. big_map_min() is the size a block is
 * mapped from (256 KiB otherwise).
 */
void big_keep_on_heap(void);
bool big_on_heap(void);
size_t big_map_min(void);
/*
 * The heap's next bytes in huge pages, for a command's short run: malloc grows the heap by
 * bytes at once (M_TOP_PAD) and that stretch is marked for transparent huge pages. A fresh
 * 4 KiB page's first touch costs ~20 us on this VM, and `today --json` touched 900 of them
 * (18 ms of its 46). Only what is touched is resident, 2 MiB at a time. Nothing changes
 * where malloc does not use brk (the sanitizers) or the kernel gives no huge pages.
 */
void heap_huge_pages(size_t bytes);

/* A system error (errno) in the interface's language: the common ones translated. */
const char *error_text(int err);

/* Read a whole file, at most max_bytes; NUL-terminated. */
int read_file(const char *path, size_t max_bytes, char **data, size_t *len, char **cause);

#endif
