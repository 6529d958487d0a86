import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress display (`replay  12,000/50,000  24%  8,512/s`) redrawn in place on standard error.
///
/// It draws only when it is enabled (commands pass `!json`, since `--json` output is for programs) and standard
/// error is a terminal, so logs and pipes never see carriage returns. Redraws are throttled to one per `interval`;
/// ``finish()`` draws the final state and ends the line.
///
/// Thread-safe: the state is behind a `Mutex`, so several workers may report into one line.
public final class ProgressLine: Sendable {
    /// Whether anything is drawn at all.
    public let isActive: Bool
    private let label: String
    private let interval: Duration
    private let write: @Sendable (String) -> Void
    private let state = Mutex<State>(State())

    private struct State {
        var started: ContinuousClock.Instant?
        var lastDrawn: ContinuousClock.Instant?
        var done = 0
        var total: Int?
        var drawn = false
        var finished = false
    }

    /// A progress line on standard error.
    ///
    /// - Parameters:
    ///   - label: what is progressing, shown first.
    ///   - enabled: false to never draw (`--json`, `--quiet`).
    ///   - interval: the shortest time between two redraws.
    public convenience init(label: String, enabled: Bool = true, interval: Duration = .milliseconds(200)) {
        self.init(label: label, enabled: enabled && isatty(STDERR_FILENO) == 1, interval: interval) { text in
            FileHandle.standardError.write(Data(text.utf8))
        }
    }

    /// A progress line that writes to `write` when `enabled`, whatever the terminal; for tests.
    init(label: String, enabled: Bool, interval: Duration, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.isActive = enabled
        self.interval = interval
        self.write = write
    }

    /// Reports `done` units out of `total` (nil when unknown); redraws if the last redraw is `interval` old.
    public func update(done: Int, total: Int? = nil) {
        guard isActive else { return }
        let now = ContinuousClock.now
        let line = state.withLock { state -> String? in
            guard !state.finished else { return nil }
            if state.started == nil { state.started = now }
            state.done = done
            state.total = total
            if let last = state.lastDrawn, now - last < interval { return nil }
            state.lastDrawn = now
            state.drawn = true
            return render(state, now: now)
        }
        if let line { write("\r\u{1B}[K" + line) }
    }

    /// Draws the final state and ends the line; later updates are ignored. Draws nothing if nothing was reported.
    public func finish() {
        guard isActive else { return }
        let now = ContinuousClock.now
        let line = state.withLock { state -> String? in
            guard !state.finished else { return nil }
            state.finished = true
            guard state.started != nil else { return nil }
            return render(state, now: now)
        }
        if let line { write("\r\u{1B}[K" + line + "\n") }
    }

    private func render(_ state: State, now: ContinuousClock.Instant) -> String {
        var line = "\(label)  \(Self.grouped(state.done))"
        if let total = state.total {
            line += "/\(Self.grouped(total))"
            if total > 0 { line += "  \(min(100, state.done * 100 / total))%" }
        }
        if let started = state.started {
            let (seconds, attoseconds) = (now - started).components
            let elapsed = Double(seconds) + Double(attoseconds) * 1e-18
            if elapsed >= 0.001 { line += "  \(Self.grouped(Int(Double(state.done) / elapsed)))/s" }
        }
        return line
    }

    /// `12345678` as `12,345,678`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, digit) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return value < 0 ? "-" + out : out
    }
}
