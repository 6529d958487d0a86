internal import CRdKafka
import Support
import Synchronization

extension ClientContext {
    /// Serves a rebalance on the polling thread: tells the owner, then applies the change (incrementally for the
    /// cooperative protocol).
    func rebalance(_ rk: OpaquePointer, _ err: rd_kafka_resp_err_t,
                   _ partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) {
        let list = RDKafkaTopicPartitionList(borrowing: partitions)
        let parts = list.partitions.sorted()
        let cooperative = String(cString: rd_kafka_rebalance_protocol(rk)) == "COOPERATIVE"
        let consumer = state.withLock { $0.consumer }
        switch err {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            logger.info("partitions assigned: \(parts)")
            if let consumer, let handler = onRebalance {
                for (p, offset) in handler(consumer, .assigned(parts)) { list.setOffset(p, offset) }
            }
            let error = cooperative
                ? KafkaError.consuming(rd_kafka_incremental_assign(rk, partitions), context: "incremental assign")
                : KafkaError.check(rd_kafka_assign(rk, partitions), "assign")
            if let error { logger.error("\(error)") }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(rk) != 0
            logger.info("partitions \(lost ? "lost" : "revoked"): \(parts)")
            if let consumer, let handler = onRebalance {
                _ = handler(consumer, lost ? .lost(parts) : .revoked(parts))
            }
            state.withLock { s in
                s.revokedDuringPoll.formUnion(parts)
            }
            let error = cooperative
                ? KafkaError.consuming(rd_kafka_incremental_unassign(rk, partitions), context: "incremental unassign")
                : KafkaError.check(rd_kafka_assign(rk, nil), "unassign")
            if let error { logger.error("\(error)") }
        default:
            logger.error("rebalance failed: \(KafkaErrorCode(err).text)", metadata: ["error": KafkaErrorCode(err).name])
            _ = rd_kafka_assign(rk, nil)
        }
    }
}

/// Called on the polling thread (inside `rd_kafka_consume_batch_queue` or `rd_kafka_consumer_close`).
let rdkafkaRebalanceCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t,
                                             UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
                                             UnsafeMutableRawPointer?) -> Void = { rk, err, partitions, opaque in
    guard let rk, let partitions, let context = ClientContext.from(opaque) else { return }
    context.rebalance(rk, err, partitions)
}

/// Called on the polling thread with the outcome of a commit; only failures are worth a line.
let rdkafkaOffsetCommitCallback: @convention(c) (OpaquePointer?, rd_kafka_resp_err_t,
                                                UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
                                                UnsafeMutableRawPointer?) -> Void = { _, err, _, opaque in
    guard err != RD_KAFKA_RESP_ERR_NO_ERROR, err != RD_KAFKA_RESP_ERR__NO_OFFSET,
          let context = ClientContext.from(opaque) else { return }
    let code = KafkaErrorCode(err)
    // A commit refused during a rebalance is expected with cooperative rebalancing: the next commit after the
    // rebalance covers it, so it is news only at notice level.
    let duringRebalance = err == RD_KAFKA_RESP_ERR_REBALANCE_IN_PROGRESS || err == RD_KAFKA_RESP_ERR_ILLEGAL_GENERATION
    context.logger.log(duringRebalance ? .notice : .warning, "offset commit failed: \(code.text)",
                       metadata: ["error": code.name])
}
