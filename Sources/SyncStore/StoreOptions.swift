/// How a store waits and retries. The defaults suit a worker; tests shorten them.
public struct StoreOptions: Sendable {
    /// SQLite: how long a statement waits for another process's lock before `SQLITE_BUSY` (`busy_timeout`).
    /// Default 5 s.
    public var busyTimeout: Duration
    /// SQLite: how many times `BEGIN IMMEDIATE` is tried again (with backoff) after the busy timeout ran out.
    /// Default 5.
    public var busyRetries: Int
    /// PostgreSQL: how long to keep trying to (re)connect before `StoreError.unreachable`. Default 30 s.
    public var reconnectTimeout: Duration
    /// PostgreSQL: the first pause between connection attempts; it doubles up to `reconnectBackoffCap`.
    /// Default 50 ms.
    public var reconnectBackoff: Duration
    /// PostgreSQL: the longest pause between connection attempts. Default 2 s.
    public var reconnectBackoffCap: Duration
    /// A test hook that makes a batch fail part-way; nil in production.
    public var faults: StoreFaultInjector?

    /// Creates options; every parameter has the documented default.
    public init(busyTimeout: Duration = .seconds(5), busyRetries: Int = 5, reconnectTimeout: Duration = .seconds(30),
                reconnectBackoff: Duration = .milliseconds(50), reconnectBackoffCap: Duration = .seconds(2),
                faults: StoreFaultInjector? = nil) {
        self.busyTimeout = busyTimeout
        self.busyRetries = busyRetries
        self.reconnectTimeout = reconnectTimeout
        self.reconnectBackoff = reconnectBackoff
        self.reconnectBackoffCap = reconnectBackoffCap
        self.faults = faults
    }
}
