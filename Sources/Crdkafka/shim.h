// librdkafka for Swift: the public headers, and small inline helpers for the parts of the C API
// that Swift cannot call directly (variadic macros such as rd_kafka_producev).
#ifndef ONEPOINT_CRDKAFKA_SHIM_H
#define ONEPOINT_CRDKAFKA_SHIM_H

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

/// Produces one message without blocking. Copies key and value; on success librdkafka owns
/// `headers` (may be NULL); on failure the caller still owns them.
static inline rd_kafka_resp_err_t onepoint_produce(rd_kafka_t *rk, const char *topic, int32_t partition,
                                                   const void *key, size_t key_len,
                                                   const void *value, size_t value_len,
                                                   rd_kafka_headers_t *headers, void *opaque) {
    if (headers != NULL) {
        return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                                 RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                                 RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_VALUE((void *)value, value_len),
                                 RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
    }
    return rd_kafka_producev(rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_PARTITION(partition),
                             RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
                             RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_VALUE((void *)value, value_len),
                             RD_KAFKA_V_OPAQUE(opaque), RD_KAFKA_V_END);
}

#endif
