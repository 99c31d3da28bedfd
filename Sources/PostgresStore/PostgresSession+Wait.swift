import Dispatch
import PostgresNIO

extension PostgresSession {
    /// How long a statement may stay pending once its connection is closed: PostgresNIO fails what it sent when
    /// the server goes away, but a statement queued as the connection died could stay pending forever (a writer
    /// of `PostgresCrashTests` waited 120 s and more after its server was killed, under load). A live connection
    /// is waited on without a limit: a lock wait behind a long import is legitimate.
    static let pendingAfterClose: DispatchTimeInterval = .seconds(3)

    /// The future's value, or `unreachable` once the connection has been closed for `pendingAfterClose`
    /// with the future still pending.
    func waitWhileConnected<T: Sendable>(_ future: EventLoopFuture<T>) throws -> T {
        let done = DispatchSemaphore(value: 0)
        future.whenComplete { _ in done.signal() }
        var closedAt: DispatchTime?
        while done.wait(timeout: .now() + .milliseconds(250)) == .timedOut {
            guard connectionIsClosed else {
                closedAt = nil
                continue
            }
            let since = closedAt ?? .now()
            closedAt = since
            if DispatchTime.now() > since + Self.pendingAfterClose {
                throw PostgresStoreError.unreachable(url.redacted, detail: "the connection closed")
            }
        }
        return try future.wait()
    }
}
