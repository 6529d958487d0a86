import Synchronization
import Testing
@testable import Support

@Suite struct ProgressLineTests {
    final class Output: Sendable {
        let writes = Mutex<[String]>([])
        var all: [String] { writes.withLock { $0 } }
        func append(_ text: String) { writes.withLock { $0.append(text) } }
    }

    @Test func redrawsInPlaceAndEndsTheLineOnFinish() {
        let output = Output()
        let progress = ProgressLine(label: "replay", enabled: true, interval: .zero) { output.append($0) }
        progress.update(done: 1_500, total: 6_000)
        progress.update(done: 6_000, total: 6_000)
        progress.finish()
        progress.update(done: 7_000, total: 6_000)
        let writes = output.all
        #expect(writes.count == 3)
        #expect(writes[0].hasPrefix("\r\u{1B}[Kreplay  1,500/6,000  25%"))
        #expect(writes[1].hasPrefix("\r\u{1B}[Kreplay  6,000/6,000  100%"))
        #expect(writes[2].hasPrefix("\r\u{1B}[Kreplay  6,000/6,000  100%"))
        #expect(writes[2].hasSuffix("\n"))
    }

    @Test func throttlesRedrawsToTheInterval() {
        let output = Output()
        let progress = ProgressLine(label: "load", enabled: true, interval: .seconds(3600)) { output.append($0) }
        for done in 1...1_000 { progress.update(done: done) }
        #expect(output.all.count == 1)
        progress.finish()
        #expect(output.all.count == 2)
        #expect(output.all[1].contains("load  1,000"))
    }

    @Test func drawsNothingWhenDisabledOrWhenNothingWasReported() {
        let output = Output()
        let disabled = ProgressLine(label: "x", enabled: false, interval: .zero) { output.append($0) }
        disabled.update(done: 1, total: 2)
        disabled.finish()
        let idle = ProgressLine(label: "y", enabled: true, interval: .zero) { output.append($0) }
        idle.finish()
        #expect(output.all.isEmpty)
        #expect(!disabled.isActive)
    }

    @Test func groupsThousands() {
        #expect(ProgressLine.grouped(0) == "0")
        #expect(ProgressLine.grouped(999) == "999")
        #expect(ProgressLine.grouped(1_000) == "1,000")
        #expect(ProgressLine.grouped(12_345_678) == "12,345,678")
        #expect(ProgressLine.grouped(-4_500) == "-4,500")
    }
}
