import Foundation
import Testing
@testable import EventLog
@testable import PostgresStore

extension PostgresErrorTests {
    /// SQLSTATE 28000 (a NOLOGIN role here; a role that does not exist on a server that trusts the host) is not a
    /// refused password (28P01): the message gives the server's reason, and still never the password.
    @Test func aRoleTheServerDoesNotLetInIsNotCalledAWrongPassword() throws {
        let admin = try StoreFixture.adminURL()
        let session = try PostgresSession(url: admin)
        defer { session.close() }
        let role = "ws_nologin_" + UUID().uuidString.prefix(8).lowercased()
        try session.query("CREATE ROLE \(role) NOLOGIN PASSWORD '\(secret)'")
        defer { _ = try? session.query("DROP ROLE \(role)") }
        var url = admin
        url.user = role
        url.password = secret
        #expect { try PostgresEventStore(url: url) } throws: { error in
            let message = "\(error)"
            return message.contains("does not let user '\(role)' in") && message.contains("not permitted to log in")
                && !message.contains("refused the password") && !message.contains(secret)
        }
    }
}
