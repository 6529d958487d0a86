import Testing
@testable import Support

@Suite struct CommandLineToolTests {
    struct Recorded: Sendable { var options: ParsedOptions }

    func tool(_ sink: @escaping @Sendable (ParsedOptions) -> Void) -> CommandLineTool {
        CommandLineTool(name: "t", summary: "test", version: { "t 1" }, commands: [
            CommandSpec(["logs", "tail"], summary: "tail", options: [
                OptionSpec("--tenant", value: "ID", help: "tenant", env: "T_TENANT"),
                OptionSpec("--group", value: "G", help: "group", repeatable: true),
                OptionSpec("--limit", value: "N", help: "limit", default: "10"),
                .flag("--follow", help: "follow"),
            ]) { o in sink(o); return 0 },
        ])
    }

    @Test func parsesValuesFlagsRepeatsEnvironmentAndDefaults() throws {
        let box = Box()
        let code = tool { box.value = $0 }.run(["logs", "tail", "--group", "a", "--group=b", "--follow"],
                                                 environment: ["T_TENANT": "contoso"])
        #expect(code == 0)
        let o = try #require(box.value)
        #expect(o.strings("--group") == ["a", "b"])
        #expect(o.flag("--follow"))
        #expect(o.string("--tenant") == "contoso")
        #expect(try o.int("--limit") == 10)
    }

    @Test func unknownOptionAndMissingValueAreUsageErrors() {
        #expect(tool { _ in }.run(["logs", "tail", "--nope"], environment: [:]) == 2)
        #expect(tool { _ in }.run(["logs", "tail", "--tenant"], environment: [:]) == 2)
        #expect(tool { _ in }.run(["logs", "tail", "--limit", "1", "--limit", "2"], environment: [:]) == 2)
        #expect(tool { _ in }.run(["nothing"], environment: [:]) == 2)
    }

    @Test func integerOptionsNameTheOptionWhenBad() throws {
        let box = Box()
        _ = tool { box.value = $0 }.run(["logs", "tail", "--limit", "ten"], environment: [:])
        let o = try #require(box.value)
        #expect(throws: UsageError.self) { try o.int("--limit") }
        do { _ = try o.int("--limit") } catch let e as UsageError { #expect(e.message.contains("--limit")) }
    }

    @Test func helpListsOptionsWithEnvironmentAndDefaults() throws {
        let t = tool { _ in }
        let text = t.help(for: t.commands[0])
        #expect(text.contains("--tenant ID"))
        #expect(text.contains("env T_TENANT"))
        #expect(text.contains("default 10"))
        #expect(t.toolHelp().contains("logs tail"))
    }
}

final class Box: @unchecked Sendable {  // Written once by the command, read after run() returns.
    var value: ParsedOptions?
}
