import Kafka
import Testing
@testable import SyncWorker

@Suite("Outbox body")
struct OutboxBodyTests {
    static let sample: [OutboxMessage] = [
        OutboxMessage(destination: .log, key: Array("fabrikam".utf8), value: Array(#"{"id":"1"}"#.utf8)),
        OutboxMessage(destination: .deadLetter, key: nil, value: [0xFF, 0x00, 0x7B],
                      headers: [KafkaHeader(key: "tenantsync.dlq.reason", string: "user.id: missing"),
                                KafkaHeader(key: "empty", value: []), KafkaHeader(key: "null", value: nil)]),
        OutboxMessage(destination: .log, key: [], value: []),
    ]

    @Test func messagesSurviveARoundTripExactly() throws {
        let body = OutboxBody.encode(Self.sample)
        #expect(try OutboxBody.decode(body) == Self.sample)
        #expect(try OutboxBody.decode(OutboxBody.encode([])) == [])
    }

    @Test func everyTruncationIsAnErrorNotACrash() {
        let body = OutboxBody.encode(Self.sample)
        for length in 0..<body.count {
            #expect(throws: OutboxBodyError.self, "cut at \(length)") { try OutboxBody.decode(Array(body[..<length])) }
        }
    }

    @Test func trailingBytesAndForeignBodiesAreRejected() {
        #expect(throws: OutboxBodyError.self) { try OutboxBody.decode(OutboxBody.encode(Self.sample) + [0]) }
        #expect(throws: OutboxBodyError.self) { try OutboxBody.decode(Array(#"[{"id":"1"}]"#.utf8)) }
        // A count claiming more messages than the bytes can hold fails before allocating for them.
        #expect(throws: OutboxBodyError.self) { try OutboxBody.decode(OutboxBody.magic + [0xFF, 0xFF, 0xFF, 0xFF]) }
        var badDestination = OutboxBody.encode([Self.sample[0]])
        badDestination[8] = 9
        #expect(throws: OutboxBodyError.self) { try OutboxBody.decode(badDestination) }
    }

    @Test func corruptedLengthsNeverCrash() {
        let body = OutboxBody.encode(Self.sample)
        var random = SplitMix(seed: 17)
        for _ in 0..<2_000 {
            var copy = body
            let index = Int.random(in: 0..<copy.count, using: &random)
            copy[index] = UInt8.random(in: 0...255, using: &random)
            // Either an error or messages re-encoding to the same bytes: never a crash, never a silent misread.
            if let decoded = try? OutboxBody.decode(copy) { #expect(OutboxBody.encode(decoded) == copy) }
        }
    }
}
