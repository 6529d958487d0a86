import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Loopback helpers for starting local servers (tests, benchmarks).
public enum Network {
    /// A TCP port on 127.0.0.1 that was free a moment ago, chosen below the kernel's ephemeral range.
    ///
    /// Ports are drawn from 20000..<32768, which the kernel never hands out for `bind(port 0)` or outgoing
    /// connections (Linux's ephemeral range starts at 32768). Servers started here therefore cannot take a port
    /// that an in-process listener (librdkafka's mock brokers, which listen on ephemeral ports and re-bind the same
    /// port when a test sets a broker down and up) or a client socket is about to use. Tests run in parallel, so
    /// the draw is random; a port that cannot be bound now is skipped.
    public static func freeLoopbackPort() throws -> Int {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let port = Int.random(in: 20_000..<32_768, using: &rng)
            if try canBind(port: port) { return port }
        }
        throw ChildProcessError("no free loopback port found in 20000..<32768 after 200 tries")
    }

    /// Whether 127.0.0.1:`port` can be bound now.
    static func canBind(port: Int) throws -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ChildProcessError("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let len = socklen_t(MemoryLayout<sockaddr_in>.size)
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) }
        } == 0
    }

    /// Whether a TCP connection to 127.0.0.1:`port` succeeds now.
    public static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        } == 0
    }
}
