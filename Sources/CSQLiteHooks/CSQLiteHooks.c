#include <sqlite3.h>

#include "CSQLiteHooks.h"

// sqlite3_preupdate_hook, sqlite3_preupdate_old and sqlite3_preupdate_new are libsqlite3's own
// (see include/CSQLiteHooks.h); only this function is defined here, because sqlite3_config is
// variadic and Swift cannot call it.
int onepoint_sqlite_memory_statistics_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
