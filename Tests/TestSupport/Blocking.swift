import Foundation

/// Runs a blocking `body` on a new plain thread and awaits its result, so blocking client calls (Kafka polls, C
/// libraries) never hold a thread of the Swift concurrency pool.
public func onThread<T: Sendable>(_ name: String = "test-blocking",
                                  _ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
        let thread = Thread {
            continuation.resume(with: Result { try body() })
        }
        thread.name = name
        thread.start()
    }
}
