import Foundation

/// Paths inside the checkout, found from this file's location so tests run from any working directory.
public enum ProjectPaths {
    /// The package root (the folder holding Package.swift).
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The project-local prefix that `make deps` fills (librdkafka, the Tansu broker).
    public static var prefix: URL { root.appendingPathComponent(".deps/prefix") }

    /// The built `tenantsync` executable next to the running test bundle (same configuration).
    public static var tenantsyncExecutable: URL {
        let bundle = Bundle.main.bundleURL
        let candidates = [bundle.appendingPathComponent("tenantsync"),
                          bundle.deletingLastPathComponent().appendingPathComponent("tenantsync")]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }
}
