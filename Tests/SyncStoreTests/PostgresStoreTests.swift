import Foundation
import Support
@testable import SyncStore
import Testing
import TestSupport

/// What only the server backend has: a server that goes away and comes back, and one that is not there.
@Suite struct PostgresStoreTests {
    @Test func batchAfterAServerRestartWaitsForTheServerAndSucceeds() async throws {
        try await withPostgresServer { pg in
            let store = try openStore(.postgres(url: pg.url), logger: Logger(label: "store", level: .error),
                                      options: StoreFixture.testOptions)
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 10, users: 0..<5))

            try pg.stopServer()
            let restarted = ErrorBox()
            Thread.detachNewThread {
                Thread.sleep(forTimeInterval: 1.0)
                do { try pg.startServer() } catch { restarted.add(error) }
            }
            // The server is down now; this batch waits (reconnecting with backoff) and then applies.
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: 10, next: 20, users: 5..<10))
            if let error = restarted.first { throw error }

            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0]) == [0: 20])
            #expect(try store.sourceUsers(tenant: "A").count == 10)
        }
    }

    @Test func batchWhoseConnectionDiesBeforeCommitIsSentAgainAndAppliedOnce() async throws {
        try await withPostgresServer { pg in
            let faults = StoreFaultInjector()
            var options = StoreFixture.testOptions
            options.faults = faults
            let lines = LineBox()
            let logger = Logger(label: "store", level: .warning, sink: Logger.Sink { lines.add($0) })
            let store = try openStore(.postgres(url: pg.url), logger: logger, options: options)
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: nil, next: 10, users: 0..<5))
            // After two statements of the next batch are queued, kill this store's backend from another connection:
            // the batch meets a dead connection before its COMMIT, so nothing of it was committed.
            let url = pg.url
            faults.perform(afterStatements: 2) {
                let killer = try openStore(.postgres(url: url), logger: Logger(label: "store", level: .error))
                try executeForTesting(killer, """
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                    WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'
                    """)
            }
            try store.apply(Sample.batch(tenant: "A", partition: 0, expected: 10, next: 20, users: 5..<10))
            #expect(try store.progress(group: "workers", topic: "directory-changes", partitions: [0]) == [0: 20])
            #expect(try store.sourceUsers(tenant: "A").count == 10)
            #expect(try store.pendingOutbox(limit: 10).count == 2)
            #expect(lines.all.contains { $0.contains("connection lost before commit") })
        }
    }

    @Test func unreachableServerErrorNamesHostAndPort() throws {
        let port = try Network.freeLoopbackPort()
        let options = StoreOptions(reconnectTimeout: .milliseconds(200), reconnectBackoff: .milliseconds(50))
        let error = try #require(throws: StoreError.self) {
            _ = try openStore(.postgres(url: "postgres://nobody@127.0.0.1:\(port)/db"),
                              logger: Logger(label: "store", level: .error), options: options)
        }
        guard case .unreachable(let server, let message) = error else { Issue.record("got \(error)"); return }
        #expect(server == "127.0.0.1:\(port)")
        #expect(!message.isEmpty)
        #expect(error.description.contains("127.0.0.1:\(port)"))
    }
}
