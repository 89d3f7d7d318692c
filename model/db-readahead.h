/* The read-ahead VFS layer for the main database file (model/db-readahead.c); model/ only. */
#ifndef SOPDECK_DB_READAHEAD_H
#define SOPDECK_DB_READAHEAD_H

/* Its name for sqlite3_open_v2, registered on first call (after SQLite's configuration:
   it initialises SQLite); NULL if it cannot be, and the default VFS serves. */
const char *db_readahead_vfs(void);

#endif
