import Foundation
import Testing

/// The listings and `show` of the shared PostgreSQL log answer byte for byte as SQLite's do, on one
/// plan from the bench generator imported into both (its work in every state: held, blocked,
/// waiting, completed, with devlogs and leases), now and as of a point in the log.
@Suite struct PostgresListingConformanceTests {
    @Test func listingsAndShowAnswerAsSQLiteDoesOnAGeneratedPlan() throws {
        let sqlite = try Sandbox()
        try sqlite.ws("init").check()
        let plan = try sqlite.benchPlan(workstreams: 300, events: 6000)
        try sqlite.ws("import", plan).check()
        let postgres = try Sandbox()
        postgres.environment["WS_STORE"] = try TestPostgres.freshDatabase()
        try postgres.ws("init").check()
        try postgres.ws("import", plan).check()

        // The clock both answer and act at: the same events, leases judged stale alike.
        let now = ["WS_NOW": "2026-12-05T12:00:00.000Z"]
        // The generator blocks nothing: one ready workstream blocked, one started, one completed, in both.
        let readyText = try sqlite.ws(["ready", "--json"], env: now).check().stdout
        let ready = try #require(try json(readyText) as? [[String: Any]])
        let readyIds = ready.compactMap { $0["id"] as? String }
        try #require(readyIds.count >= 3)
        for s in [sqlite, postgres] {
            try s.ws(["block", readyIds[0], "--reason", "waiting on the vendor"], env: now).check()
            try s.ws(["start", readyIds[1], "--agent", "zed"], env: now).check()
            try s.ws(["start", readyIds[2], "--agent", "zed"], env: now).check()
            try s.ws(["complete", readyIds[2], "--agent", "zed", "--force", "--reason", "done elsewhere"], env: now)
                .check()
        }
        func expectSame(_ args: String...) throws {
            let a = try sqlite.ws(args, env: now), b = try postgres.ws(args, env: now)
            #expect(a.code == 0 && !a.stdout.isEmpty, "\(args): \(a.stderr)")
            #expect(b.stdout == a.stdout, "\(args)")
            #expect(b.code == a.code, "\(args): \(b.stderr)")
        }
        for listing in ["ready", "blocked", "status"] {
            try expectSame(listing)
            try expectSame(listing, "--json")
        }
        let statusText = try sqlite.ws(["status", "--json"], env: now).check().stdout
        let status = try #require(try json(statusText) as? [[String: Any]])
        let statuses = Set(status.compactMap { $0["status"] as? String })
        // A plan in one state would prove little.
        #expect(statuses.isSuperset(of: ["ready", "planned", "in_progress", "blocked", "completed"]), "\(statuses)")
        let ids = status.compactMap { $0["id"] as? String }
        // As of a point late enough that every workstream is declared, before the work of the last ones.
        let history = try #require(try json(try sqlite.ws("history", "--json").check().stdout) as? [[String: Any]])
        let past = String(history.count - 300)
        for id in stride(from: 0, to: ids.count, by: 15).map({ ids[$0] }) {
            try expectSame("show", id)
            try expectSame("show", id, "--json")
            try expectSame("show", id, "--at", past)
        }
        try expectSame("status", "--at", past, "--json")
        try expectSame("history", ids[ids.count / 2], "--json")
    }
}
