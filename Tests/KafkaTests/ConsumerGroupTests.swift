import Foundation
import Kafka
import Synchronization
import Testing
import TestSupport

/// A group member on its own thread: polls, remembers what it read, and commits only what it finished, when its
/// partitions are revoked (the rebalance handler) or when it leaves.
final class GroupMember: Sendable {
    struct State {
        var consumed: [ConsumerRecord] = []
        var pending: [TopicPartition: Int64] = [:]
        var assignment: Set<TopicPartition> = []
        var commitFailures: [String] = []
        var lost: [TopicPartition] = []
    }

    /// The shared state, in a class so the rebalance handler can hold it.
    final class Box: Sendable {
        let lock = Mutex(State())
        func withLock<R>(_ body: (inout State) -> R) -> R { lock.withLock { body(&$0) } }
    }

    let name: String
    let state = Box()
    private let stopFlag = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let consumer: Mutex<KafkaConsumer?> = Mutex(nil)

    init(name: String, cluster: TestCluster, group: String, topic: String) throws {
        self.name = name
        let state = self.state
        let consumer = try cluster.consumer(group: group, onRebalance: { consumer, event in
            switch event {
            case .assigned(let parts):
                state.withLock { s in for p in parts { s.assignment.insert(p) } }
            case .revoked(let parts):
                // Commit what was finished on these partitions before they go.
                let offsets = state.withLock { s in s.pending.filter { parts.contains($0.key) } }
                do { try consumer.commit(offsets) } catch {
                    state.withLock { $0.commitFailures.append("\(error)") }
                }
                state.withLock { s in
                    for p in parts { s.pending[p] = nil; s.assignment.remove(p) }
                }
            case .lost(let parts):
                state.withLock { s in s.lost += parts; for p in parts { s.pending[p] = nil; s.assignment.remove(p) } }
            }
            return [:]
        })
        try consumer.subscribe([topic])
        self.consumer.withLock { $0 = consumer }
        let thread = Thread { [self] in self.run(consumer) }
        thread.name = name
        thread.start()
    }

    private func run(_ consumer: KafkaConsumer) {
        while !stopFlag.load(ordering: .acquiring) {
            do {
                let batch = try consumer.poll(maxRecords: 50, timeout: .milliseconds(50))
                guard !batch.isEmpty else { continue }
                state.withLock { s in
                    s.consumed += batch
                    for (p, o) in nextOffsets(batch) { s.pending[p] = o }
                }
            } catch {
                state.withLock { $0.commitFailures.append("poll: \(error)") }
            }
        }
        // Leave: the close revokes through the handler, which commits what is pending.
        do { try consumer.close() } catch { state.withLock { $0.commitFailures.append("close: \(error)") } }
        finished.store(true, ordering: .releasing)
    }

    /// Stops polling, leaves the group and waits until it has left.
    func leave() {
        stopFlag.store(true, ordering: .releasing)
        _ = waitUntil(.seconds(20)) { finished.load(ordering: .acquiring) }
        consumer.withLock { $0 = nil }
    }

    var consumedCount: Int { state.withLock { $0.consumed.count } }
    var assignment: Set<TopicPartition> { state.withLock { $0.assignment } }
}

@Suite struct ConsumerGroupTests {
    @Test(arguments: Backend.allCases)
    func threeMembersShareSixPartitionsAndWhenOneLeavesTheOthersTakeOverWithoutLossOrDuplicates(
        _ backend: Backend
    ) async throws {
        try await withTestCluster(backend) { cluster in
            let topic = uniqueName("group")
            let group = uniqueName("g")
            try cluster.createTopic(topic, partitions: 6)
            let producer = try cluster.producer()
            func publish(_ range: Range<Int>) throws {
                let reports = try sendAll(producer, range.map { ProducerRecord(topic: topic, key: "k\($0)", value: "v\($0)") })
                #expect(reports.allSatisfy { $0.isDelivered })
            }

            let members = try (0..<3).map { try GroupMember(name: "m\($0)", cluster: cluster, group: group, topic: topic) }
            defer { for m in members { m.leave() } }
            let shared = waitUntil(.seconds(30)) {
                members.allSatisfy { $0.assignment.count == 2 }
                    && Set(members.flatMap(\.assignment)).count == 6
            }
            #expect(shared, "assignments: \(members.map { $0.assignment.sorted() })")

            try publish(0..<600)
            #expect(waitUntil(.seconds(30)) { members.map(\.consumedCount).reduce(0, +) >= 600 })

            let leaver = members[2]
            let leaverPartitions = leaver.assignment
            leaver.leave()
            let takenOver = waitUntil(.seconds(30)) {
                Set(members[0].assignment).union(members[1].assignment).count == 6
            }
            #expect(takenOver, "after leave: \(members[0].assignment.sorted()) \(members[1].assignment.sorted())")

            try publish(600..<1200)
            #expect(waitUntil(.seconds(30)) { members.map(\.consumedCount).reduce(0, +) >= 1200 })
            Thread.sleep(forTimeInterval: 0.3)  // anything consumed twice would arrive now

            let states = members.map { $0.state.withLock { $0 } }
            let all = states.flatMap(\.consumed)
            let values = all.compactMap(\.valueString)
            #expect(Set(values) == Set((0..<1200).map { "v\($0)" }), "lost records")
            #expect(values.count == 1200, "\(values.count - Set(values).count) records consumed twice")
            #expect(states.flatMap(\.commitFailures).isEmpty, "\(states.flatMap(\.commitFailures))")
            #expect(states.flatMap(\.lost).isEmpty)
            // The survivors read the leaver's partitions after it left.
            let afterLeave = states[0].consumed + states[1].consumed
            let readByOthers = Set(afterLeave.filter { Int($0.valueString!.dropFirst())! >= 600 }.map(\.topicPartition))
            #expect(leaverPartitions.isSubset(of: readByOthers))
        }
    }
}
