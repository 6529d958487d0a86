import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server for `/metrics` and `/healthz`: GET only, one connection at a time, closed after each
/// response.
///
/// It runs on one plain thread (not the cooperative pool) that waits in `poll(2)` on the listening socket and on a
/// wake-up pipe, so ``stop()`` returns promptly and joins the thread. Requests are read up to 16 KiB of headers with
/// a 2-second receive timeout, so a slow or silent client cannot hold the server for long. Handlers run on the
/// server thread, one at a time.
///
/// Thread-safe: the handlers are `@Sendable`, and the state that ``stop()`` changes is behind a `Mutex`.
///
/// - Important: call ``stop()``: the server thread keeps the server alive until then.
public final class HTTPServer: Sendable {
    /// A request as a handler sees it.
    public struct Request: Sendable {
        /// `GET`.
        public var method: String
        /// The path without the query, e.g. `/metrics`.
        public var path: String
        /// The query after `?`, without it; empty when absent.
        public var query: String
    }

    /// What a handler returns.
    public struct Response: Sendable {
        /// The status code, e.g. 200.
        public var status: Int
        /// The `Content-Type` header.
        public var contentType: String
        /// The body.
        public var body: [UInt8]

        /// A response with a byte body.
        public init(status: Int = 200, contentType: String = "application/octet-stream", body: [UInt8]) {
            self.status = status
            self.contentType = contentType
            self.body = body
        }

        /// A response with a text body, UTF-8 encoded.
        public init(status: Int = 200, contentType: String = "text/plain; charset=utf-8", text: String) {
            self.init(status: status, contentType: contentType, body: Array(text.utf8))
        }
    }

    /// Answers a GET request for one path.
    public typealias Handler = @Sendable (Request) -> Response

    /// The port the server listens on: the one asked for, or the one the system picked for port 0.
    public let port: Int
    /// The address the server listens on.
    public let host: String

    private let listener: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let routes: [String: Handler]
    private let state = Mutex<State>(State())

    private struct State {
        var thread: pthread_t?
        var closed = false
    }

    /// Binds to `host:port`, listens, and starts serving on a new thread.
    ///
    /// - Parameters:
    ///   - host: a numeric IPv4 address (`127.0.0.1`, `0.0.0.0`) or `localhost`.
    ///   - port: the TCP port; 0 lets the system pick a free one (read it back from ``port``).
    ///   - routes: a handler per exact path, e.g. `["/metrics": ..., "/healthz": ...]`.
    /// - Throws: ``HTTPServerError`` when the address is invalid or cannot be bound (for example, in use).
    public init(host: String = "127.0.0.1", port: Int = 0, routes: [String: Handler]) throws(HTTPServerError) {
        self.host = host
        self.routes = routes
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        guard (0...65535).contains(port) else {
            throw HTTPServerError("cannot listen on \(host):\(port): the port must be in 0...65535")
        }
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let numericHost = host == "localhost" ? "127.0.0.1" : host
        guard inet_pton(AF_INET, numericHost, &address.sin_addr) == 1 else {
            throw HTTPServerError("cannot listen on \(host):\(port): not a numeric IPv4 address or localhost")
        }

        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HTTPServerError("cannot listen on \(host):\(port): socket()", errno: errno) }
        var reuse: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &reuse, socklen_t(MemoryLayout<Int32>.size))
        let length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            let error = errno
            close(fd)
            throw HTTPServerError("cannot listen on \(host):\(port)", errno: error)
        }
        var actual = sockaddr_in()
        var actualLength = length
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &actualLength) }
        }
        self.port = Int(UInt16(bigEndian: actual.sin_port))

        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            let error = errno
            close(fd)
            throw HTTPServerError("cannot create the server's wake-up pipe", errno: error)
        }
        listener = fd
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]

        // The thread holds a retained reference until it ends; stop() joins it, so the server outlives its thread.
        let context = Unmanaged.passRetained(self).toOpaque()
        var tid = pthread_t()
        let rc = pthread_create(&tid, nil, { context in
            let server = Unmanaged<HTTPServer>.fromOpaque(context!).takeRetainedValue()
            server.serve()
            return nil
        }, context)
        guard rc == 0 else {
            // Every property is set, so deinit runs and closes the descriptors.
            Unmanaged<HTTPServer>.fromOpaque(context).release()
            throw HTTPServerError("cannot start the server thread", errno: rc)
        }
        state.withLock { $0.thread = tid }
    }

    deinit {
        // The thread's reference kept the server alive until stop() joined it, or the thread never started.
        closeDescriptors()
    }

    /// Stops accepting, finishes the request in progress, joins the server thread and closes the listening socket,
    /// so the port is free when it returns. Idempotent.
    public func stop() {
        let tid = state.withLock { state -> pthread_t? in
            defer { state.thread = nil }
            return state.thread
        }
        if let tid {
            var byte: UInt8 = 1
            _ = write(wakeWrite, &byte, 1)
            pthread_join(tid, nil)
        }
        closeDescriptors()
    }

    private func closeDescriptors() {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        close(listener)
        close(wakeRead)
        close(wakeWrite)
    }

    // MARK: - The server thread

    private func serve() {
        while true {
            var fds = [pollfd(fd: listener, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return
            }
            if fds[1].revents != 0 { return }
            guard fds[0].revents & Int16(POLLIN) != 0 else { continue }
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { continue }
            handle(connection)
            close(connection)
        }
    }

    private func handle(_ connection: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let head = readHead(connection) else {
            send(connection, Response(status: 400, text: "bad request: the request head is incomplete or too large\n"))
            return
        }
        send(connection, respond(to: head))
    }

    /// The bytes up to and including the blank line that ends the headers, or nil when the client stops or
    /// sends more than the limit first.
    private func readHead(_ connection: Int32) -> [UInt8]? {
        let limit = 16 * 1024
        var head: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while head.count < limit {
            let n = chunk.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
            if n <= 0 { return nil }
            head.append(contentsOf: chunk[..<n])
            if let end = Self.headEnd(head) { return Array(head[..<end]) }
        }
        return nil
    }

    private static func headEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for i in 0...(bytes.count - 4)
        where bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
            return i + 4
        }
        return nil
    }

    /// Routes a request head: 400 for a malformed request line, 405 for methods other than GET, 404 for unknown
    /// paths.
    func respond(to head: [UInt8]) -> Response {
        let text = String(decoding: head, as: UTF8.self)
        guard let requestLine = text.split(separator: "\r\n", maxSplits: 1, omittingEmptySubsequences: false).first
        else {
            return Response(status: 400, text: "bad request: no request line\n")
        }
        let parts = requestLine.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy({ $0.isUppercase }),
              parts[1].hasPrefix("/"), parts[2] == "HTTP/1.1" || parts[2] == "HTTP/1.0"
        else {
            return Response(status: 400, text: "bad request: expected 'METHOD /path HTTP/1.1'\n")
        }
        guard parts[0] == "GET" else {
            return Response(status: 405, text: "method \(parts[0]) not allowed: only GET\n")
        }
        let target = parts[1]
        let path: Substring
        let query: Substring
        if let mark = target.firstIndex(of: "?") {
            path = target[..<mark]
            query = target[target.index(after: mark)...]
        } else {
            path = target
            query = ""
        }
        guard let handler = routes[String(path)] else {
            return Response(status: 404, text: "not found: \(path)\n")
        }
        return handler(Request(method: "GET", path: String(path), query: String(query)))
    }

    private func send(_ connection: Int32, _ response: Response) {
        var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
        head += "Content-Type: \(response.contentType)\r\n"
        head += "Content-Length: \(response.body.count)\r\n"
        if response.status == 405 { head += "Allow: GET\r\n" }
        head += "Connection: close\r\n\r\n"
        var bytes = Array(head.utf8)
        bytes.append(contentsOf: response.body)
        var sent = 0
        while sent < bytes.count {
            // MSG_NOSIGNAL: a client that hung up must not kill the process with SIGPIPE.
            let n = bytes.withUnsafeBytes { Glibc.send(connection, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            sent += n
        }
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 400: "Bad Request"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 500: "Internal Server Error"
        case 503: "Service Unavailable"
        default: "Status"
        }
    }
}
