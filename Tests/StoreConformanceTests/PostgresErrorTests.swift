import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore

/// Every way of pointing ws at the wrong PostgreSQL gives a message that says
/// what is wrong and what to do, and never shows the password.
@Suite struct PostgresErrorTests {
    let secret = "pw-never-shown-7731"

    @Test func malformedURLsAreRefusedNamingThePart() throws {
        let cases: [(String, String)] = [
            ("postgres://127.0.0.1/db", "no user"),
            ("postgres://ws:\(secret)@/db", "no host"),
            ("postgres://ws:\(secret)@127.0.0.1:5432", "no database"),
            ("postgres://ws:\(secret)@127.0.0.1:99999/db", "out of range"),
            ("postgres://ws:\(secret)@127.0.0.1/db?sslmode=verify-full", "not supported"),
            ("mysql://ws:\(secret)@127.0.0.1/db", "must start with postgres://"),
        ]
        for (text, reason) in cases {
            #expect { try PostgresURL(parsing: text) } throws: { error in
                let message = "\(error)"
                return message.contains(reason) && !message.contains(secret)
            }
        }
        let ok = try PostgresURL(parsing: "postgresql://ws:p%40ss@db.example:6543/ws_log?sslmode=disable")
        #expect(ok == PostgresURL(host: "db.example", port: 6543, user: "ws", password: "p@ss", database: "ws_log"))
        #expect(ok.redacted == "postgres://ws:***@db.example:6543/ws_log")
    }

    @Test func aRefusedConnectionSaysTheServerIsNotReachable() throws {
        // A port nobody listens on: bind one, note it, close it.
        let port = try freePort()
        let url = PostgresURL(host: "127.0.0.1", port: port, user: "ws", password: secret, database: "ws")
        #expect { try PostgresEventStore(url: url) } throws: { error in
            let message = "\(error)"
            return message.contains("cannot reach") && message.contains("connection refused") && !message.contains(secret)
        }
    }

    @Test func wrongCredentialsAreNamedAsSuch() throws {
        var url = try StoreFixture.adminURL()
        url.password = secret
        #expect(throws: PostgresStoreError.authenticationFailed(url.redacted, user: url.user)) { try PostgresEventStore(url: url) }
        #expect(!PostgresStoreError.authenticationFailed(url.redacted, user: url.user).description.contains(secret))
    }

    @Test func aMissingDatabaseSaysHowToCreateIt() throws {
        var url = try StoreFixture.adminURL()
        url.database = "ws_no_such_database"
        #expect(throws: PostgresStoreError.databaseMissing(url.redacted, database: "ws_no_such_database")) { try PostgresEventStore(url: url) }
    }

    @Test func anEmptyDatabaseIsNotALogUntilInit() throws {
        let url = try StoreFixture.freshDatabase()
        #expect(throws: EventStoreError.notInitialized(path: url.redacted)) { try PostgresEventStore(url: url) }
    }

    @Test func aDatabaseOfANewerSchemaIsRefusedUntouched() throws {
        let f = try StoreFixture(.postgres)
        _ = try f.store().append([note("e-1")], expecting: [:])
        try f.executeRaw("UPDATE ws_schema SET version = 99")
        let url = try #require(f.postgresURL)
        #expect(throws: EventStoreError.newerSchema(path: url.redacted, found: 99, supported: PostgresSchema.version)) {
            try PostgresEventStore(url: url)
        }
        #expect(EventStoreError.newerSchema(path: url.redacted, found: 99, supported: 1).description.contains("Upgrade ws"))
    }

    @Test func aDatabaseOfAnotherApplicationIsNotTakenOver() throws {
        let url = try StoreFixture.freshDatabase()
        let s = try PostgresSession(url: url)
        defer { s.close() }
        try s.query("CREATE TABLE events (id serial PRIMARY KEY, body text)")
        #expect { try PostgresEventStore(url: url, create: true) } throws: { error in
            guard case EventStoreError.notALog = error else { return false }
            return true
        }
        // Nothing of ws was created beside the foreign table.
        #expect(try s.query("SELECT to_regclass('ws_schema') IS NULL").first?.decode(Bool.self) == true)
    }

    func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
