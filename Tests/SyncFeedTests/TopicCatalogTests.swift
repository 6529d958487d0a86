import FastJSON
import Foundation
import Testing
import TestSupport
@testable import SyncFeed

@Suite struct TopicCatalogTests {
    @Test func catalogMatchesTheDefinitionsInTheTopicsFolder() throws {
        let folder = ProjectPaths.root.appendingPathComponent("topics")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".json") }
        #expect(files.count == TopicCatalog.all.count)
        for topic in TopicCatalog.all {
            let data = try #require(FileManager.default.contents(atPath: folder.appendingPathComponent("\(topic.name).json").path),
                                    "topics/\(topic.name).json missing")
            let json = try JSONValue(parsing: Array(data))
            #expect(json["name"]?.string == topic.name)
            #expect(json["partitions"]?.int64 == Int64(topic.partitions))
            #expect(json["replicationFactor"]?.int64 == Int64(topic.replicationFactor))
            let config = try #require(json["config"]?.object)
            #expect(Dictionary(uniqueKeysWithValues: config.map { ($0.key, $0.value.string ?? "") }) == topic.config)
        }
    }
}
