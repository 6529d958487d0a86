import Dispatch
import Synchronization
import Testing
@testable import Support
#if canImport(Glibc)
import Glibc
#endif

@Suite struct SignalHandlerTests {
    final class Record: Sendable {
        let shutdowns = Mutex<[Int32]>([])
        let exits = Mutex<[Int32]>([])
    }

    /// Polls until `condition` holds or five seconds pass; signal delivery is asynchronous.
    private func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<500 {
            if condition() { return true }
            usleep(10_000)
        }
        return condition()
    }

    @Test func firstSignalRequestsShutdownAndSecondExitsWith130() {
        let record = Record()
        let handler = SignalHandler(
            signals: [SIGUSR1],
            forceExit: { status in record.exits.withLock { $0.append(status) } },
            onShutdown: { signal in record.shutdowns.withLock { $0.append(signal) } }
        )
        defer { handler.cancel() }
        #expect(!handler.shutdownRequested)

        kill(getpid(), SIGUSR1)
        #expect(eventually { record.shutdowns.withLock { $0 } == [SIGUSR1] })
        #expect(handler.shutdownRequested)
        #expect(record.exits.withLock { $0 }.isEmpty)

        kill(getpid(), SIGUSR1)
        #expect(eventually { record.exits.withLock { $0 } == [130] })
        #expect(record.shutdowns.withLock { $0 } == [SIGUSR1])
    }

    @Test func aNewHandlerAfterCancelReceivesTheSignalAgain() {
        // Both phases in one test: they share SIGUSR2, and tests of one suite may run in parallel.
        let first = Record()
        let handler = SignalHandler(signals: [SIGUSR2], forceExit: { _ in }) { signal in
            first.shutdowns.withLock { $0.append(signal) }
        }
        kill(getpid(), SIGUSR2)
        #expect(eventually { first.shutdowns.withLock { $0 } == [SIGUSR2] })
        handler.cancel()

        let second = Record()
        let again = SignalHandler(signals: [SIGUSR2], forceExit: { _ in }) { signal in
            second.shutdowns.withLock { $0.append(signal) }
        }
        defer { again.cancel() }
        kill(getpid(), SIGUSR2)
        #expect(eventually { second.shutdowns.withLock { $0 } == [SIGUSR2] })
        #expect(first.shutdowns.withLock { $0 } == [SIGUSR2])
    }
}
