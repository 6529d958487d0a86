import Support
import Testing
import TestSupport

@Suite struct TansuFixtureTests {
    @Test func brokerAcceptsConnectionsAndIsGoneAfterTheScope() async throws {
        let port = try await withTansuBroker { broker in
            #expect(Network.canConnect(port: broker.port))
            #expect(broker.bootstrap == "127.0.0.1:\(broker.port)")
            return broker.port
        }
        #expect(!Network.canConnect(port: port))
    }
}
