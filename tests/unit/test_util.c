/* The memory helpers of util.c: struct big's blocks and a command's heap in huge pages. */
#include <malloc.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "testutil.h"
#include "util.h"

/* A block grown from nothing past a huge page keeps what was written, in a mapping. */
static void big_keeps_bytes_as_it_grows(void **state)
{
	(void)state;
	struct big b = {0};
	size_t used = 0;
	while (used < ((size_t)5 << 20)) {
		big_reserve(&b, used, used + 4096);
		assert_true(b.cap >= used + 4096);
		for (size_t i = 0; i < 4096; i++)
			b.data[used + i] = (char)((used + i) % 251);
		used += 4096;
	}
	for (size_t i = 0; i < used; i++)
		if (b.data[i] != (char)(i % 251))
			fail_msg("byte %zu lost when the block moved", i);
	/* Past 256 KiB the block is a mapping of whole huge pages. */
	assert_true(b.mapped >= used);
	assert_int_equal(b.mapped % ((size_t)2 << 20), 0);
	assert_int_equal((uintptr_t)b.data % ((uintptr_t)2 << 20), 0);
	big_free(&b);
	assert_null(b.data);
	assert_int_equal(b.cap, 0);
	/* A small one stays malloc's. */
	big_reserve(&b, 0, 100);
	assert_int_equal(b.mapped, 0);
	memcpy(b.data, "abc", 4);
	big_reserve(&b, 4, 1000);
	assert_string_equal(b.data, "abc");
	big_free(&b);
}

#if !defined(__SANITIZE_ADDRESS__)
/* The flags line of the /proc/self/smaps mapping that holds address a ("" if none). */
static void mapping_flags(uintptr_t a, char *flags, size_t size)
{
	FILE *f = fopen("/proc/self/smaps", "r");
	assert_non_null(f);
	char line[512];
	bool in = false;
	*flags = '\0';
	while (fgets(line, sizeof line, f)) {
		unsigned long lo, hi;
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2)
			in = a >= lo && a < hi;
		else if (in && strncmp(line, "VmFlags:", 8) == 0)
			snprintf(flags, size, "%s", line);
	}
	fclose(f);
}
#endif

/*
 * heap_huge_pages: the heap grows by the pad at once, that stretch is marked for huge
 * pages (madvise's "hg" in smaps), and the next allocations come from it without the
 * heap growing again. The sanitizers' malloc does not use brk: there it changes nothing.
 */
static void heap_grows_once_in_huge_pages(void **state)
{
	(void)state;
	char *before = sbrk(0);
	heap_huge_pages((size_t)8 << 20);
	char *after = sbrk(0);
#if defined(__SANITIZE_ADDRESS__)
	(void)before;
	(void)after;
	void *p = xmalloc(1 << 20);
	free(p);
#else
	/* Grown, its free top the pad but the head below its first huge page (under 2 MiB). */
	assert_true(after > before);
	assert_true(mallinfo2().keepcost >= ((size_t)6 << 20));
	/* The first whole huge page above the old break is marked. */
	uintptr_t huge = (uintptr_t)2 << 20, lo = ((uintptr_t)before + huge - 1) & ~(huge - 1);
	assert_true(lo + huge <= (uintptr_t)after);
	char flags[512];
	mapping_flags(lo, flags, sizeof flags);
	assert_non_null(strstr(flags, " hg"));
	/* The next fresh block comes from the huge pages, not from the small pages below. */
	char *fresh = xmalloc((size_t)100 << 10);
	if ((uintptr_t)fresh >= lo) {
		mapping_flags((uintptr_t)fresh, flags, sizeof flags);
		assert_non_null(strstr(flags, " hg"));
		assert_true((uintptr_t)fresh - lo < 4096);
	} else {
		/* Never from the stretch's small-page head: from its last page (the head was under
		   a page, too short to fill), or from a block freed before the heap grew. */
		assert_true(lo - (uintptr_t)fresh < 4096 || fresh < before);
	}
	free(fresh);
	/* 4 MiB in small blocks, written: all from the stretch. */
	void *held[1024];
	for (size_t i = 0; i < ARRAY_LEN(held); i++) {
		held[i] = xmalloc(4000);
		memset(held[i], (int)i, 4000);
	}
	assert_ptr_equal(sbrk(0), after);
	for (size_t i = 0; i < ARRAY_LEN(held); i++)
		free(held[i]);
#endif
}

/* The console's setting: blocks under 2 MiB stay malloc's, larger ones are still mapped. */
static void big_on_heap_maps_only_large_blocks(void **state)
{
	(void)state;
	struct big b = {0};
	big_reserve(&b, 0, (size_t)512 << 10);
	assert_true(b.mapped > 0);  /* 512 KiB: mapped before the switch */
	big_free(&b);
	assert_false(big_on_heap());
	big_keep_on_heap();
	assert_true(big_on_heap());
	big_reserve(&b, 0, (size_t)512 << 10);
	assert_int_equal(b.mapped, 0);
	memset(b.data, 7, (size_t)512 << 10);
	big_reserve(&b, (size_t)512 << 10, (size_t)3 << 20);
	assert_true(b.mapped >= ((size_t)3 << 20));
	assert_int_equal(b.data[((size_t)512 << 10) - 1], 7);
	big_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		/* First: the other test's freed blocks would be where a fresh block goes. */
		cmocka_unit_test(heap_grows_once_in_huge_pages),
		cmocka_unit_test(big_keeps_bytes_as_it_grows),
		/* Last: it turns the process-wide switch on. */
		cmocka_unit_test(big_on_heap_maps_only_large_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
