import Foundation

/// Runs `body` with a fresh temporary folder that is removed afterwards, also when `body` throws.
public func withTemporaryDirectory<T>(_ prefix: String = "tenantsync-test",
                                      _ body: (URL) async throws -> T) async throws -> T {
    let dir = try makeTemporaryDirectory(prefix)
    defer { try? FileManager.default.removeItem(at: dir) }
    return try await body(dir)
}

/// Creates a fresh temporary folder; the caller removes it.
public func makeTemporaryDirectory(_ prefix: String = "tenantsync-test") throws -> URL {
    let dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
