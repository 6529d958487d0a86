// swift-tools-version:6.1
// TenantSync: cross-tenant identity synchronization over Kafka.
//
// C libraries come in through system-library targets. librdkafka 2.8.0 lives in the project-local prefix
// `.deps/prefix` that `make deps` builds; the Makefile points PKG_CONFIG_PATH at it, and the linker settings below
// give every executable an rpath to it, so `tenantsync` runs without LD_LIBRARY_PATH.
import PackageDescription

let depsPrefix = "\(Context.packageDirectory)/.deps/prefix"

let package = Package(
    name: "TenantSync",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "tenantsync", targets: ["tenantsync"]),
    ],
    targets: [
        // C libraries: module maps and shims only.
        .systemLibrary(name: "CRdKafka", pkgConfig: "rdkafka"),
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgres", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),

        // Foundation-only building blocks.
        .target(name: "Support"),
        .target(name: "FastJSON"),

        // The Kafka client: producer, consumer, admin, mock cluster.
        .target(name: "Kafka", dependencies: ["CRdKafka", "Support"]),
        // `bench --stage kafka`: the Swift module against a raw C loop over the same librdkafka (CKafkaBaseline).
        .target(name: "CKafkaBaseline", dependencies: ["CRdKafka"]),
        .target(name: "KafkaBench", dependencies: ["Kafka", "CKafkaBaseline", "Support"]),
        // `bench` (the pipeline stage): a generated feed through real workers, against the same I/O without logic.
        .target(name: "PipelineBench", dependencies: ["SyncWorker", "SyncFeed", "SyncStore", "Kafka", "Support", "CSQLite"]),

        // The domain core: pure values and functions, no I/O, no C.
        .target(name: "SyncCore", dependencies: ["FastJSON"]),

        // Target tenant stores and the source mirror: SQLite and PostgreSQL.
        .target(name: "SyncStore", dependencies: ["SyncCore", "Support", "CSQLite", "CPostgres"]),

        // Change-feed producer, snapshot-diff connector, generator, replay.
        .target(name: "SyncFeed", dependencies: ["SyncCore", "Kafka", "Support", "FastJSON"]),

        // The worker: batch pipeline, outbox relay, dead letters, rebalances, metrics.
        .target(name: "SyncWorker", dependencies: ["SyncCore", "SyncStore", "Kafka", "Support", "FastJSON"]),

        // Ops tooling over the provisioning log.
        .target(name: "SyncOps", dependencies: ["SyncCore", "SyncStore", "Kafka", "Support", "FastJSON"]),

        .executableTarget(
            name: "tenantsync",
            dependencies: ["Support", "FastJSON", "Kafka", "KafkaBench", "PipelineBench", "SyncCore", "SyncStore", "SyncFeed", "SyncWorker", "SyncOps"]
        ),

        // Scoped fixtures shared by the test targets: Tansu broker, PostgreSQL server, temporary folders.
        .target(name: "TestSupport", dependencies: ["Support", "Kafka"], path: "Tests/TestSupport"),

        .testTarget(name: "SupportTests", dependencies: ["Support"]),
        .testTarget(name: "FastJSONTests", dependencies: ["FastJSON", "Support"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "KafkaBench", "TestSupport"]),
        .testTarget(name: "SyncFeedTests", dependencies: ["SyncFeed", "SyncCore", "FastJSON", "TestSupport"]),
        .testTarget(name: "SyncStoreTests", dependencies: ["SyncStore", "SyncCore", "TestSupport"]),
        .testTarget(name: "SyncCoreTests", dependencies: ["SyncCore", "FastJSON", "Support"]),
        .testTarget(name: "SyncOpsTests", dependencies: ["SyncOps", "SyncCore", "Kafka", "FastJSON", "TestSupport"]),
        .testTarget(name: "PipelineBenchTests", dependencies: ["PipelineBench", "Support", "TestSupport"]),
        .testTarget(name: "SyncWorkerTests", dependencies: ["SyncWorker", "SyncStore", "SyncCore", "SyncFeed", "FastJSON", "TestSupport"]),
        // End-to-end scenarios, one file per rule under Tests/ScenarioTests/Scenarios, run through `simulate`'s pipeline.
        .testTarget(name: "ScenarioTests", dependencies: ["SyncWorker", "SyncCore", "FastJSON", "Support", "TestSupport"],
                    exclude: ["Scenarios"]),
        // The fleet: real `tenantsync worker` processes on Tansu and on the mock cluster's faults, PostgreSQL,
        // SIGKILLs; the end state against the domain core's reference.
        .testTarget(name: "FleetTests", dependencies: ["SyncWorker", "SyncStore", "SyncCore", "SyncFeed", "Kafka", "Support",
                                                      "TestSupport"]),
    ]
)

// Compiler settings for every Swift target, in one place.
for target in package.targets where target.type != .system {
    var swift = target.swiftSettings ?? []
    swift.append(.enableUpcomingFeature("ExistentialAny"))
    swift.append(.enableUpcomingFeature("MemberImportVisibility"))
    swift.append(.swiftLanguageMode(.v6))
    target.swiftSettings = swift
    var linker = target.linkerSettings ?? []
    linker.append(.unsafeFlags(["-Xlinker", "-rpath", "-Xlinker", "\(depsPrefix)/lib"]))
    target.linkerSettings = linker
}
