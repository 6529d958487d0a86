import Support
import Testing
import TestSupport

@Suite struct PostgresFixtureTests {
    @Test func serverStartsStopsAndRestartsOnTheSamePort() async throws {
        let port = try await withPostgresServer { pg in
            #expect(Network.canConnect(port: pg.port))
            try pg.stopServer()
            #expect(!Network.canConnect(port: pg.port))
            try pg.startServer()
            #expect(Network.canConnect(port: pg.port))
            return pg.port
        }
        #expect(!Network.canConnect(port: port))
    }
}
