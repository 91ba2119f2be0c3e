// The raw librdkafka programs the benchmarks measure OnePoint's Swift layers against.
// Plain C over librdkafka's public API, as a user of librdkafka alone would write them.
#ifndef ONEPOINT_KAFKA_BASELINE_H
#define ONEPOINT_KAFKA_BASELINE_H

#include <stddef.h>
#include <stdint.h>

/// Figures of one run.
typedef struct kb_stats {
    long long messages;   ///< records produced, forwarded or received
    long long errors;     ///< delivery or consume errors
    double seconds;       ///< wall time from the first record to the last
    double p50_ms;        ///< median end-to-end latency (sink only)
    double p99_ms;        ///< 99th percentile end-to-end latency (sink only)
    double max_ms;        ///< worst end-to-end latency (sink only)
    int64_t last_ns;      ///< kb_now_ns() when the last record arrived (sink only)
} kb_stats;

/// Nanoseconds on the monotonic clock: the timestamp written into the first 8 bytes of each record.
int64_t kb_now_ns(void);

/// Writes `count` records of `size` bytes (at least 16) to `topic`, keyed "k<i mod 1024>", each
/// stamped with kb_now_ns() when produced. `rate` records per second, or 0 for as fast as possible.
/// Waits until every record is delivered. Returns 0, or -1 with a message in `err`.
/// With `text_stamp`, each record's value is instead the stamp as decimal text (for workers that
/// read numbers, such as onepoint-relay).
int kb_produce(const char *bootstrap, const char *topic, long long count, int size, double rate, int text_stamp,
               kb_stats *out, char *err, size_t errlen);

/// The raw pipe: consumes `in_topic` in consumer group `group` from the beginning and writes each
/// record's key and value to `out_topic` (idempotent producer), until `count` records are forwarded
/// and delivered or `timeout_s` passes. Sets `*ready` (if not NULL) to 1 once the group has assigned
/// it partitions. Returns 0, or -1 with a message in `err`.
int kb_pipe(const char *bootstrap, const char *in_topic, const char *out_topic, const char *group,
            long long count, double timeout_s, int *ready, kb_stats *out, char *err, size_t errlen);

/// The durable pipe, the yardstick of a worker that commits its state: consumes `in_topic` in
/// consumer group `group` in batches of at most `max_batch`, and per batch, in one SQLite
/// transaction on `db_path` (WAL; synchronous FULL when `sync_full`, else NORMAL), deletes the
/// outbox rows delivered since the last one, inserts each input's id ("topic/partition/offset")
/// into an inbox, and for a new one upserts a per-key row (count, total of the decimal value) and
/// inserts one outbox row; stores the next position of each partition; commits; then produces
/// the batch's outputs (key and value of the input) to `out_topic` with the idempotent producer.
/// Runs until `count` outputs are delivered or `timeout_s` passes. Returns 0, or -1 with a
/// message in `err`.
int kb_durable_pipe(const char *bootstrap, const char *in_topic, const char *out_topic, const char *group,
                    const char *db_path, int sync_full, int max_batch, long long count, double timeout_s, int *ready,
                    kb_stats *out, char *err, size_t errlen);

/// Reads every partition of `topic` from the beginning until `count` records arrived or `timeout_s`
/// passed, measuring each record's latency from its stamp; the first `warmup` records are counted
/// but left out of the latency figures. Sets `*ready` (if not NULL) to 1 once it is fetching.
/// Returns 0, or -1 with a message in `err`.
/// With `text_stamp`, the stamp is read as decimal text.
/// `*progress` (if not NULL) is kept at the number of records received so far.
int kb_sink(const char *bootstrap, const char *topic, long long count, long long warmup, double timeout_s,
            int text_stamp, int *ready, long long *progress, kb_stats *out, char *err, size_t errlen);

/// Atomic read of a progress counter shared with Swift.
long long kb_progress_get(const long long *progress);

/// Atomic set and read of a ready flag shared with Swift.
void kb_flag_set(int *flag);
int kb_flag_get(const int *flag);

#endif
