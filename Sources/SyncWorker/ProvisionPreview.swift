import Foundation
import SyncCore
import SyncStore

/// The dry run of provision on demand: what a worker would do with `provision.user` for one user now, decided from
/// a store without writing to it or publishing anything.
///
/// The state is loaded exactly as a worker loads it for that record (`Engine.requirements`, the applier's loading),
/// so the steps shown are the ones a real run would take against the same store.
public enum ProvisionPreview {
    /// Computes the entries a worker would publish, one per configuration evaluated.
    /// - Parameters:
    ///   - sourceTenant: the source tenant; `userId`: the source object id; `targetTenant`: only its configurations.
    ///   - store: the workers' store; only read.
    ///   - now: the time of the request (the engine's clock: restore window, threshold window).
    /// - Returns: the entries, sorted by target tenant and configuration.
    /// - Throws: `ProvisionInputError` when the store does not know the tenant or the user, or the request cannot be
    ///   evaluated (no organization, no configuration for the target); `StoreError` or `ChangeDecodingError` when
    ///   the store cannot be read.
    public static func run(sourceTenant: String, userId: String, targetTenant: String?, store: any DirectoryStore,
                           at now: Date) throws -> [ProvisioningLogEntry] {
        let change = ChangeEvent(tenantId: sourceTenant, seq: nil, occurredAt: now,
                                 kind: .admin(.provisionUser(sourceTenant: sourceTenant, userId: userId, targetTenant: targetTenant)))
        // Only the applier's loading is used: nothing is applied, no progress is read or written.
        let loader = BatchApplier(store: store, group: "provision-preview")
        let state = try loader.loadState(for: Engine.requirements(for: [change]))
        guard state.tenants[sourceTenant] != nil else {
            throw ProvisionInputError(.unknownTenant,
                "source tenant '\(sourceTenant)' is not in the store \(store.locationDescription): no change or admin "
                    + "action of it has been applied there (check the tenant id and --store)")
        }
        let record = ChangeRecord(change: change, partition: -1, offset: -1, processedAt: now)
        switch Engine.preview(record, on: state).outcome {
        case .rejected(let rejection):
            throw ProvisionInputError(.notEvaluable, rejection.reason)
        case .applied(let entries):
            if !entries.isEmpty && entries.allSatisfy({ $0.error?.code == Engine.sourceUserNotFoundCode }) {
                throw ProvisionInputError(.unknownUser, ProvisionInputError.unknownUserMessage(userId, tenant: sourceTenant))
            }
            return entries
        }
    }
}

/// A provision request the state cannot serve: the tenant or user is unknown, or nothing can be evaluated.
/// The command line reports it as bad input (exit 2).
public struct ProvisionInputError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong.
    public enum Kind: Sendable, Hashable {
        /// The store holds no state of the source tenant.
        case unknownTenant
        /// Neither the source mirror nor any target knows the user id.
        case unknownUser
        /// The engine refused the request (no organization, target not a member, no configuration for it).
        case notEvaluable
    }

    /// What was wrong.
    public var kind: Kind
    /// One line naming the tenant, user or field.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }

    /// The message for a user id nothing knows, shared by the dry run and the real run.
    public static func unknownUserMessage(_ userId: String, tenant: String) -> String {
        "source user '\(userId)' of \(tenant) is unknown: no change about it has been applied and no target user is "
            + "anchored to it (give the source object id, not the userPrincipalName; a new user needs its snapshot fed first)"
    }
}
