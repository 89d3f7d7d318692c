/*
 * Read-ahead under SQLite's own VFS for the main database file. A whole listing reads
 * thousands of pages in ascending order (`content --search 误区 --json`: 8,470 of them),
 * each a pread of 4 KiB, and on a VM a system call is most of a page's cost (a third of
 * that command's CPU time was the kernel's). When a read follows one just before it in
 * the file, this layer reads the next 64 KiB at once and serves the pages after it from
 * that copy; up to RA_STREAMS such runs at once, each its own copy.
 *
 * The copy is only ever used inside one read transaction: it is dropped whenever SQLite
 * takes or releases a lock (of the file or of the WAL's shared memory, which begin and
 * end every transaction), writes, truncates or syncs. Within one transaction the pages
 * SQLite reads from the database file do not change (a checkpoint only copies pages that
 * every reader's snapshot takes from the WAL instead), so the copy is what a read would
 * return. Every other file (WAL, journals, temporary files) is SQLite's own, untouched.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "db-readahead.h"

#define RA_BYTES (64 << 10)
/*
 * Scans read at once, each with its own copy: a listing walks the items' pages while it
 * seeks each one's performance (content_perf's pages, ascending too) and reads the
 * search index's doclists, and with one stream every read of the other two broke the
 * run: `content --search 误区 --json` made 676 preads of one page between its 587 of
 * 64 KiB.
 */
#define RA_STREAMS 4

struct ra_stream {
	char *buf;              /* RA_BYTES, allocated on first read-ahead */
	sqlite3_int64 at;       /* the file offset of buf[0]; -1: nothing held */
	int len;                /* valid bytes at buf */
	sqlite3_int64 next;     /* the offset just after this stream's last read; -1: none */
	unsigned long used;     /* when it was last read (the oldest is taken for a new one) */
};

struct ra_file {
	sqlite3_file base;      /* pMethods = ra_methods */
	sqlite3_file *real;     /* the underlying VFS's file, right after this struct */
	struct ra_stream s[RA_STREAMS];
	unsigned long clock;
	sqlite3_int64 size;     /* the file's size within this transaction; -1: unknown */
};

static sqlite3_vfs *ra_real;
static sqlite3_io_methods ra_methods;

static void ra_drop(struct ra_file *f)
{
	for (int i = 0; i < RA_STREAMS; i++)
		f->s[i].at = -1;
	f->size = -1;
}

static int ra_close(sqlite3_file *file)
{
	struct ra_file *f = (struct ra_file *)file;
	int rc = f->real->pMethods ? f->real->pMethods->xClose(f->real) : SQLITE_OK;
	for (int i = 0; i < RA_STREAMS; i++) {
		free(f->s[i].buf);
		f->s[i].buf = NULL;
	}
	return rc;
}

static int ra_read(sqlite3_file *file, void *out, int amt, sqlite3_int64 off)
{
	struct ra_file *f = (struct ra_file *)file;
	struct ra_stream *s = NULL, *oldest = &f->s[0];
	for (int i = 0; i < RA_STREAMS; i++) {
		struct ra_stream *t = &f->s[i];
		if (t->at >= 0 && off >= t->at && off + amt <= t->at + t->len) {
			memcpy(out, t->buf + (off - t->at), (size_t)amt);
			t->next = off + amt;
			t->used = ++f->clock;
			return SQLITE_OK;
		}
		/* Ahead only when this read follows a stream's last one closely, in ascending
		   order: a scan, not a lookup (which would read 64 KiB for one page). */
		if (!s && t->next >= 0 && off >= t->next && off - t->next <= RA_BYTES)
			s = t;
		if (t->used < oldest->used)
			oldest = t;
	}
	bool scan = s && amt <= RA_BYTES / 4;
	if (!s)
		s = oldest;  /* a read of its own: the start of a stream, maybe */
	s->next = off + amt;
	s->used = ++f->clock;
	if (scan && f->size < 0 && f->real->pMethods->xFileSize(f->real, &f->size) != SQLITE_OK)
		f->size = -1;
	if (!scan || f->size < 0 || off + amt > f->size)
		return f->real->pMethods->xRead(f->real, out, amt, off);
	if (!s->buf && !(s->buf = malloc(RA_BYTES)))
		return f->real->pMethods->xRead(f->real, out, amt, off);
	sqlite3_int64 want = f->size - off < RA_BYTES ? f->size - off : RA_BYTES;
	int rc = f->real->pMethods->xRead(f->real, s->buf, (int)want, off);
	if (rc != SQLITE_OK) {
		ra_drop(f);
		return f->real->pMethods->xRead(f->real, out, amt, off);
	}
	s->at = off;
	s->len = (int)want;
	memcpy(out, s->buf, (size_t)amt);
	return SQLITE_OK;
}

static int ra_write(sqlite3_file *file, const void *p, int amt, sqlite3_int64 off)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xWrite(f->real, p, amt, off);
}

static int ra_truncate(sqlite3_file *file, sqlite3_int64 size)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xTruncate(f->real, size);
}

static int ra_sync(sqlite3_file *file, int flags)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xSync(f->real, flags);
}

static int ra_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xFileSize(f->real, size);
}

static int ra_lock(sqlite3_file *file, int lock)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xLock(f->real, lock);
}

static int ra_unlock(sqlite3_file *file, int lock)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xUnlock(f->real, lock);
}

static int ra_check_reserved(sqlite3_file *file, int *out)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xCheckReservedLock(f->real, out);
}

static int ra_file_control(sqlite3_file *file, int op, void *arg)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	int rc = f->real->pMethods->xFileControl(f->real, op, arg);
	if (op == SQLITE_FCNTL_VFSNAME && rc == SQLITE_OK) {
		/* Named as shims name themselves: this layer, then the one below. */
		char *below = *(char **)arg;
		*(char **)arg = sqlite3_mprintf("sopdeck-readahead/%z", below);
	}
	return rc;
}

static int ra_sector_size(sqlite3_file *file)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xSectorSize(f->real);
}

static int ra_device(sqlite3_file *file)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xDeviceCharacteristics(f->real);
}

static int ra_shm_map(sqlite3_file *file, int pg, int pgsz, int extend, void volatile **pp)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xShmMap(f->real, pg, pgsz, extend, pp);
}

static int ra_shm_lock(sqlite3_file *file, int offset, int n, int flags)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xShmLock(f->real, offset, n, flags);
}

static void ra_shm_barrier(sqlite3_file *file)
{
	struct ra_file *f = (struct ra_file *)file;
	f->real->pMethods->xShmBarrier(f->real);
}

static int ra_shm_unmap(sqlite3_file *file, int delete_flag)
{
	struct ra_file *f = (struct ra_file *)file;
	ra_drop(f);
	return f->real->pMethods->xShmUnmap(f->real, delete_flag);
}

static int ra_fetch(sqlite3_file *file, sqlite3_int64 off, int amt, void **pp)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xFetch(f->real, off, amt, pp);
}

static int ra_unfetch(sqlite3_file *file, sqlite3_int64 off, void *p)
{
	struct ra_file *f = (struct ra_file *)file;
	return f->real->pMethods->xUnfetch(f->real, off, p);
}

/* The main database file through this layer; every other file is the real VFS's own. */
static int ra_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file, int flags,
		   int *out_flags)
{
	(void)vfs;
	if (!(flags & SQLITE_OPEN_MAIN_DB))
		return ra_real->xOpen(ra_real, name, file, flags, out_flags);
	struct ra_file *f = (struct ra_file *)file;
	memset(f, 0, sizeof *f);
	f->real = (sqlite3_file *)(f + 1);
	for (int i = 0; i < RA_STREAMS; i++)
		f->s[i].at = f->s[i].next = -1;
	f->size = -1;
	int rc = ra_real->xOpen(ra_real, name, f->real, flags, out_flags);
	if (f->real->pMethods) {
		const sqlite3_io_methods *m = f->real->pMethods;
		/* Only what the real file has: an older methods version lacks the WAL's. */
		ra_methods = (sqlite3_io_methods){
			.iVersion = m->iVersion,
			.xClose = ra_close,
			.xRead = ra_read,
			.xWrite = ra_write,
			.xTruncate = ra_truncate,
			.xSync = ra_sync,
			.xFileSize = ra_file_size,
			.xLock = ra_lock,
			.xUnlock = ra_unlock,
			.xCheckReservedLock = ra_check_reserved,
			.xFileControl = ra_file_control,
			.xSectorSize = ra_sector_size,
			.xDeviceCharacteristics = ra_device,
			.xShmMap = m->iVersion >= 2 ? ra_shm_map : NULL,
			.xShmLock = m->iVersion >= 2 ? ra_shm_lock : NULL,
			.xShmBarrier = m->iVersion >= 2 ? ra_shm_barrier : NULL,
			.xShmUnmap = m->iVersion >= 2 ? ra_shm_unmap : NULL,
			.xFetch = m->iVersion >= 3 ? ra_fetch : NULL,
			.xUnfetch = m->iVersion >= 3 ? ra_unfetch : NULL,
		};
		f->base.pMethods = &ra_methods;
	}
	return rc;
}

const char *db_readahead_vfs(void)
{
	static sqlite3_vfs vfs;
	static bool done;
	if (done)
		return vfs.zName;
	done = true;
	ra_real = sqlite3_vfs_find(NULL);
	if (!ra_real)
		return NULL;
	vfs = *ra_real;
	vfs.szOsFile = (int)sizeof(struct ra_file) + ra_real->szOsFile;
	vfs.zName = "sopdeck-readahead";
	vfs.pNext = NULL;
	vfs.xOpen = ra_open;
	if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
		vfs.zName = NULL;
	return vfs.zName;
}
