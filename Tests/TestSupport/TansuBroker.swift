import Foundation
import Support

/// Runs `body` with a fresh Tansu broker (from `.deps/prefix/bin/tansu`), stopped afterwards whatever happens.
/// - Throws: `FixtureError` naming the broker and why it could not start.
public func withTansuBroker<T>(_ body: (TansuServer) async throws -> T) async throws -> T {
    let broker: TansuServer
    do {
        broker = try TansuServer(executable: ProjectPaths.prefix.appendingPathComponent("bin/tansu"))
    } catch {
        throw FixtureError(String(describing: error))
    }
    defer { broker.stop() }
    return try await body(broker)
}
