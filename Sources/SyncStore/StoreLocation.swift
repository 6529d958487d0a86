import Foundation
import Support

/// Where a store lives, as given to `--store`: `sqlite:PATH` or a PostgreSQL URL.
public enum StoreLocation: Sendable, Hashable, CustomStringConvertible {
    /// A SQLite database file (created when missing).
    case sqlite(path: String)
    /// A PostgreSQL connection URL (`postgres://user@host:port/db?...`), passed to libpq as is.
    case postgres(url: String)

    /// Parses a `--store` value.
    /// - Throws: `UsageError` naming the bad string and the accepted forms (the command line exits with 2).
    public static func parse(_ text: String) throws -> StoreLocation {
        if text.hasPrefix("sqlite:") {
            var path = String(text.dropFirst("sqlite:".count))
            // Accept the URL-ish spelling `sqlite:///abs/path` and `sqlite://rel` too.
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw UsageError("--store '\(text)': missing the file path after 'sqlite:' (e.g. sqlite:./data/store.db)")
            }
            return .sqlite(path: path)
        }
        if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            let rest = text.drop(while: { $0 != "/" }).dropFirst(2)
            guard !rest.isEmpty, rest.first != "/" || rest.count > 1 else {
                throw UsageError("--store '\(text)': missing the host (e.g. postgres://user@127.0.0.1:5432/tenantsync)")
            }
            return .postgres(url: text)
        }
        throw UsageError("--store '\(text)': expected sqlite:PATH or postgres://USER@HOST:PORT/DATABASE")
    }

    /// The backend's name: `sqlite` or `postgres`.
    public var backend: String {
        switch self {
        case .sqlite: "sqlite"
        case .postgres: "postgres"
        }
    }

    /// The location with any password in a URL replaced by `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): return "sqlite:\(path)"
        case .postgres(let url): return Self.redacted(url)
        }
    }

    static func redacted(_ url: String) -> String {
        guard let scheme = url.range(of: "://") else { return url }
        let afterScheme = url[scheme.upperBound...]
        let authorityEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"),
              let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
