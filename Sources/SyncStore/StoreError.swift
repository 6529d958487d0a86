/// Why a store operation failed. Each case names what was wrong; `isRetriable` says whether applying the same batch
/// again may succeed.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A partition's progress was not the expected one: the batch was applied already, or another worker owns the
    /// partition now. Nothing was written.
    case progressConflict(partition: PartitionKey, expected: Int64?, found: Int64?)
    /// The database was migrated by a newer TenantSync than this one.
    case schemaTooNew(found: Int, supported: Int)
    /// The server could not be reached (or refused the connection) within the reconnect deadline.
    case unreachable(server: String, message: String)
    /// The connection broke during an operation; the transaction was not committed. Retry the whole batch.
    case connectionLost(server: String, message: String)
    /// The database is busy (another process holds the write lock) for longer than the configured wait.
    case busy(database: String, message: String)
    /// A uniqueness or other constraint was violated (e.g. two target users with the same source anchor).
    case constraint(message: String)
    /// The database file could not be opened or created.
    case cannotOpen(database: String, message: String)
    /// Any other error from the database, with the statement that failed.
    case database(message: String, statement: String)
    /// A failure injected by `StoreFaultInjector` (tests only).
    case injectedFailure(afterStatements: Int)

    /// Whether the same operation may succeed when tried again later.
    public var isRetriable: Bool {
        switch self {
        case .unreachable, .connectionLost, .busy, .injectedFailure: true
        case .progressConflict, .schemaTooNew, .constraint, .cannotOpen, .database: false
        }
    }

    /// Whether this is a progress conflict saying that the batch carrying `update` was applied already: the stored
    /// offset is the one the batch moves to. That happens when a commit succeeded but its acknowledgement was lost
    /// with the connection, and the batch was tried again; the worker can then go on as if the retry succeeded.
    public func meansAlreadyApplied(_ update: ProgressUpdate) -> Bool {
        guard case .progressConflict(let partition, _, let found) = self else { return false }
        return partition == update.partition && found == update.next
    }

    /// One line a person can act on.
    public var description: String {
        switch self {
        case .progressConflict(let partition, let expected, let found):
            "progress conflict on \(partition): expected next offset \(expected.map(String.init) ?? "none"), "
                + "found \(found.map(String.init) ?? "none") (batch applied already, or the partition moved to another worker)"
        case .schemaTooNew(let found, let supported):
            "the store's schema is version \(found), newer than this tenantsync supports (\(supported)): upgrade tenantsync"
        case .unreachable(let server, let message):
            "cannot connect to PostgreSQL at \(server): \(message)"
        case .connectionLost(let server, let message):
            "connection to PostgreSQL at \(server) lost: \(message)"
        case .busy(let database, let message):
            "database \(database) is busy: \(message)"
        case .constraint(let message):
            "constraint violated: \(message)"
        case .cannotOpen(let database, let message):
            "cannot open database \(database): \(message)"
        case .database(let message, let statement):
            "database error: \(message) (in: \(statement.prefix(120)))"
        case .injectedFailure(let n):
            "injected failure after \(n) statements"
        }
    }
}

extension StoreError {
    /// The constraint error for a target-user upsert whose anchor is stored with another id (the store keeps the
    /// stored row; an anchor's id never changes).
    static func anchorIdMismatch(_ user: TargetUserRecord) -> StoreError {
        .constraint(message: "target user with source anchor \(user.sourceTenant)/\(user.sourceUserId) in "
            + "\(user.targetTenant) is stored with another id than \(user.id)")
    }
}
