import Support

/// Opens a store, creating or migrating its schema first.
/// - Parameters:
///   - location: from `StoreLocation.parse`.
///   - logger: the caller's logger (label `store` is a good choice).
///   - options: waits, retries and test hooks.
/// - Throws: `StoreError.cannotOpen` / `.unreachable` when the database cannot be reached, `.schemaTooNew` when it
///   was migrated by a newer TenantSync.
public func openStore(_ location: StoreLocation, logger: Logger,
                      options: StoreOptions = StoreOptions()) throws -> any DirectoryStore {
    switch location {
    case .sqlite(let path): try SQLiteStore(path: path, logger: logger, options: options)
    case .postgres(let url): try PostgresStore(url: url, logger: logger, options: options)
    }
}
