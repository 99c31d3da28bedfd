import EventLog
import Foundation
import PostgresStore
import WorkstreamKit

/// One process of the load test: appends `count` devlog entries to `stream`,
/// each its own transaction through the same ledger path as `ws log` (decide,
/// append with the expected version, read models), against either store.
///
///     ws-loadgen <sqlite-path | postgres://…> <stream> <count>
///
/// Prints `acked <n> <seconds>` when done; any error goes to stderr with exit 1.
@main
struct Entrypoint {
    static func main() {
        let args = CommandLine.arguments
        guard args.count == 4, let count = Int(args[3]), count > 0 else {
            FileHandle.standardError.write(Data("usage: ws-loadgen <sqlite-path | postgres://…> <stream> <count>\n".utf8))
            exit(64)
        }
        do {
            let ledger = try open(args[1])
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let start = Date()
            for n in 1...count {
                _ = try ledger.execute(.log(id: args[2], message: "load entry \(n)", kind: .note, hours: nil),
                                       actor: "load-\(args[2])", time: formatter.string(from: Date()))
            }
            print("acked \(count) \(Date().timeIntervalSince(start))")
        } catch {
            FileHandle.standardError.write(Data("ws-loadgen: \(error)\n".utf8))
            exit(1)
        }
    }

    static func open(_ store: String) throws -> any WorkspaceLedger {
        if PostgresURL.isPostgres(store) {
            return PostgresLedger(store: try PostgresEventStore(url: try PostgresURL(parsing: store)), clone: "ws-loadgen")
        }
        return Ledger(store: try SQLiteEventStore(path: store))
    }
}
