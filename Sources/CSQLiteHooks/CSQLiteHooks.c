#include <sqlite3.h>

#include "CSQLiteHooks.h"

// sqlite3_preupdate_hook, sqlite3_preupdate_old and sqlite3_preupdate_new are libsqlite3's own
// (see include/CSQLiteHooks.h); only the process's configuration is defined here, because
// sqlite3_config is variadic (Swift cannot call it) and must run before SQLite's first use.

/// A statement journal (what a savepoint, or a statement inside a transaction, keeps to undo
/// itself) stays in memory however large it grows (-1), instead of spilling to a temporary file
/// past SQLite's default of 64 KiB. A chunk of inputs applied under one savepoint copies every page
/// it first changes into that journal: a relay chunk's pages went past 64 KiB, so every
/// transaction created, wrote and deleted a temporary file. A bounded spill above 128 KiB is not
/// an option with this SQLite (3.40): when a journal passes it, SQLite copies the memory into the
/// file in one write, the unix VFS passes on only the low 17 bits of its length, and the statement
/// fails with SQLITE_FULL.
#define ONEPOINT_STATEMENT_JOURNAL_SPILL (-1)

static int configuration_result = -1;

__attribute__((constructor)) static void onepoint_sqlite_configure_at_load(void) {
    int memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int statement_journal = sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, ONEPOINT_STATEMENT_JOURNAL_SPILL);
    configuration_result = memory_statistics != SQLITE_OK ? memory_statistics : statement_journal;
}

int onepoint_sqlite_process_configuration(void) { return configuration_result; }
