#include <sqlite3.h>

#include "CSQLiteHooks.h"

// sqlite3_preupdate_hook, sqlite3_preupdate_old and sqlite3_preupdate_new are libsqlite3's own
// (see include/CSQLiteHooks.h). Defined here: what Swift cannot do itself (sqlite3_config is
// variadic) or should not pay for (a Swift closure per statement to count it).
int onepoint_sqlite_memory_statistics_off(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

static int onepoint_count_statement(unsigned type, void *context, void *statement, void *sql) {
    (void)type;
    (void)statement;
    (void)sql;
    __atomic_fetch_add((long long *)context, 1, __ATOMIC_RELAXED);
    return 0;
}

int onepoint_sqlite_count_statements(struct sqlite3 *db, long long *counter) {
    return sqlite3_trace_v2(db, SQLITE_TRACE_STMT, onepoint_count_statement, counter);
}

long long onepoint_sqlite_take_statement_count(long long *counter) {
    return __atomic_exchange_n(counter, 0, __ATOMIC_RELAXED);
}

long long onepoint_sqlite_cache_used(struct sqlite3 *db) {
    int current = 0;
    int highest = 0;
    if (sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_USED, &current, &highest, 0) != SQLITE_OK) return 0;
    return current;
}
