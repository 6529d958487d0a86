#include "CKafkaBaseline.h"

#include <librdkafka/rdkafka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static rd_kafka_conf_t *make_conf(const char *const *names, const char *const *values, size_t nprops, char *errstr,
                                  size_t errstr_size) {
    rd_kafka_conf_t *conf = rd_kafka_conf_new();
    for (size_t i = 0; i < nprops; i++) {
        if (rd_kafka_conf_set(conf, names[i], values[i], errstr, errstr_size) != RD_KAFKA_CONF_OK) {
            rd_kafka_conf_destroy(conf);
            return NULL;
        }
    }
    return conf;
}

typedef struct {
    int64_t delivered;
    int64_t failed;
} produce_counts;

static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque) {
    (void)rk;
    produce_counts *counts = opaque;
    if (m->err) counts->failed++;
    else counts->delivered++;
}

int ckb_produce(const char *const *names, const char *const *values, size_t nprops, const char *topic,
                int64_t count, size_t value_size, ckb_result *out, char *errstr, size_t errstr_size) {
    rd_kafka_conf_t *conf = make_conf(names, values, nprops, errstr, errstr_size);
    if (!conf) return -1;
    produce_counts counts = {0, 0};
    rd_kafka_conf_set_opaque(conf, &counts);
    rd_kafka_conf_set_dr_msg_cb(conf, on_delivery);
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, errstr_size);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    char *payload = malloc(value_size);
    memset(payload, 'x', value_size);
    double start = now_seconds();
    for (int64_t i = 0; i < count; i++) {
        for (;;) {
            rd_kafka_resp_err_t err = rd_kafka_producev(
                rk, RD_KAFKA_V_TOPIC(topic), RD_KAFKA_V_VALUE(payload, value_size),
                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_OPAQUE((void *)(intptr_t)(i + 1)), RD_KAFKA_V_END);
            if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
            if (err != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
                snprintf(errstr, errstr_size, "produce: %s", rd_kafka_err2str(err));
                free(payload);
                rd_kafka_destroy(rk);
                return -1;
            }
            rd_kafka_poll(rk, 10);
        }
        if (i % 1000 == 0) rd_kafka_poll(rk, 0);
    }
    rd_kafka_flush(rk, 120000);
    out->seconds = now_seconds() - start;
    out->records = counts.delivered;
    out->failed = counts.failed + (int64_t)rd_kafka_outq_len(rk);
    out->bytes = counts.delivered * (int64_t)value_size;
    free(payload);
    rd_kafka_destroy(rk);
    return 0;
}

int ckb_consume(const char *const *names, const char *const *values, size_t nprops, const char *topic,
                int32_t partitions, int64_t count, size_t batch, double timeout_s, ckb_result *out, char *errstr,
                size_t errstr_size) {
    rd_kafka_conf_t *conf = make_conf(names, values, nprops, errstr, errstr_size);
    if (!conf) return -1;
    rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, errstr, errstr_size);
    if (!rk) {
        rd_kafka_conf_destroy(conf);
        return -1;
    }
    rd_kafka_poll_set_consumer(rk);
    rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
    rd_kafka_topic_partition_list_t *list = rd_kafka_topic_partition_list_new(partitions);
    for (int32_t p = 0; p < partitions; p++)
        rd_kafka_topic_partition_list_add(list, topic, p)->offset = RD_KAFKA_OFFSET_BEGINNING;
    rd_kafka_message_t **messages = malloc(sizeof(*messages) * batch);
    double start = now_seconds();
    rd_kafka_assign(rk, list);
    rd_kafka_topic_partition_list_destroy(list);
    int64_t records = 0, bytes = 0;
    while (records < count && now_seconds() - start < timeout_s) {
        ssize_t n = rd_kafka_consume_batch_queue(queue, 100, messages, batch);
        for (ssize_t i = 0; i < n; i++) {
            if (!messages[i]->err) {
                records++;
                bytes += (int64_t)messages[i]->len;
            }
            rd_kafka_message_destroy(messages[i]);
        }
    }
    out->seconds = now_seconds() - start;
    out->records = records;
    out->failed = 0;
    out->bytes = bytes;
    free(messages);
    rd_kafka_queue_destroy(queue);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    return 0;
}
