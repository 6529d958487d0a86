import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Why an ``HTTPServer`` could not start.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the address.
    public var message: String
    /// The system error number, when a system call failed (e.g. `EADDRINUSE`).
    public var errno: Int32?

    /// An error with a message and an optional system error number.
    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    /// The message, with the system's description of `errno` when there is one.
    public var description: String {
        guard let errno else { return message }
        return "\(message): \(String(cString: strerror(errno)))"
    }
}
