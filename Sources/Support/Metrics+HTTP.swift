extension Metrics {
    /// A handler for `GET /metrics` that renders the registry in the Prometheus text format.
    ///
    /// ```swift
    /// let server = try HTTPServer(port: 9100, routes: ["/metrics": metrics.handler, "/healthz": ...])
    /// ```
    public var handler: HTTPServer.Handler {
        { _ in HTTPServer.Response(status: 200, contentType: Metrics.contentType, text: self.render()) }
    }
}
