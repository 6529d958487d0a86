import Testing
@testable import Support
#if canImport(Glibc)
import Glibc
#endif

@Suite struct HTTPServerTests {
    /// Sends `request` over a real TCP connection and returns everything the server writes before closing.
    private func exchange(port: Int, _ request: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        try #require(fd >= 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let bytes = Array(request.utf8)
        _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        // Half-close, so a server waiting for the rest of a truncated head sees the end at once.
        shutdown(fd, Int32(SHUT_WR))
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n <= 0 { break }
            response.append(contentsOf: chunk[..<n])
        }
        return String(decoding: response, as: UTF8.self)
    }

    private func makeServer() throws -> HTTPServer {
        try HTTPServer(host: "127.0.0.1", port: 0, routes: [
            "/healthz": { _ in HTTPServer.Response(text: "ok\n") },
            "/echo": { request in HTTPServer.Response(contentType: "text/plain", text: "query=\(request.query)") },
        ])
    }

    @Test func servesARouteWithContentLengthAndClosesTheConnection() throws {
        let server = try makeServer()
        defer { server.stop() }
        #expect(server.port > 0)
        let response = try exchange(port: server.port, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(response == "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 3\r\n"
            + "Connection: close\r\n\r\nok\n")
        let echo = try exchange(port: server.port, "GET /echo?a=1&b=2 HTTP/1.0\r\n\r\n")
        #expect(echo.hasSuffix("\r\n\r\nquery=a=1&b=2"))
    }

    @Test func answers404ForUnknownPaths405ForOtherMethodsAnd400ForGarbage() throws {
        let server = try makeServer()
        defer { server.stop() }
        #expect(try exchange(port: server.port, "GET /nope HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 404 Not Found\r\n"))
        let post = try exchange(port: server.port, "POST /healthz HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        #expect(post.hasPrefix("HTTP/1.1 405 Method Not Allowed\r\n"))
        #expect(post.contains("\r\nAllow: GET\r\n"))
        #expect(try exchange(port: server.port, "hello\r\n\r\n").hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(try exchange(port: server.port, "GET /healthz SPDY/9\r\n\r\n").hasPrefix("HTTP/1.1 400 "))
        // A client that sends half a head and hangs up gets a 400 too, and the server keeps serving.
        _ = try exchange(port: server.port, "GET /heal")
        #expect(try exchange(port: server.port, "GET /healthz HTTP/1.1\r\n\r\n").hasPrefix("HTTP/1.1 200 OK\r\n"))
    }

    @Test func stopJoinsAndFreesThePort() throws {
        let server = try makeServer()
        let port = server.port
        server.stop()
        server.stop()
        #expect(!Network.canConnect(port: port))
        // The port can be bound again at once.
        let again = try HTTPServer(port: port, routes: [:])
        #expect(again.port == port)
        again.stop()
    }

    @Test func reportsAnAddressInUseAsAnErrorWithItsErrno() throws {
        let server = try makeServer()
        defer { server.stop() }
        #expect {
            try HTTPServer(port: server.port, routes: [:])
        } throws: { error in
            (error as? HTTPServerError)?.errno == EADDRINUSE
        }
        #expect(throws: HTTPServerError.self) { try HTTPServer(host: "not-an-address", routes: [:]) }
    }

    @Test func servesTheMetricsRegistryInThePrometheusFormat() throws {
        let metrics = Metrics()
        metrics.counter("requests_total", help: "Requests.").labels().increment(by: 3)
        let server = try HTTPServer(routes: ["/metrics": metrics.handler])
        defer { server.stop() }
        let response = try exchange(port: server.port, "GET /metrics HTTP/1.1\r\n\r\n")
        #expect(response.hasPrefix("HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4; charset=utf-8\r\n"))
        #expect(response.hasSuffix("\r\n\r\n# HELP requests_total Requests.\n# TYPE requests_total counter\nrequests_total 3\n"))
    }
}
