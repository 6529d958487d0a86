// The raw baseline of `tenantsync bench --stage kafka`: the same produce and consume work as the Swift module, as
// plain C loops over librdkafka with no wrapper, so the Swift figures have something honest to be compared with.
#ifndef CKAFKA_BASELINE_H
#define CKAFKA_BASELINE_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    int64_t records;  // records delivered (produce) or consumed (consume)
    int64_t failed;   // delivery failures (produce)
    int64_t bytes;    // value bytes consumed (consume)
    double seconds;   // wall-clock time of the loop, flush included
} ckb_result;

// Produces `count` records of `value_size` bytes (no key) to `topic`, polling delivery reports every 1,000 sends,
// then flushes. `names`/`values` are the librdkafka properties (`nprops` of them). Returns 0, or -1 with `errstr`.
int ckb_produce(const char *const *names, const char *const *values, size_t nprops, const char *topic,
                int64_t count, size_t value_size, ckb_result *out, char *errstr, size_t errstr_size);

// Assigns partitions 0..<partitions of `topic` from the beginning and consumes `count` records with
// rd_kafka_consume_batch_queue (`batch` at a time), touching each value's length. Gives up after `timeout_s`.
int ckb_consume(const char *const *names, const char *const *values, size_t nprops, const char *topic,
                int32_t partitions, int64_t count, size_t batch, double timeout_s, ckb_result *out, char *errstr,
                size_t errstr_size);

#endif
