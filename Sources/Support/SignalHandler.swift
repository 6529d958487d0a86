import Dispatch
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Turns SIGTERM and SIGINT into a graceful shutdown: the first signal calls `onShutdown`, a second one exits at once
/// with status 130 (the shell's code for an interrupt), for an operator who does not want to wait.
///
/// Delivery goes through `DispatchSource`s, so the callback runs as ordinary code on a private serial queue, not in a
/// signal handler where almost nothing is safe. Each signal is first set to `SIG_IGN`, so that none can kill the
/// process while the source is being set up; on Linux, libdispatch then installs its own forwarding handler for the
/// signal (once per process), and `init` waits for that, so a signal sent after `init` returns is never lost.
///
/// - Important: the signals must be sent to the process (`kill`, a terminal's Ctrl-C, a service manager's stop), as
///   they are in production; tests use `kill(getpid(), SIGUSR1)`. After ``cancel()`` the signals are dropped, not
///   restored to their default action: libdispatch keeps its handler for the life of the process, and a later
///   `SignalHandler` for the same signals works again.
///
/// Thread-safe: the count of signals received and the sources are behind a `Mutex`.
public final class SignalHandler: Sendable {
    /// The signals handled.
    public let signals: [Int32]
    private let onShutdown: @Sendable (Int32) -> Void
    private let forceExit: @Sendable (Int32) -> Void
    private let state = Mutex<State>(State())
    private let queue = DispatchQueue(label: "tenantsync.signals")
    // Marks the private queue, so that cancel() called from a callback does not wait for itself.
    private static let queueKey = DispatchSpecificKey<Bool>()

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
    ///   - forceExit: what the second signal does with exit status 130; `exit` by default, replaceable in tests.
    ///   - onShutdown: called once, with the first signal received; start the graceful shutdown here.
    public init(
        signals: [Int32] = [SIGTERM, SIGINT],
        forceExit: @escaping @Sendable (Int32) -> Void = { status in exit(status) },
        onShutdown: @escaping @Sendable (Int32) -> Void
    ) {
        self.signals = signals
        self.onShutdown = onShutdown
        self.forceExit = forceExit
        queue.setSpecific(key: Self.queueKey, value: true)
        var sources: [any DispatchSourceSignal] = []
        for signalNumber in signals where Self.disposition(of: signalNumber) == Self.defaultAction {
            // Ignore first, so that no signal arriving while the source is set up kills the process.
            _ = signal(signalNumber, SIG_IGN)
        }
        for signalNumber in signals {
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
        // libdispatch registers the sources on its manager thread; until its handler replaces SIG_IGN, a signal
        // would be discarded. Waiting here (a few milliseconds, bounded) makes delivery certain once init returns.
        let deadline = ContinuousClock.now + .seconds(2)
        while signals.contains(where: { Self.disposition(of: $0) == Self.ignored }), ContinuousClock.now < deadline {
            usleep(1_000)
        }
    }

    /// Whether a signal has asked for a shutdown.
    public var shutdownRequested: Bool { state.withLock { $0.received > 0 } }

    /// Stops handling the signals; from now on they are dropped (see the type's notes). Idempotent.
    ///
    /// Waits (briefly) until libdispatch has unregistered the sources, so that a signal sent afterwards reaches a
    /// new `SignalHandler` instead of a source on its way out.
    public func cancel() {
        let sources = state.withLock { state in
            defer { state.sources = Sources(all: []) }
            return state.sources
        }
        let cancelled = DispatchGroup()
        for source in sources.all {
            cancelled.enter()
            source.setCancelHandler { cancelled.leave() }
            source.cancel()
        }
        if DispatchQueue.getSpecific(key: Self.queueKey) == nil {
            _ = cancelled.wait(timeout: .now() + 2)
        }
    }

    private static let defaultAction = 0
    private static let ignored = 1

    /// The raw value of the current handler of `signalNumber`: 0 for the default action, 1 for ignore, else an
    /// installed handler's address.
    private static func disposition(of signalNumber: Int32) -> Int {
        var current = sigaction()
        sigaction(signalNumber, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
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
