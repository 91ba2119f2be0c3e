#ifndef ONEPOINT_CSQLITEHOOKS_H
#define ONEPOINT_CSQLITEHOOKS_H

// What OnePointState needs of SQLite beyond GRDB's module.
//
// SQLite's pre-update hook (https://sqlite.org/c3ref/preupdate_blobwrite.html), which the state
// changelog uses to note the rows a transaction touches. The system <sqlite3.h> declares these
// functions only when SQLITE_ENABLE_PREUPDATE_HOOK is defined, which it never is for a program
// including it; Debian's libsqlite3 is built with the option (`PRAGMA compile_options` lists
// ENABLE_PREUPDATE_HOOK), so the functions are in the library and declared here. A SQLite built
// without them fails to link, with the name of the missing function.

struct sqlite3;
struct sqlite3_value;

void *sqlite3_preupdate_hook(
    struct sqlite3 *db,
    void (*xPreUpdate)(void *pCtx, struct sqlite3 *db, int op, char const *zDb, char const *zName, long long iKey1, long long iKey2),
    void *pCtx);
int sqlite3_preupdate_old(struct sqlite3 *db, int column, struct sqlite3_value **value);
int sqlite3_preupdate_new(struct sqlite3 *db, int column, struct sqlite3_value **value);

/// Turns SQLite's memory statistics off for the process: with them on, every allocation SQLite
/// makes takes one mutex shared by every connection, which the stores of tasks applied side by
/// side contend for (nothing in OnePoint reads the statistics). Takes effect only before SQLite's
/// first connection in the process; returns SQLITE_OK (0), or SQLITE_MISUSE when too late.
int onepoint_sqlite_memory_statistics_off(void);

/// Counts the statements `db` runs into `*counter` (SQLite's SQLITE_TRACE_STMT trace, which fires
/// as each prepared statement starts running): a relaxed atomic increment, nothing else. Replaces
/// any trace set on the connection before; `counter` must outlive it. Returns SQLITE_OK (0).
int onepoint_sqlite_count_statements(struct sqlite3 *db, long long *counter);

/// The statements counted into `*counter` since the last call, leaving 0 (an atomic exchange:
/// safe beside the connection's thread).
long long onepoint_sqlite_take_statement_count(long long *counter);

/// Bytes of memory the connection's page cache holds now (SQLite's SQLITE_DBSTATUS_CACHE_USED);
/// 0 when SQLite cannot say.
long long onepoint_sqlite_cache_used(struct sqlite3 *db);

#endif
