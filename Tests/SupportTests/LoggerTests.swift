import Synchronization
import Testing
@testable import Support

@Suite struct LoggerTests {
    @Test func writesOneJSONLinePerMessageWithMetadataAndSkipsLowerLevels() {
        let lines = Mutex<[String]>([])
        var logger = Logger(label: "worker", level: .info, sink: .init { line in lines.withLock { $0.append(line) } })
        logger[metadataKey: "partition"] = "3"
        logger.debug("not written")
        logger.info("applied \"batch\"\n", metadata: ["count": "10"])
        let written = lines.withLock { $0 }
        #expect(written.count == 1)
        let line = written[0]
        #expect(line.hasPrefix("{\"time\":\""))
        #expect(line.contains("\"level\":\"info\""))
        #expect(line.contains("\"logger\":\"worker\""))
        #expect(line.contains("\"message\":\"applied \\\"batch\\\"\\n\""))
        #expect(line.contains("\"count\":\"10\""))
        #expect(line.contains("\"partition\":\"3\""))
    }
}
