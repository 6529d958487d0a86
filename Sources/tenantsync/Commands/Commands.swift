import Kafka
import Support

/// Every command of the tool, in the order `--help` lists them.
let allCommands: [CommandSpec] = [
    quickstartCommand,
    topicsCreateCommand,
    feedCommand,
    feedSnapshotCommand,
    orgAddTenantCommand,
    orgRemoveTenantCommand,
    shareUsersCommand,
    shareCurrentScopeCommand,
    shareEditCommand,
    configApplyCommand,
    configDeleteCommand,
    configAllowDeletesCommand,
    configListCommand,
    workerCommand,
    simulateCommand,
    logsTailCommand,
    logsQueryCommand,
    logsSummaryCommand,
    logsExportCommand,
    lagCommand,
    provisionCommand,
    replayCommand,
    generateCommand,
    benchCommand,
    versionCommand,
]

@Sendable func versionText() -> String {
    "tenantsync \(TenantSyncVersion.current) (librdkafka \(KafkaLibrary.version))"
}
