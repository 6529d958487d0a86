import Foundation
import Support
@testable import SyncStore
import Testing
import TestSupport

@Suite struct StoreLocationTests {
    @Test func sqliteAndPostgresLocationsParse() throws {
        #expect(try StoreLocation.parse("sqlite:./data/store.db") == .sqlite(path: "./data/store.db"))
        #expect(try StoreLocation.parse("sqlite:///tmp/x.db") == .sqlite(path: "/tmp/x.db"))
        #expect(try StoreLocation.parse("postgres://u@127.0.0.1:5432/ts") == .postgres(url: "postgres://u@127.0.0.1:5432/ts"))
        #expect(try StoreLocation.parse("postgresql://h/db").backend == "postgres")
    }

    @Test(arguments: ["", "sqlite:", "mysql://h/db", "postgres://", "store.db"])
    func badLocationIsAUsageErrorNamingTheString(text: String) throws {
        let error = try #require(throws: UsageError.self) { try StoreLocation.parse(text) }
        #expect(error.message.contains("'\(text)'"))
    }

    @Test func passwordIsNotShownInDescriptions() throws {
        let location = try StoreLocation.parse("postgres://user:secret@db:5432/ts")
        #expect(location.description == "postgres://user:***@db:5432/ts")
    }

    @Test func fileThatIsNotADatabaseCannotBeOpened() async throws {
        try await withTemporaryDirectory { dir in
            let path = dir.appendingPathComponent("not-a-db").path
            try Array("not a database, just text that is long enough to be a header".utf8).withUnsafeBytes {
                try Data($0).write(to: URL(fileURLWithPath: path))
            }
            let error = try #require(throws: StoreError.self) {
                _ = try openStore(.sqlite(path: path), logger: Logger(label: "store", level: .error))
            }
            guard case .cannotOpen(let database, _) = error else { Issue.record("got \(error)"); return }
            #expect(database == path)
        }
    }
}
