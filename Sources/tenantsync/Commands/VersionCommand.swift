import Kafka
import Support

let versionCommand = CommandSpec(
    ["version"], summary: "print the TenantSync and librdkafka versions",
    options: [.flag("--json", help: "print one JSON object")]
) { options in
    if options.flag("--json") {
        print("{\"tenantsync\":\"\(TenantSyncVersion.current)\",\"librdkafka\":\"\(KafkaLibrary.version)\"}")
    } else {
        print(versionText())
    }
    return 0
}
