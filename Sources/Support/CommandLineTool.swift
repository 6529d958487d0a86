import Foundation

/// Bad usage or bad input: the message names what was wrong; the process exits with code 2.
public struct UsageError: Error, CustomStringConvertible, Sendable {
    /// One line a person can act on.
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One option of a command, as listed in its `--help`.
public struct OptionSpec: Sendable {
    /// The long name with dashes, e.g. `--bootstrap`.
    public var name: String
    /// The placeholder of the value (`SERVERS`), or nil for a flag that takes no value.
    public var valueName: String?
    /// One line of help.
    public var help: String
    /// An environment variable read when the option is absent.
    public var environment: String?
    /// The value used when neither the option nor the environment gives one (shown in help).
    public var defaultValue: String?
    /// Whether the option may be given more than once (`--group A --group B`).
    public var repeatable: Bool

    public init(_ name: String, value: String? = nil, help: String, env: String? = nil, default defaultValue: String? = nil,
                repeatable: Bool = false) {
        self.name = name
        self.valueName = value
        self.help = help
        self.environment = env
        self.defaultValue = defaultValue
        self.repeatable = repeatable
    }

    /// A flag (no value).
    public static func flag(_ name: String, help: String) -> OptionSpec { OptionSpec(name, help: help) }
}

/// The options of one invocation after parsing, with typed accessors that throw `UsageError` naming the option.
public struct ParsedOptions: Sendable {
    private var values: [String: [String]]
    private var flags: Set<String>
    /// Positional arguments, in order.
    public var positional: [String]

    init(values: [String: [String]], flags: Set<String>, positional: [String]) {
        self.values = values
        self.flags = flags
        self.positional = positional
    }

    /// Whether a flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The last value of an option (or its environment variable or default), nil when none.
    public func string(_ name: String) -> String? { values[name]?.last }

    /// Every value of a repeatable option, in order.
    public func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// The value of an option that must be present.
    public func required(_ name: String) throws -> String {
        guard let v = string(name), !v.isEmpty else { throw UsageError("missing required option \(name)") }
        return v
    }

    /// An integer option, checked against a range.
    public func int(_ name: String, in range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        guard let text = string(name) else { return nil }
        guard let v = Int(text) else { throw UsageError("\(name): expected an integer, got '\(text)'") }
        guard range.contains(v) else {
            throw UsageError("\(name): \(v) is out of range \(range.lowerBound)...\(range.upperBound)")
        }
        return v
    }

    /// A floating-point option, checked to be positive or zero.
    public func double(_ name: String) throws -> Double? {
        guard let text = string(name) else { return nil }
        guard let v = Double(text), v.isFinite, v >= 0 else {
            throw UsageError("\(name): expected a non-negative number, got '\(text)'")
        }
        return v
    }
}

/// A subcommand: its words (`["logs", "tail"]`), its options and what it runs.
public struct CommandSpec: Sendable {
    /// The words that name it after the tool name.
    public var path: [String]
    /// One line shown in the command list.
    public var summary: String
    /// Longer help: what it does, what it prints, exit codes.
    public var discussion: String
    /// Its options (the global ones are added by the tool).
    public var options: [OptionSpec]
    /// Names of positional arguments shown in usage, e.g. `["FILE"]`; empty when none are accepted.
    public var positionals: [String]
    /// Runs the command; returns the exit code. Throw `UsageError` for bad input (exit 2).
    public var run: @Sendable (ParsedOptions) throws -> Int32

    public init(_ path: [String], summary: String, discussion: String = "", options: [OptionSpec] = [],
                positionals: [String] = [], run: @escaping @Sendable (ParsedOptions) throws -> Int32) {
        self.path = path
        self.summary = summary
        self.discussion = discussion
        self.options = options
        self.positionals = positionals
        self.run = run
    }
}

/// A git-style tool: a table of commands, `--help` at every level, `--version`, exit codes 0, 1 and 2.
public struct CommandLineTool: Sendable {
    public var name: String
    public var summary: String
    public var versionText: @Sendable () -> String
    public var commands: [CommandSpec]

    public init(name: String, summary: String, version: @escaping @Sendable () -> String, commands: [CommandSpec]) {
        self.name = name
        self.summary = summary
        self.versionText = version
        self.commands = commands
    }

    /// Parses `arguments` (without the program name), runs the command and returns the exit code.
    /// Usage errors print to `stderr` with a hint and return 2; other errors print and return 1.
    public func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        do {
            return try dispatch(arguments, environment: environment)
        } catch let error as UsageError {
            Self.printError("\(name): \(error.message)")
            return 2
        } catch {
            Self.printError("\(name): error: \(error)")
            return 1
        }
    }

    func dispatch(_ arguments: [String], environment: [String: String]) throws -> Int32 {
        if arguments.isEmpty || arguments == ["--help"] || arguments == ["-h"] || arguments == ["help"] {
            print(toolHelp())
            return 0
        }
        if arguments == ["--version"] || arguments == ["version"] {
            print(versionText())
            return 0
        }
        // The longest command path that prefixes the arguments.
        let words = Array(arguments.prefix { !$0.hasPrefix("-") })
        let match = commands
            .filter { $0.path.count <= words.count && Array(words.prefix($0.path.count)) == $0.path }
            .max { $0.path.count < $1.path.count }
        guard let command = match else {
            let group = commands.filter { $0.path.first == words.first }
            if !group.isEmpty, let first = words.first {
                if arguments.contains("--help") || arguments.contains("-h") || words.count == 1 && arguments.count == 1 {
                    print(groupHelp(first, group))
                    return words.count == 1 && !(arguments.contains("--help") || arguments.contains("-h")) ? 2 : 0
                }
                throw UsageError("unknown command '\(words.joined(separator: " "))'; try '\(name) \(first) --help'")
            }
            throw UsageError("unknown command '\(words.first ?? arguments[0])'; try '\(name) --help'")
        }
        let rest = Array(arguments.dropFirst(command.path.count))
        if rest.contains("--help") || rest.contains("-h") {
            print(help(for: command))
            return 0
        }
        let options = try parse(rest, for: command, environment: environment)
        return try command.run(options)
    }

    func parse(_ args: [String], for command: CommandSpec, environment: [String: String]) throws -> ParsedOptions {
        let specs = Dictionary(uniqueKeysWithValues: command.options.map { ($0.name, $0) })
        var values: [String: [String]] = [:]
        var flags = Set<String>()
        var positional: [String] = []
        var i = 0
        while i < args.count {
            let arg = args[i]
            i += 1
            if arg == "--" {
                positional.append(contentsOf: args[i...])
                break
            }
            guard arg.hasPrefix("--") else {
                positional.append(arg)
                continue
            }
            var name = arg
            var inline: String?
            if let eq = arg.firstIndex(of: "=") {
                name = String(arg[..<eq])
                inline = String(arg[arg.index(after: eq)...])
            }
            guard let spec = specs[name] else {
                throw UsageError("unknown option \(name) for '\(command.path.joined(separator: " "))'; "
                    + "try '\(self.name) \(command.path.joined(separator: " ")) --help'")
            }
            if spec.valueName == nil {
                if inline != nil { throw UsageError("\(name) takes no value") }
                flags.insert(name)
                continue
            }
            let value: String
            if let inline {
                value = inline
            } else {
                guard i < args.count else { throw UsageError("\(name) needs a value (\(spec.valueName!))") }
                value = args[i]
                i += 1
            }
            if values[name] != nil && !spec.repeatable {
                throw UsageError("\(name) given more than once")
            }
            values[name, default: []].append(value)
        }
        if positional.count > command.positionals.count {
            let extra = positional[command.positionals.count]
            throw UsageError("unexpected argument '\(extra)' for '\(command.path.joined(separator: " "))'")
        }
        for spec in command.options where spec.valueName != nil && values[spec.name] == nil {
            if let env = spec.environment, let v = environment[env], !v.isEmpty {
                values[spec.name] = [v]
            } else if let d = spec.defaultValue {
                values[spec.name] = [d]
            }
        }
        return ParsedOptions(values: values, flags: flags, positional: positional)
    }

    /// The help of the tool: the command list.
    public func toolHelp() -> String {
        var out = "\(name): \(summary)\n\nUsage: \(name) <command> [options]\n\nCommands:\n"
        let width = commands.map { $0.path.joined(separator: " ").count }.max() ?? 0
        for c in commands {
            let p = c.path.joined(separator: " ")
            out += "  \(p.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(c.summary)\n"
        }
        out += "\nGlobal: --help on any command, --version.\n"
        out += "Exit codes: 0 success, 1 runtime failure, 2 bad usage or bad input."
        return out
    }

    func groupHelp(_ word: String, _ group: [CommandSpec]) -> String {
        var out = "Usage: \(name) \(word) <command> [options]\n\nCommands:\n"
        let width = group.map { $0.path.joined(separator: " ").count }.max() ?? 0
        for c in group {
            let p = c.path.joined(separator: " ")
            out += "  \(p.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(c.summary)\n"
        }
        return out
    }

    /// The help of one command.
    public func help(for command: CommandSpec) -> String {
        let path = command.path.joined(separator: " ")
        var usage = "\(name) \(path)"
        if !command.options.isEmpty { usage += " [options]" }
        for p in command.positionals { usage += " [\(p)]" }
        var out = "\(command.summary)\n\nUsage: \(usage)\n"
        if !command.discussion.isEmpty { out += "\n\(command.discussion)\n" }
        if !command.options.isEmpty {
            out += "\nOptions:\n"
            let labels = command.options.map { o in o.valueName.map { "\(o.name) \($0)" } ?? o.name }
            let width = labels.map(\.count).max() ?? 0
            for (o, label) in zip(command.options, labels) {
                var line = "  \(label.padding(toLength: width + 2, withPad: " ", startingAt: 0))\(o.help)"
                var notes: [String] = []
                if let env = o.environment { notes.append("env \(env)") }
                if let d = o.defaultValue { notes.append("default \(d)") }
                if o.repeatable { notes.append("repeatable") }
                if !notes.isEmpty { line += " (\(notes.joined(separator: ", ")))" }
                out += line + "\n"
            }
        }
        out += "  --help  show this help\n"
        return out
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
