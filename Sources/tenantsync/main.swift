import Foundation
import Support

// tenantsync: one executable, git-style subcommands. Each command lives in Commands/, one file per command group.
let tool = CommandLineTool(
    name: "tenantsync",
    summary: "cross-tenant identity synchronization over Kafka",
    version: versionText,
    commands: allCommands
)
exit(tool.run(Array(CommandLine.arguments.dropFirst())))
