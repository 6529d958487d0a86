import Support

/// Options shared by many commands, defined once so names, environment variables and help stay consistent.
enum CommonOptions {
    /// Kafka bootstrap servers.
    static let bootstrap = OptionSpec("--bootstrap", value: "SERVERS", help: "Kafka bootstrap servers, host:port[,host:port]",
                                      env: "TENANTSYNC_BOOTSTRAP")
    /// The store: `sqlite:PATH` or a `postgres://` URL.
    static let store = OptionSpec("--store", value: "STORE", help: "sqlite:PATH or postgres://user@host:port/db",
                                  env: "TENANTSYNC_STORE")
    /// Machine-readable output.
    static let json = OptionSpec.flag("--json", help: "machine-readable output (one JSON document, or JSON lines for streams)")
    /// The lowest log level written to stderr.
    static let logLevel = OptionSpec("--log-level", value: "LEVEL", help: "trace, debug, info, notice, warning, error",
                                     env: "TENANTSYNC_LOG_LEVEL", default: "info")

    /// A logger at the level the options ask for.
    static func logger(_ options: ParsedOptions, label: String) throws -> Logger {
        let name = options.string("--log-level") ?? "info"
        guard let level = Logger.Level(name: name) else {
            throw UsageError("--log-level: unknown level '\(name)' (trace, debug, info, notice, warning, error)")
        }
        return Logger(label: label, level: level)
    }
}
