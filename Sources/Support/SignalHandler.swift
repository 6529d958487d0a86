import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into a graceful shutdown: the first signal calls `onShutdown`, a second one exits at once
/// with status 130 (the shell's code for an interrupt), for an operator who does not want to wait.
///
/// The signals are set to `SIG_IGN` at the process level and delivered through `DispatchSource`s instead, so the
/// callback runs as ordinary code on a dispatch queue, not in a signal handler where almost nothing is safe.
/// ``cancel()`` restores the default dispositions.
///
/// - Important: the signals must be sent to the process (`kill`, a terminal's Ctrl-C, a service manager's stop), as
///   they are in production. On Linux, `raise(_:)` directs the signal at the calling thread, which the ignore
///   disposition discards before the dispatch source sees it; tests use `kill(getpid(), SIGUSR1)`.
///
/// Thread-safe: the count of signals received and the sources are behind a `Mutex`.
public final class SignalHandler: Sendable {
    /// The signals handled.
    public let signals: [Int32]
    private let onShutdown: @Sendable (Int32) -> Void
    private let forceExit: @Sendable (Int32) -> Void
    private let state = Mutex<State>(State())

    private struct State: Sendable {
        var received = 0
        var sources = Sources(all: [])
    }

    // libdispatch sources may be cancelled from any thread; this wrapper only lets them live in the Mutex, which
    // serializes every access to the array.
    private struct Sources: @unchecked Sendable {
        var all: [any DispatchSourceSignal]
    }

    /// Starts handling `signals`.
    ///
    /// - Parameters:
    ///   - signals: the signals to handle; SIGTERM and SIGINT by default (tests use SIGUSR1 or SIGUSR2).
    ///   - queue: where the callbacks run.
    ///   - forceExit: what the second signal does with exit status 130; `exit` by default, replaceable in tests.
    ///   - onShutdown: called once, with the first signal received; start the graceful shutdown here.
    public init(
        signals: [Int32] = [SIGTERM, SIGINT],
        queue: DispatchQueue = DispatchQueue(label: "tenantsync.signals"),
        forceExit: @escaping @Sendable (Int32) -> Void = { status in exit(status) },
        onShutdown: @escaping @Sendable (Int32) -> Void
    ) {
        self.signals = signals
        self.onShutdown = onShutdown
        self.forceExit = forceExit
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in signals {
            // Ignore first, so that no signal arriving between the two steps kills the process.
            _ = signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
            source.setEventHandler { [weak self] in
                // Signals that arrive close together are coalesced into one event; `data` says how many.
                let count = max(Int(source.data), 1)
                for _ in 0..<count { self?.received(signalNumber) }
            }
            source.resume()
            sources.append(source)
        }
        let wrapped = Sources(all: sources)
        state.withLock { $0.sources = wrapped }
    }

    /// Whether a signal has asked for a shutdown.
    public var shutdownRequested: Bool { state.withLock { $0.received > 0 } }

    /// Stops handling the signals and restores their default dispositions.
    public func cancel() {
        let sources = state.withLock { state in
            defer { state.sources = Sources(all: []) }
            return state.sources
        }
        for source in sources.all { source.cancel() }
        for signalNumber in signals { _ = signal(signalNumber, SIG_DFL) }
    }

    deinit { cancel() }

    private func received(_ signalNumber: Int32) {
        let count = state.withLock { state in
            state.received += 1
            return state.received
        }
        if count == 1 {
            onShutdown(signalNumber)
        } else if count == 2 {
            forceExit(130)
        }
    }
}
