import EventLog
import Foundation
import PostgresStore
import WorkstreamKit

/// One process of the load test: appends `count` devlog entries to `stream`,
/// each its own transaction through the same ledger path as `ws log` (decide,
/// append with the expected version, read models), against either store.
///
///     WS_STORE=<sqlite-path | postgres://…> ws-loadgen <stream> <count>
///
/// The store comes from the environment, so a password never shows in a process list.
/// Prints `acked <n> <seconds>` when done; on an error, `acked <n> failed` (the appends that returned), the error
/// on stderr and exit 1.
@main
struct Entrypoint {
    static func main() {
        let args = CommandLine.arguments
        let store = ProcessInfo.processInfo.environment["WS_STORE"] ?? ""
        guard args.count == 3, let count = Int(args[2]), count > 0, !store.isEmpty else {
            FileHandle.standardError.write(Data("usage: WS_STORE=<sqlite-path | postgres://…> ws-loadgen <stream> <count>\n".utf8))
            exit(64)
        }
        // How many appends returned: printed also when one fails, so a crash test knows what was acknowledged.
        var acked = 0
        do {
            let ledger = try open(store)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let start = Date()
            for n in 1...count {
                _ = try ledger.execute(.log(id: args[1], message: "load entry \(n)", kind: .note, hours: nil),
                                       actor: "load-\(args[1])", time: formatter.string(from: Date()))
                acked = n
            }
            print("acked \(count) \(Date().timeIntervalSince(start))")
        } catch {
            print("acked \(acked) failed")
            FileHandle.standardError.write(Data("ws-loadgen: \(error)\n".utf8))
            exit(1)
        }
    }

    static func open(_ store: String) throws -> Ledger {
        if PostgresURL.isPostgres(store) {
            return Ledger(store: try PostgresEventStore(url: try PostgresURL(parsing: store)), clone: "ws-loadgen")
        }
        return Ledger(store: try SQLiteEventStore(path: store))
    }
}
