import Foundation
import Support

/// Runs `body` with a fresh PostgreSQL server, stopped and removed afterwards whatever happens.
/// - Throws: `FixtureError` saying why the server could not start.
public func withPostgresServer<T>(_ body: (PostgresServer) async throws -> T) async throws -> T {
    let server: PostgresServer
    do {
        server = try PostgresServer.start()
    } catch {
        throw FixtureError(String(describing: error))
    }
    defer { server.stop() }
    return try await body(server)
}
