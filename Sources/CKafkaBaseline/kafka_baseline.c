// The raw librdkafka baseline. See include/kafka_baseline.h.
#include "kafka_baseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <time.h>

int64_t kb_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_until(int64_t when_ns) {
    int64_t now = kb_now_ns();
    if (when_ns <= now) return;
    struct timespec ts = {(time_t)((when_ns - now) / 1000000000LL), (long)((when_ns - now) % 1000000000LL)};
    nanosleep(&ts, NULL);
}

static int set_all(rd_kafka_conf_t *conf, const char **pairs, char *err, size_t errlen) {
    for (int i = 0; pairs[i] != NULL; i += 2) {
        if (rd_kafka_conf_set(conf, pairs[i], pairs[i + 1], err, errlen) != RD_KAFKA_CONF_OK) return -1;
    }
    return 0;
}

/// Delivery counts of one producer, passed to its callback as the client's opaque.
typedef struct counters {
    long long ok;
    long long err;
} counters;

static void count_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    counters *c = opaque;
    if (m->err) __atomic_add_fetch(&c->err, 1, __ATOMIC_RELAXED);
    else __atomic_add_fetch(&c->ok, 1, __ATOMIC_RELAXED);
}

static rd_kafka_t *new_producer(const char *bootstrap, counters *c, char *err, size_t errlen) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    // The same settings as OnePoint's producer defaults.
    const char *pairs[] = {"bootstrap.servers", bootstrap, "enable.idempotence", "true", "acks", "all",
                           "linger.ms", "2", "partitioner", "murmur2_random", "queue.buffering.max.messages",
                           "200000", "log_level", "3", NULL};
    if (set_all(conf, pairs, err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return NULL;
    }
    rd_kafka_conf_set_dr_msg_cb(conf, count_delivery);
    rd_kafka_conf_set_opaque(conf, c);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, errlen);
    if (!rk) rd_kafka_conf_destroy(conf);
    return rk;
}

static int produce_one(rd_kafka_t *rk, const char *topic, const void *key, size_t klen, const void *val, size_t vlen) {
    for (;;) {
        rd_kafka_resp_err_t e = rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                                  RD_KAFKA_V_KEY(key, klen), RD_KAFKA_V_VALUE((void *)val, vlen),
                                                  RD_KAFKA_V_END);
        if (e == RD_KAFKA_RESP_ERR_NO_ERROR) return 0;
        if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) return -1;
        rd_kafka_poll(rk, 10);
    }
}

int kb_produce(const char *bootstrap, const char *topic, long long count, int size, double rate, int text_stamp,
               kb_stats *out, char *err, size_t errlen) {
    memset(out, 0, sizeof(*out));
    if (size < 24) size = 24;
    counters c = {0, 0};
    rd_kafka_t *rk = new_producer(bootstrap, &c, err, errlen);
    if (!rk) return -1;
    char *payload = calloc(1, (size_t)size);
    memset(payload + 8, 'x', (size_t)size - 8);
    char key[16];
    int64_t start = kb_now_ns();
    for (long long i = 0; i < count; i++) {
        if (rate > 0) sleep_until(start + (int64_t)((double)i * 1e9 / rate));
        int64_t stamp = kb_now_ns();
        int klen = snprintf(key, sizeof(key), "k%lld", i % 1024);
        size_t vlen = (size_t)size;
        if (text_stamp) {
            vlen = (size_t)snprintf(payload, (size_t)size, "%lld", (long long)stamp);
        } else {
            memcpy(payload, &stamp, 8);
        }
        if (produce_one(rk, topic, key, (size_t)klen, payload, vlen) != 0) out->errors++;
        rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 60000);
    out->seconds = (double)(kb_now_ns() - start) / 1e9;
    out->messages = c.ok;
    out->errors += c.err;
    free(payload);
    rd_kafka_destroy(rk);
    return 0;
}

int kb_pipe(const char *bootstrap, const char *in_topic, const char *out_topic, const char *group,
            long long count, double timeout_s, int *ready, kb_stats *out, char *err, size_t errlen) {
    memset(out, 0, sizeof(*out));
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    // The same settings as OnePoint's consumer defaults.
    const char *pairs[] = {"bootstrap.servers", bootstrap, "group.id", group, "auto.offset.reset", "earliest",
                           "fetch.wait.max.ms", "10", "session.timeout.ms", "6000", "enable.partition.eof", "false",
                           "log_level", "3", NULL};
    if (set_all(conf, pairs, err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_t *consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (!consumer) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_poll_set_consumer(consumer);
    counters c = {0, 0};
    rd_kafka_t *producer = new_producer(bootstrap, &c, err, errlen);
    if (!producer) {
        rd_kafka_destroy(consumer);
        return -1;
    }
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, in_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(consumer, topics);
    rd_kafka_topic_partition_list_destroy(topics);

    long long forwarded = 0;
    int64_t start = 0;
    int64_t deadline = kb_now_ns() + (int64_t)(timeout_s * 1e9);
    while (__atomic_load_n(&c.ok, __ATOMIC_RELAXED) < count && kb_now_ns() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, forwarded < count ? 100 : 0);
        if (ready && !__atomic_load_n(ready, __ATOMIC_RELAXED)) {
            rd_kafka_topic_partition_list_t *assigned = NULL;
            if (rd_kafka_assignment(consumer, &assigned) == RD_KAFKA_RESP_ERR_NO_ERROR && assigned) {
                if (assigned->cnt > 0) __atomic_store_n(ready, 1, __ATOMIC_RELAXED);
                rd_kafka_topic_partition_list_destroy(assigned);
            }
        }
        if (m) {
            if (!m->err) {
                if (start == 0) start = kb_now_ns();
                if (produce_one(producer, out_topic, m->key, m->key_len, m->payload, m->len) != 0) out->errors++;
                forwarded++;
            }
            rd_kafka_message_destroy(m);
        }
        rd_kafka_poll(producer, forwarded >= count ? 10 : 0);
    }
    out->seconds = start ? (double)(kb_now_ns() - start) / 1e9 : 0;
    out->messages = c.ok;
    out->errors += c.err;
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    rd_kafka_flush(producer, 10000);
    rd_kafka_destroy(producer);
    if (out->messages < count) {
        snprintf(err, errlen, "raw pipe forwarded %lld of %lld records before its timeout", out->messages, count);
        return -1;
    }
    return 0;
}

static int compare_i64(const void *a, const void *b) {
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

int kb_sink(const char *bootstrap, const char *topic, long long count, long long warmup, double timeout_s,
            int text_stamp, int *ready, long long *progress, kb_stats *out, char *err, size_t errlen) {
    memset(out, 0, sizeof(*out));
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *pairs[] = {"bootstrap.servers", bootstrap, "fetch.wait.max.ms", "10", "enable.auto.commit", "false",
                           "group.id", "onepoint-baseline-sink", "log_level", "3", NULL};
    if (set_all(conf, pairs, err, errlen) != 0) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_poll_set_consumer(rk);
    const rd_kafka_metadata_t *md = NULL;
    rd_kafka_topic_t *rkt = rd_kafka_topic_new(rk, topic, NULL);
    rd_kafka_resp_err_t e = rd_kafka_metadata(rk, 0, rkt, &md, 10000);
    rd_kafka_topic_destroy(rkt);
    if (e || md->topic_cnt < 1 || md->topics[0].partition_cnt < 1) {
        snprintf(err, errlen, "no metadata for topic %s: %s", topic, rd_kafka_err2str(e));
        if (md) rd_kafka_metadata_destroy(md);
        rd_kafka_destroy(rk);
        return -1;
    }
    rd_kafka_topic_partition_list_t *parts = rd_kafka_topic_partition_list_new(md->topics[0].partition_cnt);
    for (int p = 0; p < md->topics[0].partition_cnt; p++)
        rd_kafka_topic_partition_list_add(parts, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_metadata_destroy(md);
    rd_kafka_assign(rk, parts);
    rd_kafka_topic_partition_list_destroy(parts);

    int64_t *lat = malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    int64_t *stamps = malloc(sizeof(int64_t) * (size_t)(count > 0 ? count : 1));
    long long seen = 0;
    int64_t first = 0, last = 0;
    int64_t deadline = kb_now_ns() + (int64_t)(timeout_s * 1e9);
    while (seen < count && kb_now_ns() < deadline) {
        rd_kafka_message_t *m = rd_kafka_consumer_poll(rk, 100);
        if (ready) __atomic_store_n(ready, 1, __ATOMIC_RELAXED);
        if (!m) continue;
        if (!m->err && m->len >= 8) {
            int64_t now = kb_now_ns(), stamp;
            if (text_stamp) {
                char text[32];
                size_t n = m->len < sizeof(text) - 1 ? m->len : sizeof(text) - 1;
                memcpy(text, m->payload, n);
                text[n] = 0;
                stamp = strtoll(text, NULL, 10);
            } else {
                memcpy(&stamp, m->payload, 8);
            }
            if (!first) first = now;
            last = now;
            stamps[seen] = stamp;
            lat[seen++] = now - stamp;
            if (progress) __atomic_store_n(progress, seen, __ATOMIC_RELAXED);
        } else if (m->err) {
            out->errors++;
        }
        rd_kafka_message_destroy(m);
    }
    rd_kafka_destroy(rk);
    out->messages = seen;
    out->seconds = (double)(last - first) / 1e9;
    out->last_ns = last;
    // Records arrive in any order across partitions: leave out the `warmup` earliest-stamped ones.
    long long measured = 0;
    if (seen > warmup) {
        int64_t cutoff = INT64_MIN;
        if (warmup > 0) {
            int64_t *sorted_stamps = malloc(sizeof(int64_t) * (size_t)seen);
            for (long long i = 0; i < seen; i++) sorted_stamps[i] = stamps[i];
            qsort(sorted_stamps, (size_t)seen, sizeof(int64_t), compare_i64);
            cutoff = sorted_stamps[warmup - 1];
            free(sorted_stamps);
        }
        for (long long i = 0; i < seen; i++)
            if (stamps[i] > cutoff) lat[measured++] = lat[i];
    }
    if (measured > 0) {
        qsort(lat, (size_t)measured, sizeof(int64_t), compare_i64);
        out->p50_ms = (double)lat[(measured - 1) / 2] / 1e6;
        out->p99_ms = (double)lat[(long long)((double)(measured - 1) * 0.99)] / 1e6;
        out->max_ms = (double)lat[measured - 1] / 1e6;
    }
    free(stamps);
    free(lat);
    if (seen < count) {
        snprintf(err, errlen, "sink received %lld of %lld records before its timeout", seen, count);
        return -1;
    }
    return 0;
}

void kb_flag_set(int *flag) { __atomic_store_n(flag, 1, __ATOMIC_RELEASE); }

int kb_flag_get(const int *flag) { return __atomic_load_n(flag, __ATOMIC_ACQUIRE); }

long long kb_progress_get(const long long *progress) { return __atomic_load_n(progress, __ATOMIC_RELAXED); }

// MARK: - The durable pipe (see kafka_baseline.h)

#include <sqlite3.h>

/// Outbox rows delivered and not yet deleted, filled by the delivery callback.
typedef struct delivered_rows {
    long long ok;
    long long err;
    int64_t *seqs;
    long long count;
    long long capacity;
} delivered_rows;

static void note_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    delivered_rows *d = opaque;
    if (m->err) {
        d->err++;
        return;
    }
    d->ok++;
    if (d->count == d->capacity) {
        d->capacity = d->capacity ? d->capacity * 2 : 4096;
        d->seqs = realloc(d->seqs, sizeof(int64_t) * (size_t)d->capacity);
    }
    d->seqs[d->count++] = (int64_t)(intptr_t)m->_private;
}

static int exec_sql(sqlite3 *db, const char *sql, char *err, size_t errlen) {
    char *message = NULL;
    if (sqlite3_exec(db, sql, NULL, NULL, &message) != SQLITE_OK) {
        snprintf(err, errlen, "sqlite: %s (%s)", message ? message : "error", sql);
        sqlite3_free(message);
        return -1;
    }
    return 0;
}

int kb_durable_pipe(const char *bootstrap, const char *in_topic, const char *out_topic, const char *group,
                    const char *db_path, int sync_full, int max_batch, long long count, double timeout_s, int *ready,
                    kb_stats *out, char *err, size_t errlen) {
    memset(out, 0, sizeof(*out));
    if (max_batch < 1) max_batch = 1;
    sqlite3 *db = NULL;
    if (sqlite3_open(db_path, &db) != SQLITE_OK) {
        snprintf(err, errlen, "sqlite: cannot open %s", db_path);
        sqlite3_close(db);
        return -1;
    }
    const char *setup[] = {
        "PRAGMA journal_mode=WAL",
        sync_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL",
        "CREATE TABLE IF NOT EXISTS inbox (input_id TEXT PRIMARY KEY NOT NULL) WITHOUT ROWID",
        "CREATE TABLE IF NOT EXISTS totals (key TEXT PRIMARY KEY NOT NULL, count INTEGER NOT NULL, total INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS outbox (seq INTEGER PRIMARY KEY AUTOINCREMENT, key BLOB, value BLOB)",
        "CREATE TABLE IF NOT EXISTS positions (topic TEXT NOT NULL, partition INTEGER NOT NULL, next_offset INTEGER NOT NULL, "
        "PRIMARY KEY (topic, partition)) WITHOUT ROWID",
        NULL};
    for (int i = 0; setup[i]; i++)
        if (exec_sql(db, setup[i], err, errlen) != 0) {
            sqlite3_close(db);
            return -1;
        }
    sqlite3_stmt *claim = NULL, *upsert = NULL, *enqueue = NULL, *position = NULL, *forget = NULL;
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO inbox (input_id) VALUES (?)", -1, &claim, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO totals (key, count, total) VALUES (?, 1, ?) "
                       "ON CONFLICT (key) DO UPDATE SET count = count + 1, total = total + excluded.total",
                       -1, &upsert, NULL);
    sqlite3_prepare_v2(db, "INSERT INTO outbox (key, value) VALUES (?, ?)", -1, &enqueue, NULL);
    sqlite3_prepare_v2(db,
                       "INSERT INTO positions (topic, partition, next_offset) VALUES (?, ?, ?) "
                       "ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset",
                       -1, &position, NULL);
    sqlite3_prepare_v2(db, "DELETE FROM outbox WHERE seq = ?", -1, &forget, NULL);

    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    const char *pairs[] = {"bootstrap.servers", bootstrap, "group.id", group, "auto.offset.reset", "earliest",
                           "fetch.wait.max.ms", "10", "session.timeout.ms", "6000", "enable.partition.eof", "false",
                           "enable.auto.offset.store", "false", "log_level", "3", NULL};
    rd_kafka_t *consumer = NULL;
    if (set_all(conf, pairs, err, errlen) != 0 || !(consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, errlen))) {
        rd_kafka_conf_destroy(conf);
        sqlite3_close(db);
        return -1;
    }
    rd_kafka_poll_set_consumer(consumer);
    delivered_rows delivered = {0, 0, NULL, 0, 0};
    rd_kafka_conf_t *pconf = rd_kafka_conf_new();
    const char *ppairs[] = {"bootstrap.servers", bootstrap, "enable.idempotence", "true", "acks", "all", "linger.ms", "1",
                            "partitioner", "murmur2_random", "queue.buffering.max.messages", "200000", "log_level", "3", NULL};
    rd_kafka_t *producer = NULL;
    if (set_all(pconf, ppairs, err, errlen) == 0) {
        rd_kafka_conf_set_dr_msg_cb(pconf, note_delivery);
        rd_kafka_conf_set_opaque(pconf, &delivered);
        producer = rd_kafka_new(RD_KAFKA_PRODUCER, pconf, err, errlen);
    }
    if (!producer) {
        rd_kafka_conf_destroy(pconf);
        rd_kafka_destroy(consumer);
        sqlite3_close(db);
        return -1;
    }
    rd_kafka_topic_partition_list_t *topics = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(topics, in_topic, RD_KAFKA_PARTITION_UA);
    rd_kafka_subscribe(consumer, topics);
    rd_kafka_topic_partition_list_destroy(topics);

    rd_kafka_message_t **batch = calloc((size_t)max_batch, sizeof(rd_kafka_message_t *));
    int64_t *seqs = calloc((size_t)max_batch, sizeof(int64_t));
    int64_t start = 0;
    int64_t deadline = kb_now_ns() + (int64_t)(timeout_s * 1e9);
    int failed = 0;
    while (delivered.ok < count && kb_now_ns() < deadline && !failed) {
        int n = 0;
        rd_kafka_message_t *m = rd_kafka_consumer_poll(consumer, 100);
        while (m) {
            if (m->err) {
                rd_kafka_message_destroy(m);
            } else {
                batch[n++] = m;
                if (n == max_batch) break;
            }
            m = rd_kafka_consumer_poll(consumer, 0);
        }
        if (ready && !__atomic_load_n(ready, __ATOMIC_RELAXED)) {
            rd_kafka_topic_partition_list_t *assigned = NULL;
            if (rd_kafka_assignment(consumer, &assigned) == RD_KAFKA_RESP_ERR_NO_ERROR && assigned) {
                if (assigned->cnt > 0) __atomic_store_n(ready, 1, __ATOMIC_RELAXED);
                rd_kafka_topic_partition_list_destroy(assigned);
            }
        }
        rd_kafka_poll(producer, 0);  // delivery reports: rows to delete in this transaction
        if (n == 0 && delivered.count == 0) continue;
        if (n > 0 && start == 0) start = kb_now_ns();
        if (exec_sql(db, "BEGIN IMMEDIATE", err, errlen) != 0) break;
        for (long long i = 0; i < delivered.count; i++) {
            sqlite3_bind_int64(forget, 1, delivered.seqs[i]);
            sqlite3_step(forget);
            sqlite3_reset(forget);
        }
        delivered.count = 0;
        int fresh = 0;
        for (int i = 0; i < n; i++) {
            rd_kafka_message_t *msg = batch[i];
            const char *topic = rd_kafka_topic_name(msg->rkt);
            char id[300];
            snprintf(id, sizeof(id), "%s/%d/%lld", topic, (int)msg->partition, (long long)msg->offset);
            sqlite3_bind_text(claim, 1, id, -1, SQLITE_TRANSIENT);
            sqlite3_step(claim);
            sqlite3_reset(claim);
            seqs[i] = -1;
            if (sqlite3_changes(db) > 0) {
                char number[32];
                size_t len = msg->len < sizeof(number) - 1 ? msg->len : sizeof(number) - 1;
                memcpy(number, msg->payload, len);
                number[len] = 0;
                sqlite3_bind_text(upsert, 1, msg->key ? (const char *)msg->key : "", (int)msg->key_len, SQLITE_TRANSIENT);
                sqlite3_bind_int64(upsert, 2, strtoll(number, NULL, 10));
                sqlite3_step(upsert);
                sqlite3_reset(upsert);
                sqlite3_bind_blob(enqueue, 1, msg->key, (int)msg->key_len, SQLITE_TRANSIENT);
                sqlite3_bind_blob(enqueue, 2, msg->payload, (int)msg->len, SQLITE_TRANSIENT);
                if (sqlite3_step(enqueue) != SQLITE_DONE) failed = 1;
                sqlite3_reset(enqueue);
                seqs[i] = sqlite3_last_insert_rowid(db);
                fresh++;
            }
            sqlite3_bind_text(position, 1, topic, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(position, 2, msg->partition);
            sqlite3_bind_int64(position, 3, msg->offset + 1);
            sqlite3_step(position);
            sqlite3_reset(position);
        }
        if (failed || exec_sql(db, "COMMIT", err, errlen) != 0) {
            if (failed) snprintf(err, errlen, "sqlite: inserting an outbox row failed: %s", sqlite3_errmsg(db));
            failed = 1;
        }
        // After the commit: the outputs, in order, each tagged with its outbox row.
        for (int i = 0; i < n; i++) {
            rd_kafka_message_t *msg = batch[i];
            if (!failed && seqs[i] >= 0) {
                for (;;) {
                    rd_kafka_resp_err_t e = rd_kafka_producev(
                        producer, RD_KAFKA_V_TOPIC(out_topic), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                        RD_KAFKA_V_KEY(msg->key, msg->key_len), RD_KAFKA_V_VALUE(msg->payload, msg->len),
                        RD_KAFKA_V_OPAQUE((void *)(intptr_t)seqs[i]), RD_KAFKA_V_END);
                    if (e == RD_KAFKA_RESP_ERR_NO_ERROR) break;
                    if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                        out->errors++;
                        break;
                    }
                    rd_kafka_poll(producer, 10);
                }
            }
            rd_kafka_message_destroy(msg);
        }
        (void)fresh;
        rd_kafka_poll(producer, 0);
    }
    rd_kafka_flush(producer, 10000);
    out->seconds = start ? (double)(kb_now_ns() - start) / 1e9 : 0;
    out->messages = delivered.ok;
    out->errors += delivered.err;
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
    rd_kafka_destroy(producer);
    sqlite3_finalize(claim);
    sqlite3_finalize(upsert);
    sqlite3_finalize(enqueue);
    sqlite3_finalize(position);
    sqlite3_finalize(forget);
    sqlite3_close(db);
    free(batch);
    free(seqs);
    free(delivered.seqs);
    if (failed) return -1;
    if (out->messages < count) {
        snprintf(err, errlen, "durable pipe delivered %lld of %lld records before its timeout", out->messages, count);
        return -1;
    }
    return 0;
}
