import Foundation

/// What a run of the built `tenantsync` printed, and how it exited.
public struct ToolOutput: Sendable {
    /// The exit status.
    public var status: Int32
    /// Standard output.
    public var stdout: String
    /// Standard error.
    public var stderr: String
}

/// Runs the built `tenantsync` (the one next to the test bundle) to completion and returns what it printed.
/// Standard error is read on a thread of its own while standard output is read here, so neither pipe can fill up
/// and stall the program.
public func runTenantsync(_ arguments: [String]) throws -> ToolOutput {
    let process = Process()
    process.executableURL = ProjectPaths.tenantsyncExecutable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let errorText = ErrorText()
    let reader = Thread { errorText.set(err.fileHandleForReading.readDataToEndOfFile()) }
    reader.start()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ToolOutput(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: errorText.wait(), as: UTF8.self))
}

/// Standard error as the reader thread hands it over.
private final class ErrorText: @unchecked Sendable {  // `data` is guarded by `done`.
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    func set(_ value: Data) {
        data = value
        done.signal()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
